"""Where the project's folders are, independent of the working directory.

The project root is taken from the environment variable ``ANALYSIS_PROJECT_ROOT``
when set; otherwise from the source checkout the package is installed from
(``src/analysis`` → two levels up) when that holds a ``data/raw`` folder;
otherwise the current working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["figures_dir", "notebooks_dir", "processed_dir", "project_root", "raw_dir"]


def project_root() -> Path:
    """Return the project root folder (see module docstring)."""
    env = os.environ.get("ANALYSIS_PROJECT_ROOT")
    if env:
        return Path(env).expanduser().resolve()
    here = Path(__file__).resolve().parents[2]
    if (here / "data" / "raw").is_dir() and (here / "pyproject.toml").is_file():
        return here
    return Path.cwd().resolve()


def raw_dir() -> Path:
    """``data/raw``: the articles, never modified by code."""
    return project_root() / "data" / "raw"


def processed_dir() -> Path:
    """``data/processed``: every derived table."""
    return project_root() / "data" / "processed"


def figures_dir() -> Path:
    """``reports/figures``: exported charts."""
    return project_root() / "reports" / "figures"


def notebooks_dir() -> Path:
    """``notebooks``: the numbered analysis notebooks."""
    return project_root() / "notebooks"
