"""``analysis reliability TABLE...``: inter-coder reliability of two or more codings."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from ..errors import AnalysisError

VARIABLES = ("speaker", "type")


def register(sub) -> None:
    p = sub.add_parser(
        "reliability", help="inter-coder reliability (Krippendorff's alpha, Cohen's kappa)",
        description="Compute Krippendorff's alpha (nominal), percent agreement, pairwise "
                    "Cohen's kappa and per-category agreement for speaker and type between "
                    "two or more codings of the same statements. Give one statements table "
                    "per coder (the coder is the file name), or tables with a 'coder' column. "
                    "Statements are matched by article_id and statement_id.")
    p.add_argument("tables", nargs="+", metavar="TABLE",
                   help="statements tables (.csv, .parquet, .jsonl), one per coder or with a "
                        "'coder' column; folders of such tables, one coder each (named after "
                        "the folder); or coding sheets (.xlsx, .csv from 'analysis sheet "
                        "export'), each giving the automatic coder and its human coder "
                        "(named after the file; empty coder cells count as not coded)")
    p.add_argument("--variables", nargs="+", default=list(VARIABLES), metavar="COLUMN",
                   help="coded columns to assess (default: speaker type)")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="also write the tables as CSV files into DIR")
    p.set_defaults(run=run)


def _folder_table(folder: Path) -> pd.DataFrame:
    """The statements tables in a folder (.csv, .parquet, .jsonl), as one table."""
    from ..io import iter_tables

    return pd.concat([df for _, df in iter_tables(folder)], ignore_index=True)


def codings(paths) -> dict[str, pd.DataFrame]:
    """One table per coder: the ``coder`` column's values, else the file stem, or the
    folder name for a folder of tables (one coder's coding of several articles)."""
    from ..io import read_table
    from ..sheets import is_sheet, sheet_codings

    out: dict[str, pd.DataFrame] = {}
    for path in paths:
        if is_sheet(path):  # a coding sheet: the automatic coder and its human coder
            for coder, part in sheet_codings(path).items():
                if coder == "automatic" and coder in out:  # several sheets of one corpus
                    both = pd.concat([out[coder], part], ignore_index=True)
                    out[coder] = both.drop_duplicates(["article_id", "statement_id"])
                    continue
                if coder in out:
                    raise AnalysisError(f"coder {coder!r} appears more than once; rename "
                                        "the sheet", path)
                out[coder] = part
            continue
        if Path(path).is_dir():  # a folder: one coder's tables, one file per article
            df = _folder_table(Path(path))
            coder = Path(path).name
            if "coder" not in df.columns:
                if coder in out:
                    raise AnalysisError(f"two codings are named {coder!r}; rename one",
                                        path)
                out[coder] = df
                continue
        else:
            df = read_table(path)
        if "coder" in df.columns:
            for coder, part in df.groupby(df["coder"].astype(str), sort=True):
                if coder in out:
                    raise AnalysisError(f"coder {coder!r} appears in more than one table",
                                        path)
                out[coder] = part
        else:
            coder = Path(path).stem
            if coder in out:
                raise AnalysisError(f"two tables are named {coder!r}; rename one or add a "
                                    "'coder' column", path)
            out[coder] = df
    if len(out) < 2:
        raise AnalysisError(f"reliability needs at least two coders, found {len(out)}")
    return out


def run(args) -> int:
    from ..io import write_table
    from ..reliability import confusion_matrix, reliability_report, wide_from_tables

    tables = codings(args.tables)
    for var in args.variables:
        for coder, df in tables.items():
            for col in ("article_id", "statement_id", var):
                if col not in df.columns:
                    raise AnalysisError(f"the coding of {coder!r} has no {col!r} column")
    print(f"coders: {', '.join(tables)}")
    written = 0
    for var in args.variables:
        wide = wide_from_tables(tables, var)
        rep = reliability_report(wide)
        print(f"\n{var.upper()}  (units coded by two or more: {rep['n_units']}, coders: "
              f"{rep['n_coders']})")
        print(f"  Krippendorff alpha (nominal)  {rep['alpha']:.3f}")
        print(f"  percent agreement             {rep['agreement']:.3f}")
        print("  pairwise:")
        print("\n".join("    " + s for s in rep["pairwise"].to_string(
            index=False, float_format=lambda v: f"{v:.3f}").splitlines()))
        print("  per category:")
        print("\n".join("    " + s for s in rep["categories"].to_string(
            index=False, float_format=lambda v: f"{v:.3f}").splitlines()))
        coders = list(wide.columns)
        confusion = confusion_matrix(wide, coders[0], coders[1])
        print(f"  confusion matrix ({coders[0]} rows, {coders[1]} columns):")
        print("\n".join("    " + s for s in confusion.to_string().splitlines()))
        if args.out:
            out = Path(args.out)
            write_table(confusion.rename_axis(f"{coders[0]} \\ {coders[1]}").reset_index(),
                        out / f"{var}_confusion.csv")
            written += 1
            write_table(rep["pairwise"], out / f"{var}_pairwise.csv")
            write_table(rep["categories"], out / f"{var}_categories.csv")
            write_table(rep["coincidence"].rename_axis("category").reset_index(),
                        out / f"{var}_coincidence.csv")
            summary = pd.DataFrame({"measure": ["alpha", "agreement", "n_units", "n_coders"],
                                    "value": [rep["alpha"], rep["agreement"], rep["n_units"],
                                              rep["n_coders"]]})
            write_table(summary, out / f"{var}_summary.csv")
            written += 4
    if args.out:
        print(f"wrote {written} tables to {args.out}", file=sys.stderr)
    return 0
