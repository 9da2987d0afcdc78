"""Sending notes (S5, S6): by the medium each person prefers, never twice.

The thank-yous of an interview, and the other notes (follow-up, reference alert,
leverage, reconnect, keep in touch) one at a time as the user edited them.

Email goes to the user's mail server; a letter by post becomes a print-ready PDF in
the outbox folder; a fax is a PDF (cover sheet and letter) mailed to the email-to-fax
gateway; those who prefer the phone get no message, and the user gets the script.
Each note is proofread first and held back on problems unless the user forces it.
Every message goes through the outbox's at-most-once protocol (`outbox.py`); once it
is out, the pipeline records its touch (`thank_you`, or the one that closes the other
note's action) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from afterview.domain.letters import Letter, fax_address, fax_of, letter_of
from afterview.domain.model import Medium, Pipeline, Profile, Touch, TouchKind
from afterview.domain.proofreading import Problem
from afterview.domain.restraint import judge_contact
from afterview.errors import Fix, InvalidInput, Remedy
from afterview.services.notes import (
    NOTE_TOUCH,
    CheckedDraft,
    OtherNote,
    check,
    note_key,
    note_of,
    note_problems,
    thank_you_key,
    thank_yous_of,
    thanked_on,
)
from afterview.services.outbox import (
    Outcome,
    Record,
    Transmit,
    Unsent,
    domain_of,
    new_message_id,
    send_once,
)
from afterview.services.ports import (
    Attachment,
    Mail,
    Mailer,
    OutboxEntry,
    OutboxState,
    Ports,
    UnitOfWork,
)

REACH = {Medium.EMAIL: "email address", Medium.MAIL: "postal address", Medium.FAX: "fax number"}
REACH_FIELD = {Medium.EMAIL: "email", Medium.MAIL: "address", Medium.FAX: "fax"}
LETTER_DOMAIN = "letter.afterview.invalid"
"""Letters get Message-IDs too (the outbox keys on them), from a domain that is no one's."""


@dataclass(frozen=True)
class SendThankYous:
    """Deliver each open thank-you of an interview (or the one to `contact`)."""

    interview: str
    contact: str | None = None
    force: bool = False
    """Send even what proofreading holds back."""
    dry_run: bool = False
    resend: bool = False
    """Send again a message whose last attempt was interrupted."""


@dataclass(frozen=True)
class SendEditedNote:
    """Deliver one thank-you as the user edited it."""

    interview: str
    contact: str
    text: str
    subject: str = ""
    force: bool = False
    resend: bool = False


@dataclass(frozen=True)
class SendNote:
    """Deliver one of the other notes (S9, S13, S15, S16) as the user edited it."""

    note: OtherNote
    text: str
    subject: str = ""
    force: bool = False
    """Send despite proofreading, and a follow-up the playbook calls too soon (S13)."""
    resend: bool = False


class Hold(StrEnum):
    """Why a note did not go out."""

    ALREADY_THANKED = "already_thanked"
    TOO_SOON = "too_soon"
    PROOFREADING = "proofreading"
    PHONE = "phone"
    NO_REACH = "no_reach"
    NO_SENDER = "no_sender"
    NO_FAX_GATEWAY = "no_fax_gateway"
    NO_SMTP = "no_smtp"
    DRY_RUN = "dry_run"
    ALREADY_SENT = "already_sent"
    UNCERTAIN = "uncertain"
    FAILED = "failed"


@dataclass(frozen=True)
class Sent:
    contact: str | None
    medium: Medium
    message_id: str | None
    """The email's Message-ID (None for a letter by post)."""
    file: str | None
    """The letter's PDF (None for an email)."""


@dataclass(frozen=True)
class Skipped:
    """A note that did not go out: why, in words, and what would let it go."""

    contact: str | None
    hold: Hold
    reason: str
    remedy: Remedy | None = None
    problems: tuple[Problem, ...] = ()


@dataclass
class SendReport:
    """What went out and what did not (`send --json`, docs/contracts.md)."""

    sent: list[Sent] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    """What to say to those who prefer the phone (nothing is sent to them)."""

    def to_json(self) -> dict[str, object]:
        return {
            "sent": [
                {
                    "contact": s.contact,
                    "medium": s.medium.value,
                    "message_id": s.message_id,
                    "file": s.file,
                }
                for s in self.sent
            ],
            "skipped": [{"contact": s.contact, "reason": s.reason} for s in self.skipped],
        }


def send_thank_yous(ports: Ports, command: SendThankYous) -> SendReport:
    """Deliver each open thank-you of an interview by its medium (S5, S6)."""
    report = SendReport()
    pipeline = ports.store.load()
    for checked in thank_yous_of(ports, pipeline, command.interview, command.contact):
        _deliver(ports, pipeline, checked, command, report)
    return report


