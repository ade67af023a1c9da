"""Score the package on the project's own evaluation sets in data/evaluation/.

    python scripts/blind_eval.py [SET ...]      # default: every set

Prints speaker accuracy (overall, attributed), type accuracy, macro-F1 and Krippendorff's
alpha per set. Totals only: the held-out set (blind_v2) is measured, not studied.
"""

from __future__ import annotations

import sys
from pathlib import Path

from analysis import code_articles
from analysis.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[1] / "data" / "evaluation"


def main(argv=None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or sorted(
        p.name for p in ROOT.iterdir() if (p / "gold").is_dir())
    for name in names:
        folder = ROOT / name
        pred = code_articles(sorted((folder / "articles").glob("*.txt")), corrections=None)
        report = evaluate(sorted((folder / "gold").glob("*.csv")), pred)
        s, t = report.speaker, report.type
        tg = (f" target {report.target['accuracy']:.3f}" if report.target else "")
        print(f"{name}: n={t['n']} speaker {s['accuracy']:.3f} (attributed "
              f"{s['accuracy_attributed']:.3f}) type accuracy {t['accuracy']:.3f} "
              f"macro-F1 {t['macro_f1']:.3f} alpha {t['alpha']:.3f}{tg}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
