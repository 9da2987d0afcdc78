"""The note editor: one tab per interviewer, live proofreading, the variation meter (S5, S8).

The page works without JavaScript (tabs are links, send is a form); htmx re-proofreads
the text as the user types and a few lines of script apply a suggestion to its span.
What the user edited is what goes out, through the same outbox as `afterview send`.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterview.domain.proofreading import Problem
from afterview.services.delivery import Hold, SendEditedNote, SendReport
from afterview.services.editor import WHOLE_NOTE, PdfFile
from afterview.web.common import AfterviewDep, Csrf, render, web_remedy

router = APIRouter()


WHOLE_NOTE_WORDS = {
    "no_thanks": "the note never thanks them",
    "no_fit": "the note does not say why you fit the role",
}


def problem_line(problem: Problem) -> str:
    """One problem of a note held back, in the words of the page's proofreading panel."""
    if problem.kind in WHOLE_NOTE:
        return WHOLE_NOTE_WORDS.get(problem.kind, problem.kind)
    fix = f" (suggestion: {problem.suggestion!r})" if problem.suggestion else ""
    return f"{problem.kind.replace('_', ' ')}: {problem.text!r}{fix}"


@router.get("/interviews/{interview_id:path}/notes", response_class=HTMLResponse)
def editor(
    request: Request, av: AfterviewDep, interview_id: str, contact: str | None = None
) -> HTMLResponse:
    return _editor_page(request, av, interview_id, contact)


def _editor_page(
    request: Request,
    av: AfterviewDep,
    interview_id: str,
    contact: str | None,
    typed: dict[str, str] | None = None,
    report: SendReport | None = None,
) -> HTMLResponse:
    """The editor on one interviewer's note; after a refused send, as the user typed it,
    with the reasons and what to do about them."""
    view = av.note_editor(interview_id, contact)
    context = {
        "page": "editor",
        "view": view,
        "text": typed["text"] if typed else view.draft.body,
        "subject": typed["subject"] if typed else view.draft.subject or "",
        "proof": av.editor_proof(interview_id, contact, typed["text"]) if typed else view.proof,
        "refusal": refusal(report, typed) if report else None,
        "spoken": view.by_phone,
    }
    return render(request, "editor.html", context, 400 if report else 200)


def refusal(report: SendReport, typed: dict[str, str] | None) -> dict[str, object]:
    """Why a note was not sent, and what the page offers: the same form again with one
    more field (send anyway, resend) or a link to where the missing thing is set."""
    (skipped,) = report.skipped
    lines = [skipped.reason, *(problem_line(p) for p in skipped.problems)]
    retry = skipped.hold in (Hold.PROOFREADING, Hold.TOO_SOON, Hold.UNCERTAIN)
    return {"lines": lines, "remedy": web_remedy(skipped.remedy, typed if retry else None)}


@router.post("/interviews/{interview_id:path}/notes/proof", response_class=HTMLResponse)
def proof(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    interview_id: str,
    text: Annotated[str, Form()] = "",
    contact: Annotated[str | None, Form()] = None,
    spoken: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    checked = av.editor_proof(interview_id, contact or None, text)
    return render(request, "_proof.html", {"proof": checked, "spoken": spoken})


@router.post("/interviews/{interview_id:path}/notes/send", response_model=None)
def send(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    interview_id: str,
    contact: Annotated[str, Form()],
    text: Annotated[str, Form()],
    subject: Annotated[str, Form()] = "",
    force: Annotated[bool, Form()] = False,
    resend: Annotated[bool, Form()] = False,
) -> Response:
    command = SendEditedNote(interview_id, contact, text, subject, force, resend)
    report = av.send_edited_note(command)
    if not report.sent:
        typed = {"contact": contact, "text": text, "subject": subject}
        return _editor_page(request, av, interview_id, contact, typed, report)
    url = f"/interviews/{quote(interview_id, safe='')}/notes?contact={quote(contact, safe='')}"
    return RedirectResponse(url, status_code=303)


@router.get("/interviews/{interview_id:path}/notes/{contact_id:path}.pdf")
def letter_download(av: AfterviewDep, interview_id: str, contact_id: str) -> Response:
    return pdf_response(av.note_pdf(interview_id, contact_id))


@router.post("/interviews/{interview_id:path}/notes/{contact_id:path}.pdf")
def edited_letter_download(
    av: AfterviewDep, _: Csrf, interview_id: str, contact_id: str, text: Annotated[str, Form()]
) -> Response:
    """The letter as the user edited it (the editor's download button)."""
    return pdf_response(av.note_pdf(interview_id, contact_id, text))


def pdf_response(pdf: PdfFile) -> Response:
    safe = "".join(ch for ch in pdf.name if ch.isalnum() or ch in "-_.")
    return Response(
        pdf.data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )
