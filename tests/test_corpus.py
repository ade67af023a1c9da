"""Streaming a corpus to a file: identical bytes to the in-memory table, whatever the engine;
nothing left behind on failure; the command-line options."""

from __future__ import annotations

import argparse
import os

import pandas as pd
import pytest
from test_engine import make_articles

from analysis import io as aio
from analysis.corpus import code_to_file
from analysis.errors import AnalysisError, InputError
from analysis.io import TableWriter, read_table, write_table
from analysis.pipeline import code_articles


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A folder of article files (our own sentences)."""
    folder = tmp_path_factory.mktemp("corpus")
    for art in make_articles(9):
        (folder / f"{art.article_id}.txt").write_text(art.raw, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def in_memory(corpus):
    return code_articles(corpus)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_streamed_file_is_byte_identical_to_the_in_memory_table(suffix, corpus, in_memory,
                                                               tmp_path):
    whole = write_table(in_memory, tmp_path / f"whole{suffix}")
    done = code_to_file(corpus, tmp_path / f"streamed{suffix}", chunk_size=2)
    assert done.statements == len(in_memory) and done.articles == 9
    assert done.path.read_bytes() == whole.read_bytes()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_same_bytes_whatever_the_engine(suffix, corpus, tmp_path):
    runs = {"serial": {}, "processes": {"n_jobs": 2, "chunk_size": 1}, "dask": {"n_jobs": 2}}
    data = {}
    for eng, kwargs in runs.items():
        out = code_to_file(corpus, tmp_path / f"{eng}{suffix}", engine=eng, **kwargs).path
        data[eng] = out.read_bytes()
    assert data["serial"] == data["processes"] == data["dask"]


def test_parquet_reads_back_as_the_table(corpus, in_memory, tmp_path):
    back = read_table(code_to_file(corpus, tmp_path / "s.parquet").path)
    assert list(back.columns) == list(in_memory.columns)
    assert str(back["start"].dtype) == "Int64" and str(back["speaker_start"].dtype) == "Int64"
    assert back["text"].tolist() == in_memory["text"].tolist()
    assert back["statement_id"].tolist() == in_memory["statement_id"].tolist()


def test_row_groups_do_not_depend_on_the_pieces(monkeypatch, in_memory, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setattr(aio, "PARQUET_ROW_GROUP", 7)
    whole = write_table(in_memory, tmp_path / "whole.parquet")
    with TableWriter(tmp_path / "pieces.parquet") as out:
        for start, size in [(0, 3), (3, 1), (4, 12), (16, 5)]:
            out.write(in_memory.iloc[start:start + size])
        out.write(in_memory.iloc[21:])
    assert (tmp_path / "pieces.parquet").read_bytes() == whole.read_bytes()
    meta = pq.ParquetFile(whole).metadata
    assert meta.num_row_groups == -(-len(in_memory) // 7)


def test_failure_half_way_leaves_no_output(corpus, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for p in sorted(corpus.iterdir()):
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "zz_broken.txt").write_bytes(b"\x00\x01binary\x00")  # read last
    out = tmp_path / "out" / "s.parquet"
    with pytest.raises(InputError, match="binary"):
        code_to_file(folder, out, chunk_size=1)
    assert not out.exists()
    assert os.listdir(out.parent) == []  # no temporary file left either
    # an existing table is left as it was
    out.write_bytes(b"previous")
    with pytest.raises(InputError):
        code_to_file(folder, out, engine="processes", n_jobs=2, chunk_size=1)
    assert out.read_bytes() == b"previous"
    assert os.listdir(out.parent) == ["s.parquet"]


def test_skipping_every_file_writes_an_empty_table(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"")
    out = code_to_file(tmp_path / "bad.txt", tmp_path / "s.csv", skip_bad=True,
                       on_skip=lambda exc: None)
    assert out.statements == 0 and out.articles == 0
    assert out.path.read_text().strip().startswith("article_id,statement_id,start,end,text")


def test_bad_output_type_fails_before_any_work(corpus, tmp_path):
    with pytest.raises(InputError, match="unsupported output type"):
        code_to_file(corpus, tmp_path / "s.xlsx")


def test_corrections_applied_chunk_by_chunk_as_on_the_whole(corpus, in_memory, tmp_path):
    from analysis.corrections import text_fingerprint

    row = in_memory.iloc[5]
    store = pd.DataFrame([{"article_id": row["article_id"], "statement_id": str(row["statement_id"]),
                           "fingerprint": text_fingerprint(row["text"]), "coder": "ann",
                           "speaker": "Someone Else", "type": "demand", "notes": "",
                           "coded_at": "2026-01-01T00:00:00+00:00", "sheet": "", "text": ""}])
    whole = write_table(code_articles(corpus, corrections=store), tmp_path / "whole.csv")
    streamed = code_to_file(corpus, tmp_path / "streamed.csv", corrections=store, chunk_size=2)
    assert streamed.path.read_bytes() == whole.read_bytes()
    back = read_table(streamed.path)
    assert (back["speaker"] == "Someone Else").sum() == 1


def _args(paths, **kw):
    base = {"paths": paths, "engine": "auto", "scheduler": None, "jobs": None,
            "chunk_size": None, "progress": None}
    base.update(kw)
    return argparse.Namespace(**base)


def test_engine_options(corpus, tmp_path):
    from analysis.cli.engine_options import AUTO_PROCESSES_FROM, engine_kwargs

    small = engine_kwargs(_args([str(corpus)]))
    assert small["engine"] == "serial"  # 9 articles
    assert small["progress"] is False  # stderr is not a terminal under pytest
    big = tmp_path / "big"
    big.mkdir()
    for i in range(AUTO_PROCESSES_FROM):
        (big / f"a{i}.txt").write_text("Talks resumed.\n", encoding="utf-8")
    assert engine_kwargs(_args([str(big)]))["engine"] == "processes"
    table = tmp_path / "t.csv"
    table.write_text("id,text\n1,Talks resumed.\n", encoding="utf-8")
    assert engine_kwargs(_args([str(table)]))["engine"] == "processes"  # size unknown
    remote = engine_kwargs(_args([str(corpus)], scheduler="tcp://10.0.0.1:8786"))
    assert remote["engine"] == "dask" and remote["client"] == "tcp://10.0.0.1:8786"
    with pytest.raises(AnalysisError, match="--scheduler needs --engine dask"):
        engine_kwargs(_args([str(corpus)], engine="processes", scheduler="tcp://x:1"))
    with pytest.raises(AnalysisError, match="n_jobs"):
        engine_kwargs(_args([str(corpus)], jobs=0))
    assert engine_kwargs(_args([str(corpus)], progress=True))["progress"] is True


def _run_code_command(argv):
    """Parse and run ``analysis code`` (only that command's parser: independent of the rest)."""
    from analysis.cli import code

    parser = argparse.ArgumentParser(prog="analysis")
    code.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["code", *argv])
    return args.run(args)


