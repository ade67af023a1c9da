"""``analysis sheet export|import``: coding sheets for human coders.

``sheet export PATH... --out FILE.xlsx|.csv`` codes the articles automatically and
writes a coding sheet; ``sheet import FILE... --coder NAME`` validates coded sheets and
merges their corrections into the corrections store, which ``code`` and ``report``
apply by default. ``sheet corpus PATH... --out FILE.csv|.xlsx`` exports the coded corpus
(corrections applied) for other tools.
"""

from __future__ import annotations

import sys

from .common import add_codebook_argument, add_coding_arguments, add_input_arguments, coding_kwargs


def register(sub) -> None:
    p = sub.add_parser("sheet", help="export coding sheets, import coders' corrections",
                       description="Human coding in the loop: export coding sheets for "
                                   "coders, import their corrections into the corrections "
                                   "store, export the coded corpus.")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    ex = actions.add_parser("export", help="write a coding sheet (.xlsx or .csv)",
                            description="Code articles automatically and write a coding "
                                        "sheet: one row per statement, with context, the "
                                        "automatic codes and empty coder columns.")
    add_input_arguments(ex)
    add_coding_arguments(ex, corrections=False)
    ex.add_argument("--out", required=True, metavar="FILE", help="the sheet: .xlsx or .csv")
    ex.add_argument("--sample", type=int, default=None, metavar="N",
                    help="only a random sample of N statements (e.g. for double coding)")
    ex.add_argument("--seed", type=int, default=0,
                    help="seed of the random sample (default 0)")
    ex.set_defaults(run=run_export)

    im = actions.add_parser("import", help="import coded sheets into the corrections store",
                            description="Validate every row of the coded sheets and merge "
                                        "their corrections into the corrections store. If "
                                        "any row is bad, every problem is listed and "
                                        "nothing is imported.")
    im.add_argument("sheets", nargs="+", metavar="FILE", help="coded sheets (.xlsx or .csv)")
    im.add_argument("--coder", required=True, metavar="NAME", help="the coder's name")
    im.add_argument("--store", default=None, metavar="FILE",
                    help="corrections store (default: data/processed/corrections.csv)")
    add_codebook_argument(im, help="codebook whose types are allowed (default: the packaged one)")
    im.set_defaults(run=run_import)

    co = actions.add_parser("corpus", help="export the coded corpus for other tools",
                            description="Code articles, apply the corrections store, and "
                                        "write the statements with their codes as .csv, "
                                        ".xlsx (statements and summary sheets), .parquet, "
                                        ".jsonl or .qdpx (REFI-QDA).")
    add_input_arguments(co)
    add_coding_arguments(co)
    co.add_argument("--out", required=True, metavar="FILE",
                    help="output: .csv, .xlsx, .parquet, .jsonl, or .qdpx (REFI-QDA project "
                         "for QDA software: statements as coded text segments)")
    co.set_defaults(run=run_corpus)

    st = actions.add_parser("status", help="where the stored corrections land in articles",
                            description="Code the articles and report, for every entry of "
                                        "the corrections store, whether it applies, moved "
                                        "with its sentence (re-anchored), is orphaned (its "
                                        "statement was removed or its text changed) or "
                                        "concerns other articles. Orphaned entries are "
                                        "listed with the text the coder saw.")
    add_input_arguments(st)
    add_coding_arguments(st, corrections=False)
    st.add_argument("--store", default=None, metavar="FILE",
                    help="corrections store (default: data/processed/corrections.csv)")
    st.add_argument("--out", default=None, metavar="FILE",
                    help="also write every entry with its status as CSV")
    st.set_defaults(run=run_status)


def run_export(args) -> int:
    from ..sheets import export_sheet

    kwargs = coding_kwargs(args)
    kwargs.pop("corrections", None)
    kwargs.setdefault("model", getattr(args, "model", None))
    path, n = export_sheet(args.paths, args.out, sample=args.sample, seed=args.seed, **kwargs)
    print(f"wrote a coding sheet of {n} statements to {path}\nwhen it is coded: python -m "
          f"analysis sheet import {path} --coder NAME", file=sys.stderr)
    return 0


def run_import(args) -> int:
    from ..sheets import import_sheets

    res = import_sheets(args.sheets, coder=args.coder, store=args.store,
                        codebook=args.codebook)
    print(f"imported {res['rows']} correction(s) by {args.coder}: {res['added']} new, "
          f"{res['updated']} updated, {res['unchanged']} unchanged; {res['total']} in "
          f"{res['path']}; 'code', 'report' and 'sheet corpus' apply them"
          + ("" if args.store is None else f" with --corrections {res['path']}"),
          file=sys.stderr)
    return 0


def run_corpus(args) -> int:
    from ..pipeline import code_articles
    from ..sheets import write_coded_corpus

    table = code_articles(args.paths, **coding_kwargs(args))
    if str(args.out).lower().endswith(".qdpx"):
        from ..io import iter_articles
        from ..sheets import write_qdpx

        wanted = set(table["article_id"].astype(str))
        articles = (a for a in iter_articles(args.paths, skip_bad=args.skip_bad,
                                             on_skip=lambda exc: None,
                                             text_column=args.text_column)
                    if a.article_id in wanted)
        path = write_qdpx(table, articles, args.out, codebook=args.codebook)
    else:
        path = write_coded_corpus(table, args.out)
    human = int(table["coded_by"].astype(str).str.startswith("human").sum()) \
        if "coded_by" in table.columns else 0
    print(f"wrote {len(table)} statements ({human} with human codes) to {path}",
          file=sys.stderr)
    return 0


def run_status(args) -> int:
    from ..corrections import default_store_path, match_corrections, read_store
    from ..errors import AnalysisError
    from ..io import write_table
    from ..pipeline import code_articles

    store_path = args.store or default_store_path()
    store = read_store(store_path)
    kwargs = coding_kwargs(args)
    kwargs["corrections"] = None
    table = code_articles(args.paths, **kwargs)
    matched = match_corrections(table, store)
    if matched.empty:
        raise AnalysisError("the corrections store is empty", store_path)
    counts = matched.groupby(["coder", "status"]).size().unstack(fill_value=0)
    print(f"{len(matched)} entries in {store_path}")
    print(counts.to_string())
    orphans = matched[matched["status"] == "orphaned"]
    for row in orphans.itertuples(index=False):
        text = row.text if len(row.text) <= 90 else row.text[:87] + "..."
        print(f"orphaned: article {row.article_id} statement {row.statement_id} "
              f"({row.coder}): {row.reason}; was: {text}")
    if args.out:
        write_table(matched.drop(columns="_row"), args.out)
        print(f"wrote {len(matched)} entries with their status to {args.out}", file=sys.stderr)
    return 0
