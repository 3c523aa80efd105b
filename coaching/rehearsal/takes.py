"""Takes saved on this machine, one JSON line each, so the trend across takes can be shown."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from coaching.errors import StorageError
from coaching.rehearsal.metrics import DeliveryMetrics
from coaching.settings import get_settings

log = logging.getLogger(__name__)

TAKES_FILE = "takes.jsonl"


class SavedTake(BaseModel):
    saved_at: dt.datetime
    source: Literal["audio", "transcript"]
    metrics: DeliveryMetrics
    label: str = Field(default="", max_length=200)


def takes_file() -> Path:
    """Where the takes are kept: `takes/takes.jsonl` in the data folder."""
    return get_settings().data_dir() / "takes" / TAKES_FILE


def save_take(
    metrics: DeliveryMetrics,
    source: Literal["audio", "transcript"],
    *,
    label: str = "",
    when: dt.datetime | None = None,
) -> SavedTake:
    """Append a take to the local history and return what was saved."""
    take = SavedTake(saved_at=when or dt.datetime.now(dt.UTC), source=source, metrics=metrics, label=label)
    path = takes_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(take.model_dump(mode="json"), ensure_ascii=False) + "\n")
    except OSError as exc:
        raise StorageError(
            f"The take cannot be saved in {path.parent} ({exc.strerror}).", "Check COACH_DATA_DIR."
        ) from None
    return take


def list_takes() -> list[SavedTake]:
    """Every saved take, oldest first; a damaged line (say, from a crash mid-write) is skipped."""
    path = takes_file()
    if not path.exists():
        return []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise StorageError(f"The saved takes in {path} cannot be read ({type(exc).__name__}).") from None
    takes = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            takes.append(SavedTake.model_validate_json(line))
        except ValidationError:
            log.warning("Skipping damaged line %d of %s", number, path)
    return takes
