"""The messages of one sync, recorded: the machinery behind `services/inbox.sync_inbox`.

Imported only when a sync has new messages to sort, so that a sync with nothing new
loads none of it (the planner, the document reader, the mail text rules).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from afterview.domain.actions import ActionKind
from afterview.domain.document import FORMAT, merge, read_document, write_document
from afterview.domain.inbox import (
    Directory,
    Finding,
    Ignore,
    Invitation,
    Reply,
    Review,
    ThankYou,
    origins_of,
    read_message,
)
from afterview.domain.mail import Message
from afterview.domain.mailtext import Asked, snippet
from afterview.domain.model import Pipeline, Status, TouchKind
from afterview.errors import InvalidInput, NotFound
from afterview.services.inbox_report import Recorded, SyncReport
from afterview.services.ports import (
    FolderRead,
    InboxItem,
    InboxOutcome,
    Invite,
    OutboxEntry,
    Ports,
    UnitOfWork,
)
from afterview.services.records import NewInterviewer, _people, fresh_id

SENDER_LIMIT = 300
SUBJECT_LIMIT = 300


def record(ports: Ports, work: UnitOfWork, reads: Sequence[FolderRead], report: SyncReport) -> None:
    now = dt.datetime.now(dt.UTC)
    before = work.pipeline.load()
    messages = _new_messages(work, before, reads)
    origins = origins_of(before, _sent(work.outbox.entries()))
    today = ports.clock.today()
    actions = ports.plans.actions(before, ports.playbook.current(), today, ports.holidays)
    thank_yous = [a for a in actions if a.kind is ActionKind.THANK_YOU]
    changes = _Changes(ports, before, work.inbox.invites())
    items: list[InboxItem] = []
    for message in messages:
        directory = changes.directory(origins)
        finding = read_message(message, directory, thank_yous)
        items.append(changes.apply(message, finding, report))
    after = changes.finish()
    if after is not before:
        work.pipeline.save(before, after)
    work.inbox.add(items, now)
    for read in reads:
        work.inbox.set_mark(read, now)
    for uid, (interview_id, sequence) in changes.invites.items():
        work.inbox.put_invite(uid, interview_id, sequence)
    report.review = [item for item in items if item.outcome is InboxOutcome.REVIEW]


def _new_messages(
    work: UnitOfWork, pipeline: Pipeline, reads: Sequence[FolderRead]
) -> list[Message]:
    """The messages not read before (by Message-ID), once each, oldest first."""
    found: dict[str, Message] = {}
    for read in reads:
        for message in read.messages:
            found.setdefault(message.message_id, message)
    recorded = {touch.message_id for touch in pipeline.touches if touch.message_id}
    known = work.inbox.known(found) | recorded
    fresh = [message for key, message in found.items() if key not in known]
    moment = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(fresh, key=lambda m: (m.sent_at or moment, m.folder.value, m.uid))


def _sent(entries: Sequence[OutboxEntry]) -> list[tuple[str, str | None, str | None, str | None]]:
    """Each note afterview sent: (Message-ID, application, interview, contact). The
    application is in a note's key (`follow_up/acme/jane/2026-12-01`); a thank-you's is
    its interview's."""
    sent = []
    for entry in entries:
        parts = entry.key.split("/")
        application = parts[1] if entry.kind != "thank_you" and len(parts) > 2 else None
        sent.append(
            (
                entry.message_id,
                None if application in (None, "-") else application,
                entry.interview_id,
                entry.contact_id,
            )
        )
    return sent


