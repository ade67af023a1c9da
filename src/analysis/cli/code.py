"""``analysis code PATH... --out FILE``: write the statements table."""

from __future__ import annotations

import sys

from ..corpus import code_to_file
from ..io import check_output_path
from .common import add_coding_arguments, add_input_arguments, coding_kwargs
from .engine_options import add_engine_arguments, engine_kwargs


def register(sub) -> None:
    p = sub.add_parser("code", help="code articles and write the statements table",
                       description="Split articles into statements, code speaker and type, "
                                   "and write the statements table (.csv, .parquet or .jsonl).")
    add_input_arguments(p)
    add_coding_arguments(p)
    p.add_argument("--out", required=True, metavar="FILE",
                   help="output table: .csv, .parquet or .jsonl (Parquet is smaller and "
                        "faster to read back for large corpora)")
    add_engine_arguments(p)
    p.set_defaults(run=run)


def run(args) -> int:
    check_output_path(args.out)
    # streamed: each chunk of statements is appended as it is coded, never the whole
    # table in memory; the file appears only when every article is done
    done = code_to_file(args.paths, args.out, **coding_kwargs(args), **engine_kwargs(args))
    print(f"wrote {done.statements} statements from {done.articles} article(s) "
          f"to {done.path}", file=sys.stderr)
    return 0
