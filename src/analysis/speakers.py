"""Speaker attribution: who makes the claim of each statement, who relays it, whom it targets.

:func:`attribute_speakers` adds ``speaker``, ``source``, ``target``, ``speaker_span``,
``speaker_start``, ``speaker_end`` and ``speaker_verb`` to a statements frame of one article,
following the speaker rules of the codebook (CODEBOOK.md):

1. explicit attribution — reporting verbs in subject–verb and verb–subject order
   (``X said``, ``"…," said X``), sentence-final tags (``…, X said.``), ``according to X``,
   ``X is said to``, ``in a statement, X …``, ``X told reporters``, colon introductions;
2. nested attribution — ``according to X, Y informed …``, ``X said Y rejected …``: the
   originator is the speaker, the relaying voice the ``source`` (news outlets only relay);
3. speech acts and diplomatic acts with an actor as subject (``China urged``, ``X met Y``,
   ``X remains unconvinced``); military and other non-communicative acts stay narration;
4. carry-over — quotations running over several statements, pronouns and bare role nouns
   (``He added``, ``Officials believe``, ``The spokesman said``) take the speaker in context;
5. otherwise ``narrator``.

Speakers are normalised with the actor dictionary (:mod:`analysis.actors`); named people
are linked to the actor they are introduced with ("Pakistan's foreign minister Ishaq Dar" →
later "Dar said" → ``Pakistan``), or to the actor the dictionary's dated office holders give
them ("Putin said" in 2015 → ``Russia``). Country-less offices ("Housing Secretary X",
"the government") belong to the article's home state (outlet country, dateline, the state
of the parties it names, or the state it names most); "Shadow … secretary" speaks for the
party in opposition on the article's date. A speaker that cannot be normalised is output as found
("security guards"). Everything is pure Python with precompiled regular expressions and the
lexicons of ``data/speech_verbs.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise

import numpy as np
import pandas as pd
import pyarrow as _pa
import yaml

from .actors import ActorDictionary, _trie_regex, resolve_actors
from .inflect import inflect_phrase, irregular_past_forms

__all__ = ["SPEAKER_COLUMNS", "attribute_speakers", "speaker_columns", "speech_lexicon"]

#: columns added by :func:`attribute_speakers`
SPEAKER_COLUMNS = ["speaker", "source", "target", "speaker_span", "speaker_start",
                   "speaker_end", "speaker_verb"]

NARRATOR = "narrator"
_MASK = "\u2591"  # stands in for quoted words so that verbs inside quotes are not read
_OPEN_Q = "“«„"
_CLOSE_Q = "”»"


# ---------------------------------------------------------------------------- lexicon
#: verb forms that are far more often nouns in news copy ("state media", "the post")
_NOUN_FORMS = frozenset(["state", "states", "post", "posts", "report", "comment", "comments", "table", "tables", "mark", "back", "present", "presents", "name", "names", "show", "shows", "order", "orders"])


@dataclass(frozen=True)
class _Lexicon:
    form_lemma: dict
    categories: dict  # lemma -> set of categories
    verb_index: dict  # first word -> forms starting with it, longest first
    verb_re: re.Pattern
    aux: frozenset
    stance_re: re.Pattern
    roles: frozenset
    role_re: re.Pattern
    institution_re: re.Pattern
    media_re: re.Pattern
    catenatives: frozenset
    joint_nouns: frozenset
    human_nouns: frozenset
    role_modifiers: frozenset
    institutions_cap: frozenset  # the offices written as proper names ("Foreign Office")
    #: whitespace-delimited tokens whose word (stripped of punctuation) opens a verb form
    verb_head_re: re.Pattern | None = None
    #: verb form -> the words after it that make it a noun ("think" -> " tank")
    noun_compounds: dict | None = None


@lru_cache(maxsize=1)
def speech_lexicon() -> _Lexicon:
    """The attribution lexicons (``data/speech_verbs.yaml``), compiled once."""
    text = resources.files("analysis").joinpath("data/speech_verbs.yaml").read_text("utf-8")
    d = yaml.safe_load(text)
    cats: dict[str, set] = {}
    for cat in ("reporting", "inverted", "speech_acts", "diplomatic_acts", "cognition",
                "military_acts"):
        for lemma in d.get(cat) or []:
            cats.setdefault(lemma, set()).add(cat)
    form_lemma: dict[str, str] = {}
    for lemma in cats:
        forms = set(inflect_phrase(lemma))
        forms -= _NOUN_FORMS
        for f in sorted(forms):
            form_lemma.setdefault(f, lemma)
    # "X is said to ..." family: the subject is the speaker
    for cop in ("is", "are", "was", "were", "has been", "have been", "had been"):
        for part in ("said", "reported", "understood", "believed", "thought", "known"):
            form_lemma[f"{cop} {part} to"] = "say"
        form_lemma[f"{cop} quoted as saying"] = "say"
    verb_re = re.compile(r"(?<![\w'’-])(" + _trie_regex(sorted(form_lemma)) + r")(?![\w-])")
    stance = d.get("stance_adjectives") or []
    stance_re = re.compile(
        r"(?<![\w-])(?:remains?|remained|is|are|was|were|has been|have been|had been|appears?|"
        r"seems?|appeared|seemed|stays?|stayed|became|becomes?)\s+(?:\w+ly\s+|still\s+|not\s+)?"
        r"(" + _trie_regex(sorted(stance)) + r")(?![\w-])")
    roles = frozenset(w.lower() for w in d.get("roles") or [])
    role_re = re.compile(r"(?<![\w-])(" + _trie_regex(sorted(roles)) + r")(?![\w-])",
                         re.IGNORECASE)
    # hyphenated ranks are roles too: "vice-minister", "deputy-governor", "co-chair" (for
    # the head-word tests; role_re keeps the plain roles, cheaper to scan)
    roles |= {f"{p}-{r}" for r in roles if " " not in r and "-" not in r
              for p in ("vice", "deputy", "co")}
    inst = d.get("institutions") or []
    institution_re = re.compile(r"(?<![\w-])(" + _trie_regex(sorted({i.lower() for i in inst}))
                                + r")(?![\w-])", re.IGNORECASE)
    media = d.get("media_nouns") or []
    media_re = re.compile(r"(?<![\w-])(" + _trie_regex(sorted(media)) + r")$", re.IGNORECASE)
    aux = frozenset(str(a) for a in d.get("auxiliaries") or [] if " " not in str(a))
    verb_index: dict[str, list[str]] = {}
    for f in form_lemma:
        verb_index.setdefault(f.split(" ")[0], []).append(f)
    for forms in verb_index.values():
        forms.sort(key=len, reverse=True)
    return _Lexicon(form_lemma, cats, verb_index, verb_re, aux, stance_re, roles, role_re,
                    institution_re, media_re, frozenset(d.get("catenatives") or []),
                    frozenset(d.get("joint_nouns") or []),
                    frozenset(d.get("human_nouns") or []),
                    frozenset(d.get("role_modifiers") or []),
                    frozenset(i for i in inst if i[:1].isupper()),
                    _verb_head_re(verb_index), _noun_compounds(d, form_lemma))


def _noun_compounds(d: dict, form_lemma: dict) -> dict:
    """Verb forms that open a compound noun of ``noun_compounds`` ("think tank"), with the
    rest of each compound (" tank", " tanks")."""
    out: dict[str, tuple] = {}
    for c in d.get("noun_compounds") or []:
        head, _, rest = str(c).partition(" ")
        for form in inflect_phrase(head):
            if form in form_lemma and rest:
                out[form] = out.get(form, ()) + (" " + rest,)
    return out


def _verb_head_re(verb_index: dict) -> re.Pattern:
    """Tokens (split on white space) that are, or strip to, the first word of a verb
    form: what :func:`_find_verbs` looks up, found in one C-level scan."""
    strip = "[" + re.escape(_STRIP_CHARS) + "]*"
    return re.compile(r"(?<!\S)" + strip + "(" + _trie_regex(sorted(verb_index)) + ")"
                      + strip + r"(?!\S)")


# ---------------------------------------------------------------------------- quotes
_QUOTE_CHARS = re.compile(r"[\"“”«»„]")
_QUOTE_CHARS_SINGLE = re.compile(r"[‘’«»„]")
_ALNUM = re.compile(r"[^\W_]")
_ASCII_ALNUM_TO_MASK = str.maketrans({c: _MASK for c in
                                      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"})
_NON_ASCII_ALNUM = re.compile(r"[^\W_\x00-\x7f]")


def _mask_alnum(seg: str) -> str:
    """``_ALNUM.sub(_MASK, seg)``: ASCII letters and digits by a translation table, the
    few other letters and digits by the regex."""
    out = seg.translate(_ASCII_ALNUM_TO_MASK)
    return out if seg.isascii() else _NON_ASCII_ALNUM.sub(_MASK, out)


def _mask_quotes(texts: list[str], para_start: list[bool]) -> tuple[list[str], list[float],
                                                                     list[bool]]:
    """Replace quoted words by a mask character, tracking quotes across statements.

    Returns the masked texts, the quoted fraction of each and whether each statement
    starts inside a quotation opened earlier.
    """
    masked, fracs, starts_inside = [], [], []
    inside = False
    # British style: quotations in single curly quotes when no double quote is used
    single = not any(_QUOTE_CHARS.search(t) for t in texts) and any("‘" in t for t in texts)
    quote_re = _QUOTE_CHARS_SINGLE if single else _QUOTE_CHARS
    quote_chars = "‘’«»„" if single else "\"“”«»„"  # the characters of quote_re
    for text, new_para in zip(texts, para_start):
        if new_para and text[:1] in '"“‘':
            inside = False  # a new paragraph of a running quotation re-opens it
        starts_inside.append(inside)
        quotes = [q.start() for q in quote_re.finditer(text)] if any(
            c in text for c in quote_chars) else []
        if not quotes and not inside:
            masked.append(text)
            fracs.append(0.0)
            continue
        pieces = []
        pos = 0
        n_in = 0
        for k in quotes + [len(text)]:
            seg = text[pos:k]
            if inside and seg:
                pieces.append(_mask_alnum(seg))
                n_in += len(seg)
            else:
                pieces.append(seg)
            if k == len(text):
                break
            ch = text[k]
            if ch == '"':
                prev = text[k - 1] if k else " "
                nxt = text[k + 1] if k + 1 < len(text) else " "
                if (prev.isspace() or prev in "([—–-") and not nxt.isspace():
                    inside = True  # an opening quote (also re-opening a running quotation)
                elif nxt.isspace() or nxt in ".,;:!?)]—–-" or not prev.isspace():
                    inside = False
                else:
                    inside = not inside
            elif ch == "‘":
                prev = text[k - 1] if k else " "
                if prev.isspace() or prev in "([—–-\"“":
                    inside = True
            elif ch == "’":
                nxt = text[k + 1] if k + 1 < len(text) else " "
                if inside and not nxt.isalnum():
                    inside = False
                elif inside:
                    # an apostrophe inside the quotation ("Pakistan’s"): keep masking
                    pieces.append(_MASK)
                    pos = k + 1
                    continue
            elif ch in _OPEN_Q:
                inside = True
            else:
                inside = False
            pieces.append(ch)
            pos = k + 1
        masked.append("".join(pieces))
        fracs.append(n_in / max(1, len(text)))
    return masked, fracs, starts_inside


# ---------------------------------------------------------------------------- noun phrases
_SUBORD = (r"that|which|who|whom|whose|when|while|whereas|where|because|after|before|if|"
           r"since|although|though|as|until|unless|whether|once|even as|so that")
_BOUNDARY_RE = re.compile(
    r"(?:[;:!?]\s|(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|Jr|Sr|St|Lt|No))(?<!\b(?:Mrs|Gen|Col|Rep|Sen|Sgt"
    r"|Adm|Maj))\.\s|\s--?\s|\s[–—]\s|[\"“”«»()\[\]]|,|(?<![\w-])(?:but|and then|so)\s"
    r"|(?<![\w-])(?i:" + _SUBORD + r")\s)")
_SUB_END_RE = re.compile(r"(?<![\w-])(?i:" + _SUBORD + r")\s*$")
_LEAD_STRIP = re.compile(r"^(?:(?:and|but|so|yet|then|also|however|meanwhile|still|instead|"
                         r"now|thus|later|earlier|separately|in turn|in a \w+ statement|"
                         r"in a statement)\b[\s,]*)+", re.IGNORECASE)
_LOC_PREPS = frozenset(["in", "at", "outside", "inside", "near", "to", "into", "toward", "towards", "against", "with", "between", "on", "across", "over", "within", "around", "via", "through", "behind", "beyond", "under", "among", "amid", "about"])
_FINITE = frozenset(["is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "did", "does", "do", "shall", "should", "may", "might", "must", "been", "be"])
_DETS = frozenset(["the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our", "my", "your"])
_ADJ_BEFORE_NOUN = frozenset(["international", "new", "peace", "diplomatic", "bilateral", "trade", "further", "direct", "recent", "latest", "formal", "high-level", "fresh", "final", "first", "second", "third", "previous", "earlier", "initial", "public", "private", "joint", "separate", "weekly", "daily", "annual", "regular", "emergency", "such", "any", "no", "more"])
_THE_OK = frozenset(["Kremlin", "Pentagon", "Elysee", "Élysée", "Vatican", "Netherlands", "Philippines", "Bahamas", "Gambia", "Hague", "Tories", "Conservatives", "Democrats", "Republicans", "Taliban"])
_PRONOUNS_SG = frozenset(["he", "she"])
_PRONOUNS_PL = frozenset(["they", "we"])
_PRONOUN_IT = frozenset(["it"])
#: capital letters of the Latin alphabets ("Étienne", "Žilina", "Øresund" are names too)
_UC = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_LC = "a-z" + "".join(c for c in map(chr, range(0xDF, 0x250)) if c.islower())
_NAME_TOKEN = (r"(?:(?:al|el|ad|as|ash|at|ar|an|bin|ibn|abu|de|van|von)-[" + _UC + r"][\w'’-]*|"
               r"[A-Z]\.(?:[A-Z]\.)*|[" + _UC + r"][a-z]{0,3}\.|[" + _UC + r"][\w'’-]*["
               + _LC + r"][\w'’-]*|[A-Z]{2,}(?![\w-]))")
_NAME_RE = re.compile(
    r"(?<![\w.’'-])" + _NAME_TOKEN + r"(?:[ \t]+(?:(?:bin|ibn|al|de|van|von|der|da|del|la|le)"
    r"[ \t]+)?" + _NAME_TOKEN + r")*")
_TIME_WORDS = frozenset(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"])
_STOP_CAPS = frozenset(["The", "A", "An", "In", "On", "At", "But", "And", "Or", "If", "As", "It", "He", "She", "They", "We", "I", "This", "That", "These", "Those", "His", "Her", "Their", "Its", "Our", "Earlier", "Later", "Last", "Next", "Meanwhile", "However", "Still", "Also", "After", "Before", "Since", "While", "When", "Despite", "Although", "Though", "According", "Under", "Following", "Speaking", "Interviewed", "Asked", "Both", "Each", "Then", "Now", "Today", "Yesterday", "Once", "Even", "So", "Yet", "Some", "Many", "Most", "Several", "Two", "Three", "Four", "Five", "For", "From", "With", "Without", "By", "Of", "To", "Into", "Over", "Among", "Amid", "Then-U.S.", "Former", "Senior", "Top", "Deputy", "Acting", "New", "Chief", "Head", "Then"])
_TITLE_WORDS = frozenset(["Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Adm", "Brig", "Sgt", "Rep", "Sen", "Senator", "President", "Minister", "Ambassador", "Envoy", "King", "Queen", "Prince", "Sheikh", "Emir", "Ayatollah", "Secretary", "Chancellor", "Premier", "Marine", "General", "Colonel", "Commander", "Judge", "Justice", "Lord", "Sir", "Dame", "Mullah", "Maulana", "Imam", "Father", "Defence", "Defense", "Foreign", "Interior", "Information", "Finance", "Prime", "Home", "Secretary-General", "Director", "Chairman", "Governor", "Mayor", "Spokesman", "Spokeswoman", "Spokesperson", "Vice", "Deputy", "Representative", "Counsellor", "Adviser", "Advisor", "Supreme", "Leader", "Chief", "Army", "Navy", "Air", "Force", "Staff", "State", "Treasury", "Shadow", "Congressman", "Congresswoman", "MP", "Speaker", "CS", "Commissioner", "Cabinet"])
#: the last word of a government office title ("Housing Secretary", "Energy Minister")
_OFFICE_HEADS = frozenset(["Secretary", "Minister", "Chancellor", "Commissioner", "Premier",
                           "Shadow", "Attorney-General", "President", "CS"])
_OFFICE_WORDS = frozenset(["secretary", "minister", "chancellor", "premier", "president", "cs"])
_HEAD_TITLES = frozenset(["President", "Prime", "Premier", "King", "Queen", "Emir", "Chancellor", "Supreme", "Sheikh", "Sultan"])
_NAME_SUFFIX = re.compile(r"(?:[’']s|,)$")
_GEN_SUFFIX = frozenset(["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"])


@dataclass
class _NP:
    text: str
    start: int  # offset in the statement
    end: int


@dataclass
class _Res:
    labels: tuple = ()        # resolved labels (sorted)
    mode: str = "none"        # actor|person|outlet|carry|carry_pl|carry_it|carry_role|joint|raw
    span: tuple | None = None  # (start, end) in the statement of the naming words
    person: str | None = None
    home: bool = False  # the label is only the article's home state (no actor named)
    #: a person named with an organisation's role ("Union president Denise Morrow"), who
    #: speaks for the resolved label when named again ("Morrow said")
    named: str | None = None


_DATELINE_DATE = re.compile(r",\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?|"
                            r"[A-Z][a-z]+day)(?:,?\s*\d{4})?\s*$")


#: "CAIRO (Wire) -", "GEORGETOWN, March 10 (AFP) -": a city, a date, an agency, a dash
_DATELINE_WIRE = re.compile(r"^([A-Z][\w .,'-]{1,40}?)\s*\([A-Za-z .]{2,20}\)\s*(?:--|-|–|—)")
#: "TAIPEI --", "Dar es Salaam —", "KATHMANDU, August 14 –": no agency, a spaced dash
_DATELINE_DASH = re.compile(r"^([A-Z][\w'’-]*(?:[ ,]+[\w'’.-]+){0,4}?)\s+(?:--|–|—|-)\s+(?=[A-Z“\"])")


class _Article:
    """Per-article state: the actor dictionary, date, home state, people and counts."""

    def __init__(self, actors: ActorDictionary, lex: _Lexicon, metadata: dict,
                 texts: list[str], masked: list[str]):
        self.actors = actors
        self.lex = lex
        self.date = metadata.get("date") if metadata else None
        self.mentions = [_unglued(actors.find(t, self.date), t) for t in texts]
        counts = Counter(m[2] for ms in self.mentions for m in ms if m[3] in ("states",
                                                                              "executives"))
        self.state_counts = counts
        self.top_state = counts.most_common(1)[0][0] if counts else None
        self.outlet_home = actors.outlet_home((metadata or {}).get("source"))
        self.international = actors.outlet_is_international((metadata or {}).get("source"))
        self.dateline = self._dateline(texts)
        # domestic politics: an article about a state's parties is about that state; with no
        # outlet country known it is read like that state's national press
        parties = Counter(actors.party_state(m[2]) for ms in self.mentions for m in ms
                          if m[3] == "parties")
        parties.pop(None, None)
        self.party_home = parties.most_common(1)[0][0] if parties else None
        if self.outlet_home is None and self.party_home and self.top_state in (
                None, self.party_home):
            self.outlet_home = self.party_home
            self.international = False
        self.home = self.outlet_home or self.dateline or self.top_state  # see _settle_home
        self.people: dict[str, tuple[str, int]] = {}  # name/surname -> (label, strength)
        self.home_people: set[str] = set()  # people placed in the home state by default
        self.texts = texts
        self.masked = masked
        self.analyst_words = _analyst_words(actors)
        self._acronyms = None  # the article's acronyms, read when first needed
        self._orgs = None  # organisations named by a proper name (statement, head, label)
        self._bodies = None  # courts, councils ... named by a proper name (statement, head, name)
        self._eu = None

    def _dateline(self, texts):
        if not texts:
            return None
        m = _DATELINE_WIRE.match(texts[0]) or _DATELINE_DASH.match(texts[0])
        if not m:
            return None
        # "GEORGETOWN, March 10 (Wire) -", "KABUL, Tuesday (AFP) -": the city without its date
        city = _DATELINE_DATE.sub("", m.group(1))
        if city.isupper():
            city = " ".join(w.capitalize() for w in city.split())
        hits = self.actors.find(city, self.date)
        states = [h[2] for h in hits if h[3] == "states"]
        return states[-1] if states else None

    def register(self, name: str, label: str, strength: int) -> None:
        parts = name.split()
        keys = {name}
        if len(parts) > 1:
            keys.add(parts[-1])
            bare = re.sub(r"^(?:al|el|ad|as|ash|at|ar|an)-", "", parts[-1])
            keys.add(bare[:1].upper() + bare[1:])
        for k in keys:
            old = self.people.get(k)
            if old is None or strength > old[1]:
                self.people[k] = (label, strength)
        # family name first ("Zhao Lijian" -> "Zhao"): a weak key, never overriding a
        # stronger one
        if len(parts) == 2:
            old = self.people.get(parts[0])
            if old is None or (old[1] < 0 and strength > 0):
                self.people[parts[0]] = (label, -1)

    def org_for_head(self, head: str, i: int, member: str | None = None) -> str | None:
        """The organisation a definite "the union" / "the association" refers to: the last
        organisation named, up to statement ``i``, with a proper name headed by ``head``
        ("the Kenya Nurses Union (KNU)", "the Irish Farmers' Association"), or whose name
        holds ``member`` ("the students' body": "the National Union of Students")."""
        if self._orgs is None:
            self._orgs = []
            for k, m, words in _proper_names(self.texts, _ORG_PROPER):
                if len(words) < 2 and not m.group(2):
                    continue  # "Union", "Council": not a proper name
                hd = words[-1].lower()
                name, acr = " ".join(words) + m.group(2), m.group(3)
                known = self.actors.label_for(name, self.date)
                label = known[0] if known else (acr or self.acronym_for(name)
                                                or _org_label(name))
                self._orgs.append((k, hd, label, name.lower().split()))
        hit = None
        for k, hd, label, words in self._orgs:
            if k > i:
                break
            if hd == head or (member and member in words):
                hit = label
        return hit

    def body_for_head(self, head: str, i: int) -> str | None:
        """The body a common noun refers to ("a spokesperson for the court"): the last one
        named, up to statement ``i``, with a proper name headed by ``head`` ("the Bucharest
        Court of Appeal"), under its actor label if the dictionary knows it."""
        if self._bodies is None:
            self._bodies = [(k, m.group(2).lower(), " ".join(words))
                            for k, m, words in _proper_names(self.texts, _BODY_PROPER)
                            if len(words) > 1]  # "Court" alone is no proper name
        hit = None
        for k, hd, name in self._bodies:
            if k > i:
                break
            if hd == head:
                known = self.actors.label_for(name, self.date)
                hit = known[0] if known else name
        return hit

    def eu_commission(self) -> bool:
        """Whether "the commission" is the European Commission: the article names the EU
        and no other commission."""
        if self._eu is None:
            self._eu = any(m[2] == "European Union" for ms in self.mentions for m in ms) \
                and not any(_OTHER_COMMISSION.search(t) for t in self.texts)
        return self._eu

    def acronym_for(self, name: str) -> str | None:
        """The acronym the article uses for the proper name ``name``, if any."""
        if self._acronyms is None:
            self._acronyms = frozenset(a for t in self.texts for a in _ACRONYM_WORD.findall(t))
        ini = _initials(name)
        return ini if len(ini) > 1 and ini in self._acronyms else None

    def person_label(self, name: str) -> str | None:
        hit = self.people.get(name) or self.people.get(name.split()[-1])
        return hit[0] if hit else None


# ---------------------------------------------------------------------------- resolving
def _prev_word(text: str, pos: int) -> str:
    seg = text[max(0, pos - 40):pos].rstrip(" \t,.;:!?\"'“”’()[]")
    if not seg:
        return ""
    parts = seg.rsplit(None, 1)
    return parts[-1].lstrip("\"'“”‘’([")


_ALPHA_RUN = re.compile(r"[A-Za-z]+")
_LOC_PREP_RE = re.compile(r"(?<![A-Za-z])(?:" + "|".join(sorted(_LOC_PREPS, key=len, reverse=True))
                          + r")(?![A-Za-z])")
_X_BASED = re.compile(r"-(?:based|backed|born|linked|allied|made)")


_HYPHEN_PREFIX = re.compile(r"(?<![\w'’])[a-z]+$")


_PORTFOLIO_NEXT = re.compile(r"\s+(?:[Mm]inist(?:er|ers|ry|ries)|[Ss]ecretary|[Dd]epartment)\b")


def _unglued(mentions: list, text: str) -> list:
    """Mentions not glued to a lower-case prefix ("Hauts-de-France", "pro-Russia"), and no
    party named by a ministry's portfolio ("Labour Minister X", "the Labour ministry")."""
    if any(m[3] == "parties" for m in mentions):
        mentions = [m for m in mentions
                    if not (m[3] == "parties" and _PORTFOLIO_NEXT.match(text, m[1]))]
    if "-" not in text:
        return mentions
    return [m for m in mentions if not (m[0] > 1 and text[m[0] - 1] == "-"
                                        and _HYPHEN_PREFIX.search(text, 0, m[0] - 1))]


def _usable_mentions(np_text: str, offset: int, mentions) -> list:
    """Actor mentions inside a phrase that name its owner (not a place it is in or near).

    Mentions after the first locative preposition ("guards outside the Taliban's office",
    "envoy to the UN") and "X-based"/"X-led …" modifiers of another noun are left out.
    """
    out = []
    end = offset + len(np_text)
    inside = [mm for mm in mentions if mm[0] >= offset and mm[1] <= end]
    if not inside:
        return out
    loc = None
    wm = _LOC_PREP_RE.search(np_text)  # the first [A-Za-z]+ run that is a preposition
    if wm:
        loc = wm.start()
    for (s, e, label, kind) in inside:
        ls, le = s - offset, e - offset
        if loc is not None and ls > loc:
            continue
        if np_text[le:le + 1] == "-" and _X_BASED.match(np_text, le):
            continue
        if ls > 1 and np_text[ls - 1] == "-" and _HYPHEN_PREFIX.search(np_text, 0, ls - 1):
            continue  # "Hauts-de-France" is a region's name, "pro-Russia" not Russia
        if kind == "states" and np_text[ls:le] != label and _org_name_follows(np_text, le):
            continue  # "the Syrian Observatory for Human Rights" is not Syria
        out.append((ls, le, label, kind))
    return out


_NEXT_WORD = re.compile(r"\s+([A-Z][\w'’-]*)")


def _org_name_follows(text: str, pos: int) -> bool:
    """A demonym opening an organisation's proper name (not a title, role or person)."""
    m = _NEXT_WORD.match(text, pos)
    if not m:
        return False
    w = re.sub(r"['’]s$", "", m.group(1))
    if w in _TITLE_WORDS or w.lower() in speech_lexicon().roles or w in _STOP_CAPS:
        return False
    # a person's name follows a demonym only after a title, so two capitalised words
    # that are not titles name an organisation: "Syrian Observatory", "Iranian Red Crescent"
    return w.lower() in _ORG_WORDS


_ORG_WORDS = frozenset(["observatory", "red", "crescent", "airlines", "airways", "bank",
                        "institute", "foundation", "society", "association", "union",
                        "federation", "league", "front", "movement", "brotherhood", "network",
                        "centre", "center", "university", "academy", "news", "times",
                        "broadcasting", "television", "radio", "herald", "post", "tribune",
                        "corporation", "company", "petroleum", "oil", "railways", "olympic",
                        "football", "chamber", "council", "watch", "human"])


def _np_ok(text: str, lex: _Lexicon) -> bool:
    """A plausible subject phrase: short, no finite verb, not a prepositional phrase."""
    words = text.split()
    if not words or len(words) > 14:
        return False
    if words[0].lower() in _NP_BAD_OPENERS:
        return False
    # fast accept: no word (stripped of , and .) is a finite verb or an -ing/-ed verb form
    # (the pieces of the lower-cased text split at white space, commas and full stops
    # include every such stripped word)
    pieces = text.lower().replace(",", " ").replace(".", " ").split()
    if _FINITE.isdisjoint(pieces) and _ing_ed_forms(lex).isdisjoint(pieces):
        return True
    for w in words:
        wl = w.strip(",.").lower()
        if wl in _FINITE:
            return False
        if w.islower() and wl.endswith(("ing", "ed")) and wl in lex.form_lemma:
            return False
    return True


def _ing_ed_forms(lex: _Lexicon) -> frozenset:
    """The verb forms of a lexicon ending in -ing or -ed."""
    key = ("ing_ed", id(lex))
    hit = _SETS_CACHE.get(key)
    if hit is None or hit[0] is not lex:
        hit = _SETS_CACHE[key] = (lex, frozenset(f for f in lex.form_lemma
                                                 if f.endswith(("ing", "ed"))))
    return hit[1]


_HEAD_CUT = re.compile(r"\s(?:of|for|from|at|in|to|on|with|outside|near|who|which|that|familiar|"
                       r"close|loyal|involved|briefed|speaking|based|aware)\s|,")
_DASH_END = re.compile(r"(?:\s--|\s[–—])$")


def _head_word(text: str) -> str:
    cut = _HEAD_CUT.split(text, 1)[0]
    words = cut.split()
    return words[-1] if words else ""


_NON_STATE_HEADS = frozenset(["rebels", "opposition", "insurgents", "militants", "protesters",
                              "protestors", "activists", "dissidents", "exiles", "refugees",
                              "civilians", "people", "citizens", "residents", "villagers",
                              "fighters", "separatists", "students", "voters", "media",
                              "press", "newspapers", "businessmen", "families", "victims",
                              # companies and trades of a country are not its state
                              "companies", "firms", "businesses", "makers", "manufacturers",
                              "producers", "exporters", "importers", "farmers", "traders",
                              "investors", "executives", "employers", "retailers", "airlines",
                              "banks", "lenders", "insurers", "developers", "miners",
                              "fishermen", "carmakers", "automakers", "chipmakers", "growers",
                              "workers", "unions", "industry", "union", "federations",
                              "associations", "cooperatives", "co-operatives", "doctors",
                              "nurses", "teachers", "pensioners", "groups",
                              # "Ireland's largest farm lobby", "Chile's mining federation"
                              "lobby", "lobbies", "association", "federation",
                              "confederation", "syndicate", "guild"])
_COMMON_OPENERS = frozenset(["some", "many", "most", "several", "local", "aid", "human", "other",
                             "two", "three", "four", "five", "few", "all", "both",
                             # common modifiers of groups ("Business leaders said"): at the
                             # start of a sentence they are capitalised, not proper names
                             "business", "industry", "hospital", "health", "medical", "farm",
                             "trade", "student", "youth", "church", "community", "civil",
                             "rights", "consumer", "transport", "rail", "port", "opposition",
                             "rebel", "religious", "environmental", "climate", "coastal",
                             "rural", "hardline", "moderate", "junior", "public", "private",
                             "independent", "international", "regional", "national",
                             "humanitarian", "legal", "defence", "defense", "security",
                             "military", "union", "labor", "employer", "civilian", "grassroots",
                             "pro-democracy", "anti-government", "western", "foreign"])
_BOTH_PARTIES = re.compile(r"\b(?:from|of|on)\s+(?:both|the two|the(?:\s+\w+)?)\s+(?:countries|"
                           r"sides|nations|governments|neighbou?rs|delegations|parties)$")
_JOINT_DOCS = frozenset(["agreement", "memorandum", "accord", "accords", "deal", "declaration",
                         "communique", "communiqué", "treaty", "pact", "roadmap"])
#: roles that speak for a state: bare, they take the nationality in context
_LOCATED_ROLES = frozenset(["officials", "official", "authorities", "government", "sources",
                            "leaders", "police", "military", "forces", "ministers", "minister",
                            "president", "ambassador", "envoy", "ministry", "diplomats",
                            "premier", "army", "administration", "cabinet"])


_WORDS_Q = re.compile(r"[\w'’-]+")
_WORDS_H = re.compile(r"[\w-]+")
_JOINT_NP = re.compile(r"^(?:both|the|these|all)\s+(?:(?:two|three|four|five)\s+)?(?:\w+\s+)?"
                       r"(\w+)$")
_PAREN_GROUP = re.compile(r"\s*\([^()]*\)")
_POSS_END = re.compile(r"['’]s?$")


def _resolve(np: _NP, art: _Article, stmt_idx: int, loose: bool = False,
             tag: bool = False) -> _Res:
    """Resolve a subject phrase to actor labels (or a carry-over marker)."""
    lex = art.lex
    text = np.text
    stripped = text.strip(" ,")
    if not stripped or not _np_ok(stripped, lex):
        return _Res()
    span = (np.start, np.end)
    low = stripped.lower()
    if low in _PRONOUNS_SG:
        return _Res(mode="carry", span=span)
    if low in _PRONOUNS_PL:
        return _Res(mode="carry_pl", span=span)
    if low in _PRONOUN_IT:
        return _Res(mode="carry_it", span=span)
    mentions = art.mentions[stmt_idx]
    # outlets relay, they never speak
    outlet = [m for m in mentions if m[3] == "outlets" and m[0] >= np.start and m[1] <= np.end]
    if outlet or lex.media_re.search(stripped, max(0, len(stripped) - 24)):  # end-anchored
        return _Res(labels=(outlet[0][2],) if outlet else (_as_found(stripped),),
                    mode="outlet", span=span)
    words = _WORDS_Q.findall(low)
    if not words:
        return _Res()
    # joint nouns: "both sides", "the two countries"
    jm = _JOINT_NP.match(low) if low.startswith(("both", "the", "these", "all")) else None
    if jm and jm.group(1) in lex.joint_nouns and (
            {"both", "two", "three", "four", "five"} & set(words)):
        return _Res(mode="joint", span=span)
    if len(words) <= 3 and words[-1] in ("governments", "nations", "neighbours", "neighbors",
                                         "sides") and words[0] in ("the", "successive", "both") \
            and not any(np.start <= m[0] and m[1] <= np.end for m in mentions):
        return _Res(mode="joint", span=span)  # "the two nations", not "the United Nations"
    if (" of " in low or " from " in low or " on " in low) and _BOTH_PARTIES.search(low) and (words[0] in lex.roles or words[0].rstrip("s") in lex.roles
                                      or words[0] in ("the", "senior", "top", "successive",
                                                      "previous")):
        return _Res(mode="joint", span=span)  # "officials from both countries"
    # an agreement or joint statement "says"/"calls for": its parties speak
    if len(words) <= 4 and (words[-1] in _JOINT_DOCS or words[-2:] == ["joint", "statement"]) \
            and not any(m[0] >= np.start and m[1] <= np.end for m in mentions):
        return _Res(mode="joint", span=span)
    # "the Garment Manufacturers and Exporters Association (GMEA)": one organisation
    named = _NAME_THEN_ACRONYM.match(stripped) if stripped.endswith(")") else None
    if named and "," not in stripped and _acronym_of(named.group(1), named.group(2)) and \
            not lex.institution_re.search(stripped) and not any(
                np.start <= m[0] and m[1] <= np.end and m[3] in ("states", "executives")
                for m in mentions) and not set(words) & _INSTITUTION_NOUNS:
        return _Res(labels=(named.group(2),), mode="actor", span=span)
    # coordination: "A and B", "A, B and C"
    parts = _split_coordination(text, mentions, np.start) if (
        "," in text or " and " in text or ";" in text) else ()
    if len(parts) > 1:
        labels = []
        for ps, pe in parts:
            sub = _resolve(_NP(text[ps:pe], np.start + ps, np.start + pe), art, stmt_idx)
            if sub.mode in ("actor", "person", "raw") and sub.labels:
                labels.extend(sub.labels)
            else:
                labels = []
                break
        if len(set(labels)) > 1:
            return _Res(labels=tuple(sorted(set(labels))), mode="actor", span=span)
    head = _head_word(_PAREN_GROUP.sub("", stripped) if "(" in stripped else stripped)
    head_l = _POSS_END.sub("", head.lower())
    # analysts: a phrase headed by a commentator noun
    pre_words = _WORDS_H.findall(_cut_loc(low).split(" of ")[0])
    if head_l in art.analyst_words or any(w in art.analyst_words for w in pre_words) or \
            (("ologist" in low or "scientist" in low)
             and any(w.endswith(_EXPERT_SUFFIXES) for w in pre_words)):
        return _Res(labels=("analysts",), mode="actor", span=span)
    usable = [u for u in _usable_mentions(text, np.start, mentions) if u[3] != "outlets"]
    if "(" in stripped or (usable and usable[0][3] in ("states", "parties")):
        org = _ORG_ACRONYM.match(stripped)
        if org:
            # "the Kenya Union of Nurses (KUN)", "the CGT union": the organisation, not the
            # country or party whose name it carries
            return _Res(labels=(org.group(1) or org.group(2),), mode="actor", span=span)
    if usable and usable[0][3] == "parties" and head_l in _ORG_HEADS and \
            not stripped.startswith(text[usable[0][0]:usable[0][1]] + "'"):
        # "Labour unions in France": unions, not the Labour party
        return _Res(mode="raw", labels=(_org_label(_cut_loc(stripped)),), span=span)
    if usable and head_l in _NON_STATE_HEADS and usable[0][3] in ("states", "executives") \
            and not (head[:1].isupper() and head_l in _ORG_HEADS):  # (proper names: below)
        # "Syrian rebels", "the Afghan opposition", "France's unions" (France also names its
        # executive in a French story): people of a country, not its state
        return _Res(mode="raw", labels=(_as_found(_cut_loc(stripped)),), span=span)
    if usable and head_l in _ORG_HEADS and head[:1].isupper() and all(
            u[3] == "states" and text[u[0]:u[1]] != u[2] and u[0] > text.find(head)
            for u in usable):
        # "the National Union of Zambian Teachers": a demonym inside an organisation's
        # proper name, after its head, names its members, not their state
        return _Res(mode="raw", labels=(_as_found(stripped),), span=span)
    if usable and head_l in _ORG_HEADS and head[:1].isupper() and all(
            u[3] == "states" and text[u[0]:u[1]] != u[2] for u in usable) \
            and _PROPER_BODY.match(stripped):
        # "the Irish Farmers' Association", "the Chilean Fishing Federation": a demonym in
        # an organisation's proper name names its members; the organisation speaks, under
        # the acronym the article uses for it ("the IFA") if it uses one
        name = _org_label(stripped)
        return _Res(mode="raw", labels=(art.acronym_for(name) or name,), span=span)
    if not usable and (grp := _PARTY_MEMBERS.match(stripped)):
        # "The Socialists", "the Liberals": a party named by its members
        return _Res(mode="raw", labels=(grp.group(1),), span=span)
    if not usable and (acr := _BARE_ACRONYM.match(stripped)) and \
            acr.group(1) not in _TITLE_WORDS and acr.group(1) not in _ROLE_ACRONYMS:
        # "The IFA said", "SNCF said": an organisation named by its acronym alone
        return _Res(labels=(acr.group(1),), mode="actor", span=span)
    if not usable and head[:1].isupper() and _appos_is_analyst(art, stmt_idx, np.end):
        # "The Climate Council, an independent research group, said": what it is
        return _Res(labels=("analysts",), mode="actor", span=span)
    if not usable and _OPPOSITION_NP.match(low):
        # "the leader of the opposition", "the opposition leader": the main opposition party
        state = art.party_home or art.outlet_home
        party = art.actors.opposition_party(state, art.date) if state else None
        if party:
            return _Res(labels=(party,), mode="actor", span=span)
    if not usable and art.home and head_l in _GOVERNMENT_HEADS and _LEADER_GOV.match(stripped):
        # "the Albanese government": a government named after its leader is the home state's
        return _Res(labels=(art.home,), mode="actor", span=span, home=True)
    if not usable and head_l in _LOCATED_ROLES and head_l not in ("diplomats", "diplomat"):
        # ("diplomats in Kinshasa" are foreign diplomats posted there: commentators, below)
        # "officials in Islamabad": the state whose officials they are
        for (ms, me, label, kind) in mentions:
            if np.start <= ms and me <= np.end and kind in ("states", "executives") and \
                    text[max(0, ms - np.start - 4):ms - np.start].endswith(" in "):
                usable = [(ms - np.start, me - np.start, label, kind)]
                break
    if usable:
        first = usable[0]
        alias = text[first[0]:first[1]]
        before = text[:first[0]].strip().lower().split()
        ends_np = re.sub(r"^\s*\([^()]*\)", "", text[first[1]:]).strip() in ("", "'s", "’s")
        if ends_np and before and before[-1] in ("the", "a") and len(alias.split()) == 1 \
                and first[3] in ("states", "parties") and alias not in _THE_OK \
                and not alias.isupper() and not (  # "the UK", "the US", "the DRC": names
                    first[3] == "parties" and (alias == first[2] or alias.endswith("s"))):
            return _Res()  # "the Geneva talks", "the Kenyan" – a modifier, not a subject
        head_ok = (loose or ends_np or head_l in lex.roles or head_l in lex.human_nouns
                   or head_l.rstrip("s") in lex.roles or head[:1].isupper()
                   or head_l in art.analyst_words)
        if head_ok:
            if first[3] == "parties" and alias[:1].isupper():
                st = art.actors.party_state(first[2])
                if st and st not in art.state_counts and st not in (art.home, art.party_home):
                    # "the Greens" in a German story are not Britain's Green Party: a party
                    # of a state the article is not about is labelled as written
                    return _Res(labels=(alias,), mode="actor", span=span)
            return _Res(labels=(first[2],), mode="actor", span=span)
    if not usable:
        acr = _ACRONYM_NP.match(stripped)
        if acr:
            # an organisation named by its acronym: "the regional bloc IGAD", "the union
            # CGT", "the Intergovernmental Authority on Development (IGAD)"
            return _Res(labels=(acr.group(1) or acr.group(2),), mode="actor", span=span)
        org = _ORG_ACRONYM.match(stripped) or _DESCRIBED_ORG.match(stripped)
        if org:
            return _Res(labels=(next(g for g in org.groups() if g),), mode="actor", span=span)
        org = _ACRONYM_ROLE.match(stripped)
        if org and (_head_word(org.group(2).lower()) in lex.roles
                    or org.group(2).lower().split()[-1] in lex.roles):
            # "KMPDU secretary general Davji Atellah", "the CFDT's leader": the organisation
            return _Res(labels=(org.group(1),), mode="actor", span=span)
    if not usable and (nrp := _NAME_ROLE_PERSON.match(stripped)) and \
            nrp.group(2).strip() in _ORG_ROLE_HEADS and \
            nrp.group(1).strip().lower() in _ORG_HEADS and \
            (org := _org_for_role(art, nrp.group(1).strip().lower(), stmt_idx)):
        # "Union president Denise Morrow": the union the article has named
        return _Res(labels=(org,), mode="actor", span=span,
                    named=stripped[nrp.end(2):].strip() or None)
    if not usable and (nrp := _NAME_ROLE_PERSON.match(stripped)) and \
            nrp.group(2).strip() in _ORG_ROLE_HEADS and not any(
                w in _TITLE_WORDS or w in _STOP_CAPS or w.lower() in _NON_STATE_HEADS
                or w.lower() in _ORG_HEADS or w.lower() in _common_openers(lex)
                for w in nrp.group(1).split()):
        # "Chadema secretary-general Emmanuel Lyimo", "Likud spokesman Jane Roe": the
        # organisation named before the role speaks, not the person as found (who speaks
        # for it again later: "Lyimo said")
        return _Res(labels=(nrp.group(1).strip(),), mode="actor", span=span,
                    named=stripped[nrp.end(2):].strip() or None)
    if not usable and len(words) > 2 and words[0] in ("a", "an", "one") and \
            words[1] in ("former", "retired") and (head_l in lex.roles or head_l in (
                "general", "diplomat", "official")) and not _names(text):
        # "a retired general", "a former foreign secretary": an anonymous former office
        # holder quoted for comment speaks as a commentator, not for a state
        return _Res(labels=("analysts",), mode="actor", span=span)
    if not usable and "commission" in words and "commissioner" not in words and \
            art.eu_commission():
        # "a commission spokesperson", "the commission said" in a story about the EU
        return _Res(labels=("European Union",), mode="actor", span=span)
    for name in _names(text):
        lab = art.person_label(name)
        if lab:
            return _Res(labels=(lab,), mode="person", span=span, person=name,
                        home=name in art.home_people or name.split()[-1] in art.home_people)
    # country-less institutions: the article's home state
    im = lex.institution_re.search(stripped) if art.home else None
    if im and im.group(1) in lex.institutions_cap:
        return _Res(labels=(art.home,), mode="actor", span=span, home=True)
    names = [n for n in _names(text) if (len(n.split()) > 1 or tag
                                          or _title_before(text, text.find(n)))
             and n.split()[-1].lower() not in lex.roles
             and n.split()[-1].lower() not in lex.human_nouns]
    if names and head[:1].isupper():
        return _Res(mode="raw", labels=(names[0],), span=span, person=names[0])
    # bare role nouns continue the speaker in context; other people-nouns are output as found
    if head_l in lex.roles or head_l.rstrip("s") in lex.roles:
        if words[0] in ("a", "an") and stmt_idx > 0:
            inst = [w for w in words[1:-1] if w in _INSTITUTION_NOUNS]
            if inst and re.search(r"(?<![\w-])" + inst[0] + r"(?![\w-])",
                                  art.masked[stmt_idx - 1].lower()):
                # "A ministry spokesperson" right after "X's foreign ministry said …"
                return _Res(mode="carry_role", labels=(_org_label(_cut_loc(stripped)),),
                            span=span)
        proper_body = head_l in _ORG_HEADS and _PROPER_BODY.match(stripped) is not None
        if not proper_body and all(
                w in lex.role_modifiers or w in lex.roles or w.rstrip("s") in lex.roles
                or re.sub(r"['’]s$", "", w) in lex.roles for w in words):
            return _Res(mode="carry_role", labels=(_org_label(_cut_loc(stripped)),), span=span)
        body = _ROLE_FOR_BODY.search(_cut_loc(low))
        if body and (named := art.body_for_head(body.group(1), stmt_idx)):
            # "a spokesperson for the court": the court the article has named
            return _Res(labels=(named,), mode="actor", span=span)
        if head_l in ("diplomat", "diplomats"):
            # "a Western diplomat", "a Geneva-based diplomat": no state named, a commentator
            return _Res(labels=("analysts",), mode="actor", span=span)
        return _Res(mode="raw", labels=(_org_label(_cut_loc(stripped)),), span=span)
    if head_l in lex.human_nouns:
        return _Res(mode="raw", labels=(_org_label(_cut_loc(stripped)),), span=span)
    return _Res()


#: expert nouns by their ending: "hydrologists", "a sociologist", "climate scientists"
_EXPERT_SUFFIXES = ("ologist", "ologists", "scientist", "scientists")
_GOVERNMENT_HEADS = frozenset(["government", "administration", "cabinet"])
#: possessive pronouns opening a role phrase: the role of the actor just named
_POSS_PRONOUNS = frozenset(["their", "its"])
_ORG_HEADS = frozenset(["union", "unions", "federation", "federations", "association",
                        "associations", "confederation", "council", "committee", "group",
                        "groups", "bloc", "alliance", "coalition", "movement", "organisation",
                        "organization", "organisations", "organizations", "syndicate",
                        "cooperative", "cooperatives", "chamber", "centre", "center",
                        "network", "front", "lobby", "body", "agency", "institute",
                        "foundation", "society", "league", "guild", "party"])
_ORG_WORDS_RX = "|".join(sorted(_ORG_HEADS, key=len, reverse=True))
#: an organisation named with its acronym: "X Union of Y (ABC)"; "the ABC union"
_ORG_ACRONYM = re.compile(
    r"^(?:[Tt]he\s+)?(?:[A-Z][\w'’-]*\s+)*(?:" + _ORG_WORDS_RX.replace("|", "|") + r"|"
    + "|".join(w.capitalize() for w in sorted(_ORG_HEADS, key=len, reverse=True))
    + r")\b(?:\s+(?:of|for|on|and|the|[A-Z][\w'’,-]*))*\s+\(([A-Z][A-Za-z0-9&-]{1,9})\)$"
    r"|^(?:[Tt]he\s+)?([A-Z][A-Z0-9&-]{1,7})\s+(?:" + _ORG_WORDS_RX + r")$")
#: "the employers' federation Medef", "the rebel group M23": the name after the descriptor
_DESCRIBED_ORG = re.compile(
    r"^[Tt]he\s+(?:[a-z][\w'’-]*\s+){0,3}(?:" + _ORG_WORDS_RX + r")\s+"
    r"((?:[A-Z][\w&'’-]*)(?:\s+[A-Z][\w&'’-]*){0,3})$")


#: a body named by a proper name ("The Council of Governors"), not a role ("the council")
_PROPER_BODY = re.compile(r"^(?:[Tt]he\s+)?(?:[A-Z][\w'’-]*\s+)*[A-Z][\w'’-]*"
                          r"(?:\s+(?:of|for|on)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?$")


def _proper_names(texts, rx):
    """(statement index, match, words) for each match of ``rx`` in ``texts``; ``words`` are
    group 1's words without the capitalised function words opening it ("In Union Square",
    "The Bucharest Court", "But Federation ...")."""
    for k, t in enumerate(texts):
        for m in rx.finditer(t):
            words = m.group(1).split()
            while words and words[0].rstrip(",") in _STOP_CAPS:
                words = words[1:]
            yield k, m, words


#: labour bodies one another's common noun may stand for ("Union president X" of a federation)
_LABOUR_HEADS = ("union", "federation", "association", "confederation")


def _org_for_role(art, head: str, i: int) -> str | None:
    """The organisation "Union president X" speaks for: the last named with ``head``, or for
    a labour body, with any labour head (a teachers' federation is "the union")."""
    org = art.org_for_head(head, i)
    if org is None and head in _LABOUR_HEADS:
        for other in _LABOUR_HEADS:
            if other != head and (org := art.org_for_head(other, i)):
                break
    return org


#: bodies a spokesperson may speak for, named by a common noun ("for the court")
_BODY_HEADS = ("court", "tribunal", "council", "committee", "commission", "authority",
               "agency", "ombudsman")
#: such a body's proper name: "the Bucharest Court of Appeal", "the Electoral Commission"
_BODY_PROPER = re.compile(
    r"(?<![\w'’-])((?:[A-Z][\w'’-]*\s+){1,5}("
    + "|".join(w.capitalize() for w in _BODY_HEADS)
    + r")(?:\s+(?:of|for|on)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})?)(?![\w-])")
#: "a spokesperson for the court", "an official of the commission": the body named
_ROLE_FOR_BODY = re.compile(r"\b(?:for|of|at)\s+the\s+(" + "|".join(_BODY_HEADS) + r")$")

#: an organisation's proper name ending in its head noun, with its acronym if given
_ORG_PROPER = re.compile(
    r"(?<![\w'’-])(?!The\s)((?:[A-Z][\w'’-]*,?\s+(?:(?:of|for|and|the)\s+)*){0,7}(?:"
    + "|".join(w.capitalize() for w in sorted(_ORG_HEADS, key=len, reverse=True))
    + r"))(?![\w-])((?:\s+(?:of|for)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?)"
    r"(?:\s+\(([A-Z][A-Za-z0-9&-]{1,9})\))?")
_OTHER_COMMISSION = re.compile(
    r"\b(?!European\s|EU\s|(?:A|An|The|This|That|Its|Every)\s)[A-Z][\w'’-]*\s+Commission\b")
_PARTY_MEMBERS = re.compile(r"^[Tt]he\s+((?:[A-Z][a-z]+\s+)?[A-Z][a-z]+(?:ists|als|ats|ives|ans))$")
#: abbreviations of roles, not organisations ("The PM said")
_ROLE_ACRONYMS = frozenset(["PM", "MP", "MPs", "MEP", "MEPs", "CEO", "CFO", "COO", "AG", "DA",
                            "FM", "DPM", "VP", "GM", "MD", "PR", "I", "A", "OK"])
_BARE_ACRONYM = re.compile(r"^(?:[Tt]he\s+)?([A-Z][A-Z0-9&]{1,7})$")
_ACRONYM_WORD = re.compile(r"(?<![\w-])[A-Z][A-Z&]{1,7}(?![\w-])")
_INITIAL_SKIP = frozenset(["of", "for", "the", "and", "on", "in", "&"])


def _initials(name: str) -> str:
    """'Irish Farmers' Association' -> 'IFA' (the, of, and, ... skipped)."""
    return "".join(w[0] for w in name.replace("-", " ").split()
                   if w.lower() not in _INITIAL_SKIP and w[:1].isupper())


_ACRONYM_ROLE = re.compile(r"^(?:[Tt]he\s+|[Aa]n?\s+)?([A-Z][A-Z0-9&]{1,8})(?:['’]s)?\s+((?:[a-z][\w-]*\s*){1,3})"
                           r"(?:,?\s*(?:[A-Z][\w'’.-]*\s*){1,3},?)?$")


def _org_label(phrase: str) -> str:
    """An as-found label; a proper name loses its article ('The Council of Governors' ->
    'Council of Governors'), a common noun phrase keeps it ("the doctors' union")."""
    words = phrase.strip(" ,").split()
    if len(words) > 1 and words[0] in ("The", "the") and words[1][:1].isupper():
        return " ".join(words[1:])
    if len(words) > 1 and words[0].lower() in ("their", "its", "his", "her"):
        phrase = " ".join(words[1:])  # "their union" -> "union"
    return _as_found(phrase)


#: a proper name closed by its acronym, after a descriptor: "the main opposition People
#: Power Party (PPP)", "Rights group Ain o Salish Kendra (ASK)", "the Federation of Traders
#: and Carriers (FTC)": the organisation, by its acronym
_NAME_THEN_ACRONYM = re.compile(
    r"^(?:(?:[Tt]he|[Aa]n?)\s+|[A-Z][a-z]+\s+(?=[a-z]))?(?:[a-z][\w'’-]*\s+){0,3}"
    r"((?:[A-Z][\w'’-]*)(?:\s+(?:[A-Z][\w'’-]*|of|for|on|and|the|[a-z]{1,3}))*)"
    r"\s+\(([A-Z][A-Z0-9&]{1,7})\)$")
#: roles that speak for an organisation named before them ("Chadema secretary-general X")
_ORG_ROLE_HEADS = frozenset(["spokesman", "spokeswoman", "spokesperson", "leader", "co-leader",
                             "secretary-general", "general secretary", "chairman",
                             "chairwoman", "chairperson", "chair", "head", "director",
                             "president", "vice-president", "deputy leader"])
#: "Chadema secretary-general Emmanuel Lyimo": a proper name, a role, a person's name
_NAME_ROLE_PERSON = re.compile(
    r"^((?:[A-Z][\w'’-]*\s+){1,3}?)((?:[a-z][\w-]*\s+){1,2})"
    r"(?:[A-Z][\w'’.-]*\s+){0,2}[A-Z][\w'’.-]*$")


def _acronym_of(words: str, acronym: str) -> bool:
    """Whether an acronym can stand for a name: its first letter opens one of the name's
    capitalised words ("Democratic Party (PD)" yes, "Joint Chiefs (XYZ)" no)."""
    return any(w[:1] == acronym[0] for w in words.split() if w[:1].isupper())


_ACRONYM_NP = re.compile(r"^(?:(?:[Tt]he\s+(?:[a-z][\w-]*\s+){1,3}|(?!The\s)[A-Z][a-z][\w-]*\s+"
                         r"(?:[a-z][\w-]*\s+){0,2})([A-Z][A-Z0-9&]{1,7})|"
                         r"(?:[Tt]he\s+)?[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|on|and|the))*"
                         r"\s+\(([A-Z][A-Z0-9&]{1,7})\))$")
#: institutions whose spokesperson continues the institution just named ("a ministry official")
_INSTITUTION_NOUNS = frozenset(["ministry", "department", "embassy", "army", "military",
                                "government", "presidency", "commission", "agency", "mission",
                                "police", "navy", "delegation", "cabinet", "council"])
_OPPOSITION_NP = re.compile(r"(?:the\s+)?(?:opposition\s+leader|leader\s+of\s+the\s+opposition)$")
_LEADER_GOV = re.compile(r"^(?:[Tt]he\s+)?[A-Z][\w'’-]+\s+(?:government|administration|cabinet)$")
_REL_OPEN = re.compile(r"\s*(?:who|which|whose|whom)\b")


def _appos_is_analyst(art: _Article, idx: int, end: int) -> bool:
    """Whether an apposition after a subject says it is a think tank, institute, expert …"""
    text = art.masked[idx]
    if end >= len(text) or text[end] != ",":
        return False
    m = _APPOS_RE.match(text[end:end + 130])
    if m is None or _REL_OPEN.match(m.group(1)):
        return False
    words = re.findall(r"[\w-]+", m.group(1).lower())
    grams = set(words) | {a + " " + b for a, b in pairwise(words)}
    return not grams.isdisjoint(art.analyst_words)


_NP_BAD_OPENERS = _LOC_PREPS | {"of", "for", "from", "by", "to", "despite"}
_LOC_OR_REL = _LOC_PREPS | {"who", "which", "that"}


_SETS_CACHE: dict = {}


def _common_openers(lex: _Lexicon) -> frozenset:
    """Lower-case words that open a common-noun phrase (not a proper name), per lexicon."""
    key = ("openers", id(lex))
    hit = _SETS_CACHE.get(key)
    if hit is None or hit[0] is not lex:
        hit = _SETS_CACHE[key] = (lex, frozenset(_DETS | lex.roles | lex.human_nouns
                                                 | lex.role_modifiers | _COMMON_OPENERS))
    return hit[1]


def _people_nouns(lex: _Lexicon) -> frozenset:
    """Role and human nouns of a lexicon, as one set."""
    key = ("people", id(lex))
    hit = _SETS_CACHE.get(key)
    if hit is None or hit[0] is not lex:
        hit = _SETS_CACHE[key] = (lex, frozenset(lex.human_nouns | lex.roles))
    return hit[1]


def _cut_loc(phrase: str) -> str:
    words = phrase.split()
    for k, w in enumerate(words):
        if k and w in _LOC_OR_REL:
            return " ".join(words[:k])
    return phrase


_QUANTIFIERS = frozenset(["several", "some", "many", "most", "few", "numerous", "various",
                          "other", "two", "three", "four", "five", "dozens", "hundreds"])


def _as_found(phrase: str) -> str:
    words = phrase.strip(" ,").split()
    while len(words) > 2 and words[0].lower() in _QUANTIFIERS:
        words = words[1:]  # "Several American chip makers" -> "American chip makers"
    lex = speech_lexicon()
    if words and words[0].lower() not in _common_openers(lex) and not (
            len(words) > 1 and words[0].endswith("s'") and words[0][1:-2].islower()) and not (
            len(words) > 1 and len(words[0]) > 5 and words[0][1:].islower()
            and words[0].endswith(("ing", "ed")) and all(w[:1].islower() for w in words[1:])):
        # a proper adjective or name opens it: keep its case (not a sentence-initial
        # participle: "Fishing cooperatives", "Striking doctors", "Retired generals")
        return " ".join(words)
    if len(words) == 1 and words[0][:1].isupper() and words[0][1:].islower() and \
            words[0].lower() in _people_nouns(lex):
        return words[0].lower()
    if len(words) > 1 and words[0][:1].isupper() and all(not w[:1].isupper() for w in words[1:]):
        words[0] = words[0].lower()
    return " ".join(words)


_COORD = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*;\s*")


def _split_coordination(text: str, mentions, offset: int) -> list[tuple[int, int]]:
    inside = [(s - offset, e - offset) for s, e, _, _ in mentions]
    parts = []
    pos = 0
    for m in _COORD.finditer(text):
        if any(s < m.start() < e for s, e in inside):
            continue  # "Trinidad and Tobago"
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(text)))
    return [(s, e) for s, e in parts if text[s:e].strip()]


