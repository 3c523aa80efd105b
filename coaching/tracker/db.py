"""Where the tracker's data lives: the engine, sessions, and migrations applied on start.

SQLite by default (`tracker.db` in COACH_DATA_DIR), any SQLAlchemy URL through DATABASE_URL.
Database exceptions are translated into `StorageError` here and nowhere else.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session

from coaching.errors import StorageError
from coaching.settings import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions (a test checks it against Alembic's own head). Knowing
# it here lets a command skip importing Alembic (~0.4 s) when the database is already current.
HEAD_REVISION = "0001"
# Long enough to wait out another writer's transaction, short enough that a stuck lock surfaces.
BUSY_TIMEOUT_SECONDS = 30
# Any constant works: it only has to be the same in every process migrating the same database.
_PG_MIGRATION_LOCK = 7_100_611

P = ParamSpec("P")
R = TypeVar("R")

# One engine per database URL for the life of the process (a Streamlit server shares it across sessions).
_engines: dict[str, Engine] = {}
_lock = threading.Lock()


class ConflictError(StorageError):
    """Another writer saved the same row first (a unique name, a step already marked done)."""


def database_url() -> URL:
    """DATABASE_URL when set, else SQLite in the data folder."""
    settings = get_settings()
    if settings.database_url:
        try:
            return make_url(settings.database_url)
        except ArgumentError:
            raise StorageError(
                "DATABASE_URL is not a database URL SQLAlchemy understands "
                "(e.g. postgresql+psycopg://user@host/db or sqlite:////path/tracker.db)."
            ) from None
    return URL.create("sqlite", database=str(settings.data_dir() / "tracker.db"))


def describe(url: URL) -> str:
    """Where the data is, for messages: a file path for SQLite, the URL without its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or "an in-memory SQLite database"
    return url.render_as_string(hide_password=True)


def _reason(exc: BaseException) -> str:
    """The driver's own first line (e.g. 'unable to open database file'), without SQL or params."""
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return lines[0].strip().rstrip(".") if lines else type(cause).__name__


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # sqlite3 would otherwise BEGIN lazily at the first write, which lets two writers deadlock
        # on upgrading their read locks; we emit BEGIN ourselves (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        # WAL lets readers carry on while one process writes; the setting persists in the file.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A writer takes the write lock up front (IMMEDIATE), so concurrent writers queue on the
        # busy timeout instead of failing with "database is locked" halfway through.
        mode = "IMMEDIATE" if connection.get_execution_options().get("tracker_write") else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _create_engine(url: URL) -> Engine:
    try:
        if url.get_backend_name() == "sqlite":
            return _sqlite_engine(url)
        connect_args = {"connect_timeout": 10} if url.get_backend_name() == "postgresql" else {}
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    except (NoSuchModuleError, ImportError) as exc:
        raise StorageError(
            f"The database driver for {url.drivername} is not installed ({_reason(exc)}); "
            "install it or change DATABASE_URL."
        ) from None


def _current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it has none yet (or cannot be read)."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        # No table yet, or the database cannot be opened: the migration below says which.
        return None


def _migrate(engine: Engine, url: URL) -> None:
    if _current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    config = Config()
    # Config values go through configparser interpolation, so a '%' in the path must be doubled.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    try:
        with engine.execution_options(tracker_write=True).begin() as connection:
            if url.get_backend_name() == "postgresql":
                # Two processes starting at once must not both create the tables.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except CommandError as exc:
        raise StorageError(
            f"The tracker database at {describe(url)} cannot be migrated ({_reason(exc)}); "
            "it may have been written by a newer version of the coach."
        ) from exc
    except SQLAlchemyError as exc:
        raise StorageError(
            f"The tracker database at {describe(url)} cannot be opened or migrated ({_reason(exc)}); "
            "check COACH_DATA_DIR or DATABASE_URL."
        ) from exc


def get_engine() -> Engine:
    """The engine for the configured database, migrated to the newest schema on first use."""
    url = database_url()
    key = url.render_as_string(hide_password=False)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _create_engine(url)
            try:
                _migrate(engine, url)
            except StorageError:
                engine.dispose()
                raise
            _engines[key] = engine
    return engine


def reset_engines() -> None:
    """Close every engine this process opened (tests, and a page changing DATABASE_URL)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextmanager
def session(*, write: bool = False) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on any error."""
    engine = get_engine()
    bind = engine.execution_options(tracker_write=True) if write else engine
    try:
        with Session(bind, expire_on_commit=False) as db, db.begin():
            yield db
    except IntegrityError as exc:
        # The store turns the integrity errors it expects into InputError; any other is a conflict.
        raise ConflictError(
            f"The change conflicts with data saved at the same moment ({_reason(exc)}); try again."
        ) from exc
    except SQLAlchemyError as exc:
        verb = "written" if write else "read"
        raise StorageError(
            f"The tracker database at {describe(engine.url)} cannot be {verb} ({_reason(exc)}); "
            "check COACH_DATA_DIR or DATABASE_URL."
        ) from exc


def retry_on_conflict(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` once more when a concurrent writer won a race for the same row.

    SQLite writers queue on the write lock, but two Postgres sessions can both find a name
    missing and both insert it; the second attempt then sees the first one's row.
    """

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except ConflictError:
            return function(*args, **kwargs)

    return wrapper


def autogenerate_revision(message: str) -> None:
    """For developers: write a migration for what changed in `schema.py` (review it before use)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    with get_engine().connect() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
