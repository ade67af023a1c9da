"""Reliability statistics against published and hand-computed values."""

import math

import pandas as pd
import pytest

from analysis.errors import AnalysisError
from analysis.reliability import (
    cohen_kappa,
    coincidence_matrix,
    confusion_matrix,
    krippendorff_alpha,
    pairwise_kappa,
    per_category_agreement,
    percent_agreement,
    reliability_report,
    to_wide,
    wide_from_tables,
)

N = None


def krippendorff_2011_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
    # four observers, twelve units, missing values; nominal alpha = 0.743.
    return pd.DataFrame({
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
        "C": [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
    })


def test_alpha_matches_published_nominal_example():
    assert krippendorff_alpha(krippendorff_2011_example()) == pytest.approx(0.743, abs=5e-4)


def test_coincidence_matrix_matches_published_values():
    o = coincidence_matrix(krippendorff_2011_example())
    # unit 12 has one value only and is not pairable: n = 40
    assert o.to_numpy().sum() == pytest.approx(40)
    assert o.loc[1, 1] == pytest.approx(7)
    assert o.loc[1, 2] == pytest.approx(4 / 3)
    assert o.loc[5, 5] == pytest.approx(3)
    assert (o.to_numpy() == o.to_numpy().T).all()


def test_perfect_agreement_gives_one():
    wide = pd.DataFrame({"a": ["x", "y", "z", "x"], "b": ["x", "y", "z", "x"],
                         "c": ["x", N, "z", "x"]})
    assert krippendorff_alpha(wide) == pytest.approx(1.0)
    assert percent_agreement(wide) == pytest.approx(1.0)
    assert cohen_kappa(wide, "a", "b") == pytest.approx(1.0)


def test_systematic_disagreement_is_below_zero():
    wide = pd.DataFrame({"a": ["x", "y", "x", "y"], "b": ["y", "x", "y", "x"]})
    assert krippendorff_alpha(wide) < 0


def test_cohen_kappa_hand_computed():
    # table: xx 4, xy 2, yx 1, yy 3 -> po = .7, pe = .6*.5 + .4*.5 = .5, kappa = .4
    a = ["x"] * 6 + ["y"] * 4
    b = ["x", "x", "x", "x", "y", "y", "x", "y", "y", "y"]
    wide = pd.DataFrame({"a": a, "b": b})
    assert cohen_kappa(wide) == pytest.approx(0.4)
    assert percent_agreement(wide) == pytest.approx(0.7)
    cm = confusion_matrix(wide)
    assert cm.loc["x", "x"] == 4 and cm.loc["x", "y"] == 2 and cm.loc["y", "x"] == 1


def test_missing_values_are_skipped_pairwise():
    wide = pd.DataFrame({"a": ["x", "y", "", "y"], "b": ["x", "y", "x", None]})
    pairs = pairwise_kappa(wide)
    assert pairs.loc[0, "n_units"] == 2
    assert pairs.loc[0, "agreement"] == pytest.approx(1.0)


def test_no_variation_gives_nan():
    wide = pd.DataFrame({"a": ["x", "x"], "b": ["x", "x"]})
    assert math.isnan(krippendorff_alpha(wide))


def test_per_category_agreement():
    wide = pd.DataFrame({"a": ["x", "x", "y"], "b": ["x", "y", "y"]})
    cats = per_category_agreement(wide).set_index("category")
    # x: values 3 (x,x,x), matched 2 -> 2/3 ; y: 3 values, matched 2
    assert cats.loc["x", "n"] == pytest.approx(3)
    assert cats.loc["x", "agreement"] == pytest.approx(2 / 3)


def test_long_and_tables_to_wide():
    long = pd.DataFrame({"article_id": ["a1", "a1", "a1", "a1"],
                         "statement_id": [1, 2, 1, 2],
                         "coder": ["ann", "ann", "bob", "bob"],
                         "value": ["x", "y", "x", "x"]})
    wide = to_wide(long)
    assert list(wide.columns) == ["ann", "bob"] and len(wide) == 2
    t1 = pd.DataFrame({"article_id": ["a1", "a1"], "statement_id": [1, 2], "type": ["x", "y"]})
    t2 = pd.DataFrame({"article_id": ["a1"], "statement_id": [1], "type": ["x"]})
    wide2 = wide_from_tables({"one": t1, "two": t2}, "type")
    assert wide2.shape == (2, 2)
    assert reliability_report(wide2)["n_units"] == 1


def test_duplicate_unit_and_single_coder_refused():
    long = pd.DataFrame({"article_id": ["a"] * 2, "statement_id": [1, 1],
                         "coder": ["ann", "ann"], "value": ["x", "y"]})
    with pytest.raises(AnalysisError, match="more than once"):
        to_wide(long)
    with pytest.raises(AnalysisError, match="two coders"):
        krippendorff_alpha(pd.DataFrame({"a": ["x"]}))
