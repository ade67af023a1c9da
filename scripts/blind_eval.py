"""Score the package on the project's own coded sets (data/evaluation, data/training).

    python scripts/blind_eval.py [SET ...] [--model MODEL]

SET: a set name under data/evaluation (default: every one there) or the path of any folder
with ``articles/*.txt`` and ``gold/*.csv`` (e.g. data/training/train_a). Prints speaker
accuracy (overall, attributed), type accuracy, macro-F1, Krippendorff's alpha and target
accuracy per set. Totals only: a held-out set is measured, not studied. ``--model`` is as
for ``analysis code`` (default: the packaged model; ``none``: the rules alone).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import code_articles
from analysis.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[1] / "data" / "evaluation"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", metavar="SET")
    ap.add_argument("--model", default="default")
    args = ap.parse_args(argv)
    names = args.sets or sorted(p.name for p in ROOT.iterdir() if (p / "gold").is_dir())
    for name in names:
        folder = Path(name) if Path(name, "gold").is_dir() else ROOT / name
        pred = code_articles(sorted((folder / "articles").glob("*.txt")), corrections=None,
                             model=args.model)
        report = evaluate(sorted((folder / "gold").glob("*.csv")), pred)
        s, t = report.speaker, report.type
        tg = (f" target {report.target['accuracy']:.3f}" if report.target else "")
        print(f"{folder.name}: n={t['n']} speaker {s['accuracy']:.3f} (attributed "
              f"{s['accuracy_attributed']:.3f}) type accuracy {t['accuracy']:.3f} "
              f"macro-F1 {t['macro_f1']:.3f} alpha {t['alpha']:.3f}{tg}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
