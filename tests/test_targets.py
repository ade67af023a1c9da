"""analysis.targets: a position that names nobody is aimed at the article's counterpart."""

import pandas as pd

from analysis.targets import infer_targets


def table(rows, article="a"):
    return pd.DataFrame([{"article_id": article, "speaker": s, "target": t, "type": ty}
                         for s, t, ty in rows])


DISPUTE = [
    ("Portugal", "Spain", "accusation"),     # Portugal accuses Spain
    ("Spain", "", "assurance"),              # "We will not be intimidated," Madrid said
    ("Spain", "Portugal", "skepticism"),
    ("narrator", "", "engagement"),
    ("Portugal", "", "demand"),              # "They must stop now," Lisbon said
    ("Portugal", "", "context"),             # no cue: usually a missed position
    ("analysts", "", "skepticism"),
    ("Portugal; Spain", "", "engagement"),   # both parties, together
]


def test_positions_without_target_get_the_counterpart():
    out = infer_targets(table(DISPUTE))
    assert list(out["target"]) == ["Spain", "Portugal", "Portugal", "", "Spain", "Spain", "",
                                   ""]
    # positions only
    out = infer_targets(table(DISPUTE), fill_default=False)
    assert list(out["target"]) == ["Spain", "Portugal", "Portugal", "", "Spain", "", "", ""]


def test_a_phrase_output_as_found_gets_no_inferred_target():
    rows = DISPUTE + [("a spokesman for the mission", "", "context")]
    assert infer_targets(table(rows))["target"].iloc[-1] == ""


def test_explicit_targets_are_kept():
    rows = [("Portugal", "France", "accusation")] + DISPUTE
    out = infer_targets(table(rows))
    assert out.loc[0, "target"] == "France"


def test_a_counterpart_named_too_rarely_is_not_inferred():
    rows = [("Portugal", "", "demand"), ("Portugal", "", "accusation"),
            ("Italy", "Spain", "context")]
    out = infer_targets(table(rows))
    assert list(out["target"]) == ["", "", "Spain"]  # Spain named once only
    assert list(infer_targets(table(rows), min_mentions=1)["target"]) == [
        "Spain", "Spain", "Spain"]


def test_articles_are_independent_and_input_untouched():
    both = pd.concat([table(DISPUTE, "a"), table([("Spain", "", "demand")], "b")],
                     ignore_index=True)
    before = both.copy()
    out = infer_targets(both)
    assert out.iloc[-1]["target"] == ""  # article b names nobody else
    assert list(out["target"][:len(DISPUTE)]) == list(infer_targets(table(DISPUTE))["target"])
    pd.testing.assert_frame_equal(both, before)


def test_custom_default_type():
    rows = [("Portugal", "Spain", "blame"), ("Portugal", "Spain", "blame"),
            ("Portugal", "Spain", "blame"), ("Portugal", "", "other"),
            ("Portugal", "", "blame")]
    out = infer_targets(table(rows), default_type="other", fill_default=False)
    assert list(out["target"][-2:]) == ["", "Spain"]


def test_the_narrators_background_is_aimed_at_no_one():
    rows = [("narrator", "Portugal; Spain", "context"), ("narrator", "Spain", "engagement"),
            ("Portugal", "Spain", "context")]
    out = infer_targets(table(rows))
    # the narrator's background loses its target; a position or a party's statement keeps it
    assert list(out["target"]) == ["", "Spain", "Spain"]
