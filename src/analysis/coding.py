"""Statement-type coding: a transparent rule coder driven by the codebook.

Every statement is matched against the cues of every type in the codebook (see
:mod:`analysis.codebook`). The rules, in order:

1. **Cues.** Each type's cues (phrases, inflected lemmas, regular expressions) are
   searched in the statement, one compiled pattern per type.
2. **Negation.** A negator ("not", "n't", "never", "no", "failed to", ...) up to
   ``negation.window`` words before a cue, inside the same clause, turns the cue into the
   type named by its ``when_negated`` ("did not promise", "cannot resolve" → skepticism),
   or removes it (``ignore``). The negator becomes part of the cue.
3. **Overlaps.** Where matches overlap, the longest wins: a specific cue ("denied the
   allegations", assurance) overrides a shorter one inside it ("denied").
4. **Precedence.** The primary type is the first type in the codebook's precedence with a
   match; the other matched types are ``secondary_types`` (in precedence order).
5. **Narrator.** Statements whose speaker is the narrator take only the codebook's
   ``narrator.types`` (reference codebook: skepticism, engagement, context); other matches
   stay secondary.
6. **Speech act.** With no full cue in the text, the reporting verb found by the speaker
   step (``speaker_verb``, e.g. "urge") codes the statement if a type lists it in
   ``speech_acts`` — before topic words (``mentions``), which describe what is talked about,
   not what the speaker does.
7. **Reported clause.** Still nothing, and the speaker is not the narrator: the clause the
   speaker reports is read relative to the speaker (:func:`reported_clause`): the speaker's
   own future action, act or denial ("Lisbon said it would open ...", "its troops had
   returned fire") and another actor's act or failure ("Guyana said Venezuela had deployed
   troops") code the types the codebook's ``reported_clause`` section names.
8. **Fallback.** Otherwise the codebook's ``default_type`` (``context``) — except that an
   attributed statement whose speaker also made the statement just before it, in the same
   article, continues that statement's type when it is not the default and was not carried
   itself (``carried_over``;
   a quotation or paraphrase running on, "He added that ..."; ``carry_over: false`` in the
   codebook turns this off). Needs the ``speaker`` column, so :func:`code_types` does it,
   not the text-only :meth:`RuleCoder.predict`.

Cue kinds also include ``negated`` cues, which count only under a negator ("did not
believe", "doesn't add up" → skepticism; "believe" alone codes nothing).

``confidence`` of a rule code comes from the codebook's ``confidence`` section, by how the
code was reached: a cue (``cue``), a cue that won over another type's cue
(``contested_cue``), the reporting verb (``speech_act``), the fallback on narration
(``default_narrator``) or on an attributed statement (``default_attributed``, where a
position the cues missed is likely), the carried-over type (``carried_over``); a reported-clause code takes
``reported_clause.confidence``. The reference codebook's values are the agreement of each
route with human coders on unseen articles, so low codes are the ones to review first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin

from .codebook import (
    CONFIDENCE_ROUTES,
    Codebook,
    cue_regex,
    cue_words,
    load_codebook,
    resolve_codebook,
)
from .errors import AnalysisError
from .inflect import irregular_past_forms
from .schema import as_texts as _texts

__all__ = ["TYPES", "RuleCoder", "RuleCueFeatures", "code_types", "explain_text",
           "reported_clause"]

#: type names of the reference codebook, in precedence order
TYPES: list[str] = load_codebook().type_names


_KEEP = -2
_IGNORE = -1
_BOUNDARY = re.compile(
    r"""[,;:.!?()\[\]"“”—–]|\s-\s|\s--\s|\b(?:but|while|although|though|whereas|because|since|"""
    r"""after|before|when|if|unless|that|which|who|whether|and\s+(?:the|it|they|he|she|we))\b""",
    re.IGNORECASE)
_WORD = re.compile(r"[\w'’-]+")

# -- the reported-clause fallback: who does what in the clause a speaker reports -------------
_REPORT = re.compile(
    r"\b(?:said|says|say|saying|told\s+(?:[\w.'’-]+\s+){0,3}?|tells\s+(?:[\w.'’-]+\s+){0,3}?|"
    r"added|adds|insisted|insists|stated|states|announced|announces|claimed|claims|argued|"
    r"argues|maintained|maintains|confirmed|confirms|explained|stressed|noted)\s*,?\s+"
    r"(?:that\s+)?", re.IGNORECASE)
#: the words a reporting verb of _REPORT can start with (searched with str.find)
_REPORT_WORDS = ("said", "says", "say", "told", "tells", "add", "insist", "state", "announc",
                 "claim", "argue", "maintain", "confirm", "explain", "stress", "noted")
_OPENING = re.compile(r"^[\s\"“‘']*(?=(?:we|i)\s)", re.IGNORECASE)
_CLAUSE = re.compile(
    r"(?P<subj>(?:[\w'’.-]+\s+){0,5}?)(?P<aux>will|would|shall|had|has|have|was|were|is|are|"
    r"did|does|do)\s+(?:still\s+)?(?P<neg>(?:not|never|yet\s+to)\s+)?(?P<adv>(?:already|also|now|just|since|then|"
    r"repeatedly|previously|successfully|fully|always)\s+)*(?P<pass>(?:been|being)\s+)?"
    r"(?P<verb>[A-Za-z]\w*)", re.IGNORECASE)
