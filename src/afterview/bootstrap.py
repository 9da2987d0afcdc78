"""The composition root: settings -> ports -> every use case, built once.

`Afterview` is the one object the faces talk to. Each of its methods is a use case:
a query (what the agenda is, what a page shows) or a command (apply, log a touch,
send the thank-yous). Each calls one plain function of `services/` with the ports
wired here, so the command line and the web do exactly the same thing, and no face
builds a use case of its own.

Nothing is built at import time, and each port is made on first use: a command that
never touches the database never imports SQLAlchemy, one that never proofreads never
loads the dictionary.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from afterview.config import AppSettings, checked_fax_gateway

if TYPE_CHECKING:
    from afterview.domain.calendar import HolidaySource
    from afterview.domain.fields import ContactFormats
    from afterview.domain.model import Application, Contact, Interview, Pipeline, Status, Touch
    from afterview.domain.notes import Draft, NoteTemplates
    from afterview.domain.proofreading import Problem, Speller
    from afterview.services.agenda import AgendaView
    from afterview.services.applications import ApplicationView
    from afterview.services.contacts import (
        ContactRemoval,
        ContactView,
        DeleteContact,
        Greetings,
        MergeContacts,
        RemoveReference,
    )
    from afterview.services.delivery import SendEditedNote, SendNote, SendReport, SendThankYous
    from afterview.services.documents import ImportDocument, ImportReport
    from afterview.services.editor import NoteEditor, NotePage, PdfFile, Proof
    from afterview.services.inbox import Confirm, Recorded, SyncReport
    from afterview.services.network import NetworkView
    from afterview.services.notes import CheckedDraft, OtherNote
    from afterview.services.overview import Overview
    from afterview.services.plans import Plans
    from afterview.services.ports import (
        CalendarTokens,
        Clock,
        FileFormats,
        InboxItem,
        InboxMarks,
        InboxView,
        LetterDrop,
        LetterPrinter,
        Mailbox,
        Mailer,
        MailSetup,
        PipelineReader,
        PlaybookSource,
        Ports,
        Store,
    )
    from afterview.services.records import (
        AddContact,
        AddInterview,
        Apply,
        DeleteApplication,
        DeleteInterview,
        EditApplication,
        EditContact,
        EditInterview,
        FirstSteps,
        InterviewRemoval,
        LogTouch,
        Removal,
        SavedInterview,
        SetProfile,
        SetStatus,
    )
    from afterview.services.reminders import Digest, SendDigest
    from afterview.services.search import SearchResults
    from afterview.services.setup import SetupView
    from afterview.services.touches import DeleteTouch, Logged

T = TypeVar("T")
RETRY_DELAYS = (1.0, 4.0, 15.0)
"""Seconds between delivery attempts after a temporary failure (a 421, a dropped line)."""


class port(Generic[T]):  # noqa: N801 -- used as a decorator, like property
    """A port of `Wiring`, built on its first use, by one thread, then shared.

    functools.cached_property would do, but it makes no promise about threads (3.12
    dropped its lock), and the web server asks for ports from several at once: two
    stores or two spellers would be built. Here the owner's lock guards the building."""

    def __init__(self, build: Callable[[Any], T]) -> None:
        self.build = build
        self.name = build.__name__
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, owner: None, kind: type) -> port[T]: ...

    @overload
    def __get__(self, owner: Wiring, kind: type) -> T: ...

    def __get__(self, owner: Wiring | None, kind: type) -> T | port[T]:
        if owner is None:
            return self
        with owner.lock:
            if self.name not in owner.built:
                owner.built[self.name] = self.build(owner)
            built: T = owner.built[self.name]
            return built


