"""The outbox table: what was sent, what is on its way, and what may have gone out."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, func

from afterview.adapters.schema import outbox

DRAFTED, SENDING, SENT, FAILED, UNCERTAIN = "drafted", "sending", "sent", "failed", "uncertain"


@dataclass(frozen=True)
class OutboxEntry:
    """One message, persisted with its Message-ID before any network call."""

    key: str
    kind: str
    interview_id: str | None
    contact_id: str | None
    medium: str
    message_id: str
    state: str
    recipient: str | None
    subject: str | None
    body: str
    file: str | None = None
    attempts: int = 0
    last_error: str | None = None


class Outbox:
    """The outbox rows of one account, inside the caller's transaction."""

    def __init__(self, connection: Connection, account_id: int) -> None:
        self.connection = connection
        self.account_id = account_id

    def _where(self, key: str) -> ColumnElement[bool]:
        return (outbox.c.account_id == self.account_id) & (outbox.c.id == key)

    def get(self, key: str) -> OutboxEntry | None:
        row = self.connection.execute(outbox.select().where(self._where(key))).mappings().first()
        if row is None:
            return None
        return OutboxEntry(
            row["id"],
            row["kind"],
            row["interview_id"],
            row["contact_id"],
            row["medium"],
            row["message_id"],
            row["state"],
            row["recipient"],
            row["subject"],
            row["body"],
            row["file"],
            row["attempts"],
            row["last_error"],
        )

    def add(self, entry: OutboxEntry) -> None:
        self.connection.execute(
            outbox.insert().values(
                account_id=self.account_id,
                id=entry.key,
                kind=entry.kind,
                interview_id=entry.interview_id,
                contact_id=entry.contact_id,
                medium=entry.medium,
                message_id=entry.message_id,
                state=entry.state,
                recipient=entry.recipient,
                subject=entry.subject,
                body=entry.body,
                file=entry.file,
                attempts=entry.attempts,
            )
        )

    def mark(
        self,
        key: str,
        state: str,
        *,
        attempt: bool = False,
        error: str | None = None,
        file: str | None = None,
    ) -> None:
        values: dict[str, object] = {"state": state, "updated_at": func.now(), "last_error": error}
        if attempt:
            values["attempts"] = outbox.c.attempts + 1
        if file is not None:
            values["file"] = file
        self.connection.execute(outbox.update().where(self._where(key)).values(values))
