"""The actor dictionary: canonical speaker labels and the words that name them.

The package ships ``data/actors.yaml``: every UN member state with its demonyms, adjective
forms and capital-city metonyms; executive metonyms (White House, Pentagon, Kremlin, Downing
Street, "the Obama administration"); the main international organisations; non-state armed
groups; political parties; the role nouns that speak as ``analysts``; and news outlets (which
relay but never speak).

A researcher can replace it with a file of their own, or extend it:

* a YAML file with ``extends: default`` adds to (and overrides) the packaged entries; without
  ``extends`` it replaces them;
* a CSV file with columns ``label``, ``alias`` and optionally ``kind``, ``from``, ``until``
  (one alias per row) always extends the packaged dictionary.

Aliases may carry date bounds (``from``/``until``, ISO dates): the codebook's Taliban rule is
written this way, and :meth:`ActorDictionary.label_for` applies it from an article's date
(undated articles are treated as current).

Examples
--------
>>> from analysis.actors import resolve_actors
>>> actors = resolve_actors()
>>> actors.normalise("the Kremlin")
'Russia'
>>> import datetime as dt
>>> actors.normalise("Taliban", date=dt.date(2013, 6, 1)), actors.normalise("Taliban")
('Taliban', 'Afghanistan')
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .errors import AnalysisError

__all__ = [
    "KINDS",
    "ActorDictionary",
    "Alias",
    "default_actors",
    "load_actors",
    "resolve_actors",
]

#: actor kinds (the section names of an actor file)
KINDS = ("states", "executives", "organisations", "armed_groups", "parties", "analysts",
         "outlets", "people", "other")
_SPECIAL_KEYS = {"extends", "president_names", "version", "description", "party_states",
                 "governing_parties"}


@dataclass(frozen=True)
class Alias:
    """One name of an actor, optionally valid only between two dates (inclusive)."""

    text: str
    label: str
    kind: str
    start: dt.date | None = None
    end: dt.date | None = None

    def valid_on(self, date: dt.date) -> bool:
        return (self.start is None or date >= self.start) and (self.end is None or date <= self.end)


_WORD = re.compile(r"\w+")


def _trie_regex(words) -> str:
    """A regex alternation for ``words`` built as a prefix tree (fast to match)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            body = "(?:" + body + ")?"
        return body

    return build(trie)