def send_edited_note(ports: Ports, command: SendEditedNote) -> SendReport:
    """Deliver one thank-you as the user edited it, through the same outbox (never twice).

    Resending sends the interrupted message as it was: a text changed since is refused,
    so what the page shows is what goes out."""
    if command.resend:
        _check_resent_text(ports, command)
    pipeline = ports.store.load()
    (drafted,) = thank_yous_of(ports, pipeline, command.interview, command.contact)
    application, _ = pipeline.interview(command.interview)
    draft = replace(drafted.draft, subject=command.subject or drafted.draft.subject)
    draft = replace(draft, body=command.text)
    problems = check(ports, pipeline, command.text, application.id, command.contact)
    options = SendThankYous(
        command.interview, command.contact, command.force, False, command.resend
    )
    report = SendReport()
    _deliver(ports, pipeline, CheckedDraft(draft, problems), options, report)
    return report


def send_note(ports: Ports, command: SendNote) -> SendReport:
    """Deliver a follow-up, reference alert, leverage, reconnect or keep-in-touch note as
    the user edited it, by its recipient's medium, through the outbox (never twice a day);
    once out, the touch that closes its action is recorded with it."""
    pipeline = ports.store.load()
    request = command.note
    drafted = note_of(ports, pipeline, request).draft
    draft = replace(drafted, subject=command.subject or drafted.subject, body=command.text)
    problems = note_problems(ports, pipeline, request, draft.contact, command.text)
    checked = CheckedDraft(draft, problems)
    today = ports.clock.today()
    report = SendReport()
    key = note_key(request, draft.contact, today)
    if command.resend:
        _same_as_interrupted(ports, key, command.text)
    held = _note_held_back(ports, pipeline, checked, command)
    if held is not None:
        report.skipped.append(held)
        return report
    application = pipeline.application(request.application) if request.application else None
    contact = pipeline.contact(draft.contact) if draft.contact else None
    company = application.company if application else (contact.company if contact else "") or ""
    entry = _entry(checked, key, request.kind, None, pipeline.profile)
    outcome = send_once(
        ports,
        entry,
        _transmitter(ports, pipeline, checked, company),
        _note_recorder(request, today),
        resend=command.resend or draft.medium is Medium.MAIL,
    )
    if outcome.sent:
        message_id = None if draft.medium is Medium.MAIL else outcome.entry.message_id
        report.sent.append(Sent(draft.contact, draft.medium, message_id, outcome.file))
    else:
        report.skipped.append(_unsent(draft.contact, draft.medium, outcome))
    return report


def _note_held_back(
    ports: Ports, pipeline: Pipeline, checked: CheckedDraft, command: SendNote
) -> Skipped | None:
    """Why this note does not go out now, or None if it may."""
    draft, contact = checked.draft, checked.draft.contact
    if not command.text.strip():
        raise InvalidInput(["text: the note is empty"], from_fields=True)
    application = command.note.application
    if NOTE_TOUCH[command.note.kind].employer_contact and application and not command.force:
        playbook = ports.playbook.current()
        today = ports.clock.today()
        verdict = judge_contact(pipeline, application, today, playbook, ports.holidays)
        if not verdict.allowed:
            reason = verdict.reason or "too soon to contact the employer again"
            return Skipped(contact, Hold.TOO_SOON, reason, Remedy(Fix.FORCE))
    if checked.problems and not command.force:
        reason = f"held back by proofreading: {len(checked.problems)} problem(s)"
        remedy = Remedy(Fix.SEND_ANYWAY)
        return Skipped(contact, Hold.PROOFREADING, reason, remedy, checked.problems)
    if draft.medium is Medium.PHONE:
        return Skipped(contact, Hold.PHONE, "prefers the phone: call them")
    return _unreachable(ports, pipeline, checked)


def _same_as_interrupted(ports: Ports, key: str, text: str) -> None:
    """A resend sends the interrupted message unchanged: a text changed since is refused."""
    with ports.store.unit_of_work() as work:
        entry = work.outbox.get(key)
    if entry is not None and entry.body.strip() != text.strip():
        raise InvalidInput(
            [
                "text: differs from the note whose sending was interrupted; a resend sends that "
                "note unchanged (check your Sent folder: it may have gone out)"
            ],
            from_fields=True,
        )


def _check_resent_text(ports: Ports, command: SendEditedNote) -> None:
    _same_as_interrupted(ports, thank_you_key(command.interview, command.contact), command.text)


