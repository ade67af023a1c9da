"""Running the per-article coding over a corpus (serial for now; issue 7 adds processes and Dask)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from .io import Article


def map_articles(func: Callable[[Article], pd.DataFrame], articles: Iterable[Article],
                 engine: str = "serial", n_jobs: int | None = None, progress: bool = False,
                 client=None) -> list[pd.DataFrame]:
    """Apply ``func`` to every article; results in input order."""
    return [func(a) for a in articles]
