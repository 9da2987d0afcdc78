"""Read a SQLite store with the standard library alone, and say what is wrong with one.

Why not SQLAlchemy here: importing it costs about 370 ms on a small machine, more
than everything else `afterview agenda` does on a thousand applications. Read-only
commands on a SQLite file that needs no migration come here and run the same SELECTs
(`rows.py`) through `sqlite3`; everything else goes through the SQLAlchemy store,
which also creates and migrates the file (and reads through this module too).

A reader never writes: it runs SELECTs only (and a read-only file or home can still be
read), a missing file reads as an empty pipeline, and a file written by a
newer afterview is read as far as its tables allow. `storage_error` turns SQLite's
errors into one line that names the file and what to do; the store uses it as well,
so both paths say the same about a locked, full, read-only, damaged or newer database.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from afterview import __version__
from afterview.adapters import rows
from afterview.domain.model import Pipeline
from afterview.errors import StorageError, StoreBusy

if TYPE_CHECKING:
    from afterview.services.ports import OutboxEntry

T = TypeVar("T")
HEAD_REVISION = "0010"  # equal to store.HEAD_REVISION; a test holds them together
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010")
"""Every schema revision this afterview knows (a test holds them equal to the migrations)."""
LOCAL_ACCOUNT = 1
BUSY_TIMEOUT_MS = 10_000
"""How long a command waits for another one's write to finish before it gives up."""

SELECT_OUTBOX = (
    "SELECT id, kind, interview_id, contact_id, medium, message_id, state, recipient,"
    " subject, body, file, attempts, last_error FROM outbox WHERE account_id = :account"
    " ORDER BY id"
)
"""The outbox's columns in the order of `OutboxEntry`'s fields."""
SELECT_DATA_VERSION = "SELECT data_version FROM accounts WHERE id = :account"


# --- what is wrong with a database -----------------------------------------------------------


def empty_file(path: Path) -> StorageError:
    return StorageError(
        f"{path} is empty (0 bytes): its data is lost, and afterview will not start it afresh"
        " over it; restore a backup (import a file written by `afterview export` into a new"
        " AFTERVIEW_HOME), or delete the empty file to start with no data"
    )


def refuse_empty(path: Path) -> None:
    """Refuse a database file of 0 bytes: something truncated it, and writing a new database
    over it would hide that its data is gone."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    except OSError as error:
        raise StorageError(
            f"cannot read {path} ({error.strerror}); check its permissions"
        ) from None
    if size == 0:
        raise empty_file(path)


def newer_schema(label: str, revision: str, written_by: str | None, writing: bool) -> StorageError:
    """A database at a schema revision this afterview does not know: a newer one wrote it."""
    writer = f"afterview {written_by}" if written_by else "a newer afterview"
    did = "only reads it and changes nothing" if writing else "cannot read it"
    return StorageError(
        f"{label} was written by {writer} (schema {revision}); this afterview ({__version__})"
        f" is older and {did}: upgrade afterview"
    )


def storage_error(error: sqlite3.Error, path: Path) -> StorageError:
    """SQLite's error as one line: what happened to `path`, and what to do about it."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreBusy(
            f"another afterview command is writing to {path}; try again when it finishes"
        )
    if code == sqlite3.SQLITE_FULL:
        return StorageError(
            f"cannot write to {path}: the disk is full; nothing was written;"
            " free some space and try again"
        )
    if code == sqlite3.SQLITE_IOERR:
        if "READ" in getattr(error, "sqlite_errorname", ""):
            return StorageError(
                f"cannot read {path}: the disk failed ({error}); check the disk, or import a"
                " backup (a file written by `afterview export`) into a new AFTERVIEW_HOME"
            )
        return StorageError(
            f"cannot write to {path}: the disk refused the write ({error}); nothing was"
            " written; check that the disk has room (and the file is not over a size limit),"
            " then try again"
        )
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StorageError(
            f"{path} is damaged ({error}); nothing was written to it; recover what it holds"
            f" with `sqlite3 {path} .recover > recovered.sql`, or import a backup (a file"
            " written by `afterview export`) into a new AFTERVIEW_HOME"
        )
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        where = _read_only_part(path)
        if where is not None:
            return StorageError(
                f"cannot write to {path}: {where} is read-only; nothing was written;"
                " make it writable to change anything (reading works as it is)"
            )
        return StorageError(
            f"cannot open {path} ({error}); check that it and its folder can be read and written"
        )
    return StorageError(f"cannot use {path} ({error})")


