"""Read a SQLite store with the standard library alone.

Why not SQLAlchemy here: importing it costs about 370 ms on a small machine, more
than everything else `afterview agenda` does on a thousand applications. Read-only
commands on a SQLite file that is already at the newest migration come here and
run the same SELECTs (`rows.py`) through `sqlite3`; everything else goes through
the SQLAlchemy store, which also creates and migrates the file.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

from afterview.adapters import rows
from afterview.domain.model import Pipeline

HEAD_REVISION = "0003"  # equal to store.HEAD_REVISION; a test holds them together
LOCAL_ACCOUNT = 1


class SqliteReader:
    """A read-only view of one account in a SQLite file at the newest revision."""

    def __init__(self, path: Path, account_id: int = LOCAL_ACCOUNT) -> None:
        self.path = path
        self.account_id = account_id
        self._cached: tuple[tuple[int, int, int], Pipeline] | None = None
        self._connection: sqlite3.Connection | None = None
        self._opened_on = (0, 0)
        self._lock = threading.Lock()

    @classmethod
    def open_if_current(cls, path: Path, account_id: int = LOCAL_ACCOUNT) -> SqliteReader | None:
        """A reader, if the file exists and needs no migration; else None."""
        if not path.is_file():
            return None
        try:
            with closing(_connect(path)) as connection:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            return None
        return cls(path, account_id) if row and row[0] == HEAD_REVISION else None

    def load(self) -> Pipeline:
        """The pipeline; read again only when another connection has committed a change
        since (or the file was replaced), so a web page does not pay for reading the
        whole store on every request."""
        with self._lock:  # concurrent requests read the store once, not once each
            connection = self._open()
            stamp = self._stamp(connection)
            if self._cached is not None and self._cached[0] == stamp:
                return self._cached[1]
            pipeline = self._read(connection)
            self._cached = (stamp, pipeline)
            return pipeline

    def _open(self) -> sqlite3.Connection:
        """The reader's own connection, opened again if the file was replaced."""
        if self._connection is not None and self._identity() != self._opened_on:
            self._connection.close()
            self._connection = None
        if self._connection is None:
            self._opened_on = self._identity()
            self._connection = _connect(self.path)
        return self._connection

    def _identity(self) -> tuple[int, int]:
        stat = self.path.stat()
        return (stat.st_dev, stat.st_ino)

    def _stamp(self, connection: sqlite3.Connection) -> tuple[int, int, int]:
        """SQLite's own change counter (exact: it moves with every commit of any other
        connection), and which file this is."""
        (version,) = connection.execute("PRAGMA data_version").fetchone()
        return (int(version), *self._opened_on)

    def _read(self, connection: sqlite3.Connection) -> Pipeline:
        connection.execute("BEGIN")  # one snapshot for the seven SELECTs
        try:

            def fetch(sql: str, params: dict[str, Any]) -> list[Any]:
                return connection.execute(sql, params).fetchall()

            return rows.read_pipeline(fetch, self.account_id)
        finally:
            connection.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: transactions only where this module opens them; the lock in
    # SqliteReader keeps one thread at a time on the connection.
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA busy_timeout=10000")
    return connection
