"""The note editor: one tab per interviewer, live proofreading, the variation meter (S5, S8).

`install(app, afterview, templates)` adds the editor's routes to the web app. The page
works without JavaScript (tabs are links, send is a form); htmx re-proofreads the text
as the user types and a few lines of script apply a suggestion to its span. What the
user edited is what goes out: sending proofreads that text again and never thanks the
same person for the same interview twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from afterview.adapters.pdf import fax_pdf, letter_of, letter_pdf, paper_for
from afterview.bootstrap import Afterview
from afterview.domain.model import Application, Pipeline, TouchKind
from afterview.domain.notes import format_date
from afterview.domain.proofreading import Problem
from afterview.domain.variation import MAX_SIMILARITY, most_alike
from afterview.errors import InvalidInput, NotFound
from afterview.services.delivery import (
    SendOptions,
    cover_fields,
    letter_parts,
    send_edited,
)
from afterview.services.notes import CheckedDraft, draft_thank_yous, proof_text
from afterview.web.app import Csrf, render

WHOLE_NOTE = frozenset({"no_thanks", "no_fit"})
"""Problems about the whole note: shown as a verdict, never highlighted."""


@dataclass(frozen=True)
class Segment:
    """A run of the note's text, highlighted when a problem covers it."""

    text: str
    problem: Problem | None = None


@dataclass(frozen=True)
class Proof:
    """What the proof fragment shows: the text marked up, the problems, the meter."""

    segments: tuple[Segment, ...]
    problems: tuple[Problem, ...]
    verdicts: tuple[Problem, ...]
    similarity: float

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)

    @property
    def too_alike(self) -> bool:
        return self.similarity > MAX_SIMILARITY


def segments(text: str, problems: list[Problem] | tuple[Problem, ...]) -> tuple[Segment, ...]:
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


def proof_of(text: str, problems: list[Problem] | tuple[Problem, ...], others: list[str]) -> Proof:
    return Proof(
        segments(text, problems),
        tuple(p for p in problems if p.kind not in WHOLE_NOTE),
        tuple(p for p in problems if p.kind in WHOLE_NOTE),
        most_alike(text, others),
    )


def _panel(av: Afterview, interview_id: str) -> tuple[Pipeline, Application, list[CheckedDraft]]:
    pipeline = av.reader.load()
    application, _ = pipeline.interview(interview_id)
    drafts = draft_thank_yous(av.reader, av.templates, av.speller, av.today(), interview_id)
    return pipeline, application, drafts


def _chosen(drafts: list[CheckedDraft], contact: str | None, interview_id: str) -> CheckedDraft:
    if not drafts:
        raise NotFound(f"nobody to thank for {interview_id!r}: it has no interviewers yet")
    if contact is None:
        return drafts[0]
    for checked in drafts:
        if checked.draft.contact == contact:
            return checked
    raise NotFound(f"{contact!r} did not interview you in {interview_id!r}")


def _thanked_on(pipeline: Pipeline, interview_id: str, contact: str | None) -> dt.date | None:
    days = [
        t.on
        for t in pipeline.touches
        if t.kind is TouchKind.THANK_YOU and t.interview == interview_id and t.contact == contact
    ]
    return max(days, default=None)


def _others(drafts: list[CheckedDraft], contact: str | None) -> list[str]:
    return [c.draft.body for c in drafts if c.draft.contact != contact]


def problem_line(problem: Problem) -> str:
    fix = f" (suggestion: {problem.suggestion!r})" if problem.suggestion else ""
    if problem.kind in WHOLE_NOTE:
        return f"{problem.kind}: the note as a whole"
    return f"{problem.kind}: {problem.text!r}{fix}"


