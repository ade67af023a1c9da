"""``analysis evaluate GOLD PRED``: speaker and type agreement of a coding with a hand coding."""

from __future__ import annotations

import sys

from ..errors import AnalysisError
from .common import add_codebook_argument


def register(sub) -> None:
    p = sub.add_parser(
        "evaluate", help="compare a coding with a hand coding (speaker and type metrics)",
        description="Align the statements of a hand-coded (GOLD) and a predicted (PRED) "
                    "statements table — by article and offsets, else statement number, else "
                    "text — and report speaker accuracy (overall and on attributed "
                    "statements), per-speaker precision/recall/F1 and the confusions, and type "
                    "accuracy, macro-F1, per-type scores, Cohen's kappa, Krippendorff's alpha "
                    "and the confusion matrix. GOLD and PRED are each a table file or a folder "
                    "of tables; for several files use --gold/--pred.")
    p.add_argument("tables", nargs="*", metavar="GOLD PRED",
                   help="the gold table (or folder) and the predicted table (or folder)")
    p.add_argument("--gold", nargs="+", default=None, metavar="GOLD",
                   help="gold tables or folders (instead of the first positional)")
    p.add_argument("--pred", nargs="+", default=None, metavar="PRED",
                   help="predicted tables or folders (instead of the second positional)")
    add_codebook_argument(p, help="codebook whose types the labels must belong to (default: the "
                        "packaged reference codebook)")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="also write the report's tables as CSV files into DIR")
    p.set_defaults(run=run)


def _split(args):
    gold, pred = args.gold, args.pred
    pos = list(args.tables)
    if gold is None and pos:
        gold = [pos.pop(0)]
    if pred is None and pos:
        pred = [pos.pop(0)]
    if pos:
        raise AnalysisError(f"too many tables ({', '.join(pos)} left over): give one GOLD and "
                            "one PRED, or use --gold FILE... --pred FILE...")
    if not gold or not pred:
        raise AnalysisError("give a GOLD and a PRED table (or --gold/--pred)")
    return gold, pred


def run(args) -> int:
    from ..evaluate import evaluate

    gold, pred = _split(args)
    report = evaluate(gold, pred, codebook=args.codebook)
    print(report.to_text())
    if args.out:
        written = report.write(args.out)
        print(f"wrote {len(written)} tables to {args.out}", file=sys.stderr)
    if report.summary["n_matched"] == 0:
        raise AnalysisError("no statement of PRED could be aligned with GOLD (check that "
                            "article_id and offsets or statement numbers agree)")
    return 0
