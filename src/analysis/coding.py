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
6. **Speech act.** With no cue in the text, the reporting verb found by the speaker step
   (``speaker_verb``, e.g. "urge") codes the statement if a type lists it in
   ``speech_acts``.
7. **Fallback.** Otherwise the codebook's ``default_type`` (``context``).

``confidence`` of a rule code: 1.0 when a cue matched, 0.8 for a speech-act code, 0.7 for
the fallback on narrator statements and 0.5 for the fallback on attributed statements
(where a position the cues missed is more likely).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin

from .codebook import Codebook, cue_regex, load_codebook, resolve_codebook
from .errors import AnalysisError

__all__ = ["TYPES", "RuleCoder", "RuleCueFeatures", "code_types", "explain_text"]

#: type names of the reference codebook, in precedence order
TYPES: list[str] = load_codebook().type_names

CONF_CUE = 1.0
CONF_SPEECH_ACT = 0.8
CONF_DEFAULT_NARRATOR = 0.7
CONF_DEFAULT = 0.5

_KEEP = -2
_IGNORE = -1
_BOUNDARY = re.compile(
    r"""[,;:.!?()\[\]"“”—–]|\s-\s|\s--\s|\b(?:but|while|although|though|whereas|because|since|"""
    r"""after|before|when|if|unless|that|which|who|whether|and\s+(?:the|it|they|he|she|we))\b""",
    re.IGNORECASE)
_WORD = re.compile(r"[\w'’-]+")


@dataclass
class _Match:
    start: int
    end: int
    type: int      # index into the compiled type list, or _IGNORE (negated/neutral)
    negated: bool
    mention: bool = False


def _combine(regexes: list[str], where: str, path) -> re.Pattern | None:
    """One case-insensitive alternation; longer patterns first (tried first at a position)."""
    if not regexes:
        return None
    regexes = sorted(regexes, key=len, reverse=True)
    try:
        return re.compile("|".join(f"(?:{r})" for r in regexes), re.IGNORECASE)
    except re.error as exc:
        raise AnalysisError(f"{where}: cues cannot be combined into one pattern ({exc}); "
                            "remove inline flags or named groups from its patterns",
                            path) from None