class _Changes:
    """The records a sync makes, applied to a working copy of the pipeline one by one (an
    invitation may add a contact the next message comes from)."""

    def __init__(self, ports: Ports, pipeline: Pipeline, invites: dict[str, tuple[str, int]]):
        self.ports = ports
        self.current = pipeline
        self.invites = invites
        self.touches: list[dict[str, Any]] = []
        self._directory: Directory | None = None

    def directory(self, origins: dict[str, Any]) -> Directory:
        if self._directory is None:
            self._directory = Directory.of(self.current, origins)
        return self._directory

    def finish(self) -> Pipeline:
        if self.touches:
            raw = {"format": FORMAT, "touches": self.touches}
            self.current = merge(self.current, self._read(raw))
        return self.current

    def _read(self, raw: dict[str, Any]) -> Any:
        return read_document(raw, self.current, True, formats=self.ports.contact_formats)

    def apply(self, message: Message, finding: Finding, report: SyncReport) -> InboxItem:
        item = _item(message)
        if isinstance(finding, Ignore):
            return _with(item, InboxOutcome.IGNORED, finding.reason)
        if isinstance(finding, Review):
            return self._review(item, finding)
        if isinstance(finding, ThankYou):
            return self._thank_you(message, item, finding, report)
        if isinstance(finding, Invitation):
            return self._invitation(message, item, finding, report)
        return self._reply(message, item, finding, report)

    def _review(self, item: InboxItem, finding: Review) -> InboxItem:
        return InboxItem(
            item.message_id,
            item.folder,
            InboxOutcome.REVIEW,
            item.received_on,
            item.sender,
            item.subject,
            item.snippet,
            finding.reason,
            finding.application,
            finding.contact,
            finding.requested_on,
        )

    def _reply(
        self, message: Message, item: InboxItem, finding: Reply, report: SyncReport
    ) -> InboxItem:
        on = self._day(message)
        touch: dict[str, Any] = {
            "kind": TouchKind.EMPLOYER_REPLY.value,
            "on": on.isoformat(),
            "application": finding.application,
            "medium": "email",
            "message_id": message.message_id,
        }
        if finding.interview:
            touch["interview"] = finding.interview
        if finding.contact:
            touch["contact"] = finding.contact
        if item.snippet:
            touch["snippet"] = item.snippet
        what = "a reply"
        request = finding.requested
        if request is not None and request.on is not None:
            if request.asked is Asked.FOLLOW_UP and request.on >= on:
                touch["follow_up_requested_on"] = request.on.isoformat()
                what = f"a reply asking to follow up on {request.on.isoformat()}"
            elif request.asked is Asked.DECISION and finding.interview:
                self._decision(finding.application, finding.interview, request.on)
                what = f"a reply: they will decide by {request.on.isoformat()}"
        self.touches.append(touch)
        report.recorded.append(
            Recorded(
                TouchKind.EMPLOYER_REPLY.value,
                finding.application,
                finding.interview,
                finding.contact,
                on,
                message.message_id,
            )
        )
        return _with(item, InboxOutcome.RECORDED, what, finding.application, finding.contact)

    def _thank_you(
        self, message: Message, item: InboxItem, finding: ThankYou, report: SyncReport
    ) -> InboxItem:
        on = self._day(message)
        for contact in finding.contacts:
            self.touches.append(
                {
                    "kind": TouchKind.THANK_YOU.value,
                    "on": on.isoformat(),
                    "application": finding.application,
                    "interview": finding.interview,
                    "contact": contact,
                    "medium": "email",
                    "message_id": message.message_id,
                }
            )
            report.recorded.append(
                Recorded(
                    TouchKind.THANK_YOU.value,
                    finding.application,
                    finding.interview,
                    contact,
                    on,
                    message.message_id,
                )
            )
        names = ", ".join(finding.contacts)
        return _with(
            item,
            InboxOutcome.RECORDED,
            f"your thank-you to {names}",
            finding.application,
            finding.contacts[0],
        )

    def _invitation(
        self, message: Message, item: InboxItem, finding: Invitation, report: SyncReport
    ) -> InboxItem:
        profile = self.current.profile
        invite: Invite | None = None
        for data in message.calendars:
            try:
                invite = self.ports.files.read_invite(data, profile.email if profile else None)
                break
            except InvalidInput:
                continue
        if invite is None:
            review = Review("an invitation afterview could not read", finding.application)
            return self._review(item, review)
        if invite.cancelled:
            when = _when(invite.at)
            return self._review(
                item, Review(f"cancels the meeting of {when}", finding.application, finding.contact)
            )
        try:
            interview_id = self._interview_from(finding.application, invite)
        except InvalidInput as error:
            reason = f"an invitation afterview could not record ({error.problems[0]})"
            return self._review(item, Review(reason, finding.application, finding.contact))
        _, interview = self.current.interview(interview_id)
        report.recorded.append(
            Recorded(
                "interview",
                finding.application,
                interview_id,
                finding.contact,
                interview.day,
                message.message_id,
            )
        )
        what = f"an invitation: interview {interview_id} on {_when(invite.at)}"
        return _with(item, InboxOutcome.RECORDED, what, finding.application, finding.contact)

    def _interview_from(self, application_id: str, invite: Invite) -> str:
        """Add the invitation's interview, or update the one an earlier version of the same
        invitation (its UID) became."""
        known = self.invites.get(invite.uid) if invite.uid else None
        existing = None
        if known is not None:
            try:
                owner, existing = self.current.interview(known[0])
            except NotFound:
                existing = None
            else:
                application_id = owner.id
        application = self.current.application(application_id)
        written = _written(self.current, application_id)
        people = tuple(NewInterviewer(name, None, email) for name, email in invite.people)
        panel = _people(self.current, application.company, people, ())
        if existing is not None:
            assert known is not None
            if invite.sequence < known[1]:
                return existing.id  # an older version arriving late changes nothing
            for interview in written["interviews"]:
                if interview["id"] == existing.id:
                    interview["at"] = invite.at.isoformat()
                    panel_ids = list(interview.get("interviewers", []))
                    interview["interviewers"] = panel_ids + [
                        i for i in panel.ids if i not in panel_ids
                    ]
            interview_id = existing.id
        else:
            taken = (i.id for a in self.current.applications for i in a.interviews)
            interview_id = fresh_id(f"{application_id}-{len(application.interviews) + 1}", taken)
            written.setdefault("interviews", []).append(
                {"id": interview_id, "at": invite.at.isoformat(), "interviewers": panel.ids}
            )
            if application.status is Status.APPLIED:
                written["status"] = Status.INTERVIEWING.value
        raw = {"format": FORMAT, "contacts": panel.new, "applications": [written]}
        self.current = merge(self.current, self._read(raw))
        self._directory = None  # new contacts, a new interview: index again
        if invite.uid:
            self.invites[invite.uid] = (interview_id, invite.sequence)
        return interview_id

    def _decision(self, application_id: str, interview_id: str, on: dt.date) -> None:
        written = _written(self.current, application_id)
        for interview in written.get("interviews", []):
            if interview["id"] == interview_id:
                interview["decision_expected"] = on.isoformat()
        raw = {"format": FORMAT, "applications": [written]}
        self.current = merge(self.current, self._read(raw))
        self._directory = None

    def _day(self, message: Message) -> dt.date:
        return message.day or self.ports.clock.today()


