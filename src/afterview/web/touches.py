"""Touches in the browser: logging a call, a follow-up, an employer's reply or a network
touch from an application's page, deleting one logged by mistake, and undoing a Done.

Every form is post-redirect-show. A refused form comes back as typed, each wrong field
marked; the playbook's refusal of a contact too soon (S13) comes back with a button that
sends the same form again anyway. What is too soon is the services' to judge.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from afterview.domain.fields import FieldError, parse_choice, parse_date
from afterview.domain.model import Touch, TouchKind
from afterview.errors import InvalidInput, TooSoon
from afterview.services.agenda import AgendaRow
from afterview.services.records import LogTouch
from afterview.services.touches import DeleteTouch
from afterview.web.common import (
    AfterviewDep,
    Csrf,
    marked,
    redirect_after_post,
    render,
    web_remedy,
)

router = APIRouter()
FIELDS = ("kind", "on", "contact", "note", "follow_up_requested_on")
KINDS = {
    "call": "A call to them",
    "follow_up": "A follow-up (a note or an email)",
    "employer_reply": "A reply from the employer",
    "network": "A network touch (from or with a contact)",
}
WORDS = {kind.value: kind.value.replace("_", " ") for kind in TouchKind}
WORDS |= {"employer_reply": "reply from the employer", "follow_up": "follow-up"}


def _application_url(application_id: str) -> str:
    return "/applications/" + quote(application_id, safe="")


def said(touch: Touch) -> str:
    """A touch in a sentence's words: "the call of Tue 24 Nov"."""
    return f"the {WORDS[touch.kind.value]} of {touch.on.strftime('%a %d %b')}"


# --- Logging one ----------------------------------------------------------------------------


def _form_page(
    request: Request,
    av: AfterviewDep,
    application_id: str,
    form: dict[str, str],
    problems: tuple[str, ...] | list[str] = (),
    refusal: TooSoon | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    view = av.application(application_id)  # NotFound -> the 404 page
    people = {card.id: card.name for card in view.cards}
    people |= {row.touch.contact: row.who for row in view.timeline if row.touch.contact}
    context = {
        "page": "pipeline",
        "view": view,
        "form": form,
        "kinds": KINDS,
        "people": people,
        "refusal": str(refusal) if refusal else None,
        "remedy": web_remedy(refusal.remedy, {**form, "application": application_id})
        if refusal
        else None,
        **marked(problems, FIELDS),
    }
    return render(request, "touch_form.html", context, status_code)


@router.get("/touches/new", response_class=HTMLResponse)
def new_touch(
    request: Request, av: AfterviewDep, application: str = "", kind: str = "call"
) -> HTMLResponse:
    form = dict.fromkeys(FIELDS, "") | {"kind": kind, "on": av.today().isoformat()}
    return _form_page(request, av, application, form)


@router.post("/touches", response_model=None)
def log_touch(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    application: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
    contact: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    follow_up_requested_on: Annotated[str, Form()] = "",
    force: Annotated[bool, Form()] = False,
) -> Response:
    form = dict(zip(FIELDS, (kind, on, contact, note, follow_up_requested_on), strict=True))
    problems: list[str] = []
    touch = _kind(kind, problems)
    day = _day("on", on, problems)
    requested = _day("follow_up_requested_on", follow_up_requested_on, problems)
    if problems or touch is None:
        return _form_page(request, av, application, form, problems, status_code=400)
    command = LogTouch(
        touch,
        on=day,
        force=force,
        application=application or None,
        contact=contact.strip() or None,
        note=note.strip() or None,
        follow_up_requested_on=requested,
    )
    try:
        logged = av.log_undoable(command)
    except InvalidInput as error:
        return _form_page(request, av, application, form, error.problems, status_code=400)
    except TooSoon as error:
        return _form_page(request, av, application, form, refusal=error, status_code=400)
    lines = [f"Recorded {said(logged.touch)}."]
    if logged.advice:
        lines.append(logged.advice)
    return redirect_after_post(request, _application_url(application), lines)


def _kind(value: str, problems: list[str]) -> TouchKind | None:
    if not value.strip():
        problems.append("kind: choose what happened")
        return None
    try:
        return parse_choice(value.strip(), TouchKind)
    except FieldError as error:
        problems.append(f"kind: {error}")
        return None


def _day(name: str, value: str, problems: list[str]) -> dt.date | None:
    """A date typed in the form, or None when left empty (the service's default)."""
    if not value.strip():
        return None
    try:
        return parse_date(value.strip())
    except FieldError as error:
        problems.append(f"{name}: {error}")
        return None


# --- Deleting one ---------------------------------------------------------------------------


@router.get("/touches/{key}/delete", response_class=HTMLResponse)
def confirm_delete(request: Request, av: AfterviewDep, key: str) -> HTMLResponse:
    touch = av.touch(key)
    who = av.pipeline().contact_map().get(touch.contact or "")
    context = {
        "page": "pipeline",
        "touch": touch,
        "key": key,
        "said": said(touch),
        "who": who.name if who else touch.contact,
    }
    return render(request, "touch_delete.html", context)


@router.post("/touches/{key}/delete", response_model=None)
def delete(request: Request, av: AfterviewDep, _: Csrf, key: str) -> Response:
    removed = av.delete_touch(DeleteTouch(key))
    url = _application_url(removed.application) if removed.application else "/"
    return redirect_after_post(request, url, [f"Deleted {said(removed)}."])


# --- Undoing a Done -------------------------------------------------------------------------


@router.post("/touches/undo", response_model=None)
def undo(request: Request, av: AfterviewDep, _: Csrf, key: Annotated[str, Form()]) -> Response:
    """Take back the touch a Done recorded: its action is owed again."""
    removed = av.delete_touch(DeleteTouch(key))
    if not request.headers.get("hx-request"):
        return redirect_after_post(request, "/", [f"Undone: {said(removed)} is not recorded."])
    row = _row_closed_by(av, removed)
    if row is None:  # owed again, but not among Today's rows: show Today whole
        return Response(headers={"HX-Redirect": "/"})
    return render(request, "_action.html", {"row": row})


def _row_closed_by(av: AfterviewDep, touch: Touch) -> AgendaRow | None:
    """Today's row of the action this touch closed, owed again now that it is gone."""
    for section in av.agenda().sections:
        for row in section.rows(len(section.actions)):
            action = row.action
            if (
                row.closed_by is touch.kind
                and action.application == touch.application
                and action.interview == touch.interview
                and action.contact == touch.contact
            ):
                return row
    return None
