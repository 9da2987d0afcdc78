"""Today: what is owed now (a new user first sees the first steps, `/start`)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterview.domain.fields import FieldError, parse_choice
from afterview.domain.model import TouchKind
from afterview.errors import InvalidInput
from afterview.services.records import LogTouch
from afterview.web.common import (
    AfterviewDep,
    Csrf,
    as_of_date,
    flashed,
    redirect_after_post,
    render,
)

router = APIRouter()
SECTION_ROWS = 50
"""A section longer than this shows its first rows and says how many more there are."""


@router.get("/", response_class=HTMLResponse, response_model=None)
def today(request: Request, av: AfterviewDep, as_of: str | None = None, undo: str = "") -> Response:
    """Today; `undo` names the touch a Done just recorded, offered back without JavaScript."""
    if av.first_steps().needed:
        return RedirectResponse("/start", status_code=303)
    view = av.agenda(as_of_date(as_of))
    context = {
        "view": view,
        "as_of": view.as_of,
        "rows": SECTION_ROWS,
        "page": "today",
        "notice": " ".join(flashed(request)) or None,
        "undo": undo,
    }
    return render(request, "today.html", context)


@router.post("/actions/done", response_model=None)
def done(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    kind: Annotated[str, Form()],
    application: Annotated[str | None, Form()] = None,
    interview: Annotated[str | None, Form()] = None,
    contact: Annotated[str | None, Form()] = None,
    force: Annotated[bool, Form()] = False,
) -> Response:
    """Record the touch that closes an action; the row leaves Today, and an Undo stands in
    its place (with htmx) or on top of Today (without)."""
    try:
        touch = parse_choice(kind, TouchKind)
    except FieldError as error:
        raise InvalidInput([f"kind: {error}"]) from None
    command = LogTouch(
        touch,
        force=force,
        application=application or None,
        interview=interview or None,
        contact=contact or None,
    )
    logged = av.log_undoable(command)
    if request.headers.get("hx-request"):  # htmx swaps the action's row for the Undo
        return render(request, "_undone.html", {"touch": logged.touch, "key": logged.key})
    lines = ["Marked done.", *([logged.advice] if logged.advice else [])]
    return redirect_after_post(request, "/?undo=" + quote(logged.key, safe=""), lines)
