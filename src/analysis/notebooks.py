"""Running the numbered notebooks, and the small helpers they call.

The notebooks in ``notebooks/`` (``NN-short-description.ipynb``) hold narrative and
calls only; this module finds them, executes them with papermill and new parameters
(:func:`run_notebook`, used by ``python -m analysis notebook``), and gives them the
path handling they need, so a notebook runs the same from any working directory:

* :func:`article_path` / :func:`articles_path` turn a ``None`` parameter into the
  project's default input (:func:`analysis.settings.raw_dir`);
* :func:`figures_folder` / :func:`tables_folder` turn ``out_dir`` into the folders
  where figures and tables go (``reports/figures`` and ``data/processed`` by default);
* :func:`export` saves a figure (PNG, SVG, PDF) and the table behind it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from . import settings
from .errors import AnalysisError, InputError
from .io import expand_paths, write_table

__all__ = [
    "KERNEL_NAME",
    "agreement",
    "article_path",
    "articles_path",
    "cue_summary",
    "export",
    "export_chart",
    "figures_folder",
    "find_notebook",
    "list_notebooks",
    "notebook_parameters",
    "run_notebook",
    "speaker_article_table",
    "tables_folder",
    "uncertain_statements",
]

#: kernel the notebooks run on. ``python3`` is the kernel ipykernel installs into every
#: environment; jupyter_client starts it with the Python running papermill, so executing
#: from a virtual environment uses that environment's packages.
KERNEL_NAME = "python3"


# --------------------------------------------------------------------------- finding


def list_notebooks(folder: str | Path | None = None) -> list[Path]:
    """The numbered notebooks (``NN-*.ipynb``) of the project, in order."""
    folder = Path(folder) if folder is not None else settings.notebooks_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb") if p.is_file())


def find_notebook(key: str | Path, folder: str | Path | None = None) -> Path:
    """A notebook by number (``"03"``, ``"3"``), name (``"03-assurance-vs-skepticism"``)
    or path.

    Raises
    ------
    AnalysisError
        If no notebook, or more than one, matches.
    """
    p = Path(str(key))
    if p.suffix == ".ipynb" and p.is_file():
        return p
    text = str(key).strip()
    if text.isdigit():
        text = f"{int(text):02d}"
    found = [nb for nb in list_notebooks(folder)
             if nb.stem == text or nb.stem.split("-", 1)[0] == text or nb.name == text]
    if len(found) == 1:
        return found[0]
    names = ", ".join(nb.stem for nb in list_notebooks(folder)) or "none found"
    where = Path(folder) if folder is not None else settings.notebooks_dir()
    if not found:
        raise AnalysisError(f"no notebook {key!r} (notebooks: {names})", where)
    raise AnalysisError(f"notebook {key!r} is ambiguous ({', '.join(f.stem for f in found)})",
                        where)


def notebook_parameters(notebook: str | Path) -> dict[str, dict]:
    """The parameters of a notebook's ``parameters``-tagged cell (name → info)."""
    import papermill

    return dict(papermill.inspect_notebook(str(find_notebook(notebook))))


# --------------------------------------------------------------------------- running


