"""The report writer: every chart per article and for the corpus, with its CSV, under
stable names, reproducibly; the same bytes whichever engine draws the charts."""

from __future__ import annotations

import pandas as pd
import pytest
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
    expected.remove("figures/articles/a0/targets.png")  # a0 has no target: nothing to draw
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


def files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("engine", ["processes", "dask"])
def test_parallel_charts_are_byte_identical_to_serial(tmp_path, engine, monkeypatch):
    if engine == "dask":
        pytest.importorskip("dask.bag")
    from analysis import engine as engines

    used = []
    real = engines.map_articles
    monkeypatch.setattr(engines, "map_articles",
                        lambda *a, **kw: used.append(kw["engine"]) or real(*a, **kw))
    table = make_table()
    # corpus charts in every format (drawn by workers too); articles in PNG, or SVG for Dask
    kw = {"dpi": 40, "article_formats": ("svg",) if engine == "dask" else ("png",)}
    serial = report.write_report(table, tmp_path / "s", tmp_path / "s" / "f", **kw)
    parallel = report.write_report(table, tmp_path / "p", tmp_path / "p" / "f", engine=engine,
                                   n_jobs=2, chunk_size=1, **kw)
    # the same files in the same order, byte for byte (PNG, SVG with its ids, PDF, CSV)
    assert [p.relative_to(tmp_path / "s") for p in serial] == \
        [p.relative_to(tmp_path / "p") for p in parallel]
    a, b = files(tmp_path / "s"), files(tmp_path / "p")
    assert a.keys() == b.keys() and len(a) == len(serial)
    assert [n for n in a if a[n] != b[n]] == []
    assert used == ["serial", engine]


def test_charts_drawn_from_the_chart_columns_equal_those_of_the_whole_table(tmp_path):
    """Only the columns the charts read go to the workers; the figures do not change."""
    table = make_table()
    table["text"] = "A statement with a long text that the charts never show."
    table["cue"] = "said"
    report.write_report(table, tmp_path / "r", tmp_path / "r" / "f", dpi=40,
                        engine="processes", n_jobs=2, skip_empty=False)
    sub = table[table["article_id"] == "a1"]
    report.write_charts(sub, tmp_path / "direct", report.ARTICLE_CHARTS, formats=("png",),
                        dpi=40)
    report.write_charts(table, tmp_path / "corpus", dpi=40)
    assert files(tmp_path / "direct") == files(tmp_path / "r" / "f" / "articles" / "a1")
    assert files(tmp_path / "corpus") == files(tmp_path / "r" / "f" / "corpus")


def test_empty_article_charts_are_skipped_but_their_table_is_written(tmp_path):
    table = make_table()
    # a2: no assurance or skepticism any more; no article has a target
    table.loc[table["article_id"] == "a2", "type"] = "context"
    table["target"] = ""
    folder = tmp_path / "f" / "articles" / "a2"
    folder.mkdir(parents=True)
    (folder / "balance.png").write_bytes(b"stale chart of an earlier run")
    written = report.write_report(table, tmp_path, tmp_path / "f", dpi=40, formats=("png",))
    names = {p.relative_to(tmp_path).as_posix()[2:] for p in written}
    assert "articles/a2/balance.png" not in names and not (folder / "balance.png").exists()
    assert "articles/a1/balance.png" in names  # a1 has both types
    assert not any(n.endswith("targets.png") for n in names if n.startswith("articles/"))
    assert "corpus/targets.png" in names  # the corpus chart says why it is empty
    balance = pd.read_csv(folder / "balance.csv")
    assert balance.empty and list(balance.columns) == ["speaker", "assurance", "skepticism",
                                                       "net"]
    drawn = report.write_report(table, tmp_path, tmp_path / "f", dpi=40, formats=("png",),
                                skip_empty=False)
    assert (folder / "balance.png") in drawn and (folder / "balance.png").stat().st_size > 0


def test_bad_engine_options_are_one_line_errors(tmp_path):
    from analysis.errors import AnalysisError

    with pytest.raises(AnalysisError, match="unknown engine 'threads'"):
        report.write_report(make_table(), tmp_path, tmp_path / "f", dpi=40, engine="threads")
    with pytest.raises(AnalysisError, match="n_jobs"):
        report.write_report(make_table(), tmp_path, tmp_path / "f", dpi=40,
                            engine="processes", n_jobs=0)
    assert not any(tmp_path.iterdir())  # refused before anything was written


@pytest.mark.parametrize("engine,scheduler,jobs,expected", [
    ("auto", None, 2, "processes"),  # charts are worth workers however few the articles
    ("auto", None, 1, "serial"),
    ("serial", None, 2, "serial"),
    ("processes", None, 1, "processes"),
    ("auto", "tcp://127.0.0.1:8786", None, "dask"),
])
def test_report_command_draws_charts_with_the_engine_options(engine, scheduler, jobs,
                                                             expected):
    from argparse import Namespace

    from analysis.cli.report import chart_engine

    args = Namespace(engine=engine, scheduler=scheduler, jobs=jobs, per_article=True)
    coding = {"engine": "dask" if scheduler else ("serial" if engine == "auto" else engine),
              "n_jobs": jobs, "progress": False, "client": scheduler, "chunk_size": 64}
    opts = chart_engine(args, coding)
    assert opts == {"engine": expected, "n_jobs": jobs, "progress": False,
                    "client": scheduler}
