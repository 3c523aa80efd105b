"""All of the tracker's data as one JSON-ready object, and deleting it all (the Settings page asks first)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from coaching.tracker import db as database
from coaching.tracker.schema import Base, ContactRow, DraftRow, MeetingReferralRow, MeetingRow, StepDoneRow

# Children before parents, so deleting in this order never trips a foreign key.
_TABLES = (MeetingReferralRow, StepDoneRow, DraftRow, MeetingRow, ContactRow)


def _row(row: Base) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def export_data() -> dict[str, list[dict[str, Any]]]:
    """Every row of every tracker table, keyed by table name (dates stay date objects)."""
    with database.session() as db:
        return {table.__tablename__: [_row(row) for row in db.scalars(select(table))] for table in reversed(_TABLES)}


def delete_data() -> None:
    """Delete every contact, meeting, step done and draft; the empty database stays in place."""
    with database.session(write=True) as db:
        db.execute(ContactRow.__table__.update().values(referred_by_id=None))
        for table in _TABLES:
            db.execute(delete(table))
    engine = database.get_engine()
    if engine.dialect.name == "sqlite":
        # Deleted rows linger in SQLite's free pages and its log until the file is rebuilt.
        # VACUUM cannot run inside a transaction: use the driver's own (autocommit) connection.
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute("VACUUM")
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