def _deliver(
    ports: Ports,
    pipeline: Pipeline,
    checked: CheckedDraft,
    command: SendThankYous,
    report: SendReport,
) -> None:
    held = held_back(ports, pipeline, checked, command)
    if held is not None:
        report.skipped.append(held)
        if held.hold is Hold.PHONE:
            report.scripts.append(checked.draft.body)
        return
    outcome = send_once(
        ports,
        _entry(
            checked,
            thank_you_key(command.interview, checked.draft.contact),
            "thank_you",
            command.interview,
            pipeline.profile,
        ),
        _transmitter(ports, pipeline, checked, pipeline.interview(command.interview)[0].company),
        _recorder(command.interview, ports.clock.today()),
        # A letter is a file of ours: written again, it is the very same letter.
        resend=command.resend or checked.draft.medium is Medium.MAIL,
    )
    contact = checked.draft.contact
    if outcome.sent:
        message_id = None if checked.draft.medium is Medium.MAIL else outcome.entry.message_id
        report.sent.append(Sent(contact, checked.draft.medium, message_id, outcome.file))
    else:
        report.skipped.append(_unsent(contact, checked.draft.medium, outcome))


def held_back(
    ports: Ports, pipeline: Pipeline, checked: CheckedDraft, command: SendThankYous
) -> Skipped | None:
    """Why this note does not go out now, or None if it may."""
    draft, contact = checked.draft, checked.draft.contact
    done = thanked_on(pipeline, command.interview, contact)
    if done is not None:
        return Skipped(contact, Hold.ALREADY_THANKED, f"already thanked on {done.isoformat()}")
    if checked.problems and not command.force:
        reason = f"held back by proofreading: {len(checked.problems)} problem(s)"
        remedy = Remedy(Fix.SEND_ANYWAY)
        return Skipped(contact, Hold.PROOFREADING, reason, remedy, checked.problems)
    if draft.medium is Medium.PHONE:
        remedy = Remedy(Fix.CALL_SCRIPT, command.interview)
        return Skipped(contact, Hold.PHONE, "prefers the phone: call them", remedy)
    return _unreachable(ports, pipeline, checked) or _dry_run(checked, command)


def _unreachable(ports: Ports, pipeline: Pipeline, checked: CheckedDraft) -> Skipped | None:
    """What is missing to reach this person by their medium, if anything."""
    draft, contact = checked.draft, checked.draft.contact
    medium = draft.medium
    if not draft.to:
        remedy = Remedy(Fix.CONTACT_REACH, contact, REACH_FIELD[medium])
        return Skipped(contact, Hold.NO_REACH, f"no {REACH[medium]} for {contact}", remedy)
    by_mail = medium is not Medium.MAIL
    if pipeline.profile is None or (by_mail and not pipeline.profile.email):
        reason = "your profile has no email address to send from"
        return Skipped(contact, Hold.NO_SENDER, reason, Remedy(Fix.PROFILE_EMAIL))
    if medium is Medium.FAX and not ports.fax_gateway:
        reason = "no email-to-fax gateway is set up"
        return Skipped(contact, Hold.NO_FAX_GATEWAY, reason, Remedy(Fix.FAX_GATEWAY))
    if by_mail and ports.mailer is None:
        reason = "no mail server is set up to send email"
        return Skipped(contact, Hold.NO_SMTP, reason, Remedy(Fix.SMTP))
    return None


def _dry_run(checked: CheckedDraft, command: SendThankYous) -> Skipped | None:
    if not command.dry_run:
        return None
    draft = checked.draft
    where = (draft.to or "").splitlines()[0] if draft.to else ""
    reason = f"dry run: would send by {draft.medium.value} to {where}"
    return Skipped(draft.contact, Hold.DRY_RUN, reason)


def _unsent(contact: str | None, medium: Medium, outcome: Outcome) -> Skipped:
    entry = outcome.entry
    if outcome.unsent is Unsent.ALREADY_SENT:
        where = f"written to {entry.file}" if medium is Medium.MAIL else "sent"
        return Skipped(
            contact, Hold.ALREADY_SENT, f"already {where} (Message-ID {entry.message_id})"
        )
    if outcome.unsent is Unsent.UNCERTAIN:
        reason = f"{outcome.reason} (Message-ID {entry.message_id})"
        return Skipped(contact, Hold.UNCERTAIN, reason, Remedy(Fix.RESEND, medium.value))
    return Skipped(contact, Hold.FAILED, f"failed: {outcome.reason}")


