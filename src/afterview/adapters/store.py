"""The SQLAlchemy store: SQLite by default, PostgreSQL in server mode.

A unit of work loads the account's pipeline, lets a use case change it as pure
data, and writes back only the rows that changed, in one transaction. Write
transactions are serialised per database (SQLite: BEGIN IMMEDIATE) or per account
(PostgreSQL: a row lock), so two commands never write over each other; reads take
no lock (SQLite: a deferred BEGIN, a snapshot of the WAL), so they never wait for a
writer nor make one wait.

Nothing is created or migrated before there is something to write: a read of a
missing SQLite file is an empty pipeline, and the first unit of work creates the file,
whole (built under a temporary name, 0600, then linked into place), so no other
command ever sees a half-made database. A file written by a newer afterview is read
as far as its tables allow and never written, migrated or down-graded. Every failure
of the database becomes one StorageError line that names the file and what to do.

On PostgreSQL each account is walled off by the database itself (migration 0008: row-level
security). Every connection of a store switches to the role `afterview_app` once the
database grants it (a superuser would bypass the wall), and every transaction names its
account (and whether it may only read, as a coach reading a client's records) in
transaction-local settings; migrations run as the connecting user.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    bindparam,
    create_engine,
    event,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from afterview import __version__
from afterview.adapters import rows, sqlite_reader
from afterview.adapters.home_files import cannot_write, private_folder
from afterview.adapters.inbox import SqlInbox, inbox_view
from afterview.adapters.outbox import SqlOutbox
from afterview.adapters.schema import TABLES, accounts
from afterview.adapters.sqlite_reader import SqliteReader, is_newer
from afterview.domain.model import Pipeline
from afterview.errors import AfterviewError, StorageError
from afterview.services.ports import InboxView, OutboxEntry

HEAD_REVISION = "0010"
"""The newest migration. The fast read path trusts a database at this revision."""
LOCAL_ACCOUNT = 1
WRITE = "afterview_write"
"""The execution option that makes a connection's transaction a write (BEGIN IMMEDIATE)."""
APP_ROLE = "afterview_app"
"""PostgreSQL: the role a store works as, subject to row-level security (migration 0008)."""
READ_ONLY_REFUSAL = "read only: a coach cannot change a client's records"
_ROLE_READY = f"""
SELECT EXISTS (
    SELECT FROM pg_roles r
    WHERE r.rolname = '{APP_ROLE}'
    AND has_table_privilege(r.oid, to_regclass('alembic_version'), 'SELECT')
    AND CASE WHEN current_setting('server_version_num')::int >= 160000
        THEN pg_has_role(current_user, r.oid, 'SET')
        ELSE pg_has_role(current_user, r.oid, 'MEMBER') END
)
"""
"""Whether this database grants the role (it has run 0008) and this user may switch to it."""
_ENTER = text(
    "SELECT set_config('afterview.account', :account, true),"
    " set_config('afterview.read_only', :read_only, true)"
)

__all__ = ["HEAD_REVISION", "SqlStore", "StorageError", "create_engine_for", "migrate"]


def sqlite_file(url: str) -> Path | None:
    """The file of a `sqlite:///…` URL (None for any other database)."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and len(url) > len(prefix):
        return Path(url.removeprefix(prefix))
    return None


def create_engine_for(url: str) -> Engine:
    """An engine for `url`. A SQLite file gets foreign keys and serialised writes, and is
    opened only if it exists (`mode=rw`): no connection ever creates one by accident."""
    path = sqlite_file(url)
    try:
        if path is not None:
            engine = create_engine(url, creator=lambda: _connect_existing(path))
        else:
            engine = create_engine(url)
    except (SQLAlchemyError, ImportError) as error:
        raise StorageError(f"AFTERVIEW_DATABASE_URL: cannot use {url!r} ({error})") from None
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    return engine


def _connect_existing(path: Path) -> Any:
    import sqlite3

    return sqlite3.connect(
        sqlite_reader.file_uri(path, "mode=rw"),
        uri=True,
        isolation_level=None,  # SQLAlchemy's "begin" below opens transactions
        check_same_thread=False,  # the pool hands a connection to one thread at a time
    )


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={sqlite_reader.BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Only a write takes the write lock, and takes it first: a read that later wanted
        # to write could not wait for it without a deadlock.
        writing = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction (committed at the end, or rolled back)."""
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            yield connection


