"""Arguments and helpers shared by several commands."""

from __future__ import annotations

import sys

from ..errors import AnalysisError


def add_input_arguments(parser) -> None:
    """PATH... plus --skip-bad and --text-column."""
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="article files (.txt, .md, .html), folders, glob patterns, or "
                             "corpus tables (.csv, .jsonl)")
    parser.add_argument("--skip-bad", action="store_true",
                        help="report and skip files that cannot be read (default: fail "
                             "before writing anything)")
    parser.add_argument("--text-column", default=None,
                        help="text column of corpus tables (default: text, body or content)")


def add_coding_arguments(parser) -> None:
    """--codebook (and later --model, --corrections)."""
    parser.add_argument("--codebook", default=None, metavar="FILE",
                        help="codebook YAML file (default: the packaged reference codebook)")


def report_skip(exc: AnalysisError) -> None:
    print(f"skipped: {exc}", file=sys.stderr)


def coding_kwargs(args) -> dict:
    """Keyword arguments for :func:`analysis.pipeline.code_articles` from parsed args."""
    return {
        "codebook": getattr(args, "codebook", None),
        "skip_bad": args.skip_bad,
        "on_skip": report_skip,
        "text_column": args.text_column,
    }
