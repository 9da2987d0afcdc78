"""What an inbox sync reports: the records it made, what waits for review, what it read
(docs/inbox.md; the JSON of `afterview inbox sync --json`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from afterview.services.ports import InboxItem


@dataclass(frozen=True)
class Recorded:
    """One record a sync made: a touch, or an interview from an invitation."""

    kind: str
    """`employer_reply`, `thank_you` or `interview`."""
    application: str | None
    interview: str | None
    contact: str | None
    on: dt.date | None
    message_id: str


@dataclass
class SyncReport:
    """What a sync did: recorded, sent to review, and how many messages it read."""

    mailbox: str
    recorded: list[Recorded] = field(default_factory=list)
    review: list[InboxItem] = field(default_factory=list)
    seen: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "recorded": [
                {
                    "kind": r.kind,
                    "application": r.application,
                    "interview": r.interview,
                    "contact": r.contact,
                    "on": r.on.isoformat() if r.on else None,
                    "message_id": r.message_id,
                }
                for r in self.recorded
            ],
            "review": [
                {
                    "message_id": item.message_id,
                    "from": item.sender,
                    "subject": item.subject,
                    "reason": item.reason,
                }
                for item in self.review
            ],
            "seen": self.seen,
        }
