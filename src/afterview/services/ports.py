"""The ports: everything the use cases need of the world, as protocols.

Every side effect afterview has goes through one of these: the database (a unit of
work with the pipeline and the outbox), mail, printing, the letter folder, the clock,
the playbook file, the calendar token. The adapters implement them and
`bootstrap.py` wires them; a service imports this module, never an adapter. Tests
of services pass in-memory fakes (tests/fakes.py); the integration tests pass the
real ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from afterview.errors import AfterviewError

if TYPE_CHECKING:
    from afterview.domain.actions import Action
    from afterview.domain.calendar import HolidaySource
    from afterview.domain.fields import ContactFormats
    from afterview.domain.letters import Fax, Letter
    from afterview.domain.mail import Folder, Message
    from afterview.domain.model import Contact, Pipeline
    from afterview.domain.notes import NoteTemplates
    from afterview.domain.proofreading import Speller
    from afterview.domain.settings import PlaybookSettings
    from afterview.services.plans import Plans


# --- Storage -----------------------------------------------------------------------------------


class PipelineReader(Protocol):
    """The pipeline as it is now, for reading."""

    def load(self) -> Pipeline: ...

    def load_outbox(self) -> list[OutboxEntry]:
        """Every message in the outbox, by key (what a backup must carry)."""
        ...


class PipelineRepository(Protocol):
    """The pipeline inside a transaction: read it, then write the new version."""

    def load(self) -> Pipeline: ...

    def save(self, before: Pipeline, after: Pipeline) -> None:
        """Write what differs between `before` (as loaded) and `after`."""
        ...


class OutboxState(StrEnum):
    """Where a message stands. `uncertain`: interrupted mid-send, it may have gone out."""

    DRAFTED = "drafted"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class OutboxEntry:
    """One message, kept with its Message-ID before any attempt to deliver it."""

    key: str
    kind: str
    interview_id: str | None
    contact_id: str | None
    medium: str
    message_id: str
    state: OutboxState
    recipient: str | None
    subject: str | None
    body: str
    file: str | None = None
    attempts: int = 0
    last_error: str | None = None


class OutboxRepository(Protocol):
    """The messages afterview has sent or is sending, keyed by what they are for."""

    def get(self, key: str) -> OutboxEntry | None: ...

    def entries(self) -> list[OutboxEntry]:
        """Every message, by key."""
        ...

    def put(self, entry: OutboxEntry) -> None:
        """Write the entry, in place of any with the same key."""
        ...

    def remove(self, key: str) -> None:
        """Forget the entry with this key, if any."""
        ...

    def mark(
        self,
        key: str,
        state: OutboxState,
        *,
        attempt: bool = False,
        error: str | None = None,
        file: str | None = None,
    ) -> None:
        """Move an entry to `state`; `attempt` counts one more delivery attempt."""
        ...


class InboxOutcome(StrEnum):
    """What became of a message read from the mailbox."""

    RECORDED = "recorded"
    """It became a touch or an interview."""
    REVIEW = "review"
    """Waiting for the user to confirm or dismiss it."""
    IGNORED = "ignored"
    """Nothing to do with the job search (or already recorded)."""
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


@dataclass(frozen=True)
class InboxItem:
    """One message read once: its metadata and snippet, never the message itself."""

    message_id: str
    folder: str
    outcome: InboxOutcome
    received_on: dt.date | None
    sender: str | None
    """As the message names them: "Jane Doe <jane@acme.com>"."""
    subject: str
    snippet: str | None = None
    reason: str | None = None
    """Why it waits for review, or what it became."""
    application: str | None = None
    """The application it seems to be about, when one was found."""
    contact: str | None = None
    requested_on: dt.date | None = None
    """A follow-up date the message asks for, when one was read."""


@dataclass(frozen=True)
class InboxView:
    """The mailbox's reading as a page shows it: when, and what waits for review."""

    last_read: dt.datetime | None
    review: list[InboxItem]
    seen: int
    """How many messages were ever read."""
    marks: dict[Folder, FolderMark] = field(default_factory=dict)
    """How far each folder was read."""


