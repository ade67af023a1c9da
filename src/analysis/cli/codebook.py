"""``analysis codebook``: check, summarise, export a codebook; explain how sentences are coded."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import AnalysisError
from .common import add_codebook_argument, add_model_argument


def register(sub) -> None:
    p = sub.add_parser(
        "codebook", help="check or export a codebook; show how a sentence is coded",
        description="Load and validate a codebook (default: the packaged reference codebook) "
                    "and list its types in precedence order with their cue counts and its "
                    "fingerprint. --export writes a copy to edit; --explain codes sentences "
                    "as `code` does and shows what decided: the cue or rule, or the learned "
                    "model and the rule code it replaced.")
    add_codebook_argument(p)
    p.add_argument("--export", default=None, metavar="FILE",
                   help="write a copy of the codebook file (comments kept) to FILE")
    p.add_argument("--force", action="store_true", help="with --export: overwrite FILE")
    p.add_argument("--explain", nargs="+", default=None, metavar="SENTENCE",
                   help="sentences to code, read as the consecutive statements of one short "
                        "article: shows each one's speaker, reporting verb, type, the cue or "
                        "rule that decided, and the other types whose cues matched")
    p.add_argument("--actors", default=None, metavar="FILE",
                   help="with --explain: actor dictionary (default: the packaged one)")
    add_model_argument(p, prefix="with --explain: ")
    p.set_defaults(run=run)


def _text(value) -> str:
    from ..schema import is_missing

    return "-" if is_missing(value) or not str(value) else str(value)


def _route(row, codebook, prefix: str = "") -> str:
    """Which rule decided, from the ``route`` column: the cue, the reporting verb, the
    reported clause, the type carried over from the same speaker's statement before, or
    the default for the narrator or an attributed statement.

    ``prefix="rule_"`` reads the rule coder's code where the learned model replaced it."""
    cue = _text(getattr(row, f"{prefix}cue"))
    route = _text(getattr(row, f"{prefix}route", None))
    if route == "speech_act":
        return f"reporting verb '{cue}'"
    if route == "reported_clause":
        return f"reported clause '{cue}'"
    if route in ("cue", "contested_cue"):
        return f"cue '{cue}'" + (" (over another type's cue)" if route == "contested_cue"
                                 else "")
    if route == "carried_over":
        return "no cue; carried over from the same speaker's statement before it"
    if route == "default_narrator" or row.speaker == "narrator":
        held = _text(getattr(row, f"{prefix}secondary_types"))
        why = (f"the narrator does not take {held} (codebook narrator types: "
               f"{', '.join(codebook.narrator_types)})" if held != "-" else "no cue")
        return f"{why}; the default type for the narrator's statement"
    return "no cue; the default type for an attributed statement"


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
        from ..pipeline import explain_sentences

        table = explain_sentences(args.explain, codebook=cb, actors=args.actors,
                                  model=args.model)
        for row in table.itertuples(index=False):
            print(row.text)
            speaker = row.speaker or "-"
            if row.source and row.source != row.speaker:
                speaker += f" (source: {row.source})"
            print(f"  speaker: {speaker}   reporting verb: {_text(row.speaker_verb)}")
            if getattr(row, "coded_by", "rules") == "model":
                print(f"  type: {row.type}   by: the learned model, probability "
                      f"{float(row.confidence):.2f}, over the rules' {row.rule_type} "
                      f"({_route(row, cb, 'rule_')}; confidence "
                      f"{float(row.rule_confidence):.2f})")
            else:
                print(f"  type: {row.type}   by: {_route(row, cb)}   confidence: "
                      f"{float(row.confidence):.2f}")
            print(f"  secondary: {_text(row.secondary_types)}   hedges: {_text(row.hedges)}")
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
