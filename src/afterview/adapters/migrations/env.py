"""Alembic's entry point. afterview passes its own connection; the alembic command
line falls back to the URL of afterview's settings (AFTERVIEW_DATABASE_URL/HOME)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from afterview.adapters.schema import metadata


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    from afterview.adapters.store import create_engine_for
    from afterview.config import AppSettings

    engine = create_engine_for(AppSettings.from_environment().database_url)
    with engine.begin() as fresh:
        run(fresh)


main()