class InboxRepository(Protocol):
    """How far the mailbox was read, and every message read, inside a transaction."""

    def marks(self) -> dict[Folder, FolderMark]: ...

    def set_mark(self, read: FolderRead, at: dt.datetime) -> None: ...

    def known(self, message_ids: Iterable[str]) -> set[str]:
        """Those of `message_ids` read before."""
        ...

    def add(self, items: Sequence[InboxItem], at: dt.datetime) -> None: ...

    def item(self, message_id: str) -> InboxItem | None: ...

    def settle(self, message_id: str, outcome: InboxOutcome) -> None: ...

    def invites(self) -> dict[str, tuple[str, int]]:
        """Each invitation's UID → (the interview it became, its SEQUENCE)."""
        ...

    def put_invite(self, uid: str, interview_id: str, sequence: int) -> None: ...


class UnitOfWork(Protocol):
    """One transaction: everything changed through it is written together, or nothing."""

    @property
    def pipeline(self) -> PipelineRepository: ...

    @property
    def outbox(self) -> OutboxRepository: ...

    @property
    def inbox(self) -> InboxRepository: ...


class Store(PipelineReader, Protocol):
    """Where the user's data lives."""

    def unit_of_work(self) -> AbstractContextManager[UnitOfWork]: ...

    def inbox_view(self) -> InboxView:
        """The mailbox's reading, without taking the write lock."""
        ...


# --- Sending and printing ------------------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Mail:
    """A plain-text email, as the user's mail server will carry it."""

    sender_name: str
    sender_email: str
    recipient_name: str
    recipient_email: str
    subject: str
    body: str
    message_id: str
    attachments: tuple[Attachment, ...] = ()


class DeliveryFailure(AfterviewError):
    """A message did not go out."""


class TemporaryFailure(DeliveryFailure):
    """The server or the network said "not now": trying again later may work."""


class PermanentFailure(DeliveryFailure):
    """The server said no, or it could not be reached safely: trying again will not help."""


class UncertainDelivery(DeliveryFailure):
    """The message was handed over, but the server's answer never came: it may have gone out."""


class Mailer(Protocol):
    """Hands one message to the user's mail server; raises a DeliveryFailure if it cannot."""

    def send(self, mail: Mail) -> None: ...


class LetterPrinter(Protocol):
    """Lays letters and faxes out as print-ready PDF bytes."""

    def letter(self, letter: Letter) -> bytes: ...

    def fax(self, fax: Fax) -> bytes: ...


class LetterDrop(Protocol):
    """Where print-ready letters wait for the user (the outbox folder)."""

    def keep(self, name: str, pdf: bytes) -> str:
        """Store the PDF under `name`; returns where it is. Raises DeliveryFailure if it cannot."""
        ...


# --- Files people bring and take away ------------------------------------------------------------


@dataclass(frozen=True)
class Invite:
    """What a calendar invitation says about an interview: when, what, and who (not the user)."""

    at: dt.date | dt.datetime
    summary: str
    people: list[tuple[str, str | None]]
    """(name, email) of each attendee and the organizer."""
    uid: str | None = None
    """The event's UID: an update of the invitation carries the same one."""
    sequence: int = 0
    """The event's SEQUENCE: a later revision has a higher one."""
    cancelled: bool = False
    """METHOD:CANCEL or STATUS:CANCELLED: the meeting is off."""


@dataclass(frozen=True)
class Card:
    """What one business card (vCard) says about a person, in the Contact's terms."""

    name: str
    title: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None
    fax: str | None = None
    address: str | None = None
    id: str | None = None
    """The contact's id, on cards afterview wrote (so a round trip adds no one twice)."""
    medium: str | None = None
    """How the contact prefers to be reached, on cards afterview wrote."""
    greeting: str | None = None
    """How to address the contact in a note, on cards afterview wrote."""


class Sheet(Protocol):
    """A spreadsheet read as an afterview/1 document, remembering its rows and columns."""

    @property
    def document(self) -> dict[str, Any]: ...

    def locate(self, problem: str) -> str:
        """A document problem (`applications[2].applied_on: ...`) as `row 4, column: ...`."""
        ...


class FileFormats(Protocol):
    """Calendars (RFC 5545), business cards (vCard) and spreadsheets (CSV), in and out.

    Each reader refuses a bad file whole, with InvalidInput naming what is wrong."""

    def read_invite(self, data: bytes, user_email: str | None) -> Invite: ...

    def write_calendar(
        self, pipeline: Pipeline, actions: Sequence[Action], today: dt.date
    ) -> bytes: ...

    def read_cards(self, data: bytes) -> list[Card]: ...

    def write_cards(self, contacts: Iterable[Contact]) -> bytes: ...

    def read_sheet(self, data: bytes) -> Sheet: ...

    def write_sheet(self, pipeline: Pipeline, actions: Sequence[Action]) -> str: ...