class _Compiled:
    """A codebook's cues compiled once (cached per codebook fingerprint)."""

    def __init__(self, cb: Codebook):
        self.codebook = cb
        self.types = cb.type_names
        self.default = self.types.index(cb.default_type)
        self.type_rx: list[re.Pattern | None] = []
        self.mention_rx: list[re.Pattern | None] = []
        self.when_negated: list[int] = []
        for spec in cb.types:
            self.type_rx.append(_combine(spec.cues.regexes(), f"type {spec.name!r}", cb.path))
            self.mention_rx.append(_combine(spec.cues.mention_regexes(), f"type {spec.name!r}",
                                            cb.path))
            w = spec.when_negated
            self.when_negated.append(_KEEP if w == "keep" else _IGNORE if w == "ignore"
                                     else self.types.index(w))
        self.neutral_rx = _combine(cb.neutral.regexes() + cb.neutral.mention_regexes(),
                                   "'neutral'", cb.path)
        self.hedge_rx = None
        if cb.hedges:
            hs = sorted((cue_regex(h, "phrase") for h in cb.hedges), key=len, reverse=True)
            self.hedge_rx = re.compile("|".join(hs), re.IGNORECASE)
        self.neg_rx = None
        if cb.negators:
            parts = []
            for n in sorted(cb.negators, key=len, reverse=True):
                if n.lower() in ("n't", "n’t"):
                    parts.append(r"\w+n['’]t\b")
                else:
                    parts.append(cue_regex(n, "phrase"))
            self.neg_rx = re.compile("|".join(parts), re.IGNORECASE)
        self.window = cb.negation_window
        self.speech_acts: dict[str, int] = {}
        for i, spec in enumerate(cb.types):
            for verb in spec.speech_acts:
                self.speech_acts.setdefault(verb.lower(), i)
        self.narrator_label = cb.narrator_label
        self.narrator_allowed = (None if cb.narrator_types is None
                                 else {self.types.index(t) for t in cb.narrator_types})

    # -- matching -------------------------------------------------------------------------
    def _negator_start(self, text: str, pos: int) -> int:
        """Start of a negator governing the cue at ``pos``, or -1."""
        if self.neg_rx is None or self.window <= 0:
            return -1
        lo = max(0, pos - 90)
        prefix = text[lo:pos]
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
        cands: list[_Match] = []
        if self.neutral_rx is not None:
            for m in self.neutral_rx.finditer(text):
                if m.end() > m.start():
                    cands.append(_Match(m.start(), m.end(), _IGNORE, False))
        for i, (rx, mrx) in enumerate(zip(self.type_rx, self.mention_rx)):
            wn = self.when_negated[i]
            for pattern, is_mention in ((rx, False), (mrx, True)):
                if pattern is None or (is_mention and not mentions):
                    continue
                for m in pattern.finditer(text):
                    s, e = m.span()
                    if e == s:
                        continue
                    t, neg = i, False
                    if wn != _KEEP:
                        ns = self._negator_start(text, s)
                        if ns >= 0:
                            t, neg, s = wn, True, ns
                    cands.append(_Match(s, e, t, neg, is_mention))
        if len(cands) > 1:
            # longest first; ties: the match whose type comes first in precedence
            cands.sort(key=lambda c: (-(c.end - c.start), c.type if c.type >= 0 else 99,
                                      c.start))
            kept: list[_Match] = []
            for c in cands:
                if all(c.end <= k.start or c.start >= k.end for k in kept):
                    kept.append(c)
            cands = kept
        cands.sort(key=lambda c: c.start)
        return [c for c in cands if c.type >= 0]

    def hedges(self, text: str) -> str:
        if self.hedge_rx is None:
            return ""
        seen: list[str] = []
        for m in self.hedge_rx.finditer(text):
            h = " ".join(m.group(0).lower().split())
            if h not in seen:
                seen.append(h)
        return "; ".join(seen)

    def code(self, text: str, speaker: str | None = None, verb: str | None = None):
        """(type, cue, cue_start, cue_end, secondary, hedges, confidence, negated) of a text."""
        narrator = speaker is not None and speaker == self.narrator_label
        ms = self.matches(text, mentions=not narrator)
        found: dict[int, _Match] = {}
        for m in ms:
            found.setdefault(m.type, m)
        order = sorted(found)
        allowed = order
        if self.narrator_allowed is not None and narrator:
            allowed = [t for t in order if t in self.narrator_allowed]
        hedges = self.hedges(text)
        negated = any(m.negated for m in ms)
        if allowed:
            p = allowed[0]
            m = found[p]
            secondary = "; ".join(self.types[t] for t in order if t != p)
            return (self.types[p], text[m.start:m.end], m.start, m.end, secondary, hedges,
                    CONF_CUE, negated)
        secondary = "; ".join(self.types[t] for t in order if t != self.default)
        if verb and speaker != self.narrator_label:
            t = self.speech_acts.get(str(verb).lower())
            if t is not None:
                return (self.types[t], str(verb), None, None, secondary, hedges,
                        CONF_SPEECH_ACT, negated)
        conf = CONF_DEFAULT_NARRATOR if (speaker is None or speaker == self.narrator_label) \
            else CONF_DEFAULT
        return (self.types[self.default], "", None, None, secondary, hedges, conf, negated)


_CACHE: dict[str, _Compiled] = {}


def _compiled(codebook) -> _Compiled:
    cb = resolve_codebook(codebook)
    key = cb.fingerprint
    comp = _CACHE.get(key)
    if comp is None:
        if len(_CACHE) > 16:
            _CACHE.clear()
        comp = _CACHE[key] = _Compiled(cb)
    return comp


