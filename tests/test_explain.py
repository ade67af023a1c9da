"""pipeline.explain_sentences and `codebook --explain`: codes as they would be in an article."""

import numpy as np
import pytest

from analysis.cli import main
from analysis.coding import RuleCoder
from analysis.errors import AnalysisError
from analysis.pipeline import explain_sentences

SENTENCES = [
    "The Portuguese foreign minister said on Tuesday that talks would resume in May.",
    "He added that the dispute could not be settled by force.",
    "The border was closed in 2019.",
]


def test_sentences_are_statements_of_one_article_with_speakers():
    table = explain_sentences(SENTENCES)
    assert list(table["text"]) == SENTENCES  # one statement each, not re-segmented
    assert list(table["speaker"]) == ["Portugal", "Portugal", "narrator"]  # "He added" carries
    assert table.loc[1, "speaker_verb"] == "add"
    # offsets are relative to each sentence
    for row in table.itertuples():
        if row.cue:
            assert row.text[row.cue_start:row.cue_end] == row.cue


def test_the_default_depends_on_the_speaker_unlike_the_text_only_explain():
    text = "A quiet statement about the weather in the capital."
    alone = RuleCoder().fit().explain([text])
    narrated = explain_sentences([text])
    attributed = explain_sentences([f"The Portuguese foreign minister said: {text}"])
    assert alone.loc[0, "type"] == narrated.loc[0, "type"] == "context"
    assert narrated.loc[0, "confidence"] > attributed.loc[0, "confidence"]


def test_empty_input_is_refused():
    with pytest.raises(AnalysisError, match="non-empty"):
        explain_sentences(["fine.", "   "])
    with pytest.raises(AnalysisError, match="single string"):
        explain_sentences("One sentence.")


def test_cli_shows_speaker_verb_and_what_decided(capsys):
    assert main(["codebook", "--explain", *SENTENCES]) == 0
    out = capsys.readouterr().out
    assert "speaker: Portugal   reporting verb: add" in out
    assert "speaker: narrator   reporting verb: -" in out
    assert out.count("  type: ") == 3


def test_cli_says_when_the_narrator_rule_demoted_a_cue(capsys):
    assert main(["codebook", "--explain", "They vowed to keep the border open.",
                 "--model", "none"]) == 0
    out = capsys.readouterr().out
    assert "type: context" in out
    assert "the narrator does not take assurance" in out


def test_cli_says_when_a_type_was_carried_over(capsys):
    assert main(["codebook", "--explain", "Kenya accused Somalia of arming the militia.",
                 "Nairobi said the convoy had left Mogadishu on Friday.",
                 "--model", "none"]) == 0
    out = capsys.readouterr().out.split("Nairobi said")[1]
    assert "speaker: Kenya" in out and "type: accusation" in out
    assert "carried over from the same speaker's statement before it" in out
    assert "the default type for an attributed statement" not in out


class _Overrule:
    """A stand-in learned coder: 'accusation' with probability 0.9 for every text."""

    classes_ = np.array(["accusation", "context"], dtype=object)

    def predict_proba(self, texts):
        return np.tile([0.9, 0.1], (len(texts), 1))


def test_explain_shows_what_the_rules_said_where_the_model_decided(monkeypatch, capsys):
    from analysis import pipeline

    table = explain_sentences(["They vowed to keep the border open."], model=_Overrule())
    row = table.iloc[0]
    assert (row["type"], row["coded_by"]) == ("accusation", "model")
    assert (row["rule_type"], row["rule_cue"]) == ("context", "")
    assert row["rule_secondary_types"] == "assurance"
    assert row["rule_confidence"] < 0.9
    # the command line names the model's probability and the rule code it replaced
    monkeypatch.setattr(pipeline, "resolve_model", lambda model, codebook: _Overrule())
    assert main(["codebook", "--explain", "They vowed to keep the border open."]) == 0
    out = capsys.readouterr().out
    assert "by: the learned model, probability 0.90, over the rules' context" in out
    assert "the narrator does not take assurance" in out