@dataclass
class ActorDictionary:
    """Actors, their aliases (with optional date bounds), outlets and their home states.

    Build it with :func:`load_actors` or :func:`resolve_actors`; the matcher is compiled on
    first use and cached on the instance.
    """

    aliases: list[Alias] = field(default_factory=list)
    outlet_country: dict[str, str] = field(default_factory=dict)
    international: set[str] = field(default_factory=set)
    president_names: list[str] = field(default_factory=list)
    path: str | None = None
    #: party label -> the state whose politics it belongs to
    party_states: dict[str, str] = field(default_factory=dict)
    #: state -> [(party, from, until)]: who was in government when
    governing: dict[str, list] = field(default_factory=dict)

    # ------------------------------------------------------------------ construction
    def __post_init__(self) -> None:
        self._compiled = None

    @property
    def kinds(self) -> dict[str, str]:
        """Label → kind."""
        return {a.label: a.kind for a in self.aliases}

    @property
    def labels(self) -> list[str]:
        """Every canonical label, sorted."""
        return sorted({a.label for a in self.aliases})

    def _compile(self):
        if self._compiled is None:
            by_text: dict[str, list[Alias]] = {}
            for a in self.aliases:
                by_text.setdefault(a.text, []).append(a)
            for name in self.president_names:
                text = f"{name} administration"
                by_text.setdefault(text, []).append(Alias(text, "United States", "executives"))
            index: dict[str, list[str]] = {}
            for text in by_text:
                key = _WORD.match(text)
                if key is None:
                    continue
                index.setdefault(key.group(0), []).append(text)
            for texts in index.values():
                texts.sort(key=len, reverse=True)
            # candidate starts: capitalised or numeric words, plus the few lower-case keys
            lower = sorted((k for k in index if not (k[:1].isupper() or k[:1].isdigit())),
                           key=len, reverse=True)
            starts = r"[A-Z0-9\u00c0-\u00de]\w*"
            if lower:
                starts += "|" + "|".join(re.escape(k) for k in lower)
            self._starts = re.compile(r"(?<!\w)(?:" + starts + r")(?!\w)")
            # every alias in one prefix-tree pattern: the longest alias at each position
            # is found in C; a date-bounded alias not valid on the day falls back to the
            # word-by-word search for a shorter one (see find)
            self._alias_re = re.compile(r"(?<!\w)(?:" + _trie_regex(sorted(by_text))
                                        + r")(?!\w)")
            self._undated = {t: als[-1] for t, als in by_text.items()
                             if all(a.start is None and a.end is None for a in als)}
            self._compiled = (index, by_text)
        return self._compiled

    # ------------------------------------------------------------------ politics
    def party_state(self, party: str) -> str | None:
        """The state whose domestic politics ``party`` belongs to (None if unknown)."""
        return self.party_states.get(party)

    def governing_party(self, state: str, date: dt.date | None = None) -> str | None:
        """The party in government in ``state`` on ``date`` (None: today; None if unknown)."""
        day = date or dt.date.today()
        for party, start, end in self.governing.get(state, ()):
            if (start is None or day >= start) and (end is None or day < end):
                return party
        return None

    def opposition_party(self, state: str, date: dt.date | None = None) -> str | None:
        """The main opposition party: the other party that governs in turn with the one in
        government on ``date`` (the nearest earlier or later governing party)."""
        day = date or dt.date.today()
        ruling = self.governing_party(state, day)
        best, dist = None, None
        for party, start, end in self.governing.get(state, ()):
            if party == ruling:
                continue
            d = min(abs((day - x).days) for x in (start, end) if x is not None)
            if dist is None or d < dist:
                best, dist = party, d
        return best

    # ------------------------------------------------------------------ lookup
    def label_for(self, text: str, date: dt.date | None = None) -> tuple[str, str] | None:
        """(label, kind) of an exact alias ``text`` on ``date`` (None: today), or None."""
        _, by_text = self._compile()
        cands = by_text.get(text)
        if not cands:
            return None
        day = date or dt.date.today()
        # later entries (a user's extension) win over earlier (packaged) ones
        for a in reversed(cands):
            if a.valid_on(day):
                return a.label, a.kind
        return None

    def find(self, text: str, date: dt.date | None = None) -> list[tuple[int, int, str, str]]:
        """Actor mentions in ``text``: a list of (start, end, label, kind), left to right.

        Longest alias valid on ``date`` wins at each position ("Taliban administration" in
        2013 falls back to "Taliban"; "Afghan Taliban" is never read as "Afghan").
        """
        _, by_text = self._compile()
        day = date or dt.date.today()
        out = []
        undated = self._undated
        search = self._alias_re.search
        pos = 0
        while True:
            m = search(text, pos)
            if m is None:
                return out
            alias = m.group(0)
            a = undated.get(alias)
            if a is None:
                valid = [x for x in by_text[alias] if x.valid_on(day)]
                a = valid[-1] if valid else None
            if a is not None:
                out.append((m.start(), m.end(), a.label, a.kind))
                pos = m.end()
                continue
            # not valid on this date: a shorter alias at the same place, else move on
            hit = self._find_slow(text[m.start():m.end()], day)
            if hit:
                s0, e0, label, kind = hit[0]
                if s0 == 0:
                    out.append((m.start(), m.start() + e0, label, kind))
                    pos = m.start() + e0
                    continue
            pos = m.start() + 1

    def _find_slow(self, text: str, day: dt.date) -> list[tuple[int, int, str, str]]:
        """Word-by-word alias search (the fallback of :meth:`find`)."""
        index, by_text = self._compile()
        out = []
        consumed = 0
        n = len(text)
        for m in self._starts.finditer(text):
            pos = m.start()
            if pos < consumed:
                continue
            cands = index.get(m.group(0))
            if not cands:
                continue
            for alias in cands:
                end = pos + len(alias)
                if text.startswith(alias, pos) and (end == n or not (text[end].isalnum()
                                                                     or text[end] == "_")):
                    valid = [a for a in by_text[alias] if a.valid_on(day)]
                    if not valid:
                        continue  # not on this date: try a shorter alias
                    consumed = end
                    out.append((pos, end, valid[-1].label, valid[-1].kind))
                    break
        return out

    def normalise(self, phrase: str, date: dt.date | None = None) -> str | None:
        """The label of the first actor named in ``phrase`` (None if none is)."""
        phrase = phrase.strip()
        hit = self.label_for(phrase, date)
        if hit is not None:
            return hit[0]
        found = self.find(phrase, date)
        return found[0][2] if found else None

    def outlet_label(self, outlet: str | None) -> str | None:
        """The canonical label of a news outlet named in article metadata (or None)."""
        if not outlet:
            return None
        outlet = str(outlet).strip()
        hit = self.label_for(outlet)
        if hit is not None and hit[1] == "outlets":
            return hit[0]
        for m in self.find(outlet):
            if m[3] == "outlets":
                return m[2]
        return None

    def outlet_is_international(self, outlet: str | None) -> bool:
        """Whether the outlet writes for the world (marks its own state's people)."""
        return self.outlet_label(outlet) in self.international

    def outlet_home(self, outlet: str | None) -> str | None:
        """The home state of a news outlet named in article metadata (None if unknown)."""
        if not outlet:
            return None
        outlet = str(outlet).strip()
        if outlet in self.outlet_country:
            return self.outlet_country[outlet]
        for m in self.find(outlet):
            if m[3] == "outlets":
                return self.outlet_country.get(m[2])
        return None


