"""Hand corrections layered over automatic codes (placeholder until issue 6)."""

from __future__ import annotations

import pandas as pd


def apply_corrections(table: pd.DataFrame, corrections=None) -> pd.DataFrame:
    """Apply a corrections store over ``table`` (None → no corrections)."""
    return table
