"""The statements table: its columns, their order and their types."""

from __future__ import annotations

import pandas as pd

__all__ = ["INT_COLUMNS", "STATEMENT_COLUMNS", "coerce_statements"]

#: columns of the statements table, in output order (see CODEBOOK.md)
STATEMENT_COLUMNS = [
    "article_id", "statement_id", "start", "end", "text",
    "speaker", "source", "target", "type", "cue",
    "secondary_types", "hedges", "confidence", "coded_by", "route",
    "speaker_span", "speaker_start", "speaker_end", "cue_start", "cue_end",
    "date", "title", "outlet",
]
#: integer columns (nullable: -1 is never used, missing offsets are empty)
INT_COLUMNS = ["statement_id", "start", "end", "speaker_start", "speaker_end",
               "cue_start", "cue_end"]


def is_missing(value) -> bool:
    """True for None and pandas/numpy missing values (NA, NaN, NaT); False otherwise."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_texts(X) -> list[str]:
    """The statement texts of ``X`` as a list of str, for the coders' ``fit``/``predict``.

    Parameters
    ----------
    X : sequence of str, pandas.Series, or pandas.DataFrame with a ``text`` column
        Missing values (None, NaN, NA) become empty texts.

    Raises
    ------
    AnalysisError
        ``X`` is None, a single string, a table without ``text``, or holds a value that is
        not a text (the message names its position).
    """
    from .errors import AnalysisError

    if X is None:
        raise AnalysisError("no texts given")
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise AnalysisError("the table has no 'text' column")
        X = X["text"]
    if isinstance(X, str):
        raise AnalysisError("pass a list of texts, not a single string")
    texts = list(X)
    for i, value in enumerate(texts):
        if not isinstance(value, str):
            if not is_missing(value):
                raise AnalysisError(f"text {i} is a {type(value).__name__} ({value!r}), "
                                    "not a text")
            texts[i] = ""
    return texts


def coerce_statements(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with integer columns as nullable integers and text columns as str.

    Useful after reading a table back from CSV.
    """
    out = df.copy()
    for col in INT_COLUMNS:
        if col in out.columns:
            out[col] = pd.to_numeric(out[col].replace("", pd.NA), errors="coerce").astype("Int64")
    if "confidence" in out.columns:
        out["confidence"] = pd.to_numeric(out["confidence"].replace("", pd.NA), errors="coerce")
    for col in out.columns:
        if col not in INT_COLUMNS and col != "confidence" and out[col].dtype == object:
            out[col] = out[col].fillna("").astype(str)
    return out


def order_columns(df: pd.DataFrame) -> pd.DataFrame:
    """Put the known columns first in :data:`STATEMENT_COLUMNS` order, extras after."""
    known = [c for c in STATEMENT_COLUMNS if c in df.columns]
    extra = [c for c in df.columns if c not in STATEMENT_COLUMNS]
    return df[known + extra]