# ---------------------------------------------------------------------- loading
def _parse_day(value, path, what) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise AnalysisError(f"{what}: malformed date {value!r} (expected YYYY-MM-DD)",
                            path) from None


def _entries_from_mapping(data: dict, path) -> tuple[list[Alias], dict, list]:
    aliases: list[Alias] = []
    outlets: dict[str, str] = {}
    international: set[str] = set()
    presidents = data.get("president_names") or []
    if not isinstance(presidents, list) or not all(isinstance(p, str) for p in presidents):
        raise AnalysisError("president_names must be a list of names", path)
    for section, entries in data.items():
        if section in _SPECIAL_KEYS:
            continue
        if section == "actors":
            # list form: [{label, kind, aliases}]
            if not isinstance(entries, list):
                raise AnalysisError("'actors' must be a list of {label, kind, aliases}", path)
            for i, ent in enumerate(entries):
                if not isinstance(ent, dict) or not isinstance(ent.get("label"), str):
                    raise AnalysisError(f"actors[{i}] needs a 'label' string", path)
                kind = str(ent.get("kind") or "other")
                aliases += _aliases_for(ent["label"], ent.get("aliases") or [], kind, path)
            continue
        if not isinstance(entries, dict):
            raise AnalysisError(f"section {section!r} must map labels to lists of aliases",
                                path)
        for label, value in entries.items():
            if not isinstance(label, str) or not label.strip():
                raise AnalysisError(f"section {section!r}: a label must be a non-empty string",
                                    path)
            if section == "outlets":
                value = value or {}
                if not isinstance(value, dict):
                    raise AnalysisError(f"outlet {label!r} must be a mapping "
                                        "(aliases, country)", path)
                if value.get("country"):
                    outlets[label] = str(value["country"])
                if value.get("international"):
                    international.add(label)
                aliases += _aliases_for(label, value.get("aliases") or [], "outlets", path)
                continue
            aliases += _aliases_for(label, value if value is not None else [], section, path)
    return aliases, outlets, presidents, international


def _politics(data: dict, path) -> tuple[dict, dict]:
    """``party_states`` ({state: [party, ...]}) and ``governing_parties``
    ({state: [{party, from, until}, ...]}) of an actor file."""
    party_states: dict[str, str] = {}
    for state, parties in (data.get("party_states") or {}).items():
        if not isinstance(parties, list):
            raise AnalysisError(f"party_states: {state!r} must list party labels", path)
        for party in parties:
            party_states[str(party)] = str(state)
    governing: dict[str, list] = {}
    for state, spells in (data.get("governing_parties") or {}).items():
        if not isinstance(spells, list) or not all(isinstance(x, dict) and x.get("party")
                                                   for x in spells):
            raise AnalysisError(f"governing_parties: {state!r} must list {{party, from, "
                                "until}} mappings", path)
        governing[str(state)] = [(str(x["party"]), _parse_day(x.get("from"), path, state),
                                  _parse_day(x.get("until"), path, state)) for x in spells]
    return party_states, governing


