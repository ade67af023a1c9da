"""Inter-coder reliability for nominal codes: Krippendorff's alpha, Cohen's kappa, agreement.

The unit of analysis is the statement. Codings are held in a *wide* table: one row per
unit (e.g. indexed by ``article_id`` and ``statement_id``), one column per coder, values
the codes given (any hashable labels); a missing value (``NaN``, ``None`` or ``""``) means
the coder did not code that unit. :func:`to_wide` builds that table from a *long* one
(unit columns, a coder column and a value column), and :func:`wide_from_tables` from
several statements tables, one per coder.

Krippendorff's alpha is computed from the coincidence matrix exactly as in
Krippendorff (2011), *Computing Krippendorff's Alpha-Reliability*, for the nominal
metric: units coded by fewer than two coders are not pairable and are left out, and any
number of coders with missing values is allowed.

Examples
--------
>>> import pandas as pd
>>> wide = pd.DataFrame({"a": ["x", "y", "y"], "b": ["x", "y", "x"]})
>>> round(percent_agreement(wide), 3)
0.667
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import AnalysisError

__all__ = [
    "UNIT_COLUMNS",
    "cohen_kappa",
    "coincidence_matrix",
    "confusion_matrix",
    "krippendorff_alpha",
    "pairwise_kappa",
    "per_category_agreement",
    "percent_agreement",
    "reliability_report",
    "to_wide",
    "wide_from_tables",
]

#: columns that identify a statement across codings
UNIT_COLUMNS = ("article_id", "statement_id")


def _is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _clean(wide: pd.DataFrame) -> pd.DataFrame:
    """Return ``wide`` as object columns with every missing value as ``None``."""
    if not isinstance(wide, pd.DataFrame):
        wide = pd.DataFrame(wide)
    if wide.shape[1] < 2:
        raise AnalysisError(f"reliability needs at least two coders (got {wide.shape[1]})")
    out = wide.astype(object).copy()
    for col in out.columns:
        out[col] = pd.Series([None if _is_missing(v) else (v.strip() if isinstance(v, str) else v)
                              for v in out[col]], index=out.index, dtype=object)
    return out


def to_wide(long: pd.DataFrame, unit_columns=UNIT_COLUMNS, coder_column: str = "coder",
            value_column: str = "value") -> pd.DataFrame:
    """Turn a long table (one row per unit × coder) into the wide unit × coder table.

    Parameters
    ----------
    long : pandas.DataFrame
        Columns ``unit_columns``, ``coder_column`` and ``value_column``.
    unit_columns : sequence of str
    coder_column, value_column : str

    Returns
    -------
    pandas.DataFrame
        Indexed by the unit columns, one column per coder (sorted by name).

    Raises
    ------
    AnalysisError
        If a column is missing or a coder coded the same unit twice.
    """
    unit_columns = list(unit_columns)
    missing = [c for c in unit_columns + [coder_column, value_column] if c not in long.columns]
    if missing:
        raise AnalysisError(f"reliability table lacks column(s) {', '.join(missing)}")
    dup = long.duplicated(unit_columns + [coder_column])
    if dup.any():
        row = long[dup].iloc[0]
        unit = ", ".join(f"{c}={row[c]}" for c in unit_columns)
        raise AnalysisError(f"coder {row[coder_column]!r} coded unit ({unit}) more than once")
    wide = long.pivot(index=unit_columns, columns=coder_column, values=value_column)
    wide.columns.name = None
    return wide.sort_index()


def wide_from_tables(tables, variable: str, unit_columns=UNIT_COLUMNS) -> pd.DataFrame:
    """Build the wide table of one variable from several statements tables, one per coder.

    Parameters
    ----------
    tables : dict of {coder name: DataFrame}
        Each table has the unit columns and the column ``variable``.
    variable : str
        The coded variable, e.g. ``"type"`` or ``"speaker"``.
    unit_columns : sequence of str

    Returns
    -------
    pandas.DataFrame
        Units (the union over coders) × coders; a unit a coder lacks is missing.
    """
    unit_columns = list(unit_columns)
    frames = []
    for coder, table in tables.items():
        lacking = [c for c in unit_columns + [variable] if c not in table.columns]
        if lacking:
            raise AnalysisError(f"coding of {coder!r} lacks column(s) {', '.join(lacking)}")
        part = table[unit_columns + [variable]].copy()
        part[unit_columns] = part[unit_columns].astype(str)
        part = part.rename(columns={variable: "value"})
        part["coder"] = str(coder)
        frames.append(part)
    if len(frames) < 2:
        raise AnalysisError(f"reliability needs at least two coders (got {len(frames)})")
    long = pd.concat(frames, ignore_index=True)
    wide = to_wide(long, unit_columns, "coder", "value")
    return wide[[str(c) for c in tables]]


def coincidence_matrix(wide: pd.DataFrame) -> pd.DataFrame:
    """Krippendorff's coincidence matrix of the pairable values.

    Each unit coded by :math:`m_u \\ge 2` coders contributes, for every ordered pair of
    its values coming from two different coders, :math:`1/(m_u - 1)` to the cell
    (value 1, value 2). The matrix is symmetric; its total is the number of pairable
    values ``n``.

    Returns
    -------
    pandas.DataFrame
        Categories × categories (sorted by their string form).
    """
    wide = _clean(wide)
    values = [[v for v in row if v is not None] for row in wide.itertuples(index=False)]
    cats = sorted({v for row in values for v in row}, key=str)
    index = {c: i for i, c in enumerate(cats)}
    o = np.zeros((len(cats), len(cats)))
    for row in values:
        m = len(row)
        if m < 2:
            continue
        counts = np.zeros(len(cats))
        for v in row:
            counts[index[v]] += 1
        # ordered pairs of values from different coders: n_c * n_k, minus self-pairs on
        # the diagonal
        pairs = np.outer(counts, counts) - np.diag(counts)
        o += pairs / (m - 1)
    return pd.DataFrame(o, index=cats, columns=cats)


def krippendorff_alpha(wide: pd.DataFrame) -> float:
    """Krippendorff's alpha for nominal data, any number of coders, missing values allowed.

    .. math:: \\alpha = 1 - (n - 1) \\frac{\\sum_{c \\ne k} o_{ck}}
                                       {\\sum_{c \\ne k} n_c n_k}

    Parameters
    ----------
    wide : pandas.DataFrame
        Units × coders (see the module docstring).

    Returns
    -------
    float
        1 for perfect agreement, 0 for agreement at chance level; ``nan`` when fewer
        than two values are pairable, or when every pairable value is the same
        category (no variation: alpha is undefined).
    """
    o = coincidence_matrix(wide).to_numpy()
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n < 2:
        return float("nan")
    observed = o.sum() - np.trace(o)
    expected = (n_c.sum() ** 2 - (n_c ** 2).sum())
    if expected == 0:
        return float("nan")
    return float(1.0 - (n - 1) * observed / expected)


def _pair(wide: pd.DataFrame, a, b) -> tuple[list, list]:
    wide = _clean(wide)
    for name in (a, b):
        if name not in wide.columns:
            raise AnalysisError(f"no coder {name!r} (coders: {', '.join(map(str, wide.columns))})")
    both = [(x, y) for x, y in zip(wide[a], wide[b]) if x is not None and y is not None]
    return [x for x, _ in both], [y for _, y in both]


def cohen_kappa(wide: pd.DataFrame, a=None, b=None) -> float:
    """Cohen's kappa between coders ``a`` and ``b`` (default: the first two columns).

    Units either coder left missing are dropped. Returns ``nan`` when no unit is left
    or when both coders used one and the same category throughout.
    """
    from sklearn.metrics import cohen_kappa_score

    cols = list(wide.columns)
    a = cols[0] if a is None else a
    b = cols[1] if b is None else b
    x, y = _pair(wide, a, b)
    if not x:
        return float("nan")
    x, y = [str(v) for v in x], [str(v) for v in y]
    if len(set(x) | set(y)) < 2:
        return float("nan")
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(cohen_kappa_score(x, y))


def pairwise_kappa(wide: pd.DataFrame) -> pd.DataFrame:
    """Cohen's kappa and percent agreement for every pair of coders.

    Returns
    -------
    pandas.DataFrame
        Columns ``coder_a``, ``coder_b``, ``n_units``, ``agreement``, ``kappa``.
    """
    rows = []
    for a, b in combinations(list(wide.columns), 2):
        x, y = _pair(wide, a, b)
        agree = float(np.mean([p == q for p, q in zip(x, y)])) if x else float("nan")
        rows.append({"coder_a": a, "coder_b": b, "n_units": len(x), "agreement": agree,
                     "kappa": cohen_kappa(wide, a, b)})
    return pd.DataFrame(rows, columns=["coder_a", "coder_b", "n_units", "agreement", "kappa"])


def percent_agreement(wide: pd.DataFrame) -> float:
    """Share of agreeing pairs of values among all pairable pairs.

    For two coders this is the share of units (coded by both) on which they agree; for
    more coders each unit is weighted by its number of pairable values, as in the
    coincidence matrix (the diagonal's share of ``n``).
    """
    o = coincidence_matrix(wide).to_numpy()
    n = o.sum()
    return float(np.trace(o) / n) if n else float("nan")


def per_category_agreement(wide: pd.DataFrame) -> pd.DataFrame:
    """Agreement per category, from the coincidence matrix.

    Returns
    -------
    pandas.DataFrame
        One row per category: ``n`` (pairable values of that category), ``matched``
        (those paired with the same category, :math:`o_{cc}`), ``agreement``
        (:math:`o_{cc}/n_c`, Krippendorff's per-category agreement, i.e. the chance that
        another coder gave the same code to a unit one coder put in this category).
    """
    o = coincidence_matrix(wide)
    n_c = o.sum(axis=1)
    matched = pd.Series(np.diag(o.to_numpy()), index=o.index)
    out = pd.DataFrame({"category": o.index, "n": n_c.to_numpy(), "matched": matched.to_numpy()})
    out["agreement"] = np.where(out["n"] > 0, out["matched"] / out["n"].where(out["n"] > 0), np.nan)
    return out.reset_index(drop=True)


def confusion_matrix(wide: pd.DataFrame, a=None, b=None, labels=None) -> pd.DataFrame:
    """Cross-tabulation of coder ``a`` (rows) against coder ``b`` (columns).

    Units either coder left missing are dropped; ``labels`` fixes the order (and keeps
    categories with zero counts).
    """
    cols = list(wide.columns)
    a = cols[0] if a is None else a
    b = cols[1] if b is None else b
    x, y = _pair(wide, a, b)
    if labels is None:
        labels = sorted(set(x) | set(y), key=str)
    else:
        labels = list(labels) + sorted((set(x) | set(y)) - set(labels), key=str)
    table = pd.DataFrame(0, index=pd.Index(labels, name=str(a)),
                         columns=pd.Index(labels, name=str(b)), dtype=int)
    for p, q in zip(x, y):
        table.loc[p, q] += 1
    return table


def reliability_report(wide: pd.DataFrame) -> dict:
    """Every reliability figure for one variable.

    Returns
    -------
    dict
        ``alpha`` (Krippendorff, nominal), ``agreement`` (percent agreement),
        ``n_units`` (units with at least two codes), ``n_coders``, ``n_values``
        (pairable values), ``pairwise`` (DataFrame from :func:`pairwise_kappa`),
        ``categories`` (DataFrame from :func:`per_category_agreement`) and
        ``coincidence`` (DataFrame).
    """
    clean = _clean(wide)
    coded = clean.notna().sum(axis=1)
    o = coincidence_matrix(clean)
    return {
        "alpha": krippendorff_alpha(clean),
        "agreement": percent_agreement(clean),
        "n_units": int((coded >= 2).sum()),
        "n_coders": int(clean.shape[1]),
        "n_values": float(o.to_numpy().sum()),
        "pairwise": pairwise_kappa(clean),
        "categories": per_category_agreement(clean),
        "coincidence": o,
    }


def coder_name(path: str | Path) -> str:
    """The coder name for a table file: its stem."""
    return Path(path).stem