def _entry(
    checked: CheckedDraft,
    key: str,
    kind: str,
    interview_id: str | None,
    profile: Profile | None,
) -> OutboxEntry:
    draft = checked.draft
    sender = profile.email if profile is not None and profile.email else None
    by_post = draft.medium is Medium.MAIL or sender is None  # held_back() let none through
    return OutboxEntry(
        key=key,
        kind=kind,
        interview_id=interview_id,
        contact_id=draft.contact,
        medium=draft.medium.value,
        message_id=new_message_id(LETTER_DOMAIN if by_post else domain_of(sender or "")),
        state=OutboxState.DRAFTED,
        recipient=draft.to,
        subject=draft.subject,
        body=draft.body,
    )


def _transmitter(ports: Ports, pipeline: Pipeline, checked: CheckedDraft, company: str) -> Transmit:
    """How the message goes out: by post, by fax or by email, as its entry says (a resent
    message goes as it first went). `company` is the employer a letter is addressed at."""
    cover = checked.draft.cover or ""

    def transmit(entry: OutboxEntry) -> str | None:
        medium = Medium(entry.medium)
        if medium is Medium.MAIL:
            return _post(ports, pipeline, company, entry)
        if medium is Medium.FAX:
            return _fax(ports, pipeline, company, cover, entry)
        _email(ports, pipeline, entry)
        return None

    return transmit


def _email(ports: Ports, pipeline: Pipeline, entry: OutboxEntry) -> None:
    _mailer(ports).send(_mail(pipeline, entry, entry.recipient or "", entry.body))


def _post(ports: Ports, pipeline: Pipeline, company: str, entry: OutboxEntry) -> str:
    """S6 by post: a print-ready PDF in the outbox folder."""
    pdf = ports.printer.letter(_letter(ports, pipeline, company, entry))
    return ports.letters.keep(_file_name(entry), pdf)


def _fax(ports: Ports, pipeline: Pipeline, company: str, cover: str, entry: OutboxEntry) -> str:
    """S6 by fax: the PDF (a copy kept in the outbox folder) mailed to the fax gateway."""
    pdf = ports.printer.fax(fax_of(cover, _letter(ports, pipeline, company, entry)))
    file = ports.letters.keep(_file_name(entry), pdf)
    address = fax_address(ports.fax_gateway or "", entry.recipient or "")
    mail = _mail(pipeline, entry, address, f"Fax for {entry.recipient}: see the PDF.\n")
    attachment = Attachment("fax.pdf", "application/pdf", pdf)
    _mailer(ports).send(replace(mail, attachments=(attachment,)))
    return file


def _mailer(ports: Ports) -> Mailer:
    mailer = ports.mailer
    assert mailer is not None  # held_back() let no note without a mail server through
    return mailer


def _mail(pipeline: Pipeline, entry: OutboxEntry, address: str, body: str) -> Mail:
    profile = pipeline.profile
    assert profile is not None
    assert profile.email
    contact = pipeline.contact(entry.contact_id or "")
    return Mail(
        profile.name,
        profile.email,
        contact.name,
        address,
        entry.subject or "Thank you",
        body,
        entry.message_id,
    )


def _letter(ports: Ports, pipeline: Pipeline, company: str, entry: OutboxEntry) -> Letter:
    assert pipeline.profile is not None
    contact = pipeline.contact(entry.contact_id or "")
    return letter_of(pipeline.profile, contact, company, entry.body, ports.clock.today())


def _file_name(entry: OutboxEntry) -> str:
    return entry.key.replace("/", "-").replace(" ", "_") + ".pdf"


def _recorder(interview_id: str, today: dt.date) -> Record:
    """The `thank_you` touch, written with the outbox's `sent`."""

    def touch(before: Pipeline, entry: OutboxEntry, medium: Medium, note: str) -> Touch:
        application, _ = before.interview(interview_id)
        kind = TouchKind.THANK_YOU
        return Touch(kind, today, application.id, interview_id, entry.contact_id, medium, note)

    return _recording(touch)


def _note_recorder(request: OtherNote, today: dt.date) -> Record:
    """The touch that closes the note's action, written with the outbox's `sent`."""

    def touch(before: Pipeline, entry: OutboxEntry, medium: Medium, note: str) -> Touch:
        kind = NOTE_TOUCH[request.kind]
        return Touch(kind, today, request.application, None, entry.contact_id, medium, note)

    return _recording(touch)


def _recording(touch: Callable[[Pipeline, OutboxEntry, Medium, str], Touch]) -> Record:
    """A record that adds the touch `touch` makes, saying how the message went out."""

    def record(work: UnitOfWork, entry: OutboxEntry, file: str | None) -> None:
        before = work.pipeline.load()
        medium = Medium(entry.medium)
        if medium is Medium.MAIL:
            note = f"letter ready to print: {file}"
        else:
            note = f"sent by {medium.value}, Message-ID {entry.message_id}"
        added = touch(before, entry, medium, note)
        work.pipeline.save(before, replace(before, touches=(*before.touches, added)))

    return record
