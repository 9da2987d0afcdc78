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
        self._cached: tuple[tuple[tuple[int, int], ...], Pipeline] | None = None
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
        """The pipeline; read again only when the file (or its write-ahead log) changed,
        so a web page does not pay for reading the whole store on every request."""
        with self._lock:  # concurrent requests read the store once, not once each
            stamp = self._stamp()
            if self._cached is not None and self._cached[0] == stamp:
                return self._cached[1]
            pipeline = self._read()
            self._cached = (stamp, pipeline)
            return pipeline

    def _stamp(self) -> tuple[tuple[int, int], ...]:
        stamps = []
        for path in (self.path, self.path.with_name(self.path.name + "-wal")):
            try:
                stat = path.stat()
            except FileNotFoundError:
                stamps.append((0, 0))
            else:
                stamps.append((stat.st_mtime_ns, stat.st_size))
        return tuple(stamps)

    def _read(self) -> Pipeline:
        with closing(_connect(self.path)) as connection:

            def fetch(sql: str, params: dict[str, Any]) -> list[Any]:
                return connection.execute(sql, params).fetchall()

            return rows.read_pipeline(fetch, self.account_id)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA busy_timeout=10000")
    return connection
