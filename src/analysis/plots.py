"""Charts of assurance versus skepticism, ready to paste into a report.

Every chart function takes the statements table (one row per statement, see
:data:`analysis.schema.STATEMENT_COLUMNS`) and returns a :class:`matplotlib.figure.Figure`.
Figures are built without :mod:`matplotlib.pyplot`, so the module changes no global state,
leaks no figures in long loops, and a returned figure is shown once in a notebook.

Each chart has a companion function returning the table it draws
(``speaker_type_counts``, ``balance_table``, ``flow_table``, ``article_table``,
``target_table``), so a figure can be rebuilt elsewhere from its CSV.

=============================  ==========================================================
chart                          what it shows
=============================  ==========================================================
:func:`plot_speaker_types`     statements per speaker by type, stacked horizontal bars
:func:`plot_balance`           assurance versus skepticism per speaker, diverging bars
:func:`plot_flow`              the article's statements in reading order, one lane each
                               speaker
:func:`plot_heatmap`           speaker × type counts
:func:`plot_articles`          assurance and skepticism per article, in date order
:func:`plot_targets`           speaker → target matrices, one per type
=============================  ==========================================================

Colours: one fixed colour-blind-safe colour per type (Okabe–Ito, :data:`TYPE_COLORS`);
types of a custom codebook that have no colour here get a deterministic one from Paul
Tol's muted palette (:func:`type_color`). Every type of the codebook appears in legends
and axes, with zero counts where it was not coded.
"""

from __future__ import annotations

import io
import re
import textwrap
import zlib
from collections.abc import Iterable, Sequence
from functools import wraps
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from .coding import TYPES
from .errors import AnalysisError
from .schema import is_missing

__all__ = [
    "CHARTS",
    "FOCUS_TYPES",
    "STYLE",
    "TYPE_COLORS",
    "ReportFigure",
    "article_table",
    "balance_table",
    "flow_table",
    "plot_articles",
    "plot_balance",
    "plot_flow",
    "plot_heatmap",
    "plot_speaker_types",
    "plot_targets",
    "resolve_types",
    "save_figure",
    "source_note",
    "speaker_type_counts",
    "target_table",
    "type_color",
    "type_palette",
]

#: Okabe–Ito colour-blind-safe palette, one fixed colour per type of the reference codebook
TYPE_COLORS = {
    "assurance": "#0072B2",
    "skepticism": "#D55E00",
    "demand": "#E69F00",
    "accusation": "#CC79A7",
    "engagement": "#009E73",
    "context": "#BBBBBB",
}
#: colours for types not in :data:`TYPE_COLORS` (Paul Tol's muted scheme), picked by name
_FALLBACK_COLORS = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77",
                    "#882255", "#AA4499", "#661100", "#6699CC"]
#: the two types every chart puts first and emphasises
FOCUS_TYPES = ("assurance", "skepticism")
#: types whose statements usually have a target (the speaker → target chart)
TARGET_TYPES = ("skepticism", "assurance", "demand", "accusation")

#: width of a figure at report size (inches): a US-letter / A4 text column
REPORT_WIDTH = 6.5

#: matplotlib settings applied (in an rc context) while a chart is built and saved
STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans"],
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.titlelocation": "left",
    "axes.labelsize": 8.5,
    "axes.labelcolor": "#222222",
    "axes.edgecolor": "#666666",
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "figure.titlesize": 10.5,
    "figure.titleweight": "bold",
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.fonttype": "none",
    "svg.hashsalt": "analysis-figures",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "pdf.compression": 6,
}

_NOTE_COLOR = "#555555"
_EMPTY = "(none)"


