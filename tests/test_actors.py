"""The actor dictionary: packaged contents, date-bounded aliases, user files and errors."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.actors import ActorDictionary, load_actors, resolve_actors
from analysis.errors import AnalysisError


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return resolve_actors()


def test_every_un_member_state_is_listed(actors):
    states = {a.label for a in actors.aliases if a.kind == "states"}
    assert len(states) == 193
    for name in ("Afghanistan", "Zimbabwe", "Tuvalu", "United Kingdom", "Cote d'Ivoire"):
        assert name in states


@pytest.mark.parametrize("alias, label", [
    ("Kremlin", "Russia"), ("White House", "United States"), ("Pentagon", "United States"),
    ("Downing Street", "United Kingdom"), ("Quai d'Orsay", "France"),
    ("Zhongnanhai", "China"), ("Islamabad", "Pakistan"), ("Pakistani", "Pakistan"),
    ("Kyiv", "Ukraine"), ("Turkiye", "Turkey"), ("Obama administration", "United States"),
    ("Tories", "Conservatives"), ("Lib Dems", "Liberal Democrats"), ("ISAF", "NATO"),
    ("UNSC", "UN Security Council"), ("Tehreek-e-Taliban Pakistan", "TTP"),
])
def test_aliases_name_their_actor(actors, alias, label):
    assert actors.normalise(alias) == label


def test_taliban_label_depends_on_the_date(actors):
    assert actors.normalise("Taliban", date=dt.date(2013, 6, 20)) == "Taliban"
    assert actors.normalise("Taliban", date=dt.date(2021, 8, 15)) == "Afghanistan"
    assert actors.normalise("Taliban") == "Afghanistan"  # undated = current


def test_compound_name_with_demonym_is_not_the_country(actors):
    hits = actors.find("The Pakistani Taliban said so.", date=dt.date(2024, 1, 1))
    assert [h[2] for h in hits] == ["TTP"]


def test_find_returns_offsets_longest_match_first(actors):
    text = "NATO-led troops left; the Obama administration and Pak-Afghan talks"
    hits = actors.find(text)
    assert [(text[s:e], lab) for s, e, lab, _ in hits] == [
        ("NATO-led", "NATO"), ("Obama administration", "United States"),
        ("Pak", "Pakistan"), ("Afghan", "Afghanistan")]


def test_outlets_are_outlets_with_a_home_state(actors):
    assert actors.kinds["Dawn"] == "outlets"
    assert actors.outlet_home("Dawn") == "Pakistan"
    assert actors.outlet_home("Some Blog") is None


def test_yaml_extending_the_default(tmp_path, actors):
    path = tmp_path / "mine.yaml"
    path.write_text("extends: default\n"
                    "parties:\n  Alba: [Alba Party]\n"
                    "states:\n  Ruritania: [Ruritanian, Strelsau]\n", encoding="utf-8")
    mine = resolve_actors(path)
    assert mine.normalise("Strelsau") == "Ruritania"
    assert mine.normalise("Alba Party") == "Alba"
    assert mine.normalise("Kremlin") == "Russia"  # the default is kept
    assert actors.normalise("Strelsau") is None  # the packaged one is untouched


def test_yaml_replacing_the_default(tmp_path):
    path = tmp_path / "only.yaml"
    path.write_text("actors:\n  - label: Blue Team\n    kind: other\n"
                    "    aliases: [Blues, {name: Azures, until: 2000-01-01}]\n",
                    encoding="utf-8")
    only = load_actors(path)
    assert only.normalise("Blues") == "Blue Team"
    assert only.normalise("Kremlin") is None
    assert only.normalise("Azures", date=dt.date(1999, 1, 1)) == "Blue Team"
    assert only.normalise("Azures", date=dt.date(2001, 1, 1)) is None


def test_csv_extends_the_default(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("label,alias,kind,from,until\nMetro Council,City Hall,other,,\n",
                    encoding="utf-8")
    extra = resolve_actors(str(path))
    assert extra.normalise("City Hall") == "Metro Council"
    assert extra.normalise("Beijing") == "China"


def test_resolve_passes_a_dictionary_through(actors):
    assert resolve_actors(actors) is actors


@pytest.mark.parametrize("content, problem", [
    ("- just\n- a list\n", "mapping"),
    ("states: [Ruritania]\n", "must map labels"),
    ("states:\n  Ruritania: [{name: Strelsau, from: someday}]\n", "malformed date"),
    ("extends: other\n", "extends"),
    ("states: {Ruritania: [Strelsau\n", "not valid YAML"),
])
def test_bad_files_raise_one_line_errors_naming_the_file(tmp_path, content, problem):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AnalysisError) as info:
        load_actors(path)
    message = str(info.value)
    assert "bad.yaml" in message and problem in message and "\n" not in message


def test_missing_file_and_wrong_type(tmp_path):
    with pytest.raises(AnalysisError, match="not found"):
        resolve_actors(tmp_path / "nope.yaml")
    with pytest.raises(AnalysisError, match="csv"):
        bad = tmp_path / "actors.txt"
        bad.write_text("x", encoding="utf-8")
        load_actors(bad)
    with pytest.raises(AnalysisError):
        resolve_actors(42)


def test_dated_long_alias_falls_back_to_a_shorter_valid_one(actors):
    hits = actors.find("The Taliban administration said", date=dt.date(2013, 1, 1))
    assert [h[2] for h in hits] == ["Taliban"]
    hits = actors.find("The Taliban administration said", date=dt.date(2024, 1, 1))
    assert [h[2] for h in hits] == ["Afghanistan"]


def test_party_states_and_governing_parties():
    import datetime as dt

    from analysis.actors import default_actors
    a = default_actors()
    assert a.party_state("Labour") == "United Kingdom"
    assert a.governing_party("United Kingdom", dt.date(2008, 1, 1)) == "Labour"
    assert a.governing_party("United Kingdom", dt.date(2016, 1, 1)) == "Conservatives"
    assert a.opposition_party("United Kingdom", dt.date(2016, 1, 1)) == "Labour"
    assert a.opposition_party("United Kingdom", dt.date(2008, 1, 1)) == "Conservatives"


def test_non_un_and_sub_state_actors_and_dated_office_holders():
    import datetime as dt

    from analysis.actors import default_actors
    a = default_actors()
    assert a.normalise("Hargeisa") == "Somaliland"
    assert a.normalise("the Rapid Support Forces") == "RSF"
    assert a.normalise("Zabihullah Mujahid", dt.date(2019, 1, 1)) == "Taliban"
    assert a.normalise("Zabihullah Mujahid", dt.date(2023, 1, 1)) == "Afghanistan"


def test_user_file_extends_domestic_politics(tmp_path):
    import datetime as dt

    from analysis.actors import load_actors
    path = tmp_path / "mine.yaml"
    path.write_text("extends: default\nparties:\n  Blue Party: [Blues]\n  Red Party: [Reds]\n"
                    "party_states:\n  Ruritania: [Blue Party, Red Party]\n"
                    "governing_parties:\n  Ruritania:\n"
                    "    - {party: Blue Party, from: 2001-01-01, until: 2011-01-01}\n"
                    "    - {party: Red Party, from: 2011-01-01}\n", encoding="utf-8")
    a = load_actors(path)
    assert a.party_state("Blue Party") == "Ruritania"
    assert a.party_state("Labour") == "United Kingdom"  # the packaged ones are kept
    assert a.governing_party("Ruritania", dt.date(2015, 1, 1)) == "Red Party"
    assert a.opposition_party("Ruritania", dt.date(2015, 1, 1)) == "Blue Party"


def test_office_holder_surnames_that_are_also_places_are_not_aliases():
    import datetime as dt

    from analysis.actors import default_actors
    a = default_actors()
    day = dt.date(2012, 1, 1)
    assert a.normalise("William Hague", day) == "United Kingdom"
    assert "United Kingdom" not in [m[2] for m in a.find("Judges at the Hague tribunal ruled.",
                                                         day)]
