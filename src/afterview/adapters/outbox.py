"""The outbox table: the `OutboxRepository` of one account, inside a transaction."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, RowMapping, func

from afterview.adapters.schema import outbox
from afterview.services.ports import OutboxEntry, OutboxState


class SqlOutbox:
    """The outbox rows of one account, inside the caller's transaction."""

    def __init__(self, connection: Connection, account_id: int) -> None:
        self.connection = connection
        self.account_id = account_id

    def _where(self, key: str) -> ColumnElement[bool]:
        return (outbox.c.account_id == self.account_id) & (outbox.c.id == key)

    def get(self, key: str) -> OutboxEntry | None:
        row = self.connection.execute(outbox.select().where(self._where(key))).mappings().first()
        return None if row is None else _entry(row)

    def entries(self) -> list[OutboxEntry]:
        """Every message of the account, by key."""
        mine = outbox.c.account_id == self.account_id
        found = self.connection.execute(outbox.select().where(mine).order_by(outbox.c.id))
        return [_entry(row) for row in found.mappings()]

    def put(self, entry: OutboxEntry) -> None:
        """Write the entry, in place of any with the same key (the caller holds the lock)."""
        self.connection.execute(outbox.delete().where(self._where(entry.key)))
        self.connection.execute(
            outbox.insert().values(
                account_id=self.account_id,
                id=entry.key,
                kind=entry.kind,
                interview_id=entry.interview_id,
                contact_id=entry.contact_id,
                medium=entry.medium,
                message_id=entry.message_id,
                state=entry.state.value,
                recipient=entry.recipient,
                subject=entry.subject,
                body=entry.body,
                file=entry.file,
                attempts=entry.attempts,
                last_error=entry.last_error,
            )
        )

    def remove(self, key: str) -> None:
        self.connection.execute(outbox.delete().where(self._where(key)))

    def mark(
        self,
        key: str,
        state: OutboxState,
        *,
        attempt: bool = False,
        error: str | None = None,
        file: str | None = None,
    ) -> None:
        values: dict[str, object] = {
            "state": state.value,
            "updated_at": func.now(),
            "last_error": error,
        }
        if attempt:
            values["attempts"] = outbox.c.attempts + 1
        if file is not None:
            values["file"] = file
        self.connection.execute(outbox.update().where(self._where(key)).values(values))


def _entry(row: RowMapping) -> OutboxEntry:
    return OutboxEntry(
        row["id"],
        row["kind"],
        row["interview_id"],
        row["contact_id"],
        row["medium"],
        row["message_id"],
        OutboxState(row["state"]),
        row["recipient"],
        row["subject"],
        row["body"],
        row["file"],
        row["attempts"],
        row["last_error"],
    )