def run_notebook(notebook: str | Path, out_dir: str | Path,
                 parameters: dict | None = None, *, kernel_name: str = KERNEL_NAME,
                 timeout: int = 900, cwd: str | Path | None = None) -> Path:
    """Execute a notebook with papermill; write the executed copy into ``out_dir``.

    ``out_dir`` is also passed to the notebook as its ``out_dir`` parameter (when it has
    one), so its figures and tables land there too.

    Parameters
    ----------
    notebook : str or path
        Number, name or path (see :func:`find_notebook`).
    out_dir : path
        Folder for the executed notebook and everything it writes.
    parameters : dict, optional
        Values for the notebook's parameters (paths are turned into strings). Names the
        notebook does not declare are refused.
    kernel_name : str
        Jupyter kernel (default ``python3``: the current environment's ipykernel).
    timeout : int
        Seconds allowed per cell.
    cwd : path, optional
        Working directory of the kernel (default: the caller's, so relative paths in
        ``parameters`` mean what they mean here; the notebooks' defaults do not depend
        on it).

    Returns
    -------
    Path
        The executed notebook, ``out_dir/<notebook name>.ipynb``.

    Raises
    ------
    AnalysisError
        Unknown notebook or parameter, or a cell failed (the executed notebook, with the
        error in it, is still written).
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    nb = find_notebook(notebook)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    declared = dict(papermill.inspect_notebook(str(nb)))
    params = {k: (str(v) if isinstance(v, Path) else v) for k, v in (parameters or {}).items()}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise AnalysisError(f"notebook {nb.stem} has no parameter(s) {', '.join(unknown)} "
                            f"(parameters: {', '.join(declared) or 'none'})", nb)
    if "out_dir" in declared:
        params.setdefault("out_dir", str(out.resolve()))
    # prefer the environment's kernelspec over a user-level one (jupyter_core)
    os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
    target = out / nb.name
    fd, tmp = tempfile.mkstemp(prefix=f".{nb.stem}.", suffix=".ipynb", dir=out)
    os.close(fd)
    try:
        papermill.execute_notebook(str(nb), tmp, parameters=params, kernel_name=kernel_name,
                                   cwd=str(cwd if cwd is not None else Path.cwd()),
                                   progress_bar=False, log_output=False,
                                   execution_timeout=timeout)
    except PapermillExecutionError as exc:
        os.replace(tmp, target)
        raise AnalysisError(f"notebook {nb.stem} failed in cell {exc.exec_count}: "
                            f"{exc.ename}: {exc.evalue} (executed notebook with the error: "
                            f"{target})", nb) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    os.replace(tmp, target)
    return target


# --------------------------------------------------------------------------- paths


def article_path(article: str | Path | None = None) -> Path:
    """The article a notebook works on: ``article``, or the first file of ``data/raw``.

    Raises
    ------
    InputError
        If the file does not exist, or ``data/raw`` holds no article.
    """
    if article is None or str(article).strip() == "":
        files = expand_paths(settings.raw_dir())
        return files[0]
    p = Path(article).expanduser()
    if not p.exists():
        raise InputError("no such file", p)
    if p.is_dir():
        return expand_paths(p)[0]
    return p


def articles_path(articles: str | Path | Sequence | None = None):
    """The corpus a notebook works on: ``articles`` (folder, file, glob or list) or
    ``data/raw``."""
    if articles is None or (isinstance(articles, str) and not articles.strip()):
        return settings.raw_dir()
    return articles


def corrections_store(corrections: str | Path | bool | None = None) -> Path | None:
    """The corrections store a notebook applies.

    ``None`` → the project store (``data/processed/corrections.csv``) when it exists;
    ``False`` or ``"none"`` → no corrections; a path → that store.
    """
    from .corrections import default_store

    if corrections is None:
        return default_store()
    if corrections is False or str(corrections).lower() == "none":
        return None
    return Path(corrections)


def figures_folder(out_dir: str | Path | None = None, *parts: str) -> Path:
    """Where figures go: ``out_dir/figures/…`` or, without ``out_dir``, ``reports/figures/…``."""
    base = Path(out_dir) / "figures" if out_dir else settings.figures_dir()
    folder = base.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def tables_folder(out_dir: str | Path | None = None) -> Path:
    """Where tables go: ``out_dir`` or, without it, ``data/processed``."""
    folder = Path(out_dir) if out_dir else settings.processed_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def export(fig, name: str, folder: str | Path, data: pd.DataFrame | None = None,
           formats: Sequence[str] = ("png", "svg", "pdf"), dpi: int = 300) -> list[Path]:
    """Save ``fig`` as ``folder/name.<format>`` and, if given, ``data`` as ``name.csv``."""
    from .plots import save_figure

    paths = save_figure(fig, name, folder, formats=formats, dpi=dpi)
    if data is not None:
        index = data.index.name is not None
        paths.append(write_table(data.reset_index() if index else data,
                                 Path(folder) / f"{name}.csv"))
    return paths


def export_chart(name: str, table: pd.DataFrame, folder: str | Path, *,
                 scope: str = "article", codebook=None,
                 formats: Sequence[str] = ("png", "svg", "pdf"), dpi: int = 300):
    """Draw one report chart, save it with its table into ``folder``; return the figure.

    Parameters
    ----------
    name : str
        A chart of :data:`analysis.report.ARTICLE_CHARTS` (``scope="article"``) or
        :data:`analysis.report.CORPUS_CHARTS` (``scope="corpus"``).
    table : DataFrame
    folder : path
    codebook : codebook, path or None
        Its types are all shown; it is named in the source note.
    formats, dpi
        As in :func:`analysis.plots.save_figure`.
    """
    from .report import ARTICLE_CHARTS, CORPUS_CHARTS

    charts = {"article": ARTICLE_CHARTS, "corpus": CORPUS_CHARTS}.get(scope)
    if charts is None:
        raise AnalysisError(f"scope must be 'article' or 'corpus', not {scope!r}")
    if name not in charts:
        raise AnalysisError(f"no {scope} chart {name!r} (charts: {', '.join(charts)})")
    if codebook is not None:
        from .codebook import resolve_codebook

        codebook = resolve_codebook(codebook)
    plot, tabulate = charts[name]
    fig = plot(table, codebook, codebook=codebook)
    export(fig, name, folder, tabulate(table, codebook), formats=formats, dpi=dpi)
    return fig


# --------------------------------------------------------------------------- small views


def uncertain_statements(table: pd.DataFrame, threshold: float = 0.6,
                         columns: Sequence[str] = ("article_id", "statement_id", "speaker",
                                                   "type", "cue", "secondary_types",
                                                   "confidence", "text")) -> pd.DataFrame:
    """Statements worth a second look: low confidence, or several applicable types.

    Rows with ``confidence`` below ``threshold`` or a non-empty ``secondary_types``,
    least confident first.
    """
    conf = pd.to_numeric(table.get("confidence", pd.Series(index=table.index, dtype=float)),
                         errors="coerce")
    sec = table.get("secondary_types", pd.Series("", index=table.index)).fillna("").astype(str)
    mask = (conf < threshold) | (sec.str.strip() != "")
    out = table.loc[mask, [c for c in columns if c in table.columns]].copy()
    out["_c"] = conf[mask]
    out = out.sort_values(["_c"], kind="mergesort", na_position="last")
    return out.drop(columns="_c").reset_index(drop=True)


def cue_summary(table: pd.DataFrame) -> pd.DataFrame:
    """How often each cue triggered each type (``type``, ``cue``, ``statements``)."""
    if "cue" not in table.columns:
        return pd.DataFrame(columns=["type", "cue", "statements"])
    cues = table.assign(cue=table["cue"].fillna("").astype(str).str.lower().str.strip())
    cues = cues[cues["cue"] != ""]
    out = cues.groupby(["type", "cue"]).size().rename("statements").reset_index()
    return out.sort_values(["type", "statements", "cue"], ascending=[True, False, True],
                           kind="mergesort").reset_index(drop=True)


def speaker_article_table(table: pd.DataFrame, type_name: str = "skepticism",
                          top: int = 12) -> pd.DataFrame:
    """Statements of one type per speaker (rows) and article (columns, date order)."""
    from .plots import article_table

    order = list(article_table(table)["article_id"])
    sub = table[table["type"] == type_name]
    out = pd.crosstab(sub["speaker"], pd.Categorical(sub["article_id"], categories=order),
                      dropna=False)
    out = out.reindex(columns=order, fill_value=0)
    out.columns.name = None
    out.index.name = "speaker"
    out = out.loc[out.sum(axis=1).sort_values(ascending=False, kind="mergesort").index]
    return out.head(top)


def agreement(reference, table: pd.DataFrame, codebook=None):
    """Agreement of the automatic coding ``table`` with a hand coding ``reference``.

    Returns the :class:`analysis.evaluate.EvaluationReport` (print ``.to_text()``), or
    None when no reference is given.
    """
    if reference is None or (isinstance(reference, str) and not reference.strip()):
        return None
    from .evaluate import evaluate

    return evaluate(reference, table, codebook=codebook)