def _styled(func):
    """Build the chart inside an rc context with :data:`STYLE` (no global change)."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        with mpl.rc_context(STYLE):
            return func(*args, **kwargs)

    return wrapper


# --------------------------------------------------------------------------- colours & types


def type_color(type_name: str) -> str:
    """Return the colour of a statement type (hex string).

    Types of the reference codebook have fixed Okabe–Ito colours; any other name gets a
    colour from Paul Tol's muted palette chosen by a checksum of the name, so the same
    type has the same colour in every chart and every session.
    """
    if type_name in TYPE_COLORS:
        return TYPE_COLORS[type_name]
    return _FALLBACK_COLORS[zlib.crc32(str(type_name).encode("utf-8")) % len(_FALLBACK_COLORS)]


def type_palette(types: Iterable[str]) -> dict[str, str]:
    """``{type: colour}`` for the given types (see :func:`type_color`)."""
    return {t: type_color(t) for t in types}


def _tint(color: str, amount: float = 0.55) -> tuple[float, float, float]:
    """Mix ``color`` with white (``amount`` = share of white)."""
    r, g, b = to_rgb(color)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def _type_names(types) -> list[str]:
    """Type names from a list of names, or a codebook-like object with ``types``."""
    if types is None:
        return list(TYPES)
    if hasattr(types, "types"):
        types = types.types
    if isinstance(types, dict):
        types = list(types)
    out = []
    for t in types:
        name = t if isinstance(t, str) else getattr(t, "name", None)
        if name is None:
            raise AnalysisError(f"cannot read a type name from {t!r}")
        if name not in out:
            out.append(name)
    return out


def resolve_types(table: pd.DataFrame | None = None, types=None,
                  focus: Sequence[str] = FOCUS_TYPES) -> list[str]:
    """The types a chart shows, in display order.

    The codebook's types (``types``: a list of names or a codebook object with a
    ``types`` attribute; default :data:`analysis.coding.TYPES`), then any other type
    found in ``table`` (sorted); the ``focus`` types first.
    """
    names = _type_names(types)
    if table is not None and "type" in table.columns and len(table):
        found = {str(t) for t in table["type"].dropna() if str(t).strip()}
        names += sorted(found - set(names))
    first = [t for t in focus if t in names]
    return first + [t for t in names if t not in first]


# --------------------------------------------------------------------------- helpers


def _check_table(table: pd.DataFrame, columns: Sequence[str] = ("speaker", "type")) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise AnalysisError(f"expected a statements table (DataFrame), got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise AnalysisError(f"statements table lacks column(s) {', '.join(missing)}")
    out = table.copy()
    for c in ("speaker", "type", "target", "article_id", "date", "title", "outlet", "coded_by"):
        if c in out.columns:
            out[c] = out[c].map(_clean)
    if "speaker" in out.columns:
        out["speaker"] = out["speaker"].replace("", "(unknown)")
    return out


def _clean(value) -> str:
    if is_missing(value):
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def _wrap(label: str, width: int = 26, lines: int = 2) -> str:
    parts = textwrap.wrap(str(label), width=width, break_on_hyphens=False) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1] + "…"
    return "\n".join(parts)


def _n_articles(table: pd.DataFrame) -> int:
    return int(table["article_id"].nunique()) if "article_id" in table.columns else 1


def _codebook_name(codebook) -> str:
    reference = "reference codebook (CODEBOOK.md)"
    if codebook is None:
        return reference
    if isinstance(codebook, (str, Path)):
        return Path(codebook).name
    name = str(getattr(codebook, "name", "") or "")
    path = getattr(codebook, "path", None)
    if name == "reference":
        return reference
    if name and path:
        return f"{name} ({Path(path).name})"
    return name or (Path(path).name if path else "custom codebook")


def source_note(table: pd.DataFrame, codebook=None, extra: str | None = None) -> str:
    """The small source line under each chart: articles, statements, codebook, coder.

    Parameters
    ----------
    table : DataFrame
        The statements table the chart was drawn from.
    codebook : codebook object, path, str or None
        Named in the note (None: the reference codebook).
    extra : str, optional
        Appended at the end.
    """
    n_art = _n_articles(table)
    parts = []
    if n_art == 1 and len(table):
        row = table.iloc[0]
        title = _clean(row.get("title", "")) or _clean(row.get("article_id", "")) or "article"
        bits = [b for b in (_clean(row.get("outlet", "")), _clean(row.get("date", ""))) if b]
        parts.append(f"Source: {_short(title, 70)}" + (f" ({', '.join(bits)})" if bits else ""))
    else:
        outlets = sorted({o for o in table.get("outlet", pd.Series(dtype=str)) if o})
        src = f"Source: {n_art} articles"
        if outlets:
            shown = ", ".join(outlets[:4]) + (f" and {len(outlets) - 4} more" if len(outlets) > 4
                                              else "")
            src += f" ({shown})"
        parts.append(src)
    parts.append(f"{len(table)} statements")
    parts.append(f"codebook: {_codebook_name(codebook)}")
    if "coded_by" in table.columns:
        coders = sorted({c for c in table["coded_by"] if c})
        if coders:
            parts.append("coding: " + ", ".join(coders))
    if extra:
        parts.append(extra)
    return " · ".join(parts)


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


class ReportFigure(Figure):
    """A matplotlib Figure that shows itself in Jupyter (``_repr_png_``) without pyplot.

    The charts are built without :mod:`matplotlib.pyplot` (no global figure registry, no
    double display); this hook renders them as PNG at twice the screen resolution, shown
    at report width. Everything else is a plain :class:`~matplotlib.figure.Figure`.
    """

    def _repr_png_(self):
        buf = io.BytesIO()
        with mpl.rc_context(STYLE):
            self.savefig(buf, format="png", dpi=200, metadata={"Software": None})
        width = round(self.get_figwidth() * 100)
        return buf.getvalue(), {"width": width}


def _new_figure(height: float, width: float = REPORT_WIDTH) -> Figure:
    fig = ReportFigure(figsize=(width, height), layout="constrained")
    fig.get_layout_engine().set(h_pad=0.06, w_pad=0.06, hspace=0.04, wspace=0.04)
    return fig


def _finish(fig: Figure, title: str, note: str) -> Figure:
    fig.suptitle(title, x=0.01, ha="left")
    wrapped = "\n".join(textwrap.wrap(note, width=125)[:3])
    fig.supxlabel(wrapped, x=0.01, ha="left", fontsize=6.5, color=_NOTE_COLOR,
                  linespacing=1.3, fontweight="normal")
    return fig


def _legend(ax, handles, ncols: int | None = None, title: str | None = None):
    """Legend above ``ax``, outside the data (constrained layout makes room for it)."""
    if ncols is None:
        longest = max((len(h.get_label()) for h in handles), default=10)
        ncols = max(1, min(len(handles), int(64 // (longest + 5))))
    return ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.01),
                     ncols=ncols, title=title, handlelength=1.2, handleheight=0.9,
                     columnspacing=1.4, borderaxespad=0.1, borderpad=0.2, alignment="left",
                     title_fontsize=8, frameon=False)


def _type_handles(types: Sequence[str], counts: dict | None = None,
                  muted: Iterable[str] = ()) -> list[Patch]:
    muted = set(muted)
    handles = []
    for t in types:
        color = _tint(type_color(t)) if t in muted else type_color(t)
        label = t if counts is None else f"{t} ({int(counts.get(t, 0))})"
        handles.append(Patch(facecolor=color, edgecolor="none", label=label))
    return handles


def _message_panel(ax, message: str) -> None:
    ax.set_axis_off()
    ax.add_patch(Rectangle((0.02, 0.08), 0.96, 0.84, transform=ax.transAxes, fill=False,
                           edgecolor="#BBBBBB", linestyle=(0, (4, 3)), linewidth=0.8))
    ax.text(0.5, 0.5, "\n".join(textwrap.wrap(message, 70)), transform=ax.transAxes,
            ha="center", va="center", fontsize=9, color="#444444")


def _collapse_speakers(counts: pd.DataFrame, max_speakers: int | None,
                       key: pd.Series | None = None) -> pd.DataFrame:
    """Keep the ``max_speakers`` largest rows; sum the rest into one 'other' row."""
    if max_speakers is None or len(counts) <= max_speakers:
        return counts
    key = counts.sum(axis=1) if key is None else key
    order = _order_by(key)
    keep = order[: max_speakers - 1]
    rest = order[max_speakers - 1:]
    other = counts.loc[rest].sum().to_frame(f"other speakers ({len(rest)})").T
    return pd.concat([counts.loc[keep], other])


def _narrator_last(frame: pd.DataFrame) -> pd.DataFrame:
    """Actors first, then the 'other speakers' row, then ``narrator`` (not an actor)."""
    idx = [str(i) for i in frame.index]
    other = [i for i in idx if i.startswith("other speakers (")]
    tail = other + [i for i in idx if i == "narrator"]
    return frame.loc[[i for i in idx if i not in tail] + tail]


def _order_by(key: pd.Series) -> list:
    """Index labels by ``key`` descending, then label ascending (deterministic)."""
    frame = pd.DataFrame({"key": key.values, "label": [str(i) for i in key.index]},
                         index=key.index)
    return list(frame.sort_values(["key", "label"], ascending=[False, True],
                                  kind="mergesort").index)


# --------------------------------------------------------------------------- chart tables


def speaker_type_counts(table: pd.DataFrame, types=None, max_speakers: int | None = None,
                        focus: Sequence[str] = FOCUS_TYPES) -> pd.DataFrame:
    """Statements per speaker (rows) and type (columns, every type kept, display order).

    Rows are ordered by total, descending; with ``max_speakers`` the smaller speakers are
    summed into one ``other speakers (n)`` row. A ``total`` column is added.
    """
    table = _check_table(table)
    types = resolve_types(table, types, focus)
    counts = pd.crosstab(pd.Categorical(table["speaker"]),
                         pd.Categorical(table["type"], categories=types), dropna=False)
    counts = counts.reindex(columns=types, fill_value=0)
    counts.index = [str(i) for i in counts.index]
    counts = counts.loc[_order_by(counts.sum(axis=1))] if len(counts) else counts
    counts = _collapse_speakers(counts, max_speakers)
    counts = _narrator_last(counts)
    counts = counts.astype(int)
    counts["total"] = counts[types].sum(axis=1)
    counts.index.name = "speaker"
    counts.columns.name = None
    return counts


def balance_table(table: pd.DataFrame, pair: Sequence[str] = FOCUS_TYPES,
                  max_speakers: int | None = None) -> pd.DataFrame:
    """Assurance and skepticism statements per speaker, and their difference.

    Columns: the two types of ``pair`` (first: the positive side), ``net`` (first minus
    second). Only speakers with at least one statement of either type; ordered by their
    sum, descending.
    """
    pos, neg = pair
    counts = speaker_type_counts(table, types=resolve_types(table, None, pair), focus=pair)
    for t in pair:
        if t not in counts.columns:
            counts[t] = 0
    out = counts[[pos, neg]].copy()
    out = out[(out[pos] + out[neg]) > 0]
    if len(out):
        out = out.loc[_order_by(out[pos] + out[neg])]
    out = _narrator_last(_collapse_speakers(out, max_speakers))
    out["net"] = out[pos] - out[neg]
    out.index.name = "speaker"
    return out.astype(int)


def flow_table(table: pd.DataFrame, article: str | None = None) -> pd.DataFrame:
    """One article's statements in reading order with the lane (row) of their speaker.

    Lanes follow the order in which speakers first speak, ``narrator`` last.

    Raises
    ------
    AnalysisError
        If the table holds several articles and ``article`` does not name one of them.
    """
    table = _check_table(table)
    if "article_id" in table.columns:
        ids = list(dict.fromkeys(table["article_id"]))
        if article is None and len(ids) > 1:
            raise AnalysisError("the flow chart shows one article; pass article= one of "
                                + ", ".join(ids[:5]) + (" …" if len(ids) > 5 else ""))
        if article is not None:
            if article not in ids:
                raise AnalysisError(f"no article {article!r} in the table")
            table = table[table["article_id"] == article]
    if "statement_id" in table.columns:
        sid = pd.to_numeric(table["statement_id"], errors="coerce")
        table = table.assign(_sid=sid).sort_values("_sid", kind="mergesort")
    position = np.arange(1, len(table) + 1)
    speakers = list(dict.fromkeys(table["speaker"]))
    if "narrator" in speakers:
        speakers = [s for s in speakers if s != "narrator"] + ["narrator"]
    lane = {s: i for i, s in enumerate(speakers)}
    out = pd.DataFrame({
        "position": position,
        "statement_id": table["statement_id"].to_numpy() if "statement_id" in table.columns
        else position,
        "speaker": table["speaker"].to_numpy(),
        "type": table["type"].to_numpy(),
        "lane": [lane[s] for s in table["speaker"]],
    })
    return out


def article_table(table: pd.DataFrame, pair: Sequence[str] = FOCUS_TYPES,
                  types=None) -> pd.DataFrame:
    """One row per article in date order (undated last): counts and shares of ``pair``.

    Columns: ``article_id``, ``date``, ``title``, ``outlet``, ``statements``, one count per
    type of ``pair`` and ``share_<type>`` (of the article's statements).
    """
    table = _check_table(table, ("type",))
    if "article_id" not in table.columns:
        table = table.assign(article_id="article")
    for c in ("date", "title", "outlet"):
        if c not in table.columns:
            table[c] = ""
    rows = []
    for aid, g in table.groupby("article_id", sort=False):
        row = {"article_id": aid, "date": _first(g["date"]), "title": _first(g["title"]),
               "outlet": _first(g["outlet"]), "statements": len(g)}
        for t in pair:
            row[t] = int((g["type"] == t).sum())
        for t in pair:
            row[f"share_{t}"] = row[t] / len(g) if len(g) else 0.0
        rows.append(row)
    out = pd.DataFrame(rows, columns=["article_id", "date", "title", "outlet", "statements",
                                      *pair, *[f"share_{t}" for t in pair]])
    out["_undated"] = out["date"] == ""
    out = out.sort_values(["_undated", "date", "article_id"], kind="mergesort")
    return out.drop(columns="_undated").reset_index(drop=True)


def _first(values: pd.Series) -> str:
    for v in values:
        if v:
            return v
    return ""


def target_table(table: pd.DataFrame, types=None) -> pd.DataFrame:
    """Statements with a target, counted by type, speaker and target (long format)."""
    table = _check_table(table)
    cols = ["type", "speaker", "target", "statements"]
    if "target" not in table.columns:
        return pd.DataFrame(columns=cols)
    has = table[table["target"] != ""]
    if has.empty:
        return pd.DataFrame(columns=cols)
    order = resolve_types(has, types)
    out = has.groupby(["type", "speaker", "target"]).size().rename("statements").reset_index()
    out["_t"] = out["type"].map({t: i for i, t in enumerate(order)})
    out = out.sort_values(["_t", "statements", "speaker", "target"],
                          ascending=[True, False, True, True], kind="mergesort")
    return out.drop(columns="_t").reset_index(drop=True)


# --------------------------------------------------------------------------- charts


@_styled
def plot_speaker_types(table: pd.DataFrame, types=None, *, focus: Sequence[str] = FOCUS_TYPES,
                       max_speakers: int | None = 20, title: str | None = None,
                       codebook=None, note: str | None = None) -> Figure:
    """Statements per speaker by type: stacked horizontal bars.

    The ``focus`` types (assurance, skepticism) are drawn first, in full colour and
    outlined; the other types follow in muted tints. Every type of the codebook is in the
    legend, with its count (zero included).

    Parameters
    ----------
    table : DataFrame
        Statements table (``speaker``, ``type``).
    types : list of str or codebook, optional
        The codebook's types (default: the reference codebook's).
    focus : sequence of str
        Types drawn first and emphasised.
    max_speakers : int or None
        Show this many speakers; the rest are summed into one "other speakers" bar.
    title, codebook, note
        Chart title; codebook named in the source note; text replacing the source note.

    Returns
    -------
    matplotlib.figure.Figure
    """
    counts = speaker_type_counts(table, types, max_speakers=max_speakers, focus=focus)
    types = [c for c in counts.columns if c != "total"]
    totals = _check_table(table)["type"].value_counts()
    muted = [t for t in types if t not in focus]
    n = len(counts)
    fig = _new_figure(max(2.3, 0.3 * max(n, 1) + 1.75))
    ax = fig.add_subplot()
    if n == 0:
        _message_panel(ax, "No statements in the table.")
    else:
        y = np.arange(n)[::-1]
        left = np.zeros(n)
        for t in types:
            vals = counts[t].to_numpy(dtype=float)
            emph = t in focus
            ax.barh(y, vals, left=left, height=0.72,
                    color=type_color(t) if emph else _tint(type_color(t)),
                    edgecolor="white" if not emph else "#222222",
                    linewidth=0.3 if not emph else 0.6, label=t, zorder=3 if emph else 2)
            left += vals
        for yi, total in zip(y, counts["total"]):
            ax.text(total, yi, f" {total}", va="center", ha="left", fontsize=7.5,
                    color="#333333")
        ax.set_yticks(y, [_wrap(s) for s in counts.index])
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_xlim(0, counts["total"].max() * 1.1 + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", color="#E5E5E5", linewidth=0.6, zorder=0)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel("statements")
    _legend(ax, _type_handles(types, totals.to_dict(), muted))
    return _finish(fig, title or "Who says what: statements per speaker, by type",
                   note or source_note(_check_table(table), codebook))


@_styled
def plot_balance(table: pd.DataFrame, types=None, *, pair: Sequence[str] = FOCUS_TYPES,
                 max_speakers: int | None = 20, title: str | None = None, codebook=None,
                 note: str | None = None) -> Figure:
    """Assurance versus skepticism per speaker: diverging bars with counts.

    Skepticism (the second type of ``pair``) extends to the left, assurance (the first)
    to the right; each bar is labelled with its count. Speakers with neither are left out.

    Parameters
    ----------
    table : DataFrame
    types : ignored except for validation of custom codebooks (kept for a uniform API)
    pair : (positive, negative) types
    max_speakers, title, codebook, note
        As in :func:`plot_speaker_types`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    pos, neg = pair
    data = balance_table(table, pair, max_speakers=max_speakers)
    clean = _check_table(table)
    totals = {t: int((clean["type"] == t).sum()) for t in pair}
    n = len(data)
    fig = _new_figure(max(2.3, 0.3 * max(n, 1) + 1.9))
    ax = fig.add_subplot()
    if n == 0:
        _message_panel(ax, f"No {pos} or {neg} statements coded in these "
                           f"{len(clean)} statements.")
    else:
        y = np.arange(n)[::-1]
        ax.barh(y, data[pos], height=0.65, color=type_color(pos), zorder=3)
        ax.barh(y, -data[neg], height=0.65, color=type_color(neg), zorder=3)
        lim = max(int(data[[pos, neg]].to_numpy().max()), 1)
        pad = lim * 0.03 + 0.05
        for yi, a, s in zip(y, data[pos], data[neg]):
            if a:
                ax.text(a + pad, yi, str(a), va="center", ha="left", fontsize=7.5,
                        color="#222222")
            if s:
                ax.text(-s - pad, yi, str(s), va="center", ha="right", fontsize=7.5,
                        color="#222222")
        ax.axvline(0, color="#444444", linewidth=0.8, zorder=4)
        ax.spines["left"].set_visible(False)
        ax.set_xlim(-lim * 1.22 - 0.3, lim * 1.22 + 0.3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, symmetric=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(round(v))}"))
        ax.set_yticks(y, [_wrap(s) for s in data.index])
        ax.set_ylim(-0.6, n - 0.4)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#E5E5E5", linewidth=0.6, zorder=0)
        ax.set_axisbelow(True)
        ax.set_xlabel(f"← {neg} statements      |      {pos} statements →")
    handles = _type_handles(pair, totals)
    _legend(ax, handles, ncols=2)
    return _finish(fig, title or f"Who reassures, who doubts: {pos} versus {neg} per speaker",
                   note or source_note(clean, codebook))