def _clean_name(words: list[str]) -> list[str]:
    for k, w in enumerate(words):
        if w.endswith(("'s", "’s")) and k < len(words) - 1:
            words = words[:k + 1]
            break
    while words and (words[0] in _STOP_CAPS or words[0].rstrip(".") in _TITLE_WORDS):
        words = words[1:]
    while words and words[-1].rstrip(",") in _GEN_SUFFIX:
        words = words[:-1]
    if words:
        words[-1] = _drop_name_suffix(words[-1])
    return [w for w in words if w]


def _drop_name_suffix(word: str) -> str:
    """``_NAME_SUFFIX.sub("", word)`` for a word without white space."""
    if word.endswith(("’s", "'s")):
        return word[:-2]
    if word.endswith(","):
        return word[:-1]
    return word


@lru_cache(maxsize=8192)
def _name_runs(text: str) -> tuple[tuple[int, str, str], ...]:
    """Capitalised runs in ``text``: (start, run, cleaned name or ""), scanned once per
    text for the people register, the speaker and the target."""
    out = []
    for m in _NAME_RE.finditer(text):
        run = m.group(0)
        if " " not in run and "\t" not in run:
            # one word (most runs): _clean_name inlined
            w = run
            if w in _STOP_CAPS or w.rstrip(".") in _TITLE_WORDS or w.rstrip(",") in _GEN_SUFFIX:
                w = ""
            elif w.endswith(("’s", "'s")):
                w = w[:-2]
            elif w.endswith(","):
                w = w[:-1]
            out.append((m.start(), run, "" if w in _TIME_WORDS else w))
            continue
        words = _clean_name(run.split())
        name = "" if not words or any(w in _TIME_WORDS for w in words) else " ".join(words)
        out.append((m.start(), run, name))
    return tuple(out)