def _aliases_for(label: str, values, kind: str, path) -> list[Alias]:
    if not isinstance(values, list):
        raise AnalysisError(f"{label!r}: aliases must be a list", path)
    out: list[Alias] = []
    dated_only = bool(values) and all(isinstance(v, dict) for v in values)
    if not dated_only:
        out.append(Alias(label, label, kind))
    for v in values:
        if isinstance(v, str):
            if v.strip():
                out.append(Alias(v.strip(), label, kind))
        elif isinstance(v, dict):
            name = v.get("name")
            if not isinstance(name, str) or not name.strip():
                raise AnalysisError(f"{label!r}: a dated alias needs a 'name'", path)
            out.append(Alias(name.strip(), label, kind,
                             _parse_day(v.get("from"), path, f"{label!r}/{name}"),
                             _parse_day(v.get("until"), path, f"{label!r}/{name}")))
        else:
            raise AnalysisError(f"{label!r}: alias {v!r} is neither a string nor a mapping",
                                path)
    return out


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AnalysisError(f"cannot read actor file ({exc.strerror or exc})", path) from None
    except yaml.YAMLError as exc:
        raise AnalysisError(f"not valid YAML ({' '.join(str(exc).split())})", path) from None
    if not isinstance(data, dict):
        raise AnalysisError("an actor file must be a mapping of sections", path)
    return data


def _read_csv(path: Path) -> list[Alias]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise AnalysisError(f"cannot read actor file ({exc.strerror or exc})", path) from None
    if not rows or "label" not in rows[0]:
        raise AnalysisError("an actor CSV needs a header with 'label' (and 'alias', "
                            "optionally 'kind', 'from', 'until')", path)
    out = []
    for i, row in enumerate(rows, start=2):
        label = (row.get("label") or "").strip()
        if not label:
            raise AnalysisError(f"line {i}: empty label", path)
        kind = (row.get("kind") or "other").strip() or "other"
        alias = (row.get("alias") or "").strip() or label
        out.append(Alias(alias, label, kind, _parse_day(row.get("from"), path, f"line {i}"),
                         _parse_day(row.get("until"), path, f"line {i}")))
        if alias != label:
            out.append(Alias(label, label, kind))
    return out


@lru_cache(maxsize=1)
def default_actors() -> ActorDictionary:
    """The packaged actor dictionary (loaded once)."""
    text = resources.files("analysis").joinpath("data/actors.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    aliases, outlets, presidents, intl = _entries_from_mapping(data, "actors.yaml")
    parties, governing = _politics(data, "actors.yaml")
    return ActorDictionary(aliases, outlets, intl, list(presidents), path="<default>",
                           party_states=parties, governing=governing)


def load_actors(path: str | Path) -> ActorDictionary:
    """Load and validate an actor file (YAML or CSV); see the module docstring."""
    path = Path(path)
    if not path.exists():
        raise AnalysisError("actor file not found", path)
    if path.suffix.lower() == ".csv":
        base = default_actors()
        return ActorDictionary(base.aliases + _read_csv(path), dict(base.outlet_country),
                               set(base.international), list(base.president_names),
                               path=str(path), party_states=dict(base.party_states),
                               governing=dict(base.governing))
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise AnalysisError("an actor file must be .yaml, .yml or .csv", path)
    data = _read_yaml(path)
    extends = data.get("extends")
    if extends not in (None, "default"):
        raise AnalysisError(f"extends: {extends!r} is not supported (use 'default')", path)
    aliases, outlets, presidents, intl = _entries_from_mapping(data, path)
    parties, governing = _politics(data, path)
    if not aliases and extends is None:
        raise AnalysisError("the actor file defines no actors", path)
    if extends == "default":
        base = default_actors()
        outlets = {**base.outlet_country, **outlets}
        return ActorDictionary(base.aliases + aliases, outlets, base.international | intl,
                               list(dict.fromkeys(base.president_names + presidents)),
                               path=str(path), party_states={**base.party_states, **parties},
                               governing={**base.governing, **governing})
    return ActorDictionary(aliases, outlets, intl, list(presidents), path=str(path),
                           party_states=parties, governing=governing)


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime: float) -> ActorDictionary:
    return load_actors(path)


def resolve_actors(actors=None) -> ActorDictionary:
    """Return a loaded actor dictionary.

    Parameters
    ----------
    actors : None, str, Path or ActorDictionary
        None → the packaged dictionary; a path → that YAML/CSV file, validated (errors are
        :class:`~analysis.errors.AnalysisError` naming the file); a dictionary → itself.
    """
    if actors is None:
        return default_actors()
    if isinstance(actors, ActorDictionary):
        return actors
    if isinstance(actors, (str, Path)):
        p = Path(actors)
        if not p.exists():
            raise AnalysisError("actor file not found", p)
        return _load_cached(str(p.resolve()), p.stat().st_mtime)
    raise AnalysisError(f"actors must be a path or an ActorDictionary, not {type(actors).__name__}")
