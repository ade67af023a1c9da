"""Charts of the statements table (first implementation; issue 5 extends it)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg") if matplotlib.get_backend().lower() == "agg" else None
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .coding import TYPES  # noqa: E402

__all__ = ["TYPE_COLORS", "plot_speaker_types", "save_figure"]

#: Okabe–Ito colour-blind-safe palette, one fixed colour per type
TYPE_COLORS = {
    "assurance": "#0072B2",
    "skepticism": "#D55E00",
    "demand": "#E69F00",
    "accusation": "#CC79A7",
    "engagement": "#009E73",
    "context": "#BBBBBB",
}


def plot_speaker_types(table: pd.DataFrame, title: str | None = None):
    """Statements per speaker by type, stacked horizontal bars."""
    types = list(TYPES)
    counts = pd.crosstab(table["speaker"], pd.Categorical(table["type"], categories=types),
                         dropna=False).reindex(columns=types, fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(kind="mergesort").index]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(counts) + 1.6), layout="constrained")
    left = pd.Series(0, index=counts.index)
    for t in types:
        ax.barh(counts.index, counts[t], left=left, color=TYPE_COLORS.get(t, "#999999"), label=t)
        left = left + counts[t]
    ax.set_xlabel("statements")
    ax.set_title(title or "Statements per speaker by type")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    return fig


def save_figure(fig, name: str, out_dir: str | Path, formats=("png",), dpi: int = 300):
    """Save ``fig`` as ``out_dir/name.<fmt>`` for each format; return the paths."""
    from .io import atomic_write

    out_dir = Path(out_dir)
    paths = []
    for fmt in formats:
        path = out_dir / f"{name}.{fmt}"
        meta = {"png": {"Software": None}, "svg": {"Date": None},
                "pdf": {"CreationDate": None, "ModDate": None}}.get(fmt, {})
        with atomic_write(path, "wb") as f:
            fig.savefig(f, format=fmt, dpi=dpi, metadata=meta)
        paths.append(path)
    return paths
