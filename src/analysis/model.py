"""Learned type coder (placeholder until issue 4)."""

from __future__ import annotations


def resolve_model(model=None, codebook=None):
    """Return a loaded model for ``model`` (a path or a fitted coder), or None."""
    return model
