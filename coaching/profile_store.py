"""The person's profile, saved as JSON in the data folder so every page (and the next visit) reuses it."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from coaching.atomic import write_text_atomically
from coaching.errors import StorageError
from coaching.models import Profile
from coaching.settings import get_settings

FILE_NAME = "profile.json"


def profile_path() -> Path:
    return get_settings().data_dir() / FILE_NAME


def load_profile() -> Profile:
    """The saved profile, or an empty one on a first visit."""
    path = profile_path()
    if not path.exists():
        return Profile()
    try:
        return Profile.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):  # ValueError: not UTF-8, or not JSON
        raise StorageError(
            f"Your saved profile at {path} could not be read.", "Save the profile again to replace it."
        ) from None


def save_profile(profile: Profile) -> Path:
    """Save it; a crash mid-save never leaves half a file."""
    path = profile_path()
    try:
        write_text_atomically(path, profile.model_dump_json(indent=2))
    except OSError as exc:
        raise StorageError(f"Your profile could not be saved in {path.parent} ({exc.strerror}).") from None
    return path
