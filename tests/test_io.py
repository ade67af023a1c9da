"""Reading articles: encodings, front matter, HTML, corpus tables, bad input."""

from __future__ import annotations

import datetime as dt
import json
import warnings

import pytest

from analysis.errors import DecodingWarning, InputError
from analysis.io import (
    Article,
    atomic_write,
    expand_paths,
    html_to_text,
    load_articles,
    read_article,
    read_corpus_table,
    read_table,
    write_table,
)


def test_seed_article_keeps_its_id_and_text(seed_path, shared_dir):
    art = read_article(seed_path)
    assert art.article_id == "000_c9a4d998b934d7a5"
    original = (shared_dir / "seeds" / "000_c9a4d998b934d7a5.txt").read_text("utf-8")
    assert art.body == original  # bytes after the front matter stay exactly as given
    assert art.date is None  # no date was invented
    assert art.metadata["title"]


def test_front_matter_date_and_metadata(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: Talks resume\ndate: 2024-03-05\nsource: Wire\nurl: http://x\n"
                 "desk: foreign\n---\nThe talks resumed.\n", encoding="utf-8")
    art = read_article(p)
    assert art.article_id == "a"
    assert art.date == dt.date(2024, 3, 5)
    assert art.metadata["source"] == "Wire" and art.metadata["desk"] == "foreign"
    assert art.raw[art.body_start:] == "The talks resumed.\n"


def test_front_matter_id_overrides_file_stem(tmp_path):
    p = tmp_path / "file-name.txt"
    p.write_text("---\nid: my-id\n---\nText here.\n", encoding="utf-8")
    assert read_article(p).article_id == "my-id"


@pytest.mark.parametrize("content,problem", [
    ("---\ntitle: [unclosed\n---\nBody.\n", "malformed front matter"),
    ("---\ntitle: x\nBody without closing.\n", "no closing"),
    ("---\n- a\n- b\n---\nBody.\n", "key: value"),
    ("---\ndate: not a date\n---\nBody.\n", "malformed date"),
    ("---\ntitle: only metadata\n---\n\n  \n", "empty article"),
])
def test_malformed_front_matter_names_file_and_problem(tmp_path, content, problem):
    p = tmp_path / "bad.txt"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_article(p)
    msg = str(err.value)
    assert str(p) in msg and problem in msg and "\n" not in msg


def test_cp1252_is_decoded_with_a_warning(tmp_path):
    p = tmp_path / "win.txt"
    p.write_bytes("The minister said \u201cno\u201d \u2013 firmly. It cost \u00a35.\n".encode("cp1252"))
    with pytest.warns(DecodingWarning, match="cp1252"):
        art = read_article(p)
    assert "\u201cno\u201d" in art.raw and "\u00a35" in art.raw


def test_utf8_bom_is_dropped(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbfHello world.\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_article(p).raw == "Hello world.\n"


@pytest.mark.parametrize("data,problem", [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"%PDF-1.4\x00\x01\x02\x03binary", "binary file"),
])
def test_empty_and_binary_files_are_refused(tmp_path, data, problem):
    p = tmp_path / "x.txt"
    p.write_bytes(data)
    with pytest.raises(InputError, match=problem):
        read_article(p)


def test_unsupported_extension_and_missing_file(tmp_path):
    p = tmp_path / "x.docx"
    p.write_bytes(b"whatever")
    with pytest.raises(InputError, match="unsupported file type '.docx'"):
        read_article(p)
    with pytest.raises(InputError, match="no such file"):
        load_articles([tmp_path / "missing.txt"])


def test_html_keeps_visible_article_text_only():
    page = """<html><head><title>T</title><meta property="article:published_time"
    content="2023-01-02T10:00:00Z"><style>p{color:red}</style>
    <script>var x = "Officials said nothing.";</script></head><body>
    <nav>Home | World</nav><article><h1>Headline</h1><p>The minister said
    talks would resume.</p><figure><figcaption>A photo</figcaption></figure>
    <p>Critics doubted it &amp; said so.</p></article><footer>(c) Outlet</footer></body></html>"""
    text, meta = html_to_text(page)
    assert "The minister said talks would resume." in text
    assert "Critics doubted it & said so." in text
    assert "var x" not in text and "color" not in text and "Home" not in text
    assert "A photo" not in text and "(c) Outlet" not in text
    assert meta["title"] == "T" and meta["date"].startswith("2023-01-02")


