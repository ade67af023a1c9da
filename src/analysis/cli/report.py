"""``analysis report PATH... --out DIR``: statements, summary tables and figures."""

from __future__ import annotations

import sys
from pathlib import Path

from ..codebook import resolve_codebook
from ..engine import resolve_jobs
from ..pipeline import code_articles
from ..report import write_report
from .common import add_coding_arguments, add_input_arguments, coding_kwargs
from .engine_options import add_engine_arguments, engine_kwargs


def register(sub) -> None:
    p = sub.add_parser("report", help="code articles and write tables and figures",
                       description="Code articles, then write DIR/statements.csv, the "
                                   "per-speaker × type summary and the figures.")
    add_input_arguments(p)
    add_coding_arguments(p)
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the tables")
    p.add_argument("--figures", default=None, metavar="DIR",
                   help="folder for the figures (default: DIR/figures)")
    p.add_argument("--no-article-charts", dest="per_article", action="store_false",
                   help="draw only the corpus charts, not one set per article (for large "
                        "corpora: per-article charts cost about 1 s of CPU per article, "
                        "shared among the --jobs workers)")
    add_engine_arguments(p)
    p.set_defaults(run=run)


def run(args) -> int:
    engine = engine_kwargs(args)
    table = code_articles(args.paths, **coding_kwargs(args), **engine)
    out = Path(args.out)
    figures = Path(args.figures) if args.figures else out / "figures"
    codebook = resolve_codebook(args.codebook)
    written = write_report(table, out, figures, codebook=codebook, per_article=args.per_article,
                           **chart_engine(args, engine))
    print(f"wrote {len(table)} statements from {table['article_id'].nunique()} article(s); "
          f"{len(written)} files under {out} and {figures}", file=sys.stderr)
    return 0


def chart_engine(args, engine: dict) -> dict:
    """The engine options for drawing the charts: those of the coding step, except that
    ``--engine auto`` always uses worker processes when more than one is available
    (the five corpus charts and each article's charts take about a second each, a
    worker starts in a fraction of that); ``--chunk-size`` applies to the coding only."""
    opts = {k: engine[k] for k in ("engine", "n_jobs", "progress", "client")}
    if getattr(args, "engine", "auto") == "auto" and not getattr(args, "scheduler", None):
        opts["engine"] = "processes" if resolve_jobs(args.jobs) > 1 else "serial"
    return opts
