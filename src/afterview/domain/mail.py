"""A received or sent email, as afterview reads it from the user's mailbox (docs/inbox.md).

Only what the follow-up needs survives parsing: the threading headers, who wrote to
whom, when, the subject, the text (never stored whole: only a snippet is kept), and
any calendar invitation attached. Plain data, no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Folder(StrEnum):
    """Which of the user's folders a message was read from."""

    INBOX = "inbox"
    SENT = "sent"


@dataclass(frozen=True, slots=True)
class Address:
    """One person on a message: the display name (may be empty) and the address, lower-cased."""

    name: str
    email: str

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]


@dataclass(frozen=True, slots=True)
class Message:
    """One email, parsed.

    `message_id` is the Message-ID with its angle brackets (`<abc@host>`); a message
    without one gets a stable stand-in made from its headers, so it is still read once.
    `references` holds In-Reply-To, References and X-Microsoft-Original-Message-ID
    (with brackets), in that order. `sent_at` is the Date header (aware), else the
    server's arrival time, else None. `text` is the plain text of the body (an
    HTML-only message's text, tags removed). `calendars` are the text/calendar parts,
    as bytes.
    """

    folder: Folder
    uid: int
    message_id: str
    references: tuple[str, ...]
    sender: Address | None
    recipients: tuple[Address, ...]
    """To and Cc."""
    subject: str
    sent_at: dt.datetime | None
    text: str
    calendars: tuple[bytes, ...] = ()
    bulk: bool = False
    """Sent to a list or by a machine (List-Id, List-Unsubscribe, Precedence: bulk,
    Auto-Submitted): a newsletter, not a person writing to the user."""

    @property
    def day(self) -> dt.date | None:
        """The message's date, in the offset its Date header was written in."""
        return self.sent_at.date() if self.sent_at is not None else None