def _read_only_part(path: Path) -> Path | None:
    """The file or folder that keeps `path` from being written, if one does."""
    if path.exists() and not os.access(path, os.W_OK):
        return path
    folder = path.parent
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return folder
    return None


# --- opening -------------------------------------------------------------------------------------


def file_uri(path: Path, options: str) -> str:
    """An SQLite URI for `path`: `mode=ro` and `mode=rw` never create a file."""
    escaped = str(path.absolute()).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{escaped}?{options}"


def connect_for_reading(path: Path) -> sqlite3.Connection:
    """A connection to an existing file that this module only reads through (`mode=rw` lets
    SQLite tidy the WAL away when the last connection closes, and never creates a file).
    In a read-only folder, where SQLite cannot make the WAL's shared-memory file, the file
    is opened read-only, and read as it is on disk (`immutable`) when no write is pending
    in its WAL: nobody can write there anyway."""
    try:
        return _opened(path, "mode=rw")
    except sqlite3.Error as error:
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        folder_read_only = not os.access(path.parent, os.W_OK | os.X_OK)
        if code != sqlite3.SQLITE_CANTOPEN or not folder_read_only or not path.is_file():
            raise storage_error(error, path) from None
    try:
        return _opened(path, "mode=ro")  # the WAL's files are there already
    except sqlite3.Error:
        pass
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StorageError(
            f"cannot read {path}: its folder is read-only and {wal.name} holds changes not yet"
            f" in it; make {path.parent} writable and try again"
        )
    try:
        return _opened(path, "mode=ro&immutable=1")
    except sqlite3.Error as error:
        raise storage_error(error, path) from None


def _opened(path: Path, options: str) -> sqlite3.Connection:
    # isolation_level=None: transactions only where this module opens them; the lock in
    # SqliteReader keeps one thread at a time on the connection.
    connection = sqlite3.connect(
        file_uri(path, options), uri=True, isolation_level=None, check_same_thread=False
    )
    try:
        connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # opens the WAL
    except BaseException:
        connection.close()
        raise
    return connection


def revision_of(connection: sqlite3.Connection) -> tuple[str | None, str | None]:
    """The schema revision of the database (None: no afterview schema yet), and which
    afterview brought it there, when it says (from revision 0004 on)."""
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if found is None:
        return None, None
    columns = {row[1] for row in connection.execute("PRAGMA table_info(alembic_version)")}
    by = "afterview_version" if "afterview_version" in columns else "NULL"
    row = connection.execute(f"SELECT version_num, {by} FROM alembic_version").fetchone()
    return (row[0], row[1]) if row is not None else (None, None)


def is_newer(revision: str | None) -> bool:
    return revision is not None and revision not in KNOWN_REVISIONS


def outbox_entry(row: Any) -> OutboxEntry:
    """An outbox row (the columns of SELECT_OUTBOX) as the port's entry."""
    from afterview.services.ports import OutboxEntry, OutboxState

    key, kind, interview, contact, medium, message_id, state, *rest = row
    recipient, subject, body, file, attempts, last_error = rest
    return OutboxEntry(
        key,
        kind,
        interview,
        contact,
        medium,
        message_id,
        OutboxState(state),
        recipient,
        subject,
        body,
        file,
        attempts,
        last_error,
    )


# --- the reader ----------------------------------------------------------------------------------