@lru_cache(maxsize=8192)
def _names(text: str) -> tuple[str, ...]:
    """Person-like capitalised sequences in ``text`` (titles and stop words removed)."""
    return tuple(name for _, _, name in _name_runs(text) if name)


_LAST_TOKEN = re.compile(r"([\w.-]+)\s*$")


def _title_before(text: str, pos: int) -> bool:
    # the last run of [\w.-] before ``pos`` (within 40 characters, trailing spaces
    # allowed): ``_LAST_TOKEN.search`` without trying every position of the window
    w = text[max(0, pos - 40):max(0, pos)].rstrip()
    k = len(w)
    while k and (w[k - 1].isalnum() or w[k - 1] in "_.-"):
        k -= 1
    return k < len(w) and w[k:].rstrip(".") in _TITLE_WORDS


# ---------------------------------------------------------------------------- people
_PREFIX_OK = frozenset(["of", "to", "the", "for", "at", "her", "his", "their", "its", "our", "new", "permanent", "political", "former", "then", "acting", "top", "senior", "chief", "deputy"])


_PREFIX_TOKEN = re.compile(r"[\w'’.&-]+")


def _np_prefix_start(text: str, pos: int, lex: _Lexicon,
                     extra: frozenset = frozenset()) -> int:
    """Start of the noun phrase that ends at ``pos`` (titles, roles, modifiers, names)."""
    start = pos
    base = max(0, pos - 120)
    toks = list(_PREFIX_TOKEN.finditer(text, base, pos))[-10:]
    for tm in reversed(toks):
        w = tm.group(0)
        gap = text[tm.end():start]
        if gap.strip():
            break  # punctuation between words ends the phrase
        wl = w.lower()
        if wl in ("and", "said", "says", "told", "met") or (wl in _LOC_PREPS and wl != "to"):
            break
        if not (w[:1].isupper() or wl in lex.roles or wl in lex.role_modifiers or wl in extra
                or wl in _PREFIX_OK or wl.endswith(("al", "ent", "ive", "ary", "ic", "ian"))
                or wl.rstrip("s") in lex.roles):
            break
        start = tm.start()
    return start


