"""evaluate(): alignment and speaker/type metrics on small hand-made tables."""

import pandas as pd
import pytest

from analysis.errors import AnalysisError
from analysis.evaluate import evaluate, speaker_metrics, type_metrics


def gold_table():
    return pd.DataFrame({
        "article_id": ["a"] * 5 + ["b"] * 3,
        "statement_id": [1, 2, 3, 4, 5, 1, 2, 3],
        "start": [0, 10, 20, 30, 40, 0, 10, 20],
        "end": [9, 19, 29, 39, 49, 9, 19, 29],
        "text": [f"Statement {i}." for i in range(8)],
        "speaker": ["narrator", "Pakistan", "Pakistan", "China", "narrator",
                    "India", "India", "narrator"],
        "type": ["context", "skepticism", "demand", "engagement", "context",
                 "accusation", "assurance", "context"],
    })


def test_perfect_prediction():
    g = gold_table()
    rep = evaluate(g, g.copy())
    assert rep.summary["n_matched"] == 8
    assert rep.alignment == {"offsets": 8}
    assert rep.speaker["accuracy"] == 1.0
    assert rep.type["alpha"] == pytest.approx(1.0)
    assert rep.type["kappa"] == pytest.approx(1.0)
    assert "Krippendorff alpha  1.000" in rep.to_text()


def test_speaker_metrics_and_confusions():
    g = gold_table()
    p = g.copy()
    p.loc[1, "speaker"] = "narrator"     # attributed statement missed
    p.loc[2, "speaker"] = "narrator"
    p.loc[0, "speaker"] = "China"        # narration given a speaker
    rep = evaluate(g, p)
    s = rep.speaker
    assert s["accuracy"] == pytest.approx(5 / 8)
    # attributed: gold speaker not narrator -> rows 1,2,3,5,6; two wrong
    assert s["n_attributed"] == 5
    assert s["accuracy_attributed"] == pytest.approx(3 / 5)
    top = s["confusions"].iloc[0]
    assert (top["gold"], top["pred"], top["count"]) == ("Pakistan", "narrator", 2)
    per = s["per_speaker"].set_index("label")
    assert per.loc["Pakistan", "recall"] == 0 and per.loc["Pakistan", "support"] == 2
    # China: predicted twice, right once
    assert per.loc["China", "precision"] == pytest.approx(0.5)


def test_type_metrics_hand_computed():
    m = type_metrics(["x", "x", "y", "y"], ["x", "y", "y", "y"], labels=["y", "x", "z"])
    assert m["accuracy"] == pytest.approx(0.75)
    # kappa: po .75, pe = .5*.25 + .5*.75 = .5 -> .5
    assert m["kappa"] == pytest.approx(0.5)
    # confusion in the given label order, zero rows kept
    assert list(m["confusion"].index) == ["y", "x", "z"]
    assert m["confusion"].loc["x", "y"] == 1
    per = m["per_type"].set_index("label")
    assert per.loc["x", "recall"] == pytest.approx(0.5)
    assert per.loc["y", "precision"] == pytest.approx(2 / 3)
    # macro-F1 over the types present only: x: p1 r.5 f.667 ; y: p.667 r1 f.8
    assert m["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2)


def test_alignment_falls_back_to_statement_id_then_text():
    g = gold_table()
    p = g.drop(columns=["start", "end"])
    rep = evaluate(g, p)
    assert rep.alignment == {"statement_id": 8}
    # different segmentation: one predicted statement has other offsets and id but the text
    p2 = g.copy()
    p2.loc[3, ["start", "end"]] = [31, 38]
    rep2 = evaluate(g, p2)
    assert rep2.alignment == {"offsets": 7, "text": 1}
    assert rep2.summary["n_matched"] == 8


def test_unmatched_rows_reported():
    g = gold_table()
    p = g.iloc[:6].copy()
    extra = g.iloc[[0]].copy()
    extra["start"], extra["end"], extra["text"] = 100, 110, "Not in gold."
    p = pd.concat([p, extra], ignore_index=True)
    rep = evaluate(g, p)
    assert rep.summary["n_matched"] == 6
    assert len(rep.unmatched_gold) == 2 and len(rep.unmatched_pred) == 1
    assert "unmatched: 2 gold, 1 predicted" in rep.to_text()


def test_unknown_type_names_the_file(tmp_path):
    g = gold_table()
    p = g.copy()
    p.loc[4, "type"] = "gossip"
    gp, pp = tmp_path / "gold.csv", tmp_path / "pred.csv"
    g.to_csv(gp, index=False)
    p.to_csv(pp, index=False)
    with pytest.raises(AnalysisError) as err:
        evaluate(gp, pp)
    assert "pred.csv" in str(err.value) and "gossip" in str(err.value)


def test_folders_and_written_tables(tmp_path):
    g = gold_table()
    (tmp_path / "g").mkdir()
    (tmp_path / "p").mkdir()
    for art, part in g.groupby("article_id"):
        part.to_csv(tmp_path / "g" / f"{art}.csv", index=False)
        part.to_csv(tmp_path / "p" / f"{art}.csv", index=False)
    rep = evaluate(tmp_path / "g", tmp_path / "p")
    assert rep.summary["n_matched"] == 8
    assert len(rep.per_article) == 2
    paths = rep.write(tmp_path / "out")
    names = {p.name for p in paths}
    assert {"summary.csv", "type_confusion.csv", "speaker_per_label.csv"} <= names


def test_speaker_only_tables():
    g = gold_table().drop(columns=["type"])
    rep = evaluate(g, g.copy())
    assert rep.type is None and rep.speaker["accuracy"] == 1.0
    m = speaker_metrics(["narrator", "A"], ["narrator", "B"])
    assert m["accuracy_attributed"] == 0.0


def test_target_metrics_joint_order_empty_and_report():
    from analysis.evaluate import evaluate, target_metrics

    m = target_metrics(["Spain", "France; Spain", "", "", "Italy"],
                       ["Spain", "Spain; France", "Spain", "", ""])
    assert m["n"] == 5 and m["n_targeted"] == 3
    assert m["accuracy"] == pytest.approx(3 / 5)          # joint order does not matter
    assert m["accuracy_targeted"] == pytest.approx(2 / 3)
    assert m["missed"] == pytest.approx(1 / 3)            # Italy left empty
    assert m["spurious"] == pytest.approx(1 / 2)          # a target where gold has none
    gold = pd.DataFrame({"article_id": "a", "statement_id": [1, 2], "type": "demand",
                         "target": ["Spain", ""]})
    pred = gold.assign(target=["Spain", "Spain"])
    report = evaluate(gold, pred)
    assert report.target["accuracy"] == pytest.approx(0.5)
    assert "TARGET" in report.to_text() and report.summary["target_accuracy"] == 0.5
    # no target in the gold: no target block
    assert evaluate(gold.drop(columns="target"), pred).target is None
