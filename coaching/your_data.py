"""Everything the coach keeps about the person, as one file to take away — or deleted, all of it.

"Everything" is the profile, the tracker (contacts, meetings, steps done, drafts), the rehearsal
takes and the meeting in progress in the companion. The guidance index is not personal and stays.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from typing import Any

from coaching.errors import CoachError, StorageError

FORMAT = "informational-interview-coach/your-data"
VERSION = 1


def _jsonable(value: Any) -> Any:
    """Dates as ISO text, recursively, so the result goes straight into json.dumps."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def _profile() -> dict[str, Any] | None:
    from coaching.profile_store import load_profile, profile_path

    return load_profile().model_dump() if profile_path().exists() else None


def _takes() -> list[dict[str, Any]]:
    from coaching.rehearsal.takes import list_takes

    return [take.model_dump(mode="json") for take in list_takes()]


def _companion() -> dict[str, Any] | None:
    from coaching.companion import companion_path, load_companion

    return load_companion().model_dump() if companion_path().exists() else None


def export_everything(now: dt.datetime | None = None) -> dict[str, Any]:
    """All of the person's data as one JSON-ready object (dates as ISO text)."""
    from coaching.tracker.backup import export_data

    return _jsonable(
        {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
            "profile": _profile(),
            "tracker": export_data(),
            "takes": _takes(),
            "companion": _companion(),
        }
    )


def export_json(now: dt.datetime | None = None) -> str:
    """`export_everything` as the text of a .json file."""
    return json.dumps(export_everything(now), indent=2, ensure_ascii=False) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _delete_tracker() -> str | None:
    from coaching.tracker.backup import delete_data, export_data

    tables = export_data()
    counts = {name: len(rows) for name, rows in tables.items()}
    delete_data()
    parts = [
        _plural(counts.get("contacts", 0), "contact"),
        _plural(counts.get("meetings", 0), "meeting"),
        _plural(counts.get("drafts", 0), "saved draft"),
    ]
    return ", ".join(parts) if any(counts.values()) else None


def _delete_profile() -> str | None:
    from coaching.profile_store import profile_path

    path = profile_path()
    if not path.exists():
        return None
    path.unlink()
    return "your profile"


def _delete_takes() -> str | None:
    from coaching.rehearsal.takes import list_takes, takes_file

    folder = takes_file().parent
    if not folder.exists():
        return None
    count = len(list_takes())
    shutil.rmtree(folder)
    return _plural(count, "rehearsal take")


def _delete_companion() -> str | None:
    from coaching.companion import clear_companion

    return "the meeting companion's notes" if clear_companion() else None


def delete_everything() -> list[str]:
    """Delete all of the person's data, keeping the guidance index; returns what was removed.

    Every part is attempted even when one fails, and the error then says what was and was not removed.
    """
    removed: list[str] = []
    failed: list[str] = []
    parts = (
        ("your profile", _delete_profile),
        ("contacts, meetings and drafts", _delete_tracker),
        ("rehearsal takes", _delete_takes),
        ("the meeting companion's notes", _delete_companion),
    )
    for label, delete in parts:
        try:
            what = delete()
        except (CoachError, OSError) as exc:
            failed.append(f"{label} ({exc})")
            continue
        if what:
            removed.append(what)
    if failed:
        done = f"Removed: {'; '.join(removed)}. " if removed else ""
        raise StorageError(
            f"{done}Could not remove: {'; '.join(failed)}.", "Close other copies of the coach and try again."
        )
    return removed
