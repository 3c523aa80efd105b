"""The few errors a person can meet, each saying what went wrong and what fixes it.

The CLI and the pages catch `CoachError` only; everything else is a bug and stays loud. An error
names what fixes it as data (the fields at fault, the settings to check, the way around it), and
each front end says that in its own words: the command line names flags and environment variables
(`coaching.cli_words`), a page names its boxes (`coaching.ui.error_words`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Fallback(Enum):
    """A way around a failed server that still works on this machine."""

    offline_composer = "offline_composer"
    local_transcriber = "local_transcriber"


@dataclass(frozen=True)
class Fix:
    """What gets the person past an error: something to do first, the settings to check (by their
    environment names, e.g. OPENAI_BASE_URL), and a way around it."""

    advice: str = ""  # said the same everywhere, e.g. "Make sure the server is running"
    settings: tuple[str, ...] = ()
    fallback: Fallback | None = None


class CoachError(Exception):
    """A problem the person can act on: `message` says what happened; `hint` (plain words, the same
    everywhere) or `fix` (named parts each front end phrases) says what to do."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "", *, fix: Fix | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class InputError(CoachError):
    """Something the person typed or supplied cannot be used as it is.

    `problems` pairs each field at fault (by its name in the data, e.g. `contact.name` or
    `referred_by`) with what is wrong with it, so the CLI can name its flag and a page its box."""

    exit_code = 2

    def __init__(self, message: str, hint: str = "", *, problems: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message, hint)
        self.problems = problems

    @classmethod
    def about(cls, field: str, problem: str, hint: str = "") -> InputError:
        """The error for one field: `field: problem`."""
        return cls.about_all([(field, problem)], hint)

    @classmethod
    def about_all(cls, problems: list[tuple[str, str]], hint: str = "") -> InputError:
        """One error naming several fields, `a: problem; b: problem`."""
        message = "; ".join(f"{field}: {problem}" for field, problem in problems)
        return cls(message, hint, problems=tuple(problems))


class KnowledgeError(CoachError):
    """The guidance library or its index cannot be read."""

    exit_code = 1


class BackendError(CoachError):
    """The model server failed; the offline composer still works."""

    exit_code = 3


class DraftTooLong(BackendError):
    """The model's draft ran past the length a draft of its task may be; `draft` is what it wrote
    before it was stopped (never its thinking)."""

    draft = ""


class StillThinking(BackendError):
    """The model reached its cap while still thinking, before writing any of the draft."""


class StorageError(CoachError):
    """Saved data (contacts, meetings, takes) cannot be read or written."""

    exit_code = 1
