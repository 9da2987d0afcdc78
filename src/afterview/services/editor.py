"""The note editor as a page shows it: one tab per interviewer, the draft, what the
proofreader finds as the user types, and how alike the panel's notes are (S5, S8).
The other notes (S9, S11, S13, S15, S16) get the same editor, one note at a time.

What the user edited is what goes out (`delivery.send_edited_note`, `delivery.send_note`)
or is printed (`note_pdf`); both read the same records and rules as `send`. Once a note
is out, the editor shows what was sent, from the outbox, rather than a fresh draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from afterview.domain import notes
from afterview.domain.letters import fax_of, letter_of
from afterview.domain.model import Application, Contact, Medium, Pipeline, TouchKind
from afterview.domain.notes import Draft
from afterview.domain.proofreading import Problem
from afterview.domain.variation import MAX_SIMILARITY, most_alike
from afterview.errors import Fix, InvalidInput, NotFound, Remedy
from afterview.services.notes import (
    NOTE_TOUCH,
    OtherNote,
    check,
    note_keys,
    note_of,
    note_problems,
    thank_you_key,
)
from afterview.services.ports import OutboxEntry, OutboxState, Ports

WHOLE_NOTE = frozenset({"no_thanks", "no_fit"})
"""Problems about the whole note: shown as a verdict, never highlighted."""


@dataclass(frozen=True)
class Segment:
    """A run of the note's text, highlighted when a problem covers it."""

    text: str
    problem: Problem | None = None


@dataclass(frozen=True)
class Proof:
    """What the proofreading panel shows: the text marked up, the problems, the meter."""

    segments: tuple[Segment, ...]
    problems: tuple[Problem, ...]
    verdicts: tuple[Problem, ...]
    similarity: float
    compared: bool = True
    """Whether there are other notes to compare with (a panel's); else no meter."""

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)

    @property
    def max_percent(self) -> int:
        return round(MAX_SIMILARITY * 100)

    @property
    def too_alike(self) -> bool:
        return self.similarity > MAX_SIMILARITY


@dataclass(frozen=True)
class Tab:
    contact: str | None
    name: str
    selected: bool


@dataclass(frozen=True)
class SentNote:
    """A note as it went out (the outbox's copy): what the editor shows once it is sent."""

    on: dt.date | None
    medium: Medium
    recipient: str | None
    subject: str | None
    body: str
    message_id: str | None
    file: str | None

    @classmethod
    def of(cls, entry: OutboxEntry, on: dt.date | None) -> SentNote:
        medium = Medium(entry.medium)
        message_id = None if medium is Medium.MAIL else entry.message_id
        subject = entry.subject if medium is not Medium.MAIL else None
        return cls(on, medium, entry.recipient, subject, entry.body, message_id, entry.file)


@dataclass(frozen=True)
class NoteEditor:
    application: Application
    interview: str
    tabs: tuple[Tab, ...]
    draft: Draft
    recipient: str
    thanked_on: dt.date | None
    """When this person was thanked for this interview: then nothing more is sent."""
    proof: Proof
    sent: SentNote | None = None
    """The thank-you as it went out, when afterview sent it."""

    @property
    def by_phone(self) -> bool:
        return self.draft.medium is Medium.PHONE


@dataclass(frozen=True)
class NotePage:
    """One of the other notes in the editor: the draft, its proofreading, and what was
    sent today (then the page shows that, not a fresh draft) or last."""

    note: OtherNote
    application: Application | None
    contact: Contact | None
    draft: Draft
    proof: Proof
    closes: TouchKind
    """The touch that closes the note's action: recorded when it is sent or marked done."""
    sent: SentNote | None
    """What was sent today, if anything."""
    last_sent: SentNote | None

    @property
    def recipient(self) -> str:
        return self.contact.name if self.contact else ""

    @property
    def by_phone(self) -> bool:
        return self.draft.medium is Medium.PHONE

    @property
    def in_writing(self) -> bool:
        """A letter or a fax: the page offers the PDF."""
        return self.draft.medium in (Medium.MAIL, Medium.FAX)


