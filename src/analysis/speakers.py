"""Speaker attribution (first simple implementation; see issue 3 for the full one).

``attribute_speakers`` adds ``speaker``, ``source``, ``target``, ``speaker_span``,
``speaker_start`` and ``speaker_end`` to a statements frame.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["attribute_speakers"]

_SAID = re.compile(r"\b(?:According to ([A-Z][\w ]+?),)|\b([A-Z][\w]+(?: [A-Z][\w]+)*) "
                   r"(?:said|says|told|added|believes?|maintains?|argues?)\b")


def attribute_speakers(statements: pd.DataFrame, raw: str, metadata: dict | None = None,
                       actors=None) -> pd.DataFrame:
    """Attribute each statement to a speaker (placeholder: 'X said' and 'according to X')."""
    out = statements.copy()
    speakers, spans, starts, ends = [], [], [], []
    for text, start in zip(out["text"], out["start"]):
        m = _SAID.search(text)
        if m:
            g = 1 if m.group(1) else 2
            speakers.append(m.group(g))
            spans.append(m.group(g))
            starts.append(start + m.start(g))
            ends.append(start + m.end(g))
        else:
            speakers.append("narrator")
            spans.append("")
            starts.append(pd.NA)
            ends.append(pd.NA)
    out["speaker"] = speakers
    out["source"] = ""
    out["target"] = ""
    out["speaker_span"] = spans
    out["speaker_start"] = pd.array(starts, dtype="Int64")
    out["speaker_end"] = pd.array(ends, dtype="Int64")
    return out
