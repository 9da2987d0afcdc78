"""The note editor as a page shows it: one tab per interviewer, the draft, what the
proofreader finds as the user types, and how alike the panel's notes are (S5, S8).

What the user edited is what goes out (`delivery.send_edited_note`) or is printed
(`note_pdf`); both read the same records and rules as `send`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from afterview.domain.letters import fax_of, letter_of
from afterview.domain.model import Application, Pipeline
from afterview.domain.notes import Draft
from afterview.domain.proofreading import Problem
from afterview.domain.variation import MAX_SIMILARITY, most_alike
from afterview.errors import Fix, InvalidInput, NotFound, Remedy
from afterview.services.notes import CheckedDraft, check, thank_yous_of, thanked_on
from afterview.services.ports import Ports

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
class NoteEditor:
    application: Application
    interview: str
    tabs: tuple[Tab, ...]
    draft: Draft
    recipient: str
    thanked_on: dt.date | None
    """When this person was thanked for this interview: then nothing more is sent."""
    proof: Proof


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


def proof_of(text: str, problems: Sequence[Problem], others: Sequence[str]) -> Proof:
    return Proof(
        segments(text, problems),
        tuple(p for p in problems if p.kind not in WHOLE_NOTE),
        tuple(p for p in problems if p.kind in WHOLE_NOTE),
        most_alike(text, list(others)),
    )


def note_editor(ports: Ports, interview_id: str, contact_id: str | None = None) -> NoteEditor:
    """The editor on the note to `contact_id` (the panel's first person when None)."""
    pipeline = ports.reader.load()
    application, drafts = _panel(ports, pipeline, interview_id)
    chosen = _chosen(drafts, contact_id, interview_id).draft
    tabs = tuple(
        Tab(c.draft.contact, _name(pipeline, c.draft.contact), c.draft is chosen) for c in drafts
    )
    problems = next(c.problems for c in drafts if c.draft is chosen)
    return NoteEditor(
        application,
        interview_id,
        tabs,
        chosen,
        _name(pipeline, chosen.contact),
        thanked_on(pipeline, interview_id, chosen.contact),
        proof_of(chosen.body, problems, _others(drafts, chosen.contact)),
    )


def editor_proof(ports: Ports, interview_id: str, contact_id: str | None, text: str) -> Proof:
    """The proofreading panel for the text as the user has it now."""
    pipeline = ports.reader.load()
    application, drafts = _panel(ports, pipeline, interview_id)
    chosen = _chosen(drafts, contact_id, interview_id).draft
    problems = check(ports, pipeline, text, application.id, chosen.contact)
    return proof_of(text, problems, _others(drafts, chosen.contact))


def note_pdf(ports: Ports, interview_id: str, contact_id: str, text: str | None = None) -> PdfFile:
    """The letter (a fax: with its cover sheet first) saying `text`, or the draft when None."""
    pipeline = ports.reader.load()
    application, drafts = _panel(ports, pipeline, interview_id)
    draft = _chosen(drafts, contact_id, interview_id).draft
    body = draft.body if text is None else text
    profile = pipeline.profile
    if profile is None:
        raise InvalidInput(
            ["profile: a letter needs your name and address"], True, Remedy(Fix.PROFILE)
        )
    if not body.strip():
        raise InvalidInput(["text: the letter is empty"], True)
    contact = pipeline.contact(contact_id)
    letter = letter_of(profile, contact, application.company, body, ports.clock.today())
    if draft.cover is None:
        return PdfFile(f"thank-you-{contact_id}.pdf", ports.printer.letter(letter))
    return PdfFile(f"fax-{contact_id}.pdf", ports.printer.fax(fax_of(draft.cover, letter)))


def _panel(
    ports: Ports, pipeline: Pipeline, interview_id: str
) -> tuple[Application, list[CheckedDraft]]:
    application, _ = pipeline.interview(interview_id)
    return application, thank_yous_of(ports, pipeline, interview_id)


def _chosen(drafts: list[CheckedDraft], contact: str | None, interview_id: str) -> CheckedDraft:
    if not drafts:
        raise NotFound(f"nobody to thank for {interview_id!r}: it has no interviewers yet")
    if contact is None:
        return drafts[0]
    for checked in drafts:
        if checked.draft.contact == contact:
            return checked
    raise NotFound(f"{contact!r} did not interview you in {interview_id!r}")


def _others(drafts: list[CheckedDraft], contact: str | None) -> list[str]:
    return [c.draft.body for c in drafts if c.draft.contact != contact]


def _name(pipeline: Pipeline, contact_id: str | None) -> str:
    return pipeline.contact(contact_id or "").name
