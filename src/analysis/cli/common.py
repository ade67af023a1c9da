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


def add_codebook_argument(parser, help: str | None = None) -> None:
    """--codebook FILE (default: the packaged reference codebook)."""
    parser.add_argument("--codebook", default=None, metavar="FILE",
                        help=help or "codebook YAML file (default: the packaged reference "
                                     "codebook)")


def add_model_argument(parser, prefix: str = "") -> None:
    """--model: the learned coder combined with the rules (default: the packaged one)."""
    parser.add_argument("--model", default="default", metavar="MODEL",
                        help=prefix + "learned type coder combined with the rules (hybrid "
                             "coding): a model file from `analysis train`, or 'project' "
                             "(packaged, trained on the project's own coded articles); 'none' "
                             "for the rules alone. Default: 'project' with the packaged "
                             "codebook, the rules alone with your own --codebook")


def add_coding_arguments(parser, corrections: bool = True) -> None:
    """--codebook (and later --model), --corrections/--no-corrections (unless corrections=False)."""
    add_codebook_argument(parser)
    parser.add_argument("--actors", default=None, metavar="FILE",
                        help="actor dictionary (YAML or CSV) that extends or replaces the "
                             "packaged one (default: analysis/data/actors.yaml)")
    add_model_argument(parser)
    if corrections:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--corrections", default=None, metavar="FILE",
                           help="corrections store whose human codes are applied over the "
                                "automatic ones (default: data/processed/corrections.csv "
                                "when it exists)")
        group.add_argument("--no-corrections", action="store_true",
                           help="ignore every corrections store: automatic codes only")


def report_skip(exc: AnalysisError) -> None:
    print(f"skipped: {exc}", file=sys.stderr)


def default_model_note(codebook, model) -> None:
    """Say so on stderr when the default model is left out because of the codebook."""
    from ..model import DEFAULT_MODEL, resolve_model

    if model == DEFAULT_MODEL and codebook is not None and \
            resolve_model(DEFAULT_MODEL, codebook) is None:
        print("note: the packaged learned model was trained with the packaged codebook, not "
              f"{codebook}; coding with the rules alone (train a model for your codebook "
              "with `analysis train` and pass it with --model)", file=sys.stderr)


def coding_kwargs(args) -> dict:
    """Keyword arguments for :func:`analysis.pipeline.code_articles` from parsed args."""
    default_model_note(getattr(args, "codebook", None), getattr(args, "model", None))
    return {
        "codebook": getattr(args, "codebook", None),
        "model": getattr(args, "model", None),
        "actors": getattr(args, "actors", None),
        "skip_bad": args.skip_bad,
        "on_skip": report_skip,
        "text_column": args.text_column,
        "corrections": corrections_store(args),
    }


def corrections_store(args):
    """The corrections store the parsed args ask for: --corrections FILE, none with
    --no-corrections, else the default store if it exists (None otherwise)."""
    from ..corrections import default_store

    if getattr(args, "no_corrections", False):
        return None
    if getattr(args, "corrections", None):
        return args.corrections
    if not hasattr(args, "no_corrections"):
        return None
    store = default_store()
    if store is not None:
        print(f"applying the human corrections in {store} (--no-corrections to leave them out)",
              file=sys.stderr)
    return store