_SELF_WORDS = frozenset({"it", "we", "i", "they", "he", "she"})
_SELF_POSS = frozenset({"its", "our", "my", "their", "his", "her"})
#: verbs that report no act of the subject (perception, cognition, receiving, auxiliaries)
_NOT_ACTS = frozenset({"received", "heard", "seen", "learned", "learnt", "noticed", "read",
                       "asked", "told", "expected", "hoped", "wanted", "had", "got", "become",
                       "felt", "thought", "believed", "known", "considered", "being", "going",
                       "trying", "looking", "waiting", "hoping", "expecting", "planning",
                       "concerned", "worried", "pleased", "aware", "able", "unable", "based",
                       "supposed", "designed", "intended", "meant", "called", "named",
                       "anticipated", "predicted", "feared", "suspected", "noted", "monitoring",
                       "watching", "following", "studying", "reviewing", "examining",
                       "assessing", "considering", "discussing", "seeking", "asking"})
#: verbs after will/would that promise nothing (preference, perception, existence)
_NOT_PROMISES = frozenset({"be", "have", "like", "love", "want", "prefer", "hope", "wait", "see",
                           "need", "consider", "look", "think", "decide", "say", "know",
                           "depend", "take", "get", "seem", "remain", "happen", "become", "go"})
_ACTORS = None
_PROGRESS = re.compile(r"\s+(?:\w+\s+)?(?:progress|strides|headway|gains|improvements?|efforts)\b",
                       re.IGNORECASE)


def _actors():
    global _ACTORS
    if _ACTORS is None:
        from .actors import resolve_actors
        _ACTORS = resolve_actors(None)
    return _ACTORS


def _is_act(verb: str, aux: str, passive: bool) -> bool:
    """Whether ``aux verb`` reports an act of the subject (active perfect or progressive)."""
    v = verb.lower()
    if (passive and not v.endswith("ing")) or v in _NOT_ACTS:
        return False  # "had been attacked" is done to the subject; "had been patrolling" not
    if passive:
        return True  # "had been patrolling": perfect progressive
    if aux in ("had", "has", "have"):
        return v.endswith(("ed", "en")) or v in irregular_past_forms()
    if aux in ("was", "were", "is", "are"):
        return v.endswith("ing")
    return False


def reported_clause(text: str, speaker: str) -> tuple[str, int, int] | None:
    """(case, start, end) of the clause a speaker reports, relative to the speaker.

    Finds the first clause after a reporting verb ("said (that) ...", or a statement that
    opens with "we"/"I"), reads its subject and verb group, and names the case:
    ``self_future`` (the speaker says it will act: "it would send", "Ankara will open"),
    ``joint`` (several speakers together say they will act or have acted: an agreement),
    ``self_negated_future``, ``self_act`` (it has acted or is acting: "its troops had
    returned fire"), ``self_denial`` ("we had not crossed"), ``other_act`` (another actor
    has acted: "Caracas had deployed troops") or ``other_negated`` ("Kabul has not
    stopped"). The subject is the speaker when it is a pronoun, a possessive ("its
    ships"), or an actor the packaged actor dictionary maps to the speaker's label; another
    actor when it maps to another label. None when no such clause is found.
    """
    low = text.lower()
    hits = []
    for w in _REPORT_WORDS:  # str.find first: a regular-expression scan costs more
        i = low.find(w)
        while i >= 0:
            hits.append(i)
            i = low.find(w, i + 1)
    starts = []
    for i in sorted(hits):
        m = _REPORT.match(text, i)
        if m is not None:
            starts.append(m.end())
            if len(starts) == 2:
                break
    op = _OPENING.match(text)
    if op:
        starts.insert(0, op.end())
    labels = set(speaker.split("; "))
    for pos in starts[:2]:
        m = _CLAUSE.match(text, pos)
        if m is None:
            continue
        subj = m.group("subj").strip(" ,\"“”‘’'")
        if not subj:
            continue
        words = subj.lower().split()
        if (len(words) == 1 and words[0] in _SELF_WORDS) or words[0] in _SELF_POSS:
            who = "self"
        else:
            lab = _actors().normalise(subj)
            if lab is None or lab == "analysts":
                continue
            who = "self" if lab in labels else "other"
        aux = m.group("aux").lower()
        neg = bool(m.group("neg"))
        verb = m.group("verb").lower()
        span = (m.start("subj") + (len(m.group("subj")) - len(m.group("subj").lstrip())),
                m.end())
        joint = who == "self" and len(labels) > 1 and not neg
        if aux in ("will", "would", "shall"):
            if joint and verb not in _NOT_PROMISES:
                return "joint", *span
            if who == "self" and (neg or verb not in _NOT_PROMISES):
                return ("self_negated_future" if neg else "self_future"), *span
            continue
        if aux in ("did", "does", "do"):
            if neg:
                return ("self_denial" if who == "self" else "other_negated"), *span
            continue
        if neg:
            return ("self_denial" if who == "self" else "other_negated"), *span
        if _is_act(verb, aux, bool(m.group("pass"))):
            if who == "other" and _PROGRESS.match(text, m.end()):
                continue  # "Kenya had made good progress": praise, not blame
            return ("joint" if joint else "self_act" if who == "self" else "other_act"), *span
    return None


@dataclass
class _Match:
    start: int
    end: int
    type: int      # index into the compiled type list, or _IGNORE (negated/neutral)
    negated: bool
    mention: bool = False
    neutral: int = 1  # 0 for neutral expressions: they win ties


try:  # the regular-expression parser, to find the literal words a pattern starts with
    import re._parser as _sre_parse
    from re._constants import AT, BRANCH, LITERAL, SUBPATTERN
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_parse as _sre_parse
    from sre_constants import AT, BRANCH, LITERAL, SUBPATTERN

_TOKEN = re.compile(r"\w+")
_NEUTRAL = -3
_MISSING = object()


