"""The other notes in the browser: follow-up (S13), the follow-up call's script (S11),
reference alert (S9), leverage (S15), reconnect and keep in touch (S16).

Each opens in the same editor as the thank-yous, one note at a time: drafted, proofread
as the user types, then sent by the recipient's medium (through the outbox, never twice),
printed as a letter, copied, or marked done when it went another way; a phone contact
gets a script to say and "I called them". Once sent, the page shows what went out.
A refused send comes back as the user typed it, with the reasons and what to do.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from afterview.domain.notes import NOTE_KINDS
from afterview.errors import NotFound
from afterview.services.delivery import SendNote, SendReport
from afterview.services.notes import CALL_SCRIPT, OtherNote
from afterview.services.records import LogTouch
from afterview.web.common import AfterviewDep, Csrf, flashed, redirect_after_post, render
from afterview.web.editor import pdf_response, refusal

router = APIRouter()
KINDS = {
    "follow_up": "Follow-up",
    CALL_SCRIPT: "The follow-up call",
    "reference_alert": "Reference alert",
    "leverage": "News of your offer",
    "reconnect": "Staying in touch",
    "keep_in_touch": "Keeping in touch",
}
assert set(KINDS) == {*NOTE_KINDS, CALL_SCRIPT}


def _note(kind: str, application: str | None, contact: str | None, name_other: bool) -> OtherNote:
    if kind not in KINDS:
        raise NotFound(f"there is no note of kind {kind!r} here")
    return OtherNote(kind, application or None, contact or None, name_other)


def note_url(note: OtherNote) -> str:
    """The page of a note, every field it was asked with kept."""
    query = {
        "application": note.application,
        "contact": note.contact,
        "name_other": "true" if note.name_other else None,
    }
    given = {key: value for key, value in query.items() if value}
    return f"/notes/{note.kind}" + ("?" + urlencode(given) if given else "")


def _page(
    request: Request,
    av: AfterviewDep,
    note: OtherNote,
    typed: dict[str, str] | None = None,
    report: SendReport | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    view = av.note_page(note)
    text = typed["text"] if typed else view.draft.body
    proof = av.note_proof(note, text) if typed else view.proof
    context = {
        "page": "note",
        "view": view,
        "kind_label": KINDS[note.kind],
        "text": text,
        "subject": typed.get("subject", "") if typed else view.draft.subject or "",
        "proof": proof,
        "spoken": view.by_phone,
        "refusal": refusal(report, typed) if report else None,
        "self_url": note_url(note),
        "notice": " ".join(flashed(request)) or None,
    }
    return render(request, "note.html", context, status_code)


@router.get("/notes/{kind}", response_class=HTMLResponse)
def note_page(
    request: Request,
    av: AfterviewDep,
    kind: str,
    application: str | None = None,
    contact: str | None = None,
    name_other: bool = False,
) -> HTMLResponse:
    return _page(request, av, _note(kind, application, contact, name_other))


class NoteForm(BaseModel):
    """What a note page posts: which note (its application, its person, whether a leverage
    note names the offer), the text as edited, and the send's choices."""

    application: str = ""
    contact: str = ""
    name_other: bool = False
    text: str = ""
    subject: str = ""
    force: bool = False
    resend: bool = False
    spoken: bool = False
    """The text is a script to say (the proofreading panel's words)."""

    def note(self, kind: str) -> OtherNote:
        return _note(kind, self.application, self.contact, self.name_other)

    def typed(self) -> dict[str, str]:
        """The fields to show (and post) again on a refusal, as typed."""
        typed = {"text": self.text, "subject": self.subject}
        typed |= {"application": self.application, "contact": self.contact}
        return typed | ({"name_other": "true"} if self.name_other else {})


Posted = Annotated[NoteForm, Form()]


@router.post("/notes/{kind}/proof", response_class=HTMLResponse)
def proof(request: Request, av: AfterviewDep, _: Csrf, kind: str, posted: Posted) -> HTMLResponse:
    checked = av.note_proof(posted.note(kind), posted.text)
    return render(request, "_proof.html", {"proof": checked, "spoken": posted.spoken})


@router.post("/notes/{kind}/send", response_model=None)
def send(request: Request, av: AfterviewDep, _: Csrf, kind: str, posted: Posted) -> Response:
    """Send the note as edited; on a refusal the editor comes back with the text as typed."""
    note = posted.note(kind)
    command = SendNote(note, posted.text, posted.subject, posted.force, posted.resend)
    report = av.send_note(command)
    if report.sent:
        return redirect_after_post(request, note_url(note), [_sent_line(report)])
    return _page(request, av, note, posted.typed(), report, status_code=400)


def _sent_line(report: SendReport) -> str:
    (sent,) = report.sent
    if sent.file is not None and sent.message_id is None:
        return f"The letter is ready to print: {sent.file}."
    return f"Sent by {sent.medium.value}."


@router.post("/notes/{kind}/done", response_model=None)
def done(request: Request, av: AfterviewDep, _: Csrf, kind: str, posted: Posted) -> Response:
    """The note went another way (copied into the user's own mail, or said on the phone):
    record the touch that closes its action, with an Undo on Today."""
    view = av.note_page(posted.note(kind))
    medium = view.draft.medium.value
    command = LogTouch(
        view.closes,
        force=posted.force,
        application=view.note.application,
        contact=view.draft.contact,
        medium=medium,
        note="called them" if view.by_phone else "sent by the user",
    )
    logged = av.log_undoable(command)
    line = "Recorded: you called them." if view.by_phone else "Recorded as sent."
    lines = [line, *([logged.advice] if logged.advice else [])]
    return redirect_after_post(request, "/?undo=" + quote(logged.key, safe=""), lines)


@router.post("/notes/{kind}/letter.pdf")
def letter(av: AfterviewDep, _: Csrf, kind: str, posted: Posted) -> Response:
    """The note as edited, as a letter (or fax) to print."""
    return pdf_response(av.other_note_pdf(posted.note(kind), posted.text))
