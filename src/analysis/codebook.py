"""The coding scheme as data: statement types, their cues, precedence and examples.

A codebook is a YAML file (the reference one is ``codebooks/default.yaml`` inside the
package). :func:`load_codebook` reads and validates it; :func:`resolve_codebook` turns
``None``, a path or a :class:`Codebook` into a :class:`Codebook` (the pipeline calls it
once, before any article is read). Every problem with a codebook file raises an
:class:`~analysis.errors.AnalysisError` naming the file, the type and the problem.

File format (the reference file, ``codebooks/default.yaml``, is commented throughout)::

    name: reference
    precedence: [skepticism, assurance, demand, accusation, engagement, context]
    default_type: context          # the fallback type (no cue matched)
    narrator:                      # optional: types the journalist's own voice can take
      label: narrator
      types: [skepticism, engagement, context]
    hedges: [reportedly, allegedly, "is said to", ...]   # optional, recorded in `hedges`
    hedge_patterns: ['\\b(?-i:may)\\b']               # optional, as regular expressions
    negation:                      # optional (absent: DEFAULT_NEGATORS, window 3)
      negators: [not, "n't", never, no, "failed to", ...]
      window: 3                    # words before a cue, inside its clause
    neutral:                       # optional: look-alikes that code nothing
      phrases: ["neither confirm nor deny", ...]
    carry_over: true               # optional (default true): a cue-less statement of the
                                   # speaker of the statement before continues its type
    types:
      skepticism:
        label: Skepticism
        definition: doubts or dismisses another party's assurances ...
        rules: ["Refusing another party's call is skepticism.", ...]
        when_negated: ignore       # keep, ignore, or the name of another type
        speech_acts: [doubt, dismiss]   # reporting verbs (speaker step) coding cue-less text
        cues:
          phrases: ["no significant change", ...]      # literal words ("..." = a gap)
          lemmas: [doubt, "call into question", ...]   # first word inflected
          patterns: ['\\bunconvinced\\b', ...]         # regular expressions
          mentions: [talks, ...]   # topic words: weaker, never for the narrator
          negated: [believe, "add up", ...]  # count only when negated ("did not believe")
        examples: ["Officials remain unconvinced by the pledge."]
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import AnalysisError
from .inflect import inflections

__all__ = [
    "Codebook",
    "CueSet",
    "TypeSpec",
    "cue_regex",
    "default_codebook_path",
    "inflections",
    "load_codebook",
    "resolve_codebook",
]

_NEGATION_MODES = ("keep", "ignore")
#: negators used when a codebook has no ``negation`` section
DEFAULT_NEGATORS = ("not", "n't", "cannot", "never", "no", "none", "nor", "neither", "without",
                    "no longer", "hardly", "barely", "failed to", "fail to", "fails to",
                    "refused to", "refuses to", "unable to", "unwilling to", "lack of")
_CUE_KINDS = ("phrases", "lemmas", "patterns", "mentions", "negated")
_TOP_KEYS = {"name", "description", "version", "precedence", "default_type", "hedges",
             "hedge_patterns",
             "negation", "types", "narrator", "neutral", "reported_clause", "confidence",
             "carry_over"}
#: how a rule code can be reached; the ``confidence`` section gives each a confidence
CONFIDENCE_ROUTES = ("cue", "contested_cue", "speech_act", "default_narrator",
                     "default_attributed", "carried_over")
#: confidences of the routes when a codebook has no ``confidence`` section (ranks of
#: evidence, not measured)
DEFAULT_CONFIDENCE = {"cue": 1.0, "contested_cue": 1.0, "speech_act": 0.8,
                      "default_narrator": 0.7, "default_attributed": 0.5,
                      "carried_over": 0.5}
#: the cases of the reported-clause fallback (see :class:`Codebook`)
REPORTED_CASES = ("self_future", "self_negated_future", "self_act", "self_denial", "joint",
                  "other_act", "other_negated")
_TYPE_KEYS = {"label", "definition", "rules", "cues", "examples", "when_negated",
              "speech_acts"}


@dataclass(frozen=True)
class CueSet:
    """The cues of one type, as written in the codebook."""

    phrases: tuple[str, ...] = ()
    lemmas: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    #: lemma cues that count only when negated ("did not believe" -> skepticism)
    negated: tuple[str, ...] = ()

    def __len__(self) -> int:
        return (len(self.phrases) + len(self.lemmas) + len(self.patterns) + len(self.mentions)
                + len(self.negated))

    def to_dict(self) -> dict[str, list[str]]:
        out = {"phrases": list(self.phrases), "lemmas": list(self.lemmas),
               "patterns": list(self.patterns), "mentions": list(self.mentions)}
        if self.negated:  # only when used: older codebooks keep their fingerprint
            out["negated"] = list(self.negated)
        return out

    def regexes(self) -> list[str]:
        """Every full cue as a regular expression (phrases and lemmas expanded)."""
        return ([cue_regex(p, "phrase") for p in self.phrases]
                + [cue_regex(p, "lemma") for p in self.lemmas]
                + list(self.patterns))

    def indexed(self, mentions: bool = False) -> list[tuple[str, set[str] | None]]:
        """(regex, first words) of the full cues, or of the mention cues."""
        if mentions:
            return [(cue_regex(p, "phrase"), cue_words(p, "phrase")) for p in self.mentions]
        return ([(cue_regex(p, "phrase"), cue_words(p, "phrase")) for p in self.phrases]
                + [(cue_regex(p, "lemma"), cue_words(p, "lemma")) for p in self.lemmas]
                + [(p, None) for p in self.patterns])

    def negated_indexed(self) -> list[tuple[str, set[str] | None]]:
        """(regex, first words) of the cues that count only when negated (lemma-inflected)."""
        return [(cue_regex(p, "lemma"), cue_words(p, "lemma")) for p in self.negated]

    def mention_regexes(self) -> list[str]:
        """The mention cues (topic words) as regular expressions."""
        return [cue_regex(p, "phrase") for p in self.mentions]


@dataclass(frozen=True)
class TypeSpec:
    """One statement type: its name, label, definition, decision rules, cues, examples."""

    name: str
    label: str
    definition: str = ""
    rules: tuple[str, ...] = ()
    cues: CueSet = field(default_factory=CueSet)
    examples: tuple[str, ...] = ()
    when_negated: str = "keep"
    speech_acts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    """A validated coding scheme.

    Attributes
    ----------
    name : str
    path : str or None
        The file it was read from (None when built in Python).
    types : tuple of TypeSpec
        In precedence order: the first type whose cue matches is the primary type.
    default_type : str
        The fallback type when no cue matches (``context`` in the reference codebook).
    hedges : tuple of str
        Hedge and evidential expressions recorded in the ``hedges`` column.
    hedge_patterns : tuple of str
        More hedges, as regular expressions.
    negators : tuple of str
        Words that negate a cue when they occur shortly before it in the same clause.
    negation_window : int
        How many words before a cue are searched for a negator.
    reported_clause : tuple of (case, type) pairs
        The reported-clause fallback for attributed statements without cues (cases in
        ``REPORTED_CASES``); empty = off.
    reported_confidence : float
        The confidence of a reported-clause code.
    confidence : tuple of (route, value) pairs
        The ``confidence`` section: the confidence of a rule code by how it was reached
        (routes in ``CONFIDENCE_ROUTES``); routes not given take ``DEFAULT_CONFIDENCE``.
    carry_over : bool
        Whether an attributed statement with no cue, whose speaker also spoke the statement
        before it, continues that statement's type (route ``carried_over``) instead of
        taking the default type: a quotation or paraphrase running on ("He added that ...")
        usually carries on the same act. True unless the file says ``carry_over: false``.
    """

    name: str
    types: tuple[TypeSpec, ...]
    default_type: str
    path: str | None = None
    description: str = ""
    hedges: tuple[str, ...] = ()
    hedge_patterns: tuple[str, ...] = ()
    negators: tuple[str, ...] = ()
    negation_window: int = 4
    narrator_label: str = "narrator"
    narrator_types: tuple[str, ...] | None = None
    #: reported-clause fallback: case -> type (empty: off), and its confidence
    reported_clause: tuple[tuple[str, str], ...] = ()
    reported_confidence: float = 0.6
    neutral: CueSet = field(default_factory=CueSet)
    confidence: tuple[tuple[str, float], ...] = ()
    carry_over: bool = True

    def route_confidence(self, route: str) -> float:
        """The confidence of a rule code reached by ``route`` (see ``CONFIDENCE_ROUTES``)."""
        return dict(self.confidence).get(route, DEFAULT_CONFIDENCE[route])

    @property
    def type_names(self) -> list[str]:
        """Type names in precedence order."""
        return [t.name for t in self.types]

    @property
    def precedence(self) -> list[str]:
        """Alias of :attr:`type_names`."""
        return self.type_names

    def __getitem__(self, name: str) -> TypeSpec:
        for t in self.types:
            if t.name == name:
                return t
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return any(t.name == name for t in self.types)

    def to_dict(self) -> dict[str, Any]:
        """The canonical content (what the fingerprint is computed from)."""
        return {
            "name": self.name,
            "precedence": self.type_names,
            "default_type": self.default_type,
            "hedges": list(self.hedges),
            "hedge_patterns": list(self.hedge_patterns),
            "negation": {"negators": list(self.negators), "window": self.negation_window},
            "neutral": self.neutral.to_dict(),
            **({"reported_clause": {**dict(self.reported_clause),
                                    "confidence": self.reported_confidence}}
               if self.reported_clause else {}),
            # only when given: codebooks without the section keep their fingerprint
            **({"confidence": dict(self.confidence)} if self.confidence else {}),
            **({} if self.carry_over else {"carry_over": False}),
            "narrator": {"label": self.narrator_label,
                         "types": None if self.narrator_types is None
                         else list(self.narrator_types)},
            "types": {
                t.name: {
                    "label": t.label,
                    "definition": t.definition,
                    "rules": list(t.rules),
                    "when_negated": t.when_negated,
                    "speech_acts": list(t.speech_acts),
                    "cues": t.cues.to_dict(),
                    "examples": list(t.examples),
                }
                for t in self.types
            },
        }

    @cached_property
    def fingerprint(self) -> str:
        """sha256 of the canonical content: equal for equal schemes, whatever the file."""
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def __hash__(self) -> int:  # usable as a cache key
        return hash(self.fingerprint)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Codebook) and self.fingerprint == other.fingerprint


# ---------------------------------------------------------------------------
# cue expansion

_GAP = r"(?:\s+[\w'’.-]+){1,4}?"
#: closed-class words that take no plural when they end a lemma cue ("turn down", "call for")
_CLOSED = frozenset([
    "about", "above", "across", "after", "against", "along", "among", "around", "away",
    "back", "before", "behind", "below", "beside", "between", "beyond", "down",
    "during", "from", "into", "near", "onto", "over", "past", "since", "than", "that",
    "their", "them", "there", "these", "they", "this", "those", "through", "toward",
    "towards", "under", "until", "upon", "what", "when", "where", "which", "while",
    "whom", "whose", "with", "within", "without", "your",
])
_SEP = r"(?:\s+[\"“”‘]?|[\"“”’]\s*)"  # spaces, or a quotation mark between words


def _literal(word: str) -> str:
    return re.sub("['’]", "['’]", re.escape(word))


def cue_words(cue: str, kind: str = "phrase") -> set[str] | None:
    """The lower-case words (runs of letters/digits) a phrase or lemma cue starts with."""
    first = cue.split()[0] if cue.split() else ""
    forms = inflections(first, derived=True) if kind == "lemma" else [first]
    out = set()
    for f in forms:
        m = re.match(r"\w+", f.lower())
        if m is None:
            return None
        out.add(m.group())
    return out


def cue_regex(cue: str, kind: str = "phrase") -> str:
    """The regular expression of a phrase or lemma cue.

    Words are matched case-insensitively, at word boundaries, with any run of spaces
    between them; ``...`` stands for a gap of one to four words. In a ``lemma`` cue the
    first word is expanded to its inflections ("call for" → calls/called/calling for).
    """
    words = cue.split()
    parts = []
    for i, w in enumerate(words):
        if w == "...":
            parts.append(None)
            continue
        if kind == "lemma" and i == 0:
            parts.append("(?:" + "|".join(_literal(f) for f in
                                          sorted(inflections(w, derived=True), key=len,
                                                 reverse=True)) + ")")
        elif (kind == "lemma" and i == len(words) - 1 and w.isalpha() and len(w) > 3
              and w.lower() not in _CLOSED and not w.lower().endswith("s")):
            parts.append(_literal(w) + "(?:e?s)?")  # "reject the accusation" -> accusations
        else:
            parts.append(_literal(w))
    rx = ""
    for i, p in enumerate(parts):
        if p is None:
            rx += _GAP
            continue
        if i > 0:
            rx += _SEP
        rx += p
    start = r"\b" if re.match(r"\w", words[0]) else ""
    end = r"\b" if re.search(r"\w$", words[-1]) else ""
    return f"{start}{rx}{end}"


# ---------------------------------------------------------------------------
# loading and validation

def default_codebook_path() -> Path:
    """Path of the packaged reference codebook."""
    return _default_path()


@lru_cache(maxsize=1)
def _default_path() -> Path:  # the package does not move while it runs
    return Path(str(resources.files("analysis") / "codebooks" / "default.yaml"))


def _str_list(value, where: str, path, allow_empty: bool = True) -> tuple[str, ...]:
    if value is None:
        value = []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise AnalysisError(f"{where} must be a list of non-empty strings", path)
    if not allow_empty and not value:
        raise AnalysisError(f"{where} is empty", path)
    return tuple(v.strip() for v in value)


def _read_yaml(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AnalysisError("codebook file not found", path) from None
    except OSError as exc:
        raise AnalysisError(f"cannot read codebook: {exc.strerror or exc}", path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnalysisError(f"codebook is not UTF-8 text (bad byte at offset {exc.start}); "
                            "save it as UTF-8", path) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise AnalysisError(f"YAML syntax error{where}: {problem}", path) from None


def codebook_from_dict(data: Any, path: str | Path | None = None) -> Codebook:
    """Validate the parsed content of a codebook file and build a :class:`Codebook`."""
    if not isinstance(data, dict):
        raise AnalysisError("a codebook must be a YAML mapping with 'precedence' and 'types' "
                            f"(got {type(data).__name__})", path)
    unknown = sorted(set(map(str, data)) - _TOP_KEYS)
    if unknown:
        raise AnalysisError(f"unknown top-level key(s) {', '.join(unknown)}; expected some of "
                            f"{', '.join(sorted(_TOP_KEYS))}", path)
    types = data.get("types")
    if not isinstance(types, dict) or not types:
        raise AnalysisError("'types' must be a mapping of type name → definition", path)
    precedence = data.get("precedence")
    if precedence is None:
        precedence = list(types)
    if not isinstance(precedence, list) or not all(isinstance(t, str) for t in precedence):
        raise AnalysisError("'precedence' must be a list of type names", path)
    seen = set()
    for t in precedence:
        if t in seen:
            raise AnalysisError(f"type {t!r} is listed twice in 'precedence' (duplicate type)",
                                path)
        seen.add(t)
        if t not in types:
            raise AnalysisError(f"unknown type {t!r} in 'precedence': it has no entry under "
                                "'types'", path)
    for t in types:
        if t not in seen:
            raise AnalysisError(f"type {t!r} is missing from 'precedence'", path)
    default_type = data.get("default_type", "context" if "context" in types else precedence[-1])
    if default_type not in types:
        raise AnalysisError(f"default_type {default_type!r} is not one of the types", path)

    specs = []
    for name in precedence:
        specs.append(_type_from_dict(name, types[name], default_type, types, path))

    hedges = _str_list(data.get("hedges"), "'hedges'", path)
    hedge_patterns = _str_list(data.get("hedge_patterns"), "'hedge_patterns'", path)
    for h in hedge_patterns:
        _check_regex(h, "hedge pattern", path)
    for h in hedges:
        _check_regex(cue_regex(h, "phrase"), f"hedge {h!r}", path)
    neg = data.get("negation")
    if neg is None:
        neg = {"negators": list(DEFAULT_NEGATORS), "window": 3}
    if not isinstance(neg, dict):
        raise AnalysisError("'negation' must be a mapping with 'negators' and 'window'", path)
    negators = _str_list(neg.get("negators"), "'negation.negators'", path)
    window = neg.get("window", 4)
    if not isinstance(window, int) or isinstance(window, bool) or not 0 <= window <= 20:
        raise AnalysisError("'negation.window' must be a whole number from 0 to 20", path)
    narrator = data.get("narrator") or {}
    if not isinstance(narrator, dict):
        raise AnalysisError("'narrator' must be a mapping with 'label' and 'types'", path)
    narrator_label = narrator.get("label", "narrator")
    if not isinstance(narrator_label, str) or not narrator_label.strip():
        raise AnalysisError("'narrator.label' must be a non-empty string", path)
    narrator_types = None
    if narrator.get("types") is not None:
        narrator_types = _str_list(narrator.get("types"), "'narrator.types'", path)
        for t in narrator_types:
            if t not in types:
                raise AnalysisError(f"unknown type {t!r} in 'narrator.types'", path)
    neutral = data.get("neutral") or {}
    if not isinstance(neutral, dict):
        raise AnalysisError("'neutral' must be a mapping with phrases, lemmas and/or patterns",
                            path)
    neutral = _cueset(neutral, "'neutral'", path)
    _check_cueset(neutral, "'neutral'", path)
    reported, reported_conf = _reported_clause(data.get("reported_clause"), types, path)
    confidence = _confidence(data.get("confidence"), path)
    carry_over = data.get("carry_over", True)
    if not isinstance(carry_over, bool):
        raise AnalysisError("'carry_over' must be true or false", path)
    name = data.get("name") or (Path(path).stem if path else "codebook")
    return Codebook(reported_clause=reported, reported_confidence=reported_conf,
                    confidence=confidence, carry_over=carry_over, neutral=neutral,
                    name=str(name),
                    types=tuple(specs), default_type=default_type,
                    path=None if path is None else str(path),
                    description=str(data.get("description") or ""), hedges=hedges, hedge_patterns=hedge_patterns,
                    negators=negators, negation_window=window,
                    narrator_label=narrator_label.strip(), narrator_types=narrator_types)


def _confidence(spec: Any, path) -> tuple[tuple[str, float], ...]:
    """Validate the ``confidence`` section: route -> number from 0 to 1."""
    if spec is None:
        return ()
    if not isinstance(spec, dict):
        raise AnalysisError("'confidence' must be a mapping of routes to numbers", path)
    out = []
    for route, value in spec.items():
        if route not in CONFIDENCE_ROUTES:
            raise AnalysisError(f"'confidence': unknown route {route!r}; use "
                                f"{', '.join(CONFIDENCE_ROUTES)}", path)
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not 0 <= value <= 1:
            raise AnalysisError(f"'confidence.{route}' must be a number from 0 to 1", path)
        out.append((str(route), float(value)))
    return tuple(sorted(out))


def _reported_clause(spec: Any, types: dict, path) -> tuple[tuple, float]:
    """Validate the ``reported_clause`` section: case -> type name, plus ``confidence``."""
    if spec is None:
        return (), 0.6
    if not isinstance(spec, dict):
        raise AnalysisError("'reported_clause' must be a mapping of cases to types", path)
    conf = spec.get("confidence", 0.6)
    if isinstance(conf, bool) or not isinstance(conf, (int, float)) or not 0 <= conf <= 1:
        raise AnalysisError("'reported_clause.confidence' must be a number from 0 to 1", path)
    out = []
    for case, t in spec.items():
        if case == "confidence":
            continue
        if case not in REPORTED_CASES:
            raise AnalysisError(f"'reported_clause': unknown case {case!r}; use "
                                f"{', '.join(REPORTED_CASES)}", path)
        if t is None or t == "":
            continue
        if t not in types:
            raise AnalysisError(f"'reported_clause.{case}': unknown type {t!r}", path)
        out.append((str(case), str(t)))
    return tuple(sorted(out)), float(conf)


def _cueset(cues: dict, where: str, path) -> CueSet:
    bad = sorted(set(map(str, cues)) - set(_CUE_KINDS))
    if bad:
        raise AnalysisError(f"{where}: unknown cue kind(s) {', '.join(bad)}; use "
                            f"{', '.join(_CUE_KINDS)}", path)
    return CueSet(**{k: _str_list(cues.get(k), f"{where}: cues.{k}", path) for k in _CUE_KINDS})


def _check_cueset(cueset: CueSet, where: str, path) -> None:
    for kind in ("phrases", "lemmas", "mentions", "negated"):
        for c in getattr(cueset, kind):
            _check_regex(cue_regex(c, "lemma" if kind in ("lemmas", "negated") else "phrase"),
                         f"{where}: cue {c!r}", path)
    for p in cueset.patterns:
        _check_regex(p, f"{where}: pattern", path)


def _check_regex(rx: str, what: str, path) -> None:
    try:
        re.compile(rx, re.IGNORECASE)
    except re.error as exc:
        raise AnalysisError(f"{what}: bad regular expression {rx!r}: {exc}", path) from None


def _type_from_dict(name: str, spec: Any, default_type: str, types: dict, path) -> TypeSpec:
    where = f"type {name!r}"
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        raise AnalysisError(f"{where}: must be a mapping (label, definition, cues, examples)",
                            path)
    unknown = sorted(set(map(str, spec)) - _TYPE_KEYS)
    if unknown:
        raise AnalysisError(f"{where}: unknown key(s) {', '.join(unknown)}; expected some of "
                            f"{', '.join(sorted(_TYPE_KEYS))}", path)
    cues = spec.get("cues")
    if name == default_type and not cues:
        cueset = CueSet()
    else:
        if cues is None:
            raise AnalysisError(f"{where}: no 'cues' (only the default type "
                                f"{default_type!r} may have none)", path)
        if isinstance(cues, list):  # a bare list = patterns
            cues = {"patterns": cues}
        if not isinstance(cues, dict):
            raise AnalysisError(f"{where}: 'cues' must be a mapping with phrases, lemmas, "
                                "patterns, mentions and/or negated", path)
        cueset = _cueset(cues, where, path)
        if len(cueset) == 0 and name != default_type:
            raise AnalysisError(f"{where}: empty cue list", path)
        _check_cueset(cueset, where, path)
    when = spec.get("when_negated", "keep")
    if when is None:
        when = "ignore"
    if not isinstance(when, str) or (when not in _NEGATION_MODES and when not in types):
        raise AnalysisError(f"{where}: when_negated must be keep, ignore or a type name "
                            f"(got {when!r})", path)
    label = spec.get("label", name.capitalize())
    definition = spec.get("definition", "")
    if not isinstance(label, str) or not isinstance(definition, str):
        raise AnalysisError(f"{where}: 'label' and 'definition' must be text", path)
    return TypeSpec(name=name, label=label, definition=" ".join(definition.split()),
                    rules=_str_list(spec.get("rules"), f"{where}: rules", path),
                    cues=cueset,
                    examples=_str_list(spec.get("examples"), f"{where}: examples", path),
                    when_negated=when,
                    speech_acts=_str_list(spec.get("speech_acts"), f"{where}: speech_acts",
                                          path))


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime: float, size: int) -> Codebook:
    p = Path(path)
    return codebook_from_dict(_read_yaml(p), p)


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and validate a codebook file (None → the packaged reference codebook).

    Raises
    ------
    AnalysisError
        With the file name, the type and the problem, for any invalid codebook.
    """
    p = default_codebook_path() if path is None else Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise AnalysisError("codebook file not found", p) from None
    except OSError as exc:
        raise AnalysisError(f"cannot read codebook: {exc}", p) from None
    if p.is_dir():
        raise AnalysisError("codebook path is a folder, not a YAML file", p)
    return _load_cached(str(p.resolve()), st.st_mtime, st.st_size)


def resolve_codebook(codebook=None) -> Codebook:
    """Return a :class:`Codebook` for ``codebook``: None (default), a path, or a Codebook."""
    if codebook is None:
        return load_codebook()
    if isinstance(codebook, Codebook):
        return codebook
    if isinstance(codebook, (str, Path)):
        return load_codebook(codebook)
    if isinstance(codebook, dict):
        return codebook_from_dict(codebook)
    raise AnalysisError(f"codebook must be a path or a Codebook, not {type(codebook).__name__}")
