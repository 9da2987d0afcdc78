"""In-memory fakes of afterview's own ports, for fast tests of the services.

They keep the ports' promises (a unit of work writes everything or nothing; the
outbox keeps entries by key; a mailer either takes a message or raises a
DeliveryFailure) without a database, a mail server or a printer. The integration
tests run the same services on the real adapters.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from afterview.adapters.formats import FORMATS
from afterview.adapters.interchange import StandardFileFormats
from afterview.adapters.templates import FileTemplates
from afterview.domain.calendar import PACKAGE_HOLIDAYS, HolidaySource
from afterview.domain.fields import ContactFormats
from afterview.domain.letters import Fax, Letter
from afterview.domain.mail import Folder
from afterview.domain.model import Pipeline
from afterview.domain.notes import NoteTemplates
from afterview.domain.settings import PlaybookSettings
from afterview.services.plans import Plans
from afterview.services.ports import (
    DeliveryFailure,
    FileFormats,
    FolderMark,
    FolderRead,
    InboxItem,
    InboxMarks,
    InboxOutcome,
    InboxView,
    Mail,
    Mailbox,
    MailSetup,
    OutboxEntry,
    OutboxState,
    PermanentFailure,
)

TODAY = dt.date(2026, 11, 25)


class MemoryPipeline:
    def __init__(self, pipeline: Pipeline) -> None:
        self.current = pipeline

    def load(self) -> Pipeline:
        return self.current

    def save(self, before: Pipeline, after: Pipeline) -> None:
        self.current = after


class MemoryOutbox:
    def __init__(self, stored: dict[str, OutboxEntry]) -> None:
        self.stored = stored

    def get(self, key: str) -> OutboxEntry | None:
        return self.stored.get(key)

    def entries(self) -> list[OutboxEntry]:
        return [self.stored[key] for key in sorted(self.stored)]

    def put(self, entry: OutboxEntry) -> None:
        self.stored[entry.key] = entry

    def remove(self, key: str) -> None:
        self.stored.pop(key, None)

    def mark(
        self,
        key: str,
        state: OutboxState,
        *,
        attempt: bool = False,
        error: str | None = None,
        file: str | None = None,
    ) -> None:
        entry = self.stored[key]
        self.stored[key] = replace(
            entry,
            state=state,
            attempts=entry.attempts + attempt,
            last_error=error,
            file=file if file is not None else entry.file,
        )


class MemoryInbox:
    """The inbox tables as dictionaries (what `SqlInbox` keeps in rows)."""

    def __init__(self) -> None:
        self.folders: dict[Folder, FolderMark] = {}
        self.items: dict[str, InboxItem] = {}
        self.invited: dict[str, tuple[str, int]] = {}
        self.read_at: dt.datetime | None = None

    def marks(self) -> dict[Folder, FolderMark]:
        return dict(self.folders)

    def set_mark(self, read: FolderRead, at: dt.datetime) -> None:
        self.folders[read.folder] = read.mark
        self.read_at = at

    def known(self, message_ids: Iterable[str]) -> set[str]:
        return {message_id for message_id in message_ids if message_id in self.items}

    def add(self, items: Sequence[InboxItem], at: dt.datetime) -> None:
        for item in items:
            assert item.message_id not in self.items, item.message_id
            self.items[item.message_id] = item

    def item(self, message_id: str) -> InboxItem | None:
        return self.items.get(message_id)

    def settle(self, message_id: str, outcome: InboxOutcome) -> None:
        self.items[message_id] = replace(self.items[message_id], outcome=outcome)

    def invites(self) -> dict[str, tuple[str, int]]:
        return dict(self.invited)

    def put_invite(self, uid: str, interview_id: str, sequence: int) -> None:
        self.invited[uid] = (interview_id, sequence)


@dataclass
class MemoryWork:
    pipeline: MemoryPipeline
    outbox: MemoryOutbox
    inbox: MemoryInbox


class MemoryStore:
    """A store whose unit of work commits on success and leaves nothing behind on failure."""

    def __init__(self, pipeline: Pipeline | None = None) -> None:
        self.pipeline = pipeline or Pipeline()
        self.outbox: dict[str, OutboxEntry] = {}
        self.inbox = MemoryInbox()
        self.commits = 0

    def load(self) -> Pipeline:
        return self.pipeline

    def load_outbox(self) -> list[OutboxEntry]:
        return [self.outbox[key] for key in sorted(self.outbox)]

    @contextmanager
    def unit_of_work(self) -> Iterator[MemoryWork]:
        work = MemoryWork(
            MemoryPipeline(self.pipeline),
            MemoryOutbox(copy.copy(self.outbox)),
            copy.deepcopy(self.inbox),
        )
        yield work
        self.pipeline = work.pipeline.current
        self.outbox = work.outbox.stored
        self.inbox = work.inbox
        self.commits += 1

    def inbox_view(self) -> InboxView:
        waiting = [i for i in self.inbox.items.values() if i.outcome is InboxOutcome.REVIEW]
        return InboxView(self.inbox.read_at, waiting, len(self.inbox.items), self.inbox.marks())


@dataclass
class RecordingMailer:
    """Takes messages; `failures` are raised, one per attempt, before any is taken."""

    failures: list[DeliveryFailure] = field(default_factory=list)
    sent: list[Mail] = field(default_factory=list)

    def send(self, mail: Mail) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(mail)


@dataclass
class TextPrinter:
    """Prints a letter as its text, so a test can read what it says."""

    def letter(self, letter: Letter) -> bytes:
        return _printed(letter).encode()

    def fax(self, fax: Fax) -> bytes:
        cover = "\n".join(f"{label}: {value}" for label, value in fax.cover)
        return f"FAX\n{cover}\n\n{_printed(fax.letter)}".encode()


def _printed(letter: Letter) -> str:
    blocks = [
        letter.sender_name,
        *letter.sender_lines,
        letter.date_text,
        *letter.recipient_lines,
        letter.salutation,
        *letter.paragraphs,
        letter.closing,
        letter.signature_name,
    ]
    return "\n".join(blocks)


@dataclass
class MemoryLetters:
    kept: dict[str, bytes] = field(default_factory=dict)
    broken: bool = False

    def keep(self, name: str, pdf: bytes) -> str:
        if self.broken:
            raise PermanentFailure(f"cannot write outbox/{name} (disk full)")
        self.kept[name] = pdf
        return f"outbox/{name}"


@dataclass
class FixedClock:
    day: dt.date = TODAY
    slept: list[float] = field(default_factory=list)

    def today(self) -> dt.date:
        return self.day

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


@dataclass
class FixedPlaybook:
    settings: PlaybookSettings = field(default_factory=PlaybookSettings)
    name: str = "playbook.toml"

    def current(self) -> PlaybookSettings:
        return self.settings


@dataclass
class MemoryTokens:
    token: str = "first-token"

    def current(self) -> str:
        return self.token

    def rotate(self) -> str:
        self.token += "-rotated"
        return self.token


class KnowsEveryWord:
    """A speller for tests about sending, not spelling: every word is a word."""

    def unknown(self, words: Any) -> set[str]:
        return set()

    def suggest(self, word: str) -> str | None:
        return None

    def distance(self, first: str, second: str, cutoff: int) -> int:
        return 0 if first == second else cutoff + 1

    def partial_ratio(self, needle: str, text: str) -> float:
        return 100.0 if needle.lower() in text.lower() else 0.0


@dataclass
class FakePorts:
    """Every port, in memory; pass what a test needs to control."""

    store: Any = field(default_factory=MemoryStore)
    """A MemoryStore, or a real store for tests of storage."""
    mailer: RecordingMailer | None = field(default_factory=RecordingMailer)
    mailbox: Mailbox | None = None

    @property
    def inbox_marks(self) -> InboxMarks:
        from afterview.adapters.sqlite_marks import StoreInboxMarks

        return StoreInboxMarks(self.store)

    printer: TextPrinter = field(default_factory=TextPrinter)
    letters: MemoryLetters = field(default_factory=MemoryLetters)
    clock: FixedClock = field(default_factory=FixedClock)
    playbook: FixedPlaybook = field(default_factory=FixedPlaybook)
    calendar_tokens: MemoryTokens = field(default_factory=MemoryTokens)
    fax_gateway: str | None = "{fax}@fax.example.net"
    speller: Any = field(default_factory=KnowsEveryWord)
    templates: NoteTemplates = field(default_factory=lambda: FileTemplates(None))
    holidays: HolidaySource = PACKAGE_HOLIDAYS
    contact_formats: ContactFormats = FORMATS
    files: FileFormats = field(default_factory=StandardFileFormats)
    plans: Plans = field(default_factory=Plans)
    retry_delays: Sequence[float] = (1.0, 4.0)
    mail_setup: MailSetup = field(default_factory=lambda: MailSetup(True, "smtp.example.org"))

    @property
    def reader(self) -> Any:
        return self.store
