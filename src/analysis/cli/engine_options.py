"""Command-line options for corpus-scale runs: --engine, --jobs, --scheduler, --chunk-size,
--progress/--no-progress (shared by ``code`` and ``report``)."""

from __future__ import annotations

import argparse
import sys

from ..engine import ENGINES, resolve_jobs
from ..errors import AnalysisError
from ..io import count_articles

#: with ``--engine auto``, corpora of at least this many articles use worker processes
AUTO_PROCESSES_FROM = 40


def add_engine_arguments(parser) -> None:
    """Add the engine options to a command's parser."""
    g = parser.add_argument_group("corpus-scale options")
    g.add_argument("--engine", choices=("auto",) + ENGINES, default="auto",
                   help="how articles are coded: serial (one process), processes (every "
                        "core of this machine), dask (a Dask cluster: pip install "
                        "'.[dask]'); auto (default): processes for "
                        f"{AUTO_PROCESSES_FROM}+ articles or a corpus table, else serial")
    g.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="worker processes for --engine processes (default: every core)")
    g.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="Dask scheduler to run on, e.g. tcp://host:8786 (implies "
                        "--engine dask; default: a local Dask scheduler)")
    g.add_argument("--chunk-size", type=int, default=None, metavar="N",
                   help="articles per work unit (default: about four per worker, at most 64)")
    g.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar with articles/s on stderr (default: when "
                        "stderr is a terminal)")


def engine_kwargs(args) -> dict:
    """``engine``, ``n_jobs``, ``progress``, ``client`` and ``chunk_size`` from parsed args."""
    engine = getattr(args, "engine", "auto")
    scheduler = getattr(args, "scheduler", None)
    jobs = getattr(args, "jobs", None)
    chunk_size = getattr(args, "chunk_size", None)
    if jobs is not None:
        resolve_jobs(jobs)
    if chunk_size is not None and chunk_size < 1:
        raise AnalysisError(f"--chunk-size must be a positive number, not {chunk_size}")
    if scheduler:
        if engine not in ("auto", "dask"):
            raise AnalysisError(f"--scheduler needs --engine dask, not --engine {engine}")
        engine = "dask"
    if engine == "auto":
        n = count_articles(args.paths)
        engine = "processes" if n is None or n >= AUTO_PROCESSES_FROM else "serial"
    progress = getattr(args, "progress", None)
    if progress is None:
        progress = bool(getattr(sys.stderr, "isatty", lambda: False)())
    return {"engine": engine, "n_jobs": jobs, "progress": progress, "client": scheduler,
            "chunk_size": chunk_size}