class Wiring:
    """The real ports, each made from the settings on first use (the `Ports` protocol)."""

    def __init__(self, settings: AppSettings, store: Store | None = None) -> None:
        """`store`, when given, is the store to use (server mode: one account's, on an engine
        shared by every account); else it is opened from the settings on first use."""
        self.settings = settings
        self.retry_delays: Sequence[float] = RETRY_DELAYS
        self.built: dict[str, Any] = {}
        self.lock = threading.RLock()
        self.fixed_store = store is not None
        if store is not None:
            self.built["store"] = store

    @port
    def store(self) -> Store:
        from afterview.adapters.store import SqlStore

        return SqlStore.open(self.settings.database_url)

    @port
    def reader(self) -> PipelineReader:
        """Plain sqlite3 when the file needs no migration (no SQLAlchemy to import), else the
        store. Neither creates a missing database: a read of nothing is an empty pipeline."""
        path = None if self.fixed_store else self.settings.sqlite_path
        if path is not None:
            from afterview.adapters.sqlite_reader import SqliteReader

            fast = SqliteReader.open_if_current(path)
            if fast is not None:
                return fast
        return self.store

    @port
    def playbook(self) -> PlaybookSource:
        from afterview.adapters.home_files import PLAYBOOK_FILE, PlaybookFile

        return PlaybookFile(self.settings.home / PLAYBOOK_FILE)

    @port
    def holidays(self) -> HolidaySource:
        from afterview.adapters.holiday_cache import CachedHolidays

        return CachedHolidays(self.settings.home / "cache")

    @port
    def contact_formats(self) -> ContactFormats:
        from afterview.adapters.formats import FORMATS

        return FORMATS

    @port
    def files(self) -> FileFormats:
        from afterview.adapters.interchange import StandardFileFormats

        return StandardFileFormats()

    @port
    def templates(self) -> NoteTemplates:
        """The package's note templates, under the user's own in HOME/templates."""
        from afterview.adapters.templates import FileTemplates

        return FileTemplates(self.settings.home / "templates")

    @port
    def speller(self) -> Speller:
        from afterview.adapters.speller import PySpellChecker

        return PySpellChecker()

    @port
    def mailer(self) -> Mailer | None:
        if not self.settings.smtp_url:
            return None
        from afterview.adapters.mail import SmtpMailer, SmtpSettings

        smtp = SmtpSettings.from_url(self.settings.smtp_url, self.settings.smtp_ca_file)
        return SmtpMailer(smtp)

    @port
    def inbox_marks(self) -> InboxMarks:
        """Plain sqlite3 when the file needs no migration (a sync with nothing new then
        imports no SQLAlchemy), else the store."""
        path = None if self.fixed_store else self.settings.sqlite_path
        if path is not None and path.exists():
            from afterview.adapters.sqlite_marks import SqliteInboxMarks
            from afterview.adapters.sqlite_reader import LOCAL_ACCOUNT, SqliteReader

            current = SqliteReader.open_if_current(path)
            if current is not None and current.newer is None:
                current.close()
                return SqliteInboxMarks(path, LOCAL_ACCOUNT)
        from afterview.adapters.sqlite_marks import StoreInboxMarks

        return StoreInboxMarks(self.store)

    @port
    def mailbox(self) -> Mailbox | None:
        if not self.settings.imap_url:
            return None
        from afterview.adapters.imap import ImapMailbox, ImapSettings

        imap = ImapSettings.from_url(self.settings.imap_url, self.settings.imap_ca_file)
        return ImapMailbox(imap)

    @port
    def mail_setup(self) -> MailSetup:
        from afterview.adapters.mail import mail_setup

        return mail_setup(self.settings.smtp_url)

    @property
    def fax_gateway(self) -> str | None:
        return checked_fax_gateway(self.settings.fax_gateway)

    @port
    def printer(self) -> LetterPrinter:
        from afterview.adapters.pdf import FpdfPrinter

        return FpdfPrinter()

    @port
    def letters(self) -> LetterDrop:
        from afterview.adapters.home_files import OUTBOX_FOLDER, LetterFolder

        return LetterFolder(self.settings.home / OUTBOX_FOLDER)

    @port
    def clock(self) -> Clock:
        from afterview.adapters.clock import SystemClock

        return SystemClock(self.settings.today_override)

    @port
    def calendar_tokens(self) -> CalendarTokens:
        from afterview.adapters.home_files import TOKEN_FILE, TokenFile

        return TokenFile(self.settings.home / TOKEN_FILE)

    @port
    def web_secrets(self) -> CalendarTokens:
        """The key that signs the web face's form tokens, beside the calendar's."""
        from afterview.adapters.home_files import WEB_SECRET_FILE, TokenFile

        return TokenFile(self.settings.home / WEB_SECRET_FILE)

    @port
    def plans(self) -> Plans:
        from afterview.services.plans import Plans

        return Plans()

    def close(self) -> None:
        """Close the database's ports; a store given to the constructor is its owner's to
        close (server mode: its engine is every account's)."""
        if self.fixed_store:
            return
        for name in ("reader", "store"):
            port = self.built.pop(name, None)
            close = getattr(port, "close", None)
            if close is not None:
                close()


