"""The codebook as data: loading, validation errors, fingerprints, custom codebooks."""

from __future__ import annotations

import re
import textwrap

import pytest

from analysis.codebook import (
    Codebook,
    cue_regex,
    default_codebook_path,
    inflections,
    load_codebook,
    resolve_codebook,
)
from analysis.coding import TYPES, RuleCoder
from analysis.errors import AnalysisError

MINIMAL = """\
name: mini
precedence: [doubt, promise, other]
default_type: other
types:
  doubt:
    cues:
      phrases: [not convinced]
  promise:
    cues:
      lemmas: [pledge]
  other: {}
"""


def write(tmp_path, text, name="cb.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_default_codebook_has_the_six_types_in_precedence_order():
    cb = load_codebook()
    assert cb.type_names == ["skepticism", "assurance", "demand", "accusation", "engagement",
                             "context"]
    assert TYPES == cb.type_names
    assert cb.default_type == "context"
    assert cb.path == str(default_codebook_path())
    for spec in cb.types:
        assert spec.definition, spec.name
        assert spec.examples, spec.name
        if spec.name != "context":
            assert len(spec.cues) >= 20, f"{spec.name} has too few cues"
    assert "reportedly" in cb.hedges and "is said to" in cb.hedges
    assert "not" in cb.negators


def test_resolve_codebook_accepts_none_path_and_codebook(tmp_path):
    p = write(tmp_path, MINIMAL)
    cb = resolve_codebook(p)
    assert isinstance(cb, Codebook) and cb.name == "mini"
    assert resolve_codebook(cb) is cb
    assert resolve_codebook(str(p)) == cb
    assert resolve_codebook(None).name == "reference"
    with pytest.raises(AnalysisError, match="path or a Codebook"):
        resolve_codebook(42)


def test_fingerprint_is_stable_and_tracks_content(tmp_path):
    a = write(tmp_path, MINIMAL, "a.yaml")
    b = write(tmp_path, MINIMAL.replace("# ", "") + "\n# a comment\n", "b.yaml")
    c = write(tmp_path, MINIMAL.replace("[pledge]", "[pledge, vow]"), "c.yaml")
    fa, fb, fc = (load_codebook(p).fingerprint for p in (a, b, c))
    assert re.fullmatch(r"[0-9a-f]{64}", fa)
    assert fa == fb  # comments and file name do not matter
    assert fa != fc  # a new cue does
    assert load_codebook().fingerprint == load_codebook().fingerprint


def test_default_type_needs_no_cues_but_other_types_do(tmp_path):
    p = write(tmp_path, MINIMAL.replace("  other: {}\n", "  other: {}\n  extra: {}\n")
              .replace("[doubt, promise, other]", "[doubt, promise, extra, other]"))
    with pytest.raises(AnalysisError, match=r"type 'extra': no 'cues'") as err:
        load_codebook(p)
    assert str(p) in str(err.value)


@pytest.mark.parametrize("change, message", [
    (("[doubt, promise, other]", "[doubt, promise, threat, other]"),
     r"unknown type 'threat' in 'precedence'"),
    (("[doubt, promise, other]", "[doubt, other]"), r"type 'promise' is missing from 'precedence'"),
    (("[doubt, promise, other]", "[doubt, promise, doubt, other]"),
     r"type 'doubt' is listed twice.*duplicate"),
    (("      phrases: [not convinced]", "      patterns: ['unconvinced', '(?:doubt']"), None),
    (("      lemmas: [pledge]", "      lemmas: []"), r"type 'promise': empty cue list"),
    (("      lemmas: [pledge]", "      verbs: [pledge]"), r"type 'promise': unknown cue kind"),
    (("default_type: other", "default_type: nothing"), r"default_type 'nothing'"),
    (("  doubt:\n", "  doubt:\n    when_negated: maybe\n"), r"type 'doubt': when_negated"),
    (("  doubt:\n", "  doubt:\n    colour: red\n"), r"type 'doubt': unknown key"),
    (("name: mini", "name: mini\nlanguages: [en]"), r"unknown top-level key"),
])
def test_validation_errors_name_file_type_and_problem(tmp_path, change, message):
    p = write(tmp_path, MINIMAL.replace(*change))
    with pytest.raises(AnalysisError) as err:
        load_codebook(p)
    text = str(err.value)
    assert text.startswith(str(p))
    if message is None:  # the bad regular expression case
        assert "type 'doubt'" in text and "bad regular expression" in text
        assert "(?:doubt" in text
    else:
        assert re.search(message, text), text
    assert "\n" not in text


def test_bad_pattern_is_shown_with_its_text(tmp_path):
    p = write(tmp_path, MINIMAL.replace("      lemmas: [pledge]",
                                        "      patterns: ['\\bvow(s|ed']"))
    with pytest.raises(AnalysisError, match=r"type 'promise'.*bad regular expression.*vow\(s\|ed"):
        load_codebook(p)


def test_yaml_syntax_error_reports_the_line(tmp_path):
    p = write(tmp_path, MINIMAL.replace("      phrases: [not convinced]",
                                        "      phrases: [not convinced"))
    with pytest.raises(AnalysisError, match=r"YAML syntax error at line \d+") as err:
        load_codebook(p)
    assert str(p) in str(err.value)


@pytest.mark.parametrize("content, message", [
    ("- just\n- a list\n", r"must be a YAML mapping"),
    ("name: x\ntypes: [a, b]\n", r"'types' must be a mapping"),
    ("precedence: doubt\ntypes:\n  doubt: {cues: [x]}\n", r"'precedence' must be a list"),
    ("", r"must be a YAML mapping"),
])
def test_wrong_yaml_shape(tmp_path, content, message):
    p = write(tmp_path, content)
    with pytest.raises(AnalysisError, match=message):
        load_codebook(p)


def test_non_utf8_and_missing_files(tmp_path):
    p = tmp_path / "latin1.yaml"
    p.write_bytes(MINIMAL.replace("not convinced", "pas convaincu \xe9").encode("latin-1"))
    with pytest.raises(AnalysisError, match="not UTF-8"):
        load_codebook(p)
    with pytest.raises(AnalysisError, match="not found"):
        load_codebook(tmp_path / "nope.yaml")
    with pytest.raises(AnalysisError, match="folder"):
        load_codebook(tmp_path)


def test_yaml_is_loaded_safely(tmp_path):
    p = write(tmp_path, "!!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(AnalysisError, match="YAML"):
        load_codebook(p)


def test_inflections_and_lemma_cues():
    assert set(inflections("urge")) >= {"urge", "urges", "urged", "urging"}
    assert set(inflections("deny", derived=True)) >= {"deny", "denies", "denied", "denying",
                                                      "denial"}
    assert set(inflections("commit")) >= {"commits", "committed", "committing"}
    assert set(inflections("agree")) >= {"agrees", "agreed", "agreeing"}
    assert set(inflections("hold")) >= {"held", "holds"}
    rx = re.compile(cue_regex("call for", "lemma"), re.IGNORECASE)
    for s in ("They called for calm", "calling for talks", "she calls  for action"):
        assert rx.search(s), s
    assert not rx.search("a recall form")
    # a lemma cue's first word also matches its -ial noun (deny -> denial)
    noun = re.compile(cue_regex("deny", "lemma"), re.IGNORECASE)
    assert noun.search("Officials issued a flat denial.")
    gap = re.compile(cue_regex("press ... to", "lemma"), re.IGNORECASE)
    assert gap.search("pressed the government repeatedly to act")
    quoted = re.compile(cue_regex("won't be achieved", "phrase"), re.IGNORECASE)
    assert quoted.search('peace won’t be "achieved by force"')


def test_custom_codebook_renames_adds_and_drops_types(tmp_path):
    p = write(tmp_path, """\
        name: custom
        precedence: [doubt, threat, promise, talk, other]
        default_type: other
        types:
          doubt:
            label: Doubt
            cues:
              phrases: [unconvinced, "no sign of progress"]
          threat:
            label: Threat
            cues:
              lemmas: [threaten, "warn of"]
          promise:
            when_negated: doubt
            cues:
              lemmas: [pledge, promise]
          talk:
            cues:
              phrases: [talks, dialogue]
          other:
            label: Other
        """)
    cb = load_codebook(p)
    assert cb.type_names == ["doubt", "threat", "promise", "talk", "other"]
    coder = RuleCoder(p).fit()
    got = list(coder.predict([
        "The rebels threatened to walk out of the talks.",
        "The minister pledged new funds.",
        "The minister did not promise new funds.",
        "Officials remain unconvinced.",
        "The ministry warned of reprisals.",
        "The capital urged restraint.",  # 'urge' is a demand cue in the reference only
        "Dialogue resumed on Monday.",
    ]))
    assert got == ["threat", "promise", "doubt", "doubt", "threat", "other", "talk"]
    assert list(coder.classes_) == cb.type_names


def test_codebook_command_checks_exports_and_explains(tmp_path, capsys):
    from analysis.cli import main

    assert main(["codebook"]) == 0
    out = capsys.readouterr().out
    assert "1. skepticism" in out and "6. context" in out
    copy = tmp_path / "mine.yaml"
    assert main(["codebook", "--export", str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == default_codebook_path().read_text(encoding="utf-8")
    assert load_codebook(copy).fingerprint == load_codebook().fingerprint
    assert main(["codebook", "--export", str(copy)]) == 2  # no silent overwrite
    assert "exists" in capsys.readouterr().err
    assert main(["codebook", "--explain", "Portugal vowed to keep the border open."]) == 0
    assert "type: assurance   by: cue 'vowed" in capsys.readouterr().out
    bad = write(tmp_path, MINIMAL.replace("[doubt, promise, other]", "[doubt, other]"))
    assert main(["codebook", "--codebook", str(bad)]) == 2
    assert "type 'promise' is missing" in capsys.readouterr().err


def test_negated_cue_kind_and_plural_of_lemma_nouns(tmp_path):
    from analysis.codebook import cue_regex
    from analysis.coding import explain_text

    p = write(tmp_path, """\
        precedence: [doubt, other]
        default_type: other
        types:
          doubt:
            cues:
              negated: [trust]
              lemmas: [reject the offer]
          other: {}
        """)
    cb = load_codebook(p)
    assert cb["doubt"].cues.negated == ("trust",)
    assert cb["doubt"].cues.to_dict()["negated"] == ["trust"]
    assert explain_text("They never trusted the envoy.", codebook=cb)["type"] == "doubt"
    assert explain_text("They trusted the envoy.", codebook=cb)["type"] == "other"
    assert explain_text("They rejected both offers.", codebook=cb)["type"] == "other"
    assert explain_text("They rejected the offers.", codebook=cb)["type"] == "doubt"
    import re
    assert re.search(cue_regex("dismiss the charge", "lemma"), "dismissed the charges")
    assert not re.search(cue_regex("turn down", "lemma"), "turned downs")
    bad = write(tmp_path, """\
        precedence: [doubt, other]
        default_type: other
        types:
          doubt: {cues: {negate: [trust]}}
          other: {}
        """, "bad.yaml")
    with pytest.raises(AnalysisError, match="unknown cue kind.*negated"):
        load_codebook(bad)


def test_reported_clause_section_is_validated(tmp_path):
    base = """\
        precedence: [promise, other]
        default_type: other
        types:
          promise: {cues: {lemmas: [pledge]}}
          other: {}
        """
    cb = load_codebook(write(tmp_path, base + "reported_clause: {self_future: promise, "
                                              "confidence: 0.7}\n"))
    assert cb.reported_clause == (("self_future", "promise"),)
    assert cb.reported_confidence == 0.7
    assert "reported_clause" in cb.to_dict()
    assert load_codebook(write(tmp_path, base, "plain.yaml")).reported_clause == ()
    for extra, message in [("reported_clause: {self_future: oath}\n", "unknown type 'oath'"),
                           ("reported_clause: {someone: promise}\n", "unknown case"),
                           ("reported_clause: {confidence: 3}\n", "from 0 to 1"),
                           ("reported_clause: [self_future]\n", "must be a mapping")]:
        with pytest.raises(AnalysisError, match=message):
            load_codebook(write(tmp_path, base + extra, "bad.yaml"))


def test_confidence_section_sets_route_confidences(tmp_path):
    import pandas as pd

    from analysis.codebook import DEFAULT_CONFIDENCE
    from analysis.coding import code_types

    plain = load_codebook(write(tmp_path, MINIMAL))
    assert plain.confidence == ()
    assert plain.route_confidence("cue") == DEFAULT_CONFIDENCE["cue"]
    text = MINIMAL + "confidence:\n  cue: 0.9\n  contested_cue: 0.4\n  default_narrator: 0.3\n"
    cb = load_codebook(write(tmp_path, text))
    assert cb.route_confidence("cue") == 0.9 and cb.route_confidence("speech_act") == 0.8
    assert cb.fingerprint != plain.fingerprint
    table = pd.DataFrame({"text": ["They were not convinced.", "It rained."],
                          "speaker": ["narrator", "narrator"]})
    out = code_types(table, codebook=cb)
    assert out["confidence"].tolist() == [0.9, 0.3]
    for bad, problem in (("  cue: 1.5\n", "'confidence.cue' must be a number from 0 to 1"),
                         ("  guess: 0.5\n", "unknown route 'guess'")):
        with pytest.raises(AnalysisError, match=problem):
            load_codebook(write(tmp_path, MINIMAL + "confidence:\n" + bad))


def test_reference_confidences_rank_the_routes():
    cb = load_codebook()
    conf = cb.route_confidence
    # measured on unseen text: a cue (contested or not) is worth more than a carried type,
    # which is worth more than the default on an attributed statement
    assert min(conf("cue"), conf("contested_cue")) > conf("carried_over") \
        > conf("default_attributed")
    assert conf("default_narrator") > conf("default_attributed")