_MIGRATING = threading.Lock()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already), under
    the write lock; a schema newer than this afterview knows is refused, never touched.

    PostgreSQL: the migrations run as the connecting user (the tables' owner), not as the
    store's role; afterwards the engine's pool is emptied, so every connection made from
    then on switches to the role the migrations may just have granted."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("afterview.adapters.migrations")))
    if engine.dialect.name == "sqlite":
        _use_wal(engine)
    with writing(engine) as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("RESET ROLE")  # undone with the transaction if it fails
        revision, written_by = _revision(connection)
        if revision == HEAD_REVISION:
            return
        if is_newer(revision):
            assert revision is not None
            raise sqlite_reader.newer_schema(_label(engine), revision, written_by, writing=True)
        config.attributes["connection"] = connection
        with _MIGRATING:  # Alembic loads its scripts into shared module state: one at a time
            command.upgrade(config, "head")
        connection.execute(
            text("UPDATE alembic_version SET afterview_version = :version"),
            {"version": __version__},
        )
    if engine.dialect.name == "postgresql":
        engine.dispose()  # no connection made before (or by) the migration is used again


def _wall(engine: Engine) -> None:
    """PostgreSQL: make every new connection of `engine` switch to the store's role, once the
    database grants it; connections made before are let go."""
    if engine.dialect.name != "postgresql" or event.contains(engine, "connect", _switch_role):
        return
    event.listen(engine, "connect", _switch_role)
    engine.dispose()


def _switch_role(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(_ROLE_READY)
        (ready,) = cursor.fetchone()
        if ready:
            cursor.execute(f"SET ROLE {APP_ROLE}")
    finally:
        cursor.close()
    dbapi_connection.commit()  # a session's setting, kept by the pool's rollbacks


def _use_wal(engine: Engine) -> None:
    """WAL (readers never wait for the writer) is a property of the file, set once."""
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        (mode,) = raw.execute("PRAGMA journal_mode").fetchone()
        if mode != "wal":
            raw.execute("PRAGMA journal_mode=WAL")


def _revision(connection: Connection) -> tuple[str | None, str | None]:
    """The schema's revision (None: no schema yet), and the afterview that brought it there
    (when it says: from revision 0004 on)."""
    inspector = inspect(connection)
    if not inspector.has_table("alembic_version"):
        return None, None
    columns = {column["name"] for column in inspector.get_columns("alembic_version")}
    by = "afterview_version" if "afterview_version" in columns else "NULL"
    row = connection.execute(text(f"SELECT version_num, {by} FROM alembic_version")).first()
    return (row[0], row[1]) if row is not None else (None, None)


def _label(engine: Engine) -> str:
    path = sqlite_file(engine.url.render_as_string(hide_password=True))
    return str(path) if path is not None else "the database"


def schema_revision(engine: Engine) -> str | None:
    """The schema's revision, read without any lock (None: no schema yet)."""
    with engine.connect() as connection:
        return _revision(connection)[0]


class SqlStore:
    """One account's pipeline in a database; `read_only`: a view that may read but never
    write (a coach reading a client's records: afterview refuses every unit of work, and on
    PostgreSQL the database refuses every change too)."""

    def __init__(
        self, engine: Engine, account_id: int = LOCAL_ACCOUNT, *, read_only: bool = False
    ) -> None:
        _wall(engine)
        self.engine = engine
        self.account_id = account_id
        self.read_only = read_only
        self.path = sqlite_file(engine.url.render_as_string(hide_password=True))
        """The SQLite file, or None for a database server."""
        self._state: str | None = None  # "ready", or "newer" (read-only), once checked
        self._newer: tuple[str, str | None] | None = None
        self._ready_lock = threading.Lock()
        self._kept = rows.Kept()
        """The pipeline last read or written, at the account's data version it is at."""
        self._reader = (
            SqliteReader(self.path, account_id, kept=self._kept) if self.path is not None else None
        )

    @classmethod
    def open(
        cls, url: str, account_id: int = LOCAL_ACCOUNT, *, read_only: bool = False
    ) -> SqlStore:
        """The database at `url`, checked (and migrated) if it exists. A SQLite file that does
        not exist yet is made by the first write, never by a read, so a refused command
        leaves no trace."""
        store = cls(create_engine_for(url), account_id, read_only=read_only)
        if store.path is None or store.path.exists():
            store._ready(write=False)
        return store

    @property
    def label(self) -> str:
        return str(self.path) if self.path is not None else "the database"

    def load(self) -> Pipeline:
        if not self._ready(write=False):
            return Pipeline()
        if self._reader is not None:
            return self._reader.load()
        with self._reading() as connection:
            version = connection.execute(
                select(accounts.c.data_version).where(accounts.c.id == self.account_id)
            ).scalar()
            kept = self._kept.at(version)
            if kept is not None:
                return kept.pipeline  # no write since, in any process: the pipeline kept is current
            stored = _read(connection, self.account_id)
            self._kept.keep(version, stored)
            return stored.pipeline

    def load_outbox(self) -> list[OutboxEntry]:
        """Every message in the account's outbox, by key."""
        if not self._ready(write=False):
            return []
        if self._reader is not None:
            return self._reader.load_outbox()
        with self._reading() as connection:
            return SqlOutbox(connection, self.account_id).entries()

    def inbox_view(self) -> InboxView:
        """When the mailbox was last read, and what waits for review (no write lock)."""
        if not self._ready(write=False):
            return InboxView(None, [], 0)
        with self._reading() as connection:
            return inbox_view(connection, self.account_id)

    @contextmanager
    def unit_of_work(self) -> Iterator[SqlUnitOfWork]:
        """One transaction: everything the block saves is written, or nothing is."""
        if self.read_only:
            raise AfterviewError(READ_ONLY_REFUSAL)
        self._ready(write=True)
        with self._translated(), writing(self.engine) as connection:
            # The account's row is locked (SQLite: the whole file, by BEGIN IMMEDIATE) before
            # its version is read: no other write can come between that read and the commit.
            version_now = select(accounts.c.data_version).where(accounts.c.id == self.account_id)
            if connection.dialect.name == "postgresql":
                self.enter(connection)
                version_now = version_now.with_for_update()
            version = connection.execute(version_now).scalar()
            work = SqlUnitOfWork(connection, self.account_id, self._kept.at(version))
            yield work
            # Every write raises the account's data version, in its own transaction: a
            # pipeline kept by any process is then read again (`load`).
            connection.execute(
                update(accounts)
                .where(accounts.c.id == self.account_id)
                .values(data_version=accounts.c.data_version + 1)
            )
            written = work.pipeline.stored
        # Committed: what this transaction leaves is the pipeline at the new version (a
        # rollback, raised out of the block above, never gets here).
        if version is not None and written is not None:
            self._kept.keep(version + 1, written)

    def enter(self, connection: Connection) -> None:
        """PostgreSQL: name this store's account (and whether it only reads) for the rest of
        the connection's transaction, which begins here if none has. Row-level security shows
        and lets change only that account's rows; a connection that names none sees none."""
        if connection.dialect.name == "postgresql":
            read_only = "on" if self.read_only else "off"
            connection.execute(_ENTER, {"account": str(self.account_id), "read_only": read_only})

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection whose (first) transaction reads as this store's account."""
        with self._translated(), self.engine.connect() as connection:
            self.enter(connection)
            yield connection

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self.engine.dispose()

    # --- being ready -----------------------------------------------------------------------------

    def _ready(self, write: bool) -> bool:
        """Whether there is a database to use; for a write, one is made (or migrated) first.
        A read never creates, migrates nothing a newer afterview wrote, and writes nothing
        but the migration of an older schema."""
        with self._ready_lock:
            if self._state is None:
                if self.path is not None and not self.path.exists():
                    if not write:
                        return False
                    self._create()
                self._check()
            if self._state == "newer" and write:
                assert self._newer is not None
                raise sqlite_reader.newer_schema(self.label, *self._newer, writing=True)
            return True

    def _check(self) -> None:
        if self.path is not None:
            sqlite_reader.refuse_empty(self.path)
        with self._translated():
            with self.engine.connect() as connection:
                revision, written_by = _revision(connection)
            if is_newer(revision):
                assert revision is not None
                self._newer = (revision, written_by)
                if self._reader is not None:
                    self._reader.newer = self._newer
                self._state = "newer"
                return
            if revision != HEAD_REVISION:
                migrate(self.engine)
        self._state = "ready"

    def _create(self) -> None:
        """Make the database file whole under a temporary name, then link it into place: a
        command that finds the file finds it migrated. Another command's file, made first,
        is kept."""
        import tempfile

        assert self.path is not None
        folder = self.path.parent
        try:
            private_folder(folder)
            descriptor, name = tempfile.mkstemp(
                dir=folder, prefix=f".{self.path.name}.", suffix=".new"
            )  # 0600: SQLite gives the WAL and its index the mode of the database
            os.close(descriptor)
        except OSError as error:
            raise StorageError(cannot_write(self.path, error)) from None
        temporary = Path(name)
        try:
            engine = create_engine_for(f"sqlite:///{temporary}")
            try:
                with _translated_for(self.path):
                    migrate(engine)
                    with engine.connect() as connection:
                        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                engine.dispose()
            _link(temporary, self.path)
        finally:
            for leftover in ("", "-wal", "-shm"):
                Path(f"{temporary}{leftover}").unlink(missing_ok=True)

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """The database's errors as StorageError lines (a broken foreign key stays what it
        is: a mistake of the program, not of the environment)."""
        try:
            yield
        except DBAPIError as error:
            if isinstance(error, IntegrityError):
                raise
            raise self._problem(error) from None

    def _problem(self, error: DBAPIError) -> StorageError:
        import sqlite3

        if self.path is not None and isinstance(error.orig, sqlite3.Error):
            code = getattr(error.orig, "sqlite_errorcode", 0) & 0xFF
            if self._newer is not None and code == sqlite3.SQLITE_ERROR:
                return sqlite_reader.newer_schema(self.label, *self._newer, writing=False)
            return sqlite_reader.storage_error(error.orig, self.path)
        first_line = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else ""
        reason = first_line or type(error.orig).__name__
        if getattr(error.orig, "sqlstate", None) == "42501":  # insufficient privilege
            return StorageError(f"the database refused: {reason}")
        return StorageError(f"cannot open the database: {reason}")


@contextmanager
def _translated_for(path: Path) -> Iterator[None]:
    import sqlite3

    try:
        yield
    except DBAPIError as error:
        if isinstance(error.orig, sqlite3.Error):
            raise sqlite_reader.storage_error(error.orig, path) from None
        raise


def _link(temporary: Path, path: Path) -> None:
    """Put the new file at `path` unless one is there already (atomic: a hard link)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        return
    except OSError as error:
        if path.exists():
            return
        try:  # a file system without hard links: the small window is the price
            os.rename(temporary, path)
        except OSError:
            raise StorageError(cannot_write(path, error)) from None


def _read(connection: Connection, account_id: int) -> rows.Stored:
    def fetch(sql: str, params: dict[str, Any]) -> Any:
        return connection.execute(text(sql), params).all()

    return rows.read_stored(fetch, account_id)


class SqlUnitOfWork:
    """One transaction, with the pipeline and the outbox as repositories (the port's
    `UnitOfWork`)."""

    def __init__(
        self, connection: Connection, account_id: int, kept: rows.Stored | None = None
    ) -> None:
        self.pipeline = SqlPipeline(connection, account_id, kept)
        self.outbox = SqlOutbox(connection, account_id)
        self.inbox = SqlInbox(connection, account_id)


class SqlPipeline:
    """The pipeline as it is in this transaction, and the means to write a new version.

    `kept`: the pipeline as stored when the transaction began (the store's, at the data
    version read under the write lock), so that neither `load` nor `save` reads every table."""

    def __init__(
        self, connection: Connection, account_id: int, kept: rows.Stored | None = None
    ) -> None:
        self.connection = connection
        self.account_id = account_id
        self.stored = kept
        """The pipeline as this transaction leaves it so far, with its layout, once known."""

    def load(self) -> Pipeline:
        if self.stored is None:
            self.stored = _read(self.connection, self.account_id)
        return self.stored.pipeline

    def save(self, before: Pipeline, after: Pipeline) -> None:
        """Write what changed from `before` to `after`: the rows of the records that are not
        the very same objects in both, compared and written row by row.

        `before` is expected to be what `load` returned (or the last `after` saved); any
        other pipeline is taken as a wish for `after`, diffed against the tables as they
        are, read again."""
        if self.stored is None or before is not self.stored.pipeline:
            self.stored = _read(self.connection, self.account_id)
        old, new, layout = rows.changed_rows(self.stored, after, self.account_id)
        self._write(old, new)
        self.stored = rows.Stored(after, layout)

    def _write(self, old: rows.Changes, new: rows.Changes) -> None:
        # Inserts and updates parents first, then deletes children first: a row that
        # stays may stop pointing at a row that goes.
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
