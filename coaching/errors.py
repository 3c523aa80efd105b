"""The few errors a person can meet, each saying what to do next.

The CLI and the pages catch `CoachError` only; everything else is a bug and stays loud.
"""

from __future__ import annotations


class CoachError(Exception):
    """A problem the person can act on: `message` says what happened, `hint` what to do."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class InputError(CoachError):
    """Something the person typed or supplied cannot be used as it is."""

    exit_code = 2


class KnowledgeError(CoachError):
    """The guidance library or its index cannot be read."""

    exit_code = 1


class BackendError(CoachError):
    """The model server failed; the offline composer still works."""

    exit_code = 3


class StorageError(CoachError):
    """Saved data (contacts, meetings, takes) cannot be read or written."""

    exit_code = 1
