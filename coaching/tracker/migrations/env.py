"""Alembic environment: runs on the connection `coaching.tracker.db` hands over, in its transaction.

There is no alembic.ini: `db.get_engine()` upgrades on start, and `db.autogenerate_revision()`
writes a new revision file for a developer who changed `schema.py`.
"""

from alembic import context

from coaching.tracker.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite alters most columns only by copying the table; batch mode does that for us.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