def _literal_prefixes(items) -> set[str] | None:
    """The literal word beginnings a parsed pattern can start with, or None if unknown."""
    acc = ""
    for op, arg in items:
        if op is LITERAL:
            ch = chr(arg)
            if not (ch.isalnum() or ch == "_"):
                break
            acc += ch.lower()
            continue
        if op is SUBPATTERN:
            sub = _literal_prefixes(list(arg[-1]))
        elif op is BRANCH:
            sub = set()
            for alt in arg[1]:
                p = _literal_prefixes(list(alt))
                if p is None:
                    sub = None
                    break
                sub |= p
        else:
            break
        if sub is None:
            return {acc} if acc else None
        out = {acc + p for p in sub}
        return out if all(out) else None
    return {acc} if acc else None


def _triggers(regex: str) -> set[str] | None:
    """Prefixes that a word must start with for ``regex`` to match there (None: any word).

    Only for patterns that begin at a word boundary (``\\b``) with literal letters.
    """
    try:
        items = list(_sre_parse.parse(regex, re.IGNORECASE))
    except Exception:  # noqa: BLE001 - fall back to scanning the whole text
        return None
    if not items or items[0][0] is not AT or str(items[0][1]) != "AT_BOUNDARY":
        return None
    pre = _literal_prefixes(items[1:])
    if not pre or any(len(p) < 1 for p in pre):
        return None
    return pre


class _Cue:
    """One compiled cue: its pattern, the type it codes and whether it is a mention."""

    __slots__ = ("mention", "only_negated", "rx", "type")

    def __init__(self, rx: re.Pattern, type_: int, mention: bool, only_negated: bool = False):
        self.rx, self.type, self.mention = rx, type_, mention
        self.only_negated = only_negated


class _Layer:
    """The cues one word can start, with a combined pattern as a quick test."""

    __slots__ = ("cues", "index", "rx")

    def __init__(self, cues: list[_Cue]):
        # longer patterns first: at one position the longer cue is tried first
        self.cues = sorted(cues, key=lambda c: len(c.rx.pattern), reverse=True)
        self.rx = None
        self.index = {}
        if len(self.cues) > 1:
            parts, g = [], 1
            for c in self.cues:
                parts.append(f"({c.rx.pattern})")
                self.index[g] = c
                g += 1 + c.rx.groups
            try:
                self.rx = re.compile("|".join(parts), re.IGNORECASE)
            except re.error:  # e.g. back-references or inline flags: try cue by cue
                self.rx = None

    def match(self, text: str, pos: int, out: list) -> None:
        """Append (cue, match) for every cue matching at ``pos``."""
        if self.rx is not None and self.rx.match(text, pos) is None:
            return  # the combined pattern is a quick test: no cue matches here
        for cue in self.cues:
            m = cue.rx.match(text, pos)
            if m is not None and m.end() > m.start():
                out.append((cue, m))


class _Index:
    """Cues indexed by the words that trigger them (one dict look-up per word of a text).

    Phrase and lemma cues are triggered by their first word; a regular expression by the
    literal letters it starts with (read from the pattern). A pattern whose beginning
    cannot be read is scanned over the whole text. Two layers: cues (0) and hedges (1),
    which do not compete with each other.
    """

    def __init__(self, where: str, path):
        self.where, self.path = where, path
        self.exact: tuple[dict, dict] = ({}, {})
        self.prefix: tuple[dict, dict] = ({}, {})
        self.always: tuple[list, list] = ([], [])
        self._memo: dict[str, tuple | None] = {}
        self._layers: dict[tuple[int, ...], _Layer] = {}
        self.lengths: list[int] = []

    def add(self, regex: str, type_: int, mention: bool = False, words=None,
            layer: int = 0, only_negated: bool = False) -> None:
        """Index a cue; ``words``: the exact (lower-case) words it can start with, if known."""
        try:
            cue = _Cue(re.compile(regex, re.IGNORECASE), type_, mention, only_negated)
        except re.error as exc:  # validated at load time; kept for codebooks built in Python
            raise AnalysisError(f"{self.where}: bad regular expression {regex!r}: {exc}",
                                self.path) from None
        if words:
            for w in words:
                self.exact[layer].setdefault(w, []).append(cue)
            return
        pre = _triggers(regex)
        if pre is None:
            self.always[layer].append(cue)
        else:
            for p in pre:
                self.prefix[layer].setdefault(p, []).append(cue)

    def finish(self) -> None:
        self.lengths = sorted({len(p) for d in self.prefix for p in d})
        self._memo.clear()

    def _layer(self, tok: str, layer: int) -> _Layer | None:
        found: list[_Cue] = list(self.exact[layer].get(tok, ()))
        prefix = self.prefix[layer]
        if prefix:
            for k in self.lengths:
                if k > len(tok):
                    break
                for c in prefix.get(tok[:k], ()):
                    if c not in found:
                        found.append(c)
        if not found:
            return None
        key = (layer, *sorted(id(c) for c in found))
        got = self._layers.get(key)
        if got is None:
            got = self._layers[key] = _Layer(found)
        return got

    def layers(self, tok: str) -> tuple | None:
        """(cue layer, hedge layer) a word (lower case) can start, or None."""
        try:
            return self._memo[tok]
        except KeyError:
            pass
        cues, hedges = self._layer(tok, 0), self._layer(tok, 1)
        got = None if cues is None and hedges is None else (cues, hedges)
        if len(self._memo) > 200_000:
            self._memo.clear()
        self._memo[tok] = got
        return got

    def search(self, text: str) -> tuple[list, list]:
        """(cue matches, hedge matches) in ``text``: lists of (cue, match)."""
        memo = self._memo
        cues: list = []
        hedges: list = []
        for t in _TOKEN.finditer(_lower(text)):
            tok = t.group()
            got = memo.get(tok, _MISSING)
            if got is _MISSING:
                got = self.layers(tok)
            if got is not None:
                if got[0] is not None:
                    got[0].match(text, t.start(), cues)
                if got[1] is not None:
                    got[1].match(text, t.start(), hedges)
        for layer, out in ((0, cues), (1, hedges)):
            for cue in self.always[layer]:
                for m in cue.rx.finditer(text):
                    if m.end() > m.start():
                        out.append((cue, m))
        return cues, hedges


