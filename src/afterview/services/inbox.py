"""Reading the user's mailbox: replies, invitations and thank-yous recorded by themselves.

`sync_inbox` reads the new messages of INBOX and Sent (read-only: the mailbox is never
changed), sorts each against the pipeline (`domain/inbox.py`), and records what is
certain in ONE transaction with how far each folder was read, so a sync killed midway
leaves nothing half-recorded and the next one does it all. Every message is read once:
by Message-ID, whatever its folder's UIDVALIDITY does. Only metadata and a snippet are
kept, never a message. What is unsure waits for review (`confirm_item`,
`dismiss_item`), and nothing here ever changes an application's status.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from afterview.errors import AfterviewError, Fix, InvalidInput, NotFound, Remedy
from afterview.services.inbox_report import Recorded, SyncReport
from afterview.services.ports import InboxItem, InboxOutcome, InboxView, Ports

__all__ = ["Confirm", "Recorded", "SyncReport", "confirm_item", "dismiss_item", "sync_inbox"]

if TYPE_CHECKING:
    from afterview.domain.model import Pipeline


def inbox_view(ports: Ports) -> InboxView:
    """When the mailbox was last read, and what waits for review."""
    return ports.store.inbox_view()


def sync_inbox(ports: Ports, since: dt.date | None = None) -> SyncReport:
    """Read the mailbox's new messages and record what they say (one transaction)."""
    mailbox = ports.mailbox
    if mailbox is None:
        raise AfterviewError("no mailbox is set up to read", Remedy(Fix.IMAP))
    reads = mailbox.read(ports.inbox_marks.marks(), since)
    report = SyncReport(mailbox.label, seen=sum(len(read.messages) for read in reads))
    if not report.seen:  # nothing new: only the marks move
        ports.inbox_marks.save(reads, dt.datetime.now(dt.UTC))
        return report
    from afterview.services.inbox_sync import record

    with ports.store.unit_of_work() as work:
        record(ports, work, reads, report)
    return report


# --- review ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Confirm:
    """The user says a message in review is what afterview thought, or names what it is."""

    message_id: str
    """Its Message-ID, or its key in the review list."""
    application: str | None = None
    """The application it is about (default: the one afterview found)."""
    contact: str | None = None
    follow_up_requested_on: dt.date | None = None
    """The date the employer asked to be followed up on, read by the user."""


def review_key(message_id: str) -> str:
    """A short, stable name for a message in review (a Message-ID is long to type)."""
    return hashlib.sha256(message_id.encode()).hexdigest()[:8]


def waiting_item(ports: Ports, name: str) -> InboxItem:
    """The message in review named by its key (`inbox review` shows it) or its Message-ID,
    with or without the angle brackets; NotFound if none waits."""
    wanted = name.strip()
    bracketed = wanted if wanted.startswith("<") else f"<{wanted}>"
    for item in ports.store.inbox_view().review:
        if wanted == review_key(item.message_id) or item.message_id in (wanted, bracketed):
            return item
    raise NotFound(f"no message {name!r} waits for review (afterview inbox review lists them)")


def confirm_item(ports: Ports, command: Confirm) -> Recorded:
    """Record a message in review: a reply from the employer (or, from Sent, the thank-you it
    was), in one transaction with its leaving the review list. No status changes here:
    an offer or a rejection is recorded as a reply, and the status is the user's to set."""
    from afterview.domain.document import FORMAT, merge, read_document
    from afterview.domain.inbox import held_by
    from afterview.domain.model import TouchKind

    message_id = waiting_item(ports, command.message_id).message_id
    with ports.store.unit_of_work() as work:
        item = work.inbox.item(message_id)
        if item is None or item.outcome is not InboxOutcome.REVIEW:
            raise NotFound(f"no message {command.message_id!r} waits for review")
        before = work.pipeline.load()
        application_id = command.application or item.application
        if not application_id:
            raise InvalidInput(["application: say which application the message is about"])
        application = before.application(application_id)
        contact = command.contact if command.contact is not None else item.contact
        if contact:
            before.contact(contact)
        on = item.received_on or ports.clock.today()
        touch: dict[str, Any] = {
            "on": on.isoformat(),
            "application": application.id,
            "medium": "email",
            "message_id": item.message_id,
        }
        if contact:
            touch["contact"] = contact
        recorded_kind = TouchKind.EMPLOYER_REPLY
        interview = (
            _thanked(ports, before, application.id, contact) if item.folder == "sent" else None
        )
        if interview is not None:
            recorded_kind = TouchKind.THANK_YOU
            touch["interview"] = interview
        else:
            latest = held_by(application, on)
            if latest is not None:
                interview = latest.id
                touch["interview"] = interview
            if item.snippet:
                touch["snippet"] = item.snippet
            requested = command.follow_up_requested_on or item.requested_on
            if requested is not None:
                if requested < on:
                    raise InvalidInput(
                        [
                            f"follow_up_requested_on: {requested.isoformat()} is before the "
                            f"message ({on.isoformat()})"
                        ]
                    )
                touch["follow_up_requested_on"] = requested.isoformat()
        touch = {"kind": recorded_kind.value, **touch}
        raw = {"format": FORMAT, "touches": [touch]}
        document = read_document(raw, before, True, formats=ports.contact_formats)
        work.pipeline.save(before, merge(before, document))
        work.inbox.settle(item.message_id, InboxOutcome.CONFIRMED)
    return Recorded(recorded_kind.value, application.id, interview, contact, on, item.message_id)


def _thanked(ports: Ports, pipeline: Pipeline, application: str, contact: str | None) -> str | None:
    """The interview whose thank-you to `contact` is still open, if any."""
    from afterview.domain.actions import ActionKind

    if contact is None:
        return None
    today = ports.clock.today()
    for action in ports.plans.actions(pipeline, ports.playbook.current(), today, ports.holidays):
        if (
            action.kind is ActionKind.THANK_YOU
            and action.application == application
            and action.contact == contact
        ):
            return action.interview
    return None


def dismiss_item(ports: Ports, message_id: str) -> InboxItem:
    """Take a message off the review list: it records nothing."""
    message_id = waiting_item(ports, message_id).message_id
    with ports.store.unit_of_work() as work:
        item = work.inbox.item(message_id)
        if item is None or item.outcome is not InboxOutcome.REVIEW:
            raise NotFound(f"no message {message_id!r} waits for review")
        work.inbox.settle(message_id, InboxOutcome.DISMISSED)
    return item
