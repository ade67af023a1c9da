"""Compare an automatic (or second) coding with a hand coding: speaker and type metrics.

:func:`evaluate` aligns the statements of two statements tables and reports

* speaker: accuracy overall and on attributed statements (gold speaker other than
  ``narrator``), precision/recall/F1 and support per speaker, the most frequent
  confusions, Krippendorff's alpha;
* type: accuracy, macro-F1, precision/recall/F1 per type, Cohen's kappa,
  Krippendorff's alpha (nominal) and the confusion matrix;
* per article: statements, speaker and type accuracy;
* the rows that could not be aligned.

Alignment: by ``(article_id, start, end)`` when both tables carry offsets, otherwise by
``(article_id, statement_id)``; rows left over are then paired by their text within the
same article when the text is unique there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, precision_recall_fscore_support

from .errors import AnalysisError
from .reliability import cohen_kappa, krippendorff_alpha

__all__ = [
    "EvaluationReport",
    "align",
    "evaluate",
    "read_tables",
    "speaker_metrics",
    "target_metrics",
    "type_metrics",
]

NARRATOR = "narrator"


# --------------------------------------------------------------------------- metrics


def _label_table(gold, pred, labels) -> pd.DataFrame:
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    n_pred = [int(np.sum(np.asarray(pred) == lab)) for lab in labels]
    return pd.DataFrame({"label": labels, "precision": p, "recall": r, "f1": f,
                         "support": s.astype(int), "predicted": n_pred})


def type_metrics(gold, pred, labels=None) -> dict:
    """Agreement of two type codings of the same statements.

    Parameters
    ----------
    gold, pred : sequences of str
    labels : list of str, optional
        Order of the per-type table and the confusion matrix (e.g. codebook precedence);
        labels found in the data but not listed are appended.

    Returns
    -------
    dict
        ``n``, ``accuracy``, ``macro_f1`` (over the types occurring in either coding),
        ``kappa`` (Cohen), ``alpha`` (Krippendorff, nominal), ``per_type`` (DataFrame:
        label, precision, recall, f1, support, predicted) and ``confusion`` (DataFrame,
        gold types as rows, predicted as columns).
    """
    gold = [str(v) for v in gold]
    pred = [str(v) for v in pred]
    present = sorted(set(gold) | set(pred))
    order = list(labels or []) + [lab for lab in present if lab not in (labels or [])]
    wide = pd.DataFrame({"gold": gold, "pred": pred})
    n = len(gold)
    out = {
        "n": n,
        "accuracy": float(np.mean([a == b for a, b in zip(gold, pred)])) if n else float("nan"),
        "macro_f1": float(f1_score(gold, pred, labels=present, average="macro",
                                   zero_division=0)) if n else float("nan"),
        "kappa": cohen_kappa(wide) if n else float("nan"),
        "alpha": krippendorff_alpha(wide) if n else float("nan"),
    }
    out["per_type"] = _label_table(gold, pred, order)
    conf = pd.crosstab(pd.Categorical(gold, categories=order),
                       pd.Categorical(pred, categories=order), dropna=False)
    conf.index.name, conf.columns.name = "gold", "pred"
    out["confusion"] = conf.astype(int)
    return out


def speaker_metrics(gold, pred, top: int = 15) -> dict:
    """Agreement of two speaker codings of the same statements.

    Returns
    -------
    dict
        ``n``, ``accuracy``, ``n_attributed`` and ``accuracy_attributed`` (statements
        whose gold speaker is not ``narrator``), ``macro_f1``, ``alpha``, ``per_speaker``
        (DataFrame: label, precision, recall, f1, support, predicted; by support) and
        ``confusions`` (DataFrame gold, pred, count: the ``top`` most frequent errors).
    """
    gold = np.asarray([str(v) for v in gold], dtype=object)
    pred = np.asarray([str(v) for v in pred], dtype=object)
    n = len(gold)
    attributed = gold != NARRATOR
    labels = sorted(set(gold) | set(pred))
    per = _label_table(gold, pred, labels)
    per = per.sort_values(["support", "label"], ascending=[False, True], kind="mergesort")
    errors = pd.DataFrame({"gold": gold[gold != pred], "pred": pred[gold != pred]})
    conf = (errors.value_counts().rename("count").reset_index()
            .sort_values(["count", "gold", "pred"], ascending=[False, True, True],
                         kind="mergesort").head(top).reset_index(drop=True))
    return {
        "n": n,
        "accuracy": float(np.mean(gold == pred)) if n else float("nan"),
        "n_attributed": int(attributed.sum()),
        "accuracy_attributed": (float(np.mean(gold[attributed] == pred[attributed]))
                                if attributed.any() else float("nan")),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro",
                                   zero_division=0)) if n else float("nan"),
        "alpha": krippendorff_alpha(pd.DataFrame({"g": gold, "p": pred})) if n else float("nan"),
        "per_speaker": per.reset_index(drop=True),
        "confusions": conf,
    }


# --------------------------------------------------------------------------- reading


def _actor_set(value) -> str:
    """A target label with joint actors in a fixed order ("B; A" == "A; B"); missing: ""."""
    from .corrections import normalise_speaker
    from .schema import is_missing

    return "" if is_missing(value) else normalise_speaker(value)


def target_metrics(gold, pred) -> dict:
    """Agreement of two target codings of the same statements.

    Joint targets compare as sets ("A; B" equals "B; A"); empty means no target.

    Returns
    -------
    dict
        ``n``, ``accuracy``, ``n_targeted`` (gold names a target), ``accuracy_targeted``,
        ``missed`` (share of those left empty), ``spurious`` (share of gold-empty
        statements given a target) and ``alpha`` (Krippendorff, nominal, empty a category).
    """
    g = np.array([_actor_set(v) for v in gold], dtype=object)
    p = np.array([_actor_set(v) for v in pred], dtype=object)
    n = len(g)
    has = g != ""
    ok = g == p
    mean = lambda a: float(a.mean()) if len(a) else float("nan")
    wide = pd.DataFrame({"gold": [v or "(none)" for v in g],
                         "pred": [v or "(none)" for v in p]})
    return {"n": n, "accuracy": mean(ok), "n_targeted": int(has.sum()),
            "accuracy_targeted": mean(ok[has]), "missed": mean(p[has] == ""),
            "spurious": mean(p[~has] != ""),
            "alpha": krippendorff_alpha(wide) if n else float("nan")}


def read_tables(paths_or_frames, name: str = "table") -> pd.DataFrame:
    """Read one or more statements tables (files, folders of .csv, or DataFrames) as one.

    A column ``_file`` records where each row came from.
    """
    from .io import iter_tables

    frames = []
    for label, df in iter_tables(paths_or_frames):
        df = df.copy()
        df["_file"] = f"<{name}>" if label.startswith("<table") else label
        frames.append(df)
    if not frames:
        raise AnalysisError(f"no {name} tables given")
    return pd.concat(frames, ignore_index=True)


def _ints(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s.replace("", pd.NA), errors="coerce").astype("Int64")


def _has(df: pd.DataFrame, cols) -> bool:
    return all(c in df.columns for c in cols) and all(
        df[c].notna().all() and (df[c].astype(str) != "").all() for c in cols)


def align(gold: pd.DataFrame, pred: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame,
                                                          pd.DataFrame, dict]:
    """Pair the statements of ``gold`` and ``pred``.

    Returns
    -------
    matched : DataFrame
        One row per pair, columns suffixed ``_gold`` / ``_pred``, plus ``article_id`` and
        ``aligned_by``.
    unmatched_gold, unmatched_pred : DataFrame
    methods : dict
        How many pairs each method found.
    """
    g = gold.copy()
    p = pred.copy()
    g["_gi"] = np.arange(len(g))
    p["_pi"] = np.arange(len(p))
    for df in (g, p):
        if "article_id" in df.columns:
            df["article_id"] = df["article_id"].astype(str)
        for col in ("start", "end", "statement_id"):
            if col in df.columns:
                df[col] = _ints(df[col].astype(str) if df[col].dtype == object else df[col])
    pairs = []
    methods = {}
    if "article_id" in g.columns and "article_id" in p.columns:
        if _has(g, ["start", "end"]) and _has(p, ["start", "end"]):
            keys, method = ["article_id", "start", "end"], "offsets"
        elif _has(g, ["statement_id"]) and _has(p, ["statement_id"]):
            keys, method = ["article_id", "statement_id"], "statement_id"
        else:
            keys, method = None, None
        if keys:
            gk = g.drop_duplicates(keys)
            pk = p.drop_duplicates(keys)
            m = gk[keys + ["_gi"]].merge(pk[keys + ["_pi"]], on=keys, how="inner")
            pairs.append(m[["_gi", "_pi"]].assign(aligned_by=method))
            methods[method] = len(m)
    done_g = set(pairs[0]["_gi"]) if pairs else set()
    done_p = set(pairs[0]["_pi"]) if pairs else set()
    if "text" in g.columns and "text" in p.columns:
        rest_g = g[~g["_gi"].isin(done_g)].copy()
        rest_p = p[~p["_pi"].isin(done_p)].copy()
        for df in (rest_g, rest_p):
            df["_t"] = df["text"].fillna("").astype(str).str.split().str.join(" ").str.lower()
            if "article_id" not in df.columns:
                df["article_id"] = ""
        keys = ["article_id", "_t"] if ("article_id" in gold.columns
                                        and "article_id" in pred.columns) else ["_t"]
        rest_g = rest_g[rest_g["_t"] != ""].drop_duplicates(keys, keep=False)
        rest_p = rest_p[rest_p["_t"] != ""].drop_duplicates(keys, keep=False)
        m = rest_g[keys + ["_gi"]].merge(rest_p[keys + ["_pi"]], on=keys, how="inner")
        if len(m):
            pairs.append(m[["_gi", "_pi"]].assign(aligned_by="text"))
            methods["text"] = len(m)
    pairs = (pd.concat(pairs, ignore_index=True) if pairs
             else pd.DataFrame({"_gi": [], "_pi": [], "aligned_by": []}))
    pairs = pairs.sort_values("_gi", kind="mergesort")
    gi = pairs["_gi"].astype(int).to_numpy()
    pi = pairs["_pi"].astype(int).to_numpy()
    left = g.iloc[gi].reset_index(drop=True).add_suffix("_gold")
    right = p.iloc[pi].reset_index(drop=True).add_suffix("_pred")
    matched = pd.concat([left, right], axis=1)
    matched.insert(0, "article_id", matched.get("article_id_gold",
                                                pd.Series([""] * len(matched))))
    matched["aligned_by"] = pairs["aligned_by"].to_numpy()
    unmatched_gold = g[~g["_gi"].isin(set(gi))].drop(columns=["_gi"])
    unmatched_pred = p[~p["_pi"].isin(set(pi))].drop(columns=["_pi"])
    return matched, unmatched_gold.reset_index(drop=True), \
        unmatched_pred.reset_index(drop=True), methods


# --------------------------------------------------------------------------- report


@dataclass
class EvaluationReport:
    """The result of :func:`evaluate`: summary numbers and tables.

    Attributes
    ----------
    summary : dict
        Counts (gold, predicted, matched) and the headline speaker and type figures.
    speaker : dict or None
        See :func:`speaker_metrics` (None when a table has no ``speaker`` column).
    type : dict or None
        See :func:`type_metrics` (None when a table has no ``type`` column).
    per_article : DataFrame
    matched : DataFrame
        The aligned statement pairs.
    unmatched_gold, unmatched_pred : DataFrame
    alignment : dict
        Pairs found by each alignment method.
    target : dict or None
        See :func:`target_metrics` (None unless both tables have ``target`` and the gold
        names at least one).
    """

    summary: dict
    speaker: dict | None
    type: dict | None
    per_article: pd.DataFrame
    matched: pd.DataFrame
    unmatched_gold: pd.DataFrame
    unmatched_pred: pd.DataFrame
    alignment: dict = field(default_factory=dict)
    target: dict | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the report by a file-friendly name."""
        s = self.summary
        out = {"summary": pd.DataFrame({"measure": list(s), "value": list(s.values())}),
               "per_article": self.per_article}
        if self.speaker:
            out["speaker_per_label"] = self.speaker["per_speaker"]
            out["speaker_confusions"] = self.speaker["confusions"]
        if self.type:
            out["type_per_label"] = self.type["per_type"]
            out["type_confusion"] = self.type["confusion"].reset_index()
        out["matched"] = self.matched
        out["unmatched_gold"] = self.unmatched_gold
        out["unmatched_pred"] = self.unmatched_pred
        return out

    def write(self, folder) -> list[Path]:
        """Write :meth:`tables` as CSV files into ``folder``; return their paths."""
        from .io import write_table

        folder = Path(folder)
        return [write_table(df, folder / f"{name}.csv") for name, df in self.tables().items()]

    def to_text(self, max_confusions: int = 10) -> str:
        """A plain-text report for the terminal."""
        s = self.summary
        how = ", ".join(f"{k} {v}" for k, v in self.alignment.items()) or "none"
        lines = [(f"statements: gold {s['n_gold']}, predicted {s['n_pred']}, matched "
                  f"{s['n_matched']} ({how})")]
        if len(self.unmatched_gold) or len(self.unmatched_pred):
            lines.append(f"unmatched: {len(self.unmatched_gold)} gold, "
                         f"{len(self.unmatched_pred)} predicted (see unmatched_*.csv with --out)")
        if self.speaker:
            sp_ = self.speaker
            lines += ["", "SPEAKER", *_measure_lines([
                ("accuracy", sp_["accuracy"], f"n={sp_['n']}"),
                ("accuracy attributed", sp_["accuracy_attributed"],
                 f"n={sp_['n_attributed']}, gold speaker not narrator"),
                ("Krippendorff alpha", sp_["alpha"], "")]),
                "", "  per speaker (by gold support):"]
            per = sp_["per_speaker"]
            lines.append(_fmt_table(per.head(20)))
            if len(per) > 20:
                lines.append(f"  ... {len(per) - 20} more (speaker_per_label.csv)")
            if len(sp_["confusions"]):
                lines += ["", "  most frequent confusions (gold -> predicted):"]
                for _, r in sp_["confusions"].head(max_confusions).iterrows():
                    lines.append(f"    {int(r['count']):4d}  {r['gold']} -> {r['pred']}")
        if self.type:
            t = self.type
            lines += ["", "TYPE", *type_metrics_lines(t, show_n=True)]
        if self.target:
            t = self.target
            lines += ["", "TARGET", *_measure_lines([
                ("accuracy", t["accuracy"], f"n={t['n']}"),
                ("accuracy targeted", t["accuracy_targeted"],
                 f"n={t['n_targeted']}, gold names a target"),
                ("left empty", t["missed"], "of those"),
                ("spurious", t["spurious"], "target where gold has none"),
                ("Krippendorff alpha", t["alpha"], "")])]
        if len(self.per_article) > 1:
            lines += ["", "PER ARTICLE", _fmt_table(self.per_article)]
        return "\n".join(lines)


