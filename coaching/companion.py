"""The meeting companion's scratch pad: the agenda, and what is typed during a meeting, kept on disk
after every change so that reloading the page (or a crash) loses nothing; and the meeting recorded
in the tracker when it ends."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from coaching.atomic import write_text_atomically
from coaching.errors import StorageError
from coaching.settings import get_settings
from coaching.tracker.records import MeetingRecord

log = logging.getLogger(__name__)

FILE_NAME = "companion.json"
CORE_MARK = "(core)"

# The agenda of an informational interview, in order; the questions step lists the person's own.
AGENDA = (
    "Thank them and restate the purpose: advice, not a job",
    "Their story: how they got where they are",
    "Your questions — core ones first",
    "A short word about you (your ninety seconds)",
    "The ask for names: who else should you speak to?",
    "Close on time: thank them, offer help in return",
)
QUESTIONS_STEP = 2

_LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+(?P<text>.+?)\s*$")


class CompanionState(BaseModel):
    """Everything the companion page keeps for the meeting in progress."""

    contact: str = ""
    new_name: str = ""
    minutes: int = Field(default=20, ge=1, le=600)
    started_at: float | None = None
    notes: str = ""
    names: list[str] = Field(default_factory=list)
    name_entry: str = ""
    checked: list[str] = Field(default_factory=list)

    def is_blank(self) -> bool:
        """True while nothing has been typed, ticked or started."""
        return not (self.notes.strip() or self.names or self.name_entry.strip() or self.checked or self.started_at)


def companion_path() -> Path:
    return get_settings().data_dir() / FILE_NAME


def save_if_changed(state: CompanionState, saved: dict | None) -> bool:
    """Write the meeting in progress when it differs from `saved`, its last written form; an untouched
    pad leaves no file. True when written."""
    if state.model_dump() == saved:
        return False
    if state.is_blank() and not companion_path().exists():
        return False
    save_companion(state)
    return True


def load_companion() -> CompanionState:
    """The meeting in progress, or a fresh one; a damaged file is set aside, never fatal."""
    path = companion_path()
    if not path.exists():
        return CompanionState()
    try:
        return CompanionState.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as exc:  # ValueError: not UTF-8, not JSON, a huge number
        log.warning("The meeting companion's notes in %s cannot be read (%s); starting afresh.", path, exc)
        return CompanionState()


def save_companion(state: CompanionState) -> Path:
    """Save it; a crash mid-save never leaves half a file."""
    path = companion_path()
    try:
        write_text_atomically(path, state.model_dump_json(indent=2))
    except OSError as exc:
        raise StorageError(
            f"Your meeting notes could not be saved in {path.parent} ({exc.strerror}).",
            "Copy them somewhere safe, and check COACH_DATA_DIR.",
        ) from None
    return path


def clear_companion() -> bool:
    """Forget the meeting in progress; True when there was one on disk."""
    path = companion_path()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StorageError(f"The meeting companion's notes in {path} cannot be removed ({exc.strerror}).") from None
    return True


def ordered_questions(text: str) -> list[str]:
    """The questions of a drafted list, core ones first, each in the draft's own order.

    Questions are the numbered or bulleted lines; a draft without any falls back to lines ending in "?".
    The one thing to take away, written on its own line in quotes, leads.
    """
    lines = text.splitlines()
    items = [match["text"] for line in lines if (match := _LIST_ITEM.match(line))]
    if not items:
        items = [line.strip() for line in lines if line.strip().endswith("?")]
    core = [item for item in items if CORE_MARK in item.lower()]
    ordered = core + [item for item in items if CORE_MARK not in item.lower()]
    # The one thing to take away comes first of all: it is the question to ask if nothing else.
    take_away = re.search(r"^The one thing to take away[^\n]*\n\s*\"(?P<text>[^\n]+)\"\s*$", text, re.M)
    return [f"{take_away['text']} (the one thing to take away)", *ordered] if take_away else ordered


def with_name(names: list[str], typed: str) -> list[str]:
    """`names` and then `typed` (its spaces tidied), unless that is blank or already there."""
    name = " ".join(typed.split())
    return [*names, name] if name and name not in names else list(names)


def countdown_text(seconds: float) -> str:
    """The time left as m:ss, never below 0:00."""
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def record_meeting(contact: str, on: dt.date, *, minutes: int | None, notes: str, names: list[str]) -> MeetingRecord:
    """Save the meeting under `contact`, who becomes a contact first if they are not one yet."""
    from coaching.tracker import store

    if contact not in {c.name for c in store.list_contacts()}:
        store.add_contact(contact)
    return store.add_meeting(contact, on, minutes=minutes, discussed=notes, referrals=names)