_HOME = "\0home"  # placeholder label: the article's home state, settled after registration


def _settle_home(art: _Article) -> None:
    """Decide the state that country-less titles and offices belong to.

    News style: a national outlet names its own country's officials without the country
    ("Foreign Secretary Jane Doe" in a British paper, "the Foreign Office" in a Pakistani
    one); an outlet writing for the world (flagged ``international`` in the actor file)
    marks them ("U.S. Defense Secretary …"). So country-less titles belong to a national
    outlet's state unless the article marks that state's people (twice or more); for an
    international outlet they belong to its state only when the article is about it
    (mentions it twice or more without marking its people), else to the state the
    article is most about.
    """
    outlet = art.outlet_home
    marked = sum(1 for name, (label, strength) in art.people.items()
                 if strength == 3 and label == outlet and " " in name)
    present = art.state_counts.get(outlet, 0) >= 2 if outlet else False
    weak = art.state_counts.most_common(1)[0][1] < 3 if art.top_state else True
    national = not art.international
    if outlet and (national or weak or (present and marked < 2)):
        home = outlet
    else:
        others = [s for s, _ in art.state_counts.most_common() if s != outlet]
        home = (others[0] if others and outlet else None) or art.dateline or art.top_state \
            or outlet
    art.home = home
    for key, (label, strength) in list(art.people.items()):
        if label == _HOME:
            if home:
                art.people[key] = (home, strength)
            else:
                del art.people[key]


_APPOS_RE = re.compile(r"^,\s*((?:[^,;.“\"]|(?<=[A-Z])\.){2,120})")
_OPPOSITION_LEADER = re.compile(r"\b(?:[Oo]pposition\s+[Ll]eader|[Ll]eader\s+of\s+the\s+"
                                r"[Oo]pposition)[\s,]*$")


