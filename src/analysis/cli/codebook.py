"""``analysis codebook``: check, summarise, export a codebook; explain how sentences are coded."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import AnalysisError
from .common import add_codebook_argument


def register(sub) -> None:
    p = sub.add_parser(
        "codebook", help="check or export a codebook; show how the rules code a sentence",
        description="Load and validate a codebook (default: the packaged reference codebook) "
                    "and list its types in precedence order with their cue counts and its "
                    "fingerprint. --export writes a copy to edit; --explain codes sentences "
                    "with the rules and shows the cue that decided.")
    add_codebook_argument(p)
    p.add_argument("--export", default=None, metavar="FILE",
                   help="write a copy of the codebook file (comments kept) to FILE")
    p.add_argument("--force", action="store_true", help="with --export: overwrite FILE")
    p.add_argument("--explain", nargs="+", default=None, metavar="SENTENCE",
                   help="sentences to code with the rules")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..codebook import default_codebook_path, load_codebook
    from ..io import atomic_write

    cb = load_codebook(args.codebook)
    if args.export:
        out = Path(args.export)
        if out.exists() and not args.force:
            raise AnalysisError("file exists (use --force to overwrite)", out)
        src = Path(cb.path) if cb.path else default_codebook_path()
        with atomic_write(out, "wb", encoding=None) as fh:
            fh.write(src.read_bytes())
        print(f"wrote codebook {cb.name!r} to {out}", file=sys.stderr)
        return 0
    if args.explain:
        from ..coding import RuleCoder

        table = RuleCoder(cb).fit().explain(args.explain)
        for text, row in zip(args.explain, table.itertuples(index=False)):
            print(text)
            print(f"  type: {row.type}   cue: {row.cue or '-'}   secondary: "
                  f"{row.secondary_types or '-'}   hedges: {row.hedges or '-'}")
        return 0
    print(f"codebook {cb.name!r}  ({cb.path})")
    print(f"fingerprint {cb.fingerprint[:16]}…   default type: {cb.default_type}")
    print("types in precedence order:")
    for i, t in enumerate(cb.types, 1):
        c = t.cues
        print(f"  {i}. {t.name:<12} {t.label:<12} {len(c.phrases):3d} phrases "
              f"{len(c.lemmas):3d} lemmas {len(c.patterns):3d} patterns "
              f"{len(c.mentions):3d} mentions   negated: {t.when_negated}")
    print(f"hedges: {len(cb.hedges) + len(cb.hedge_patterns)}   negators: {len(cb.negators)} "
          f"(window {cb.negation_window})   narrator types: "
          f"{', '.join(cb.narrator_types) if cb.narrator_types else 'all'}")
    return 0
