"""What an adversarial review broke (issue 17), each shown on the real thing: a real full file
system, real files, the real command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coaching.errors import StorageError
from coaching.models import Profile


def use_data_dir(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    from coaching.settings import get_settings

    monkeypatch.setenv("COACH_DATA_DIR", str(folder))
    get_settings.cache_clear()


def test_a_profile_save_on_a_full_disk_says_so_and_leaves_no_empty_file(full_disk: Path, monkeypatch) -> None:
    from coaching.profile_store import save_profile

    use_data_dir(monkeypatch, full_disk)
    before = set(full_disk.iterdir())

    with pytest.raises(StorageError, match="could not be saved"):
        save_profile(Profile(name="Ana Silva", background="Nurse " * 600, target_industry="health technology"))

    assert set(full_disk.iterdir()) == before, "no temporary file is left behind"