@_styled
def plot_flow(table: pd.DataFrame, types=None, *, article: str | None = None,
              focus: Sequence[str] = FOCUS_TYPES, title: str | None = None, codebook=None,
              note: str | None = None) -> Figure:
    """The article's flow: every statement in reading order, one lane per speaker.

    Each statement is a tile at its position in the text, in its speaker's lane,
    coloured by type (``context`` and other non-focus types lighter); a thin line joins
    consecutive statements so the exchange of assurance and doubt can be followed.

    Parameters
    ----------
    table : DataFrame
        Statements of one article (or pass ``article`` to pick one).
    types : list of str or codebook, optional
    article : str, optional
        ``article_id`` to draw when the table holds several articles.
    focus, title, codebook, note
        As in :func:`plot_speaker_types`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    clean = _check_table(table)
    data = flow_table(clean, article)
    sub = clean if article is None else clean[clean["article_id"] == article]
    types = resolve_types(sub, types, focus)
    speakers = list(dict.fromkeys(data.sort_values("lane", kind="mergesort")["speaker"]))
    n_lanes = len(speakers)
    n = len(data)
    fig = _new_figure(max(2.4, 0.3 * max(n_lanes, 1) + 1.85))
    ax = fig.add_subplot()
    if n == 0:
        _message_panel(ax, "No statements in the table.")
    else:
        y = (n_lanes - 1) - data["lane"].to_numpy()
        x = data["position"].to_numpy()
        ax.plot(x, y, color="#BBBBBB", linewidth=0.6, zorder=1)
        for t in types:
            sel = (data["type"] == t).to_numpy()
            if not sel.any():
                continue
            emph = t in focus
            ax.bar(x[sel], 0.72, bottom=y[sel] - 0.36, width=0.82,
                   color=type_color(t) if emph or t != "context" else _tint(type_color(t), 0.3),
                   edgecolor="#222222" if emph else "none", linewidth=0.5, zorder=3)
        ax.set_yticks(np.arange(n_lanes)[::-1], [_wrap(s) for s in speakers])
        ax.set_ylim(-0.6, n_lanes - 0.4)
        ax.set_xlim(0.3, n + 0.7)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        ax.tick_params(axis="y", length=0)
        for i in range(n_lanes):
            ax.axhline(i, color="#EEEEEE", linewidth=0.6, zorder=0)
        ax.set_xlabel("statement, in reading order")
    counts = data["type"].value_counts().to_dict()
    handles = []
    for t in types:
        emph = t in focus
        color = type_color(t) if emph or t != "context" else _tint(type_color(t), 0.3)
        handles.append(Patch(facecolor=color, edgecolor="#222222" if emph else "none",
                             linewidth=0.5, label=f"{t} ({counts.get(t, 0)})"))
    _legend(ax, handles)
    return _finish(fig, title or "How the exchange unfolds: statements in reading order",
                   note or source_note(sub, codebook))


@_styled
def plot_heatmap(table: pd.DataFrame, types=None, *, focus: Sequence[str] = FOCUS_TYPES,
                 max_speakers: int | None = 25, title: str | None = None, codebook=None,
                 note: str | None = None) -> Figure:
    """Speaker × type heatmap, the count written in every cell (zeros included).

    A coloured band above each column gives the type's colour; cell shading is a single
    grey-blue sequential scale (readable in greyscale and by colour-blind readers).

    Returns
    -------
    matplotlib.figure.Figure
    """
    counts = speaker_type_counts(table, types, max_speakers=max_speakers, focus=focus)
    types = [c for c in counts.columns if c != "total"]
    mat = counts[types].to_numpy()
    n, m = mat.shape
    fig = _new_figure(max(2.5, 0.28 * max(n, 1) + 2.0))
    ax = fig.add_subplot()
    if n == 0:
        _message_panel(ax, "No statements in the table.")
    else:
        # shade on the actors' counts: the narrator's many context statements would
        # otherwise wash every other cell out (its cells saturate; numbers stay exact)
        actors = [i for i, s in enumerate(counts.index)
                  if s != "narrator" and not str(s).startswith("other speakers (")]
        vmax = max(int(mat[actors].max()) if actors else int(mat.max()), 1)
        ax.imshow(np.minimum(mat, vmax), cmap="Blues", vmin=0, vmax=vmax * 1.15,
                  aspect="auto", interpolation="nearest")
        for i in range(n):
            for j in range(m):
                v = int(mat[i, j])
                dark = v > vmax * 0.55
                ax.text(j, i, str(v), ha="center", va="center", fontsize=7.5,
                        color="white" if dark else ("#222222" if v else "#AAAAAA"),
                        fontweight="bold" if v and types[j] in focus else "normal")
        for j, t in enumerate(types):
            ax.add_patch(Rectangle((j - 0.5, -0.5 - 0.32), 1, 0.26, facecolor=type_color(t),
                                   edgecolor="white", linewidth=1, clip_on=False))
        ax.set_xticks(np.arange(m), types)
        ax.xaxis.tick_top()
        ax.tick_params(axis="x", length=0, pad=10)
        ax.set_yticks(np.arange(n), [f"{_wrap(s)}" for s in counts.index])
        ax.tick_params(axis="y", length=0)
        ax.set_xticks(np.arange(m + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(n + 1) - 0.5, minor=True)
        ax.grid(which="minor", color="white", linewidth=1.2)
        ax.tick_params(which="minor", length=0)
        for side in ("left", "bottom", "top", "right"):
            ax.spines[side].set_visible(False)
        for j, total in enumerate(mat.sum(axis=0)):
            ax.text(j, n - 0.5 + 0.25, f"{int(total)}", ha="center", va="top", fontsize=7,
                    color="#555555")
        ax.text(-0.5, n - 0.5 + 0.25, "total ", ha="right", va="top", fontsize=7,
                color="#555555", transform=ax.transData)
        ax.set_ylim(n - 0.5 + 0.75, -0.5)
    return _finish(fig, title or "Speaker × type: number of statements",
                   note or source_note(_check_table(table), codebook))


def _article_label(row) -> str:
    date = row["date"] or "undated"
    name = re.sub(r"^\d+[_-]", "", str(row["article_id"]))
    return f"{date}\n{_short(name.replace('_', ' '), 22)}"


@_styled
def plot_articles(table: pd.DataFrame, types=None, *, pair: Sequence[str] = FOCUS_TYPES,
                  title: str | None = None, codebook=None, note: str | None = None) -> Figure:
    """Across articles: assurance and skepticism per article, in date order.

    Top panel: counts (paired bars); bottom panel: shares of each article's statements.
    Articles are placed in date order, undated ones last, one slot each (so articles
    years apart stay readable); each is labelled by date and id.

    Returns
    -------
    matplotlib.figure.Figure
    """
    data = article_table(table, pair)
    clean = _check_table(table, ("type",))
    k = len(data)
    rotate = k > 5
    fig = _new_figure(4.6 if rotate else 4.0)
    ax1, ax2 = fig.subplots(2, 1, sharex=True, height_ratios=[1.1, 1])
    if k == 0:
        _message_panel(ax1, "No articles in the table.")
        ax2.set_axis_off()
    else:
        x = np.arange(k)
        w = 0.38 if len(pair) == 2 else 0.8 / len(pair)
        for i, t in enumerate(pair):
            off = (i - (len(pair) - 1) / 2) * w
            ax1.bar(x + off, data[t], width=w, color=type_color(t), zorder=3)
            if k <= 25:
                for xi, v in zip(x + off, data[t]):
                    ax1.text(xi, v, str(int(v)), ha="center", va="bottom", fontsize=6.5,
                             color="#333333")
            dated = (data["date"] != "").to_numpy()
            share = data[f"share_{t}"].to_numpy()
            if dated.any():  # a line only through dated articles, in date order
                ax2.plot(x[dated], share[dated], color=type_color(t), marker="o",
                         markersize=3.5, linewidth=1.2, zorder=3)
            if (~dated).any():
                ax2.plot(x[~dated], share[~dated], color=type_color(t), marker="o",
                         markersize=3.5, linestyle="none", zorder=3)
        undated_at = np.flatnonzero((data["date"] == "").to_numpy())
        if 0 < len(undated_at) < k:
            for ax in (ax1, ax2):
                ax.axvline(undated_at[0] - 0.5, color="#999999", linewidth=0.8,
                           linestyle=(0, (3, 3)), zorder=1)
        ax1.set_ylabel("statements")
        ax1.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        top = max(int(data[list(pair)].to_numpy().max()), 1)
        ax1.set_ylim(0, top * 1.18 + 0.2)
        ax2.set_ylabel("share of the\narticle's statements")
        ax2.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        smax = float(data[[f"share_{t}" for t in pair]].to_numpy().max())
        ax2.set_ylim(0, max(smax * 1.15, 0.05))
        for ax in (ax1, ax2):
            ax.grid(axis="y", color="#E5E5E5", linewidth=0.6, zorder=0)
            ax.set_axisbelow(True)
        labels = [_article_label(r) for _, r in data.iterrows()]
        step = max(1, int(np.ceil(k / 30)))
        ax2.set_xticks(x[::step], labels[::step], fontsize=6.5 if rotate else 7.5,
                       rotation=55 if rotate else 0, ha="right" if rotate else "center",
                       rotation_mode="anchor")
        pad = max(0.0, (4 - k) / 2)
        ax2.set_xlim(-0.6 - pad, k - 0.4 + pad)
        ax2.yaxis.set_major_locator(MaxNLocator(nbins=4))
        fig.align_ylabels([ax1, ax2])
        ax2.set_xlabel("article (date order)" if data["date"].ne("").any()
                       else "article (input order; no dates)")
    totals = {t: int((clean["type"] == t).sum()) for t in pair}
    _legend(ax1, _type_handles(pair, totals), ncols=len(pair))
    undated = int((data["date"] == "").sum())
    extra = f"{undated} undated article(s) placed last" if undated and undated < k else None
    return _finish(fig, title or f"{pair[0].capitalize()} and {pair[1]} across articles",
                   note or source_note(clean, codebook, extra))


@_styled
def plot_targets(table: pd.DataFrame, types=None, *,
                 target_types: Sequence[str] | None = None, max_actors: int | None = 10,
                 title: str | None = None, codebook=None, note: str | None = None) -> Figure:
    """Speaker → target: who doubts whose assurances, who demands action of whom.

    One matrix per type (speakers in rows, targets in columns, the count in each cell,
    shaded in the type's colour). Without any coded target the figure says so instead of
    failing.

    Parameters
    ----------
    table : DataFrame
        Statements table; the ``target`` column may be missing or empty.
    types : list of str or codebook, optional
    target_types : sequence of str, optional
        Types to draw (default: skepticism, assurance, demand and accusation, those of
        them in the codebook; for a codebook without them, the first types with targets).
    max_actors : int or None
        Most frequent speakers and targets kept; the rest summed into "other".
    title, codebook, note
        As in :func:`plot_speaker_types`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    clean = _check_table(table)
    data = target_table(clean, types)
    all_types = resolve_types(clean, types)
    if target_types is None:
        target_types = [t for t in TARGET_TYPES if t in all_types]
        if not target_types:  # a custom codebook: the types that have targets
            target_types = [t for t in all_types if t in set(data["type"])][:4] or all_types[:4]
    target_types = list(target_types)
    left_out = int(data.loc[~data["type"].isin(target_types), "statements"].sum())
    data = data[data["type"].isin(target_types)]
    title = title or "Who addresses whom: speaker → target, by type"
    if data.empty:
        fig = _new_figure(2.4)
        ax = fig.add_subplot()
        if "target" not in clean.columns:
            why = "the table has no target column"
        elif left_out:
            why = (f"none of the {', '.join(target_types)} statements has a target "
                   f"({left_out} statements of other types have one)")
        else:
            why = f"the target column is empty for all {len(clean)} statements"
        _message_panel(ax, f"No targets coded: {why}. Speaker → target patterns need a "
                           "coded target (the actor doubted, accused or called on).")
        return _finish(fig, title, note or source_note(clean, codebook))

    data = data.copy()
    if max_actors:
        for col in ("speaker", "target"):
            size = data.groupby(col)["statements"].sum()
            keep = set(_order_by(size)[:max_actors])
            if len(size) > max_actors:
                data[col] = data[col].where(data[col].isin(keep), "other")
        data = data.groupby(["type", "speaker", "target"], sort=False)["statements"].sum()
        data = data.reset_index()
    speakers = _other_last(_order_by(data.groupby("speaker")["statements"].sum()))
    targets = _other_last(_order_by(data.groupby("target")["statements"].sum()))
    n, m = len(speakers), len(targets)
    k = len(target_types)
    ncols = 2 if k > 1 else 1
    nrows = int(np.ceil(k / ncols))
    cell = 0.26
    panel_h = cell * n + 1.0
    fig = _new_figure(max(2.6, nrows * panel_h + 1.3))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False).ravel())
    vmax = max(int(data["statements"].max()), 1)
    for idx, ax in enumerate(axes):
        if idx >= k:
            ax.set_axis_off()
            continue
        t = target_types[idx]
        sub = data[data["type"] == t]
        mat = np.zeros((n, m), dtype=int)
        for _, r in sub.iterrows():
            mat[speakers.index(r["speaker"]), targets.index(r["target"])] += r["statements"]
        base = np.array(to_rgb(type_color(t)))
        rgb = np.ones((n, m, 3))
        frac = np.where(mat > 0, 0.25 + 0.75 * mat / vmax, 0.0)
        rgb = rgb * (1 - frac[..., None]) + base * frac[..., None]
        ax.imshow(rgb, aspect="auto", interpolation="nearest")
        for i in range(n):
            for j in range(m):
                if mat[i, j]:
                    lum = float(np.dot(rgb[i, j], [0.299, 0.587, 0.114]))
                    ax.text(j, i, str(mat[i, j]), ha="center", va="center", fontsize=7,
                            color="white" if lum < 0.5 else "#222222")
        ax.set_xticks(np.arange(m + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(n + 1) - 0.5, minor=True)
        ax.grid(which="minor", color="#DDDDDD", linewidth=0.6)
        ax.tick_params(which="both", length=0)
        for side in ax.spines:
            ax.spines[side].set_visible(False)
        ax.set_title(f"{t} ({int(mat.sum())})", color="#222222", fontsize=8.5,
                     fontweight="bold")
        ax.add_patch(Rectangle((0, 1.0), 1, 0.012, transform=ax.transAxes,
                               facecolor=type_color(t), clip_on=False, edgecolor="none"))
        show_y = idx % ncols == 0
        ax.set_yticks(np.arange(n), [_wrap(s, 20) for s in speakers] if show_y else [])
        rotate = m > 4 or max(len(s) for s in targets) > 11
        ax.set_xticks(np.arange(m), [_short(s, 16) for s in targets],
                      rotation=45 if rotate else 0, ha="right" if rotate else "center",
                      rotation_mode="anchor", fontsize=7)
        if not mat.any():
            ax.text(0.5, 0.5, f"no {t} with a target", transform=ax.transAxes,
                    ha="center", va="center", fontsize=7.5, color="#666666",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 2})
        if show_y:
            ax.set_ylabel("speaker")
        if idx + ncols >= k:
            ax.set_xlabel("target")
    extra = f"{int(data['statements'].sum())} statements with a target; columns = target"
    if left_out:
        extra += f" ({left_out} targeted statements of other types not shown)"
    return _finish(fig, title, note or source_note(clean, codebook, extra))


