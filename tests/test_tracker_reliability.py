"""What must hold when things go wrong: concurrent writers, migrations, databases that cannot be opened."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from coaching.errors import StorageError
from coaching.settings import get_settings
from coaching.tracker import db, store
from coaching.tracker.plan import due_items


@pytest.fixture(autouse=True)
def _close_engines() -> Iterator[None]:
    yield
    db.reset_engines()


WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from coaching.tracker import store
    me = sys.argv[1]
    for n in range(int(sys.argv[2])):
        name = f"{me}-{n}"
        store.add_contact(name, organization="Acme", referred_by="Shared Referrer")
        store.add_meeting(name, dt.date(2028, 3, 1), referrals=["Shared Referral"])
        store.mark_done(name, "thank_you", dt.date(2028, 3, 2))
    """
)


def test_writers_in_separate_processes_lose_nothing():
    store.add_contact("Shared Referrer")  # the database exists before the writers race
    writers, rounds = 4, 15
    processes = [
        subprocess.Popen([sys.executable, "-c", WRITER, f"p{w}", str(rounds)], env=os.environ.copy(),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(writers)
    ]
    results = [process.communicate(timeout=300) for process in processes]
    assert [p.returncode for p in processes] == [0] * writers, [err for _, err in results]
    names = {c.name for c in store.list_contacts()}
    expected = {f"p{w}-{n}" for w in range(writers) for n in range(rounds)}
    assert names == expected | {"Shared Referrer", "Shared Referral"}
    assert len(store.list_meetings()) == writers * rounds
    due = due_items(dt.date(2028, 3, 4))
    assert sorted((d.contact, d.kind.value) for d in due) == sorted(
        [("Shared Referrer", "report_to_referrer")] * (writers * rounds)
    )


def test_a_fresh_database_is_created_and_migrated_on_start(tmp_path: Path):
    store.list_contacts()
    path = get_settings().data_dir() / "tracker.db"
    assert path.is_file()
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == db.HEAD_REVISION
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def test_the_head_revision_named_in_code_is_alembics_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_heads() == [db.HEAD_REVISION]


def test_the_migrations_build_exactly_the_tables_the_models_describe():
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from coaching.tracker.schema import Base

    with db.get_engine().connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_a_database_from_a_newer_version_is_refused_with_one_sentence():
    store.list_contacts()
    db.reset_engines()
    path = get_settings().data_dir() / "tracker.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    with pytest.raises(StorageError, match=r"cannot be migrated .* newer version of the coach"):
        store.list_contacts()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("folder is a file", r"The data folder .* cannot be created"),
        ("missing folder", r"The tracker database at .*tracker.db cannot be opened or migrated"),
        ("garbage file", r"cannot be opened or migrated \(file is not a database\)"),
        ("unknown driver", r"DATABASE_URL is not a database URL|driver for nosuchdb is not installed"),
        ("driver not installed", r"The database driver for mysql\+mysqldb is not installed"),
    ],
)
def test_storage_errors_are_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setup, message):
    if setup == "folder is a file":
        (tmp_path / "file").write_text("x")
        monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "file" / "coach"))
    elif setup == "missing folder":
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/missing/tracker.db")
    elif setup == "garbage file":
        get_settings().data_dir().joinpath("tracker.db").write_bytes(b"\x00garbage" * 512)
    elif setup == "unknown driver":
        monkeypatch.setenv("DATABASE_URL", "nosuchdb://host/db")
    else:
        pytest.importorskip("sqlalchemy")
        if _has_module("MySQLdb"):
            pytest.skip("MySQLdb is installed here")
        monkeypatch.setenv("DATABASE_URL", "mysql+mysqldb://user:pw@127.0.0.1/db")
    get_settings.cache_clear()
    with pytest.raises(StorageError, match=message) as caught:
        store.list_contacts()
    assert "\n" not in str(caught.value)
    assert ":pw@" not in str(caught.value)


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None
