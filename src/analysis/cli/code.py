"""``analysis code PATH... --out FILE``: write the statements table."""

from __future__ import annotations

import sys

from ..io import check_output_path, write_table
from ..pipeline import code_articles
from .common import add_coding_arguments, add_input_arguments, coding_kwargs


def register(sub) -> None:
    p = sub.add_parser("code", help="code articles and write the statements table",
                       description="Split articles into statements, code speaker and type, "
                                   "and write the statements table (.csv, .parquet or .jsonl).")
    add_input_arguments(p)
    add_coding_arguments(p)
    p.add_argument("--out", required=True, metavar="FILE",
                   help="output table: .csv, .parquet or .jsonl")
    p.set_defaults(run=run)


def run(args) -> int:
    check_output_path(args.out)
    table = code_articles(args.paths, **coding_kwargs(args))
    path = write_table(table, args.out)
    print(f"wrote {len(table)} statements from {table['article_id'].nunique()} article(s) "
          f"to {path}", file=sys.stderr)
    return 0
