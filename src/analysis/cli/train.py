"""``analysis train CODED... --out MODEL``: fit the learned type coder on coded statements."""

from __future__ import annotations

import sys

from ..errors import AnalysisError
from .common import add_codebook_argument


def register(sub) -> None:
    p = sub.add_parser(
        "train", help="train the learned type coder on coded statements tables",
        description="Fit the learned statement-type coder (word and character n-grams plus the "
                    "codebook's cue indicators, class-balanced logistic regression) on coded "
                    "statements tables with at least 'text' and 'type' (a non-empty "
                    "'coder_type' column overrides 'type'), and save it as a JSON model file. "
                    "Use it with `analysis code --model MODEL`.")
    p.add_argument("tables", nargs="+", metavar="CODED",
                   help="coded statements tables (.csv, .parquet, .jsonl) or folders of them "
                        "(e.g. statements.csv written with corrections applied), or coded "
                        "sheets (.xlsx/.csv from 'analysis sheet export': rows with a "
                        "coder_type)")
    p.add_argument("--out", required=True, metavar="MODEL",
                   help="model file to write (JSON; conventionally .json)")
    add_codebook_argument(p)
    p.add_argument("--cv", action="store_true",
                   help="also cross-validate by article (each article held out in turn) and "
                        "print accuracy, macro-F1, per-type scores and the confusion matrix")
    p.add_argument("--folds", type=int, default=None, metavar="K",
                   help="with --cv: K folds of whole articles instead of leave-one-article-out")
    p.add_argument("--C", type=float, default=None, dest="C",
                   help="inverse regularisation strength (default: the tuned default)")
    p.add_argument("--threshold", default=None, metavar="T",
                   help="hybrid coding: the model overrides a rule code of --routes when its "
                        "probability for another type beats the rule code's calibrated "
                        "confidence and is at least T (default 0: the more confident coder "
                        "decides); 'auto' cross-validates by article and takes the floor that "
                        "agrees best with your coding (1.0, i.e. rules only, if none beats "
                        "the rules); saved in the model file")
    p.add_argument("--routes", default=None, metavar="ROUTES",
                   help="hybrid coding: the rule routes whose codes the model may replace, "
                        "comma-separated (cue, contested_cue, speech_act, reported_clause, "
                        "default_narrator, default_attributed, carried_over), or 'all' "
                        "(default: default_attributed — the model fills in where the rules "
                        "found no evidence); saved in the model file")
    p.set_defaults(run=run)


def format_cv(report: dict) -> str:
    """The cross-validation report as text."""
    from ..evaluate import type_metrics_lines

    lines = [(f"model alone, cross-validated by article ({report['n_folds']} folds, "
             f"{report['n']} statements)"),
             *type_metrics_lines(report)]
    return "\n".join(lines)


def format_sweep(sweep, routes=None) -> str:
    """Rules, model and hybrid thresholds side by side, as text."""
    where = ("any rule code" if routes is None
             else "a rule code reached by " + " or ".join(routes))
    lines = [("rules vs model vs hybrid on the same held-out articles (hybrid: the model "
              f"overrides {where} when its probability beats the rule code's confidence "
              "and is at least the threshold)"),
             "  coder     threshold  accuracy  macro-F1  kappa   alpha"]
    for r in sweep.itertuples(index=False):
        t = "" if r.threshold != r.threshold else f"{r.threshold:.2f}"
        lines.append(f"  {r.coder:<9} {t:>9}  {r.accuracy:8.3f}  {r.macro_f1:8.3f}  "
                     f"{r.kappa:5.3f}  {r.alpha:6.3f}")
    from ..model import best_threshold

    best = best_threshold(sweep)
    rules = float(sweep.loc[sweep["coder"] == "rules", "alpha"].iloc[0])
    if best < 1.0:
        alpha = float(sweep.loc[(sweep["coder"] == "hybrid") & (sweep["threshold"] == best),
                                "alpha"].iloc[0])
        lines.append(f"  best hybrid threshold here: {best:.2f} (alpha {alpha:.3f} vs rules "
                     f"{rules:.3f}); --threshold auto saves it in the model")
    else:
        lines.append(f"  no threshold beats the rules alone here (alpha {rules:.3f}): code "
                     "without --model, or add more coded articles")
    return "\n".join(lines)


def run(args) -> int:
    from ..model import (
        DEFAULT_ROUTES,
        best_threshold,
        cross_validate_by_article,
        hybrid_sweep,
        parse_routes,
        read_coded_tables,
        save_model,
        train_from_tables,
    )

    if args.folds is not None and args.folds < 2:
        raise AnalysisError(f"--folds must be at least 2, got {args.folds}")
    if args.C is not None and not args.C > 0:
        raise AnalysisError(f"--C must be positive, got {args.C}")
    auto = str(args.threshold).strip().lower() == "auto"
    params = {} if args.C is None else {"C": args.C}
    if args.threshold is not None and not auto:
        try:
            threshold = float(args.threshold)
        except ValueError:
            threshold = float("nan")
        if not 0 <= threshold <= 1:
            raise AnalysisError(f"--threshold must be 'auto' or a number between 0 and 1, "
                                f"got {args.threshold}")
        params["hybrid_threshold"] = threshold
    if args.routes is not None:
        try:
            params["hybrid_routes"] = parse_routes(args.routes)
        except ValueError as exc:
            raise AnalysisError(f"--routes: {exc}") from None
    routes = params.get("hybrid_routes", DEFAULT_ROUTES)
    from ..sheets import is_sheet, sheet_training_table

    # a coding sheet contributes the statements its coder gave a type
    tables = [sheet_training_table(t, args.codebook) if is_sheet(t) else t for t in args.tables]
    data = read_coded_tables(tables, args.codebook)
    if args.cv or auto:
        report = cross_validate_by_article(data, codebook=args.codebook, n_splits=args.folds,
                                           **params)
        sweep = hybrid_sweep(data, report, codebook=args.codebook, routes=routes)
        if args.cv:
            print(format_cv(report))
            print()
            print(format_sweep(sweep, routes))
            print()
        if auto:
            params["hybrid_threshold"] = best_threshold(sweep)
            print(f"hybrid threshold set to {params['hybrid_threshold']:.2f} by "
                  "cross-validation" + (" (rules only: the model never beat them)"
                                        if params["hybrid_threshold"] == 1.0 else ""),
                  file=sys.stderr)
    model = train_from_tables(tables, codebook=args.codebook, **params)
    path = save_model(model, args.out)
    t = model.training_
    counts = ", ".join(f"{k} {v}" for k, v in t["types"].items())
    print(f"trained on {t['n_statements']} statements from {t['n_articles']} article(s) "
          f"({counts}); wrote {path}", file=sys.stderr)
    return 0
