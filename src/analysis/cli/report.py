"""``analysis report PATH... --out DIR``: statements, summary tables and figures."""

from __future__ import annotations

import sys
from pathlib import Path

from ..codebook import resolve_codebook
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
                        "corpora: per-article charts cost about 1 s of CPU per article)")
    add_engine_arguments(p)
    p.set_defaults(run=run)


def run(args) -> int:
    table = code_articles(args.paths, **coding_kwargs(args), **engine_kwargs(args))
    out = Path(args.out)
    figures = Path(args.figures) if args.figures else out / "figures"
    codebook = resolve_codebook(args.codebook)
    written = write_report(table, out, figures, codebook=codebook, per_article=args.per_article)
    print(f"wrote {len(table)} statements from {table['article_id'].nunique()} article(s); "
          f"{len(written)} files under {out} and {figures}", file=sys.stderr)
    return 0