def _measure_lines(rows) -> list[str]:
    """``(name, value, note)`` rows as aligned text lines: "  name   0.812  (note)"."""
    return [f"  {name:<19} {_f3(value)}" + (f"  ({note})" if note else "")
            for name, value, note in rows]


def _f3(v) -> str:
    return "n/a" if v is None or (isinstance(v, float) and np.isnan(v)) else f"{v:.3f}"


def type_metrics_lines(t: dict, show_n: bool = False) -> list[str]:
    """Text lines for type metrics (accuracy, macro-F1, kappa, alpha, per type, confusion).

    ``t`` is a dict with ``accuracy``, ``macro_f1``, ``kappa``, ``alpha``, ``per_type``,
    ``confusion`` (and ``n`` when ``show_n``), as :func:`type_metrics` and
    :func:`analysis.model.cross_validate_by_article` return.
    """
    n = f"  (n={t['n']})" if show_n else ""
    return [f"  accuracy            {_f3(t['accuracy'])}{n}",
            f"  macro-F1            {_f3(t['macro_f1'])}",
            f"  Cohen's kappa       {_f3(t['kappa'])}",
            f"  Krippendorff alpha  {_f3(t['alpha'])}", "",
            "  per type:", _fmt_table(t["per_type"]), "",
            "  confusion matrix (rows gold, columns predicted):",
            _indent(t["confusion"].to_string())]