def _written(pipeline: Pipeline, application_id: str) -> dict[str, Any]:
    document = write_document(Pipeline(applications=(pipeline.application(application_id),)))
    written: dict[str, Any] = document["applications"][0]
    return written


def _when(at: dt.date | dt.datetime) -> str:
    if isinstance(at, dt.datetime):
        return at.strftime("%Y-%m-%d %H:%M") + (at.strftime(" %z") if at.utcoffset() else " UTC")
    return at.isoformat()


def _item(message: Message) -> InboxItem:
    sender = message.sender
    shown = None
    if sender is not None:
        shown = f"{sender.name} <{sender.email}>" if sender.name else sender.email
    return InboxItem(
        message.message_id,
        message.folder.value,
        InboxOutcome.IGNORED,
        message.day,
        shown[:SENDER_LIMIT] if shown else None,
        message.subject[:SUBJECT_LIMIT],
        snippet(message.text) or None,
    )


def _with(
    item: InboxItem,
    outcome: InboxOutcome,
    reason: str,
    application: str | None = None,
    contact: str | None = None,
) -> InboxItem:
    return InboxItem(
        item.message_id,
        item.folder,
        outcome,
        item.received_on,
        item.sender,
        item.subject,
        item.snippet if outcome is not InboxOutcome.IGNORED else None,
        reason,
        application,
        contact,
        item.requested_on,
    )
