"""Coding sheets: export, the coder's edit, validated import, and the round trip
through the report (human codes survive re-runs and reach the summary table)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.cli import main
from analysis.corrections import OrphanedCorrectionWarning, read_store, text_fingerprint
from analysis.sheets import (
    SHEET_COLUMNS,
    SheetError,
    codebook_types,
    import_sheets,
    read_codings,
    sheet_training_table,
)

COL = {name: i + 1 for i, name in enumerate(SHEET_COLUMNS)}


@pytest.fixture()
def sheet_path(seed_path, tmp_path):
    out = tmp_path / "sheet.xlsx"
    assert main(["sheet", "export", str(seed_path), "--out", str(out)]) == 0
    return out


def edit(path, changes, out=None):
    """Edit a sheet as a coder would: {row: {column: value}} (spreadsheet rows)."""
    wb = load_workbook(path)
    ws = wb["statements"]
    for row, cells in changes.items():
        for col, value in cells.items():
            ws.cell(row=row, column=COL[col]).value = value
    wb.save(out or path)
    return out or path


def test_exported_sheet_is_formatted_for_coders(sheet_path, seed_path):
    wb = load_workbook(sheet_path)
    ws = wb["statements"]
    assert [c.value for c in ws[1]] == SHEET_COLUMNS
    assert ws.max_row == 21  # the seed's 20 statements + header
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[COL["statement_id"] - 1] for r in rows] == list(range(1, 21))
    for r in rows:
        assert r[COL["fingerprint"] - 1] == text_fingerprint(r[COL["text"] - 1])
        assert r[COL["coder_type"] - 1] is None and r[COL["coder_speaker"] - 1] is None
    # context: the previous and next statements
    assert rows[1][COL["previous"] - 1] == rows[0][COL["text"] - 1]
    assert rows[1][COL["next"] - 1] == rows[2][COL["text"] - 1]
    assert rows[0][COL["previous"] - 1] is None and rows[-1][COL["next"] - 1] is None
    # wrapped text, widths, read-only style of automatic columns vs coder columns
    assert ws.cell(row=2, column=COL["text"]).alignment.wrap_text
    assert ws.column_dimensions["E"].width >= 50
    auto_fill = ws.cell(row=2, column=COL["auto_type"]).fill.fgColor.rgb
    coder_fill = ws.cell(row=2, column=COL["coder_type"]).fill.fgColor.rgb
    assert auto_fill != coder_fill
    # drop-down of the codebook's types on coder_type
    validations = ws.data_validations.dataValidation
    type_letter = "K"
    dv = [v for v in validations if type_letter + "2" in str(v.sqref)]
    assert dv and dv[0].type == "list" and dv[0].showErrorMessage
    ref = dv[0].formula1.split("!")[1].replace("$", "")
    listed = [c.value for c in wb["lists"][ref.split(":")[0]:ref.split(":")[1]] for c in c]
    assert listed == codebook_types()
    assert wb["lists"].sheet_state == "hidden"
    assert "codebook" in wb.sheetnames and "instructions" in wb.sheetnames


def test_round_trip_keeps_human_codes_through_two_reports(sheet_path, seed_path, tmp_path):
    edit(sheet_path, {2: {"coder_speaker": "United Nations", "coder_type": "engagement"},
                      11: {"coder_speaker": "Iran", "coder_type": "Accusation",
                           "coder_notes": "checked"},
                      12: {"coder_type": "demand"}})
    store = tmp_path / "corrections.csv"
    assert main(["sheet", "import", str(sheet_path), "--coder", "alice",
                 "--store", str(store)]) == 0
    stored = read_store(store)
    assert len(stored) == 3 and set(stored["coder"]) == {"alice"}
    assert set(stored["type"]) == {"engagement", "accusation", "demand"}  # case normalised

    outputs = []
    for run in ("one", "two"):
        out = tmp_path / run
        assert main(["report", str(seed_path), "--out", str(out),
                     "--corrections", str(store)]) == 0
        outputs.append(out)
        st = pd.read_csv(out / "statements.csv", keep_default_na=False)
        by_id = st.set_index("statement_id")
        assert by_id.loc[1, "speaker"] == "United Nations"
        assert by_id.loc[1, "type"] == "engagement"
        assert by_id.loc[10, "speaker"] == "Iran" and by_id.loc[10, "type"] == "accusation"
        assert by_id.loc[11, "type"] == "demand"
        assert by_id.loc[1, "coded_by"] == "human:alice"
        assert by_id.loc[11, "corrected"] == "type"
        assert not by_id.loc[2, "coded_by"].startswith("human")
        # the summary the charts are drawn from counts the human codes
        summary = pd.read_csv(out / "summary_speaker_type.csv",
                              keep_default_na=False).set_index("speaker")
        assert summary.loc["United Nations", "engagement"] == 1
        assert summary.loc["Iran", "accusation"] == 1
        # and so does the data behind the corpus speaker × type chart
        chart = pd.read_csv(out / "figures" / "corpus" / "speaker_types.csv",
                            keep_default_na=False).set_index("speaker")
        assert chart.loc["United Nations", "engagement"] == 1
    a, b = (o / "statements.csv" for o in outputs)
    assert a.read_bytes() == b.read_bytes()
    # without corrections the automatic codes come back
    plain = tmp_path / "plain.csv"
    assert main(["code", str(seed_path), "--out", str(plain), "--no-corrections"]) == 0
    st = pd.read_csv(plain, keep_default_na=False)
    assert "United Nations" not in set(st["speaker"])
    assert read_store(store).equals(stored)  # re-running never changes the store


def test_later_import_by_same_coder_replaces_and_other_coders_are_kept(sheet_path, tmp_path):
    store = tmp_path / "c.csv"
    first = edit(sheet_path, {3: {"coder_type": "demand"}}, tmp_path / "a.xlsx")
    import_sheets([first], "alice", store=store)
    second = edit(sheet_path, {3: {"coder_type": "assurance"}}, tmp_path / "b.xlsx")
    import_sheets([second], "alice", store=store)
    import_sheets([first], "bob", store=store)
    s = read_store(store)
    assert sorted(zip(s["coder"], s["type"])) == [("alice", "assurance"), ("bob", "demand")]


@pytest.mark.parametrize("changes,expected", [
    ({4: {"coder_type": "assurnce"}}, ["row 4: unknown type 'assurnce'"]),
    ({5: {"article_id": None}, 6: {"statement_id": None}},
     ["row 5: missing article_id", "row 6: missing statement_id"]),
    ({7: {"fingerprint": "12ab"}}, ["row 7: malformed fingerprint '12ab'"]),
    ({8: {"text": "A sentence the coder rewrote."}},
     ["row 8: the text does not match its fingerprint"]),
    ({9: {"statement_id": 99}}, ["statement 99 is not a statement this sheet was exported"]),
    ({9: {"statement_id": "two"}}, ["row 9: statement_id 'two' is not a positive whole"]),
])
def test_bad_sheets_are_refused_with_rows_and_store_unchanged(sheet_path, tmp_path, changes,
                                                               expected, capsys):
    store = tmp_path / "c.csv"
    good = edit(sheet_path, {2: {"coder_type": "context"}}, tmp_path / "good.xlsx")
    import_sheets([good], "alice", store=store)
    before = store.read_bytes()
    # a good correction in the same bad sheet must not be imported either
    bad = edit(sheet_path, {**changes, 3: {"coder_type": "demand"}}, tmp_path / "bad.xlsx")
    assert main(["sheet", "import", str(bad), "--coder", "alice", "--store", str(store)]) == 2
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    assert "bad.xlsx" in first and "problem" in first and "nothing was imported" in first
    for line in expected:
        assert line in err
    assert store.read_bytes() == before


def test_all_problems_are_reported_at_once_including_duplicates(sheet_path, tmp_path):
    wb = load_workbook(sheet_path)
    ws = wb["statements"]
    ws.append([c.value for c in ws[5]])  # a duplicated row (row 22)
    ws.cell(row=3, column=COL["coder_type"], value="nonsense")
    ws.cell(row=9, column=COL["fingerprint"]).value = None
    bad = tmp_path / "dups.xlsx"
    wb.save(bad)
    store = tmp_path / "c.csv"
    with pytest.raises(SheetError) as exc:
        import_sheets([bad], "alice", store=store)
    msg = str(exc.value)
    assert msg.splitlines()[0].startswith(f"{bad}: 3 problems")
    assert "row 3: unknown type 'nonsense'" in msg
    assert "row 9: missing fingerprint" in msg
    assert "row 22: duplicate row" in msg and "also in row 5" in msg
    assert not store.exists()


def test_csv_sheet_round_trip(seed_path, tmp_path):
    sheet = tmp_path / "sheet.csv"
    assert main(["sheet", "export", str(seed_path), "--out", str(sheet)]) == 0
    df = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(df.columns) == SHEET_COLUMNS
    df.loc[4, "coder_type"] = "skepticism"
    df.loc[4, "coder_speaker"] = "Pakistan; China"
    df.to_csv(sheet, index=False, sep=";")  # as a spreadsheet program in a ';' locale saves
    res = import_sheets([sheet], "carol", store=tmp_path / "c.csv")
    assert res["added"] == 1
    s = read_store(tmp_path / "c.csv").iloc[0]
    assert (s["statement_id"], s["speaker"], s["type"]) == ("5", "China; Pakistan", "skepticism")


def test_changed_article_gives_orphaned_warning_and_keeps_the_correction(seed_path, tmp_path,
                                                                        capsys):
    article = tmp_path / seed_path.name
    shutil.copy(seed_path, article)
    sheet = tmp_path / "s.xlsx"
    main(["sheet", "export", str(article), "--out", str(sheet)])
    rows = list(load_workbook(sheet)["statements"].iter_rows(min_row=2, values_only=True))
    texts = [r[COL["text"] - 1] for r in rows]
    article_id = rows[0][COL["article_id"] - 1]
    edit(sheet, {4: {"coder_type": "demand"}})
    store = tmp_path / "c.csv"
    import_sheets([sheet], "alice", store=store)
    before = store.read_bytes()
    raw = article.read_text(encoding="utf-8")
    changed = texts[2].replace(texts[2].split()[1], "EDITED", 1)
    article.write_text(raw.replace(texts[2], changed), encoding="utf-8")
    with pytest.warns(OrphanedCorrectionWarning) as rec:
        assert main(["code", str(article), "--out", str(tmp_path / "t.csv"),
                     "--corrections", str(store)]) == 0
    msgs = [str(w.message) for w in rec]
    assert any("orphaned" in m and "statement 3" in m and article_id in m for m in msgs)
    table = pd.read_csv(tmp_path / "t.csv", keep_default_na=False)
    assert not table["coded_by"].str.startswith("human").any()
    assert store.read_bytes() == before
    # 'sheet status' lists it with the text the coder saw
    capsys.readouterr()
    assert main(["sheet", "status", str(article), "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert f"orphaned: article {article_id} statement 3 (alice)" in out
    assert texts[2][:40] in out


def test_sheet_gives_two_codings_for_reliability(sheet_path):
    edit(sheet_path, {2: {"coder_speaker": "Pakistan", "coder_type": "skepticism"}})
    codings = read_codings([sheet_path])
    assert set(codings) == {"automatic", "sheet"}
    human = codings["sheet"]
    assert human.loc[0, "type"] == "skepticism" and human.loc[1, "type"] == ""


def test_sheet_as_training_table(sheet_path):
    edit(sheet_path, {2: {"coder_type": "skepticism"}, 3: {"coder_speaker": "Iran"}})
    t = sheet_training_table(sheet_path)
    assert list(t["statement_id"]) == [1]  # only rows with a human type
    assert t.loc[0, "type"] == "skepticism" and t.loc[0, "coded_by"] == "human"
    assert t.loc[0, "text"]


def test_export_coded_corpus_as_xlsx(seed_path, tmp_path):
    out = tmp_path / "corpus.xlsx"
    assert main(["sheet", "corpus", str(seed_path), "--out", str(out),
                 "--no-corrections"]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["statements", "summary"]
    assert wb["statements"].max_row == 21


def test_sheet_from_a_table_keeps_formula_like_text_as_text(tmp_path):
    from analysis.sheets import make_sheet, validate_sheet, write_sheet

    table = pd.DataFrame({"article_id": ["x", "x"], "statement_id": [1, 2],
                          "text": ["=1+1 was the slogan.", "Talks went on."],
                          "speaker": ["narrator", "narrator"], "type": ["context", "engagement"],
                          "cue": ["", "Talks"]})
    sheet = make_sheet(table)
    assert list(sheet["previous"]) == ["", "=1+1 was the slogan."]
    path = write_sheet(sheet, tmp_path / "f.xlsx")
    ws = load_workbook(path)["statements"]
    assert ws.cell(row=2, column=COL["text"]).value == "=1+1 was the slogan."
    assert ws.cell(row=2, column=COL["text"]).data_type == "s"
    entries, problems = validate_sheet(path)
    assert problems == [] and entries.empty


def test_speaker_labels_take_the_dictionary_spelling_and_unknown_ones_are_flagged(
        sheet_path, tmp_path):
    from analysis.sheets import SpeakerLabelWarning

    edit(sheet_path, {2: {"coder_speaker": "pakistan"},
                      3: {"coder_speaker": "Islamabad"},
                      4: {"coder_speaker": "pakistan;  china"}})
    store = tmp_path / "c.csv"
    with pytest.warns(SpeakerLabelWarning, match=r"row 3: speaker 'Islamabad'.*'Pakistan'"):
        import_sheets([sheet_path], "alice", store=store)
    s = read_store(store).set_index("statement_id")
    assert s.loc["1", "speaker"] == "Pakistan"
    assert s.loc["2", "speaker"] == "Islamabad"  # kept as the coder wrote it
    assert s.loc["3", "speaker"] == "China; Pakistan"


def test_reliability_command_reads_coding_sheets(sheet_path, tmp_path, capsys):
    rows = list(load_workbook(sheet_path)["statements"].iter_rows(min_row=2, values_only=True))
    auto = {i + 2: {"coder_type": r[COL["auto_type"] - 1],
                    "coder_speaker": r[COL["auto_speaker"] - 1]} for i, r in enumerate(rows)}
    alice = edit(sheet_path, auto, tmp_path / "alice.xlsx")  # agrees with the machine
    other = {k: dict(v) for k, v in auto.items()}
    for row in (2, 3, 4):  # bob disagrees on three types
        other[row]["coder_type"] = "demand" if auto[row]["coder_type"] != "demand" else "context"
    bob = edit(sheet_path, other, tmp_path / "bob.xlsx")
    out = tmp_path / "rel"
    assert main(["reliability", str(alice), str(bob), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "coders: automatic, alice, bob" in text and "confusion matrix" in text
    pairs = pd.read_csv(out / "type_pairwise.csv").set_index(["coder_a", "coder_b"])
    assert pairs.loc[("automatic", "alice"), "agreement"] == 1.0
    assert pairs.loc[("automatic", "bob"), "n_units"] == 20
    assert pairs.loc[("automatic", "bob"), "agreement"] == pytest.approx(17 / 20)
    assert (out / "type_confusion.csv").exists()
    # the one-line summary for notebooks
    from analysis.sheets import reliability_table

    summary = reliability_table([alice]).set_index("variable")
    assert summary.loc["type", "alpha"] == pytest.approx(1.0)
    assert summary.loc["type", "n_units"] == 20
    both = reliability_table([alice, bob]).set_index("variable")
    assert both.loc["type", "alpha"] < 1.0 and both.loc["type", "n_coders"] == 3


def test_train_learns_from_a_coded_sheet_and_a_corrected_table(sheet_path, seed_path,
                                                                tmp_path, capsys):
    types = ["skepticism", "demand", "engagement"]
    edit(sheet_path, {row: {"coder_type": types[row % 3]} for row in range(2, 11)})
    model = tmp_path / "m.json"
    assert main(["train", str(sheet_path), "--out", str(model)]) == 0
    assert "trained on 9 statements" in capsys.readouterr().err
    # the corrected statements table (human codes applied) is training data too
    store = tmp_path / "c.csv"
    import_sheets([sheet_path], "alice", store=store)
    table = tmp_path / "statements.csv"
    assert main(["code", str(seed_path), "--out", str(table), "--corrections", str(store)]) == 0
    assert main(["train", str(table), "--out", str(model)]) == 0
    assert "trained on 20 statements" in capsys.readouterr().err


def test_qdpx_export_holds_sources_selections_and_codes(seed_path, tmp_path):
    import re
    import xml.etree.ElementTree as ET
    import zipfile

    store = tmp_path / "c.csv"
    sheet = tmp_path / "s.xlsx"
    main(["sheet", "export", str(seed_path), "--out", str(sheet)])
    edit(sheet, {2: {"coder_type": "demand"}})
    import_sheets([sheet], "alice", store=store)
    out = tmp_path / "corpus.qdpx"
    assert main(["sheet", "corpus", str(seed_path), "--out", str(out),
                 "--corrections", str(store)]) == 0
    ns = {"q": "urn:QDA-XML:project:1.0"}
    guid = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
    with zipfile.ZipFile(out) as z:
        root = ET.fromstring(z.read("project.qde"))
        assert root.tag == "{urn:QDA-XML:project:1.0}Project" and root.get("name")
        # top-level order required by the schema: Users, CodeBook, Sources
        assert [c.tag.split("}")[1] for c in root] == ["Users", "CodeBook", "Sources"]
        users = {u.get("name"): u.get("guid") for u in root.find("q:Users", ns)}
        assert set(users) == {"analysis (automatic)", "alice"}
        codes = {c.get("guid"): c for c in root.iter("{urn:QDA-XML:project:1.0}Code")}
        assert all(guid.match(g) for g in codes)
        type_codes = {c.get("name") for c in root.find("q:CodeBook/q:Codes/q:Code[@name='type']",
                                                        ns)}
        assert type_codes == set(codebook_types())
        assert all(re.match(r"^#[0-9A-F]{6}$", c.get("color")) for c in codes.values()
                   if c.get("color"))
        sources = root.findall("q:Sources/q:TextSource", ns)
        assert len(sources) == 1
        src = sources[0]
        path = src.get("plainTextPath").replace("internal://", "sources/")
        text = z.read(path).decode("utf-8")
    assert text == seed_path.read_text(encoding="utf-8")
    sels = src.findall("q:PlainTextSelection", ns)
    assert len(sels) == 20
    first = sels[0]
    start, end = int(first.get("startPosition")), int(first.get("endPosition"))
    rows = list(load_workbook(sheet)["statements"].iter_rows(min_row=2, values_only=True))
    assert text[start:end] == rows[0][COL["text"] - 1]
    codings = first.findall("q:Coding", ns)
    refs = [codes[c.find("q:CodeRef", ns).get("targetGUID")].get("name") for c in codings]
    assert refs[0] == "demand"  # the human type
    assert codings[0].get("creatingUser") == users["alice"]
    assert codings[1].get("creatingUser") == users["analysis (automatic)"]
    # every selection's codes exist in the codebook
    for sel in sels:
        for c in sel.findall("q:Coding", ns):
            assert c.find("q:CodeRef", ns).get("targetGUID") in codes


def test_sample_for_double_coding_is_reproducible_and_keeps_context(seed_path, tmp_path):
    full, a, b = tmp_path / "full.csv", tmp_path / "a.csv", tmp_path / "b.csv"
    main(["sheet", "export", str(seed_path), "--out", str(full)])
    for out in (a, b):
        assert main(["sheet", "export", str(seed_path), "--out", str(out), "--sample", "6",
                     "--seed", "3"]) == 0
    read = lambda p: pd.read_csv(p, dtype=str, keep_default_na=False,
                                 encoding="utf-8-sig")
    sa, sb, sf = read(a), read(b), read(full).set_index("statement_id")
    assert len(sa) == 6 and list(sa["statement_id"]) == list(sb["statement_id"])
    assert list(sa["statement_id"].astype(int)) == sorted(sa["statement_id"].astype(int))
    for row in sa.itertuples(index=False):  # context comes from the whole article
        assert row.previous == sf.loc[row.statement_id, "previous"]
        assert row.next == sf.loc[row.statement_id, "next"]


def test_two_sheets_coding_one_statement_differently_are_refused(sheet_path, tmp_path):
    a = edit(sheet_path, {5: {"coder_type": "demand"}}, tmp_path / "a.xlsx")
    b = edit(sheet_path, {5: {"coder_type": "assurance"}}, tmp_path / "b.xlsx")
    store = tmp_path / "c.csv"
    with pytest.raises(SheetError, match="statement 4 is coded differently in a.xlsx, b.xlsx"):
        import_sheets([a, b], "alice", store=store)
    assert not store.exists()
    res = import_sheets([a, a], "alice", store=store)  # the same codes twice are fine
    assert res["added"] == 1
