"""English inflection of lemmas (analysis.inflect), shared by codebook cues and speakers."""

from __future__ import annotations

import pytest

from analysis.inflect import (
    inflect_phrase,
    inflections,
    irregular_past_forms,
    irregular_verbs,
)


@pytest.mark.parametrize("lemma, expected", [
    # plain -s / -ed / -ing
    ("warn", {"warn", "warns", "warned", "warning"}),
    # -es after sibilants and consonant + o
    ("press", {"press", "presses", "pressed", "pressing"}),
    ("reach", {"reach", "reaches", "reached", "reaching"}),
    ("veto", {"veto", "vetoes", "vetoed", "vetoing"}),
    # final e: -d, and dropped before -ing; kept after ee/oe/ye; ie -> ying
    ("urge", {"urge", "urges", "urged", "urging"}),
    ("agree", {"agree", "agrees", "agreed", "agreeing"}),
    ("tie", {"tie", "ties", "tied", "tying"}),
    # consonant + y -> ies/ied; vowel + y regular
    ("deny", {"deny", "denies", "denied", "denying"}),
    ("convey", {"convey", "conveys", "conveyed", "conveying"}),
    # doubling: one-syllable words only doubled ...
    ("ban", {"ban", "bans", "banned", "banning"}),
    ("quip", {"quip", "quips", "quipped", "quipping"}),
    ("shrug", {"shrug", "shrugs", "shrugged", "shrugging"}),
])
def test_regular_forms_exactly(lemma, expected):
    assert set(inflections(lemma)) == expected


def test_doubling_in_longer_words_keeps_both_spellings():
    assert {"committed", "committing"} <= set(inflections("commit"))
    assert {"signalled", "signaled", "signalling"} <= set(inflections("signal"))
    assert {"expelled", "referred", "concurred"} <= (set(inflections("expel"))
                                                     | set(inflections("refer"))
                                                     | set(inflections("concur")))
    assert "visited" in inflections("visit")
    # no doubling after two vowels, after w/x/y, or a final consonant cluster
    for lemma, wrong in (("appeal", "appealled"), ("need", "needded"), ("fix", "fixxed"),
                         ("play", "playyed"), ("ask", "askked"), ("open", "openned")):
        assert wrong not in inflections(lemma), lemma


def test_irregular_table_replaces_the_regular_forms():
    assert set(inflections("say")) == {"say", "says", "said", "saying"}
    assert "sayed" not in inflections("say")
    assert set(inflections("withdraw")) >= {"withdrew", "withdrawn", "withdrawing"}
    assert set(inflections("go")) == {"go", "goes", "went", "gone", "going"}
    assert "held" in inflections("Hold")  # case is ignored


def test_derived_noun_only_when_asked():
    assert "denial" not in inflections("deny")
    assert {"denial", "denials"} <= set(inflections("deny", derived=True))
    assert "urgial" not in inflections("urge", derived=True)


def test_phrases_inflect_their_first_word():
    assert set(inflect_phrase("hold talks")) == {"hold talks", "holds talks", "held talks",
                                                 "holding talks"}
    assert "called for" in inflect_phrase("call for")
    assert set(inflect_phrase("warn")) == set(inflections("warn"))


def test_irregular_past_forms():
    past = irregular_past_forms()
    assert {"said", "taken", "took", "put", "come", "been", "withdrawn"} <= past
    # neither third person nor -ing forms nor the lemma of a verb whose past differs
    assert not {"says", "goes", "has", "does", "is", "taking", "take", "say"} & past


def test_table_is_well_formed():
    table = irregular_verbs()
    assert len(table) > 100
    for lemma, forms in table.items():
        assert lemma.isalpha() and lemma == lemma.lower(), lemma
        assert any(f.endswith("ing") for f in forms), lemma  # every verb lists its -ing form