@dataclass(frozen=True)
class PdfFile:
    name: str
    data: bytes


def segments(text: str, problems: Sequence[Problem]) -> tuple[Segment, ...]:
    """The text cut at each problem's span (overlaps keep the first); whole-note ones skipped."""
    result: list[Segment] = []
    at = 0
    for problem in sorted(problems, key=lambda p: (p.start, -p.end)):
        if problem.kind in WHOLE_NOTE or problem.start < at or problem.end > len(text):
            continue
        if problem.start > at:
            result.append(Segment(text[at : problem.start]))
        result.append(Segment(text[problem.start : problem.end], problem))
        at = problem.end
    if at < len(text):
        result.append(Segment(text[at:]))
    return tuple(result)


def proof_of(
    text: str, problems: Sequence[Problem], others: Sequence[str], compared: bool = True
) -> Proof:
    return Proof(
        segments(text, problems),
        tuple(p for p in problems if p.kind not in WHOLE_NOTE),
        tuple(p for p in problems if p.kind in WHOLE_NOTE),
        most_alike(text, list(others)),
        compared,
    )


def note_editor(ports: Ports, interview_id: str, contact_id: str | None = None) -> NoteEditor:
    """The editor on the note to `contact_id` (when None: the first of the panel still to
    thank, or the panel's first if everyone has been)."""
    pipeline = ports.reader.load()
    application, drafts = _panel(ports, pipeline, interview_id)
    thanked = _thanked(pipeline, interview_id)
    if contact_id is None:  # the first note still owed, else the panel's first
        owed = [draft for draft in drafts if draft.contact not in thanked]
        contact_id = (owed or drafts)[0].contact if drafts else None
    chosen = _chosen(drafts, contact_id, interview_id)
    tabs = tuple(Tab(d.contact, _name(pipeline, d.contact), d is chosen) for d in drafts)
    problems = check(ports, pipeline, chosen.body, application.id, chosen.contact)
    thanked_day = thanked.get(chosen.contact)
    sent = None
    if thanked_day is not None:
        entry = _sent_entries(ports).get(thank_you_key(interview_id, chosen.contact))
        sent = SentNote.of(entry, thanked_day) if entry is not None else None
    return NoteEditor(
        application,
        interview_id,
        tabs,
        chosen,
        _name(pipeline, chosen.contact),
        thanked_day,
        proof_of(chosen.body, problems, _others(drafts, chosen.contact)),
        sent,
    )


def note_page(ports: Ports, request: OtherNote) -> NotePage:
    """The editor on one of the other notes (or the call script), or on what was sent."""
    pipeline = ports.reader.load()
    checked = note_of(ports, pipeline, request)
    draft = checked.draft
    application = pipeline.application(request.application) if request.application else None
    contact = pipeline.contact(draft.contact) if draft.contact else None
    prefix = note_keys(request, draft.contact)
    sent = sorted(
        (key, entry) for key, entry in _sent_entries(ports).items() if key.startswith(prefix)
    )
    today = ports.clock.today()
    last = None
    if sent:  # keys end in the day the note went out: the last sorts last
        key, entry = sent[-1]
        last = SentNote.of(entry, dt.date.fromisoformat(key[len(prefix) :]))
    return NotePage(
        request,
        application,
        contact,
        draft,
        proof_of(draft.body, checked.problems, (), compared=False),
        NOTE_TOUCH[request.kind],
        last if last is not None and last.on == today else None,
        last,
    )


def note_proof(ports: Ports, request: OtherNote, text: str) -> Proof:
    """The proofreading panel of one of the other notes, for the text as the user has it."""
    pipeline = ports.reader.load()
    contact = note_of(ports, pipeline, request).draft.contact
    return proof_of(text, note_problems(ports, pipeline, request, contact, text), (), False)