def _lower(text: str) -> str:
    """Lower case with the same length (offsets stay valid)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return low


#: how many texts' cue searches :meth:`_Compiled.search` remembers (then starts afresh)
_SEARCH_MEMORY = 8192


class _Compiled:
    """A codebook's cues compiled once (cached per codebook fingerprint)."""

    def __init__(self, cb: Codebook):
        self.codebook = cb
        self.types = cb.type_names
        self.default = self.types.index(cb.default_type)
        self.when_negated: list[int] = []
        self.index = _Index("codebook cues", cb.path)
        self._recent: dict = {}
        for i, spec in enumerate(cb.types):
            for rx, words in spec.cues.indexed():
                self.index.add(rx, i, words=words)
            for rx, words in spec.cues.indexed(mentions=True):
                self.index.add(rx, i, mention=True, words=words)
            for rx, words in spec.cues.negated_indexed():
                self.index.add(rx, i, words=words, only_negated=True)
            w = spec.when_negated
            self.when_negated.append(_KEEP if w == "keep" else _IGNORE if w == "ignore"
                                     else self.types.index(w))
        for mentions in (False, True):
            for rx, words in cb.neutral.indexed(mentions=mentions):
                self.index.add(rx, _NEUTRAL, words=words)
        for h in cb.hedges:
            self.index.add(cue_regex(h, "phrase"), 0, words=cue_words(h, "phrase"), layer=1)
        for h in cb.hedge_patterns:
            self.index.add(h, 0, layer=1)
        self.index.finish()
        self.neg_rx = None
        if cb.negators:
            parts = []
            for n in sorted(cb.negators, key=len, reverse=True):
                if n.lower() in ("n't", "n’t"):
                    parts.append(r"(?<=\w)n['’]t\b")
                else:
                    parts.append(cue_regex(n, "phrase"))
            self.neg_rx = re.compile("|".join(parts), re.IGNORECASE)
        self.neg_first = {n.split()[0].lower() for n in cb.negators}
        self.window = cb.negation_window
        self.speech_acts: dict[str, int] = {}
        for i, spec in enumerate(cb.types):
            for verb in spec.speech_acts:
                self.speech_acts.setdefault(verb.lower(), i)
        self.narrator_label = cb.narrator_label
        self.demand = self.types.index("demand") if "demand" in self.types else None
        self.reported = {case: self.types.index(t) for case, t in cb.reported_clause}
        self.reported_conf = cb.reported_confidence
        self.conf = {route: cb.route_confidence(route) for route in CONFIDENCE_ROUTES}
        self.carry_over = bool(getattr(cb, "carry_over", True))
        self.narrator_allowed = (None if cb.narrator_types is None
                                 else {self.types.index(t) for t in cb.narrator_types})

    # -- matching -------------------------------------------------------------------------

    def search(self, text: str):
        """(cue matches, hedge matches) of ``text``, remembered for the texts seen last.

        The rule coder and the learned coder's cue features (:class:`RuleCueFeatures`) read
        the same statements one after the other; remembering the last
        :data:`_SEARCH_MEMORY` searches lets the second read reuse the first's.
        """
        recent = self._recent
        hit = recent.get(text)
        if hit is None:
            hit = self.index.search(text)
            if len(recent) >= _SEARCH_MEMORY:
                recent.clear()
            recent[text] = hit
        return hit
    def _negator_start(self, text: str, pos: int) -> int:
        """Start of a negator governing the cue at ``pos``, or -1."""
        if self.neg_rx is None or self.window <= 0 or _BOUNDARY.match(text, pos):
            return -1  # a cue that opens a clause ("whether ...") is outside the negation
        lo = max(0, pos - 90)
        prefix = text[lo:pos]
        # quick test on the last words before the cue; the exact test only if one may negate
        first_words = self.neg_first
        for w in _WORD.findall(prefix)[-self.window:]:
            w = w.lower()
            if w in first_words or w.endswith(("n't", "n’t")):
                break
        else:
            return -1
        cut = 0
        for b in _BOUNDARY.finditer(prefix):
            cut = b.end()
        words = [w.start() for w in _WORD.finditer(prefix, cut)]
        if not words:
            return -1
        first = words[-self.window] if len(words) >= self.window else words[0]
        m = self.neg_rx.search(prefix, first)
        return lo + m.start() if m else -1

    def matches(self, text: str, mentions: bool = True) -> list[_Match]:
        """All cue matches after negation and overlap resolution, in text order.

        ``mentions=False`` leaves out the mention cues (topic words), as for narration.
        """
        return self._matches(text, self.search(text)[0], mentions)

    def _matches(self, text: str, found: list, mentions: bool) -> list[_Match]:
        cands: list[_Match] = []
        seen = set()
        for cue, m in found:
            if cue.mention and not mentions:
                continue
            s, e = m.span()
            key = (s, e, cue.type)
            if key in seen:
                continue
            seen.add(key)
            t, neg, neutral = cue.type, False, 1
            if cue.only_negated:  # counts only under a negator, which joins the cue
                ns = self._negator_start(text, s)
                if ns < 0:
                    continue
                cands.append(_Match(ns, e, t, True, cue.mention, neutral))
                continue
            if t == _NEUTRAL:
                t, neutral = _IGNORE, 0
            else:
                wn = self.when_negated[t]
                if wn != _KEEP:
                    ns = self._negator_start(text, s)
                    if ns >= 0 and wn == _IGNORE:
                        t, neg = wn, True  # drops out, without swallowing its neighbours
                    elif ns >= 0:
                        t, neg, s = wn, True, ns  # the negator becomes part of the cue
            cands.append(_Match(s, e, t, neg, cue.mention, neutral))
        if len(cands) > 1:
            # longest first; ties: the match whose type comes first in precedence
            cands.sort(key=lambda c: (-(c.end - c.start), c.neutral,
                                      c.type if c.type >= 0 else 99, c.start))
            kept: list[_Match] = []
            for c in cands:
                if all(c.end <= k.start or c.start >= k.end for k in kept):
                    kept.append(c)
            cands = kept
        cands.sort(key=lambda c: c.start)
        return [c for c in cands if c.type >= 0]

    def hedges(self, text: str, found: list | None = None) -> str:
        """Matched hedges and evidentials, in text order, "; "-joined."""
        if found is None:
            found = self.search(text)[1]
        found = sorted((m.start(), -m.end(), " ".join(m.group(0).lower().split()))
                       for _, m in found)
        seen: list[str] = []
        last_end = -1
        for s, neg_e, h in found:
            if s < last_end:  # inside a longer hedge already recorded ("is said to")
                continue
            last_end = -neg_e
            if h not in seen:
                seen.append(h)
        return "; ".join(seen)

    def _speech_act(self, verb: str) -> int | None:
        """The type whose ``speech_acts`` list the reporting verb, or None."""
        v = " ".join(str(verb).lower().split())
        t = self.speech_acts.get(v)
        if t is None and " " in v:  # "call for" -> "call"
            t = self.speech_acts.get(v.split()[0])
        return t

    def code(self, text: str, speaker: str | None = None, verb: str | None = None):
        """(type, cue, cue_start, cue_end, secondary, hedges, confidence, negated, route) of a
        text; ``route`` names how the code was reached (:data:`ROUTES`)."""
        narrator = speaker is not None and speaker == self.narrator_label
        cue_found, hedge_found = self.search(text)
        ms = self._matches(text, cue_found, mentions=not narrator)
        if len(ms) > 1 and len({m.type for m in ms}) > 1:
            ms = _foreground(text, ms)
        found: dict[int, _Match] = {}
        for m in ms:  # per type its first full cue, else its first mention
            if m.type not in found or (found[m.type].mention and not m.mention):
                found[m.type] = m
        if self.demand is not None and self.demand in found and len(found) > 1:
            _drop_inside_demand(text, found, self.demand)
        order = sorted(found)
        # mentions (topic words) decide only when no full cue matched and the speaker
        # step's reporting verb names no speech act of the codebook
        full = [t for t in order if not found[t].mention]
        act = None if (full or narrator or not verb) else self._speech_act(verb)
        if act is not None:
            secondary = "; ".join(self.types[t] for t in order if t != act)
            return (self.types[act], str(verb), None, None, secondary, self.hedges(
                text, hedge_found), self.conf["speech_act"], any(m.negated for m in ms),
                "speech_act")
        allowed = full or order
        if self.narrator_allowed is not None and narrator:
            allowed = [t for t in allowed if t in self.narrator_allowed]
        hedges = self.hedges(text, hedge_found)
        negated = any(m.negated for m in ms)
        if allowed and not full and self.reported and speaker and not narrator:
            # only topic words: what the speaker reports someone did says more
            got = reported_clause(text, speaker)
            if got is not None and got[0] in self.reported:
                t, s, e = self.reported[got[0]], got[1], got[2]
                secondary = "; ".join(self.types[k] for k in order if k != t)
                return (self.types[t], text[s:e], s, e, secondary, hedges,
                        self.reported_conf, negated, "reported_clause")
        if allowed:
            p = allowed[0]
            m = found[p]
            own = self.reported.get("self_act")
            if own is not None and p > own and not narrator and _tells_own_act(text, m.start):
                # "X informed Y that its leader warned Z to stop": X reports its own act to Y
                p = own
            secondary = "; ".join(self.types[t] for t in order if t != p)
            route = "contested_cue" if secondary else "cue"
            return (self.types[p], text[m.start:m.end], m.start, m.end, secondary, hedges,
                    self.conf[route], negated, route)
        secondary = "; ".join(self.types[t] for t in order if t != self.default)
        if verb and speaker != self.narrator_label:
            t = self._speech_act(verb)
            if t is not None:
                return (self.types[t], str(verb), None, None, secondary, hedges,
                        self.conf["speech_act"], negated, "speech_act")
        if self.reported and speaker and speaker != self.narrator_label:
            got = reported_clause(text, speaker)
            if got is not None and got[0] in self.reported:
                t, s, e = self.reported[got[0]], got[1], got[2]
                return (self.types[t], text[s:e], s, e, secondary, hedges, self.reported_conf,
                        negated, "reported_clause")
        route = ("default_narrator" if (speaker is None or speaker == self.narrator_label)
                 else "default_attributed")
        return (self.types[self.default], "", None, None, secondary, hedges, self.conf[route],
                negated, route)