class Afterview:
    """One user's afterview: every query and command, on ports wired once."""

    def __init__(self, settings: AppSettings | None = None, ports: Ports | None = None) -> None:
        self.settings = settings or AppSettings.from_environment()
        self.ports: Ports = ports if ports is not None else Wiring(self.settings)
        """The real ports, unless a test passes its own."""

    def today(self) -> dt.date:
        return self.ports.clock.today()

    def close(self) -> None:
        if isinstance(self.ports, Wiring):
            self.ports.close()

    # --- Queries ------------------------------------------------------------------------------

    def pipeline(self) -> Pipeline:
        """Every record, for a face that lists them (contacts, the profile)."""
        return self.ports.reader.load()

    def agenda(self, as_of: dt.date | None = None, pipeline: Pipeline | None = None) -> AgendaView:
        """The agenda on `as_of`; of `pipeline` when the caller has just read it (`pipeline()`)."""
        from afterview.services.agenda import agenda

        return agenda(self.ports, as_of, pipeline)

    def overview(
        self, as_of: dt.date | None = None, status: Status | None = None, page: int | None = None
    ) -> Overview:
        """Every application (or those at `status`) with its next action, and the search's
        health; one page of them when `page` is given (the last page past the end)."""
        from afterview.services.overview import overview

        return overview(self.ports, as_of, status, page)

    def network(self, as_of: dt.date | None = None, page: int = 1) -> NetworkView:
        """One page of the network, soonest check-in first (the last page past the end)."""
        from afterview.services.network import network

        return network(self.ports, as_of, page)

    def application(self, application_id: str) -> ApplicationView:
        from afterview.services.applications import application_view

        return application_view(self.ports, application_id)

    def first_steps(self, pipeline: Pipeline | None = None) -> FirstSteps:
        """What a new user still has to record: a profile, a first application (of
        `pipeline` when the caller has just read it)."""
        from afterview.services.records import first_steps

        return first_steps(self.ports, pipeline)

    def removal(self, application_id: str) -> Removal:
        """What deleting the application would take with it."""
        from afterview.services.records import removal

        return removal(self.ports, application_id)

    def thank_you_drafts(self, interview: str, contact: str | None = None) -> list[CheckedDraft]:
        from afterview.services.notes import draft_thank_yous

        return draft_thank_yous(self.ports, interview, contact)

    def other_note(self, request: OtherNote) -> CheckedDraft:
        from afterview.services.notes import draft_note

        return draft_note(self.ports, request)

    def call_script(self, application: str, contact: str | None = None) -> Draft:
        from afterview.services.notes import call_script

        return call_script(self.ports, application, contact)

    def proofread(self, text: str, application: str, contact: str | None = None) -> list[Problem]:
        from afterview.services.notes import proof_text

        return proof_text(self.ports, text, application, contact)

    def note_editor(self, interview: str, contact: str | None = None) -> NoteEditor:
        from afterview.services.editor import note_editor

        return note_editor(self.ports, interview, contact)

    def editor_proof(self, interview: str, contact: str | None, text: str) -> Proof:
        from afterview.services.editor import editor_proof

        return editor_proof(self.ports, interview, contact, text)

    def note_pdf(self, interview: str, contact: str, text: str | None = None) -> PdfFile:
        from afterview.services.editor import note_pdf

        return note_pdf(self.ports, interview, contact, text)

    def note_page(self, request: OtherNote) -> NotePage:
        from afterview.services.editor import note_page

        return note_page(self.ports, request)

    def note_proof(self, request: OtherNote, text: str) -> Proof:
        from afterview.services.editor import note_proof

        return note_proof(self.ports, request, text)

    def other_note_pdf(self, request: OtherNote, text: str | None = None) -> PdfFile:
        from afterview.services.editor import other_note_pdf

        return other_note_pdf(self.ports, request, text)

    def send_note(self, command: SendNote) -> SendReport:
        from afterview.services.delivery import send_note

        return send_note(self.ports, command)

    def export_document(self) -> dict[str, Any]:
        from afterview.services.documents import export_document

        return export_document(self.ports)

    def export_sheet(self, as_of: dt.date | None = None) -> str:
        from afterview.services.documents import export_sheet

        return export_sheet(self.ports, as_of)

    def export_cards(self, contacts: list[str] | None = None) -> bytes:
        from afterview.services.cards import export_cards

        return export_cards(self.ports, contacts)

    def calendar(self, as_of: dt.date | None = None) -> bytes:
        from afterview.services.calendars import calendar_feed

        return calendar_feed(self.ports, as_of)

    def subscribed_calendar(self, token: str) -> bytes:
        from afterview.services.calendars import subscribed_feed

        return subscribed_feed(self.ports, token)

    def setup(self) -> SetupView:
        from afterview.services.setup import setup_view

        return setup_view(self.ports)

    # --- Commands -----------------------------------------------------------------------------

    def import_document(self, command: ImportDocument) -> ImportReport:
        from afterview.services.documents import import_document

        return import_document(self.ports, command)

    def import_sheet(self, data: bytes, replace: bool = False) -> ImportReport:
        from afterview.services.documents import import_sheet

        return import_sheet(self.ports, data, replace)

    def import_cards(self, data: bytes) -> list[Contact]:
        from afterview.services.cards import import_cards

        return import_cards(self.ports, data)

    def import_invite(
        self, data: bytes, application: str, interview_id: str | None = None
    ) -> Interview:
        from afterview.services.calendars import import_invite

        return import_invite(self.ports, data, application, interview_id)

    def apply(self, command: Apply) -> Application:
        from afterview.services.records import apply

        return apply(self.ports, command)

    def edit_application(self, command: EditApplication) -> Application:
        from afterview.services.records import edit_application

        return edit_application(self.ports, command)

    def delete_application(self, command: DeleteApplication) -> Removal:
        from afterview.services.records import delete_application

        return delete_application(self.ports, command)

    def set_status(self, command: SetStatus) -> Application:
        from afterview.services.records import set_status

        return set_status(self.ports, command)

    def log_touch(self, command: LogTouch) -> str | None:
        """Record a touch; returns the playbook's advice, if it has any."""
        from afterview.services.records import log_touch

        return log_touch(self.ports, command)

    def add_interview(self, command: AddInterview) -> Interview:
        from afterview.services.records import add_interview

        return add_interview(self.ports, command)

    def edit_interview(self, command: EditInterview) -> Interview:
        from afterview.services.records import edit_interview

        return edit_interview(self.ports, command)

    def add_contact(self, command: AddContact) -> Contact:
        from afterview.services.records import add_contact

        return add_contact(self.ports, command)

    def edit_contact(self, command: EditContact) -> Contact:
        from afterview.services.records import edit_contact

        return edit_contact(self.ports, command)

    def add_reference(self, contact: str) -> None:
        from afterview.services.records import add_reference

        add_reference(self.ports, contact)

    def set_profile(self, command: SetProfile) -> None:
        from afterview.services.records import set_profile

        set_profile(self.ports, command)

    def send_thank_yous(self, command: SendThankYous) -> SendReport:
        from afterview.services.delivery import send_thank_yous

        return send_thank_yous(self.ports, command)

    def send_edited_note(self, command: SendEditedNote) -> SendReport:
        from afterview.services.delivery import send_edited_note

        return send_edited_note(self.ports, command)

    def send_digest(self, command: SendDigest) -> Digest:
        from afterview.services.reminders import send_digest

        return send_digest(self.ports, command)

    def send_test_email(self) -> str:
        """Email the user through their mail server; returns the address it went to."""
        from afterview.services.setup import send_test_email

        return send_test_email(self.ports)

    def load_demo(self) -> ImportReport:
        """The demo pipeline, dated around today (for `afterview demo`)."""
        from afterview.services.demo import load_demo

        return load_demo(self.ports)

    def rotate_calendar_token(self) -> str:
        from afterview.services.calendars import rotate_calendar_token

        return rotate_calendar_token(self.ports)

    def web_secret(self) -> bytes:
        """The secret that signs the web face's tokens: kept in AFTERVIEW_HOME (mode 0600),
        so pages open in a browser keep working across restarts; when the home cannot be
        written, one for this process alone."""
        if isinstance(self.ports, Wiring):
            try:
                return self.ports.web_secrets.current().encode()
            except OSError:
                pass
        import secrets

        return secrets.token_bytes(32)

    def sync_inbox(self, since: dt.date | None = None) -> SyncReport:
        from afterview.services.inbox import sync_inbox

        return sync_inbox(self.ports, since)

    def inbox_view(self) -> InboxView:
        return self.ports.store.inbox_view()

    @property
    def inbox_label(self) -> str | None:
        """The mailbox afterview reads, "you@gmail.com at imap.gmail.com" (never the
        password), or None."""
        mailbox = self.ports.mailbox
        return mailbox.label if mailbox is not None else None

    def confirm_inbox(self, command: Confirm) -> Recorded:
        from afterview.services.inbox import confirm_item

        return confirm_item(self.ports, command)

    def dismiss_inbox(self, message_id: str) -> InboxItem:
        from afterview.services.inbox import dismiss_item

        return dismiss_item(self.ports, message_id)

    def contact(self, contact_id: str) -> ContactView:
        """One contact in full: details, greetings, touches, interviews."""
        from afterview.services.contacts import contact_view

        return contact_view(self.ports, contact_id)

    def greeting_preview(self, name: str, greeting: str | None = None) -> Greetings | None:
        from afterview.services.contacts import greeting_preview

        return greeting_preview(self.ports, name, greeting)

    def merge_contacts(self, command: MergeContacts) -> Contact:
        from afterview.services.contacts import merge_contacts

        return merge_contacts(self.ports, command)

    def contact_removal(self, contact_id: str) -> ContactRemoval:
        """What deleting the contact would take with it, and what forbids it."""
        from afterview.services.contacts import contact_removal

        return contact_removal(self.ports, contact_id)

    def delete_contact(self, command: DeleteContact) -> ContactRemoval:
        from afterview.services.contacts import delete_contact

        return delete_contact(self.ports, command)

    def remove_reference(self, command: RemoveReference) -> Contact:
        from afterview.services.contacts import remove_reference

        return remove_reference(self.ports, command)

    def log_undoable(self, command: LogTouch) -> Logged:
        """Record a touch as `log_touch` does; returns it with the key that takes it back."""
        from afterview.services.touches import log_undoable

        return log_undoable(self.ports, command)

    def touch(self, key: str) -> Touch:
        """The touch a key names (`services/touches.py`)."""
        from afterview.services.touches import touch_of

        return touch_of(self.ports, key)

    def delete_touch(self, command: DeleteTouch) -> Touch:
        """Remove one touch, in one transaction; returns it."""
        from afterview.services.touches import delete_touch

        return delete_touch(self.ports, command)

    def search(self, query: str) -> SearchResults:
        """The applications, contacts and companies whose name holds `query`, best first."""
        from afterview.services.search import search

        return search(self.ports, query)

    def record_interview(self, command: AddInterview) -> SavedInterview:
        """Add an interview, saying which typed interviewers were people already known."""
        from afterview.services.records import record_interview

        return record_interview(self.ports, command)

    def revise_interview(self, command: EditInterview) -> SavedInterview:
        """Edit an interview, saying which typed interviewers were people already known."""
        from afterview.services.records import revise_interview

        return revise_interview(self.ports, command)

    def interview_removal(self, interview_id: str) -> InterviewRemoval:
        """What deleting the interview would take with it."""
        from afterview.services.records import interview_removal

        return interview_removal(self.ports, interview_id)

    def delete_interview(self, command: DeleteInterview) -> InterviewRemoval:
        from afterview.services.records import delete_interview

        return delete_interview(self.ports, command)


DEMO_MARK = ".afterview-demo"


def create_demo_home(settings: AppSettings, today: dt.date) -> Afterview:
    """A fresh demo pipeline in `HOME/demo`, replacing the previous demo (and nothing else)."""
    import shutil

    from afterview.adapters.home_files import cannot_write, private_folder, write_private
    from afterview.errors import AfterviewError, StorageError

    home = settings.home / "demo"
    if home.exists() and not (home / DEMO_MARK).exists():
        raise AfterviewError(f"{home} exists and is not a demo; move it away first")
    try:
        if home.exists():
            shutil.rmtree(home)
        private_folder(home)
        write_private(home / DEMO_MARK, b"made by `afterview demo`; deleted by the next one\n")
    except OSError as error:
        raise StorageError(cannot_write(home / DEMO_MARK, error)) from None
    # No mail server: the demo's people are fictional, and nothing may go out in the
    # user's name to them.
    demo_settings = AppSettings(
        home=home, database_url=f"sqlite:///{home / 'afterview.db'}", today_override=today
    )
    demo = Afterview(demo_settings)
    demo.load_demo()
    return demo
