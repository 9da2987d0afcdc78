"""The daily digest: one email to yourself with what is due and overdue (S2: follow-up as
a strategy, not a memory test). Idempotent per day: run it from cron as often as you
like, it goes out once a day, and only when something is owed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from afterview.adapters.mail import DeliveryFailure, SmtpMailer, build_message, new_message_id
from afterview.adapters.outbox import SENT, Outbox, OutboxEntry
from afterview.domain.planner import DUE, OVERDUE, Action, plan
from afterview.domain.settings import PlaybookSettings
from afterview.errors import AfterviewError

if TYPE_CHECKING:
    from afterview.adapters.store import Store


@dataclass(frozen=True)
class Digest:
    """What the digest says, and whether it went out."""

    subject: str
    body: str
    actions: int
    sent: bool
    reason: str | None = None


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
    lines.append("Open `afterview agenda` for the details.")
    return subject, "\n".join(lines) + "\n"


def send_digest(
    store: Store,
    settings: PlaybookSettings,
    mailer: SmtpMailer | None,
    today: dt.date,
    dry_run: bool = False,
) -> Digest:
    """Email today's digest to the profile's address, once a day at most."""
    pipeline = store.load()
    actions = [a for a in plan(pipeline, settings, today) if a.state in (DUE, OVERDUE)]
    subject, body = compose_digest(actions, today)
    if not actions:
        return Digest(subject, body, 0, False, "nothing is due: no digest today")
    if pipeline.profile is None or not pipeline.profile.email:
        raise AfterviewError(
            "your profile has no email address to send the digest to "
            "(afterview profile set --email ...)"
        )
    if dry_run:
        return Digest(subject, body, len(actions), False, "dry run")
    if mailer is None:
        raise AfterviewError("AFTERVIEW_SMTP_URL is not set: nowhere to send the digest")
    key = f"digest/{today.isoformat()}"
    with store.unit_of_work() as work:
        outbox = Outbox(work.connection, work.account_id)
        if (entry := outbox.get(key)) is not None and entry.state == SENT:
            return Digest(subject, body, len(actions), False, "already sent today")
        if entry is None:
            entry = OutboxEntry(
                key,
                "digest",
                None,
                None,
                "email",
                new_message_id(pipeline.profile.email),
                "sending",
                pipeline.profile.email,
                subject,
                body,
            )
            outbox.add(entry)
    me = pipeline.profile
    assert me.email is not None
    try:
        mailer.send(
            build_message(me.name, me.email, me.name, me.email, subject, body, entry.message_id)
        )
    except DeliveryFailure as failure:
        with store.unit_of_work() as work:
            Outbox(work.connection, work.account_id).mark(key, "failed", error=str(failure))
        raise
    with store.unit_of_work() as work:
        Outbox(work.connection, work.account_id).mark(key, SENT)
    return Digest(subject, body, len(actions), True)
