"""Read a SQLite store with the standard library alone.

Why not SQLAlchemy here: importing it costs about 370 ms on a small machine, more
than everything else `afterview agenda` does on a thousand applications. Read-only
commands on a SQLite file that is already at the newest migration come here and
run the same SELECTs (`rows.py`) through `sqlite3`; everything else goes through
the SQLAlchemy store, which also creates and migrates the file.
"""

from __future__ import annotations

import sqlite3
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
        with closing(_connect(self.path)) as connection:

            def fetch(sql: str, params: dict[str, Any]) -> list[Any]:
                return connection.execute(sql, params).fetchall()

            return rows.read_pipeline(fetch, self.account_id)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA busy_timeout=10000")
    return connection
