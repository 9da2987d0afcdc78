"""Drafting and proofreading: every note is checked before anyone sees it (S8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from afterview.domain import notes
from afterview.domain.model import Pipeline
from afterview.domain.notes import Draft, NoteTemplates
from afterview.domain.proofreading import (
    Problem,
    ProofContext,
    Speller,
    context_for,
    proofread,
    vocabulary_of,
)
from afterview.errors import NotFound
from afterview.services.ports import PipelineReader


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
        return data


def draft_thank_yous(
    reader: PipelineReader,
    templates: NoteTemplates,
    speller: Speller,
    today: dt.date,
    interview_id: str,
    contact_id: str | None = None,
) -> list[CheckedDraft]:
    """S5: a proofread thank-you to each interviewer (or to one of them)."""
    pipeline = reader.load()
    application, interview = pipeline.interview(interview_id)
    if contact_id is not None and contact_id not in interview.interviewers:
        raise NotFound(
            f"{contact_id!r} did not interview you in {interview_id!r} "
            f"(the panel: {', '.join(interview.interviewers) or 'nobody yet'})"
        )
    drafts = notes.thank_you_drafts(pipeline, interview_id, templates, today)
    return [
        CheckedDraft(
            draft,
            tuple(
                proofread(draft.body, context_for(pipeline, application.id, draft.contact), speller)
            ),
        )
        for draft in drafts
        if contact_id is None or draft.contact == contact_id
    ]


def draft_note(
    reader: PipelineReader,
    templates: NoteTemplates,
    speller: Speller,
    today: dt.date,
    kind: str,
    application_id: str | None,
    contact_id: str | None = None,
    name_other: bool = False,
) -> CheckedDraft:
    """One of the playbook's other notes (S9, S13, S15, S16), proofread."""
    pipeline = reader.load()
    draft = notes.other_note(
        kind, pipeline, templates, today, application_id, contact_id, name_other
    )
    if application_id is None:
        context = _network_context(pipeline, draft.contact)
    else:
        context = context_for(pipeline, application_id, draft.contact)
    if kind == "leverage" and name_other:
        context = replace(context, other_companies=())  # S15: named on purpose

    return CheckedDraft(draft, tuple(proofread(draft.body, context, speller)))


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
    )


def call_script(
    reader: PipelineReader,
    templates: NoteTemplates,
    today: dt.date,
    application_id: str,
    contact_id: str | None = None,
) -> Draft:
    """S11: the follow-up call, scripted."""
    return notes.call_script(reader.load(), application_id, templates, today, contact_id)


def proof_text(
    reader: PipelineReader,
    speller: Speller,
    text: str,
    application_id: str,
    contact_id: str | None = None,
) -> list[Problem]:
    """Proofread a note the user wrote, in the context of an application (and recipient)."""
    return proofread(text, context_for(reader.load(), application_id, contact_id), speller)