def test_html_file_gets_date_and_offsets(tmp_path):
    p = tmp_path / "page.html"
    p.write_text("<html><head><meta name='date' content='2022-05-06'></head><body>"
                 "<p>First sentence here. Second one.</p></body></html>", encoding="utf-8")
    art = read_article(p)
    assert art.date == dt.date(2022, 5, 6)
    assert art.raw.startswith("First sentence here.")


def test_corpus_csv_and_jsonl(tmp_path):
    csv_path = tmp_path / "corpus.csv"
    csv_path.write_text('id,date,outlet_name,text\n'
                        'a1,2020-01-01,X,"One sentence. Two, with a comma."\n'
                        'a2,,Y,Another article.\n', encoding="utf-8")
    arts = list(read_corpus_table(csv_path))
    assert [a.article_id for a in arts] == ["a1", "a2"]
    assert arts[0].date == dt.date(2020, 1, 1) and arts[1].date is None
    assert arts[0].metadata["outlet_name"] == "X"
    jl = tmp_path / "c.jsonl"
    jl.write_text("\n".join(json.dumps(r) for r in [{"article_id": "j1", "body": "Hi there."},
                                                    {"article_id": "j2", "body": "Bye."}]),
                  encoding="utf-8")
    assert [a.raw for a in load_articles(jl)] == ["Hi there.", "Bye."]


def test_corpus_table_errors(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("id,words\n1,hello\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text column"):
        list(read_corpus_table(p))
    p.write_text("id,text\n1,a.\n1,b.\n", encoding="utf-8")
    with pytest.raises(InputError, match="duplicate article id"):
        list(read_corpus_table(p))
    j = tmp_path / "c.jsonl"
    j.write_text('{"text": "ok"}\n{broken\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2: invalid JSON"):
        list(read_corpus_table(j))


def test_folder_glob_and_skip_bad(tmp_path):
    (tmp_path / "b.txt").write_text("Bee.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Ay.\n", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"ignored in a folder scan")
    (tmp_path / ".hidden.txt").write_text("Hidden.\n", encoding="utf-8")
    assert [p.name for p in expand_paths(tmp_path)] == ["a.txt", "b.txt"]
    assert [p.name for p in expand_paths(str(tmp_path / "*.txt"))] == ["a.txt", "b.txt"]
    (tmp_path / "c.txt").write_bytes(b"")
    with pytest.raises(InputError, match="c.txt: empty file"):
        load_articles(tmp_path)
    skipped = []
    arts = load_articles(tmp_path, skip_bad=True, on_skip=skipped.append)
    assert [a.article_id for a in arts] == ["a", "b"]
    assert len(skipped) == 1 and "c.txt" in str(skipped[0])


def test_duplicate_ids_across_files(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "a.txt").write_text("One.\n", encoding="utf-8")
    (tmp_path / "x" / "a.txt").write_text("Two.\n", encoding="utf-8")
    with pytest.raises(InputError, match="duplicate article id 'a'"):
        load_articles([tmp_path / "a.txt", tmp_path / "x" / "a.txt"])


def test_article_from_text_parses_front_matter():
    art = Article.from_text("---\ndate: 2021-08-20\n---\nKabul said so.\n", article_id="k")
    assert art.date == dt.date(2021, 8, 20) and art.body == "Kabul said so.\n"


def test_atomic_write_leaves_target_untouched_on_failure(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("previous\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as f:
        f.write("half")
        raise RuntimeError("crash")
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_write_table_round_trip_and_determinism(tmp_path):
    import pandas as pd

    df = pd.DataFrame({"a": [1, 2], "b": ["x", "é, \"q\""], "d": [dt.date(2020, 1, 2), None]})
    p1 = write_table(df, tmp_path / "t1.csv")
    p2 = write_table(df, tmp_path / "t2.csv")
    assert p1.read_bytes() == p2.read_bytes()
    back = read_table(p1)
    assert list(back["b"]) == ["x", "é, \"q\""] and back.loc[0, "d"] == "2020-01-02"
    with pytest.raises(InputError, match="unsupported output type"):
        write_table(df, tmp_path / "t.xls")
