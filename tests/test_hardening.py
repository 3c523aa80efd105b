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


def test_an_export_to_a_full_disk_says_the_disk_is_full_with_the_storage_exit_code(full_disk: Path, capsys) -> None:
    from coaching.cli import main

    assert main(["contacts", "add", "--name", "Ana"]) == 0
    capsys.readouterr()

    code = main(["export", "csv", "--output", str(full_disk / "contacts.csv")])

    err = capsys.readouterr().err
    assert code == StorageError.exit_code == 1
    assert err.startswith("The disk is full") and len(err.strip().splitlines()) == 1
    assert not (full_disk / "contacts.csv").exists(), "no half-written export"
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"], "and no temporary file"