def _register_people(art: _Article, idx: int) -> None:
    """Link the people introduced in statement ``idx`` to the actor they are introduced with."""
    text = art.masked[idx]
    mentions = art.mentions[idx]
    lex = art.lex
    for mstart, run, _ in _name_runs(text):
        raw_words = run.split()
        if len(raw_words) == 1 and (raw_words[0] in _STOP_CAPS or mstart == 0
                                    or not _title_before(text, mstart)):
            continue  # one capitalised word with no title before it names no one new
        lead = 0
        while lead < len(raw_words) and (
                raw_words[lead] in _STOP_CAPS or raw_words[lead].rstrip(".") in _TITLE_WORDS
                or art.actors.label_for(_drop_name_suffix(raw_words[lead]), art.date)):
            lead += 1
        # an office title of capitalised words ends in a title word: "Housing Secretary X"
        last_title = max((k for k, w in enumerate(raw_words[:-1])
                          if w.rstrip(".") in _OFFICE_HEADS), default=-1)
        if last_title >= lead:
            lead = last_title + 1
        words = _clean_name(raw_words[lead:])
        if not words or any(w in _TIME_WORDS for w in words):
            continue
        name = " ".join(words)
        known = art.actors.label_for(name, art.date)
        if known is not None and known[1] == "people" and len(words) > 1:
            # an office holder of the actor file ("Vladimir Putin"): later "Putin said"
            art.register(name, known[0], 4)  # known, not marked by the article
            continue
        if known or name.lower() in lex.roles:
            continue
        if any(art.actors.label_for(w, art.date) for w in words) or \
                words[0].lower() in _ORG_WORDS or words[-1].lower() in _ORG_WORDS:
            continue  # an actor's or an organisation's name, not a person's
        nstart = mstart + (len(" ".join(raw_words[:lead])) + 1 if lead else 0)
        nend = mstart + len(run)
        titles = [w.rstrip(".") for w in raw_words[:lead] if w.rstrip(".") in _TITLE_WORDS
                  or w.rstrip(".") in _OFFICE_HEADS]
        has_title = bool(titles) or _title_before(text, nstart)
        if len(words) == 1 and not has_title:
            continue
        pre_start = _np_prefix_start(text, nstart, lex, art.analyst_words)
        pre = text[pre_start:nstart]
        if not pre.strip() and text[:nstart].endswith(", "):
            # "Nepal's foreign secretary, Ram Thapa, …": the role phrase before the comma
            end = nstart - 2
            start = _np_prefix_start(text, end, lex, art.analyst_words)
            if start < end and lex.role_re.search(text[start:end]):
                pre_start, pre = start, text[start:end]
        label, strength = None, 0
        if pre.strip():
            low_words = re.findall(r"[\w-]+", pre.lower())
            us = [u for u in _usable_mentions(pre, pre_start, mentions) if u[3] != "outlets"]
            if any(w in art.analyst_words for w in low_words):
                label, strength = "analysts", 3
            elif us:
                label, strength = us[0][2], 3
            elif lex.institution_re.search(pre):
                label, strength = _HOME, 1
                art.home_people.add(name)
        if label is None or strength < 3:
            am = _APPOS_RE.match(text[nend:])
            if am and re.match(r"\s*(?:who|which|whose|whom)\b", am.group(1)):
                am = None  # a relative clause tells what they did, not whom they speak for
            if am and not (lex.role_re.search(am.group(1)) or re.match(
                    r"\s*(?:from|of|at)\s", am.group(1)) or any(
                    w in art.analyst_words for w in re.findall(r"[\w-]+", am.group(1).lower()))):
                am = None  # an apposition names a role ("X, Russia's spokeswoman,")
            if am:
                appos = am.group(1)
                astart = nend + am.start(1)
                alow = re.findall(r"[\w-]+", appos.lower())
                if any(w in art.analyst_words for w in alow):
                    label, strength = "analysts", 3
                else:
                    us = [u for u in _usable_mentions(appos, astart, mentions)
                          if u[3] != "outlets"]
                    om = _ORG_PROPER.search(appos) if us else None
                    in_org = bool(om and om.start() <= us[0][0] < om.end()
                                  and us[0][3] == "states")
                    if in_org:
                        us = []  # "head of the Chilean Mining Federation": the federation
                    if not us and not in_org:
                        # "head of public relations at the Ministry … in Kabul"
                        us = [mm for mm in mentions if astart <= mm[0] < astart + len(appos)
                              and mm[3] != "outlets"]
                    if us:
                        label, strength = us[0][2], 3
                    else:
                        org = _appos_org(art, appos, idx)
                        if org:
                            label, strength = org, 3
        if label is None and set(titles) & {"Rep", "Congressman", "Congresswoman"}:
            label, strength = "United States", 2
        if "shadow" in text[max(0, nstart - 40):nstart].lower().split()[-4:] or \
                "Shadow" in titles or _OPPOSITION_LEADER.search(text, max(0, nstart - 40),
                                                                 nstart):
            # the opposition's spokesperson for an office ("Shadow housing secretary X"),
            # or its leader ("Opposition leader X", "the leader of the opposition, X")
            state = art.party_home or art.outlet_home
            party = art.actors.opposition_party(state, art.date) if state else None
            if party:
                label, strength = party, 3
        if label is None and (set(titles) & _HEAD_TITLES or set(titles) & _OFFICE_HEADS
                              or _OFFICE_WORDS.intersection(pre.lower().split())):
            # an office without its country ("Prime Minister X", "the housing secretary,
            # X"): the article's home state (outlet, dateline, parties, most-named state)
            label, strength = _HOME, 1
            art.home_people.add(name)
        if label is not None:
            art.register(name, label, strength)


_THE_ORG_HEAD = re.compile(r"\b(?:the|its|their)\s+(" + _ORG_WORDS_RX + r")(?:['’]s\b|\b)")


def _appos_org(art: _Article, appos: str, idx: int) -> str | None:
    """The organisation an apposition places a person in: "chief executive of the Scottish
    Fishermen's Federation", "the association's president" (the association named
    before)."""
    m = _ORG_PROPER.search(appos)
    if m:
        words = [w for w in m.group(1).split() if w.rstrip(",") not in _STOP_CAPS]
        if len(words) > 1 or m.group(2):
            name = " ".join(words) + m.group(2)
            return m.group(3) or art.acronym_for(name) or name
    m = _THE_ORG_HEAD.search(appos)
    return art.org_for_head(m.group(1), idx) if m else None


# ---------------------------------------------------------------------------- clauses
@dataclass
class _Cand:
    cat: str          # tag|final|according|sv|passive|military
    np: _NP
    lemma: str
    vstart: int
    vend: int
    sub: bool = False
    res: _Res | None = None
    obj: _NP | None = None


_MULTI_AUX = re.compile(r"(?:,?\s*(?<![\w'’-])(?:in turn|for (?:its|their|his|her) part|in a (?:joint |separate |"
                        r"written |brief )?statement|at a (?:news|press) conference|at a "
                        r"briefing|on (?:Twitter|X|Facebook)|in an interview(?: with [A-Z][\w ]+)?"
                        r"|too|as well|so far|thus far|as yet|for now|once again|at the time|at the same time|"
                        r"in recent (?:days|weeks|months)|in the past|on (?:\w+ )?\w+day)\s*,?)$")


_MULTI_AUX_LAST = frozenset(["turn", "part", "statement", "conference", "briefing", "Twitter",
                             "X", "Facebook", "interview", "too", "well", "far", "yet", "now",
                             "again", "time", "days", "weeks", "months", "past"])
_LAST_WORD = re.compile(r"([\w'’.-]+)\s*$")
_WORD_CHARS_EXTRA = frozenset("'’.-_")


def _last_word_start(tail: str) -> int:
    """Start of the run of word characters (and ' ’ . -) that ends ``tail`` (trailing
    spaces allowed), -1 if ``tail`` ends otherwise: ``_LAST_WORD.search`` without
    scanning every position."""
    # matched at the start of the reversed text (\w is isalnum or _, \s is isspace)
    m = _REV_LAST_WORD.match(tail[::-1])
    return len(tail) - m.end() if m.end(1) > m.start(1) else -1


_PERFECT_END = re.compile(r"(?<![\w'’-])(?:has|have|had)\s+$")
_REV_LAST_WORD = re.compile(r"\s*([\w'’.-]*)")
_WORD_TO = re.compile(r"([\w'’-]+)\s+to\s*$")
_PAREN_ADV = re.compile(r",([^,]{1,40}),$")


def _strip_tail(left: str, lex: _Lexicon) -> str:
    """Remove auxiliaries, adverbs and time words between a subject and its verb."""
    while True:
        left = left.rstrip()
        off = max(0, len(left) - 80)
        tail = left[off:]
        lw = tail.rstrip(" ,").rsplit(None, 1)[-1] if tail.strip(" ,") else ""
        mm = _MULTI_AUX.search(tail) if (lw in _MULTI_AUX_LAST or lw.endswith("day")
                                         or "interview" in tail) else None
        if mm and mm.group(0).rstrip().endswith(",") and not mm.group(0).lstrip().startswith(","):
            mm = None  # the end of an apposition ("X, who arrived on Monday, said")
        if mm and off + mm.start() > 0:
            left = left[:off + mm.start()]
            continue
        k = _last_word_start(tail)
        if k < 0:
            break
        w = tail[k:].rstrip()
        wl = w.lower().rstrip(".")
        if (w in lex.aux or wl in lex.aux or (wl.endswith("ly") and w.islower() and len(w) > 4)
                or w in _TIME_WORDS or w.isdigit()):
            left = left[:off + k]
            continue
        if w == "long" and _PERFECT_END.search(tail, 0, k):
            left = left[:off + k]  # "X has long refused": an adverb after the auxiliary
            continue
        if wl == "to":
            m2 = _WORD_TO.search(tail)
            if m2 and _lemma_guess(m2.group(1).lower(), lex) in lex.catenatives:
                left = left[:off + m2.start()]
                continue
        # a parenthetical of adverbs between commas: "Okafor, meanwhile, has …"
        m3 = _PAREN_ADV.search(tail) if left.endswith(",") else None
        if m3 and all(
                t in lex.aux or t.lower() in lex.aux or (t.endswith("ly") and t.islower())
                or t in _TIME_WORDS for t in re.findall(r"[\w'’-]+", m3.group(1))):
            left = left[:off + m3.start()]
            continue
        break
    return left.rstrip()


@lru_cache(maxsize=8192)
def _lemma_guess_cached(w: str, cats: frozenset) -> str:
    cands = [w, w[:-1], w[:-2], w[:-3]]
    if w.endswith(("ied", "ies")):
        cands.append(w[:-3] + "y")
    if w.endswith("d"):
        cands.append(w[:-1])
    if w.endswith("ing"):
        cands.append(w[:-3] + "e")
    if w.endswith(("ned", "ped")):
        cands.append(w[:-3])
    for cand in cands:
        if cand in cats:
            return cand
    return w


def _lemma_guess(w: str, lex: _Lexicon) -> str:
    if w in lex.catenatives:
        return w
    return _lemma_guess_cached(w, lex.catenatives)


_PARENS = re.compile(r"\([^()]{1,40}\)")
_TOKEN = re.compile(r"\S+")
_SUBORD_WORDS = frozenset(_SUBORD.split("|")) | {"as", "once"}
_ABBREV_DOT = re.compile(r"(?:^|-)(?:[A-Z]\.)+$|^(?:Mr|Ms|Mrs|Dr|Jr|Sr|St|Lt|No|Gen|Col|Rep|Sen|Sgt|Adm|"
                         r"Maj|Capt|Gov|Prof|Rev|Brig|Cmdr)\.$")
_QUOTE_PAREN = frozenset('"“”«»()[]')


def _embedding_forms(lex: _Lexicon) -> frozenset:
    """Lower-case past forms of reporting verbs that open an embedded clause ("said"):
    the words ``w`` for which :func:`_last_boundary`'s verb test holds."""
    key = ("embedding", id(lex))
    hit = _SETS_CACHE.get(key)
    if hit is None or hit[0] is not lex:
        forms = set()
        for wl, lemma in lex.form_lemma.items():
            if lemma and wl.islower() and wl != lemma and not wl.endswith(("s", "ing")) \
                    and "reporting" in lex.categories.get(lemma, ()):
                forms.add(wl)
        # present "say(s)" too: "Somaliland officials say [Ethiopia has promised …]"
        forms |= {"say", "says"}
        # the earlier tests of _last_boundary come first
        forms -= _SUBORD_WORDS | {"but", "so"}
        hit = _SETS_CACHE[key] = (lex, frozenset(forms))
    return hit[1]


def _last_boundary(text: str, lex: _Lexicon) -> tuple[int, bool]:
    """End of the last clause boundary in ``text`` and whether it is a subordinator."""
    # the white-space tokens of ``text`` from the last (the \S+ runs, located by rfind:
    # the last occurrence of a token before the previous one's start is that token)
    embedding = _embedding_forms(lex)
    pos = len(text)
    for w in reversed(text.split()):
        start = text.rfind(w, 0, pos)
        pos = start
        end = start + len(w)
        if w.isalpha():  # a plain word: only the word tests below can apply
            if w in embedding:
                return end, True
            wl = w.lower()
            if wl in _SUBORD_WORDS or wl == "but" or wl == "so":
                return end, wl not in ("but", "so")
            continue
        last = w[-1]
        if not _QUOTE_PAREN.isdisjoint(w):
            k = max(w.rfind(ch) for ch in _QUOTE_PAREN)
            if k == len(w) - 1 or w[k] in '"“”«»':
                return start + k + 1, False
        if last in ",;:!?":
            return end, False
        if last == "." and not _ABBREV_DOT.search(w):
            return end, False
        if w in ("--", "-", "–", "—"):
            return end, False
        wl = w.lower()
        if wl in ("but", "so"):
            return end, False
        if wl in _SUBORD_WORDS:
            return end, True
        lemma = lex.form_lemma.get(wl)
        if lemma and w.islower() and wl != lemma and not wl.endswith(("s", "ing")) \
                and "reporting" in lex.categories.get(lemma, ()):
            return end, True  # "X said [the council rejected …]": an embedded clause
    return 0, False


#: a restrictive relative clause after a noun: "analysts who …", "groups that …"
_REL_SUBJECT = re.compile(r"(?<![\w'’-])([A-Za-z][\w'’-]*[a-z])\s+(?:who|that)$")
#: words that open a clause's own subject, not a relative clause's verb
_FINITE_SUBJ_OPENERS = frozenset(["he", "she", "they", "we", "it", "i", "you", "there"])


def _subject_before(m: str, vstart: int, lex: _Lexicon) -> tuple[_NP | None, bool]:
    """The subject phrase before a verb at ``vstart``; and whether it opens a subordinate."""
    left = _strip_tail(m[:vstart], lex)
    if not left.strip():
        return None, False
    lt = left[-12:]
    if lt.endswith(("but", "and")) and (len(lt) == 3 or lt[-4].isspace()) and not (
            lt.endswith("and") and lt[:-3].rstrip().endswith(",")):
        return _NP("", -1, -1), False  # a second verb of the clause subject
    if left == "to" or left.endswith(" to"):
        return None, False
    # appositions: "Iran's top negotiator, Saeed Jalili," / "Pakistan, which has …,"
    for _ in range(2):
        if left.endswith(","):
            inner = left[:-1]
            cut = max(inner.rfind(","), inner.rfind("("))
            while cut > 0 and inner[cut - 1:cut].isdigit() and inner[cut + 1:cut + 2].isdigit():
                # "which employs 12,000 people,": a thousands separator, not the opening comma
                cut = max(inner.rfind(",", 0, cut), inner.rfind("(", 0, cut))
            if cut < 0:
                return None, False
            left = inner[:cut].rstrip()
        elif left.endswith(("--", "–", "—")) and _DASH_END.search(left):
            inner = _DASH_END.sub("", left)
            cut = max(inner.rfind(" --"), inner.rfind(" –"), inner.rfind(" —"))
            if cut < 0:
                return None, False
            left = inner[:cut].rstrip()
    woff = max(0, len(left) - 130)
    left_b = _PARENS.sub(lambda x: " " * len(x.group(0)), left[woff:]) if "(" in left else \
        left[woff:]
    bend, sub = _last_boundary(left_b, lex)
    bstart = woff + bend
    np_text = left[bstart:]
    while np_text[:1] == " ":
        np_text = np_text[1:]
        bstart += 1
    lead = _LEAD_STRIP.match(np_text)
    if lead:
        bstart += lead.end()
        np_text = np_text[lead.end():]
    np_text_r = np_text.rstrip()
    if not np_text_r.strip() or _MASK in np_text_r:
        return None, sub
    if sub and bend >= 4:
        rs = max(0, bend - 48)
        rel = _REL_SUBJECT.search(left_b, rs, bend) if left_b[bend - 1] == "o" or \
            left_b[bend - 1] == "t" else None
        words = np_text_r.split()
        if rel and rel.end() == bend and words and words[0].islower() and \
                words[0] not in _DETS and words[0] not in _FINITE_SUBJ_OPENERS and \
                rel.group(1).lower() not in lex.form_lemma and len(words) <= 8:
            # "Several analysts who spoke to the paper said", "a coalition of groups that
            # has backed the suit accused": the subject is the noun the relative clause
            # describes, not the words inside the clause
            return _subject_before(m, woff + rel.end(1), lex)[0], False
    lstrip = len(np_text_r) - len(np_text_r.lstrip())
    return _NP(np_text_r.strip(), bstart + lstrip, bstart + len(np_text_r)), sub


_AFTER_RE = re.compile(
    r"\s+((?:[A-Z][\w'’.-]*|the|a|an|[a-z][\w-]*)"
    r"(?:\s+(?:[A-Z][\w'’.-]*|of|the|for|and|[a-z][\w-]*)){0,8}?)"
    r"(?=\s*(?:[,.;:!?]|$|\s(?:on|in|at|during|after|before|who|when|as|while|adding|noting|"
    r"referring|speaking|told|to|last|this|earlier|yesterday|today)\b))")


def _subject_after(m: str, vend: int) -> _NP | None:
    """The subject after an inverted verb: '"…," said Army Gen. Maria Lopez, the …'."""
    mm = _AFTER_RE.match(m[vend:])
    if not mm:
        return None
    s = vend + mm.start(1)
    return _NP(mm.group(1), s, s + len(mm.group(1)))


_TAG_TAIL = re.compile(r"^(?!\s+(?:to|that)\b)(?:\s+[\w'’.-]+){0,6}?\s*(?:,|[.!?…][\"”’]?\s*$|$)")
_NOUN_USE = re.compile(r"(?:\b(?:the|a|an|its|his|her|their|our|my|your|this|that|these|those|"
                       r"whose)|['’]s)\s+$")
_NOUN_USE_WORDS = frozenset(["the", "a", "an", "its", "his", "her", "their", "our", "my",
                             "your", "this", "that", "these", "those", "whose"])


def _noun_use(near: str) -> bool:
    """``_NOUN_USE.search(near)``: a determiner or possessive, then white space, ends it."""
    r = near.rstrip()
    if len(r) == len(near):
        return False
    if r.endswith(("'s", "’s")):
        return True
    k = len(r)
    while k and (r[k - 1].isalnum() or r[k - 1] == "_"):
        k -= 1
    return r[k:] in _NOUN_USE_WORDS


_WORD_RUN = re.compile(r"\w+")


