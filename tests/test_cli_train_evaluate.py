"""The train, evaluate and reliability commands: exit codes, messages, files written."""

import json

import pandas as pd
import pytest
from test_model import training_table

from analysis.cli import main


@pytest.fixture()
def coded(tmp_path):
    d = training_table()
    paths = []
    for art, part in d.groupby("article_id"):
        p = tmp_path / f"{art}.csv"
        part.to_csv(p, index=False)
        paths.append(str(p))
    return paths


def test_train_writes_model_and_prints_cv(coded, tmp_path, capsys):
    out = tmp_path / "model.json"
    assert main(["train", *coded, "--out", str(out), "--cv"]) == 0
    captured = capsys.readouterr()
    assert "cross-validated by article (4 folds" in captured.out
    assert "Krippendorff alpha" in captured.out
    assert "confusion matrix" in captured.out
    assert "rules vs model vs hybrid on the same held-out articles" in captured.out
    assert captured.out.count("  hybrid ") == 6  # one line per threshold tried
    assert "trained on 36 statements from 4 article(s)" in captured.err
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "analysis-type-model"
    assert doc["training"]["n_statements"] == 36


def test_train_threshold_saved_and_checked(coded, tmp_path, capsys):
    out = tmp_path / "model.json"
    assert main(["train", *coded, "--out", str(out), "--threshold", "0.4"]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["params"]["hybrid_threshold"] == 0.4
    assert main(["train", *coded, "--out", str(out), "--threshold", "1.5"]) == 2
    assert "--threshold" in capsys.readouterr().err
    assert main(["train", *coded, "--out", str(out), "--threshold", "often"]) == 2
    assert "'auto' or a number" in capsys.readouterr().err


def test_train_routes_saved_and_checked(coded, tmp_path, capsys):
    out = tmp_path / "model.json"
    assert main(["train", *coded, "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["params"]["hybrid_routes"] == \
        ["default_attributed"]
    assert main(["train", *coded, "--out", str(out), "--routes", "all"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["params"]["hybrid_routes"] is None
    assert main(["train", *coded, "--out", str(out), "--routes",
                 "default_narrator, carried_over"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["params"]["hybrid_routes"] == \
        ["default_narrator", "carried_over"]
    capsys.readouterr()
    before = out.read_bytes()
    assert main(["train", *coded, "--out", str(out), "--routes", "cue,guess"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --routes") and "guess" in err
    assert out.read_bytes() == before  # nothing written


def test_train_threshold_auto_takes_the_cross_validated_best(coded, tmp_path, capsys):
    from analysis.model import (
        best_threshold,
        cross_validate_by_article,
        hybrid_sweep,
        read_coded_tables,
    )

    out = tmp_path / "model.json"
    assert main(["train", *coded, "--out", str(out), "--threshold", "auto"]) == 0
    err = capsys.readouterr().err
    data = read_coded_tables(coded)
    want = best_threshold(hybrid_sweep(data, cross_validate_by_article(data)))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["params"]["hybrid_threshold"] == want
    assert f"hybrid threshold set to {want:.2f}" in err


def test_train_unknown_label_exit_2(tmp_path, capsys):
    d = training_table()
    d.loc[0, "type"] = "gossip"
    p = tmp_path / "bad.csv"
    d.to_csv(p, index=False)
    assert main(["train", str(p), "--out", str(tmp_path / "m.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "bad.csv" in err and "gossip" in err
    assert not (tmp_path / "m.json").exists()


def test_train_missing_column_exit_2(tmp_path, capsys):
    p = tmp_path / "notype.csv"
    pd.DataFrame({"text": ["a", "b"]}).to_csv(p, index=False)
    assert main(["train", str(p), "--out", str(tmp_path / "m.json")]) == 2
    assert "'type' column" in capsys.readouterr().err


def test_code_with_bad_model_file_exit_2(tmp_path, capsys):
    art = tmp_path / "a.txt"
    art.write_text("The ministers held talks on Monday.\n", encoding="utf-8")
    bad = tmp_path / "model.json"
    bad.write_text("{\"format\": \"something-else\"}", encoding="utf-8")
    assert main(["code", str(art), "--out", str(tmp_path / "s.csv"), "--model",
                 str(bad)]) == 2
    err = capsys.readouterr().err
    assert "model.json" in err and "not a valid model file" in err


def test_code_with_model_marks_coded_by(coded, tmp_path):
    model = tmp_path / "model.json"
    assert main(["train", *coded, "--out", str(model)]) == 0
    art = tmp_path / "a.txt"
    art.write_text("The ministers held talks on Monday. The river is wide.\n",
                   encoding="utf-8")
    out = tmp_path / "s.csv"
    assert main(["code", str(art), "--out", str(out), "--model", str(model),
                 "--no-corrections"]) == 0
    table = pd.read_csv(out)
    assert set(table["coded_by"]) <= {"rules", "model"}
    assert len(table) == 2


def test_evaluate_prints_and_writes(tmp_path, capsys):
    from test_evaluate import gold_table

    g = gold_table()
    p = g.copy()
    p.loc[1, "type"] = "context"
    gp, pp = tmp_path / "gold.csv", tmp_path / "pred.csv"
    g.to_csv(gp, index=False)
    p.to_csv(pp, index=False)
    assert main(["evaluate", str(gp), str(pp), "--out", str(tmp_path / "ev")]) == 0
    out = capsys.readouterr().out
    assert "SPEAKER" in out and "TYPE" in out and "accuracy attributed" in out
    assert "accuracy            0.875" in out
    assert (tmp_path / "ev" / "type_confusion.csv").is_file()
    # several files through --gold/--pred
    assert main(["evaluate", "--gold", str(gp), "--pred", str(pp)]) == 0


def test_evaluate_errors(tmp_path, capsys):
    assert main(["evaluate", str(tmp_path / "nope.csv"), str(tmp_path / "nope2.csv")]) == 2
    assert "nope.csv" in capsys.readouterr().err
    assert main(["evaluate", "a.csv"]) == 2
    assert "PRED" in capsys.readouterr().err


def test_reliability_two_coders(tmp_path, capsys):
    base = pd.DataFrame({"article_id": ["a"] * 4, "statement_id": [1, 2, 3, 4],
                         "speaker": ["X", "Y", "X", "narrator"],
                         "type": ["demand", "context", "demand", "context"]})
    (tmp_path / "ann.csv").write_text(base.to_csv(index=False), encoding="utf-8")
    other = base.copy()
    other.loc[0, "type"] = "context"
    (tmp_path / "bob.csv").write_text(other.to_csv(index=False), encoding="utf-8")
    assert main(["reliability", str(tmp_path / "ann.csv"), str(tmp_path / "bob.csv"),
                 "--out", str(tmp_path / "rel")]) == 0
    out = capsys.readouterr().out
    assert "coders: ann, bob" in out
    # speaker identical -> alpha 1; type: one disagreement of four
    assert "SPEAKER" in out and "Krippendorff alpha (nominal)  1.000" in out
    assert "percent agreement             0.750" in out
    assert (tmp_path / "rel" / "type_summary.csv").is_file()


def test_reliability_needs_two_coders(tmp_path, capsys):
    t = pd.DataFrame({"article_id": ["a"], "statement_id": [1], "speaker": ["X"],
                      "type": ["context"]})
    p = tmp_path / "only.csv"
    t.to_csv(p, index=False)
    assert main(["reliability", str(p)]) == 2
    assert "two coders" in capsys.readouterr().err


def test_reliability_folders_are_coders(tmp_path, capsys):
    """A folder of per-article tables is one coder, named after the folder."""
    for coder, flip in (("ann", False), ("bob", True)):
        folder = tmp_path / coder
        folder.mkdir()
        for art in ("a1", "a2"):
            t = pd.DataFrame({"article_id": [art] * 2, "statement_id": [1, 2],
                              "speaker": ["X", "narrator"], "type": ["demand", "context"]})
            if flip and art == "a2":
                t.loc[0, "type"] = "accusation"
            t.to_csv(folder / f"{art}.csv", index=False)
    assert main(["reliability", str(tmp_path / "ann"), str(tmp_path / "bob")]) == 0
    out = capsys.readouterr().out
    assert "coders: ann, bob" in out
    assert "(units coded by two or more: 4, coders: 2)" in out
    assert "percent agreement             0.750" in out  # one of four types differs
    (tmp_path / "empty").mkdir()
    assert main(["reliability", str(tmp_path / "ann"), str(tmp_path / "empty")]) == 2
    assert "no statements tables" in capsys.readouterr().err
