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
from afterview.errors import NotFound
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
    pipeline = ports.reader.load()
    draft = notes.other_note(
        request.kind,
        pipeline,
        ports.templates,
        ports.clock.today(),
        request.application,
        request.contact,
        request.name_other,
    )
    if request.application is None:
        context = _network_context(pipeline, draft.contact)
    else:
        context = context_for(pipeline, request.application, draft.contact)
    if request.kind == "leverage" and request.name_other:
        context = replace(context, other_companies=())  # S15: named on purpose
    return CheckedDraft(draft, tuple(proofread(draft.body, context, ports.speller)))


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
