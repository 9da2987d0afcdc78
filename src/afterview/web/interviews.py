"""Adding an interview from the browser: when, what kind, and who was on the panel (S4, S5)."""

from __future__ import annotations

from itertools import zip_longest
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterview.errors import InvalidInput
from afterview.services.records import AddInterview, NewInterviewer
from afterview.web.common import AfterviewDep, Csrf, render

router = APIRouter()
PANEL_ROWS = 4


def _form(
    request: Request,
    av: AfterviewDep,
    chosen: str,
    problems: tuple[str, ...] = (),
    status: int = 200,
) -> HTMLResponse:
    context = {
        "applications": av.pipeline().applications,
        "chosen": chosen,
        "rows": range(PANEL_ROWS),
        "problems": problems,
        "page": "pipeline",
    }
    return render(request, "interview_new.html", context, status)


@router.get("/interviews/new", response_class=HTMLResponse)
def new_interview(request: Request, av: AfterviewDep, application: str = "") -> HTMLResponse:
    return _form(request, av, application)


@router.post("/interviews", response_model=None)
def create_interview(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    application: Annotated[str, Form()],
    at: Annotated[str, Form()],
    kind: Annotated[str, Form()] = "",
    name: Annotated[list[str] | None, Form()] = None,
    title: Annotated[list[str] | None, Form()] = None,
    email: Annotated[list[str] | None, Form()] = None,
    topic: Annotated[list[str] | None, Form()] = None,
) -> Response:
    rows = list(zip_longest(name or [], title or [], email or [], topic or [], fillvalue=""))
    people = tuple(
        NewInterviewer(n.strip(), (t or "").strip() or None, (e or "").strip() or None)
        for n, t, e, _ in rows
        if n.strip()
    )
    topics = {n.strip(): about.strip() for n, _, _, about in rows if n.strip() and about.strip()}
    command = AddInterview(application, at.strip(), people, topics=topics, kind=kind or None)
    try:
        av.add_interview(command)
    except InvalidInput as error:
        return _form(request, av, application, error.problems, 400)
    return RedirectResponse("/", status_code=303)
