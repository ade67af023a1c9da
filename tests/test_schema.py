"""analysis.schema: the one text coercion the rule coder and the learned coder share."""

import numpy as np
import pandas as pd
import pytest

from analysis.errors import AnalysisError
from analysis.schema import as_texts


def test_as_texts_accepts_lists_series_and_tables():
    assert as_texts(["One.", "Two."]) == ["One.", "Two."]
    assert as_texts(pd.Series(["A.", None, np.nan])) == ["A.", "", ""]
    table = pd.DataFrame({"text": ["X.", pd.NA], "type": ["context", "demand"]})
    assert as_texts(table) == ["X.", ""]


@pytest.mark.parametrize("bad, message", [
    (None, "no texts given"),
    ("One sentence.", "not a single string"),
    (pd.DataFrame({"body": ["x"]}), "no 'text' column"),
    (["fine", 42], r"text 1 is a int \(42\)"),
])
def test_as_texts_rejects_what_is_not_a_list_of_texts(bad, message):
    with pytest.raises(AnalysisError, match=message):
        as_texts(bad)


def test_learned_coder_and_rule_coder_reject_a_single_string_alike():
    from analysis.coding import RuleCoder
    from analysis.model import TypeClassifier

    with pytest.raises(AnalysisError, match="not a single string"):
        TypeClassifier().fit("We will talk.", ["engagement"])
    with pytest.raises(AnalysisError, match="not a single string"):
        RuleCoder().fit().predict("We will talk.")
