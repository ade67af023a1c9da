"""Actor dictionary (placeholder until issue 3)."""

from __future__ import annotations


def resolve_actors(actors=None):
    """Return a loaded actor dictionary for ``actors`` (None → the packaged one)."""
    return actors
