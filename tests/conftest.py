"""Shared fixtures: the repository, the seed article, and ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seed_path() -> Path:
    paths = sorted((REPO / "data" / "raw").glob("seed_*.txt"))
    assert paths, "the seed article must be in data/raw/"
    return paths[0]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "CODEBOOK.md").exists():
        pytest.skip("../shared is not beside the repository")
    return SHARED