def _texts(X) -> list[str]:
    if X is None:
        raise AnalysisError("no texts given")
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise AnalysisError("the table has no 'text' column")
        X = X["text"]
    if isinstance(X, str):
        raise AnalysisError("pass a list of texts, not a single string")
    return ["" if (v is None or (isinstance(v, float) and np.isnan(v))) else str(v) for v in X]


def explain_text(text: str, codebook=None) -> dict:
    """The rule code of one text with its evidence (type, cue, offsets, secondary, hedges)."""
    t, cue, s, e, sec, hed, conf, _ = _compiled(codebook).code(text)
    return {"type": t, "cue": cue, "cue_start": s, "cue_end": e, "secondary_types": sec,
            "hedges": hed, "confidence": conf}


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
        ``hedges``, ``confidence`` and ``coded_by`` (``"rules"``).
    """
    comp = _compiled(codebook)
    out = statements.copy()
    n = len(out)
    texts = _texts(out) if "text" in out.columns else None
    if texts is None:
        raise AnalysisError("the statements table has no 'text' column")
    starts = (pd.to_numeric(out["start"], errors="coerce").fillna(0).astype(int).tolist()
              if "start" in out.columns else [0] * n)
    speakers = (out["speaker"].fillna("").astype(str).tolist() if "speaker" in out.columns
                else [None] * n)
    verbs = (out["speaker_verb"].fillna("").astype(str).tolist()
             if "speaker_verb" in out.columns else [None] * n)
    types, cues, cs, ce, sec, hed, conf = [], [], [], [], [], [], []
    for text, start, spk, verb in zip(texts, starts, speakers, verbs):
        t, cue, s, e, secondary, hedges, c, _ = comp.code(text, spk or None, verb or None)
        types.append(t)
        cues.append(cue)
        cs.append(pd.NA if s is None else start + s)
        ce.append(pd.NA if e is None else start + e)
        sec.append(secondary)
        hed.append(hedges)
        conf.append(c)
    out["type"] = types
    out["cue"] = cues
    out["cue_start"] = pd.array(cs, dtype="Int64")
    out["cue_end"] = pd.array(ce, dtype="Int64")
    out["secondary_types"] = sec
    out["hedges"] = hed
    out["confidence"] = np.asarray(conf, dtype=float)
    out["coded_by"] = "rules"
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
        return self._comp

    def predict(self, X) -> np.ndarray:
        """Primary type of each text."""
        comp = self._check()
        return np.array([comp.code(t)[0] for t in _texts(X)], dtype=object)

    def explain(self, X) -> pd.DataFrame:
        """Type, cue, cue offsets (relative to each text), secondary types and hedges."""
        comp = self._check()
        rows = []
        for text in _texts(X):
            t, cue, s, e, sec, hed, conf, _ = comp.code(text)
            rows.append({"type": t, "cue": cue, "cue_start": pd.NA if s is None else s,
                         "cue_end": pd.NA if e is None else e, "secondary_types": sec,
                         "hedges": hed, "confidence": conf})
        out = pd.DataFrame(rows, columns=["type", "cue", "cue_start", "cue_end",
                                          "secondary_types", "hedges", "confidence"])
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
        comp = self._comp
        texts = _texts(X)
        k = len(comp.types)
        out = np.zeros((len(texts), k + 3), dtype=float)
        for row, text in enumerate(texts):
            ms = comp.matches(text)
            for m in ms:
                out[row, m.type] = 1.0
            out[row, k] = float(any(m.negated for m in ms))
            out[row, k + 1] = float(comp.hedge_rx is not None
                                    and comp.hedge_rx.search(text) is not None)
            out[row, k + 2] = float(not ms)
        return out

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        if not hasattr(self, "codebook_"):
            self.fit()
        names = [f"cue_{t}" for t in self.codebook_.type_names]
        return np.array(names + ["cue_negated", "hedged", "no_cue"], dtype=object)