class SqliteReader:
    """A read-only view of one account in a SQLite file (the `PipelineReader` port)."""

    def __init__(
        self,
        path: Path,
        account_id: int = LOCAL_ACCOUNT,
        newer: tuple[str, str | None] | None = None,
        kept: rows.Kept | None = None,
    ) -> None:
        self.path = path
        self.account_id = account_id
        self.newer = newer
        """(revision, afterview version) when a newer afterview wrote the file."""
        self.kept = kept if kept is not None else rows.Kept()
        """The pipeline at the account's data version, shared with the store that writes it:
        after a write of its own, the store's reader takes the pipeline written."""
        self._cached: tuple[tuple[int, int, int], Pipeline] | None = None
        self._connection: sqlite3.Connection | None = None
        self._opened_on = (0, 0)
        self._lock = threading.Lock()

    @classmethod
    def open_if_current(cls, path: Path, account_id: int = LOCAL_ACCOUNT) -> SqliteReader | None:
        """A reader, unless the file must be migrated first (then None: the store does that).

        A missing file reads as an empty pipeline (and stays missing); a file a newer
        afterview wrote is read as it is; an empty, damaged or unreadable one is refused."""
        if not path.exists():
            return cls(path, account_id)
        refuse_empty(path)
        with closing(connect_for_reading(path)) as connection:
            try:
                revision, written_by = revision_of(connection)
            except sqlite3.Error as error:
                raise storage_error(error, path) from None
        if revision == HEAD_REVISION:
            return cls(path, account_id)
        if revision is not None and is_newer(revision):
            return cls(path, account_id, (revision, written_by))
        return None

    def load(self) -> Pipeline:
        """The pipeline; read again only when another connection has committed a change
        since (or the file was replaced), so a web page does not pay for reading the
        whole store on every request."""
        with self._lock:  # concurrent requests read the store once, not once each
            connection = self._open()
            if connection is None:
                return Pipeline()
            try:
                stamp = self._stamp(connection)
                if self._cached is not None and self._cached[0] == stamp:
                    return self._cached[1]
                pipeline = self._in_snapshot(connection, self._read)
            except sqlite3.Error as error:
                raise self._problem(error) from None
            self._cached = (stamp, pipeline)
            return pipeline

    def _read(self, fetch: rows.Fetch) -> Pipeline:
        """The pipeline, in one snapshot: the one kept if the account's data version says
        it is current, else read whole (and kept)."""
        version = None
        if self.newer is None:  # a newer schema may have moved the column
            found = fetch(SELECT_DATA_VERSION, {"account": self.account_id})
            version = found[0][0] if found else None
        kept = self.kept.at(version)
        if kept is not None:
            return kept.pipeline
        stored = rows.read_stored(fetch, self.account_id)
        self.kept.keep(version, stored)
        return stored.pipeline

    def load_outbox(self) -> list[OutboxEntry]:
        """Every message in the account's outbox, by key."""
        with self._lock:
            connection = self._open()
            if connection is None:
                return []
            try:
                found = self._in_snapshot(
                    connection, lambda fetch: fetch(SELECT_OUTBOX, {"account": self.account_id})
                )
            except sqlite3.Error as error:
                raise self._problem(error) from None
        return [outbox_entry(row) for row in found]

    def _problem(self, error: sqlite3.Error) -> StorageError:
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        if self.newer is not None and code == sqlite3.SQLITE_ERROR:  # a table or column moved
            return newer_schema(str(self.path), *self.newer, writing=False)
        return storage_error(error, self.path)

    def _open(self) -> sqlite3.Connection | None:
        """The reader's own connection, opened again if the file was replaced; None while
        there is no file."""
        try:
            identity = self._identity()
        except FileNotFoundError:
            self._drop()
            return None
        if self._connection is not None and identity != self._opened_on:
            self._drop()
        if self._connection is None:
            refuse_empty(self.path)
            self._connection = connect_for_reading(self.path)
            self._opened_on = identity
        return self._connection

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self._cached = None
        self.kept.forget()  # another file's data versions say nothing about this one's

    def _identity(self) -> tuple[int, int]:
        stat = self.path.stat()
        return (stat.st_dev, stat.st_ino)

    def _stamp(self, connection: sqlite3.Connection) -> tuple[int, int, int]:
        """SQLite's own change counter (exact: it moves with every commit of any other
        connection), and which file this is."""
        (version,) = connection.execute("PRAGMA data_version").fetchone()
        return (int(version), *self._opened_on)

    def _in_snapshot(self, connection: sqlite3.Connection, read: Callable[[rows.Fetch], T]) -> T:
        """What `read(fetch)` finds, all in one snapshot (a deferred read transaction: it
        never waits for a writer, and never makes one wait)."""
        connection.execute("BEGIN")
        try:

            def fetch(sql: str, params: dict[str, Any]) -> list[Any]:
                return connection.execute(sql, params).fetchall()

            return read(fetch)
        finally:
            if connection.in_transaction:
                connection.execute("ROLLBACK")

    def close(self) -> None:
        with self._lock:
            self._drop()
