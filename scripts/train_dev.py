"""Measure the learned type coder on the development set in ../shared/dev (outside the repo).

    python scripts/train_dev.py [--dev DIR] [--seed FILE] [--out MODEL] [--threshold T]

(a) leave-one-article-out cross-validation on the ten development articles (the seed
    coding is added to every training fold, never scored): rules alone, model alone, and
    the hybrid at several thresholds;
(b) trained on the ten development articles + the seed, tested on the four held-out
    articles (03, 06, 09, 13): rules alone, model alone, hybrid (only totals are printed);
(c) leave-one-article-out over all fourteen development articles (seed in every training
    fold): rules, model, hybrid, and the stacked variant (``rule_type=True``: the rule
    coder's type as a feature);
(d) the packaged model ``project`` (trained on project-written articles only, never on
    this set) on all fourteen: rules, model alone, hybrid at each floor, and the pipeline
    as ``code --model project`` runs it.

Each hybrid is shown twice: the model may replace any rule code, and (``[default_attributed
only]``) only the codes the rules left at the default type on an attributed statement, as
the packaged model does.

The model of (b) is written to --out (default: a temporary folder). It holds n-grams of
the development texts: keep it out of the repository.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

from analysis import code_articles
from analysis.codebook import resolve_codebook
from analysis.evaluate import type_metrics
from analysis.model import (
    DEFAULT_ROUTES,
    DEFAULT_THRESHOLD,
    TypeClassifier,
    allowed_best,
    compare_coders,
    cross_validate_by_article,
    load_model,
    read_coded_tables,
    resolve_model,
    save_model,
)

HELD_OUT = ("03_", "06_", "09_", "13_")
#: the routes a model may replace by default (the packaged model's too)
ROUTES = DEFAULT_ROUTES
ROUTES_TAG = f"[{', '.join(ROUTES)} only]"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _line(name: str, m: dict) -> str:
    return (f"  {name:<28} alpha {m['alpha']:.3f}  macro-F1 {m['macro_f1']:.3f}  "
            f"accuracy {m['accuracy']:.3f}  kappa {m['kappa']:.3f}  (n={m['n']})")


def _print_sweep(sweep: pd.DataFrame, model: str = "model",
                 hybrid: str = "hybrid, floor {t}", rules: bool = True,
                 alone: bool = True) -> None:
    """The lines of a :func:`analysis.model.compare_coders` table."""
    for r in sweep.to_dict("records"):
        if r["coder"] == "rules":
            if rules:
                print(_line("rules alone", r))
        elif r["coder"] == "model":
            if alone:
                print(_line(f"{model} alone", r))
        else:
            print(_line(hybrid.format(t=r["threshold"]), r))


def _all_articles(merged, seed, labels) -> None:
    print(f"\n(c) leave-one-article-out on all {merged['article_id'].nunique()} development "
          f"articles ({len(merged)} statements; seed added to each training fold)")
    rule = merged["type_rule"].to_numpy()
    rc = merged["confidence"].to_numpy(float)
    print(_line("rules alone", type_metrics(merged["type"], rule, labels)))
    for name, params in (("model", {}), ("stacked model", {"rule_type": True})):
        cv = cross_validate_by_article(merged[["article_id", "text", "type"]],
                                       extra_train=seed, **params)
        probs = cv["predictions"][[f"proba_{c}" for c in labels]].to_numpy()
        mp, mc = allowed_best(probs, labels, merged["speaker_rule"], resolve_codebook(None))
        _print_sweep(compare_coders(merged["type"], rule, rc, mp, mc, labels), model=name,
                     hybrid=name + " hybrid {t}", rules=False)
        _print_sweep(compare_coders(merged["type"], rule, rc, mp, mc, labels,
                                    rule_routes=merged["route"].fillna("").to_numpy(),
                                    routes=ROUTES), hybrid=name + " hybrid {t} " + ROUTES_TAG,
                     rules=False, alone=False)


def _compare(frame: pd.DataFrame, mp, mc, labels) -> None:
    """Rules alone, model alone and the hybrid at each floor on ``frame``'s statements: the
    model may replace any rule code, then only codes of :data:`ROUTES`."""
    args = (frame["type"], frame["type_rule"].to_numpy(), frame["confidence"].to_numpy(float),
            mp, mc, labels)
    _print_sweep(compare_coders(*args))
    _print_sweep(compare_coders(*args, rule_routes=frame["route"].fillna("").to_numpy(),
                                routes=ROUTES), hybrid="hybrid, floor {t} " + ROUTES_TAG,
                 rules=False, alone=False)


def _packaged(dev_dir: Path, merged: pd.DataFrame, labels) -> None:
    """(d) the packaged model, trained on project-written articles only, on all 14."""
    model = resolve_model("project")
    print(f"\n(d) the packaged model 'project' (trained on {model.training_['n_statements']} "
          f"statements of project-written articles, never on this set) on all "
          f"{merged['article_id'].nunique()} development articles")
    probs = model.predict_proba(merged["text"])
    mp, mc = allowed_best(probs, model.classes_, merged["speaker_rule"], model.codebook_)
    _compare(merged, mp, mc, labels)
    piped = code_articles(sorted((dev_dir / "articles").glob("*.txt")), model="project",
                          corrections=None)
    m2 = merged.merge(piped[["article_id", "start", "end", "type"]],
                      on=["article_id", "start", "end"], suffixes=("", "_pipe"))
    print(_line(f"pipeline --model project (floor {model.hybrid_threshold})",
                type_metrics(m2["type"], m2["type_pipe"], labels)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=SHARED / "dev")
    ap.add_argument("--seed", type=Path, default=SHARED / "seeds" /
                    "000_c9a4d998b934d7a5.coded.csv")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = ap.parse_args(argv)
    if not (args.dev / "gold").is_dir():
        print(f"error: {args.dev}: no development set here", file=sys.stderr)
        return 2
    gold = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False)
                      for p in sorted((args.dev / "gold").glob("*.csv"))], ignore_index=True)
    read_coded_tables([gold])  # labels checked against the codebook
    gold["start"] = gold["start"].astype(int)
    gold["end"] = gold["end"].astype(int)
    seed = read_coded_tables([args.seed]) if args.seed.is_file() else None
    rules = code_articles(sorted((args.dev / "articles").glob("*.txt")), model=None,
                          corrections=None)  # the rules alone
    rules["start"] = rules["start"].astype(int)
    rules["end"] = rules["end"].astype(int)
    merged = gold.merge(rules[["article_id", "start", "end", "type", "cue", "confidence",
                               "speaker", "route"]],
                        on=["article_id", "start", "end"], how="left", suffixes=("", "_rule"))
    merged["type_rule"] = merged["type_rule"].fillna("(unsegmented)")
    merged["confidence"] = pd.to_numeric(merged["confidence"], errors="coerce").fillna(0.0)
    held = merged["article_id"].str.startswith(HELD_OUT).to_numpy()
    dev, test = merged[~held].reset_index(drop=True), merged[held].reset_index(drop=True)
    labels = list(resolve_codebook(None).type_names)

    print(f"(a) leave-one-article-out on dev-10 ({dev['article_id'].nunique()} articles, "
          f"{len(dev)} statements; seed added to each training fold)")
    cv = cross_validate_by_article(dev[["article_id", "text", "type"]], extra_train=seed)
    pr = cv["predictions"]
    probs = pr[[f"proba_{c}" for c in labels]].to_numpy()
    mp, mc = allowed_best(probs, labels, dev["speaker_rule"], resolve_codebook(None))
    _compare(dev, mp, mc, labels)

    print(f"\n(b) trained on dev-10 + seed, tested on held-out-4 ({len(test)} statements)")
    train = pd.concat([dev[["text", "type"]]] + ([seed[["text", "type"]]] if seed is not None
                                                 else []), ignore_index=True)
    model = TypeClassifier().fit(train["text"], train["type"])
    out = args.out or Path(tempfile.mkdtemp()) / "type-model.json"
    save_model(model, out)
    model = load_model(out)
    probs = model.predict_proba(test["text"])
    mp, mc = allowed_best(probs, model.classes_, test["speaker_rule"], model.codebook_)
    _compare(test, mp, mc, labels)
    _all_articles(merged, seed, labels)
    # the same through the pipeline, as a user runs it (code --model)
    piped = code_articles(sorted(p for p in (args.dev / "articles").glob("*.txt")
                                 if p.name.startswith(HELD_OUT)), model=str(out),
                          corrections=None)
    piped["start"] = piped["start"].astype(int)
    m2 = test.merge(piped[["article_id", "start", "end", "type"]],
                    on=["article_id", "start", "end"], suffixes=("", "_pipe"))
    print(_line(f"pipeline --model (hybrid, floor {DEFAULT_THRESHOLD})",
                type_metrics(m2["type"], m2["type_pipe"], labels)))
    _packaged(args.dev, merged, labels)
    print(f"\nmodel written to {out} (trained on {len(train)} statements; keep it out of "
          "the repository)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
