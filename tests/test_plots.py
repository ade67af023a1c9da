"""Charts: every chart returns a Figure with the expected artists, labels and legends;
zero-count types stay visible; saving is reproducible and keeps text as text."""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from analysis import plots
from analysis.coding import TYPES
from analysis.errors import AnalysisError


def make_table(with_targets: bool = True) -> pd.DataFrame:
    """Two small articles; no accusation at all (a zero-count type); one undated."""
    rows = [
        # article, id, speaker, type, target, date
        ("a1", 1, "Ruritania", "assurance", "Borduria", "2024-03-01"),
        ("a1", 2, "Borduria", "skepticism", "Ruritania", "2024-03-01"),
        ("a1", 3, "Borduria", "skepticism", "Ruritania", "2024-03-01"),
        ("a1", 4, "narrator", "context", "", "2024-03-01"),
        ("a1", 5, "Ruritania", "demand", "Borduria", "2024-03-01"),
        ("a1", 6, "Mediators", "engagement", "", "2024-03-01"),
        ("a2", 1, "Ruritania", "assurance", "", ""),
        ("a2", 2, "narrator", "context", "", ""),
        ("a2", 3, "Borduria", "skepticism", "Ruritania", ""),
        ("a0", 1, "Borduria", "assurance", "", "2023-12-31"),
    ]
    df = pd.DataFrame(rows, columns=["article_id", "statement_id", "speaker", "type",
                                     "target", "date"])
    df["text"] = "Some statement."
    df["outlet"] = "Daily Example"
    df["title"] = df["article_id"].map({"a1": "First", "a2": "Second", "a0": "Zeroth"})
    df["coded_by"] = "rules"
    if not with_targets:
        df["target"] = ""
    return df


@pytest.fixture
def table():
    return make_table()


def legend_labels(fig: Figure) -> list[str]:
    labels = []
    for ax in fig.axes:
        leg = ax.get_legend()
        if leg is not None:
            labels += [t.get_text() for t in leg.get_texts()]
    return labels


def all_text(fig: Figure) -> str:
    return " ".join(" ".join(t.get_text() for t in fig.findobj(mpl.text.Text)).split())


# --------------------------------------------------------------------------- colours/types


def test_palette_is_fixed_and_unknown_types_get_a_stable_colour():
    assert plots.type_color("assurance") == plots.TYPE_COLORS["assurance"]
    assert set(plots.TYPE_COLORS) == set(TYPES)
    c1 = plots.type_color("threat")
    assert c1 == plots.type_color("threat")
    assert c1.startswith("#") and len(c1) == 7


def test_resolve_types_puts_focus_first_and_appends_unknown_types(table):
    t = table.copy()
    t.loc[0, "type"] = "threat"
    types = plots.resolve_types(t)
    assert types[:2] == ["assurance", "skepticism"]
    assert set(TYPES) <= set(types) and types[-1] == "threat"


def test_speaker_type_counts_keeps_zero_types_and_puts_narrator_last(table):
    counts = plots.speaker_type_counts(table)
    assert "accusation" in counts.columns and counts["accusation"].sum() == 0
    assert list(counts.index)[-1] == "narrator"
    assert counts.loc["Borduria", "skepticism"] == 3
    assert counts["total"].sum() == len(table)


def test_collapsing_small_speakers_keeps_the_total(table):
    counts = plots.speaker_type_counts(table, max_speakers=2)
    assert len(counts) == 2
    assert counts["total"].sum() == len(table)
    assert any(str(i).startswith("other speakers (") for i in counts.index)


# --------------------------------------------------------------------------- charts


def test_speaker_types_chart(table):
    fig = plots.plot_speaker_types(table)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    labels = legend_labels(fig)
    assert "accusation (0)" in labels  # zero-count type kept
    assert labels[0].startswith("assurance") and labels[1].startswith("skepticism")
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert set(ticks) == {"Ruritania", "Borduria", "Mediators", "narrator"}
    assert ticks[-1] == "narrator"  # bottom bar: not an actor
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0]
    assert sum(b.get_width() for b in bars) == pytest.approx(len(table))
    assert ax.get_xlabel() == "statements"
    assert "Source: 3 articles" in all_text(fig)


def test_balance_chart_diverges_with_counts(table):
    data = plots.balance_table(table)
    assert data.loc["Borduria", "skepticism"] == 3 and data.loc["Borduria", "net"] == -2
    assert "narrator" not in data.index  # neither assurance nor skepticism
    fig = plots.plot_balance(table)
    ax = fig.axes[0]
    widths = sorted(p.get_width() for p in ax.patches if isinstance(p, Rectangle)
                    and p.get_width() != 0 and p.get_height() < 1)
    assert widths[0] == -3 and widths[-1] == 2
    texts = [t.get_text() for t in ax.texts]
    assert "3" in texts and "2" in texts
    assert legend_labels(fig) == ["assurance (3)", "skepticism (3)"]


def test_balance_chart_without_assurance_or_skepticism_says_so():
    t = make_table()
    t["type"] = "context"
    fig = plots.plot_balance(t)
    assert "No assurance or skepticism statements" in all_text(fig)
    assert legend_labels(fig) == ["assurance (0)", "skepticism (0)"]


