"""Measure how often each route of the rule coder agrees with hand coding.

    python scripts/calibrate_confidence.py [SET_FOLDER ...]   # default: the rule-unseen sets

A rule code's ``confidence`` comes from the codebook's ``confidence`` section, one value per
route (a cue, a contested cue, the reporting verb, the default on narration or on an
attributed statement) plus ``reported_clause.confidence``. Those values should be each
route's agreement with hand coding on articles the rules were never developed on: this
script measures it. Each route is given a distinct marker value in a temporary copy of the
packaged codebook, the articles are coded through the whole pipeline (speakers included),
and the markers are read back to count, per route, the statements and the share whose type
agrees with the gold. It prints a table and the YAML to paste into
``src/analysis/codebooks/default.yaml`` (rounded to 0.05; a route with fewer than 20
statements keeps its value).

SET_FOLDER: folders with ``articles/*.txt`` and ``gold/*.csv`` (gold: article_id, start,
type). The default: the training sets the rules were never developed on
(``build_model.RULE_UNSEEN``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pandas as pd
import yaml
from build_model import training_folders  # beside this script

from analysis import code_articles
from analysis.codebook import CONFIDENCE_ROUTES, default_codebook_path, resolve_codebook

ROOT = Path(__file__).resolve().parents[1]
MIN_N = 20


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folders = [Path(a) for a in argv] or training_folders()[0]
    cb_path = default_codebook_path()
    doc = yaml.safe_load(cb_path.read_text(encoding="utf-8"))
    routes = [*CONFIDENCE_ROUTES, "reported_clause"]
    marker = {r: round(0.011 * (i + 1), 3) for i, r in enumerate(routes)}
    doc["confidence"] = {r: marker[r] for r in CONFIDENCE_ROUTES}
    if isinstance(doc.get("reported_clause"), dict):
        doc["reported_clause"]["confidence"] = marker["reported_clause"]
    cb = resolve_codebook(None)
    current = {r: cb.route_confidence(r) for r in CONFIDENCE_ROUTES}
    current["reported_clause"] = cb.reported_confidence
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "markers.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        arts = [a for d in folders for a in sorted((d / "articles").glob("*.txt"))]
        coded = code_articles(arts, codebook=str(path), model=None, corrections=None)
    gold = pd.concat([pd.read_csv(f, dtype={"article_id": str})
                      for d in folders for f in sorted((d / "gold").glob("*.csv"))],
                     ignore_index=True)
    both = gold[["article_id", "start", "type"]].merge(
        coded[["article_id", "start", "type", "confidence"]], on=["article_id", "start"],
        suffixes=("", "_rule"))
    route_of = {v: k for k, v in marker.items()}
    both["route"] = both["confidence"].round(3).map(route_of).fillna("other")
    both["agrees"] = both["type"] == both["type_rule"]
    print(f"{len(both)} statements of {both['article_id'].nunique()} articles in "
          f"{', '.join(d.name for d in folders)}; overall agreement {both['agrees'].mean():.3f}")
    print(f"  {'route':<20} {'n':>4}  agreement  codebook now")
    new = {}
    for r in routes:
        part = both[both["route"] == r]
        share = part["agrees"].mean() if len(part) else float("nan")
        print(f"  {r:<20} {len(part):>4}  {share:9.3f}  {current[r]:.2f}")
        new[r] = round(round(share * 20) / 20, 2) if len(part) >= MIN_N else current[r]
    print("\nconfidence:")
    for r in CONFIDENCE_ROUTES:
        print(f"  {r}: {new[r]}")
    print(f"reported_clause:\n  confidence: {new['reported_clause']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
