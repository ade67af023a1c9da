"""Writing the report: statements table, summary tables and figures."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from .io import write_table
from .pipeline import summarise
from .plots import plot_speaker_types, save_figure

__all__ = ["write_report"]


def write_report(table: pd.DataFrame, out_dir: str | Path, figures_dir: str | Path) -> list[Path]:
    """Write ``statements.csv``, ``summary_speaker_type.csv`` and the figures.

    Returns the paths written.
    """
    out_dir = Path(out_dir)
    figures_dir = Path(figures_dir)
    written = [write_table(table, out_dir / "statements.csv"),
               write_table(summarise(table), out_dir / "summary_speaker_type.csv")]
    fig = plot_speaker_types(table)
    try:
        written += save_figure(fig, "corpus_speaker_types", figures_dir)
    finally:
        plt.close(fig)
    return written
