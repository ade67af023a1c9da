"""Showing coded articles in a notebook: coding stripes and a styled statements table.

:func:`render_article` draws the article's text with every statement highlighted in its
type's colour (the same colours as the charts, :data:`analysis.plots.TYPE_COLORS`),
labelled with its speaker and type, its cue underlined — the way a qualitative-coding
tool shows coding stripes. :func:`style_statements` returns a pandas ``Styler`` of the
statements table with the type cells coloured.

Both return objects that JupyterLab renders as HTML; all article text, labels and cues
are HTML-escaped, so an article containing markup (``<script>``…) is shown, never run.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from matplotlib.colors import to_rgb

from .errors import AnalysisError
from .io import Article, atomic_write, read_article
from .plots import FOCUS_TYPES, resolve_types, type_color
from .schema import is_missing

__all__ = ["HTMLView", "render_article", "render_legend", "style_statements"]


class HTMLView:
    """A piece of HTML that notebooks display (``_repr_html_``) and can be saved.

    Parameters
    ----------
    html : str
        The markup.
    """

    def __init__(self, html: str):
        self.html = html

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def save(self, path: str | Path) -> Path:
        """Write a standalone HTML page to ``path`` (atomically); return the path."""
        path = Path(path)
        page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                "<title>coded article</title></head>\n<body>\n" + self.html
                + "\n</body></html>\n")
        with atomic_write(path, "w") as f:
            f.write(page)
        return path


def _tint_css(color: str, amount: float) -> str:
    r, g, b = to_rgb(color)
    mix = [round(255 * (c + (1 - c) * amount)) for c in (r, g, b)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def _text_on(color: str) -> str:
    r, g, b = to_rgb(color)
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 0.55 else "#1a1a1a"


def _esc(value) -> str:
    if is_missing(value):
        return ""
    return html.escape(str(value), quote=True)


def _int(value):
    try:
        if value is None or pd.isna(value) or value == "":
            return None
        return int(value)
    except (TypeError, ValueError):
        return None


def render_legend(types: Sequence[str] | None = None, counts: dict | None = None) -> HTMLView:
    """A row of colour swatches, one per type (zero counts included)."""
    types = resolve_types(None, types)
    items = []
    for t in types:
        c = type_color(t)
        n = "" if counts is None else f" ({int(counts.get(t, 0))})"
        items.append(
            f'<span style="display:inline-block;margin:0 .9em .2em 0;white-space:nowrap">'
            f'<span style="display:inline-block;width:.9em;height:.9em;background:{c};'
            f'vertical-align:-.1em;margin-right:.3em;border-radius:2px"></span>'
            f'{_esc(t)}{_esc(n)}</span>')
    return HTMLView('<div class="analysis-legend" style="font:13px/1.4 sans-serif;'
                    'margin:.3em 0 .6em 0">' + "".join(items) + "</div>")


def _load(article) -> Article:
    if isinstance(article, Article):
        return article
    if isinstance(article, (str, Path)):
        return read_article(article)
    raise AnalysisError(f"expected an Article or a path, got {type(article).__name__}")


def render_article(article, statements: pd.DataFrame, *, types=None,
                   show_labels: bool = True, show_cues: bool = True,
                   title: str | None = None) -> HTMLView:
    """The article with every statement highlighted by type and labelled by speaker.

    Each statement is shaded in a light tint of its type colour with a solid stripe of
    the full colour on its left, and preceded by a small label ``speaker · type`` (with
    ``via source`` when the claim is relayed). The cue words that triggered the type are
    underlined. Text outside statements (headline, byline, front matter) is shown plain
    and grey. Paragraph breaks of the article are kept.

    Parameters
    ----------
    article : Article or path
        The article the statements were coded from (offsets index into its text).
    statements : DataFrame
        Its statements: ``start``, ``end``, ``speaker``, ``type``; optional ``cue_start``,
        ``cue_end``, ``cue``, ``source``, ``statement_id``, ``article_id``. Rows of other
        articles (by ``article_id``) are ignored.
    types : list of str or codebook, optional
        The codebook's types, for the legend (default: the reference codebook's).
    show_labels, show_cues : bool
    title : str, optional
        Heading (default: the article's title or id).

    Returns
    -------
    HTMLView
        Displayed by Jupyter; ``.html`` holds the markup, ``.save(path)`` writes a page.

    Raises
    ------
    AnalysisError
        If a statement's offsets fall outside the article's text.
    """
    art = _load(article)
    table = statements
    if "article_id" in table.columns and (table["article_id"] == art.article_id).any():
        table = table[table["article_id"] == art.article_id]
    raw = art.raw
    rows = []
    for rec in table.to_dict("records"):
        s, e = _int(rec.get("start")), _int(rec.get("end"))
        if s is None or e is None or not (0 <= s <= e <= len(raw)):
            raise AnalysisError(f"statement {rec.get('statement_id', '?')} has offsets "
                                f"{rec.get('start')}–{rec.get('end')} outside the article "
                                f"({len(raw)} characters)", art.path or art.article_id)
        rows.append((s, e, rec))
    rows.sort(key=lambda r: (r[0], r[1]))
    types_all = resolve_types(table, types, FOCUS_TYPES)
    counts = table["type"].value_counts().to_dict() if "type" in table.columns else {}

    parts: list[str] = []
    pos = art.body_start
    for s, e, rec in rows:
        if s < pos:  # overlapping statement: show from where the previous ended
            s = max(s, pos)
        if s > pos:
            parts.append(_plain(raw[pos:s]))
        parts.append(_statement_html(raw, s, e, rec, show_labels, show_cues))
        pos = max(pos, e)
    if pos < len(raw):
        parts.append(_plain(raw[pos:]))

    heading = title if title is not None else (art.metadata.get("title") or art.article_id)
    meta_bits = [str(b) for b in (art.metadata.get("source"), art.date) if b]
    head = f'<div style="font-weight:bold;font-size:15px;margin-bottom:.1em">{_esc(heading)}</div>'
    if meta_bits:
        head += f'<div style="color:#666;font-size:12px">{_esc(" · ".join(meta_bits))}</div>'
    body = "".join(parts)
    markup = (
        '<div class="analysis-article" style="font:14px/1.75 Georgia,serif;color:#1a1a1a;'
        'max-width:52em">'
        f'{head}{render_legend(types_all, counts).html}'
        f'<div style="white-space:pre-wrap">{body}</div></div>')
    return HTMLView(markup)


def _plain(text: str) -> str:
    if not text.strip():
        return _esc(text)
    return f'<span style="color:#888">{_esc(text)}</span>'


def _statement_html(raw: str, s: int, e: int, rec: dict, show_labels: bool,
                    show_cues: bool) -> str:
    t = str(rec.get("type") or "")
    color = type_color(t) if t else "#999999"
    bg = _tint_css(color, 0.82)
    cs, ce = _int(rec.get("cue_start")), _int(rec.get("cue_end"))
    if show_cues and cs is not None and ce is not None and s <= cs < ce <= e:
        inner = (_esc(raw[s:cs])
                 + f'<u style="text-decoration-color:{color};text-decoration-thickness:2px;'
                   f'text-underline-offset:2px;font-weight:600">{_esc(raw[cs:ce])}</u>'
                 + _esc(raw[ce:e]))
    else:
        inner = _esc(raw[s:e])
    speaker = rec.get("speaker") or ""
    source = rec.get("source") or ""
    tip_bits = [f"#{rec.get('statement_id', '')}", f"speaker: {speaker}", f"type: {t}"]
    if source and not (isinstance(source, float) and pd.isna(source)):
        tip_bits.append(f"source: {source}")
    cue = rec.get("cue") or ""
    if cue and not (isinstance(cue, float) and pd.isna(cue)):
        tip_bits.append(f"cue: {cue}")
    by = rec.get("coded_by") or ""
    if by and not (isinstance(by, float) and pd.isna(by)):
        conf = _fmt_confidence(rec.get("confidence"))
        tip_bits.append(f"coded by: {by}" + (f" ({conf})" if conf else ""))
    label = ""
    if show_labels:
        via = ""
        if source and not (isinstance(source, float) and pd.isna(source)):
            via = f' <span style="font-weight:normal">via {_esc(source)}</span>'
        label = (f'<span style="font:bold 10.5px/1.2 sans-serif;background:{color};'
                 f'color:{_text_on(color)};padding:1px 4px;border-radius:3px;'
                 f'margin-right:4px;white-space:nowrap;vertical-align:1px">'
                 f'{_esc(speaker)} · {_esc(t)}{via}</span>')
    return (f'<span class="statement" data-type="{_esc(t)}" title="{_esc(" | ".join(tip_bits))}" '
            f'style="background:{bg};border-left:4px solid {color};padding:1px 3px 1px 3px;'
            f'box-decoration-break:clone;-webkit-box-decoration-break:clone">'
            f'{label}{inner}</span>')


def _fmt_confidence(value) -> str:
    try:
        return "" if value is None or value == "" or pd.isna(value) else f"{float(value):.2f}"
    except (TypeError, ValueError):
        return _esc(value)


#: columns shown by :func:`style_statements` when present
DEFAULT_COLUMNS = ("statement_id", "speaker", "type", "cue", "source", "target", "confidence",
                   "text")


def style_statements(table: pd.DataFrame, columns: Sequence[str] | None = None,
                     max_rows: int | None = 500):
    """The statements table as a pandas ``Styler``: type cells in their colour.

    Parameters
    ----------
    table : DataFrame
        A statements table.
    columns : sequence of str, optional
        Columns to show (default: :data:`DEFAULT_COLUMNS` that exist, with ``article_id``
        first when the table holds several articles).
    max_rows : int or None
        Show at most this many rows (a long corpus table would slow the notebook).

    Returns
    -------
    pandas.io.formats.style.Styler
        Rendered as HTML by Jupyter (text is escaped).
    """
    if columns is None:
        columns = [c for c in DEFAULT_COLUMNS if c in table.columns]
        if "article_id" in table.columns and table["article_id"].nunique() > 1:
            columns = ["article_id", *columns]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise AnalysisError(f"statements table lacks column(s) {', '.join(missing)}")
    view = table.loc[:, list(columns)]
    if max_rows is not None:
        view = view.head(max_rows)
    view = view.reset_index(drop=True)

    def colour_type(value):
        if not isinstance(value, str) or not value:
            return ""
        c = type_color(value)
        return f"background-color:{c};color:{_text_on(c)};font-weight:bold"

    styler = view.style.format(escape="html", na_rep="")
    if "type" in view.columns:
        styler = styler.map(colour_type, subset=["type"])
    if "confidence" in view.columns:
        styler = styler.format({"confidence": _fmt_confidence})
    if "text" in view.columns:
        styler = styler.set_properties(subset=["text"], **{"white-space": "normal",
                                                           "min-width": "28em",
                                                           "text-align": "left"})
    styler = styler.set_properties(**{"vertical-align": "top", "font-size": "12px"})
    styler = styler.set_table_styles([{"selector": "th",
                                       "props": "text-align:left;font-size:12px"}])
    return styler.hide(axis="index")