def _thanked(pipeline: Pipeline, interview_id: str) -> dict[str | None, dt.date]:
    """When each person of the panel was last thanked for the interview (S5), in one pass
    over the touches (`thanked_on` asks of one person)."""
    days: dict[str | None, dt.date] = {}
    for touch in pipeline.touches:
        if touch.kind is TouchKind.THANK_YOU and touch.interview == interview_id:
            days[touch.contact] = max(touch.on, days.get(touch.contact, touch.on))
    return days


def _sent_entries(ports: Ports) -> dict[str, OutboxEntry]:
    return {e.key: e for e in ports.reader.load_outbox() if e.state is OutboxState.SENT}


def editor_proof(ports: Ports, interview_id: str, contact_id: str | None, text: str) -> Proof:
    """The proofreading panel for the text as the user has it now."""
    pipeline = ports.reader.load()
    application, drafts = _panel(ports, pipeline, interview_id)
    chosen = _chosen(drafts, contact_id, interview_id)
    problems = check(ports, pipeline, text, application.id, chosen.contact)
    return proof_of(text, problems, _others(drafts, chosen.contact))


def note_pdf(ports: Ports, interview_id: str, contact_id: str, text: str | None = None) -> PdfFile:
    """The letter (a fax: with its cover sheet first) saying `text`, or the draft when None."""
    pipeline = ports.reader.load()
    application, drafts = _panel(ports, pipeline, interview_id)
    draft = _chosen(drafts, contact_id, interview_id)
    kind = "thank-you" if draft.cover is None else "fax"
    return _pdf(ports, pipeline, draft, application.company, text, f"{kind}-{contact_id}.pdf")


def other_note_pdf(ports: Ports, request: OtherNote, text: str | None = None) -> PdfFile:
    """One of the other notes as a letter (or fax), saying `text`, or the draft when None."""
    pipeline = ports.reader.load()
    draft = note_of(ports, pipeline, request).draft
    if draft.medium is Medium.PHONE or draft.contact is None:
        raise InvalidInput(["medium: this note is said on the phone, not written"], True)
    contact = pipeline.contact(draft.contact)
    company = (
        pipeline.application(request.application).company
        if request.application
        else contact.company or ""
    )
    name = f"{request.kind.replace('_', '-')}-{draft.contact}.pdf"
    return _pdf(ports, pipeline, draft, company, text, name)


def _pdf(
    ports: Ports, pipeline: Pipeline, draft: Draft, company: str, text: str | None, name: str
) -> PdfFile:
    body = draft.body if text is None else text
    profile = pipeline.profile
    if profile is None:
        raise InvalidInput(
            ["profile: a letter needs your name and address"], True, Remedy(Fix.PROFILE)
        )
    if not body.strip():
        raise InvalidInput(["text: the letter is empty"], True)
    contact = pipeline.contact(draft.contact or "")
    letter = letter_of(profile, contact, company, body, ports.clock.today())
    if draft.cover is None:
        return PdfFile(name, ports.printer.letter(letter))
    return PdfFile(name, ports.printer.fax(fax_of(draft.cover, letter)))


def _panel(ports: Ports, pipeline: Pipeline, interview_id: str) -> tuple[Application, list[Draft]]:
    """The interview's application and its panel's drafts, not yet proofread: the page
    proofreads the one it shows; the others only count for how alike they are."""
    application, _ = pipeline.interview(interview_id)
    today = ports.clock.today()
    return application, notes.thank_you_drafts(pipeline, interview_id, ports.templates, today)


def _chosen(drafts: list[Draft], contact: str | None, interview_id: str) -> Draft:
    if not drafts:
        raise NotFound(f"nobody to thank for {interview_id!r}: it has no interviewers yet")
    if contact is None:
        return drafts[0]
    for draft in drafts:
        if draft.contact == contact:
            return draft
    raise NotFound(f"{contact!r} did not interview you in {interview_id!r}")


def _others(drafts: list[Draft], contact: str | None) -> list[str]:
    return [draft.body for draft in drafts if draft.contact != contact]


def _name(pipeline: Pipeline, contact_id: str | None) -> str:
    return pipeline.contact(contact_id or "").name
