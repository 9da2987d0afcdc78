"""How far the mailbox was read, kept with the standard library's sqlite3 alone.

A sync that finds nothing new only reads the folders' marks and writes them back with
the time: importing SQLAlchemy for that would cost about 0.3 s of the second such a
sync is allowed (bench/bench_inbox.py). The SQL here writes exactly the rows
`adapters/inbox.py` writes (the same table, the same columns, times in UTC as
SQLAlchemy keeps them in SQLite), under SQLite's write lock (BEGIN IMMEDIATE).
Anything else about the inbox goes through the SQLAlchemy store.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from afterview.adapters.sqlite_reader import connect_for_reading, storage_error
from afterview.domain.mail import Folder
from afterview.services.ports import FolderMark, FolderRead, Store

SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"
"""How SQLAlchemy writes a DateTime into SQLite (in UTC, without the zone)."""


class SqliteInboxMarks:
    """The `InboxMarks` port of one account in a SQLite file at the newest schema."""

    def __init__(self, path: Path, account_id: int) -> None:
        self.path = path
        self.account_id = account_id

    def marks(self) -> dict[Folder, FolderMark]:
        try:
            with closing(connect_for_reading(self.path)) as connection:
                found = connection.execute(
                    "SELECT folder, uidvalidity, last_uid FROM inbox_folders WHERE account_id = ?",
                    (self.account_id,),
                ).fetchall()
        except sqlite3.Error as error:
            raise storage_error(error, self.path) from None
        return {Folder(folder): FolderMark(validity, last) for folder, validity, last in found}

    def save(self, reads: Sequence[FolderRead], at: dt.datetime) -> None:
        when = at.astimezone(dt.UTC).replace(tzinfo=None).strftime(SQLITE_TIME)
        try:
            with closing(connect_for_reading(self.path)) as connection:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    for read in reads:
                        connection.execute(
                            "DELETE FROM inbox_folders WHERE account_id = ? AND folder = ?",
                            (self.account_id, read.folder.value),
                        )
                        connection.execute(
                            "INSERT INTO inbox_folders (account_id, folder, name, uidvalidity,"
                            " last_uid, read_at) VALUES (?, ?, ?, ?, ?, ?)",
                            (
                                self.account_id,
                                read.folder.value,
                                read.name,
                                read.mark.uidvalidity,
                                read.mark.last_uid,
                                when,
                            ),
                        )
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
                connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise storage_error(error, self.path) from None


class StoreInboxMarks:
    """The `InboxMarks` port over the SQLAlchemy store (PostgreSQL, or a file to migrate)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def marks(self) -> dict[Folder, FolderMark]:
        return self.store.inbox_view().marks

    def save(self, reads: Sequence[FolderRead], at: dt.datetime) -> None:
        with self.store.unit_of_work() as work:
            for read in reads:
                work.inbox.set_mark(read, at)
