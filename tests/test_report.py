"""The report writer: every chart per article and for the corpus, with its CSV, under
stable names, reproducibly."""

from __future__ import annotations

import pandas as pd
from test_plots import make_table

from analysis import report
from analysis.io import read_table
from analysis.plots import balance_table


def test_report_writes_all_charts_and_their_tables(tmp_path):
    table = make_table()
    out, figs = tmp_path / "processed", tmp_path / "figures"
    written = report.write_report(table, out, figs, dpi=60)
    names = sorted(str(p.relative_to(tmp_path)) for p in written)
    assert len(names) == len(set(names))
    expected = {"processed/statements.csv", "processed/summary_speaker_type.csv"}
    for chart in report.CORPUS_CHARTS:
        expected |= {f"figures/corpus/{chart}.{ext}" for ext in ("png", "svg", "pdf", "csv")}
    for aid in ("a0", "a1", "a2"):
        for chart in report.ARTICLE_CHARTS:
            expected |= {f"figures/articles/{aid}/{chart}.{ext}" for ext in ("png", "csv")}
    assert set(names) == expected
    assert all((tmp_path / n).stat().st_size > 0 for n in names)


def test_chart_tables_hold_the_numbers_drawn(tmp_path):
    table = make_table()
    report.write_report(table, tmp_path, tmp_path / "f", dpi=40, per_article=False,
                        formats=("png",))
    bal = read_table(tmp_path / "f" / "corpus" / "balance.csv")
    expected = balance_table(table).reset_index()
    assert list(bal.columns) == ["speaker", "assurance", "skepticism", "net"]
    assert bal["speaker"].tolist() == expected["speaker"].tolist()
    assert bal["net"].astype(int).tolist() == expected["net"].tolist()
    summary = read_table(tmp_path / "summary_speaker_type.csv")
    assert "accusation" in summary.columns  # zero-count type kept


def test_report_is_reproducible(tmp_path):
    table = make_table()
    sub = table[table["article_id"] != "a0"]
    a = report.write_report(sub, tmp_path / "a", tmp_path / "a" / "f", dpi=40)
    b = report.write_report(sub, tmp_path / "b", tmp_path / "b" / "f", dpi=40)
    assert len(a) == len(b)
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa


def test_article_folders_are_safe_names(tmp_path):
    table = make_table()
    table["article_id"] = table["article_id"].map({"a0": "../evil", "a1": "a b/c",
                                                   "a2": "ok"})
    report.write_report(table, tmp_path, tmp_path / "f", dpi=40,
                        formats=("png",))
    folders = sorted(p.name for p in (tmp_path / "f" / "articles").iterdir())
    assert folders == ["a_b_c", "evil", "ok"]
    assert not (tmp_path / "evil").exists()
    assert report.safe_name("") == "article"


def test_report_on_a_table_without_targets_or_dates(tmp_path):
    table = make_table(with_targets=False).drop(columns=["date"])
    written = report.write_report(table, tmp_path, tmp_path / "f", dpi=40,
                                  per_article=False, formats=("png",))
    targets = pd.read_csv(tmp_path / "f" / "corpus" / "targets.csv")
    assert targets.empty and list(targets.columns) == ["type", "speaker", "target",
                                                       "statements"]
    assert any(p.name == "articles.png" for p in written)