def install(app: FastAPI, av: Afterview, templates: Jinja2Templates) -> None:
    """Add the note editor's pages and fragments to `app`."""

    @app.get("/interviews/{interview_id}/notes", response_class=HTMLResponse)
    def editor(request: Request, interview_id: str, contact: str | None = None) -> HTMLResponse:
        pipeline, application, drafts = _panel(av, interview_id)
        checked = _chosen(drafts, contact, interview_id)
        draft = checked.draft
        tabs = [
            (c.draft.contact, pipeline.contact(c.draft.contact or "").name, c.draft is draft)
            for c in drafts
        ]
        return render(
            templates,
            request,
            "editor.html",
            {
                "page": "editor",
                "application": application,
                "interview_id": interview_id,
                "tabs": tabs,
                "draft": draft,
                "recipient": pipeline.contact(draft.contact or "").name,
                "thanked_on": _thanked_on(pipeline, interview_id, draft.contact),
                "proof": proof_of(draft.body, checked.problems, _others(drafts, draft.contact)),
                "max_percent": round(MAX_SIMILARITY * 100),
            },
        )

    @app.post("/interviews/{interview_id}/notes/proof", response_class=HTMLResponse)
    def proof(
        request: Request,
        _: Csrf,
        interview_id: str,
        text: Annotated[str, Form()] = "",
        contact: Annotated[str | None, Form()] = None,
    ) -> HTMLResponse:
        _pipeline, application, drafts = _panel(av, interview_id)
        checked = _chosen(drafts, contact or None, interview_id)
        problems = proof_text(av.reader, av.speller, text, application.id, checked.draft.contact)
        return render(
            templates,
            request,
            "_proof.html",
            {
                "proof": proof_of(text, problems, _others(drafts, checked.draft.contact)),
                "max_percent": round(MAX_SIMILARITY * 100),
            },
        )

    @app.post("/interviews/{interview_id}/notes/send")
    def send(
        _: Csrf,
        interview_id: str,
        contact: Annotated[str, Form()],
        text: Annotated[str, Form()],
        subject: Annotated[str, Form()] = "",
        force: Annotated[bool, Form()] = False,
    ) -> Response:
        pipeline, application, drafts = _panel(av, interview_id)
        draft = _chosen(drafts, contact, interview_id).draft
        done = _thanked_on(pipeline, interview_id, draft.contact)
        if done is not None:
            raise InvalidInput([f"already thanked on {done.isoformat()}: never twice"])
        options = SendOptions(
            force=force,
            outbox_folder=av.settings.home / "outbox",
            fax_gateway=av.settings.fax_gateway,
        )
        report = send_edited(
            av.store,
            av.templates,
            av.speller,
            av.mailer(),
            av.today(),
            interview_id,
            draft.contact or "",
            subject,
            text,
            options,
        )
        if not report.sent:
            reasons = [str(item["reason"]) for item in report.skipped]
            if any(reason.startswith("held back") for reason in reasons):
                problems = proof_text(av.reader, av.speller, text, application.id, draft.contact)
                reasons += [problem_line(p) for p in problems]
            raise InvalidInput(reasons)
        return RedirectResponse(
            f"/interviews/{interview_id}/notes?contact={draft.contact}", status_code=303
        )

    @app.get("/interviews/{interview_id}/notes/{contact_id}.pdf")
    def letter_download(interview_id: str, contact_id: str) -> Response:
        pipeline, application, drafts = _panel(av, interview_id)
        draft = _chosen(drafts, contact_id, interview_id).draft
        return _pdf_response(av, pipeline, application, contact_id, draft.body, draft.cover)

    @app.post("/interviews/{interview_id}/notes/{contact_id}.pdf")
    def edited_letter_download(
        _: Csrf, interview_id: str, contact_id: str, text: Annotated[str, Form()]
    ) -> Response:
        """The letter as the user edited it (the editor's download button)."""
        pipeline, application, drafts = _panel(av, interview_id)
        draft = _chosen(drafts, contact_id, interview_id).draft
        return _pdf_response(av, pipeline, application, contact_id, text, draft.cover)


def _pdf(
    av: Afterview,
    pipeline: Pipeline,
    application: Application,
    contact_id: str,
    body: str,
    cover: str | None,
) -> bytes:
    """The letter (a fax: with its cover sheet first) saying `body`."""
    profile = pipeline.profile
    if profile is None:
        raise InvalidInput(["profile: a letter needs your name and address (Settings)"])
    if not body.strip():
        raise InvalidInput(["text: the letter is empty"])
    salutation, paragraphs, closing = letter_parts(body)
    letter = letter_of(
        profile,
        pipeline.contact(contact_id),
        application.company,
        paragraphs,
        salutation,
        closing,
        format_date(av.today(), profile.country),
    )
    paper = paper_for(profile.country)
    if cover is not None:
        return fax_pdf(cover_fields(cover), letter, paper)
    return letter_pdf(letter, paper)


def _pdf_response(
    av: Afterview,
    pipeline: Pipeline,
    application: Application,
    contact_id: str,
    body: str,
    cover: str | None,
) -> Response:
    pdf = _pdf(av, pipeline, application, contact_id, body, cover)
    name = f"thank-you-{contact_id}.pdf" if cover is None else f"fax-{contact_id}.pdf"
    safe = "".join(ch for ch in name if ch.isalnum() or ch in "-_.")
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )
