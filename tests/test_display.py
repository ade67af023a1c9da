"""In-notebook display: the highlighted article and the styled statements table."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import display
from analysis.errors import AnalysisError
from analysis.io import Article
from analysis.plots import type_color
from analysis.segment import segment_article

TEXT = """---
title: "Ruritania <b>pledges</b> calm"
source: Daily Example
date: 2024-03-01
---
Ruritania promised to withdraw its troops by Friday.
Borduria doubts the promise <script>alert(1)</script> will be kept.
The talks resume next week.
"""


@pytest.fixture
def coded():
    art = Article.from_text(TEXT, article_id="t1")
    table = segment_article(art)
    assert len(table) == 3
    table["speaker"] = ["Ruritania", "Borduria & <Allies>", "narrator"]
    table["type"] = ["assurance", "skepticism", "engagement"]
    table["source"] = ["", "officials", ""]
    # cue of statement 1: "promised"
    s1 = table.loc[0, "start"]
    i = art.raw.index("promised")
    table["cue"] = ["promised", "doubts", "talks"]
    table["cue_start"] = pd.array([i, pd.NA, pd.NA], dtype="Int64")
    table["cue_end"] = pd.array([i + len("promised"), pd.NA, pd.NA], dtype="Int64")
    assert s1 < i
    return art, table


def test_article_html_highlights_every_statement_by_type(coded):
    art, table = coded
    view = display.render_article(art, table)
    html = view._repr_html_()
    assert html.count('class="statement"') == 3
    for t in ("assurance", "skepticism", "engagement"):
        assert f'data-type="{t}"' in html
        assert type_color(t) in html
    assert "Ruritania · assurance" in html
    assert "via officials" in html
    assert '<u style="' in html and ">promised</u>" in html
    # zero-count types are still in the legend
    assert "accusation (0)" in html and "demand (0)" in html
    # front matter is not shown as text
    assert "source: Daily Example" not in html


def test_article_html_escapes_markup(coded):
    art, table = coded
    html = display.render_article(art, table).html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Borduria &amp; &lt;Allies&gt;" in html
    assert "<b>pledges</b>" not in html and "&lt;b&gt;pledges&lt;/b&gt;" in html


def test_article_html_rejects_offsets_outside_the_text(coded):
    art, table = coded
    bad = table.copy()
    bad.loc[2, "end"] = len(art.raw) + 10
    with pytest.raises(AnalysisError, match="outside the article"):
        display.render_article(art, bad)


def test_article_view_saves_a_page(coded, tmp_path):
    art, table = coded
    path = display.render_article(art, table).save(tmp_path / "a.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'charset="utf-8"' in page


def test_article_from_a_path(seed_path):
    art = Article.from_text(seed_path.read_text(encoding="utf-8"), article_id="x")
    table = segment_article(art).assign(speaker="narrator", type="context")
    html = display.render_article(seed_path, table.assign(article_id=seed_path.stem)).html
    assert html.count('class="statement"') == len(table)


def test_styled_table_colours_types_and_escapes(coded):
    _, table = coded
    table = table.copy()
    table.loc[1, "text"] = "<script>x</script>"
    styler = display.style_statements(table)
    html = styler.to_html()
    assert "background-color:#D55E00" in html.replace(": ", ":")
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    assert list(styler.data.columns)[:3] == ["statement_id", "speaker", "type"]
    with pytest.raises(AnalysisError, match="lacks column"):
        display.style_statements(table, columns=["nope"])


def test_article_html_says_which_coder_decided(coded):
    art, table = coded
    table = table.copy()
    table["coded_by"] = "rules"
    table.loc[0, "coded_by"] = "model"
    table.loc[0, "confidence"] = 0.834
    html = display.render_article(art, table).html
    assert "coded by: model (0.83)" in html
    assert html.count("coded by: rules") == len(table) - 1
