"""Server mode's own tables of each account's outside work (migration 0010): its mailbox,
the digests the worker queued, the number of its calendar feed's address.

Server tables, outside the wall of row-level security: the worker looks at every
account's. Each method is one short transaction of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from afterview.adapters.schema import account_mailboxes, accounts, worker_digests
from afterview.services.accounts import MailboxState


@dataclass(frozen=True)
class StoredMailbox:
    account_id: int
    sealed_url: str
    label: str
    synced_at: dt.datetime | None
    problem: str | None


@dataclass(frozen=True)
class Sleeper:
    """An account as the worker's clock sees it: where its mornings are."""

    account_id: int
    time_zone: str | None
    mailbox_synced_at: dt.datetime | None
    has_mailbox: bool


class WorkerTables:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- mailboxes ---

    def mailbox(self, account_id: int) -> StoredMailbox | None:
        query = select(account_mailboxes).where(account_mailboxes.c.account_id == account_id)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        return StoredMailbox(row.account_id, row.sealed_url, row.label, row.synced_at, row.problem)

    def states(self) -> dict[int, MailboxState]:
        query = select(
            account_mailboxes.c.account_id,
            account_mailboxes.c.label,
            account_mailboxes.c.synced_at,
            account_mailboxes.c.problem,
        )
        with self.engine.connect() as connection:
            return {
                row.account_id: MailboxState(row.label, row.synced_at, row.problem)
                for row in connection.execute(query)
            }

    def set_mailbox(self, account_id: int, sealed_url: str, label: str) -> None:
        """Keep the account's mailbox (replacing any, in one statement: two saves at once
        leave the later one), to be read afresh by the next tick."""
        values = {
            "account_id": account_id,
            "sealed_url": sealed_url,
            "label": label,
            "synced_at": None,
            "problem": None,
        }
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as upsert

                statement = upsert(account_mailboxes).values(values)
                connection.execute(
                    statement.on_conflict_do_update(
                        index_elements=[account_mailboxes.c.account_id],
                        set_={k: statement.excluded[k] for k in values if k != "account_id"},
                    )
                )
                return
            connection.execute(
                delete(account_mailboxes).where(account_mailboxes.c.account_id == account_id)
            )
            connection.execute(insert(account_mailboxes).values(values))

    def state(self, account_id: int) -> MailboxState | None:
        stored = self.mailbox(account_id)
        if stored is None:
            return None
        return MailboxState(stored.label, stored.synced_at, stored.problem)

    def remove_mailbox(self, account_id: int) -> bool:
        condition = account_mailboxes.c.account_id == account_id
        with self.engine.begin() as connection:
            return connection.execute(delete(account_mailboxes).where(condition)).rowcount > 0

    def mailbox_read(
        self, account_id: int, sealed_url: str, at: dt.datetime, problem: str | None
    ) -> None:
        """When the worker last read the mailbox, and what stopped it (None: nothing); kept
        only while the account's mailbox is still the one read (`sealed_url`): a mailbox
        set meanwhile is read afresh, without the old one's outcome."""
        with self.engine.begin() as connection:
            connection.execute(
                update(account_mailboxes)
                .where(
                    account_mailboxes.c.account_id == account_id,
                    account_mailboxes.c.sealed_url == sealed_url,
                )
                .values(synced_at=at, problem=problem)
            )

    # --- calendar feeds ---

    def calendar_epoch(self, account_id: int) -> int:
        query = select(accounts.c.calendar_epoch).where(accounts.c.id == account_id)
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar() or 0)

    def next_calendar_epoch(self, account_id: int) -> int:
        with self.engine.begin() as connection:
            return int(
                connection.execute(
                    update(accounts)
                    .where(accounts.c.id == account_id)
                    .values(calendar_epoch=accounts.c.calendar_epoch + 1)
                    .returning(accounts.c.calendar_epoch)
                ).scalar_one()
            )

    # --- the clock's view of the accounts ---

    def sleepers(self) -> list[Sleeper]:
        """Every enabled account that has an email (the ones that sign in), by id."""
        query = (
            select(accounts.c.id, accounts.c.time_zone, account_mailboxes.c.account_id.label("m"))
            .add_columns(account_mailboxes.c.synced_at)
            .outerjoin(account_mailboxes, account_mailboxes.c.account_id == accounts.c.id)
            .where(accounts.c.email.is_not(None), accounts.c.disabled.is_(False))
            .order_by(accounts.c.id)
        )
        with self.engine.connect() as connection:
            return [
                Sleeper(row.id, row.time_zone, row.synced_at, row.m is not None)
                for row in connection.execute(query)
            ]

    # --- digests ---

    def claim_digest(self, account_id: int, day: dt.date, due_at: dt.datetime) -> bool:
        """Note that the account's digest of `day` is queued; whether this call was the first
        to (a second worker's tick of the same minute gets False)."""
        with self.engine.begin() as connection:
            try:
                with connection.begin_nested():
                    connection.execute(
                        insert(worker_digests).values(account_id=account_id, day=day, due_at=due_at)
                    )
            except IntegrityError:
                return False
        return True

    def digest_claimed(self, account_id: int, day: dt.date) -> bool:
        query = select(worker_digests.c.day).where(
            worker_digests.c.account_id == account_id, worker_digests.c.day == day
        )
        with self.engine.connect() as connection:
            return connection.execute(query).first() is not None

    def forget_digests(self, before: dt.date) -> None:
        """Let go of the claims of days before `before` (over everywhere)."""
        with self.engine.begin() as connection:
            connection.execute(delete(worker_digests).where(worker_digests.c.day < before))
