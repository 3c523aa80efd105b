"""Deleting your data really deletes it: nothing readable is left in the database file."""

from __future__ import annotations

from pathlib import Path

from coaching.tracker import store
from coaching.your_data import delete_everything, export_everything


def _bytes_under(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in folder.rglob("*") if path.is_file())


def test_deleted_contacts_leave_no_trace_in_the_database_files(_private_data_dir: Path) -> None:
    store.add_contact("Wilhelmina Quartermaine", organization="Zephyrine Labs", notes="met at the harbour talk")
    assert b"Wilhelmina Quartermaine" in _bytes_under(_private_data_dir)

    removed = delete_everything()

    assert removed, "delete_everything reports what it removed"
    assert export_everything()["tracker"]["contacts"] == []
    leftovers = _bytes_under(_private_data_dir)
    assert b"Wilhelmina" not in leftovers
    assert b"Zephyrine" not in leftovers
