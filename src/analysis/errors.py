"""Exceptions and warnings that reach the user.

Every error a user can cause (a bad file, a malformed codebook, an unknown label)
is an :class:`AnalysisError` whose message is one line naming the file and the
problem. The command-line interface prints that line and exits non-zero.
"""

from __future__ import annotations

from pathlib import Path


class AnalysisError(Exception):
    """A user-facing error: one line that names the file (if any) and the problem."""

    def __init__(self, problem: str, path: str | Path | None = None):
        self.problem = " ".join(str(problem).split())
        self.path = None if path is None else str(path)
        super().__init__(self.problem if self.path is None else f"{self.path}: {self.problem}")


class InputError(AnalysisError):
    """An article or table that cannot be read."""


class DecodingWarning(UserWarning):
    """A text file was not UTF-8 and was decoded with a fallback encoding."""
