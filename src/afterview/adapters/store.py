"""The SQLAlchemy store: SQLite by default, PostgreSQL in server mode.

A unit of work loads the account's pipeline, lets a use case change it as pure
data, and writes back only the rows that changed, in one transaction. Write
transactions are serialised per database (SQLite: BEGIN IMMEDIATE) or per account
(PostgreSQL: a row lock), so two commands never write over each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, create_engine, event, inspect, text
from sqlalchemy.exc import DatabaseError, SQLAlchemyError

from afterview.adapters import rows
from afterview.adapters.outbox import SqlOutbox
from afterview.adapters.schema import TABLES, accounts
from afterview.domain.model import Pipeline
from afterview.errors import AfterviewError

HEAD_REVISION = "0003"
"""The newest migration. The fast read path trusts a database at this revision."""
LOCAL_ACCOUNT = 1


class StorageError(AfterviewError):
    """The database cannot be opened or written."""


def create_engine_for(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL, foreign keys and serialised writes."""
    if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url)
    except (SQLAlchemyError, ImportError) as error:
        raise StorageError(f"AFTERVIEW_DATABASE_URL: cannot use {url!r} ({error})") from None
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" below opens transactions
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("afterview.adapters.migrations")))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def schema_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


class SqlStore:
    """One account's pipeline in a database."""

    def __init__(self, engine: Engine, account_id: int = LOCAL_ACCOUNT) -> None:
        self.engine = engine
        self.account_id = account_id

    @classmethod
    def open(cls, url: str, account_id: int = LOCAL_ACCOUNT) -> SqlStore:
        """Open (and on first use create and migrate) the database at `url`."""
        engine = create_engine_for(url)
        try:
            if schema_revision(engine) != HEAD_REVISION:
                migrate(engine)
        except DatabaseError as error:  # unreachable, locked, or not a database at all
            raise StorageError(f"cannot open the database: {error.orig}") from None
        return cls(engine, account_id)

    def load(self) -> Pipeline:
        with self.engine.connect() as connection:
            return _read(connection, self.account_id)

    @contextmanager
    def unit_of_work(self) -> Iterator[SqlUnitOfWork]:
        """One transaction: everything the block saves is written, or nothing is."""
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    accounts.select().where(accounts.c.id == self.account_id).with_for_update()
                )
            yield SqlUnitOfWork(connection, self.account_id)

    def close(self) -> None:
        self.engine.dispose()


def _read(connection: Connection, account_id: int) -> Pipeline:
    def fetch(sql: str, params: dict[str, Any]) -> Any:
        return connection.execute(text(sql), params).all()

    return rows.read_pipeline(fetch, account_id)


class SqlUnitOfWork:
    """One transaction, with the pipeline and the outbox as repositories (the port's
    `UnitOfWork`)."""

    def __init__(self, connection: Connection, account_id: int) -> None:
        self.pipeline = SqlPipeline(connection, account_id)
        self.outbox = SqlOutbox(connection, account_id)


class SqlPipeline:
    """The pipeline as it is in this transaction, and the means to write a new version."""

    def __init__(self, connection: Connection, account_id: int) -> None:
        self.connection = connection
        self.account_id = account_id

    def load(self) -> Pipeline:
        return _read(self.connection, self.account_id)

    def save(self, before: Pipeline, after: Pipeline) -> None:
        """Write the difference between two versions of the pipeline, row by row."""
        old = rows.table_rows(before, self.account_id)
        new = rows.table_rows(after, self.account_id)
        # Inserts and updates parents first, then deletes children first: a row that
        # stays may stop pointing at a row that goes (touches are keyed by position).
        for name in rows.TABLES:
            changed = [
                row for key, row in new[name].items() if key in old[name] and old[name][key] != row
            ]
            self._update(name, changed)
            self._insert(name, [row for key, row in new[name].items() if key not in old[name]])
        for name in reversed(rows.TABLES):
            self._delete(name, [key for key in old[name] if key not in new[name]])

    def _delete(self, name: str, keys: list[rows.Key]) -> None:
        if keys:
            table, columns = TABLES[name], rows.KEYS[name]
            where = and_(*(table.c[column] == bindparam(f"k_{column}") for column in columns))
            self.connection.execute(
                table.delete().where(where),
                [{f"k_{c}": v for c, v in zip(columns, key, strict=True)} for key in keys],
            )

    def _update(self, name: str, changed: list[rows.Row]) -> None:
        if changed:
            table, columns = TABLES[name], rows.KEYS[name]
            where = and_(*(table.c[column] == bindparam(f"k_{column}") for column in columns))
            values: dict[str, Any] = {
                c: bindparam(f"v_{c}") for c in changed[0] if c not in columns
            }
            self.connection.execute(
                table.update().where(where).values(values),
                [
                    {**{f"k_{c}": row[c] for c in columns}, **{f"v_{c}": row[c] for c in values}}
                    for row in changed
                ],
            )

    def _insert(self, name: str, new_rows: list[rows.Row]) -> None:
        if new_rows:
            self.connection.execute(TABLES[name].insert(), new_rows)