_STRIP_CHARS = ".,;:!?\"'“”‘’()[]{}…"
_HOLD_EVENT = re.compile(r"(?<![\w-])(hold|holds|held|holding)\s+(?:[a-z0-9-]+\s+){0,6}?"
                         r"(?:talks|meetings?|discussions|consultations|negotiations|summits?)"
                         r"(?![\w-])")
_HOLD_FORMS = {"hold": "hold talks", "holds": "holds talks", "held": "held talks",
               "holding": "holding talks"}
#: a light verb with a speech noun is a speech act: "lodged a formal protest with X", "filed
#: a complaint", "delivered an ultimatum" (the noun's verb: protest, complain, ...)
_LODGE_EVENT = re.compile(r"(?<![\w-])(lodge|lodges|lodged|lodging|file|files|filed|filing|"
                          r"deliver|delivers|delivered|delivering)\s+(?:[a-z-]+\s+){0,3}?"
                          r"(protests?|complaints?|objections?|ultimatums?|démarches?|demarches?)"
                          r"(?![\w-])")
_LODGE_FORMS = {"lodge": "protest", "lodges": "protests", "lodged": "protested",
                "lodging": "protesting", "file": "protest", "files": "protests",
                "filed": "protested", "filing": "protesting", "deliver": "protest",
                "delivers": "protests", "delivered": "protested", "delivering": "protesting"}
#: (words that must occur, light verb + noun pattern, the lexicon form each verb stands for)
_LIGHT_VERB_EVENTS = ((("hold", "held"), _HOLD_EVENT, _HOLD_FORMS),
                      (("lodg", "file", "filing", "deliver"), _LODGE_EVENT, _LODGE_FORMS))


def _find_verbs(m: str, lex: _Lexicon) -> list[tuple[str, int, int]]:
    """Verb forms of the lexicon in ``m``: (form, start, end), longest match first."""
    out = []
    index = lex.verb_index
    compounds = lex.noun_compounds or {}
    n = len(m)
    consumed = 0
    # each token whose word opens a verb form (verb forms are lower case, so capitalised,
    # numeric and masked tokens never match)
    for tm in lex.verb_head_re.finditer(m):
        start = tm.start(1)
        if start < consumed or (start and m[start - 1] in "'’-"):
            continue
        for form in index[tm.group(1)]:
            end = start + len(form)
            if m.startswith(form, start) and (
                    end == n or not (m[end].isalnum() or m[end] in "_-")):
                if form in compounds and m.startswith(compounds[form], end):
                    break  # a noun: "a think tank", "the press conference"
                out.append((form, start, end))
                consumed = end
                break
    # a light verb with an event or speech noun is an act: "held two rounds of talks",
    # "holds regular meetings", "lodged a formal protest with" (whatever stands between them)
    for triggers, event_rx, forms in _LIGHT_VERB_EVENTS:
        if any(t in m for t in triggers):
            taken = [(s0, e0) for _, s0, e0 in out]
            for hm in event_rx.finditer(m):
                if not any(s0 <= hm.start() < e0 for s0, e0 in taken):
                    form = forms[hm.group(1)]
                    if form in lex.form_lemma:
                        out.append((form, hm.start(), hm.end()))
            out.sort(key=lambda x: x[1])
    return out


_PLAIN_REPORTING = frozenset(["say", "tell", "confirm", "announce", "comment", "disclose",
                               "reveal", "specify", "state", "report", "explain", "elaborate"])
_NEGATED = re.compile(r"(?:\bnot|n['’]t|\bnever|\byet to)\s+(?:\w+ly\s+|yet\s+|publicly\s+)?$")
_COPULA = re.compile(r"\b(?:remain|is|are|was|were|been|appear|seem|stay|became|become)")
_PURE_CATENATIVES = frozenset(["continue", "plan", "want", "try", "seek", "hope", "aim", "intend",
                               "prepare", "decide", "begin", "start", "wish", "expect", "need",
                               "move", "manage", "fail", "attempt", "go on"])
_ING_AUX = re.compile(r"\b(?:(?:is|are|was|were|been|be)\s+(?:[\w]+\s+){0,2}|(?:began|begun|begin|"
                      r"begins|started|starts|start|kept|keeps|continued|continues)\s+)$")
_NEXT_FINITE = re.compile(r"\s+(?:came|were|are|was|is|have|had|has|will|would|could|can|may|"
                          r"might|must|should|did|do|does|been|[a-z]+ed)\b")
_PASSIVE_AUX = re.compile(r"\b(?:is|are|was|were|been|be|being)\s+(?:\w+ly\s+)?$")
_BY_AGENT = re.compile(r"\s+by\s+([^,.;:“\"]{2,80}?)(?=\s*(?:[,.;:!?]|$|\s(?:as|for|after|over|"
                       r"in|on|at|who|which|that)\b))")
_QTAG = re.compile(r"[,?!.…-][\"”’]\s*$")
_TO_VERB = re.compile(r"\s+to\s+([a-z]+(?:\s+[a-z]+)?)")
_MIL_OBJECT = re.compile(r"\s+(?:\w+\s+){0,3}?(?:attacks?|strikes?|air ?strikes?|offensive|"
                         r"operations?|raids?|missiles?|rockets?|bombs?|assault|incursion|troops|"
                         r"soldiers|forces|warships|jets|drones|tanks|reinforcements|fire)\b")
_MEET_OBJ = re.compile(r"\s+(?:with\s+)?((?:[^,;.]|(?<=[A-Z])\.){2,80}?)(?=\s*(?:[,;]|(?<![A-Z])\.|$|\s(?:in|"
                       r"on|at|over|to|for|about|after|during|as)\b))")
_QUOTED_AS = re.compile(r"\b(?:quoted|quotes|quoting|cited|cites|citing)\s+((?:[^,;.“\"]|"
                        r"(?<=[A-Z])\.){2,100}?)\s+as\s+(?:saying|telling|stating|"
                        r"describing|calling|warning|adding)\b")
_EFFORTS_TO = re.compile(r"(?<![\w-])([A-Z][\w'’.-]*?(?:\s+[A-Z][\w'’.-]*?){0,3})['’]s\s+"
                         r"(?:efforts?|attempts?|bid)\s+to\s+(?:demonstrate|show|reassure|"
                         r"convince|assure|prove|signal|persuade)\b")
_ACCORDING = re.compile(r"(?<![\w-])[Aa]ccording to\s+([^,;.“\"]{2,100}?)(?=\s*(?:[,.;]|$))")


def _clause_candidates(art: _Article, idx: int) -> list[_Cand]:
    lex = art.lex
    m = art.masked[idx]
    cands: list[_Cand] = []
    n = len(m.rstrip())
    # once a main-clause speaker is found, later verbs matter only as quotation tags or
    # sentence-final attributions (unless the sentence relays or nests speech)
    may_stop = "ccording" not in m and " as " not in m
    main_at = None
    for form, vs, ve in _find_verbs(m, lex):
        lemma = lex.form_lemma[form]
        fhead = form.split(" ", 1)[0]
        cats = lex.categories.get(lemma, {"reporting"})
        before = m[max(0, vs - 80):vs]  # a window: the tests below look at its end
        # the end-anchored tests need only the last few words (whole words only)
        near = before[-36:]
        if len(before) > 36:
            near = near[near.find(" ") + 1:] if " " in near else ""
        if main_at is not None and not ("inverted" in cats and (
                ("," in before and len(before.rsplit(",", 1)[1].split()) <= 8)
                or _QTAG.search(before[-6:]))):
            continue
        after = m[ve:ve + 200]
        if fhead.endswith("ing") and not _ING_AUX.search(near):
            if before.endswith(", ") and ({"speech_acts", "diplomatic_acts", "reporting"}
                                          & cats) and not ({"military_acts"} & cats):
                # "A Hamas delegation is in Cairo, talking with …": the clause subject acts
                first = _first_actor_subject(art, idx, roles=True)
                if first is not None and first.np.end < vs and not any(
                        c.np.start == first.np.start and c.cat != "military" for c in cands):
                    # ("struck a softer tone, saying": the participle, not "strike", tells)
                    cands.append(_Cand("sv", first.np, lemma, vs, ve))
            continue
        # "has not said", "did not confirm": a claim not made is not the subject's claim
        if lemma in _PLAIN_REPORTING and _NEGATED.search(near):
            continue
        # "continues to …", "plans to …": the complement verb decides, not this one
        if lemma in _PURE_CATENATIVES and after.startswith(" to "):
            continue
        # a noun, not a verb: "the talks", "his remarks", "Israel's offensive", "plans came"
        if fhead.endswith("s") and not form.endswith(" to") and _NEXT_FINITE.match(after):
            continue
        pw = _prev_word(before, len(before))
        if _noun_use(near) or pw.lower() in _ADJ_BEFORE_NOUN:
            continue
        # passive: "condemned by human rights groups"; agentless passives are narration
        if not form.endswith((" to", " saying")) and _PASSIVE_AUX.search(near) and (
                fhead.endswith("ed") or fhead in ("said", "told", "held", "met", "sent", "given",
                                                  "seen", "known", "found", "thought")):
            pm = _BY_AGENT.match(after)
            if pm and ({"speech_acts", "reporting"} & cats):
                s = ve + pm.start(1)
                cands.append(_Cand("passive", _NP(pm.group(1), s, s + len(pm.group(1))),
                                   lemma, vs, ve))
            continue
        # quotation tag: '"…," said X'
        qtag = _QTAG.search(before[-6:])
        if qtag and "inverted" in cats:
            np = _subject_after(m, ve)
            if np:
                cands.append(_Cand("tag", np, lemma, vs, ve))
                continue
        np, sub = _subject_before(m, vs, lex)
        before = m[:vs]
        if np is not None and np.start < 0:
            first = _first_actor_subject(art, idx)
            np = first.np if first is not None and first.np.end <= vs else None
        if np is None:
            if "inverted" in cats and before.rstrip().endswith(","):
                np2 = _subject_after(m, ve)
                if np2:
                    cands.append(_Cand("final", np2, lemma, vs, ve))
            continue
        before_np = m[:np.start].rstrip()
        quote_before = bool(_QTAG.search(before_np[-3:])) and "inverted" in cats
        final = False
        if "inverted" in cats and before_np.endswith(",") and (
                form != lemma or np.text.lower() in ("they", "we")):
            tail = m[ve:n]
            if _TAG_TAIL.match(tail) and len(np.text.split()) <= 8:
                final = True
        cat = "tag" if quote_before else ("final" if final else "sv")
        if "military_acts" in cats and not ({"reporting", "speech_acts"} & cats):
            cat = "military"
        cand = _Cand(cat, np, lemma, vs, ve, sub=sub)
        nxt = _TO_VERB.match(after)
        if nxt and lemma in lex.catenatives and not ({"speech_acts", "reporting"} & cats):
            # "planned to strike" is a military act; "promised to build", "vowed to
            # retaliate" are commitments and threats: speech acts of their subject
            l2 = lex.form_lemma.get(nxt.group(1)) or lex.form_lemma.get(nxt.group(1).split()[0])
            c2 = lex.categories.get(l2, set()) if l2 else set()
            if "military_acts" in c2 and not ({"reporting", "speech_acts", "diplomatic_acts"}
                                              & c2):
                cand.cat = "military"
        if may_stop and main_at is None and not sub and cand.cat == "sv" and \
                lemma not in ("say", "tell", "report", "add", "state"):
            cand.res = _resolve(np, art, idx)
            if cand.res.mode not in ("none", "outlet", "raw", "carry_it"):
                main_at = vs
        if lemma in ("launch", "carry out", "conduct", "begin", "continue", "stage", "mount",
                     "intensify", "step up", "resume", "send", "dispatch", "open") \
                and _MIL_OBJECT.match(after):
            cand.cat = "military"
        if form in ("met", "held talks", "signed", "spoke with", "talked with"):
            om = _MEET_OBJ.match(after)
            if om:
                cand.obj = _NP(om.group(1), ve + om.start(1), ve + om.end(1))
        cands.append(cand)
    # a stance phrase opens with its copula, at most 5 characters ("have ") before the
    # first word _COPULA finds: the scan starts there
    cm = _COPULA.search(m)
    for sm in (lex.stance_re.finditer(m, max(0, cm.start() - 5), main_at or len(m)) if cm
               else ()):
        np, sub = _subject_before(m, sm.start(), lex)
        if np is not None and np.text.lower() != "it":
            cands.append(_Cand("sv", np, "stance", sm.start(), sm.end(), sub=sub))
    for qm in (_QUOTED_AS.finditer(m) if " as " in m else ()):
        # "The Evening Standard quoted the mayor as saying …": the mayor speaks
        s = qm.start(1)
        cands.append(_Cand("quoted", _NP(qm.group(1), s, qm.end(1)), "say", qm.start(),
                           qm.end()))
    for em in (_EFFORTS_TO.finditer(m) if " to " in m and ("s efforts" in m or "s bid" in m
                                                          or "s attempt" in m) else ()):
        # "as part of Kabul's efforts to demonstrate that …": the actor communicates
        s = em.start(1)
        cands.append(_Cand("sv", _NP(em.group(1), s, em.end(1)), "say", em.start(),
                           em.end()))
    for am in (_ACCORDING.finditer(m) if "ccording to" in m else ()):
        s = am.start(1)
        cands.append(_Cand("according", _NP(am.group(1), s, s + len(am.group(1))),
                           "according to", am.start(), am.end()))
    cands.sort(key=lambda c: c.vstart)
    return cands


_NESTED_LEMMAS = frozenset(["tell", "inform", "assure", "promise", "pledge", "reject", "deny",
                            "confirm", "announce", "say", "notify", "reassure"])


def _choose(art: _Article, idx: int, cands: list[_Cand]):
    """Pick the attribution of a statement: (main candidate, source candidate or None)."""
    lex = art.lex
    good = []
    for c in cands:
        if c.res is None:
            c.res = _resolve(c.np, art, idx, loose=c.cat == "according",
                             tag=c.cat in ("tag", "final"))
        if c.res.mode == "none":
            continue
        if c.res.mode == "carry_it" and not ({"reporting", "speech_acts"}
                                             & lex.categories.get(c.lemma, set())):
            continue
        if c.res.mode == "raw" and c.cat == "sv" and not (
                "reporting" in lex.categories.get(c.lemma, set())
                or ("speech_acts" in lex.categories.get(c.lemma, set())
                    and _head_word(c.res.labels[0].lower()) in lex.human_nouns
                    and _DET_INSIDE.isdisjoint(c.res.labels[0].lower().split()[1:]))):
            # (a group named as found speaks by its speech acts: "farmers accuse X of …")
            continue
        good.append(c)
    if not good:
        return None, None
    main_pool = [c for c in good if not c.sub] or []
    if len(main_pool) > 1 and "," in art.masked[idx]:
        # "Somaliland, which … has not been recognised by any UN member state, welcomed …":
        # a verb inside a non-restrictive relative clause tells background about a noun
        spans = [r.span() for r in _REL_CLAUSE.finditer(art.masked[idx])]
        fore = [c for c in main_pool if not any(s <= c.vstart < e for s, e in spans)]
        if spans and fore:
            main_pool = fore
    main = None
    for pref in ("quoted", "tag", "final"):
        hits = [c for c in good if c.cat == pref]
        if hits:
            main = hits[0]
            break
    if main is None:
        if not main_pool:
            return None, None
        main = main_pool[0]
    source = None
    if main.cat == "quoted":
        relay = [c for c in good if c.cat != "quoted" and c.lemma in ("quote", "cite")
                 and c.vstart <= main.vstart]
        return main, (relay[0] if relay else None)
    if main.cat == "final":
        # "Kerry and Lavrov spoke to reiterate …, the official said": the actors whose
        # speech or diplomatic act the tag reports are the speaker, the tag the source
        inner = [c for c in good if c is not main and c.cat == "sv" and not c.sub
                 and c.vend <= main.vstart and c.res.mode in ("actor", "person")
                 and c.res.labels != main.res.labels and c.lemma not in _PLAIN_REPORTING
                 and {"speech_acts", "diplomatic_acts"} & lex.categories.get(c.lemma, set())
                 and not _NOT_YET.search(art.masked[idx], 0, c.vstart)]
        if inner and main.res.mode in ("actor", "person", "raw", "carry_role"):
            return inner[0], main
    if main.res.mode == "outlet" or main.cat == "according":
        inner = [c for c in good if c is not main and c.res.mode != "outlet"
                 and c.cat not in ("according", "military")]
        if inner:
            source, main = main, inner[0]
        elif main.res.mode == "outlet":
            subj = _first_actor_subject(art, idx)
            return subj, main
    elif main.lemma in ("say", "tell", "report", "add", "state"):
        tail_end = len(art.masked[idx])
        stop = re.search(r"\s(?:-|--|–|—)\s|;|,\s*but\s|\sbut\s", art.masked[idx][main.vend:])
        if stop:
            tail_end = main.vend + stop.start()
        inner = [c for c in good if main.vend < c.vstart < tail_end and c.cat == "sv"
                 and c.lemma in _NESTED_LEMMAS and c.res.mode == "actor"
                 and c.res.labels != main.res.labels]
        if inner and main.res.mode in ("actor", "person", "raw", "carry_role"):
            source, main = main, inner[0]
    if main.cat == "military":
        # "The president struck a softer tone, saying …": a speech act of the same subject
        alt = [c for c in main_pool if c.cat == "sv" and c.np.start == main.np.start]
        if not alt:
            return None, source
        main = alt[0]
    return main, source


