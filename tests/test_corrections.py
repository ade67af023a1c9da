"""The corrections store: fingerprints, merging, applying, orphans, atomic writes."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from analysis.corrections import (
    STORE_COLUMNS,
    CorrectionConflictWarning,
    OrphanedCorrectionWarning,
    ReanchoredCorrectionWarning,
    add_corrections,
    apply_corrections,
    merge_corrections,
    normalise_speaker,
    read_store,
    text_fingerprint,
)
from analysis.errors import AnalysisError

TEXTS = ["Ministers met in Geneva on Monday.",
         "The envoy promised that the border would stay open.",
         "Critics doubt that promise."]


def table(texts=TEXTS, article="a1"):
    n = len(texts)
    return pd.DataFrame({
        "article_id": [article] * n, "statement_id": list(range(1, n + 1)),
        "text": texts, "speaker": ["narrator"] * n, "type": ["context"] * n,
        "cue": ["met", "", ""], "secondary_types": ["engagement", "", "skepticism"][:n],
        "coded_by": ["rules"] * n,
        "speaker_span": ["Ministers", "", ""][:n],
        "speaker_start": pd.array([0, None, None][:n], dtype="Int64"),
    })


def entry(sid, text, coder="alice", speaker="", type_="", at="2026-01-01T10:00:00+00:00",
          article="a1", fp=None):
    return {"article_id": article, "statement_id": str(sid),
            "fingerprint": fp or text_fingerprint(text), "coder": coder, "speaker": speaker,
            "type": type_, "notes": "", "coded_at": at, "sheet": "s.xlsx", "text": text}


def store(*entries):
    return pd.DataFrame(list(entries), columns=STORE_COLUMNS)


def test_fingerprint_ignores_whitespace_but_not_words():
    fp = text_fingerprint("Talks resumed on Monday.")
    assert len(fp) == 16 and all(c in "0123456789abcdef" for c in fp)
    assert text_fingerprint("  Talks\nresumed   on Monday. ") == fp
    assert text_fingerprint("Talks resumed on Tuesday.") != fp


def test_joint_speakers_are_put_in_canonical_order():
    assert normalise_speaker(" Pakistan ;China") == "China; Pakistan"
    assert normalise_speaker("United  States") == "United States"


def test_no_store_leaves_the_table_alone():
    t = table()
    assert apply_corrections(t, None) is t


def test_human_codes_replace_automatic_ones():
    s = store(entry(2, TEXTS[1], speaker="Iran", type_="assurance"),
              entry(3, TEXTS[2], type_="skepticism"))
    out = apply_corrections(table(), s)
    assert list(out["speaker"]) == ["narrator", "Iran", "narrator"]
    assert list(out["type"]) == ["context", "assurance", "skepticism"]
    assert list(out["coded_by"]) == ["rules", "human:alice", "human:alice"]
    assert list(out["corrected"]) == ["", "speaker;type", "type"]
    # the human primary type is not also listed as secondary
    assert out.loc[2, "secondary_types"] == ""


def test_changed_speaker_clears_the_automatic_span():
    s = store(entry(1, TEXTS[0], speaker="United Nations"))
    out = apply_corrections(table(), s)
    assert out.loc[0, "speaker"] == "United Nations" and out.loc[0, "speaker_span"] == ""
    assert pd.isna(out.loc[0, "speaker_start"])
    assert out.loc[0, "type"] == "context" and out.loc[0, "corrected"] == "speaker"


def test_changed_text_is_orphaned_reported_and_not_applied():
    texts = [TEXTS[0], "The envoy refused to say whether the border would stay open.", TEXTS[2]]
    s = store(entry(2, TEXTS[1], type_="assurance"))
    with pytest.warns(OrphanedCorrectionWarning) as rec:
        out = apply_corrections(table(texts), s)
    msg = str(rec[0].message)
    assert "orphaned" in msg and "a1" in msg and "statement 2" in msg
    assert list(out["type"]) == ["context"] * 3 and set(out["coded_by"]) == {"rules"}


def test_missing_statement_is_orphaned():
    s = store(entry(7, "A sentence that is gone.", type_="demand"))
    with pytest.warns(OrphanedCorrectionWarning, match="orphaned.*a1.*statement 7"):
        out = apply_corrections(table(), s)
    assert set(out["type"]) == {"context"}


def test_other_articles_are_irrelevant_not_orphaned():
    s = store(entry(1, "Something else.", type_="demand", article="zz"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = apply_corrections(table(), s)
    assert set(out["coded_by"]) == {"rules"}


def test_a_moved_sentence_takes_its_correction_along():
    s = store(entry(2, TEXTS[1], type_="assurance"))
    moved = ["A new first sentence was added."] + TEXTS
    with pytest.warns(ReanchoredCorrectionWarning, match="re-anchored to statement 3"):
        out = apply_corrections(_table4(moved), s)
    assert list(out["type"]) == ["context", "context", "assurance", "context"]


def _table4(texts):
    n = len(texts)
    return pd.DataFrame({"article_id": ["a1"] * n, "statement_id": range(1, n + 1),
                         "text": texts, "speaker": ["narrator"] * n, "type": ["context"] * n,
                         "coded_by": ["rules"] * n})


def test_disagreeing_coders_latest_wins_or_priority_order():
    s = store(entry(2, TEXTS[1], coder="alice", type_="assurance",
                    at="2026-01-01T10:00:00+00:00"),
              entry(2, TEXTS[1], coder="bob", type_="demand", at="2026-01-02T10:00:00+00:00"))
    with pytest.warns(CorrectionConflictWarning, match="1 statement"):
        out = apply_corrections(table(), s)
    assert out.loc[1, "type"] == "demand" and out.loc[1, "coded_by"] == "human:bob"
    with pytest.warns(CorrectionConflictWarning):
        out = apply_corrections(table(), s, coders=["alice", "bob"])
    assert out.loc[1, "type"] == "assurance" and out.loc[1, "coded_by"] == "human:alice"


def test_merge_replaces_same_coder_cell_by_cell_and_keeps_other_coders():
    old = store(entry(2, TEXTS[1], coder="alice", type_="assurance", speaker="Iran"),
                entry(2, TEXTS[1], coder="bob", type_="demand"))
    new = store(entry(2, TEXTS[1], coder="alice", type_="engagement",
                      at="2026-02-01T00:00:00+00:00"),
                entry(3, TEXTS[2], coder="alice", type_="skepticism"))
    merged, counts = merge_corrections(old, new)
    assert counts == {"added": 1, "updated": 1, "unchanged": 0}
    assert len(merged) == 3
    alice = merged[(merged.coder == "alice") & (merged.statement_id == "2")].iloc[0]
    assert alice["type"] == "engagement" and alice["speaker"] == "Iran"  # empty cell kept
    assert alice["coded_at"] == "2026-02-01T00:00:00+00:00"
    bob = merged[merged.coder == "bob"].iloc[0]
    assert bob["type"] == "demand"


def test_add_corrections_creates_then_merges(tmp_path):
    path = tmp_path / "c.csv"
    res = add_corrections(store(entry(1, TEXTS[0], type_="engagement")), path)
    assert res["added"] == 1 and res["total"] == 1
    res = add_corrections(store(entry(2, TEXTS[1], coder="bob", type_="assurance")), path)
    assert res["total"] == 2
    back = read_store(path)
    assert set(back["coder"]) == {"alice", "bob"}
    assert list(back.columns[:len(STORE_COLUMNS)]) == STORE_COLUMNS


def test_crash_mid_write_leaves_the_previous_store(tmp_path, monkeypatch):
    path = tmp_path / "c.csv"
    add_corrections(store(entry(1, TEXTS[0], type_="engagement")), path)
    before = path.read_bytes()

    def crash(self, f, *args, **kwargs):
        f.write("article_id,statement_id\na1,")  # half a file, then the crash
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", crash)
    with pytest.raises(OSError):
        add_corrections(store(entry(2, TEXTS[1], type_="assurance")), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_corrupt_store_is_refused_and_untouched(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("article_id,statement_id,fingerprint,coder\na1,x,nothex,\n")
    before = path.read_bytes()
    with pytest.raises(AnalysisError, match="corrupt corrections store"):
        add_corrections(store(entry(1, TEXTS[0], type_="engagement")), path)
    assert path.read_bytes() == before


def test_explicit_store_must_exist(tmp_path):
    with pytest.raises(AnalysisError, match="no such corrections store"):
        apply_corrections(table(), tmp_path / "missing.csv")


def test_code_applies_the_default_store_unless_told_not_to(seed_path, tmp_path, monkeypatch):
    from analysis.cli import main
    from analysis.corrections import default_store, default_store_path

    monkeypatch.setenv("ANALYSIS_PROJECT_ROOT", str(tmp_path))
    assert default_store() is None  # no store yet: nothing applied, no error
    out = tmp_path / "t.csv"
    assert main(["code", str(seed_path), "--out", str(out)]) == 0
    plain = pd.read_csv(out, keep_default_na=False)
    first = plain.iloc[0]
    path = default_store_path()
    assert path == tmp_path / "data" / "processed" / "corrections.csv"
    add_corrections(store(entry(1, first["text"], article=first["article_id"],
                                speaker="United Nations", type_="demand")), path)
    assert default_store() == path
    assert main(["code", str(seed_path), "--out", str(out)]) == 0
    row = pd.read_csv(out, keep_default_na=False).iloc[0]
    assert (row["speaker"], row["type"], row["coded_by"]) == ("United Nations", "demand",
                                                              "human:alice")
    assert main(["code", str(seed_path), "--out", str(out), "--no-corrections"]) == 0
    row = pd.read_csv(out, keep_default_na=False).iloc[0]
    assert row["speaker"] == first["speaker"] and "corrected" not in row.index