_DEMAND_TO = re.compile(r"\bto(?:\s+[\"“]?[\w’'-]+)?\s*[\"“]?\s*$", re.IGNORECASE)
_OBJ_TO = re.compile(r"(?:\s+[\w’'.-]+){1,4}?\s+to\s")
_CLAUSE_BREAK = re.compile(r"[;:]|\s(?:but|while|whereas|although)\s|,\s*(?:and\s+)?(?:said|saying|"
                           r"adding|added)\b", re.IGNORECASE)


def _drop_inside_demand(text: str, found: dict, demand: int) -> None:
    """Cues of types ranked above demand inside what a speaker demands of another party
    ("urged Manila to stop stirring up trouble and to honour its commitments") are part of
    the demand, not the speaker's own assurance or doubt: drop them from ``found``."""
    d = found[demand]
    if d.mention or not (_DEMAND_TO.search(text, d.start, d.end)
                         or _OBJ_TO.match(text, d.end)):
        return
    for t in [t for t in found if t < demand]:
        m = found[t]
        if m.start >= d.end and not _CLAUSE_BREAK.search(text, d.end, m.start):
            del found[t]


_TELLS_OWN = re.compile(
    r"\b(?:informed|told|assured|briefed|notified|reassured|reminded)\s+(?:[\w’'.-]+\s+){1,4}?"
    r"that\s+(?:its|our|it|we)\b[^.;:“”\"]*$", re.IGNORECASE)