#: a determiner or quantifier inside a phrase means a verb went unseen ("Polls show most
#: voters")
_DET_INSIDE = frozenset(["the", "a", "an", "most", "all", "some", "many", "few", "every",
                         "each", "no", "that", "this", "these", "those"])
_REL_CLAUSE = re.compile(r",\s*(?:which|who|whom|whose|where)\b[^,;:“”\"]*,")
#: a verb not (yet) done: "were expected to raise", "will meet", "could sign"
_NOT_YET = re.compile(r"\b(?:expected|due|set|likely|unlikely|scheduled|planning|going|hoping)\s+to\s+"
                      r"(?:\w+\s+)?$|\b(?:will|would|could|may|might|shall|should|must)\s+"
                      r"(?:\w+\s+)?$")
_FIRST_VERB = re.compile(r"\s(?:is|are|was|were|has|have|had|will|would|did|does|do|can|could|"
                         r"[a-z]{3,}ed|" + "|".join(sorted(
                             (f for f in irregular_past_forms() if " " not in f and f.isalpha()),
                             key=len, reverse=True)) + r")\b")


def _first_actor_subject(art: _Article, idx: int, roles: bool = False) -> _Cand | None:
    """The actor that opens the main clause ("Egypt, Kuwait and the PA were …"); with
    ``roles``, a role too ("The president struck a softer tone, saying …")."""
    m = art.masked[idx]
    vm = _FIRST_VERB.search(m)
    if not vm:
        return None
    left = m[:vm.start()]
    dash = left.rfind("--")
    s = dash + 2 if dash >= 0 else 0
    intro = re.match(r"\s*(?:(?:On|In|Last|Earlier|Later|But|And|However|Meanwhile|For|At|After|"
                     r"Despite|Following|Under|With|Asked|Speaking)\b[^,]{0,40},\s*)",
                     left[s:])
    if intro:
        s += intro.end()
    while s < len(left) and left[s] == " ":
        s += 1
    rel = _REL_APPOS.search(left, s)
    end = rel.start() if rel else len(left)  # "X, whose votes keep the minister …,"
    if left[s:end].rstrip().endswith(",") and ", " in left[s:end]:
        end = left.index(", ", s)  # an apposition: "X's minister, Jane Doe, went on …"
    np_text = left[s:end].rstrip()
    refl = _REFLEXIVE_END.search(np_text)
    if refl:
        np_text = np_text[:refl.start()]  # "the president himself"
    np = _NP(np_text, s, s + len(np_text))
    if not np.text:
        return None
    res = _resolve(np, art, idx)
    if res.mode in ("actor", "person", "raw") or (roles and res.mode == "carry_role"):
        c = _Cand("sv", np, "", s, s)
        c.res = res
        return c
    return None


_REL_APPOS = re.compile(r",\s+(?:who|whose|which|where)\b")
_REFLEXIVE_END = re.compile(r"\s+(?:himself|herself|itself|themselves)$")


# ---------------------------------------------------------------------------- targets
_TARGET_VERB = re.compile(
    r"\b(?:accus\w*|blam\w*|urg\w*|call\w* on|call\w* upon|warn\w*|press\w*|assur\w*|"
    r"reassur\w*|inform\w*|criticis\w*|criticiz\w*|condemn\w*|challeng\w*|demand\w* that|"
    r"told|tell\w*|ask\w*|admonish\w*|lambast\w*|reject\w*|dismiss\w*|doubt\w*|"
    r"question\w*|denounc\w*|thank\w*|welcom\w*|prais\w*)\s+(?:the\s+)?")
_TARGET_POSS = re.compile(r"(?:assurances?|commitments?|promises?|pledges?|claims?|"
                          r"guarantees?|denials?|allegations?|decision|offer|contention)\b")


_DATELINE = re.compile(r"^[A-Z][\w .,'-]{1,40}?\s*\([A-Za-z .]{2,20}\)\s*(?:--|-|–|—)")
_POSS_TARGET = re.compile(r"(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:assurances?|commitments?|promises?|"
                          r"pledges?|claims?|guarantees?|denials?|allegations?|decision|offer|"
                          r"contention|assertions?|statements?|position|figures|account)\b")


_TARGET_APPOS = re.compile(r"(?:,\s*[^,;:“”\"]{1,60}?){1,2},(?=\s*(?:[a-z]+\s+){0,2}[a-z]+(?:ed|s)\b)")


def _target(art: _Article, idx: int, speakers: tuple, span) -> str:
    """The actor a statement is aimed at: the object of an accusation, demand or assurance,
    the party whose assurances are doubted, else the first other actor named."""
    text = art.texts[idx]
    ments = [mm for mm in art.mentions[idx] if mm[3] != "outlets"]
    if idx == 0:
        dl = _DATELINE.match(text)
        if dl:
            ments = [mm for mm in ments if mm[0] >= dl.end()]
    for nstart, run, name in _name_runs(art.masked[idx]):
        label = art.person_label(name) if name else None
        if label:
            ments.append((nstart, nstart + len(run), label, "person"))
    if span is not None:
        # the speaker's appositions describe the speaker ("Jonas Reinhardt, a Social
        # Democrat, insisted"): no target there
        appos = _TARGET_APPOS.match(text, span[1])
        if appos:
            span = (span[0], appos.end())
    ments = [mm for mm in ments if mm[2] not in speakers and mm[2] != "analysts"
             and (span is None or not (mm[0] >= span[0] and mm[1] <= span[1]))]
    home = art.home if art.home and art.home != _HOME and art.home not in speakers and \
        not any(sp in art.state_counts for sp in speakers) else None
    if not ments and home is None:
        return ""
    ments.sort()
    for tm in _TARGET_VERB.finditer(text):
        for mm in ments:
            if mm[0] == tm.end():
                return mm[2]
        if home and _GOV_OBJECT.match(text, tm.end()):
            # a union or a party "accused the government of", "urged the federal
            # government to": the government of the article's home state
            return home
    if not ments:
        return ""
    for mm in ments:
        if _POSS_TARGET.match(text, mm[1]):
            return mm[2]
    for mm in ments:
        if mm[3] in ("states", "executives", "organisations", "armed_groups", "parties",
                     "person", "people", "other"):
            return mm[2]
    return ""


_GOV_OBJECT = re.compile(r"(?:federal\s+|national\s+|central\s+)?(?:government|ministers)\b")


# ---------------------------------------------------------------------------- main
def attribute_speakers(statements: pd.DataFrame, raw: str, metadata: dict | None = None,
                       actors=None) -> pd.DataFrame:
    """Attribute each statement of one article to a speaker, a source and a target.

    Parameters
    ----------
    statements : pandas.DataFrame
        One article's statements in reading order, with ``article_id``, ``statement_id``,
        ``start``, ``end`` and ``text`` (offsets into ``raw``).
    raw : str
        The article file's decoded text.
    metadata : dict or None
        Article metadata; ``date`` (a :class:`datetime.date`) selects date-bounded aliases
        (the Taliban rule), ``source`` (the outlet) gives the home state for country-less
        institutions ("the Foreign Office").
    actors : ActorDictionary, path or None
        The actor dictionary (default: the packaged one).

    Returns
    -------
    pandas.DataFrame
        A copy with ``speaker``, ``source``, ``target``, ``speaker_span``,
        ``speaker_start``, ``speaker_end`` (absolute offsets into ``raw``, nullable
        integers, missing for the narrator) and ``speaker_verb`` (lemma of the reporting
        or speech-act verb, "" when none).
    """
    texts = [str(t) for t in statements["text"].tolist()]
    starts = [int(s) for s in statements["start"].tolist()]
    return _frame(statements, speaker_columns(texts, starts, raw, metadata, actors))


def attribute_speakers_chunk(statements: pd.DataFrame, articles, bounds: list[int],
                             actors=None) -> pd.DataFrame:
    """:func:`attribute_speakers` for several articles whose statements share one frame.

    Parameters
    ----------
    statements : pandas.DataFrame
        The statements of all ``articles``, article after article, in reading order.
    articles : list of Article
        The articles, in the frame's order.
    bounds : list of int
        Article ``i`` owns rows ``bounds[i]:bounds[i + 1]``.
    actors : ActorDictionary, path or None

    Returns
    -------
    pandas.DataFrame
        The same table :func:`attribute_speakers` gives article by article, concatenated,
        built in one step (no pandas cost per article).
    """
    texts = [str(t) for t in statements["text"].tolist()]
    starts = [int(s) for s in statements["start"].tolist()]
    cols: dict[str, list] = {c: [] for c in SPEAKER_COLUMNS}
    for article, a, b in zip(articles, bounds, bounds[1:], strict=False):
        part = speaker_columns(texts[a:b], starts[a:b], article.raw, article.metadata, actors)
        for c in SPEAKER_COLUMNS:
            cols[c].extend(part[c])
    return _frame(statements, cols)


def speaker_columns(texts: list[str], starts: list[int], raw: str,
                    metadata: dict | None = None, actors=None) -> dict[str, list]:
    """:func:`attribute_speakers` on plain lists: the new columns as lists.

    For callers that build one frame for many articles (no pandas cost per article).

    Parameters
    ----------
    texts, starts : list
        One article's statements in reading order and their offsets into ``raw``.
    raw, metadata, actors
        As for :func:`attribute_speakers`.

    Returns
    -------
    dict
        ``SPEAKER_COLUMNS`` → list (offsets are ``pandas.NA`` for the narrator).
    """
    actors = resolve_actors(actors)
    lex = speech_lexicon()
    n = len(texts)
    para = [s == 0 or raw[max(0, s - 1)] in "\r\n" or raw[max(0, s - 2):s].strip() == ""
            and "\n" in raw[max(0, s - 3):s] for s in starts]
    masked, fracs, inside = _mask_quotes(texts, para)
    art = _Article(actors, lex, metadata or {}, texts, masked)
    for i in range(n):
        _register_people(art, i)
    _settle_home(art)
    _register_unaffiliated(art)

    speaker = [NARRATOR] * n
    source = [""] * n
    target = [""] * n
    span_txt = [""] * n
    sp_start: list = [pd.NA] * n
    sp_end: list = [pd.NA] * n
    verbs = [""] * n
    explicit = [False] * n  # the statement carries its own attribution
    subj_labels: list[tuple] = [()] * n  # the subject's own labels (before a met-with object)
    role_based = [False] * n  # the speaker was named by a role ("Russia's foreign minister")
    last_person_label = None
    for i in range(n):
        cands = _clause_candidates(art, i)
        main, src = _choose(art, i, cands)
        labels: tuple = ()
        if main is not None:
            res = main.res
            if res.mode == "raw" and res.person and i > 0 and role_based[i - 1]:
                # lede then name: "Chile's foreign minister accused …" / "Ana Reyes said"
                labels = tuple(speaker[i - 1].split("; "))
                art.register(res.person, labels[0], 0)
            elif res.mode in ("actor", "person") or res.mode == "raw":
                labels = res.labels
                if res.mode == "raw" and not res.person:
                    labels = _raw_in_context(art, i, main, speaker, span_txt) or labels
                if res.named and len(labels) == 1:
                    # "Union president Denise Morrow said": later "Morrow said" is the union
                    # (not the home state an office title alone would place her in)
                    art.register(res.named, labels[0], 3)
                    art.home_people.discard(res.named)
                    art.home_people.discard(res.named.split()[-1])
                prev_single = speaker[i - 1] if i > 0 and explicit[i - 1] else NARRATOR
                if res.home and prev_single not in (NARRATOR, labels[0]) and "; " not in \
                        prev_single and any(m[2] == prev_single for m in art.mentions[i]):
                    # a country-less office ("foreign ministry spokesperson …") right after
                    # that country spoke, in a sentence naming it: the same country
                    labels = (prev_single,)
                    if res.person:
                        art.register(res.person, prev_single, 2)
            elif res.mode == "joint":
                labels = _joint_context(art, i, speaker)
            elif res.mode == "carry":
                labels = _pronoun_person(art, i, main.np.start, speaker, explicit,
                                         last_person_label, subj_labels)
            elif res.mode == "carry_it":
                labels = _carry(art, i, speaker, last_person_label, pronoun=True)
            elif res.mode == "carry_pl":
                if i and speaker[i - 1] != NARRATOR:
                    labels = tuple(speaker[i - 1].split("; "))
                elif (ps := _first_actor_subject(art, i - 1) if i else None) is not None:
                    labels = ps.res.labels
                elif i > 1 and speaker[i - 2] != NARRATOR:
                    labels = tuple(speaker[i - 2].split("; "))
            elif res.mode == "carry_role":
                labels = _carry(art, i, speaker, last_person_label, pronoun=False,
                                phrase=main.np.text, np_start=main.np.start)
                if not labels:
                    labels = _final_tag_state(art, i, main)
                if not labels and _STATE_OFFICE.intersection(
                        _WORDS_H.findall(main.np.text.lower())):
                    labels = _context_state(art, i, speaker)
                if not labels:
                    labels = res.labels
            subj_labels[i] = tuple(labels)
            role_based[i] = bool(labels) and res.mode == "actor" and len(labels) == 1 and \
                art.lex.role_re.search(main.np.text) is not None and \
                all(art.actors.label_for(nm, art.date) for nm in _names(main.np.text))
            if labels and main.obj is not None:
                # "X met (with) Y": a meeting is the act of both
                ores = _resolve(main.obj, art, i)
                if ores.mode in ("actor", "person") and ores.labels:
                    labels = tuple(labels) + tuple(ores.labels)
            if labels:
                speaker[i] = "; ".join(sorted(set(labels)))
                s, e = main.res.span if main.res.span else (main.np.start, main.np.end)
                span_txt[i] = texts[i][s:e]
                sp_start[i] = starts[i] + s
                sp_end[i] = starts[i] + e
                verbs[i] = main.lemma if main.lemma not in ("according to",) else ""
                if main.lemma == "stance":
                    verbs[i] = ""
                explicit[i] = True
                if res.mode == "person" or res.person:
                    last_person_label = labels[0]
        if src is not None and src.res is not None and src.res.mode != "none":
            source[i] = _source_label(src, texts[i])
        # carry-over for quotations
        if not explicit[i] and (inside[i] or fracs[i] > 0.5) and i > 0 \
                and speaker[i - 1] != NARRATOR:
            speaker[i] = speaker[i - 1]
            if not source[i]:
                source[i] = source[i - 1]
        # people named as subjects this statement (for "he" in the next one)
        if not explicit[i]:
            for name in _names(masked[i])[:1]:
                lab = art.person_label(name)
                if lab:
                    last_person_label = lab
    # quotations whose attribution comes at their end: fill back the run
    i = n - 1
    while i > 0:
        if inside[i] and explicit[i] and speaker[i - 1] == NARRATOR and fracs[i - 1] > 0.5:
            j = i - 1
            while j >= 0 and speaker[j] == NARRATOR and fracs[j] > 0.5:
                speaker[j] = speaker[i]
                source[j] = source[j] or source[i]
                if not inside[j]:
                    break
                j -= 1
            i = j
        i -= 1
    # a sentence between two statements of the same speaker continues that speaker's
    # account (reported speech running on without a new reporting verb)
    for i in range(1, n - 1):
        if speaker[i] == NARRATOR and not explicit[i] and speaker[i - 1] == speaker[i + 1] \
                != NARRATOR and not _opens_with_actor(art, i):
            speaker[i] = speaker[i - 1]
            source[i] = source[i] or (source[i - 1] if source[i - 1] == source[i + 1] else "")
    pair = None
    for i in range(n):
        if speaker[i] != NARRATOR:
            target[i] = _target(art, i, tuple(speaker[i].split("; ")),
                                None if pd.isna(sp_start[i]) else
                                (sp_start[i] - starts[i], sp_end[i] - starts[i]))
        jm = _joint_obj_re(art.lex.joint_nouns).search(texts[i]) if (
            "oth " in texts[i] or "two " in texts[i] or "ither " in texts[i]) else None
        if jm and jm.start() > 0 and (
                pd.isna(sp_start[i]) or not (
                    sp_start[i] - starts[i] <= jm.start() < sp_end[i] - starts[i])):
            # "urged both sides to …", "little chance of the two neighbours …": a third
            # party's (or the narrator's) statement about the dispute's two parties
            if pair is None:
                pair = _main_pair(art, speaker)
            own = speaker[i].split("; ")
            if len(pair) == 2 and not any(_word_in(p, o) or _word_in(o, p) for p in pair
                                          for o in own):
                # (a speaker that is one of the parties, under any of its labels - "Congo",
                # "Democratic Republic of the Congo" - keeps the other party as target)
                target[i] = "; ".join(pair)
    return {"speaker": speaker, "source": source, "target": target, "speaker_span": span_txt,
            "speaker_start": sp_start, "speaker_end": sp_end, "speaker_verb": verbs}