# --- The user's mailbox ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FolderMark:
    """How far a folder was read: its UIDVALIDITY and the highest UID seen then."""

    uidvalidity: int
    last_uid: int


@dataclass(frozen=True)
class FolderRead:
    """What one read of a folder found: the messages after the mark, and the new mark."""

    folder: Folder
    name: str
    """The folder's name on the server ("INBOX", "Sent", "[Gmail]/Sent Mail")."""
    mark: FolderMark
    messages: list[Message]


class InboxMarks(Protocol):
    """How far each folder of the mailbox was read, read and written on their own (a sync
    with nothing new needs nothing else of the store)."""

    def marks(self) -> dict[Folder, FolderMark]: ...

    def save(self, reads: Sequence[FolderRead], at: dt.datetime) -> None:
        """Keep each folder's new mark, and when it was read."""
        ...


class MailboxFailure(AfterviewError):
    """The mailbox could not be read: one line that says why, never the password."""


class Mailbox(Protocol):
    """The user's mailbox (IMAP), read-only: nothing is flagged, moved or deleted."""

    @property
    def label(self) -> str:
        """The mailbox as a page may show it: "you@gmail.com at imap.gmail.com" (never the
        password)."""
        ...

    def read(
        self, marks: dict[Folder, FolderMark], since: dt.date | None = None
    ) -> list[FolderRead]:
        """The new messages of INBOX and Sent: those after each folder's mark (all of them
        when the folder has no mark or its UIDVALIDITY changed), and on or after `since`
        when given. Raises MailboxFailure."""
        ...


# --- Time, settings and secrets ------------------------------------------------------------------


class Clock(Protocol):
    def today(self) -> dt.date: ...

    def sleep(self, seconds: float) -> None:
        """Wait before trying a delivery again."""
        ...


class PlaybookSource(Protocol):
    """The playbook's numbers as the user has set them now (read again when they change)."""

    @property
    def name(self) -> str:
        """Where the user sets them, as they know it (e.g. AFTERVIEW_HOME/playbook.toml)."""
        ...

    def current(self) -> PlaybookSettings: ...


class CalendarTokens(Protocol):
    """The secret in the calendar feed's address."""

    def current(self) -> str:
        """The token, made on first use."""
        ...

    def rotate(self) -> str:
        """A new token: the old address stops working."""
        ...


@dataclass(frozen=True)
class MailSetup:
    """How mail is set up, as a page may show it: never the URL or the password."""

    configured: bool
    host: str | None = None
    problem: str | None = None


# --- All of them ---------------------------------------------------------------------------------


class Ports(Protocol):
    """What a use case may use. Built once by the composition root, each part on first use."""

    @property
    def store(self) -> Store: ...

    @property
    def reader(self) -> PipelineReader:
        """The cheapest way to read the pipeline (it may be `store` itself)."""
        ...

    @property
    def playbook(self) -> PlaybookSource: ...

    @property
    def holidays(self) -> HolidaySource: ...

    @property
    def contact_formats(self) -> ContactFormats: ...

    @property
    def files(self) -> FileFormats: ...

    @property
    def templates(self) -> NoteTemplates: ...

    @property
    def speller(self) -> Speller: ...

    @property
    def mailer(self) -> Mailer | None:
        """The user's mail server, or None when none is set up."""
        ...

    @property
    def mail_setup(self) -> MailSetup: ...

    @property
    def fax_gateway(self) -> str | None:
        """The email-to-fax address template, e.g. "{fax}@fax.example.net"."""
        ...

    @property
    def printer(self) -> LetterPrinter: ...

    @property
    def letters(self) -> LetterDrop: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def calendar_tokens(self) -> CalendarTokens: ...

    @property
    def plans(self) -> Plans:
        """The planner's answers, kept while nothing they depend on changes."""
        ...

    @property
    def inbox_marks(self) -> InboxMarks: ...

    @property
    def mailbox(self) -> Mailbox | None:
        """The user's mailbox (AFTERVIEW_IMAP_URL), or None when none is set up."""
        ...

    @property
    def retry_delays(self) -> Sequence[float]:
        """Seconds to wait between attempts after a temporary delivery failure."""
        ...
