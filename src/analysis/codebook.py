"""Codebook loading (placeholder until issue 4: returns the spec unchanged)."""

from __future__ import annotations


def resolve_codebook(codebook=None):
    """Return a loaded codebook for ``codebook`` (None → the packaged default)."""
    return codebook