@lru_cache(maxsize=4)
def _joint_obj_re(nouns: frozenset) -> re.Pattern:
    """'both sides', 'the two neighbours', 'both capitals', 'the two countries' committee',
    'two nationalist governments', 'neither government', 'either side'."""
    alt = "|".join(sorted(nouns, key=len, reverse=True))
    one = {n[:-3] + "y" if n.endswith("ies") else n[:-1] for n in nouns if n.endswith("s")}
    alt1 = "|".join(sorted(one, key=len, reverse=True))
    return re.compile(r"\b(?:(?:[Bb]oth|[Tt]he two|two(?!\s+(?:other|more|of)\b))"
                      r"\s+(?:[a-z]+\s+)?(?:" + alt + r")|[Nn]?[Ee]ither\s+(?:" + alt1
                      + r"))\b")


def _word_in(a: str, b: str) -> bool:
    """Whether label ``a`` is ``b`` or whole words of it ("Congo" in "Democratic Republic of
    the Congo", not "Nigeria" in "National Association of Nigerian Students")."""
    k = b.find(a)
    return k >= 0 and (k == 0 or not b[k - 1].isalnum()) and (
        k + len(a) == len(b) or not b[k + len(a)].isalnum())


def _main_pair(art: _Article, speaker: list) -> tuple:
    """The article's two parties: the two actors named (or speaking) most often (ties: the
    first named)."""
    count: Counter = Counter()
    first: dict = {}
    for k, ments in enumerate(art.mentions):
        for mm in ments:
            if mm[3] != "outlets" and mm[2] != "analysts":
                count[mm[2]] += 1
                first.setdefault(mm[2], (k, mm[0]))
    for k, lab in enumerate(speaker):
        # organisations named by an acronym speak without being dictionary mentions
        for one in lab.split("; "):
            if one[:1].isupper() and one not in count:
                count[one] += 1
                first.setdefault(one, (k, 0))
    top = sorted(count, key=lambda lab: (-count[lab], first[lab]))[:2]
    return tuple(sorted(top)) if len(top) == 2 else ()


def _frame(statements: pd.DataFrame, cols: dict) -> pd.DataFrame:
    """``statements`` plus ``cols``, built from ready-made column arrays.

    The new string columns are one Arrow array (sliced) of the same dtype as ``text`` and
    the offsets nullable integers, so pandas infers nothing: letting it infer five string
    columns costs more than the attribution of a 20-statement article. pandas' internal
    fast constructors are used when present, the public ones otherwise.
    """
    n = len(statements)
    keep = [k for k, c in enumerate(statements.columns) if c not in SPEAKER_COLUMNS]
    try:
        arrays = [statements._get_column_array(k) for k in keep]
    except (AttributeError, TypeError):
        arrays = [statements.iloc[:, k].array for k in keep]
    names = [statements.columns[k] for k in keep]
    text = arrays[names.index("text")] if "text" in names else None
    string_cols = ("speaker", "source", "target", "speaker_span", "speaker_verb")
    if isinstance(text, pd.arrays.ArrowStringArray):
        big = _pa.array([v for c in string_cols for v in cols[c]], _pa.large_string())
        strings = {c: pd.arrays.ArrowStringArray(big.slice(k * n, n), dtype=text.dtype)
                   for k, c in enumerate(string_cols)}
    else:
        strings = {}
        for c in string_cols:
            arr = np.empty(n, dtype=object)
            arr[:] = cols[c]
            strings[c] = arr
    for c in SPEAKER_COLUMNS:
        if c in strings:
            arrays.append(strings[c])
        else:
            values = cols[c]
            mask = np.fromiter((v is pd.NA for v in values), dtype=bool, count=n)
            ints = np.fromiter((0 if v is pd.NA else v for v in values), dtype="int64",
                               count=n)
            arrays.append(pd.arrays.IntegerArray(ints, mask))
        names.append(c)
    try:
        return pd.DataFrame._from_arrays(arrays, columns=pd.Index(names, dtype=object),
                                         index=statements.index, verify_integrity=False)
    except (AttributeError, TypeError):
        return pd.DataFrame(dict(zip(names, arrays)), index=statements.index, copy=False)


def _source_label(src: _Cand, text: str) -> str:
    if src.res.mode == "outlet":
        return src.res.labels[0] if src.res.labels else src.np.text
    words = src.np.text.strip()
    words = re.sub(r"^(?:the|a|an)\s+", "", words, flags=re.IGNORECASE) if src.res.mode != "actor" \
        else words
    if src.res.mode in ("actor", "person") and src.cat != "according":
        return words
    return words


def _opens_with_actor(art: _Article, i: int) -> bool:
    """Whether the statement's first words name an actor or person (its own topic)."""
    words = list(re.finditer(r"\S+", art.masked[i]))[:4]
    if not words:
        return False
    if words[0].group(0).rstrip(",") in ("But", "However", "Yet", "Still"):
        return True  # a contrast marks the journalist's own turn, not the account running on
    limit = words[-1].end()
    if any(m[0] < limit for m in art.mentions[i] if m[3] != "outlets"):
        return True
    return any(art.person_label(nm) for nm in _names(art.masked[i][:limit]))


def _pronoun_person(art: _Article, i: int, pos: int, speaker: list, explicit: list,
                    last_person, subj_labels: list) -> tuple:
    """Whom "he"/"she" refers to: the previous speaker, else the last person named."""
    if i > 0 and explicit[i - 1] and speaker[i - 1] != NARRATOR:
        return subj_labels[i - 1] or tuple(speaker[i - 1].split("; "))
    for text in (art.masked[i][:pos], art.masked[i - 1] if i > 0 else ""):
        found = [art.person_label(nm) for nm in _names(text)]
        found = [f for f in found if f]
        if found:
            return (found[-1],)
    if i > 0 and speaker[i - 1] != NARRATOR:
        return tuple(speaker[i - 1].split("; "))
    return (last_person,) if last_person else ()


_STATE_ROLES = frozenset(["prime minister", "president", "government", "military", "army",
                          "armed forces", "security forces", "cabinet", "chancellor",
                          "foreign secretary", "home secretary", "premier", "authorities",
                          "attorney general", "defence secretary", "defense secretary",
                          "presidency", "navy", "air force", "coast guard", "coastguard"])


def _carry(art: _Article, i: int, speaker: list, last_person, pronoun: bool,
           phrase: str = "", np_start: int = 10 ** 6) -> tuple:
    if not pronoun and re.match(r"(?i)an?\s", phrase):
        # "A ministry spokesperson said" after "X's commerce ministry said": X's ministry
        inst = [w for w in phrase.lower().split()[1:-1] if w in _INSTITUTION_NOUNS]
        if inst and i > 0 and speaker[i - 1] != NARRATOR and re.search(
                r"(?<![\w-])" + inst[0] + r"(?![\w-])", art.masked[i - 1].lower()):
            return tuple(speaker[i - 1].split("; "))
        head = _head_word(phrase.lower())
        if head.startswith("spokes") and len(phrase.split()) == 2 and i > 0 and \
                speaker[i - 1] != NARRATOR:
            # a bare "A spokeswoman said" speaks for the actor that just spoke: a
            # spokesperson always speaks for someone, and no one else is named
            return tuple(speaker[i - 1].split("; "))
        # "A senior official said …" introduces someone new: the article's home state
        if art.home and (head in _LOCATED_ROLES or head.rstrip("s") in _LOCATED_ROLES):
            return (art.home,)
        return ()
    if not pronoun and i > 0 and phrase.split(None, 1)[0].lower() in _POSS_PRONOUNS:
        # "Their parliamentary leader said": the role of the actor that opens (or speaks
        # in) the previous sentence
        if speaker[i - 1] != NARRATOR:
            return tuple(speaker[i - 1].split("; "))
        ps = _first_actor_subject(art, i - 1)
        if ps is not None and ps.res.labels:
            return tuple(ps.res.labels)
        return ()
    if not pronoun and art.home and art.home == art.outlet_home:
        # a domestic story: "the prime minister", "the military" are the outlet's state's
        head = re.sub(r"^(?:the|a|an)\s+", "", phrase.lower())
        head = re.sub(r"['’]s\b.*$", "", head).strip()
        if head in _STATE_ROLES:
            return (art.home,)
    if i > 0 and speaker[i - 1] != NARRATOR:
        prev = tuple(speaker[i - 1].split("; "))
        if not pronoun and _office_of_nonstate(art, phrase, prev):
            # "The interior ministry estimated …" after business leaders spoke: a state's
            # office does not continue a non-state speaker
            got = _context_state(art, i, speaker)
            if got:
                return got
        if len(prev) > 1 and not pronoun and phrase:
            # "X's army and the Y militia blamed each other … the army said": of a joint
            # speaker, a state's office ("the army", "the government") is the one state
            head = re.sub(r"^(?:the|a|an)\s+", "", phrase.lower()).strip()
            if head in _STATE_ROLES:
                states = {m[2] for m in art.mentions[i - 1] if m[3] in ("states", "executives")}
                own = tuple(label for label in prev if label in states)
                if len(own) == 1:
                    return own
        return prev
    if pronoun and last_person:
        return (last_person,)
    if not pronoun and re.match(r"(?i)the\s", phrase):
        # "The minister said …" after a sentence of narration: the last speaker
        for j in range(i - 2, max(-1, i - 4), -1):
            if speaker[j] != NARRATOR:
                prev = tuple(speaker[j].split("; "))
                if _office_of_nonstate(art, phrase, prev):
                    return _context_state(art, i, speaker) or prev
                return prev
    # "officials" with no speaker before: the nationality in context; other bare roles
    # ("inspectors", "the council") are output as found
    head = _head_word(phrase.lower()) if phrase else ""
    if not pronoun and (head in _LOCATED_ROLES or head.rstrip("s") in _LOCATED_ROLES):
        here = [m[2] for m in art.mentions[i] if m[3] in ("states", "executives")
                and m[1] <= np_start]
        if here:
            return (here[0],)
        prev = art.mentions[i - 1] if i > 0 else []
        states = [m[2] for m in prev if m[3] in ("states", "executives")]
        if len(set(states)) > 1:
            # several states before: the one that opens the previous sentence acted
            subj = _first_actor_subject(art, i - 1)
            if subj is not None and len(subj.res.labels) == 1 and subj.res.labels[0] in states:
                return subj.res.labels
        if states:
            return (states[-1],)
        if art.home:
            return (art.home,)
    return ()


#: words naming a state's own offices ("a foreign ministry spokesperson", "the federal cabinet")
_STATE_OFFICE = frozenset(["ministry", "government", "cabinet", "presidency", "presidential",
                           "federal", "embassy", "foreign", "interior", "defence", "defense",
                           "finance"])


def _raw_in_context(art: _Article, i: int, main, speaker: list, span_txt: list) -> tuple:
    """Context for a phrase output as found: "the union's secretary general" after "the Kenya
    Nurses Union (KNU) said" is KNU's; a country-less office ("a spokesperson for the
    ministry", "..., the national security adviser said") is a state's."""
    low = main.np.text.lower()
    words = _WORDS_H.findall(low)
    if words and words[0] == "the":
        orgs = [w for w in (re.sub(r"['’]s$", "", x) for x in words[1:3]) if w in _ORG_HEADS]
        if orgs:
            pat = re.compile(r"(?<![\w-])" + orgs[0] + r"(?![\w-])", re.IGNORECASE)
            for j in range(i - 1, max(-1, i - 6), -1):
                if speaker[j] != NARRATOR and span_txt[j] and pat.search(span_txt[j]):
                    return tuple(speaker[j].split("; "))
            # "the union" after "the Kenya Nurses Union (KNU) has rejected ...": the
            # organisation the article named with that head noun
            # "the students' body": the organisation whose name holds its members' noun
            member = words[1] if len(words) == 3 and words[2] == orgs[0] and (
                words[1] + "'" in low or words[1] + "’" in low) else None
            org = art.org_for_head(orgs[0], i, member)
            if org:
                return (org,)
    head = _head_word(low)
    if head in art.lex.roles or head.rstrip("s") in art.lex.roles:
        got = _final_tag_state(art, i, main)
        if not got and (_STATE_OFFICE.intersection(words) or (
                head in _OFFICE_WORDS and not _ORG_HEADS.intersection(words))):
            # "the environment secretary, Sarah Hollis," with no country: a state's minister
            got = _context_state(art, i, speaker)
        return got
    return ()


def _final_tag_state(art: _Article, i: int, main) -> tuple:
    """"The Philippines will resupply its troops, the national security adviser said": a
    country-less office in a sentence-final tag is the state the sentence opens with."""
    if main.cat != "final":
        return ()
    subj = _first_actor_subject(art, i)
    if subj is not None and len(subj.res.labels) == 1 and \
            subj.res.labels[0] in art.state_counts and subj.np.end <= main.np.start:
        return subj.res.labels
    return ()


def _office_of_nonstate(art: _Article, phrase: str, prev: tuple) -> bool:
    """Whether ``phrase`` names a state's office ("the interior ministry") while ``prev``,
    the speaker it would continue, is one non-state actor (a group, a union, analysts)."""
    return bool(phrase) and len(prev) == 1 and prev[0] not in art.state_counts \
        and art.actors.party_state(prev[0]) is None \
        and bool(_STATE_OFFICE.intersection(_WORDS_H.findall(phrase.lower())))


def _context_state(art: _Article, i: int, speaker: list) -> tuple:
    """The state a country-less office belongs to: the state that just spoke (or the state of
    the party that just spoke), else the state opening the previous sentence, else home."""
    if i > 0 and speaker[i - 1] != NARRATOR and "; " not in speaker[i - 1]:
        prev = speaker[i - 1]
        if prev in art.state_counts:
            return (prev,)
        state = art.actors.party_state(prev)
        if state and state in art.state_counts:
            return (state,)
    if i > 0:
        subj = _first_actor_subject(art, i - 1)
        if subj is not None and len(subj.res.labels) == 1 and \
                subj.res.labels[0] in art.state_counts:
            return subj.res.labels
    return (art.home,) if art.home else ()


def _joint_context(art: _Article, i: int, speaker: list) -> tuple:
    for j in range(i - 1, -1, -1):
        if "; " in speaker[j]:
            return tuple(speaker[j].split("; "))
    # "both governments": the two parties that have spoken most so far (a bloc such as the
    # EU is a party too), else the two states named most
    spoke = Counter(lab for lab in speaker[:i] if lab[:1].isupper() and "; " not in lab)
    top = [lab for lab, c in spoke.most_common(2) if c >= 2]
    if len(top) == 2:
        return tuple(sorted(top))
    top = [s for s, _ in art.state_counts.most_common(2)]
    return tuple(top) if len(top) == 2 else ()


def _register_unaffiliated(art: _Article) -> None:
    """People named but never introduced with an actor.

    A party or armed group named right before the name ("Labour's X", "the Tory MP X")
    gives two votes, a party named in a sentence about them (they are its first person
    named) one; with no vote, a domestic story's people are its home state's.
    """
    titled = set()
    cands: dict[str, None] = {}
    for text in art.masked:
        if "Mr" in text or "Lord" in text or "Lady" in text or "Sir" in text or \
                "Dame" in text or "Baroness" in text or "Dr" in text or "Ms" in text:
            for m in _NAME_RE.finditer(text):
                ws = m.group(0).split()
                if len(ws) == 2 and ws[0].rstrip(".") in _COURTESY:
                    titled.add(_NAME_SUFFIX.sub("", ws[1]))
        for name in _names(text):
            cands[name] = None
    names = [nm for nm in cands if (" " in nm or nm in titled) and not art.person_label(nm)
             and not art.actors.label_for(nm, art.date)]
    if not names:
        return
    # only statements naming a party or an armed group can vote
    party_stmts = [(j, [m for m in ms if m[3] in ("parties", "armed_groups")
                        and _MASK not in art.masked[j][m[0]:m[1]]])
                   for j, ms in enumerate(art.mentions)]
    party_stmts = [(j, ms) for j, ms in party_stmts if ms]
    votes: dict[str, Counter] = {nm: Counter() for nm in names}
    for name in names:
        sur = name.rsplit(" ", 1)[-1]
        for j, ms in party_stmts:
            t = art.masked[j]
            k = t.find(sur)
            if k < 0:
                continue
            names_j = _names(t)
            if names_j and names_j[0].rsplit(" ", 1)[-1] == sur:
                for m in ms:
                    if m[3] == "parties":
                        votes[name][m[2]] += 1
                        break
            while k >= 0:
                for m in ms:
                    if 0 <= k - m[1] <= 30 and "," not in t[m[1]:k]:
                        votes[name][m[2]] += 2
                k = t.find(sur, k + 1)
    domestic = art.home is not None and art.home == art.outlet_home and (
        not art.international or art.top_state in (None, art.home)
        or art.state_counts.most_common(1)[0][1] < 3)
    for name, c in votes.items():
        if c:
            art.register(name, c.most_common(1)[0][0], 0)
        elif domestic:
            # a domestic story names its own public figures without saying whose they are
            art.register(name, art.home, 0)


_COURTESY = frozenset(["Mr", "Mrs", "Ms", "Lord", "Lady", "Baroness", "Sir", "Dame", "Dr"])


def _analyst_words(actors: ActorDictionary) -> frozenset:
    """Lower-case aliases of ``analysts`` (cached on the dictionary)."""
    words = getattr(actors, "_analyst_words", None)
    if words is None:
        words = frozenset(a.text.lower() for a in actors.aliases if a.label == "analysts")
        actors._analyst_words = words
    return words