def test_code_command_streams_with_the_engine_options(corpus, in_memory, tmp_path, capsys):
    out = tmp_path / "s.csv"
    assert _run_code_command([str(corpus), "--out", str(out), "--engine", "processes",
                              "--jobs", "2", "--chunk-size", "2", "--no-corrections",
                              "--progress"]) == 0
    assert out.read_bytes() == write_table(in_memory, tmp_path / "ref.csv").read_bytes()
    err = capsys.readouterr().err
    assert f"wrote {len(in_memory)} statements from 9 article(s)" in err
    assert "article/s" in err
    with pytest.raises(AnalysisError, match="cannot connect to the Dask scheduler"):
        _run_code_command([str(corpus), "--out", str(tmp_path / "d.csv"), "--engine", "dask",
                           "--scheduler", "tcp://127.0.0.1:1", "--no-corrections"])
    assert not (tmp_path / "d.csv").exists()


def test_count_articles(corpus, tmp_path):
    from analysis.io import count_articles

    assert count_articles(corpus) == 9
    assert count_articles([corpus, *sorted(corpus.iterdir())[:2]]) == 9  # duplicates once
    assert count_articles(make_articles(3)) == 3
    table = tmp_path / "t.csv"
    table.write_text("id,text\n1,Talks resumed.\n", encoding="utf-8")
    assert count_articles([corpus, table]) is None  # rows of a table are not counted
    assert count_articles(tmp_path / "missing") is None


def test_table_writer_refuses_pieces_with_other_columns(in_memory, tmp_path):
    out = tmp_path / "s.csv"
    with pytest.raises(InputError, match="columns"), TableWriter(out) as w:
        w.write(in_memory.iloc[:3])
        w.write(in_memory.iloc[3:6].drop(columns=["title"]))
    assert not out.exists()
