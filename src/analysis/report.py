"""Writing the report: statements table, summary table, every chart and the data behind it.

Layout (all names are fixed, so re-running overwrites the same files)::

    OUT/statements.csv                  the statements table
    OUT/summary_speaker_type.csv        statements per speaker × type (zeros kept)
    FIGURES/corpus/<chart>.png|svg|pdf  the corpus charts, and <chart>.csv beside each
    FIGURES/articles/<article>/<chart>.png   per-article charts, <chart>.csv beside each

Corpus charts: ``speaker_types``, ``balance``, ``heatmap``, ``articles``, ``targets``.
Per-article charts: ``speaker_types``, ``balance``, ``flow``, ``heatmap``, ``targets``.
Each ``<chart>.csv`` holds exactly the numbers drawn, so the figure can be rebuilt in
another tool. Per-article charts are PNG only by default (SVG and PDF for every article
triple the run time for files that are rarely pasted); pass ``article_formats`` to change
that. A per-article chart with nothing to show (an article without assurance or
skepticism has no ``balance``, one without coded targets no ``targets``) is not drawn:
its CSV is still written, with the header only, and an image left by an earlier run is
removed (``skip_empty=False`` draws the placeholder instead).

Charts can be drawn in parallel with the engines that code the articles
(``engine="processes"`` or ``"dask"``, see :mod:`analysis.engine`): each task draws
one corpus chart or one article's charts and writes its files; the files are
byte-identical to those of the serial engine, whatever the number of workers.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path

import pandas as pd

from .errors import AnalysisError
from .io import write_table
from .pipeline import summarise
from .plots import (
    article_table,
    balance_table,
    flow_table,
    plot_articles,
    plot_balance,
    plot_flow,
    plot_heatmap,
    plot_speaker_types,
    plot_targets,
    save_figure,
    speaker_type_counts,
    target_table,
)

__all__ = ["ARTICLE_CHARTS", "CHART_COLUMNS", "CORPUS_CHARTS", "safe_name", "write_charts",
           "write_report"]

#: chart name → (plot function, table function) for the whole corpus
CORPUS_CHARTS = {
    "speaker_types": (plot_speaker_types,
                      lambda t, types: speaker_type_counts(t, types, max_speakers=20)),
    "balance": (plot_balance, lambda t, types: balance_table(t, max_speakers=20)),
    "heatmap": (plot_heatmap, lambda t, types: speaker_type_counts(t, types, max_speakers=25)),
    "articles": (plot_articles, lambda t, types: article_table(t)),
    "targets": (plot_targets, lambda t, types: target_table(t, types)),
}
#: chart name → (plot function, table function) for one article
ARTICLE_CHARTS = {
    "speaker_types": CORPUS_CHARTS["speaker_types"],
    "balance": CORPUS_CHARTS["balance"],
    "flow": (plot_flow, lambda t, types: flow_table(t)),
    "heatmap": CORPUS_CHARTS["heatmap"],
    "targets": CORPUS_CHARTS["targets"],
}


#: the statements-table columns the charts read (the rest is not sent to chart workers)
CHART_COLUMNS = ("article_id", "statement_id", "speaker", "type", "target", "date", "title",
                 "outlet", "coded_by")
#: above this many statements the corpus charts are drawn in the calling process, not sent
#: (with the whole table) to a worker
CORPUS_TO_WORKERS_MAX_ROWS = 50_000


def safe_name(article_id: str) -> str:
    """A file-system-safe folder name for an article id (stable, readable)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", str(article_id)).strip("._")
    return name[:120] or "article"


