"""The worker's job queue in the database: procrastinate's tables, made when missing.

procrastinate (pinned to one minor version in pyproject.toml) ships its schema as one SQL
script; `afterview db upgrade` and every `afterview worker` apply it to a database that
lacks it. A newer procrastinate comes with migration scripts of its own: moving to one is
a release of afterview with a migration, never an automatic step.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

QUEUE_LOCK = 4713
"""The advisory lock two processes making the queue's tables at once take in turn."""


def apply_queue_schema(engine: Engine) -> bool:
    """Make procrastinate's tables on the PostgreSQL database of `engine` when it has none;
    whether it did. The engine must connect as the tables' owner (not the store's role)."""
    from procrastinate.schema import SchemaManager

    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": QUEUE_LOCK})
        found = connection.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar()
        if found is None:
            # The driver's own cursor, with no parameters: the script holds `%` signs and many
            # statements, which only a parameterless execute sends as they are.
            raw = connection.connection.driver_connection
            assert raw is not None
            raw.execute(SchemaManager.get_schema())
    return found is None
