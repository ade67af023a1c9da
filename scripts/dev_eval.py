"""Measure the package on the development set in ../shared/dev (outside the repo).

Codes every dev article with the current package, aligns the statements with the
human gold coding by character offsets, and prints speaker and type agreement for
the development part and for the held-out articles separately.

    python scripts/dev_eval.py [--dev DIR] [--show-errors] [--model FILE] [--codebook FILE]

Held-out articles (03, 06, 09, 13) are never listed with --show-errors: they are
measured, not studied.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
from sklearn.metrics import f1_score

from analysis import code_articles

HELD_OUT = ("03_", "06_", "09_", "13_")
DEFAULT_DEV = Path(__file__).resolve().parents[2] / "shared" / "dev"


def alpha_nominal(a: list[str], b: list[str]) -> float:
    """Krippendorff's alpha (nominal) for two coders, no missing values."""
    pairs = Counter()
    for x, y in zip(a, b):
        pairs[(x, y)] += 1
        pairs[(y, x)] += 1
    n = 2 * len(a)
    marg = Counter()
    for (x, _), c in pairs.items():
        marg[x] += c
    d_o = sum(c for (x, y), c in pairs.items() if x != y) / n
    d_e = sum(marg[x] * marg[y] for x in marg for y in marg if x != y) / (n * (n - 1))
    return 1.0 if d_e == 0 else 1 - d_o / d_e


def score(df: pd.DataFrame) -> dict:
    attributed = df["speaker_gold"] != "narrator"
    return {
        "statements": len(df),
        "speaker_acc": (df["speaker_gold"] == df["speaker_pred"]).mean(),
        "speaker_acc_attributed": (df.loc[attributed, "speaker_gold"]
                                   == df.loc[attributed, "speaker_pred"]).mean(),
        "type_acc": (df["type_gold"] == df["type_pred"]).mean(),
        "type_macro_f1": f1_score(df["type_gold"], df["type_pred"], average="macro",
                                  zero_division=0),
        "type_alpha": alpha_nominal(list(df["type_gold"]), list(df["type_pred"])),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--model", default=None)
    ap.add_argument("--codebook", default=None)
    args = ap.parse_args(argv)
    if not (args.dev / "articles").is_dir():
        print(f"error: {args.dev}: no development set here", file=sys.stderr)
        return 2
    pred = code_articles(sorted((args.dev / "articles").glob("*.txt")), codebook=args.codebook,
                         model=args.model)
    gold = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False)
                      for p in sorted((args.dev / "gold").glob("*.csv"))], ignore_index=True)
    for frame in (gold, pred):
        frame["start"] = frame["start"].astype(int)
        frame["end"] = frame["end"].astype(int)
    merged = gold.merge(pred, on=["article_id", "start", "end"], how="left",
                        suffixes=("_gold", "_pred"))
    missing = merged["type_pred"].isna().sum()
    merged = merged.fillna({"type_pred": "(unsegmented)", "speaker_pred": "(unsegmented)"})
    merged["held_out"] = merged["article_id"].str.startswith(HELD_OUT)
    rows = []
    for part, df in (("dev-10", merged[~merged.held_out]), ("held-out-4", merged[merged.held_out]),
                     ("all-14", merged)):
        rows.append({"part": part, **score(df)})
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    if missing:
        print(f"({missing} gold statements had no predicted statement with the same offsets)")
    if args.show_errors:
        dev = merged[~merged.held_out]
        cols = ["article_id", "statement_id_gold", "speaker_gold", "speaker_pred",
                "type_gold", "type_pred", "cue", "text_gold"]
        cols = [c for c in cols if c in dev.columns]
        err = dev[(dev.speaker_gold != dev.speaker_pred) | (dev.type_gold != dev.type_pred)]
        with pd.option_context("display.max_colwidth", 140, "display.width", 250):
            for _, r in err[cols].iterrows():
                print("-" * 100)
                print(f"{r['article_id']} #{r['statement_id_gold']}: speaker {r['speaker_gold']!r}"
                      f" -> {r['speaker_pred']!r}; type {r['type_gold']} -> {r['type_pred']}"
                      f" (cue {r.get('cue', '')!r})")
                print("   ", r["text_gold"])
        print("speaker confusions (gold -> pred):")
        conf = Counter(zip(dev.speaker_gold, dev.speaker_pred))
        for (g, p), c in conf.most_common(25):
            if g != p:
                print(f"   {c:3d}  {g} -> {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