def test_flow_chart_one_tile_per_statement_and_narrator_lane_last(table):
    with pytest.raises(AnalysisError, match="one article"):
        plots.plot_flow(table)
    data = plots.flow_table(table, "a1")
    assert list(data["position"]) == [1, 2, 3, 4, 5, 6]
    assert data.loc[data["speaker"] == "narrator", "lane"].iloc[0] == data["lane"].max()
    fig = plots.plot_flow(table, article="a1")
    ax = fig.axes[0]
    tiles = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(tiles) == 6
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "narrator"
    assert "accusation (0)" in legend_labels(fig)
    single = plots.plot_flow(table[table["article_id"] == "a2"])
    assert isinstance(single, Figure)


def test_heatmap_writes_every_count(table):
    fig = plots.plot_heatmap(table)
    ax = fig.axes[0]
    counts = plots.speaker_type_counts(table, max_speakers=25)
    n, m = len(counts), len(TYPES)
    cells = [t for t in ax.texts if t.get_text().isdigit()]
    assert len(cells) >= n * m  # every cell, plus the column totals
    assert [t.get_text() for t in ax.get_xticklabels()] == plots.resolve_types(table)


def test_articles_chart_in_date_order_with_undated_last(table):
    data = plots.article_table(table)
    assert list(data["article_id"]) == ["a0", "a1", "a2"]
    row = data.set_index("article_id").loc["a1"]
    assert row["assurance"] == 1 and row["share_skepticism"] == pytest.approx(2 / 6)
    fig = plots.plot_articles(table)
    assert len(fig.axes) == 2
    labels = [t.get_text() for t in fig.axes[1].get_xticklabels()]
    assert labels[0].startswith("2023-12-31") and labels[-1].startswith("undated")
    assert "undated article(s) placed last" in all_text(fig)


def test_targets_chart_panels_and_empty_targets():
    data = plots.target_table(make_table())
    assert data["statements"].sum() == 5
    fig = plots.plot_targets(make_table())
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert titles == ["skepticism (3)", "assurance (1)", "demand (1)", "accusation (0)"]
    empty = plots.plot_targets(make_table(with_targets=False))
    assert "No targets coded" in all_text(empty)
    no_column = plots.plot_targets(make_table().drop(columns="target"))
    assert "no target column" in all_text(no_column)


def test_charts_work_with_a_custom_codebook():
    t = make_table()
    t.loc[t["type"] == "demand", "type"] = "ultimatum"
    custom = ["assurance", "skepticism", "ultimatum", "appeal"]
    fig = plots.plot_speaker_types(t, custom)
    labels = legend_labels(fig)
    assert "appeal (0)" in labels and "ultimatum (1)" in labels
    fig = plots.plot_flow(t, custom, article="a1")
    assert "appeal (0)" in legend_labels(fig)


def test_charts_do_not_change_global_rcparams(table):
    before = dict(mpl.rcParams)
    for name, func in plots.CHARTS.items():
        func(table, article="a1") if name == "flow" else func(table)
    after = dict(mpl.rcParams)
    assert {k for k in before if before[k] != after[k]} == set()


def test_empty_table_gives_a_figure():
    empty = make_table().iloc[0:0]
    for name in ("speaker_types", "balance", "heatmap", "targets", "articles"):
        assert isinstance(plots.CHARTS[name](empty), Figure)


def test_bad_input_is_a_clear_error():
    with pytest.raises(AnalysisError, match="lacks column"):
        plots.plot_speaker_types(pd.DataFrame({"speaker": ["x"]}))


# --------------------------------------------------------------------------- saving


def test_save_twice_gives_identical_bytes(tmp_path, table):
    a = plots.save_figure(plots.plot_balance(table), "balance", tmp_path / "a", dpi=80)
    b = plots.save_figure(plots.plot_balance(table), "balance", tmp_path / "b", dpi=80)
    assert [p.name for p in a] == ["balance.png", "balance.svg", "balance.pdf"]
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.name


def test_pdf_embeds_truetype_and_svg_keeps_text(tmp_path, table):
    pdf, svg = plots.save_figure(plots.plot_speaker_types(table), "s", tmp_path,
                                 formats=("pdf", "svg"))
    data = pdf.read_bytes()
    assert b"/FontFile2" in data  # embedded TrueType (Type 42)
    assert b"/Type3" not in data
    assert b"CreationDate" not in data
    text = svg.read_text(encoding="utf-8")
    assert "<text" in text and "Ruritania" in text
    assert "<dc:date>" not in text


def test_save_figure_defaults_to_reports_figures(tmp_path, monkeypatch, table):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    monkeypatch.setenv("ANALYSIS_PROJECT_ROOT", str(tmp_path))
    paths = plots.save_figure(plots.plot_balance(table), "x", formats=("png",), dpi=50)
    assert paths == [tmp_path / "reports" / "figures" / "x.png"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_save_figure_rejects_bad_names_and_formats(tmp_path, table):
    fig = plots.plot_balance(table)
    with pytest.raises(AnalysisError, match="invalid figure name"):
        plots.save_figure(fig, "../x", tmp_path)
    with pytest.raises(AnalysisError, match="unsupported figure format"):
        plots.save_figure(fig, "x", tmp_path, formats=("gif",))
    assert list(tmp_path.iterdir()) == []


def test_figures_show_in_jupyter_as_png(table):
    data, meta = plots.plot_balance(table)._repr_png_()
    assert data[:4] == b"\x89PNG" and meta["width"] == 650
