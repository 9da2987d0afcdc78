"""The daily digest: one email to yourself with what is due and overdue (S2: follow-up as
a strategy, not a memory test). Run it from cron as often as you like: it goes out once
a day at most (through the outbox's at-most-once protocol), and only when something
is owed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from afterview.domain.actions import DUE, OVERDUE, Action
from afterview.errors import AfterviewError, Fix, Remedy
from afterview.services.outbox import Unsent, domain_of, new_message_id, send_once
from afterview.services.ports import Mail, OutboxEntry, OutboxState, Ports


class DigestNotSent(AfterviewError):
    """The mail server refused the digest: it is known not to have gone out, and may be
    sent again."""


@dataclass(frozen=True)
class SendDigest:
    """Email today's digest to the profile's address."""

    dry_run: bool = False
    resend: bool = False
    """Send again a digest whose last attempt was interrupted."""
    to: str | None = None
    """Where it goes (server mode: the account's sign-in address); default: the profile's
    email."""


@dataclass(frozen=True)
class Digest:
    """What the digest says, and whether it went out."""

    subject: str
    body: str
    actions: int
    sent: bool
    reason: str | None = None
    remedy: Remedy | None = None


def compose_digest(actions: list[Action], today: dt.date) -> tuple[str, str]:
    """Subject and body: overdue first, then what is due, each with its rule."""
    overdue = [a for a in actions if a.state == OVERDUE]
    due = [a for a in actions if a.state == DUE]
    subject = f"afterview: {len(overdue) + len(due)} things to do today"
    if overdue:
        subject += f" ({len(overdue)} overdue)"
    lines = [f"Your follow-ups for {today.strftime('%A %d %B %Y')}.", ""]
    for heading, group in (("Overdue", overdue), ("Due now", due)):
        if group:
            lines.append(f"{heading}:")
            lines += [f"- by {a.due_by.isoformat()}: {a.title} ({a.rule})" for a in group]
            lines.append("")
    lines.append("Open afterview for the details.")
    return subject, "\n".join(lines) + "\n"


def send_digest(ports: Ports, command: SendDigest) -> Digest:
    """Email today's digest to the profile's address, once a day at most."""
    today = ports.clock.today()
    pipeline = ports.store.load()
    owed = ports.plans.actions(pipeline, ports.playbook.current(), today, ports.holidays)
    actions = [a for a in owed if a.state in (DUE, OVERDUE)]
    subject, body = compose_digest(actions, today)
    if not actions:
        return Digest(subject, body, 0, False, "nothing is due: no digest today")
    me = pipeline.profile
    recipient = command.to or (me.email if me is not None else None)
    if not recipient:
        raise AfterviewError(
            "your profile has no email address to send the digest to", Remedy(Fix.PROFILE_EMAIL)
        )
    name = me.name if me is not None else recipient
    if command.dry_run:
        return Digest(subject, body, len(actions), False, "dry run")
    mailer = ports.mailer
    if mailer is None:
        raise AfterviewError("no mail server is set up to send the digest", Remedy(Fix.SMTP))
    entry = OutboxEntry(
        key=f"digest/{today.isoformat()}",
        kind="digest",
        interview_id=None,
        contact_id=None,
        medium="email",
        message_id=new_message_id(domain_of(recipient)),
        state=OutboxState.DRAFTED,
        recipient=recipient,
        subject=subject,
        body=body,
    )

    def transmit(out: OutboxEntry) -> None:
        address = out.recipient or ""
        mail = Mail(name, address, name, address, out.subject or "", out.body, out.message_id)
        mailer.send(mail)

    outcome = send_once(ports, entry, transmit, resend=command.resend)
    if outcome.sent:  # on a resend, what went out is the digest as first written
        sent = outcome.entry
        return Digest(sent.subject or subject, sent.body, len(actions), True)
    if outcome.unsent is Unsent.ALREADY_SENT:
        return Digest(subject, body, len(actions), False, "already sent today")
    if outcome.unsent is Unsent.UNCERTAIN:
        reason = f"today's digest {outcome.reason}"
        return Digest(subject, body, len(actions), False, reason, Remedy(Fix.RESEND, "email"))
    raise DigestNotSent(f"the digest was not sent: {outcome.reason}")
