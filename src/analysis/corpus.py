"""Coding a whole corpus straight to a file: streaming, parallel, memory-flat.

:func:`code_to_file` reads the articles lazily, codes them on the chosen engine
(:mod:`analysis.engine`) and appends each finished chunk of statements to the output
table (CSV, Parquet or JSON Lines) as soon as it arrives, in input order. The whole
table is never held in memory, so a corpus of any size codes in roughly constant
memory. The output goes to a temporary file renamed over the target only at the end:
a failure half-way (a bad file, an interrupted run) leaves no partial table behind.

The file is byte-for-byte the one :func:`analysis.io.write_table` writes for the table
:func:`analysis.pipeline.code_articles` returns, whatever the engine, number of
workers or chunk size.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .actors import resolve_actors
from .codebook import resolve_codebook
from .corrections import apply_corrections, resolve_corrections
from .engine import iter_tables
from .io import TableWriter, check_output_path, count_articles, iter_articles
from .model import DEFAULT_MODEL, resolve_model
from .pipeline import ArticleCoder, empty_table

__all__ = ["CodingSummary", "code_to_file"]


@dataclass(frozen=True)
class CodingSummary:
    """What :func:`code_to_file` wrote.

    Attributes
    ----------
    path : pathlib.Path
        The table written.
    articles : int
        Articles coded (after any skipped ones).
    statements : int
        Rows of the table.
    """

    path: Path
    articles: int
    statements: int


def code_to_file(inputs, out, codebook=None, model=DEFAULT_MODEL, actors=None, *,
                 corrections=None,
                 skip_bad: bool = False, on_skip=None, text_column: str | None = None,
                 engine: str = "serial", n_jobs: int | None = None, progress: bool = False,
                 client=None, chunk_size: int | None = None) -> CodingSummary:
    """Code every article of ``inputs`` and write the statements table to ``out``.

    Parameters
    ----------
    inputs : path, folder, glob, corpus table, Article, or a list of these
    out : path
        ``.csv``, ``.parquet`` or ``.jsonl``. Written atomically: it appears (or is
        replaced) only when every article has been coded.
    codebook, model, actors, corrections, skip_bad, on_skip, text_column
        As for :func:`analysis.pipeline.code_articles` (loaded once, before any article
        is read; the corrections store is applied to each chunk as it arrives).
    engine : {"serial", "processes", "dask"}
    n_jobs : int or None
        Worker processes (None: every core).
    progress : bool
        Show a progress bar with articles per second.
    client : dask.distributed.Client, scheduler address or None
        For ``engine="dask"``.
    chunk_size : int or None
        Articles per work unit (default: about four units per worker, at most 64).

    Returns
    -------
    CodingSummary
        The path written and the numbers of articles and statements.

    Raises
    ------
    AnalysisError
        For an unsupported output type (before any work), a bad input file (unless
        ``skip_bad``), an unknown engine, or any error while coding; ``out`` is then
        left as it was.

    Examples
    --------
    >>> from analysis.corpus import code_to_file                     # doctest: +SKIP
    >>> code_to_file("archive/", "statements.parquet", engine="processes", progress=True)
    CodingSummary(path=PosixPath('statements.parquet'), articles=10000, statements=251311)
    """
    check_output_path(out)
    codebook = resolve_codebook(codebook)
    model = resolve_model(model, codebook)
    actors = resolve_actors(actors)
    store = resolve_corrections(corrections)
    articles = iter_articles(inputs, skip_bad=skip_bad, on_skip=on_skip, text_column=text_column)
    worker = ArticleCoder(codebook=codebook, model=model, actors=actors)
    chunks = iter_tables(worker, articles, engine=engine, n_jobs=n_jobs, progress=progress,
                         client=client, chunk_size=chunk_size,
                         total=count_articles(inputs) if progress or chunk_size is None
                         else None)
    n_articles = 0
    with TableWriter(out) as writer:
        try:
            for chunk in chunks:
                if len(chunk) == 0:
                    continue
                n_articles += chunk["article_id"].nunique()
                writer.write(apply_corrections(chunk, store) if store is not None else chunk)
        finally:
            chunks.close()
        if writer.rows == 0:
            empty = empty_table()
            writer.write(apply_corrections(empty, store) if store is not None else empty)
    return CodingSummary(path=writer.path, articles=n_articles, statements=writer.rows)