def write_charts(table: pd.DataFrame, out_dir: str | Path, charts: dict | None = None, *,
                 types=None, codebook=None, formats: Sequence[str] = ("png", "svg", "pdf"),
                 dpi: int = 300, skip_empty: bool = False) -> list[Path]:
    """Draw ``charts`` for ``table`` into ``out_dir``: each figure and its CSV.

    Parameters
    ----------
    table : DataFrame
        Statements table.
    out_dir : path
        Folder for ``<chart>.<format>`` and ``<chart>.csv``.
    charts : dict, optional
        Name → (plot function, table function); default :data:`CORPUS_CHARTS`.
    types, codebook
        Passed to the chart functions (custom codebook types; named in the source note).
    formats, dpi
        As in :func:`analysis.plots.save_figure`.
    skip_empty : bool
        Do not draw a chart whose table has no rows (only its CSV is written, and a
        figure of that name left in ``out_dir`` by an earlier run is removed).

    Returns
    -------
    list of Path
        The files written, in writing order.
    """
    out_dir = Path(out_dir)
    charts = CORPUS_CHARTS if charts is None else charts
    written: list[Path] = []
    for name, (plot, tabulate) in charts.items():
        data = tabulate(table, types)
        index = data.index.name is not None
        written.append(write_table(data.reset_index() if index else data,
                                   out_dir / f"{name}.csv"))
        if skip_empty and data.empty:
            for fmt in formats:
                (out_dir / f"{name}.{fmt.lower().lstrip('.')}").unlink(missing_ok=True)
            continue
        fig = plot(table, types, codebook=codebook)
        written += save_figure(fig, name, out_dir, formats=formats, dpi=dpi)
        fig.clear()  # frees the artists now (about 70 MB less at peak than leaving it to gc)
    return written


def write_report(table: pd.DataFrame, out_dir: str | Path, figures_dir: str | Path, *,
                 types=None, codebook=None, formats: Sequence[str] = ("png", "svg", "pdf"),
                 article_formats: Sequence[str] = ("png",), per_article: bool = True,
                 dpi: int = 300, skip_empty: bool = True, engine: str = "serial",
                 n_jobs: int | None = None, progress: bool = False, client=None,
                 chunk_size: int | None = None) -> list[Path]:
    """Write ``statements.csv``, ``summary_speaker_type.csv`` and every chart.

    Parameters
    ----------
    table : DataFrame
        The statements table (one or more articles).
    out_dir : path
        Folder for the two tables (``data/processed`` in ``make report``).
    figures_dir : path
        Folder for the charts (``reports/figures``): ``corpus/`` and ``articles/<id>/``.
    types : list of str or codebook, optional
        The codebook's types (default: those of ``codebook``, else the reference
        codebook's); all appear in the charts, with zero counts where not coded.
    codebook : codebook, path or None
        The codebook the table was coded with: named in each chart's source note.
    formats : sequence of str
        Formats of the corpus charts.
    article_formats : sequence of str
        Formats of the per-article charts (PNG only by default, for speed).
    per_article : bool
        Also draw the charts of each article.
    dpi : int
    skip_empty : bool
        Leave out per-article charts with nothing to show (their CSV is still written);
        False draws them as a placeholder saying why they are empty.
    engine : {"serial", "processes", "dask"}
        How the charts are drawn: in this process, or in parallel (one task per corpus
        chart and per article), as in :func:`analysis.engine.map_articles`. The files
        are the same, byte for byte. With a Dask cluster, ``figures_dir`` must be on a
        file system the workers share with this machine.
    n_jobs, client
        Worker processes, and the Dask client or scheduler address (see
        :func:`analysis.engine.map_articles`).
    progress : bool
        Show a progress bar over the chart tasks.
    chunk_size : int, optional
        Tasks sent to a worker at a time (default: a few; each task takes about a
        second, so small chunks balance the workers).

    Returns
    -------
    list of Path
        Every file written, in writing order (the same whatever the engine).

    Raises
    ------
    AnalysisError
        For a bad engine option, or when Dask workers wrote charts this machine cannot
        see.
    """
    from .engine import ENGINES, map_articles, resolve_jobs

    if engine not in ENGINES:  # checked before anything is written
        raise AnalysisError(f"unknown engine {engine!r} (expected one of: "
                            f"{', '.join(ENGINES)})")
    workers = 1 if engine == "serial" else resolve_jobs(n_jobs)
    out_dir = Path(out_dir)
    figures_dir = Path(figures_dir)
    if codebook is not None:
        from .codebook import resolve_codebook

        codebook = resolve_codebook(codebook)
        if types is None:
            types = codebook
    formats, article_formats = tuple(formats), tuple(article_formats)
    written = [write_table(table, out_dir / "statements.csv"),
               write_table(summarise(table, types=_names(types)),
                           out_dir / "summary_speaker_type.csv")]
    slim = table[[c for c in CHART_COLUMNS if c in table.columns]]
    articles = bool(per_article and len(table) and "article_id" in table.columns)
    n_articles = int(slim["article_id"].nunique()) if articles else 0
    corpus_here = engine == "serial" or len(table) > CORPUS_TO_WORKERS_MAX_ROWS
    draw = partial(_draw_task, root=os.path.abspath(figures_dir), types=types,
                   codebook=codebook, dpi=dpi)
    if corpus_here:
        for name in CORPUS_CHARTS:
            written += _paths(figures_dir,
                              draw(("corpus", "corpus", name, slim, formats, False)))
    n_tasks = (0 if corpus_here else len(CORPUS_CHARTS)) + n_articles
    if not n_tasks:
        return written
    if chunk_size is None:
        chunk_size = max(1, min(4, math.ceil(n_tasks / (16 * workers))))
    tasks = _tasks(slim, None if corpus_here else formats, article_formats,
                   articles, skip_empty)
    bar = "drawing charts" if progress else False
    for result in map_articles(draw, tasks, engine=engine, n_jobs=n_jobs, progress=bar,
                               client=client, chunk_size=chunk_size, total=n_tasks):
        written += _paths(figures_dir, result)
    if engine == "dask":
        missing = [p for p in written if not p.exists()]
        if missing:
            raise AnalysisError(f"{len(missing)} chart file(s) written by the Dask workers "
                                f"are not visible here (e.g. {missing[0]}): give a figures "
                                "folder on a file system the workers share", figures_dir)
    return written