_FIRST_WORD = re.compile(r"[A-Za-z]+")


def _tells_own_act(text: str, cue_start: int) -> bool:
    """Whether the cue at ``cue_start`` is a past act of the speaker's own side, reported to
    another party ("… informed Pakistan that its supreme leader warned the group to …")."""
    if cue_start < 20 or "that" not in text[:cue_start]:
        return False
    w = _FIRST_WORD.match(text, cue_start)
    if w is None:
        return False
    verb = w.group().lower()
    if not (verb.endswith("ed") or verb in irregular_past_forms()):
        return False
    return _TELLS_OWN.search(text[max(0, cue_start - 200):cue_start]) is not None


_RELATIVE = re.compile(r",\s*(?:which|who|whom|whose)\b[^,;:!?“”\"]*")
#: background clauses: restrictive relatives ("nobody who depends on", "the monitoring that
#: was requested", "a memorandum that calls for") and time clauses hung on the main clause
#: (", days after the two sides reaffirmed …", "shortly before cuts were pushed through")
_BACKGROUND = re.compile(
    r"(?<=[a-z]\s)(?:(?:who|which)\s+(?:\w+ly\s+)?(?!(?:i|we|you|they|he|she|it)\b)[a-z]+"
    r"|that\s+(?:(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+[a-z]+ed"
    r"|(?!(?:is|was|has|this|its|it|us)\b)[a-z]+s))\b"
    r"[^,;:!?“”\"]*?(?=\s(?:will|would|can|could|must|should|may|might|shall|is|are|was|"
    r"were|has|have|had|said|says|told)\b|[,;:!?“”\"]|$)"
    r"|,\s*(?:(?:only\s+|just\s+)?(?:hours|days|weeks|months|years|a\s+day|a\s+week|"
    r"a\s+month|a\s+year|shortly|soon|not\s+long|long)\s+)(?:after|before)\b[^;:!?“”\"]*")
#: words before "that" that open a reported clause, not a relative one
_THAT_VERBS = frozenset(["said", "says", "say", "told", "tells", "argues", "argue", "insists",
                         "claims", "warns", "believes", "thinks", "knows", "means", "shows",
                         "suggests", "adds", "stresses", "notes", "hopes", "fears", "so",
                         "such", "now", "is", "was", "are", "were", "clear", "sure", "fact",
                         "insist", "claim", "warn", "believe", "think", "know", "mean", "show",
                         "suggest", "add", "stress", "note", "hope", "fear", "feel", "feels",
                         "agree", "agrees", "ensure", "ensures", "given", "saying"])


def _background_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _RELATIVE.finditer(text)]
    if "who" in text or "which" in text or "that" in text or "after" in text \
            or "before" in text:
        for m in _BACKGROUND.finditer(text):
            if text.startswith("that", m.start()):
                prev = text[max(0, m.start() - 20):m.start()].split()
                if prev and (prev[-1].lower() in _THAT_VERBS or prev[-1].endswith("ed")):
                    continue  # "said that …", "warned that …": the reported clause
            spans.append(m.span())
    return spans


def _foreground(text: str, ms: list[_Match]) -> list[_Match]:
    """The matches outside background clauses, when there are any.

    ", which once guaranteed the truce," and ", which have been blamed on ..." give
    background about a noun, as do restrictive relatives ("a memorandum that calls for …")
    and time clauses (", days after both sides reaffirmed …"): their cues do not code the
    statement when a cue of another type stands in the main clause ("Norway, which once
    mediated, offered to host talks").
    """
    spans = _background_spans(text)
    if not spans:
        return ms
    main = [m for m in ms if not any(s <= m.start and m.end <= e for s, e in spans)]
    return main if main and len(main) < len(ms) else ms


_CACHE: dict[str, _Compiled] = {}


def _compiled(codebook) -> _Compiled:
    cb = codebook if isinstance(codebook, Codebook) else resolve_codebook(codebook)
    key = cb.fingerprint
    comp = _CACHE.get(key)
    if comp is None:
        if len(_CACHE) > 16:
            _CACHE.clear()
        comp = _CACHE[key] = _Compiled(cb)
    return comp





