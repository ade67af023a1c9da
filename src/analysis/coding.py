"""Statement-type coding (first simple implementation; see issue 4 for the full one)."""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["code_types", "TYPES"]

TYPES = ["skepticism", "assurance", "demand", "accusation", "engagement", "context"]
_CUES = {
    "skepticism": r"\b(?:unconvinced|doubt\w*|skeptic\w*|inadequate|no significant change)\b",
    "assurance": r"\b(?:assur\w+|promis\w+|pledg\w+|guarantee\w*|vow\w*)\b",
    "demand": r"\b(?:urg\w+|called for|demand\w*|required|needed|must)\b",
    "accusation": r"\b(?:accus\w+|blam\w+|concern\w*)\b",
    "engagement": r"\b(?:talks|dialogue|negotiat\w+|cooperat\w+|mediat\w+)\b",
}


def code_types(statements: pd.DataFrame, codebook=None, model=None) -> pd.DataFrame:
    """Code each statement's type by keyword (placeholder)."""
    out = statements.copy()
    types, cues, cs, ce = [], [], [], []
    for text, start in zip(out["text"], out["start"]):
        for t in TYPES[:-1]:
            m = re.search(_CUES[t], text, re.I)
            if m:
                types.append(t)
                cues.append(m.group(0))
                cs.append(start + m.start())
                ce.append(start + m.end())
                break
        else:
            types.append("context")
            cues.append("")
            cs.append(pd.NA)
            ce.append(pd.NA)
    out["type"] = types
    out["cue"] = cues
    out["secondary_types"] = ""
    out["hedges"] = ""
    out["confidence"] = 1.0
    out["coded_by"] = "rules"
    out["cue_start"] = pd.array(cs, dtype="Int64")
    out["cue_end"] = pd.array(ce, dtype="Int64")
    return out