def _indent(text: str, pad: str = "    ") -> str:
    return "\n".join(pad + line for line in text.splitlines())


def _fmt_table(df: pd.DataFrame) -> str:
    return _indent(df.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


def _check_types(df: pd.DataFrame, allowed: list[str], what: str) -> None:
    vals = df["type"].fillna("").astype(str).str.strip()
    bad = ~vals.isin(allowed)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        name = df["_file"].iloc[i] if "_file" in df.columns else f"<{what}>"
        raise AnalysisError(f"{what} table: type {vals.iloc[i]!r} is not in the codebook "
                            f"(types: {', '.join(allowed)})", name)


def evaluate(gold, pred, codebook=None) -> EvaluationReport:
    """Evaluate a coding ``pred`` against a hand coding ``gold``.

    Parameters
    ----------
    gold, pred : DataFrame, path, folder, or a list of these
        Statements tables (CSV, Parquet, JSON Lines; folders: every table in them).
    codebook : Codebook, path or None
        Type labels are checked against it (None: the packaged reference codebook).

    Returns
    -------
    EvaluationReport

    Raises
    ------
    AnalysisError
        A file cannot be read, a table has neither ``speaker`` nor ``type``, or a type
        label is not in the codebook (the message names the file).
    """
    from .model import _codebook_meta, _resolve_codebook

    g = read_tables(gold, "gold")
    p = read_tables(pred, "predicted")
    allowed = _codebook_meta(_resolve_codebook(codebook))["types"]
    has_type = "type" in g.columns and "type" in p.columns
    has_speaker = "speaker" in g.columns and "speaker" in p.columns
    if not has_type and not has_speaker:
        raise AnalysisError("the gold and predicted tables share neither a 'speaker' nor a "
                            "'type' column", g["_file"].iloc[0] if len(g) else None)
    if has_type:
        _check_types(g, allowed, "gold")
        _check_types(p, allowed, "predicted")
    matched, ug, up, methods = align(g, p)
    summary = {"n_gold": len(g), "n_pred": len(p), "n_matched": len(matched),
               "n_unmatched_gold": len(ug), "n_unmatched_pred": len(up)}
    spk = typ = None
    per_article = pd.DataFrame({"article_id": matched["article_id"]})
    if has_speaker:
        spk = speaker_metrics(matched["speaker_gold"], matched["speaker_pred"])
        summary.update({"speaker_accuracy": spk["accuracy"],
                        "speaker_accuracy_attributed": spk["accuracy_attributed"],
                        "speaker_alpha": spk["alpha"]})
        per_article["speaker_ok"] = (matched["speaker_gold"].astype(str)
                                     == matched["speaker_pred"].astype(str))
    if has_type:
        typ = type_metrics(matched["type_gold"], matched["type_pred"], labels=allowed)
        summary.update({"type_accuracy": typ["accuracy"], "type_macro_f1": typ["macro_f1"],
                        "type_kappa": typ["kappa"], "type_alpha": typ["alpha"]})
        per_article["type_ok"] = (matched["type_gold"].astype(str)
                                  == matched["type_pred"].astype(str))
    tgt = None
    if "target_gold" in matched.columns and "target_pred" in matched.columns and \
            (matched["target_gold"].map(_actor_set) != "").any():
        tgt = target_metrics(matched["target_gold"], matched["target_pred"])
        summary.update({"target_accuracy": tgt["accuracy"],
                        "target_accuracy_targeted": tgt["accuracy_targeted"]})
    agg = {"statements": ("article_id", "size")}
    if has_speaker:
        agg["speaker_accuracy"] = ("speaker_ok", "mean")
    if has_type:
        agg["type_accuracy"] = ("type_ok", "mean")
    per_article = (per_article.groupby("article_id", sort=True).agg(**agg).reset_index()
                   if len(per_article) else pd.DataFrame(columns=["article_id", *agg]))
    drop = [c for c in matched.columns if c.startswith("_")]
    matched = matched.drop(columns=drop)
    return EvaluationReport(summary=summary, speaker=spk, type=typ, target=tgt,
                            per_article=per_article,
                            matched=matched, unmatched_gold=ug.drop(columns=["_file"],
                                                                    errors="ignore"),
                            unmatched_pred=up.drop(columns=["_file"], errors="ignore"),
                            alignment=methods)