try:  # whether pandas infers its str dtype for a column of strings (pandas >= 2.3)
    from pandas._config import using_string_dtype as _using_string_dtype
except ImportError:  # pragma: no cover - older pandas: the column-by-column path
    def _using_string_dtype() -> bool:
        return False

_CODED = ("type", "cue", "cue_start", "cue_end", "secondary_types", "hedges", "confidence",
          "coded_by", "route")
#: the values of the ``route`` column: how a code was reached (a learned model's code:
#: ``model``)
ROUTES = ("cue", "contested_cue", "speech_act", "reported_clause", "default_narrator",
          "default_attributed", "carried_over")

_COLUMNS: dict[tuple, pd.Index] = {}


def _int_list(col: pd.Series) -> list[int]:
    """A column of offsets as ints (missing or unreadable: 0)."""
    if col.dtype == np.int64:
        return col.tolist()
    return pd.to_numeric(col, errors="coerce").fillna(0).astype(int).tolist()


def _str_list(col: pd.Series) -> list[str]:
    """A column as strings, missing values as ""."""
    if isinstance(col.dtype, pd.StringDtype):  # str or a missing value, nothing else
        return [v if v.__class__ is str else "" for v in col.tolist()]
    return col.fillna("").astype(str).tolist()


def _with_columns(statements: pd.DataFrame, n: int, types, cues, cs, ce, missing, sec, hed,
                  conf, routes) -> pd.DataFrame:
    """``statements`` with the coded columns appended (or replaced), built in one step."""
    mask = np.asarray(missing, dtype=bool)
    cue_start = pd.arrays.IntegerArray(np.asarray(cs, dtype=np.int64), mask)
    cue_end = pd.arrays.IntegerArray(np.asarray(ce, dtype=np.int64), mask.copy())
    confidence = np.asarray(conf, dtype=float)
    cols = statements.columns
    fast = (n > 0 and cols.is_unique and _using_string_dtype()
            and (cols.dtype == object or isinstance(cols.dtype, pd.StringDtype))
            and not any(c in cols for c in _CODED))
    if not fast:  # column by column, as pandas infers each (empty tables, re-coding)
        out = statements.copy()
        out["type"] = types
        out["cue"] = cues
        out["cue_start"] = cue_start
        out["cue_end"] = cue_end
        out["secondary_types"] = sec
        out["hedges"] = hed
        out["confidence"] = confidence
        out["coded_by"] = "rules"
        out["route"] = routes
        return out
    sd = pd.StringDtype(na_value=np.nan)  # what pandas infers for a column of str
    added = [pd.array(types, dtype=sd), pd.array(cues, dtype=sd), cue_start, cue_end,
             pd.array(sec, dtype=sd), pd.array(hed, dtype=sd), confidence,
             pd.array(["rules"] * n, dtype=sd), pd.array(routes, dtype=sd)]
    key = (cols.dtype, tuple(cols))
    names = _COLUMNS.get(key)
    if names is None:  # the column labels as inserting the columns one by one makes them
        names = pd.Index([*cols, *_CODED], dtype=cols.dtype)
        if len(_COLUMNS) > 64:
            _COLUMNS.clear()
        _COLUMNS[key] = names
    try:
        # a private constructor, much cheaper than concat; the copy owns its arrays
        own = statements.copy()
        return pd.DataFrame._from_arrays(list(own._iter_column_arrays()) + added, names,
                                         own.index, verify_integrity=False)
    except (AttributeError, TypeError):  # pragma: no cover - other pandas versions
        new = pd.DataFrame(dict(zip(_CODED, added)), index=statements.index, copy=False)
        out = pd.concat([statements, new], axis=1)
        out.columns = names
        return out


def explain_text(text: str, codebook=None) -> dict:
    """The rule code of one text with its evidence (type, cue, offsets, secondary, hedges)."""
    t, cue, s, e, sec, hed, conf, _, route = _compiled(codebook).code(text)
    return {"type": t, "cue": cue, "cue_start": s, "cue_end": e, "secondary_types": sec,
            "hedges": hed, "confidence": conf, "route": route}


def _carry_over(comp, types, conf, routes, speakers, articles) -> None:
    """Give a cue-less attributed statement the type of the statement before it when the
    same speaker made both (in the same article) and that type is not the default: the
    quotation or paraphrase runs on ("He added that ..."). Only a type with evidence of
    its own is carried, not one carried itself (a third cue-less sentence in a row is
    more often background than the same act). Changes the lists in place."""
    default = comp.types[comp.default]
    for i in range(1, len(types)):
        if (routes[i] == "default_attributed" and speakers[i]
                and speakers[i] == speakers[i - 1] and articles[i] == articles[i - 1]
                and types[i - 1] != default and routes[i - 1] != "carried_over"):
            types[i] = types[i - 1]
            conf[i] = comp.conf["carried_over"]
            routes[i] = "carried_over"


