"""Drafting and proofreading: every note is checked before anyone sees it (S8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from afterview.domain import notes
from afterview.domain.model import Pipeline, TouchKind
from afterview.domain.notes import Draft
from afterview.domain.proofreading import (
    Problem,
    ProofContext,
    context_for,
    proofread,
    vocabulary_of,
)
from afterview.errors import InvalidInput, NotFound
from afterview.services.ports import Ports


@dataclass(frozen=True)
class CheckedDraft:
    """A draft and what the proofreader found in it."""

    draft: Draft
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, object]:
        draft = self.draft
        data: dict[str, object] = {
            "contact": draft.contact,
            "medium": draft.medium.value,
            "to": draft.to,
            "subject": draft.subject,
            "body": draft.body,
            "kind": draft.kind,
            "ok": self.ok,
            "problems": [problem.to_json() for problem in self.problems],
        }
        if draft.cover is not None:
            data["cover"] = draft.cover
        if draft.warnings:
            data["warnings"] = list(draft.warnings)
        return data


@dataclass(frozen=True)
class OtherNote:
    """One of the playbook's other notes: follow_up, reference_alert, leverage, reconnect or
    keep_in_touch, about an application and to a contact as the kind needs."""

    kind: str
    application: str | None = None
    contact: str | None = None
    name_other: bool = False
    """Leverage: name the employer that made the offer (S15)."""


def draft_thank_yous(
    ports: Ports, interview_id: str, contact_id: str | None = None
) -> list[CheckedDraft]:
    """S5: a proofread thank-you to each interviewer (or to one of them)."""
    return thank_yous_of(ports, ports.reader.load(), interview_id, contact_id)


def thank_yous_of(
    ports: Ports, pipeline: Pipeline, interview_id: str, contact_id: str | None = None
) -> list[CheckedDraft]:
    """The proofread thank-yous of an interview in a pipeline already loaded."""
    application, interview = pipeline.interview(interview_id)
    if contact_id is not None and contact_id not in interview.interviewers:
        raise NotFound(
            f"{contact_id!r} did not interview you in {interview_id!r} "
            f"(the panel: {', '.join(interview.interviewers) or 'nobody yet'})"
        )
    drafts = notes.thank_you_drafts(pipeline, interview_id, ports.templates, ports.clock.today())
    return [
        CheckedDraft(draft, check(ports, pipeline, draft.body, application.id, draft.contact))
        for draft in drafts
        if contact_id is None or draft.contact == contact_id
    ]


def check(
    ports: Ports, pipeline: Pipeline, text: str, application_id: str, contact_id: str | None
) -> tuple[Problem, ...]:
    """The problems of a note about an application, to a contact."""
    context = context_for(pipeline, application_id, contact_id)
    return tuple(proofread(text, context, ports.speller))


def draft_note(ports: Ports, request: OtherNote) -> CheckedDraft:
    """One of the playbook's other notes (S9, S13, S15, S16), proofread."""
    return drafted_note(ports, ports.reader.load(), request)


def drafted_note(ports: Ports, pipeline: Pipeline, request: OtherNote) -> CheckedDraft:
    """`draft_note` on a pipeline already loaded."""
    draft = notes.other_note(
        request.kind,
        pipeline,
        ports.templates,
        ports.clock.today(),
        request.application,
        request.contact,
        request.name_other,
    )
    return CheckedDraft(draft, note_problems(ports, pipeline, request, draft.contact, draft.body))


def note_problems(
    ports: Ports, pipeline: Pipeline, request: OtherNote, contact_id: str | None, text: str
) -> tuple[Problem, ...]:
    """What the proofreader finds in `text`, a note of the request's kind to `contact_id`."""
    if request.application is None:
        context = _network_context(pipeline, contact_id)
    else:
        context = context_for(pipeline, request.application, contact_id)
    if request.kind == "leverage" and request.name_other:
        context = replace(context, other_companies=())  # S15: named on purpose
    return tuple(proofread(text, context, ports.speller))


CALL_SCRIPT = "call_script"
NOTE_TOUCH = {
    "follow_up": TouchKind.FOLLOW_UP,
    CALL_SCRIPT: TouchKind.CALL,
    "reference_alert": TouchKind.REFERENCE_ALERT,
    "leverage": TouchKind.LEVERAGE,
    "reconnect": TouchKind.NETWORK,
    "keep_in_touch": TouchKind.NETWORK,
}
"""The touch each note records once it is sent (or said, or sent by other means): the one
that closes its action on Today (domain/actions.py)."""


def note_of(ports: Ports, pipeline: Pipeline, request: OtherNote) -> CheckedDraft:
    """Any note but a thank-you: the five of `draft_note`, or the S11 call script."""
    if request.kind != CALL_SCRIPT:
        return drafted_note(ports, pipeline, request)
    if request.application is None:
        raise InvalidInput(["application: a call script is about an application"], True)
    today = ports.clock.today()
    draft = notes.call_script(
        pipeline, request.application, ports.templates, today, request.contact
    )
    return CheckedDraft(draft, note_problems(ports, pipeline, request, draft.contact, draft.body))


def thank_you_key(interview_id: str, contact_id: str | None) -> str:
    """The outbox's key for a thank-you: one per interview and person, ever (S5)."""
    return f"thank_you/{interview_id}/{contact_id}"


def note_key(request: OtherNote, contact_id: str | None, day: dt.date) -> str:
    """The outbox's key for a note: one of each kind, about one application, to one
    person, a day (the same note is never sent twice; a later follow-up is a new one)."""
    return note_keys(request, contact_id) + day.isoformat()


def note_keys(request: OtherNote, contact_id: str | None) -> str:
    """What the keys of every day's note of this kind, application and person start with."""
    return f"{request.kind}/{request.application or '-'}/{contact_id or '-'}/"


def _network_context(pipeline: Pipeline, contact_id: str | None) -> ProofContext:
    """A note to someone in the network is about no application: no employer to misname."""
    contact = pipeline.contact(contact_id) if contact_id else None
    people = tuple(c.name for c in pipeline.contacts) + (
        (pipeline.profile.name,) if pipeline.profile else ()
    )
    return ProofContext(
        company=(contact.company if contact else None) or "",
        role="",
        recipient=contact.name if contact else None,
        people=people,
        strengths=pipeline.profile.strengths if pipeline.profile else (),
        vocabulary=vocabulary_of(pipeline),
        country=pipeline.profile.country if pipeline.profile else "US",
    )


def thanked_on(pipeline: Pipeline, interview_id: str, contact_id: str | None) -> dt.date | None:
    """When this person was last thanked for this interview, if ever (S5)."""
    days = [
        t.on
        for t in pipeline.touches
        if t.kind is TouchKind.THANK_YOU and t.interview == interview_id and t.contact == contact_id
    ]
    return max(days, default=None)


def call_script(ports: Ports, application_id: str, contact_id: str | None = None) -> Draft:
    """S11: the follow-up call, scripted."""
    return notes.call_script(
        ports.reader.load(), application_id, ports.templates, ports.clock.today(), contact_id
    )


def proof_text(
    ports: Ports, text: str, application_id: str, contact_id: str | None = None
) -> list[Problem]:
    """Proofread a note the user wrote, in the context of an application (and recipient)."""
    return list(check(ports, ports.reader.load(), text, application_id, contact_id))
