"""Command-line interface: ``python -m analysis COMMAND …`` (or the ``analysis`` script).

Each command lives in its own module of this package with two functions:
``register(subparsers)`` adds its parser and ``run(args) -> int`` carries it out.
Errors a user can cause are :class:`~analysis.errors.AnalysisError`; they are printed
as one line on stderr and the exit status is 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings

from ..errors import AnalysisError

__all__ = ["build_parser", "main"]

#: command modules, in the order ``--help`` lists them
COMMANDS = ["code", "report", "sheet", "codebook", "train", "evaluate", "reliability", "notebook"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="analysis",
        description="Code news articles into statements by speaker and type, and chart "
                    "assurance versus skepticism.")
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"analysis {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        module = importlib.import_module(f".{name}", __name__)
        module.register(sub)
    return parser


def _format_warning(message, category, filename, lineno, line=None):
    return f"warning: {message}\n"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    warnings.formatwarning = _format_warning
    try:
        return int(args.run(args) or 0)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