def code_types(statements: pd.DataFrame, codebook=None, model=None) -> pd.DataFrame:
    """Code each statement's type with the codebook's rules (and a learned model if given).

    Parameters
    ----------
    statements : pandas.DataFrame
        At least ``text``; ``start`` (absolute offset of the statement) makes ``cue_start``
        and ``cue_end`` absolute. Optional ``speaker`` and ``speaker_verb`` (from the speaker
        step) are used for the narrator and speech-act rules.
    codebook : Codebook, path or None
        The coding scheme (None: the packaged reference codebook).
    model : fitted learned coder or None
        When given, :func:`analysis.model.apply_model` combines it with the rule codes.

    Returns
    -------
    pandas.DataFrame
        A copy with ``type``, ``cue``, ``cue_start``, ``cue_end``, ``secondary_types``,
        ``hedges``, ``confidence``, ``coded_by`` (``"rules"``) and ``route`` (how the rules
        reached the code, :data:`ROUTES`; ``model`` where the learned model decided).
    """
    comp = _compiled(codebook)
    if "text" not in statements.columns:
        raise AnalysisError("the statements table has no 'text' column")
    texts = _texts(statements)
    n = len(texts)
    cols = statements.columns
    starts = _int_list(statements["start"]) if "start" in cols else [0] * n
    speakers = _str_list(statements["speaker"]) if "speaker" in cols else [None] * n
    verbs = _str_list(statements["speaker_verb"]) if "speaker_verb" in cols else [None] * n
    types, cues, sec, hed, conf, routes = [], [], [], [], [], []
    cs = [0] * n
    ce = [0] * n
    missing = [False] * n
    code = comp.code
    for i, (text, start, spk, verb) in enumerate(zip(texts, starts, speakers, verbs)):
        t, cue, s, e, secondary, hedges, c, _, route = code(text, spk or None, verb or None)
        types.append(t)
        routes.append(route)
        cues.append(cue)
        if s is None:
            missing[i] = True
        else:
            cs[i] = start + s
            ce[i] = start + e
        sec.append(secondary)
        hed.append(hedges)
        conf.append(c)
    if comp.carry_over and "speaker" in cols:
        articles = _str_list(statements["article_id"]) if "article_id" in cols else [""] * n
        _carry_over(comp, types, conf, routes, speakers, articles)
    out = _with_columns(statements, n, types, cues, cs, ce, missing, sec, hed, conf, routes)
    if model is not None:
        try:
            from .model import apply_model
        except ImportError:
            raise AnalysisError("a model was given but this version has no learned coder "
                                "(analysis.model.apply_model is missing)") from None
        out = apply_model(out, model)
    return out


class RuleCoder(ClassifierMixin, BaseEstimator):
    """The codebook's rules as a scikit-learn classifier (nothing is learned).

    Parameters
    ----------
    codebook : Codebook, path or None
        The coding scheme; None = the packaged reference codebook. Loaded and validated in
        :meth:`fit`.

    Attributes
    ----------
    codebook_ : Codebook
    classes_ : numpy.ndarray
        Type names in precedence order.
    """

    def __init__(self, codebook=None):
        self.codebook = codebook

    def fit(self, X=None, y=None):
        """Load and validate the codebook (the rules need no training data)."""
        self.codebook_ = resolve_codebook(self.codebook)
        self._comp = _compiled(self.codebook_)
        self.classes_ = np.array(self.codebook_.type_names)
        return self

    def _check(self) -> _Compiled:
        if not hasattr(self, "codebook_"):
            self.fit()
        return _compiled(self.codebook_)

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_comp", None)  # compiled patterns are rebuilt (and cached) on use
        return state

    def predict(self, X) -> np.ndarray:
        """Primary type of each text."""
        comp = self._check()
        return np.array([comp.code(t)[0] for t in _texts(X)], dtype=object)

    def explain(self, X) -> pd.DataFrame:
        """Type, cue, cue offsets (relative to each text), secondary types, hedges,
        confidence and route."""
        comp = self._check()
        rows = []
        for text in _texts(X):
            t, cue, s, e, sec, hed, conf, _, route = comp.code(text)
            rows.append({"type": t, "cue": cue, "cue_start": pd.NA if s is None else s,
                         "cue_end": pd.NA if e is None else e, "secondary_types": sec,
                         "hedges": hed, "confidence": conf, "route": route})
        out = pd.DataFrame(rows, columns=["type", "cue", "cue_start", "cue_end",
                                          "secondary_types", "hedges", "confidence", "route"])
        out["cue_start"] = out["cue_start"].astype("Int64")
        out["cue_end"] = out["cue_end"].astype("Int64")
        return out


class RuleCueFeatures(TransformerMixin, BaseEstimator):
    """Cue-match indicators per type, for a learned coder.

    ``transform`` returns an array (n_texts, n_types + 3): for each type 1.0 if one of its
    cues matched (after negation and overlap resolution), then ``negated`` (a cue was
    negated), ``hedged`` (a hedge or evidential occurs) and ``rule_primary_default`` (no
    cue matched).

    Parameters
    ----------
    codebook : Codebook, path or None
    """

    def __init__(self, codebook=None):
        self.codebook = codebook

    def fit(self, X=None, y=None):
        """Load and validate the codebook."""
        self.codebook_ = resolve_codebook(self.codebook)
        self._comp = _compiled(self.codebook_)
        self.n_features_out_ = len(self.codebook_.types) + 3
        return self

    def transform(self, X) -> np.ndarray:
        if not hasattr(self, "codebook_"):
            from sklearn.exceptions import NotFittedError
            raise NotFittedError("RuleCueFeatures is not fitted yet; call fit first")
        comp = _compiled(self.codebook_)
        texts = _texts(X)
        k = len(comp.types)
        out = np.zeros((len(texts), k + 3), dtype=float)
        for row, text in enumerate(texts):
            ms = comp.matches(text)
            for m in ms:
                out[row, m.type] = 1.0
            out[row, k] = float(any(m.negated for m in ms))
            out[row, k + 1] = float(bool(comp.hedges(text)))
            out[row, k + 2] = float(not ms)
        return out

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_comp", None)
        return state

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        if not hasattr(self, "codebook_"):
            self.fit()
        names = [f"cue_{t}" for t in self.codebook_.type_names]
        return np.array(names + ["cue_negated", "hedged", "no_cue"], dtype=object)