def _other_last(labels: list) -> list:
    return [x for x in labels if x != "other"] + [x for x in labels if x == "other"]


#: the charts, by stable name (used for file names by :mod:`analysis.report`)
CHARTS = {
    "speaker_types": plot_speaker_types,
    "balance": plot_balance,
    "flow": plot_flow,
    "heatmap": plot_heatmap,
    "articles": plot_articles,
    "targets": plot_targets,
}


# --------------------------------------------------------------------------- saving

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def save_figure(fig: Figure, name: str, out_dir: str | Path | None = None,
                formats: Sequence[str] = ("png", "svg", "pdf"), dpi: int = 300) -> list[Path]:
    """Save ``fig`` as ``out_dir/name.<format>`` for each format; return the paths.

    Output is reproducible: saving the same figure twice gives byte-identical files (no
    dates, software versions or random ids in the metadata; a fixed SVG hash salt). Text
    stays text: SVG keeps ``<text>`` elements (``svg.fonttype='none'``) and PDF embeds
    TrueType fonts (``pdf.fonttype=42``), so labels can be edited and searched. Each file
    is written atomically.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File stem: letters, digits, ``.``, ``_`` and ``-`` only.
    out_dir : path, optional
        Default: ``reports/figures`` of the project (:func:`analysis.settings.figures_dir`).
    formats : sequence of {"png", "svg", "pdf"}
    dpi : int
        Resolution of raster output.
    """
    from .io import atomic_write
    from .settings import figures_dir

    if not _NAME.match(str(name)):
        raise AnalysisError(f"invalid figure name {name!r} (use letters, digits, . _ -)")
    out = Path(out_dir) if out_dir is not None else figures_dir()
    if isinstance(formats, str):
        formats = (formats,)
    meta = {"png": {"Software": None},
            "svg": {"Date": None, "Creator": None},
            "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None}}
    formats = [fmt.lower().lstrip(".") for fmt in formats]
    for fmt in formats:
        if fmt not in meta:
            raise AnalysisError(f"unsupported figure format {fmt!r} (png, svg or pdf)")
    paths = []
    for fmt in formats:
        buf = io.BytesIO()
        with mpl.rc_context(STYLE):
            fig.savefig(buf, format=fmt, dpi=dpi, metadata=meta[fmt])
        path = out / f"{name}.{fmt}"
        with atomic_write(path, "wb") as f:
            f.write(buf.getvalue())
        paths.append(path)
    return paths