def _tasks(slim: pd.DataFrame, corpus_formats, article_formats, per_article: bool,
           skip_empty: bool) -> Iterator[tuple]:
    """The chart tasks, in writing order: each corpus chart (when ``corpus_formats``),
    then each article's charts; made lazily (one article's rows at a time)."""
    if corpus_formats is not None:
        for name in CORPUS_CHARTS:
            yield ("corpus", "corpus", name, slim, corpus_formats, False)
    if not per_article:
        return
    seen: dict[str, str] = {}
    for article_id, sub in slim.groupby("article_id", sort=False):
        folder = safe_name(article_id)
        if folder in seen and seen[folder] != article_id:
            folder = f"{folder}-{len(seen)}"
        seen[folder] = article_id
        yield ("article", f"articles/{folder}", None, sub, article_formats, skip_empty)


def _draw_task(task: tuple, *, root: str, types, codebook, dpi: int) -> list[str]:
    """Draw one task's charts under ``root``; return the files, relative to ``root``.

    A task is ``(kind, folder, chart, table, formats, skip_empty)``: one corpus chart
    (``kind="corpus"``, ``chart`` its name) or every chart of one article
    (``kind="article"``, ``chart`` None). Module-level, so worker processes can run it.
    """
    kind, folder, chart, table, formats, skip_empty = task
    charts = CORPUS_CHARTS if kind == "corpus" else ARTICLE_CHARTS
    if chart is not None:
        charts = {chart: charts[chart]}
    paths = write_charts(table, Path(root) / folder, charts, types=types, codebook=codebook,
                         formats=formats, dpi=dpi, skip_empty=skip_empty)
    return [f"{folder}/{p.name}" for p in paths]


def _paths(figures_dir: Path, names: list[str]) -> list[Path]:
    return [figures_dir.joinpath(*name.split("/")) for name in names]


def _names(types):
    if types is None:
        return None
    from .plots import resolve_types

    return [t for t in resolve_types(None, types, focus=())]
