"""Splitting article bodies into sentence statements with exact character offsets.

The splitter is rule-based and works on the decoded file text, so for every
statement ``raw[start:end] == text``. It treats line breaks as paragraph
boundaries (files with one sentence or one paragraph per line) unless a line
plainly continues the previous one (a hard-wrapped line that starts in lower case),
and inside a paragraph splits after ``.``, ``!``, ``?`` or an ellipsis (plus any
closing quotes and brackets) followed by white space and a plausible sentence
start. It does not split after:

* titles and common abbreviations (``Mr.``, ``Gen.``, ``Adm.``, ``Sen.``, ``Jan.``,
  ``No.``, ``etc.``), listed in ``data/abbreviations.yaml``;
* single-letter initials (``J. K. Rowling``) and dotted acronyms (``U.S.``, ``U.N.``)
  unless the next word is a typical sentence opener (``The``, ``He``, ``But`` …);
* a terminal mark followed by a lower-case word (``"Why?" he asked``);
* decimals, amounts, times and URLs (no white space after the dot).

A sentence that continues a quotation begun in an earlier sentence is its own
statement, as the codebook asks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from itertools import pairwise

import numpy as np
import pandas as pd
import yaml

from .io import Article

__all__ = ["STATEMENT_BASE_COLUMNS", "segment_article", "segment_articles", "split_sentences"]

STATEMENT_BASE_COLUMNS = ["article_id", "statement_id", "start", "end", "text"]
_BASE_INDEX = pd.Index(STATEMENT_BASE_COLUMNS)

_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«([{"
# candidate boundary: terminal punctuation, optional closers, then white space
_BOUNDARY = re.compile(r"(?:\.\.\.|…|[.!?])+[" + re.escape(_CLOSERS) + r"]*(?=\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.'’-]*)\.$")
_NEXT_TOKEN = re.compile(r"\s+([" + re.escape(_OPENERS) + r"]*)(\S+)")


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    text = resources.files("analysis").joinpath("data/abbreviations.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {
        "abbreviations": {a.lower().rstrip(".") for a in data["abbreviations"]},
        "sentence_openers": set(data["sentence_openers"]),
    }


def _paragraph_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at line breaks into trimmed (start, end) spans."""
    spans: list[tuple[int, int]] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", text[start:end])]
    for ls, le in lines:
        ls += start
        le += start
        seg = text[ls:le]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        ls, le = ls + lead, le - trail
        if ls >= le:
            continue
        if spans:
            ps, pe = spans[-1]
            gap = text[pe:ls]
            prev_line = text[ps:pe]
            first = text[ls]
            # a hard-wrapped continuation: single line break, previous line does not
            # end a sentence, next starts in lower case
            if (gap.count("\n") <= 1 and first.islower()
                    and not re.search(r"[.!?:…" + re.escape(_CLOSERS) + r"]$", prev_line)):
                spans[-1] = (ps, le)
                continue
        spans.append((ls, le))
    return spans


def _is_boundary(text: str, mstart: int, mend: int, pend: int) -> bool:
    """Decide whether the terminal mark at text[mstart:mend] ends a sentence."""
    lex = _lexicon()
    nxt = _NEXT_TOKEN.match(text, mend, pend)
    if nxt is None:
        return False
    opener, token = nxt.group(1), nxt.group(2)
    first = token[0]
    # the next sentence must start with a capital, a digit or an opening quote/bracket
    if not (first.isupper() or first.isdigit() or opener):
        if first in "-–—" and opener == "":
            return False
        if not first.isalpha():
            return False
        return False
    mark = text[mstart:mend]
    if mark.rstrip(_CLOSERS) not in (".",):
        # ! ? and ellipses end a sentence before a capital (or quote)
        return True
    # a period directly after a word: check abbreviations, initials, acronyms
    if mark != ".":
        return True  # ." or .) closes a sentence
    before = text[max(0, mstart - 40) : mstart + 1]
    wm = _WORD_BEFORE.search(before)
    if not wm:
        return True
    word = re.split(r"[-–]", wm.group(1))[-1] or wm.group(1)
    core = word.rstrip(".").lower()
    bare = token.strip(_CLOSERS + ".,;:")
    starts_sentence = bare in lex["sentence_openers"]
    if core in lex["abbreviations"]:
        return False
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return starts_sentence
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # U.S, U.N, e.g
        return starts_sentence
    return True


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences in ``text[start:end]``.

    Offsets index into ``text``; every span is trimmed of surrounding white space.
    """
    if end is None:
        end = len(text)
    out: list[tuple[int, int]] = []
    for ps, pe in _paragraph_spans(text, start, end):
        cur = ps
        for m in _BOUNDARY.finditer(text, ps, pe):
            if m.end() >= pe:
                break
            if _is_boundary(text, m.start(), m.end(), pe):
                out.append((cur, m.end()))
                nxt = _NEXT_TOKEN.match(text, m.end(), pe)
                cur = nxt.start(1) if nxt else m.end()
        if cur < pe:
            out.append((cur, pe))
    return [(s, e) for s, e in out if text[s:e].strip()]


def segment_article(article: Article) -> pd.DataFrame:
    """The statements of one article: ``article_id, statement_id, start, end, text``.

    ``statement_id`` is 1-based in reading order; offsets index ``article.raw``
    (front matter counted but never part of a statement).
    """
    spans = split_sentences(article.raw, article.body_start)
    n = len(spans)
    offsets = np.array(spans, dtype=np.int64).reshape(n, 2)
    # numpy arrays and a prebuilt column index: half the cost of lists (this runs per article)
    return pd.DataFrame(
        {
            "article_id": [article.article_id] * n,
            "statement_id": np.arange(1, n + 1, dtype=np.int64),
            "start": offsets[:, 0],
            "end": offsets[:, 1],
            "text": [article.raw[s:e] for s, e in spans],
        },
        columns=_BASE_INDEX,
    )


def segment_chunk(articles) -> tuple[pd.DataFrame, list[int]]:
    """The statements of several articles in one frame, and where each article's rows are.

    Returns the frame (index 0..n-1, articles in input order) and ``bounds``: article
    ``i`` owns rows ``bounds[i]:bounds[i + 1]``.
    """
    articles = list(articles)
    ids: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    bounds = [0]
    for article in articles:
        raw = article.raw
        spans = split_sentences(raw, article.body_start)
        ids += [article.article_id] * len(spans)
        starts += [s for s, _ in spans]
        ends += [e for _, e in spans]
        texts += [raw[s:e] for s, e in spans]
        bounds.append(len(ids))
    numbers = np.concatenate([np.arange(1, b - a + 1, dtype=np.int64)
                              for a, b in pairwise(bounds)] or [np.array([], np.int64)])
    whole = pd.DataFrame(
        {
            "article_id": ids,
            "statement_id": numbers,
            "start": np.array(starts, dtype=np.int64),
            "end": np.array(ends, dtype=np.int64),
            "text": texts,
        },
        columns=_BASE_INDEX,
    )
    return whole, bounds


def segment_articles(articles) -> list[pd.DataFrame]:
    """:func:`segment_article` for several articles: one frame each, the same frames.

    Builds a single frame for all of them and slices it (each slice numbered from 0),
    which costs less than building one frame per article.
    """
    whole, bounds = segment_chunk(articles)
    return [whole.iloc[a:b].reset_index(drop=True) for a, b in pairwise(bounds)]
