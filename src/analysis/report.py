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
that.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

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

__all__ = ["ARTICLE_CHARTS", "CORPUS_CHARTS", "safe_name", "write_charts", "write_report"]

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


def safe_name(article_id: str) -> str:
    """A file-system-safe folder name for an article id (stable, readable)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", str(article_id)).strip("._")
    return name[:120] or "article"


def write_charts(table: pd.DataFrame, out_dir: str | Path, charts: dict | None = None, *,
                 types=None, codebook=None, formats: Sequence[str] = ("png", "svg", "pdf"),
                 dpi: int = 300) -> list[Path]:
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

    Returns
    -------
    list of Path
    """
    out_dir = Path(out_dir)
    charts = CORPUS_CHARTS if charts is None else charts
    written: list[Path] = []
    for name, (plot, tabulate) in charts.items():
        data = tabulate(table, types)
        index = data.index.name is not None
        written.append(write_table(data.reset_index() if index else data,
                                   out_dir / f"{name}.csv"))
        fig = plot(table, types, codebook=codebook)
        written += save_figure(fig, name, out_dir, formats=formats, dpi=dpi)
        fig.clear()
    return written


def write_report(table: pd.DataFrame, out_dir: str | Path, figures_dir: str | Path, *,
                 types=None, codebook=None, formats: Sequence[str] = ("png", "svg", "pdf"),
                 article_formats: Sequence[str] = ("png",), per_article: bool = True,
                 dpi: int = 300) -> list[Path]:
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

    Returns
    -------
    list of Path
        Every file written, in writing order.
    """
    out_dir = Path(out_dir)
    figures_dir = Path(figures_dir)
    if codebook is not None:
        from .codebook import resolve_codebook

        codebook = resolve_codebook(codebook)
        if types is None:
            types = codebook
    written = [write_table(table, out_dir / "statements.csv"),
               write_table(summarise(table, types=_names(types)),
                           out_dir / "summary_speaker_type.csv")]
    written += write_charts(table, figures_dir / "corpus", CORPUS_CHARTS, types=types,
                            codebook=codebook, formats=formats, dpi=dpi)
    if per_article and len(table) and "article_id" in table.columns:
        seen: dict[str, str] = {}
        for article_id, sub in table.groupby("article_id", sort=False):
            folder = safe_name(article_id)
            if folder in seen and seen[folder] != article_id:
                folder = f"{folder}-{len(seen)}"
            seen[folder] = article_id
            written += write_charts(sub, figures_dir / "articles" / folder, ARTICLE_CHARTS,
                                    types=types, codebook=codebook, formats=article_formats,
                                    dpi=dpi)
    return written


def _names(types):
    if types is None:
        return None
    from .plots import resolve_types

    return [t for t in resolve_types(None, types, focus=())]
