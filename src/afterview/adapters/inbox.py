"""The inbox tables: the `InboxRepository` of one account, inside a transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, RowMapping, func, select

from afterview.adapters.schema import inbox_folders, inbox_invites, inbox_messages
from afterview.domain.mail import Folder
from afterview.services.ports import (
    FolderMark,
    FolderRead,
    InboxItem,
    InboxOutcome,
    InboxView,
)

CHUNK = 500
"""Message-IDs asked about per query (SQLite allows 32,766 parameters; stay well under)."""


class SqlInbox:
    """The inbox rows of one account, inside the caller's transaction."""

    def __init__(self, connection: Connection, account_id: int) -> None:
        self.connection = connection
        self.account_id = account_id

    def marks(self) -> dict[Folder, FolderMark]:
        found = self.connection.execute(
            select(
                inbox_folders.c.folder, inbox_folders.c.uidvalidity, inbox_folders.c.last_uid
            ).where(inbox_folders.c.account_id == self.account_id)
        )
        return {Folder(folder): FolderMark(validity, last) for folder, validity, last in found}

    def set_mark(self, read: FolderRead, at: dt.datetime) -> None:
        mine = (inbox_folders.c.account_id == self.account_id) & (
            inbox_folders.c.folder == read.folder.value
        )
        self.connection.execute(inbox_folders.delete().where(mine))
        self.connection.execute(
            inbox_folders.insert().values(
                account_id=self.account_id,
                folder=read.folder.value,
                name=read.name,
                uidvalidity=read.mark.uidvalidity,
                last_uid=read.mark.last_uid,
                read_at=at,
            )
        )

    def known(self, message_ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(message_ids))
        found: set[str] = set()
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            rows = self.connection.execute(
                select(inbox_messages.c.message_id).where(
                    (inbox_messages.c.account_id == self.account_id)
                    & inbox_messages.c.message_id.in_(chunk)
                )
            )
            found.update(row[0] for row in rows)
        return found

    def add(self, items: Sequence[InboxItem], at: dt.datetime) -> None:
        if items:
            self.connection.execute(
                inbox_messages.insert(), [_row(self.account_id, item, at) for item in items]
            )

    def item(self, message_id: str) -> InboxItem | None:
        row = (
            self.connection.execute(
                inbox_messages.select().where(
                    (inbox_messages.c.account_id == self.account_id)
                    & (inbox_messages.c.message_id == message_id)
                )
            )
            .mappings()
            .first()
        )
        return None if row is None else _item(row)

    def settle(self, message_id: str, outcome: InboxOutcome) -> None:
        self.connection.execute(
            inbox_messages.update()
            .where(
                (inbox_messages.c.account_id == self.account_id)
                & (inbox_messages.c.message_id == message_id)
            )
            .values(outcome=outcome.value)
        )

    def invites(self) -> dict[str, tuple[str, int]]:
        found = self.connection.execute(
            select(
                inbox_invites.c.uid, inbox_invites.c.interview_id, inbox_invites.c.sequence
            ).where(inbox_invites.c.account_id == self.account_id)
        )
        return {uid: (interview, sequence) for uid, interview, sequence in found}

    def put_invite(self, uid: str, interview_id: str, sequence: int) -> None:
        mine = (inbox_invites.c.account_id == self.account_id) & (inbox_invites.c.uid == uid)
        self.connection.execute(inbox_invites.delete().where(mine))
        self.connection.execute(
            inbox_invites.insert().values(
                account_id=self.account_id, uid=uid, interview_id=interview_id, sequence=sequence
            )
        )


def inbox_view(connection: Connection, account_id: int) -> InboxView:
    """When the mailbox was last read, and the messages waiting for review (newest first)."""
    last = connection.execute(
        select(func.max(inbox_folders.c.read_at)).where(inbox_folders.c.account_id == account_id)
    ).scalar()
    mine = inbox_messages.c.account_id == account_id
    seen = connection.execute(select(func.count()).where(mine)).scalar() or 0
    waiting = connection.execute(
        inbox_messages.select()
        .where(mine & (inbox_messages.c.outcome == InboxOutcome.REVIEW.value))
        .order_by(inbox_messages.c.received_on.desc(), inbox_messages.c.message_id)
    ).mappings()
    review = [_item(row) for row in waiting]
    return InboxView(_aware(last), review, int(seen), SqlInbox(connection, account_id).marks())


def _aware(moment: object) -> dt.datetime | None:
    """A stored time (SQLite returns it without its zone: it was written in UTC)."""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if not isinstance(moment, dt.datetime):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _row(account_id: int, item: InboxItem, at: dt.datetime) -> dict[str, object]:
    return {
        "account_id": account_id,
        "message_id": item.message_id,
        "folder": item.folder,
        "outcome": item.outcome.value,
        "received_on": item.received_on,
        "sender": item.sender,
        "subject": item.subject,
        "snippet": item.snippet,
        "reason": item.reason,
        "application_id": item.application,
        "contact_id": item.contact,
        "requested_on": item.requested_on,
        "read_at": at,
    }


def _item(row: RowMapping) -> InboxItem:
    return InboxItem(
        row["message_id"],
        row["folder"],
        InboxOutcome(row["outcome"]),
        _day(row["received_on"]),
        row["sender"],
        row["subject"] or "",
        row["snippet"],
        row["reason"],
        row["application_id"],
        row["contact_id"],
        _day(row["requested_on"]),
    )


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)) if value else None
