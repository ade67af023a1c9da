"""English inflection of verb lemmas, shared by the codebook cues and the speaker lexicons.

:func:`inflections` gives the forms of one word — the lemma, third person ``-s``, past
``-ed`` and ``-ing`` by the regular spelling rules, or the forms the irregular-verb table
(``data/irregular_verbs.yaml``) lists; :func:`inflect_phrase` does the same for a
multi-word lemma ("call for" → "calls for", "called for", …) by inflecting its first word.

Regular rules: ``-s``/``-es`` (after s, x, z, ch, sh and a consonant + o), ``-d`` after a
final e, which ``-ing`` drops (urge → urging, but agree → agreeing, tie → tying);
consonant + y → ``-ies``/``-ied``; the final consonant doubled after one vowel in a
one-syllable word (ban → banned) and, beside the plain spelling, in a longer word ending in
a vowel + t, r or l (commit → committed, refer → referred, signal → signalled and
signaled). Extra forms that are not words ("visitted") are harmless: forms are only ever
matched against text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["inflect_phrase", "inflections", "irregular_past_forms", "irregular_verbs"]

_VOWELS = frozenset("aeiou")
_VOWEL_GROUP = re.compile(r"(?:qu|[^aeiouy])*?([aeiouy]+)")


@lru_cache(maxsize=1)
def irregular_verbs() -> dict[str, tuple[str, ...]]:
    """The irregular-verb table: lemma -> its forms other than the lemma (lower case)."""
    text = resources.files("analysis").joinpath("data/irregular_verbs.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    return {str(k).lower(): tuple(str(f).lower() for f in v) for k, v in data.items()}


@lru_cache(maxsize=1)
def irregular_past_forms() -> frozenset[str]:
    """The past and past-participle forms of the irregular verbs (said, taken, put, ...).

    Every form the table lists except the ``-ing`` form and the third person (lemma +
    ``-s``/``-es``, has, does, is, am, are); the table lists the lemma again where it is
    also a past form (put, come).
    """
    out = set()
    for lemma, forms in irregular_verbs().items():
        third = {lemma + "s", lemma + "es", lemma[:-1] + "ies", "has", "does", "is", "am", "are"}
        out |= {f for f in forms if not f.endswith("ing") and f not in third}
    return frozenset(out)


def _syllables(word: str) -> int:
    """Vowel groups of ``word``, ``qu`` counted as a consonant ("quip" has one)."""
    return len(re.findall(r"[aeiouy]+", word.replace("qu", "qw")))


def _doubles(w: str) -> bool:
    """Whether ``w`` may double its final consonant before -ed/-ing (ban, commit, signal)."""
    if len(w) < 3 or w[-1] in _VOWELS or w[-1] in "wxyh" or w[-2] not in _VOWELS:
        return False
    before = w[-3]
    if before in _VOWELS and not (before == "u" and w[-4:-3] == "q"):
        return False  # two vowels: "need", "appeal"
    n = _syllables(w)
    return n == 1 or (n > 1 and w[-1] in "trl")


def _regular(w: str) -> set[str]:
    forms = {w}
    if w.endswith("ie"):
        forms |= {w + "s", w + "d", w[:-2] + "ying"}
    elif w.endswith(("ee", "ye", "oe")):
        forms |= {w + "s", w + "d", w + "ing"}
    elif w.endswith("e"):
        forms |= {w + "s", w + "d", w[:-1] + "ing"}
    elif w.endswith("y") and len(w) > 2 and w[-2] not in _VOWELS:
        forms |= {w[:-1] + "ies", w[:-1] + "ied", w + "ing"}
    elif w.endswith(("s", "sh", "ch", "x", "z")) or (
            w.endswith("o") and len(w) > 1 and w[-2] not in _VOWELS):
        forms |= {w + "es", w + "ed", w + "ing"}
    else:
        forms.add(w + "s")
        if _doubles(w):
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
        if not _doubles(w) or _syllables(w) > 1:  # "visited" (and "visitted": harmless)
            forms |= {w + "ed", w + "ing"}
    return forms


@lru_cache(maxsize=4096)
def _forms(word: str, derived: bool) -> tuple[str, ...]:
    w = word.lower()
    table = irregular_verbs()
    forms = {w, *table[w]} if w in table else _regular(w)
    if derived and w.endswith("ny") and len(w) > 3:  # deny -> denial
        forms |= {w[:-1] + "ial", w[:-1] + "ials"}
    return tuple(sorted(forms))


def inflections(word: str, derived: bool = False) -> list[str]:
    """The inflected forms of one English verb lemma, the lemma included, sorted.

    Parameters
    ----------
    word : str
        A single word (case is ignored; forms are lower case).
    derived : bool, default False
        Also give the ``-ial`` noun of a verb in ``-ny`` (deny → denial, denials), for
        cues that should match the noun as well as the verb.

    Returns
    -------
    list of str

    Examples
    --------
    >>> inflections("urge")
    ['urge', 'urged', 'urges', 'urging']
    >>> inflections("say")
    ['said', 'say', 'saying', 'says']
    >>> inflections("deny", derived=True)
    ['denial', 'denials', 'denied', 'denies', 'deny', 'denying']
    """
    return list(_forms(word, derived))


def inflect_phrase(lemma: str) -> list[str]:
    """The forms of a lemma of one or more words: the first word inflected, the rest kept.

    >>> inflect_phrase("call for")
    ['call for', 'called for', 'calling for', 'calls for']
    """
    head, _, rest = lemma.partition(" ")
    rest = (" " + rest) if rest else ""
    return [f + rest for f in _forms(head, False)]
