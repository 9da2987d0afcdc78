"""Sending the thank-yous (S5, S6): by the medium each person prefers, never twice.

The guarantee is *at most once*. Each message is written to the outbox with its
Message-ID and committed as `sending` before the SMTP conversation starts; only
after the server accepts it do the outbox (`sent`) and the pipeline (a `thank_you`
touch naming the Message-ID) change, in one transaction. If the process dies in
between, the next run finds the message still `sending`, cannot know whether the
server took it, marks it `uncertain` and does not send it again by itself: the
user checks their Sent folder and may say `--resend`, which sends the very same
message (same Message-ID, so most mail clients show one copy even then).
Temporary failures are retried with backoff; a message that failed is known not
to have gone out, so a later run may send it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from afterview.adapters.mail import (
    DeliveryFailure,
    SmtpMailer,
    TemporaryFailure,
    build_message,
    new_message_id,
)
from afterview.adapters.outbox import (
    FAILED,
    SENDING,
    SENT,
    UNCERTAIN,
    Outbox,
    OutboxEntry,
)
from afterview.adapters.pdf import Letter, fax_pdf, letter_of, letter_pdf, paper_for
from afterview.domain.model import Medium, Pipeline, Touch, TouchKind
from afterview.domain.notes import NoteTemplates, format_date
from afterview.domain.proofreading import Speller, context_for, proofread
from afterview.services.notes import CheckedDraft, draft_thank_yous

if TYPE_CHECKING:
    from afterview.adapters.store import Store

RETRY_DELAYS = (1.0, 4.0, 15.0)


@dataclass
class SendReport:
    """What went out and what did not, with the reason (DESIGN §2, `send --json`)."""

    sent: list[dict[str, str | None]] = field(default_factory=list)
    skipped: list[dict[str, str | None]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    """What to say to those who prefer the phone (nothing is sent to them)."""

    def skip(self, contact: str | None, reason: str) -> None:
        self.skipped.append({"contact": contact, "reason": reason})

    def to_json(self) -> dict[str, object]:
        return {"sent": self.sent, "skipped": self.skipped}


@dataclass(frozen=True)
class SendOptions:
    force: bool = False
    dry_run: bool = False
    resend: bool = False
    retry_delays: Sequence[float] = RETRY_DELAYS
    sleep: Callable[[float], None] = time.sleep
    outbox_folder: Path | None = None
    """Where print-ready letters go (AFTERVIEW_HOME/outbox)."""
    fax_gateway: str | None = None
    """AFTERVIEW_FAX_GATEWAY, e.g. "{fax}@fax.example.net"."""


def send_thank_yous(
    store: Store,
    templates: NoteTemplates,
    speller: Speller,
    mailer: SmtpMailer | None,
    today: dt.date,
    interview_id: str,
    contact_id: str | None = None,
    options: SendOptions = SendOptions(),
) -> SendReport:
    """Deliver each open thank-you of an interview by its medium (S5, S6)."""
    report = SendReport()
    pipeline = store.load()
    for checked in draft_thank_yous(store, templates, speller, today, interview_id, contact_id):
        _deliver_one(store, pipeline, checked, interview_id, mailer, today, options, report)
    return report


def send_edited(
    store: Store,
    templates: NoteTemplates,
    speller: Speller,
    mailer: SmtpMailer | None,
    today: dt.date,
    interview_id: str,
    contact_id: str,
    subject: str,
    text: str,
    options: SendOptions = SendOptions(),
) -> SendReport:
    """Deliver one thank-you as the user edited it, through the same outbox (never twice)."""
    pipeline = store.load()
    (checked,) = draft_thank_yous(store, templates, speller, today, interview_id, contact_id)
    application, _ = pipeline.interview(interview_id)
    edited = replace(checked.draft, subject=subject or checked.draft.subject, body=text)
    problems = proofread(text, context_for(pipeline, application.id, contact_id), speller)
    report = SendReport()
    _deliver_one(
        store,
        pipeline,
        CheckedDraft(edited, tuple(problems)),
        interview_id,
        mailer,
        today,
        options,
        report,
    )
    return report


def _deliver_one(
    store: Store,
    pipeline: Pipeline,
    checked: CheckedDraft,
    interview_id: str,
    mailer: SmtpMailer | None,
    today: dt.date,
    options: SendOptions,
    report: SendReport,
) -> None:
    reason = _held_back(pipeline, checked, interview_id, mailer, options)
    if reason is not None:
        report.skip(checked.draft.contact, reason)
        if checked.draft.medium is Medium.PHONE and not reason.startswith("already"):
            report.scripts.append(checked.draft.body)
    elif checked.draft.medium is Medium.MAIL:
        _deliver_letter(store, pipeline, checked, interview_id, today, options, report)
    else:
        _deliver_email(store, pipeline, checked, interview_id, mailer, today, options, report)


def _held_back(
    pipeline: Pipeline,
    checked: CheckedDraft,
    interview_id: str,
    mailer: SmtpMailer | None,
    options: SendOptions,
) -> str | None:
    """Why this note does not go out now, or None if it may."""
    draft = checked.draft
    done = [
        t.on
        for t in pipeline.touches
        if t.kind is TouchKind.THANK_YOU
        and t.interview == interview_id
        and t.contact == draft.contact
    ]
    if done:
        return f"already thanked on {max(done).isoformat()}"
    if checked.problems and not options.force:
        return f"held back by proofreading: {len(checked.problems)} problem(s) (--force sends it)"
    if draft.medium is Medium.PHONE:
        return "prefers the phone: call them (afterview draft shows what to say)"
    if not draft.to:
        return (
            f"no {REACH[draft.medium]} for {draft.contact} (afterview contact edit "
            f"{draft.contact} --{REACH_OPTION[draft.medium]} ...)"
        )
    if pipeline.profile is None or (draft.medium is not Medium.MAIL and not pipeline.profile.email):
        return "your profile has no email address to send from (afterview profile set --email)"
    if draft.medium is Medium.FAX and not options.fax_gateway:
        return "AFTERVIEW_FAX_GATEWAY is not set: nowhere to send a fax"
    if draft.medium is not Medium.MAIL and mailer is None:
        return "AFTERVIEW_SMTP_URL is not set: nowhere to send email"
    if options.dry_run:
        return f"dry run: would send by {draft.medium.value} to {draft.to.splitlines()[0]}"
    return None


REACH = {Medium.EMAIL: "email address", Medium.MAIL: "postal address", Medium.FAX: "fax number"}
REACH_OPTION = {Medium.EMAIL: "email", Medium.MAIL: "address", Medium.FAX: "fax"}


def _deliver_email(
    store: Store,
    pipeline: Pipeline,
    checked: CheckedDraft,
    interview_id: str,
    mailer: SmtpMailer | None,
    today: dt.date,
    options: SendOptions,
    report: SendReport,
) -> None:
    draft = checked.draft
    assert mailer is not None
    assert pipeline.profile is not None
    assert pipeline.profile.email
    assert draft.to
    key = f"thank_you/{interview_id}/{draft.contact}"
    entry = _claim(store, key, checked, interview_id, pipeline.profile.email, options)
    if isinstance(entry, str):
        report.skip(draft.contact, entry)
        return
    contact = pipeline.contact(draft.contact) if draft.contact else None
    address, file = draft.to, None
    if draft.medium is Medium.FAX:
        address = fax_address(options.fax_gateway or "", draft.to)
    message = build_message(
        pipeline.profile.name,
        pipeline.profile.email,
        contact.name if contact else address,
        address,
        draft.subject or "Thank you",
        draft.body if draft.medium is Medium.EMAIL else f"Fax for {draft.to}: see the PDF.\n",
        entry.message_id,
    )
    if draft.medium is Medium.FAX:
        pdf = fax_pdf(
            cover_fields(draft.cover or ""),
            _letter(pipeline, checked, interview_id, today),
            _paper(pipeline),
        )
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename="fax.pdf")
        file = _keep(options.outbox_folder, key, pdf)
    failure = _send_with_retries(mailer, message, options)
    if failure is not None:
        with store.unit_of_work() as work:
            Outbox(work.connection, work.account_id).mark(key, FAILED, error=str(failure))
        report.skip(draft.contact, f"not sent: {failure}")
        return
    _record_sent(
        store,
        key,
        entry,
        interview_id,
        today,
        f"sent by {draft.medium.value}, Message-ID {entry.message_id}",
        file,
    )
    report.sent.append(
        {
            "contact": draft.contact,
            "medium": draft.medium.value,
            "message_id": entry.message_id,
            "file": None,
        }
    )


def _claim(
    store: Store,
    key: str,
    checked: CheckedDraft,
    interview_id: str,
    sender_email: str,
    options: SendOptions,
) -> OutboxEntry | str:
    """Persist the message as `sending` before any network call; or say why not to send."""
    draft = checked.draft
    with store.unit_of_work() as work:
        outbox = Outbox(work.connection, work.account_id)
        entry = outbox.get(key)
        if entry is not None and entry.state == SENT:
            return f"already sent (Message-ID {entry.message_id})"
        if entry is not None and entry.state in (SENDING, UNCERTAIN) and not options.resend:
            outbox.mark(key, UNCERTAIN, error="interrupted while sending")
            return (
                f"may already have been sent (Message-ID {entry.message_id}): the last "
                "attempt was interrupted; check your Sent folder, then --resend if it "
                "is not there"
            )
        if entry is None:
            entry = OutboxEntry(
                key,
                "thank_you",
                interview_id,
                draft.contact,
                draft.medium.value,
                new_message_id(sender_email),
                "drafted",
                draft.to,
                draft.subject,
                draft.body,
            )
            outbox.add(entry)
        outbox.mark(key, SENDING, attempt=True)
        return replace(entry, state=SENDING)


def _send_with_retries(
    mailer: SmtpMailer, message: object, options: SendOptions
) -> DeliveryFailure | None:
    delays = list(options.retry_delays)
    while True:
        try:
            mailer.send(message)  # type: ignore[arg-type]
        except TemporaryFailure as failure:
            if not delays:
                return failure
            options.sleep(delays.pop(0))
        except DeliveryFailure as failure:
            return failure
        else:
            return None


def _record_sent(
    store: Store,
    key: str,
    entry: OutboxEntry,
    interview_id: str,
    today: dt.date,
    note: str,
    file: str | None = None,
) -> None:
    """The outbox says sent and the pipeline gets its thank_you touch, together."""
    with store.unit_of_work() as work:
        Outbox(work.connection, work.account_id).mark(key, SENT, file=file)
        before = work.load()
        application, _ = before.interview(interview_id)
        touch = Touch(
            TouchKind.THANK_YOU,
            today,
            application.id,
            interview_id,
            entry.contact_id,
            Medium(entry.medium),
            note,
        )
        work.save(before, replace(before, touches=(*before.touches, touch)))


def _deliver_letter(
    store: Store,
    pipeline: Pipeline,
    checked: CheckedDraft,
    interview_id: str,
    today: dt.date,
    options: SendOptions,
    report: SendReport,
) -> None:
    """S6 by post: a print-ready PDF in the outbox folder, recorded as delivered."""
    draft = checked.draft
    key = f"thank_you/{interview_id}/{draft.contact}"
    with store.unit_of_work() as work:
        entry = Outbox(work.connection, work.account_id).get(key)
    if entry is not None and entry.state == SENT:
        report.skip(draft.contact, f"already written to {entry.file}")
        return
    if options.outbox_folder is None:
        report.skip(draft.contact, "no outbox folder to put the letter in")
        return
    pdf = letter_pdf(_letter(pipeline, checked, interview_id, today), _paper(pipeline))
    file = _keep(options.outbox_folder, key, pdf)
    claimed = _claim(
        store, key, checked, interview_id, "letter@afterview.invalid", replace(options, resend=True)
    )
    assert isinstance(claimed, OutboxEntry)
    _record_sent(store, key, claimed, interview_id, today, f"letter ready to print: {file}", file)
    report.sent.append(
        {"contact": draft.contact, "medium": draft.medium.value, "message_id": None, "file": file}
    )


def letter_parts(text: str) -> tuple[str, list[str], str]:
    """Salutation, paragraphs and closing of a plain-text letter (as the letter template
    lays it out: the "Dear ..." line, blank-line separated paragraphs, the sign-off, the name)."""
    lines = text.strip().splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Dear ")), -1)
    end = len(lines) - 1  # the typed name
    closing_at = max(i for i in range(end) if lines[i].strip()) if end > 0 else end
    blocks: list[list[str]] = [[]]
    for line in lines[start + 1 : closing_at]:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    paragraphs = [" ".join(block) for block in blocks if block]
    return (lines[start] if start >= 0 else "", paragraphs, lines[closing_at])


def _letter(pipeline: Pipeline, checked: CheckedDraft, interview_id: str, today: dt.date) -> Letter:
    assert pipeline.profile is not None
    application, _ = pipeline.interview(interview_id)
    contact = pipeline.contact(checked.draft.contact or "")
    salutation, paragraphs, closing = letter_parts(checked.draft.body)
    return letter_of(
        pipeline.profile,
        contact,
        application.company,
        paragraphs,
        salutation,
        closing,
        format_date(today, pipeline.profile.country),
    )


def _paper(pipeline: Pipeline) -> str:
    return paper_for(pipeline.profile.country if pipeline.profile else "US")


def cover_fields(cover: str) -> list[tuple[str, str]]:
    """The "Label: value" lines of a fax cover, for the PDF's cover page."""
    fields = []
    for line in cover.splitlines():
        label, sep, value = line.partition(":")
        if sep and value.strip():
            fields.append((label.strip(), value.strip()))
    return fields


def fax_address(gateway: str, fax: str) -> str:
    """The email-to-fax address: the digits of the fax number in the gateway's {fax}."""
    return gateway.replace("{fax}", "".join(ch for ch in fax if ch.isdigit()))


def _keep(folder: Path | None, key: str, pdf: bytes) -> str | None:
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (key.replace("/", "-").replace(" ", "_") + ".pdf")
    path.write_bytes(pdf)
    return str(path)
