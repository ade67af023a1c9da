"""The rule coder on the hard cases of the codebook, with sentences written for the tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import FeatureUnion

from analysis.codebook import load_codebook
from analysis.coding import TYPES, RuleCoder, RuleCueFeatures, code_types, explain_text
from analysis.errors import AnalysisError


def type_of(text: str) -> str:
    return explain_text(text)["type"]


@pytest.mark.parametrize("text, expected", [
    # negation turns commitments and prospects into skepticism, not assurance/engagement
    ("The minister did not promise any new money for the border towns.", "skepticism"),
    ("Officials say that pledges alone cannot resolve the water dispute.", "skepticism"),
    ("Diplomats say the new talks will not resolve anything.", "skepticism"),
    ("There has been no significant change in the number of crossings.", "skepticism"),
    ("There has been little real progress since the summit.", "skepticism"),
    ("The cabinet remains unconvinced by the rebels' latest pledges.", "skepticism"),
    ("Western capitals are sceptical of the junta's timetable.", "skepticism"),
    ("The government has not kept its promise to release the detainees.", "skepticism"),
    ("Critics doubted that the ceasefire would hold.", "skepticism"),
    ("It is not clear whether the new rules would be enough.", "skepticism"),
    ("The union said the promises made last year have not been kept.", "skepticism"),
    ("Officials said the security situation had not improved.", "skepticism"),
    ("The opposition accused the mayor of failing to honour his pledges.", "skepticism"),
    ("Kabul turned down the offer of mediation.", "skepticism"),
    # refusing another party's call or demand
    ("The prime minister rejected calls for an independent inquiry.", "skepticism"),
    ("The council dismissed the offer as window dressing.", "skepticism"),
    # denials of an accusation against oneself are assurance
    ("The ministry denied that its troops had crossed the frontier.", "assurance"),
    ("Beijing rejected the allegations of forced labour.", "assurance"),
    ("\"We did not break our promise,\" the spokesman said.", "assurance"),
    ("The governor dismissed fears that the reservoir would run dry.", "assurance"),
    # commitments and claims of having acted
    ("The junta pledged to hold elections within a year.", "assurance"),
    ("The authorities have arrested six suspects, the minister said.", "assurance"),
    ("The company insisted the plant is purely peaceful and safe.", "assurance"),
    ("Ankara vows to keep the corridor open.", "assurance"),
    ("The ministry said the dam poses no threat to countries downstream.", "assurance"),
    ("The government has launched an investigation into the deaths.", "assurance"),
    # demands, conditional demands and warnings of consequences
    ("Lasting calm will depend on concrete steps against the smugglers.", "demand"),
    ("Any improvement depends on verifiable action by the militias.", "demand"),
    ("There will be a price to pay if the shelling continues.", "demand"),
    ("The union urged the employers to reopen the mines.", "demand"),
    ("Decisive action is needed against the gangs.", "demand"),
    ("The opposition is demanding that the minister resign.", "demand"),
    ("The president called on the rebels to lay down their arms.", "demand"),
    ("The government announced it was pulling out of the negotiations.", "demand"),
    ("The council advised member states to halt arms sales.", "demand"),
    ("It was essential that both sides return to the negotiating table, he said.", "demand"),
    ("Washington warned of severe consequences if the test goes ahead.", "demand"),
    # accusations and concern about a threat
    ("The ministry accused its neighbour of sheltering armed groups.", "accusation"),
    ("The envoy expressed concern over militants operating from the hills.", "accusation"),
    ("The opposition blamed the governor for the blackout.", "accusation"),
    ("Smuggling networks pose a serious threat to the region, the report said.", "accusation"),
    # engagement: dialogue, positive description of talks, agreements and joint action
    ("Both governments described the talks as constructive.", "engagement"),
    ("The two ministries signed a memorandum on river water sharing.", "engagement"),
    ("The neighbours agreed to reopen two border crossings.", "engagement"),
    ("Oslo offered to mediate between the parties.", "engagement"),
    ("The envoy welcomed the decision to restore diplomatic ties.", "engagement"),
    ("The UN urged both sides to resolve their differences through dialogue.", "engagement"),
    ("Relations between the two capitals are in good shape, the minister said.", "engagement"),
    ("The foreign ministry invited both sides to a meeting in Moscow.", "engagement"),
    ("The two leaders spoke by phone on Monday.", "engagement"),
    # context: framing, background, preference statements
    ("We would like to see more students in the programme.", "context"),
    ("The minister took questions on the budget after the speech.", "context"),
    ("Relations between the two countries have remained tense for months.", "context"),
    ("The province has a population of about four million.", "context"),
    # everyday senses of diplomatic words are not cues
    ("The airline said it had suspended flights because of the storm.", "context"),
    ("Officials said three people had tested positive for the virus.", "context"),
    ("Thousands of families sought shelter in schools, the ministry said.", "context"),
    ("The old bridge was damaged in the flood, officials said.", "context"),
    ("We want to see more girls in school, the minister said.", "context"),
    # neutral expressions: no denial, no accusation
    ("The army would neither confirm nor deny the report.", "context"),
])
def test_hard_cases(text, expected):
    assert type_of(text) == expected, explain_text(text)


def test_precedence_and_secondary_types():
    got = explain_text("Officials remain unconvinced and urged the council to act, accusing "
                       "the rebels of stalling the talks.")
    assert got["type"] == "skepticism"
    assert got["secondary_types"] == "demand; accusation; engagement"
    assert got["cue"] == "unconvinced"


@pytest.mark.parametrize("text, hedges", [
    ("The group has reportedly agreed to halt the raids.", "reportedly"),
    ("The leader is said to have warned the commanders.", "is said to"),
    ("Two officials allegedly took bribes, according to unconfirmed reports.",
     "allegedly; according to unconfirmed reports"),
    ("The ministry published the figures.", ""),
    ("In May the two sides may meet again.", "may"),  # the modal, not the month
    ("Talks could resume, possibly in June, diplomats said.", "could; possibly"),
])
def test_hedges_are_recorded(text, hedges):
    assert explain_text(text)["hedges"] == hedges


def test_code_types_columns_offsets_and_confidence():
    texts = ["The cabinet pledged new funds.", "It rained on Tuesday.", "Nothing was said."]
    table = pd.DataFrame({"article_id": "a", "statement_id": [1, 2, 3],
                          "start": [100, 200, 300], "end": [130, 221, 317], "text": texts})
    out = code_types(table)
    assert list(out["type"]) == ["assurance", "context", "context"]
    for col in ("type", "cue", "cue_start", "cue_end", "secondary_types", "hedges",
                "confidence", "coded_by"):
        assert col in out.columns
    row = out.iloc[0]
    assert row["cue"] == "pledged"
    assert texts[0][row["cue_start"] - 100:row["cue_end"] - 100] == "pledged"
    assert pd.isna(out.iloc[1]["cue_start"]) and out.iloc[1]["cue"] == ""
    conf = load_codebook().route_confidence  # the reference codebook's measured values
    assert out["confidence"].tolist() == [conf("cue"), conf("default_narrator"),
                                          conf("default_narrator")]
    assert set(out["coded_by"]) == {"rules"}
    assert list(table.columns) == ["article_id", "statement_id", "start", "end", "text"]


def test_narrator_statements_take_only_narrator_types():
    text = "The ministry accused its neighbour of sheltering armed groups."
    table = pd.DataFrame({"start": [0, 0], "text": [text, text],
                          "speaker": ["narrator", "Pakistan"]})
    out = code_types(table)
    assert list(out["type"]) == ["context", "accusation"]
    assert out.iloc[0]["secondary_types"] == "accusation"
    # mentions (topic words) count for attributed statements only
    talks = "The talks came two weeks after the floods."
    out = code_types(pd.DataFrame({"start": [0, 0], "text": [talks, talks],
                                   "speaker": ["narrator", "India"]}))
    assert list(out["type"]) == ["context", "engagement"]


def test_speech_act_verb_codes_statements_without_cues():
    table = pd.DataFrame({"start": [0, 0, 0], "text": ["Stop it now.", "Stop it now.",
                                                       "It is late."],
                          "speaker": ["Iran", "narrator", "Iran"],
                          "speaker_verb": ["urge", "urge", "say"]})
    out = code_types(table)
    assert list(out["type"]) == ["demand", "context", "context"]
    conf = load_codebook().route_confidence
    assert out.iloc[0]["cue"] == "urge" and out.iloc[0]["confidence"] == conf("speech_act")
    assert out.iloc[2]["confidence"] == conf("default_attributed")


def test_code_types_on_empty_and_bare_tables():
    out = code_types(pd.DataFrame({"text": pd.Series([], dtype=object)}))
    assert len(out) == 0 and "type" in out.columns
    out = code_types(pd.DataFrame({"text": ["They pledged calm."]}))
    assert out.iloc[0]["type"] == "assurance" and out.iloc[0]["cue_start"] == 5
    with pytest.raises(AnalysisError, match="text"):
        code_types(pd.DataFrame({"body": ["x"]}))


def test_types_constant_follows_the_default_codebook():
    assert TYPES == load_codebook().type_names
    assert TYPES[0] == "skepticism" and TYPES[-1] == "context"


def test_rule_coder_is_a_scikit_learn_estimator(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("types: [", encoding="utf-8")
    coder = RuleCoder(codebook=bad)  # nothing is read in __init__
    assert clone(coder).get_params() == {"codebook": bad}
    with pytest.raises(AnalysisError, match="YAML syntax error"):
        coder.fit()
    coder = RuleCoder().fit()
    texts = ["They pledged calm.", "Talks resumed.", "It rained."]
    assert list(coder.predict(texts)) == ["assurance", "engagement", "context"]
    assert list(coder.classes_) == TYPES
    ex = coder.explain(pd.Series(texts))
    assert list(ex.columns[:6]) == ["type", "cue", "cue_start", "cue_end", "secondary_types",
                                    "hedges"]
    assert ex.loc[0, "cue"] == "pledged" and ex.loc[0, "cue_start"] == 5
    assert coder.score(texts, ["assurance", "engagement", "demand"]) == pytest.approx(2 / 3)


def test_rule_cue_features_for_a_learned_coder():
    feats = RuleCueFeatures().fit(["x"])
    names = list(feats.get_feature_names_out())
    assert names[:len(TYPES)] == [f"cue_{t}" for t in TYPES]
    assert names[len(TYPES):] == ["cue_negated", "hedged", "no_cue"]
    X = feats.transform(["The minister did not promise anything.",
                         "The group reportedly pledged calm.", "It rained."])
    assert X.shape == (3, len(TYPES) + 3)
    assert X[0, TYPES.index("skepticism")] == 1 and X[0, names.index("cue_negated")] == 1
    assert X[0, TYPES.index("assurance")] == 0
    assert X[1, TYPES.index("assurance")] == 1 and X[1, names.index("hedged")] == 1
    assert X[2, names.index("no_cue")] == 1 and X[2, :len(TYPES)].sum() == 0
    union = FeatureUnion([("cues", RuleCueFeatures())])
    assert union.fit_transform(["Talks resumed."]).shape == (1, len(TYPES) + 3)
    assert np.isfinite(X).all()


def test_inflected_and_quoted_forms():
    for text in ("The envoy urges restraint.", "Urging restraint, the envoy left.",
                 "The envoy had urged restraint."):
        assert type_of(text) == "demand", text
    assert type_of('Peace "won’t be achieved" by force, she said.') == "skepticism"
    assert type_of("We don’t expect that it will be easy.") == "skepticism"


def test_model_hook_hands_the_rule_table_to_apply_model(monkeypatch):
    model_module = pytest.importorskip("analysis.model")
    seen = {}

    def spy(table, model):
        seen["columns"] = list(table.columns)
        seen["model"] = model
        out = table.copy()
        out["coded_by"] = "model"
        return out

    monkeypatch.setattr(model_module, "apply_model", spy)
    marker = object()
    table = pd.DataFrame({"start": [0], "text": ["They pledged calm."]})
    out = code_types(table, model=marker)
    assert seen["model"] is marker
    assert {"type", "cue", "confidence", "coded_by"} <= set(seen["columns"])
    assert list(out["coded_by"]) == ["model"]
    assert list(code_types(table)["coded_by"]) == ["rules"]


# --- round 2: mechanisms for unseen news language (sentences written for these tests) ---

ROUND2_CASES = [
    # cues that count only when negated (codebook `negated`): disbelief, sums that fail
    ("Opposition leaders said they did not believe the minister's account.", "skepticism"),
    ("The union said the numbers simply didn't add up.", "skepticism"),
    ("Officials in Hanoi said they never trusted the new guarantees.", "skepticism"),
    ("The ministry said it sees no need for foreign monitors.", "skepticism"),
    ("Pristina said Belgrade had yet to honour a single clause of the deal.", "skepticism"),
    # the plural of a lemma cue's last word ("reject the allegation" -> allegations)
    ("The embassy rejected the allegation outright.", "assurance"),
    ("Kigali dismissed Congo's accusations on Monday.", "assurance"),
    # the speaker's own commitments and readiness
    ("\"We'll double the patrols along the coast,\" the coastguard chief said.", "assurance"),
    ("\"We will keep the crossing open around the clock,\" the governor said.", "assurance"),
    ("Seoul is prepared to send medical teams within days.", "assurance"),
    ("Families will be given extra support with heating bills.", "assurance"),
    ("Ankara agreed to hand over the suspects.", "assurance"),
    # claims of having acted, self-defence and denials
    ("The complaint has already been dealt with by the regulator, the spokesman said.",
     "assurance"),
    ("\"Our navy has never threatened fishermen and never will,\" he said.", "assurance"),
    ("\"We have not violated the ceasefire,\" the army said.", "assurance"),
    ("The minister said the raid was entirely lawful.", "assurance"),
    ("Our position has not changed since March.", "assurance"),
    ("The ministry said the dam posed no risk to farmers downstream.", "assurance"),
    # skepticism: repetition, widening gaps, deeds not words, concession, missed targets,
    # inflated figures, another party's assurances dismissed, pessimistic prospects
    ("\"We have seen all this before,\" the farmers' leader said.", "skepticism"),
    ("The rift between the two capitals has grown wider since the election.", "skepticism"),
    ("There is no quick fix for the border dispute.", "skepticism"),
    ("The council said the housing target had been missed again.", "skepticism"),
    ("Athens said the migrant figures had been grossly inflated.", "skepticism"),
    ("What matters are deeds, not words, the senator said.", "skepticism"),
    ("The plan is welcome, but it comes far too late.", "skepticism"),
    ("Economists said high rates would continue to hamper growth.", "skepticism"),
    ("Manila described Beijing's assurances as pure propaganda.", "skepticism"),
    ("Critics said the scheme was unworkable.", "skepticism"),
    ("Nurses' leaders said the pay offer was an insult.", "skepticism"),
    ("Sudan said it was still waiting for the promised data.", "skepticism"),
    ("Diplomats said a deal before the deadline looked increasingly unlikely.", "skepticism"),
    # demand: conditional consequences, advice, needs addressed to others, firmness
    ("Baku warned it would take all necessary steps if its positions were attacked.",
     "demand"),
    ("If the shelling continues, the army will take all necessary measures.", "demand"),
    ("Protest leaders said they would keep marching until the reform was withdrawn.",
     "demand"),
    ("It would be wise for both sides to return to the table.", "demand"),
    ("We need the European Commission to publish the data.", "demand"),
    ("Campaigners want the release of all detainees.", "demand"),
    ("The minister said there was no question of the government backing down.", "demand"),
    # accusation: reproach for the past, evidence of planned attacks, wrongdoing by others
    ("The regulator should have acted years ago, she said.", "accusation"),
    ("Kyiv said the evidence showed the strike had been planned in advance.", "accusation"),
    ("\"They are blackmailing the whole region,\" the minister said.", "accusation"),
    ("The senator said Moscow was threatening to cut off gas supplies.", "accusation"),
    ("Labour called the rollout a shambles.", "accusation"),
    ("Officials named the rebels as the perpetrators.", "accusation"),
    ("Washington said the vote had been neither free nor fair.", "accusation"),
    ("The shadow chancellor said families would be worse off under the plans.", "accusation"),
    # engagement: conciliatory words, negotiating details, calls for closer ties
    ("The president sent his best wishes to the people of Ghana.", "engagement"),
    ("Beijing called for closer cooperation between the two navies.", "engagement"),
    ("The talks will cover several issues, including smuggling and terrorism.", "engagement"),
    # (regression guard: readiness to play a role in talks is not a commitment)
    ("Lima is willing to continue to play a helpful role in the talks.", "engagement"),
    # second pass: distorted accounts, barely-enough sums, red lines, hypothetical warnings,
    # sovereignty and smear defences, summoned envoys, restored links
    ("Rabat said the report was a gross distortion of events.", "skepticism"),
    ("Teachers said the increase would barely keep pace with prices.", "skepticism"),
    ("Madrid said the status of the enclave was not up for discussion.", "demand"),
    ("Delhi said any move to alter the dam's flow would be met with a firm response.", "demand"),
    ("Minsk said the vote was an internal matter.", "assurance"),
    ("The party said the inquiry was a politically motivated witch hunt.", "assurance"),
    ("Oslo said the Russian envoy had been summoned over the expulsions.", "accusation"),
    ("The two neighbours restored rail links last spring.", "engagement"),
    # third pass: motives imputed to another party, shortfalls, red lines, trained gunmen
    ("Seoul said the north's overture was a delaying tactic.", "skepticism"),
    ("The unions said the offer fell well short of their claim.", "skepticism"),
    ("Critics said the levy had raised little without changing behaviour.", "skepticism"),
    ("Hanoi called the report an attempt to deflect blame for the collision.", "skepticism"),
    ("The rebels accepted the proposal on Sunday.", "engagement"),
    ("The premier said the tax credit would tackle the housing shortage.", "assurance"),
    ("The farmers' union said it would not back any agreement that opened the beef market.",
     "demand"),
    ("Yerevan said it would not return to the table while the blockade continued.", "demand"),
    ("Officials said the attackers had been armed by a foreign intelligence service.",
     "accusation"),
    ("Dublin summoned the British ambassador on Friday.", "accusation"),
    ("The treasury said the payments followed normal practice.", "assurance"),
    # fourth pass: conditional sanctions, cooperation claimed, unfinished explanations,
    # peaceful purposes, ignored requests, intrusions, self-defence, lost faith
    ("Canberra said it would take all necessary steps if Beijing persisted with the boycott.",
     "demand"),
    ("The ministry said its staff had cooperated fully with the auditors.", "assurance"),
    ("The reactor is intended for purely civilian purposes, the agency said.", "assurance"),
    ("Chad said Libya had flouted the council's rulings for years.", "accusation"),
    ("Oslo said a Russian aircraft had strayed into its airspace twice.", "accusation"),
    ("The Indian navy said it had only returned fire after being targeted.", "assurance"),
    ("Fishermen said they had lost faith in the regional quota system.", "skepticism"),
    ("The round in Lomé ended late on Sunday without a date for further talks.", "skepticism"),
    ("The commission said the headline figures masked wide gaps between regions.",
     "skepticism"),
    ("Quito said it would take its case to the international tribunal.", "demand"),
    # fifth pass: warnings of force, firmness, diplomatic notes, burdens, unravelling
    ("Manila warned that new incursions would be met with a firm response.", "demand"),
    ("The premier said Ghana would not be dictated to by its creditors.", "demand"),
    ("Lima said it had lodged a diplomatic note with the embassy.", "accusation"),
    ("Unions said the reform would saddle workers with longer hours.", "accusation"),
    ("Diplomats said the truce could unravel within days.", "skepticism"),
    # look-alikes that code nothing
    ("Hanoi has not confirmed whether its ships were in the area.", "context"),
    ("We have to accept that the process will be slow.", "context"),
    # (regression guard: the denial lemma with a gap must not read a non-denial)
    ("The army would neither confirm nor deny the allegations.", "context"),
]


@pytest.mark.parametrize("text, expected", ROUND2_CASES)
def test_round2_mechanisms(text, expected):
    assert type_of(text) == expected, explain_text(text)


def test_negated_only_cues_need_a_negator():
    # the same words without a negator code nothing
    assert type_of("Officials said they believe the envoy.") == "context"
    assert type_of("The union said the numbers add up.") == "context"
    got = explain_text("The union said the figures did not add up.")
    assert got["type"] == "skepticism" and got["cue"] == "not add up"


def test_reporting_verb_beats_topic_words():
    # a speech act of the speaker step decides before mere topic words ("talks")
    table = pd.DataFrame({"start": [0, 0], "text": ["The talks are on Friday."] * 2,
                          "speaker": ["Iran", "Iran"], "speaker_verb": ["urge", "say"]})
    out = code_types(table)
    assert list(out["type"]) == ["demand", "engagement"]
    assert out.iloc[0]["confidence"] == load_codebook().route_confidence("speech_act")
    assert out.iloc[0]["cue"] == "urge"


@pytest.mark.parametrize("text, speaker, case, expected", [
    # the clause a speaker reports, read relative to the speaker (no cue in these sentences)
    ("Lisbon said it would open a second consulate in the region.", "Portugal",
     "self_future", "assurance"),
    ("The Thai army said its troops had returned fire from the ridge.", "Thailand",
     "self_act", "assurance"),
    ("Guyana said Venezuela had deployed troops close to the river.", "Guyana",
     "other_act", "accusation"),
    ("Tbilisi said Moscow had not withdrawn a single unit.", "Georgia",
     "other_negated", "skepticism"),
    ("Yerevan said Baku had yet to release the detainees.", "Armenia",
     "other_negated", "skepticism"),
    ("Ankara said Athens had still not answered its letter.", "Turkey",
     "other_negated", "skepticism"),
    ("Riga said its coastguard had been shadowing the tanker since dawn.", "Latvia",
     "self_act", "assurance"),
    ("The two ministries said they would open a hotline for fishermen.", "Latvia; Lithuania",
     "joint", "engagement"),
    ("\"We did not fire the first shot,\" the colonel said.", "Armenia",
     "self_denial", "assurance"),
])
def test_reported_clause_relative_to_the_speaker(text, speaker, case, expected):
    from analysis.coding import reported_clause
    got = reported_clause(text, speaker)
    assert got is not None and got[0] == case, got
    out = code_types(pd.DataFrame({"start": [10], "text": [text], "speaker": [speaker]}))
    row = out.iloc[0]
    assert row["type"] == expected and row["route"] == "reported_clause"
    assert row["confidence"] == load_codebook().reported_confidence == 0.4  # measured
    assert text[row["cue_start"] - 10:row["cue_end"] - 10] == row["cue"]


def test_reported_clause_only_for_attributed_statements_without_cues():
    text = "Lisbon said it would open a second consulate in the region."
    table = pd.DataFrame({"text": [text, text, "Lisbon said the weather would be mild."],
                          "speaker": ["narrator", "Portugal", "Portugal"],
                          "article_id": ["a", "b", "c"]})  # nothing carried over
    out = code_types(table)
    assert list(out["type"]) == ["context", "assurance", "context"]
    # perception and preference are no acts or promises
    from analysis.coding import reported_clause
    assert reported_clause("Ankara said it had received the letter.", "Turkey") is None
    assert reported_clause("Rome said it would like more time.", "Italy") is None
    # praise of another party's progress is no accusation
    assert reported_clause("The IMF said Chile had made solid progress.", "IMF") is None


# --------------------------------------------------------------------------- round 3
@pytest.mark.parametrize("text, expected", [
    # negative evaluation of another party's act, no accusing verb
    ("The senator said the merger would be deeply irresponsible.", "accusation"),
    ('The union leader said the closure was "a grave mistake".', "accusation"),
    ("Farmers say the quota sends the wrong message to growers.", "accusation"),
    ("The mayor is caving in to pressure from developers, the council said.", "accusation"),
    # a policy judged not to work; progress that stopped; a record of broken commitments
    ("The mayor's parking scheme is clearly not working, residents said.", "skepticism"),
    ("Observers said momentum on the reform had stalled.", "skepticism"),
    ("Every pledge made to the fishermen has been ignored, the union said.", "skepticism"),
    ("Neither party has any incentive to settle before the vote, a lawyer said.", "skepticism"),
    # denial of an accusation against oneself; one's own targets; hostile intent denied
    ("The ministry dismissed the reports as propaganda.", "assurance"),
    ("The club rejected the allegations as 'malicious'.", "assurance"),
    ("The utility said it would fully meet its obligations to customers.", "assurance"),
    ("The minister said the city is on track to double its recycling rate.", "assurance"),
    ("The levy is aimed at funding schools, not at punishing drivers, the mayor said.",
     "assurance"),
    ("The tariffs are not directed against any one country, officials said.", "assurance"),
    # coordinated benign purposes; a negated contrast "not on words but on actions"
    ("The minister said the drones are for civilian and research purposes.", "assurance"),
    ('The envoy said Ottawa is not focused on words, "but on deeds."', "skepticism"),
    # first-person commitment and self-justification with no cue word
    ('"Our inspectors will remain on site until the audit ends," the mayor said.', "assurance"),
    ('"I believe we have got the rules broadly right," the regulator said.', "assurance"),
    ("The airline said the surcharge was only temporary.", "assurance"),
    # "it is time for X to" is a demand; a step in the right direction is engagement
    ("The mayor said it was high time for the landlords to act.", "demand"),
    ("The union said the offer was a welcome first step.", "engagement"),
    ("The union said the offer was a step in the right direction, but more was needed.",
     "skepticism"),
    # an unanswered question codes nothing, not even the topic words inside it
    ("The spokesman declined to say whether the talks would resume.", "context"),
    # "a chance for X to ..." asks X to act; readiness to ignore a wrong is an accusation
    ("The mayor said the vote was a chance for the council to restore trust.", "demand"),
    ("Campaigners said the board was willing to overlook the abuses.", "accusation"),
    ("The envoy said Lima was willing to withdraw its ships.", "assurance"),
    # smoothing over a dispute; an exchange of captives
    ("The visit was an attempt to smooth over the dispute.", "engagement"),
    ("They discussed the exchange of three detained sailors for prisoners.", "engagement"),
    # refusing another party's text; a hostile act against the speaker's own side
    ('"We will never ratify a treaty drafted in Moscow," the speaker said.', "skepticism"),
    ("The farmers' union said it would not accept the new terms.", "skepticism"),
    ('"Their drones target our fishing boats every week," the governor said.', "accusation"),
    # a trait named by a noun; an outcome imposed from outside; the test still to come
    ("The minister said the ruling rewarded the landlords' intransigence.", "accusation"),
    ("The council said the budget had been dictated by the ministry.", "accusation"),
    ("An economist said the real test would be whether prices fall.", "skepticism"),
    # hostility disclaimed
    ("The minister said Lisbon was not seeking a confrontation with the unions.", "assurance"),
    ("Officials said Oslo had no intention of escalating the row.", "assurance"),
    ("The two parties traded accusations over the budget.", "accusation"),
    ("Observers said mistrust between the clubs made a settlement unlikely.", "skepticism"),
    # confidence in one's own goal; resolve
    ("The mayor said the recycling goal was tough but achievable.", "assurance"),
    ('"We will not be deterred," the mayor told the council.', "assurance"),
    ("The mayor said the goal was achievable but warned that progress had stalled.",
     "skepticism"),
])
def test_round3_type_mechanisms(text, expected):
    assert type_of(text) == expected


def test_on_track_to_fail_is_not_an_assurance():
    assert type_of("The minister said the city is on track to miss its target.") != "assurance"


def test_meeting_a_target_is_not_a_meeting():
    assert type_of("The firm said it would meet the deadline.") != "engagement"
    assert type_of("The envoys will meet in Geneva next week.") == "engagement"


def test_another_partys_conditional_threat_is_an_accusation():
    # the condition belongs to the threat the speaker reports, not to a demand of its own
    assert type_of("The mayor said the union was threatening to strike unless pay "
                   "rose.") == "accusation"
    assert type_of("The mayor warned that fines would follow unless the depot "
                   "closed.") == "demand"


def test_cues_in_relative_clauses_are_background():
    # the main clause decides; the relative clause only describes a noun
    assert type_of("Norway, which once accused both sides of stalling, offered to "
                   "host the talks.") == "engagement"
    assert type_of("The two towns agreed to resume talks on the bridge, which has "
                   "been blamed on poor planning.") == "engagement"
    # with no cue in the main clause, the relative clause still counts
    assert type_of("It was the rebels, who accused the army of the attack.") == "accusation"


def test_own_act_reported_to_another_party_is_an_assurance():
    table = pd.DataFrame({
        "text": ["Lima told Quito that its navy had warned the trawlers to leave the bay.",
                 "The union informed the board that it ordered members to end the strike.",
                 # not the speaker's own side, or not a past act: the demand stands
                 "Lima told Quito that the trawlers must leave the bay.",
                 "Lima urged the trawlers to leave the bay."],
        "speaker": ["Peru", "union", "Peru", "Peru"]})
    assert list(code_types(table)["type"]) == ["assurance", "assurance", "demand", "demand"]


def test_reported_act_beats_topic_words():
    table = pd.DataFrame({
        "text": ["The ministry said Boko Haram had used the truce to regroup.",
                 "The ministry said it had used the truce to deliver food."],
        "speaker": ["Nigeria", "Nigeria"]})
    # what the speaker says another actor, or it itself, did decides, not the topic "truce"
    assert list(code_types(table)["type"]) == ["accusation", "assurance"]


def test_speech_acts_of_ridicule_and_praise():
    table = pd.DataFrame({"text": ["The minister derided the proposal.",
                                   "The minister lauded the proposal."],
                          "speaker": ["Peru", "Peru"],
                          "speaker_verb": ["deride", "laud"]})
    assert list(code_types(table)["type"]) == ["accusation", "engagement"]


def test_non_interference_is_no_accusation():
    assert type_of("The minister said Beijing follows a policy of non-interference.") != \
        "accusation"
    assert type_of("The minister condemned foreign interference in the vote.") == "accusation"


def test_every_default_cue_is_indexed_by_its_first_words():
    # a pattern whose first words cannot be read is tried on every text (slow): the
    # reference codebook has none (start patterns at a word boundary with literal words)
    from analysis.coding import _compiled
    index = _compiled(None).index
    assert index.always == ([], [])


# --------------------------------------------------------------------------- round 4
@pytest.mark.parametrize("text, expected", [
    # a restrictive relative clause describes a noun; the main clause's act codes
    ("Both ministers signed a memorandum that calls for joint patrols.", "engagement"),
    # a time clause hung on the main clause is background
    ("Peru has accused Chile of moving troops to the border, days after the two governments "
     + "reaffirmed their truce.", "accusation"),
])
def test_cue_in_a_background_clause_yields_to_the_main_clause(text, expected):
    assert type_of(text) == expected


def test_reported_that_clause_is_not_background():
    # "said that ...": the reported clause is the statement's content
    assert type_of("The minister said that the talks had been constructive, and that "
                   "Chile reaffirmed the truce.") != "context"


@pytest.mark.parametrize("text, expected", [
    ("Neither commitment has been implemented, according to aid groups.", "skepticism"),
    ("The ceasefire accords were signed with fanfare and then flouted.", "skepticism"),
    ("As long as the army stays, nothing will change.", "skepticism"),
    ("There is no legal basis for maintaining the tariffs.", "skepticism"),
    ("One inspection could not prove that the reactor was safe.", "skepticism"),
    ("Farm unions said they were unimpressed.", "skepticism"),
    ("Promises, he said, are one thing; words are cheap.", "skepticism"),
    ("The plan would not breach the spending rules, the minister said.", "assurance"),
    ("No pensioner will be worse off under these rules.", "assurance"),
    ("Chile has done everything the tribunal asked of it.", "assurance"),
    ("Our ministry has been fully transparent.", "assurance"),
    ("The inspection figures speak for themselves.", "assurance"),
    ("Chile has no intention of violating Peru's waters.", "assurance"),
])
def test_round4_cues(text, expected):
    assert type_of(text) == expected


def test_no_grounds_for_concern_is_not_skepticism():
    assert type_of("There are no grounds for concern about the dam.") != "skepticism"


@pytest.mark.parametrize("text, expected", [
    ("The walkout will go on until the ministry scraps the new rota.", "demand"),
    ("The minister said the reform would not be withdrawn.", "skepticism"),
    ("Nurses said they would defy the court's order.", "skepticism"),
    ("The quota was based on the best available science.", "assurance"),
])
def test_round4_probe_cues(text, expected):
    assert type_of(text) == expected


def test_assurance_inside_what_is_demanded_is_part_of_the_demand():
    assert type_of("Beijing urged Manila to stop its provocations and to honour its "
                   "commitments.") == "demand"
    # a separate clause keeps its own assurance
    assert type_of("He urged Kabul to act, but said Pakistan remained committed to "
                   "peace.") == "assurance"


def test_compliance_claimed_and_another_sides_conduct():
    assert type_of("The government had met most of the doctors' demands.") == "assurance"
    assert type_of("The coast guard said the Chinese ships had acted dangerously.") != \
        "assurance"


def test_talks_stuck_or_deadlocked_is_skepticism():
    assert type_of("Diplomats said the talks were deadlocked.") == "skepticism"


@pytest.mark.parametrize("text, expected", [
    ("The minister warned that nurses who stayed away beyond Monday would be sacked.",
     "demand"),
    ("Lisbon warned that talks could not go on if the trawlers stayed in its waters.",
     "demand"),
    # a warning with no condition stays what it was
    ("Lisbon warned that Madrid had broken the fisheries accord.", "accusation"),
])
def test_a_warning_of_what_follows_a_condition_is_a_demand(text, expected):
    assert type_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("A truce brokered by Qatar in 2019 collapsed last year.", "context"),
    ("The ceasefire agreed in March has been broken several times by shelling.", "context"),
    # agreeing a truce is still engagement
    ("Both sides agreed a ceasefire on Monday.", "engagement"),
])
def test_the_history_of_a_failed_truce_is_context(text, expected):
    assert type_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("A Lima-based analyst, who asked not to be named, said the port was busy.", "context"),
    ("Nurses would not return to work until the pay deal was signed.", "demand"),
    ("The crossings would stay shut until Lome handed over the maps.", "demand"),
    ("The ministry will remain open until the end of the year.", "context"),
])
def test_anonymity_formula_and_conditions_met_in_reported_past(text, expected):
    assert type_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # commitments unmet, named by a pronoun
    (("\"We signed three accords with the ministry and none of them has been implemented,\" "
     "the nurses' leader said."), "skepticism"),
    # a promise long unkept
    ("The mayor said the port authority had been promising a new quay for two decades.",
     "skepticism"),
    ("\"Fishermen have waited twelve years for Lima to pay,\" the union leader said.",
     "skepticism"),
    # the parties' will denied
    ("A Quito-based economist said neither side had shown any sign of flexibility.",
     "skepticism"),
    # a promise kept is not skepticism
    ("The minister said all of them had been implemented.", "assurance"),
])
def test_unmet_and_long_unkept_commitments_are_skepticism(text, expected):
    assert type_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # readiness to host or go back to talks is engagement, not a promise
    ("Norway said it was ready to host the next round of talks.", "engagement"),
    (("\"The place for this is the negotiating table, and we are ready to return to it,\" "
      "the envoy said."), "engagement"),
    # readiness to hand something back is still a commitment
    ("Peru said it was ready to return the seized boats.", "assurance"),
])
def test_readiness_to_host_or_return_to_talks_is_engagement(text, expected):
    assert type_of(text) == expected


def test_cue_search_memory_is_bounded_and_changes_nothing(monkeypatch):
    from analysis import coding

    comp = coding._compiled(None)
    texts = [f"Minister {i} said they had no intention of honouring the deal." for i in range(12)]
    first = [comp.code(t) for t in texts]
    monkeypatch.setattr(coding, "_SEARCH_MEMORY", 5)
    comp._recent.clear()
    again = [comp.code(t) for t in texts]
    assert again == first
    assert 0 < len(comp._recent) <= 5
    # a remembered search is the same object: the second reader does no work
    assert comp.search(texts[-1]) is comp.search(texts[-1])


def test_route_column_says_how_each_code_was_reached():
    table = pd.DataFrame({
        "text": ["Kenya accused Somalia of arming the militia.",
                 "The border was closed in 2019.",
                 "The talks ended without a date for the next round.",
                 "Nairobi pledged to withdraw its troops."],
        "speaker": ["Kenya", "narrator", "Kenya", "Kenya"],
    })
    out = code_types(table)
    routes = dict(zip(out["text"], out["route"]))
    assert routes["The border was closed in 2019."] == "default_narrator"
    assert set(out["route"]) <= {"cue", "contested_cue", "speech_act", "reported_clause",
                                 "default_narrator", "default_attributed", "carried_over"}
    # a cue route always has its cue; a default or carried route never has one
    for r, cue in zip(out["route"], out["cue"]):
        assert (cue != "") == (r not in ("default_narrator", "default_attributed",
                                         "carried_over"))
    assert routes["Nairobi pledged to withdraw its troops."] in ("cue", "contested_cue")


CARRY = [  # (speaker, article, text)
    ("Kenya", "a", "Kenya accused Somalia of arming the militia."),
    ("Kenya", "a", "The convoy left Mogadishu on Friday."),       # runs on: accusation
    ("Kenya", "a", "The convoy returned on Monday."),     # carried once only
    ("Somalia", "a", "Somalia accused Kenya of arming the militia."),
    ("Ethiopia", "a", "The convoy left Mogadishu on Friday."),    # another speaker
    ("Ethiopia", "b", "The convoy left Mogadishu on Friday."),    # another article
    ("narrator", "b", "Kenya accused Somalia of arming the militia."),
    ("narrator", "b", "The convoy left Mogadishu on Friday."),    # the narrator
]


def test_carry_over_continues_the_same_speakers_act_once():
    table = pd.DataFrame(CARRY, columns=["speaker", "article_id", "text"])
    out = code_types(table)
    assert out["type"].iloc[0] == "accusation" and out["route"].iloc[0] in ("cue",
                                                                          "contested_cue")
    assert (out["type"].iloc[1], out["route"].iloc[1]) == ("accusation", "carried_over")
    assert out["confidence"].iloc[1] == load_codebook().route_confidence("carried_over")
    assert out["cue"].iloc[1] == ""
    assert (out["type"].iloc[2], out["route"].iloc[2]) == ("context", "default_attributed")
    for i in (4, 5):  # another speaker, another article: the default
        assert (out["type"].iloc[i], out["route"].iloc[i]) == ("context",
                                                               "default_attributed")
    assert (out["type"].iloc[7], out["route"].iloc[7]) == ("context", "default_narrator")
    # the text-only coder has no speakers: nothing is carried
    assert list(RuleCoder().fit().predict([t for _, _, t in CARRY[:2]])) == \
        ["accusation", "context"]


def test_carry_over_off_in_the_codebook(tmp_path):
    from analysis.codebook import default_codebook_path

    text = default_codebook_path().read_text(encoding="utf-8")
    assert "\ncarry_over: true\n" in text
    off = tmp_path / "off.yaml"
    off.write_text(text.replace("\ncarry_over: true\n", "\ncarry_over: false\n"),
                   encoding="utf-8")
    cb = load_codebook(off)
    assert cb.carry_over is False and cb.fingerprint != load_codebook().fingerprint
    out = code_types(pd.DataFrame(CARRY[:2], columns=["speaker", "article_id", "text"]),
                     codebook=cb)
    assert list(out["type"]) == ["accusation", "context"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("\ncarry_over: true\n", "\ncarry_over: often\n"),
                   encoding="utf-8")
    with pytest.raises(AnalysisError, match="'carry_over' must be true or false"):
        load_codebook(bad)
