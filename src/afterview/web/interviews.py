"""Interviews in the browser: adding one, editing one (when, kind, panel, what was
discussed with whom, the decision date) and deleting one after a confirmation (S1, S4, S5).

Every form is post-redirect-show: a saved form leads to the application's page, which says
so once (and names any interviewer found among the people already known); a refused one
comes back as typed, each wrong field marked beside its problem.

"When" is a date-time typed in the browser's own control plus a UTC offset chosen from a
list: the server cannot know the user's offset, so the page offers it, set to the offset
the interview was recorded in (else UTC-05:00), and the two make the ISO value the
services take.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from afterview.domain.model import Application, Contact, Interview, InterviewKind, Pipeline
from afterview.errors import InvalidInput
from afterview.services.records import (
    AddInterview,
    DeleteInterview,
    EditInterview,
    NewInterviewer,
    SavedInterview,
    folded,
)
from afterview.web.common import AfterviewDep, Csrf, marked, redirect_after_post, render

router = APIRouter()
NEW_ROWS = 4
MORE_ROWS = 2
DEFAULT_OFFSET = "-05:00"
KINDS = tuple(kind.value for kind in InterviewKind)
FIELDS = ("application", "at", "kind", "decision_expected")
OFFSETS = tuple(
    f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    for minutes in sorted(
        {hours * 60 for hours in range(-12, 15)}
        | {-570, -210, 210, 270, 330, 345, 390, 525, 570, 630, 765}
    )
)
"""Every UTC offset a time zone uses, whole hours and the half and quarter hours between."""


def application_url(application_id: str) -> str:
    return "/applications/" + quote(application_id, safe="")


def interview_url(interview_id: str, then: str = "") -> str:
    return "/interviews/" + quote(interview_id, safe="") + then


@dataclass
class Row:
    """One interviewer typed in."""

    name: str = ""
    title: str = ""
    email: str = ""
    topic: str = ""


@dataclass
class Typed:
    """The interview form as posted (or as a stored interview fills it)."""

    application: str = ""
    at: str = ""
    tz: str = DEFAULT_OFFSET
    kind: str = ""
    decision_expected: str = ""
    panel: list[str] = field(default_factory=list)
    about: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    def moment(self) -> str:
        """The ISO value of "when": the date-time with the chosen offset, or as typed (a
        date alone, or a value the browser sent with its own offset)."""
        at = self.at.strip()
        if "T" in at and at[-6:-5] not in ("+", "-") and not at.endswith("Z"):
            return at + self.tz.strip()
        return at

    def people(self) -> tuple[NewInterviewer, ...]:
        return tuple(
            NewInterviewer(
                row.name.strip(),
                row.title.strip() or None,
                row.email.strip() or None,
                row.topic.strip() or None,
            )
            for row in self.rows
        )


async def typed(request: Request) -> Typed:
    form = await request.form()

    def text(name: str) -> str:
        value = form.get(name)
        return value if isinstance(value, str) else ""

    def texts(name: str) -> list[str]:
        return [value for value in form.getlist(name) if isinstance(value, str)]

    rows = [
        Row(*values)
        for values in zip_longest(
            texts("name"), texts("title"), texts("email"), texts("topic"), fillvalue=""
        )
    ]
    about = {
        key.removeprefix("about:"): value
        for key, value in form.multi_items()
        if key.startswith("about:") and isinstance(value, str)
    }
    return Typed(
        application=text("application"),
        at=text("at"),
        tz=text("tz") or DEFAULT_OFFSET,
        kind=text("kind"),
        decision_expected=text("decision_expected"),
        panel=texts("panel"),
        about=about,
        rows=rows,
    )


TypedForm = Annotated[Typed, Depends(typed)]


def _offset(at: dt.date | dt.datetime) -> str | None:
    offset = at.utcoffset() if isinstance(at, dt.datetime) else None
    if offset is None:
        return None
    minutes = int(offset.total_seconds()) // 60
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _filled(interview: Interview) -> Typed:
    """The form as a stored interview fills it."""
    at = interview.at
    return Typed(
        at=at.strftime("%Y-%m-%dT%H:%M") if isinstance(at, dt.datetime) else "",
        tz=_offset(at) or DEFAULT_OFFSET,
        kind=interview.kind.value if interview.kind else "",
        decision_expected=(
            interview.decision_expected.isoformat() if interview.decision_expected else ""
        ),
        panel=list(interview.interviewers),
        about=dict(interview.topics),
    )


def _candidates(pipeline: Pipeline, application: Application, panel: list[str]) -> list[Contact]:
    """Who the edit form offers as the panel: whoever is on it, then the people known at
    the company."""
    company = folded(application.company)
    on_panel = [c for c in pipeline.contacts if c.id in panel]
    on_panel.sort(key=lambda c: panel.index(c.id))
    others = [
        c
        for c in pipeline.contacts
        if c.id not in panel and c.company and folded(c.company) == company
    ]
    return [*on_panel, *sorted(others, key=lambda c: folded(c.name))]


def _form_page(
    request: Request,
    av: AfterviewDep,
    form: Typed,
    interview_id: str | None = None,
    problems: tuple[str, ...] = (),
    status_code: int = 200,
) -> HTMLResponse:
    pipeline = av.pipeline()
    extra = MORE_ROWS if interview_id else NEW_ROWS
    rows = [*form.rows, *(Row() for _ in range(extra - len(form.rows)))]
    fields = (*FIELDS, *(f"interviewer {n}" for n in range(1, len(rows) + 1)))
    context = {
        "page": "pipeline",
        "form": form,
        "rows": rows,
        "offsets": OFFSETS if form.tz in OFFSETS else (*OFFSETS, form.tz),
        "kinds": KINDS,
        **marked(problems, fields),
    }
    if interview_id is None:
        context["applications"] = pipeline.applications
    else:
        application, interview = pipeline.interview(interview_id)
        context |= {
            "application": application,
            "interview": interview,
            "candidates": _candidates(pipeline, application, form.panel),
        }
    return render(request, "interview_form.html", context, status_code)


def _saved(request: Request, saved: SavedInterview, done: str) -> Response:
    lines = [f"{done} the interview of {saved.interview.day.strftime('%a %d %b %Y')}."]
    lines += [
        f"{known.typed} is already in your network as {known.contact.name} "
        f"({known.contact.id}): the panel names that contact, no new one was added."
        for known in saved.known
    ]
    return redirect_after_post(request, application_url(saved.application.id), lines)


# --- Adding ---------------------------------------------------------------------------------


@router.get("/interviews/new", response_class=HTMLResponse)
def new_interview(request: Request, av: AfterviewDep, application: str = "") -> HTMLResponse:
    form = Typed(application=application)
    chosen = [a for a in av.pipeline().applications if a.id == application]
    if chosen and chosen[0].interviews:
        latest = max(chosen[0].interviews, key=lambda i: i.moment)
        form.tz = _offset(latest.at) or DEFAULT_OFFSET
    return _form_page(request, av, form)


@router.post("/interviews", response_model=None)
def create_interview(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    form: TypedForm,
    application: Annotated[str, Form()],
    at: Annotated[str, Form()],
) -> Response:
    """Add an interview; a form without its application or its time is not one."""
    command = AddInterview(
        form.application,
        form.moment(),
        form.people(),
        kind=form.kind.strip() or None,
        decision_expected=form.decision_expected.strip() or None,
    )
    try:
        saved = av.record_interview(command)
    except InvalidInput as error:
        return _form_page(request, av, form, problems=error.problems, status_code=400)
    return _saved(request, saved, "Added")


# --- Editing --------------------------------------------------------------------------------


@router.get("/interviews/{interview_id:path}/edit", response_class=HTMLResponse)
def edit_form(request: Request, av: AfterviewDep, interview_id: str) -> HTMLResponse:
    _, interview = av.pipeline().interview(interview_id)  # NotFound -> the 404 page
    return _form_page(request, av, _filled(interview), interview_id)


@router.post("/interviews/{interview_id:path}/edit", response_model=None)
def save_interview(
    request: Request, av: AfterviewDep, _: Csrf, interview_id: str, form: TypedForm
) -> Response:
    command = EditInterview(
        interview_id,
        form.people(),
        topics={key: value.strip() for key, value in form.about.items()},
        at=form.moment() or None,
        kind=form.kind.strip(),
        decision_expected=form.decision_expected.strip(),
        panel=tuple(form.panel),
    )
    try:
        saved = av.revise_interview(command)
    except InvalidInput as error:
        return _form_page(request, av, form, interview_id, error.problems, 400)
    return _saved(request, saved, "Saved")


# --- Deleting -------------------------------------------------------------------------------


@router.get("/interviews/{interview_id:path}/delete", response_class=HTMLResponse)
def confirm_delete(request: Request, av: AfterviewDep, interview_id: str) -> HTMLResponse:
    removal = av.interview_removal(interview_id)
    contacts = av.pipeline().contact_map()
    context = {"page": "pipeline", "removal": removal, "contacts": contacts}
    return render(request, "interview_delete.html", context)


@router.post("/interviews/{interview_id:path}/delete", response_model=None)
def delete(request: Request, av: AfterviewDep, _: Csrf, interview_id: str) -> Response:
    removed = av.delete_interview(DeleteInterview(interview_id))
    day = removed.interview.day.strftime("%a %d %b %Y")
    notice = f"Deleted the interview of {day} and {len(removed.touches)} touch(es) about it."
    return redirect_after_post(request, application_url(removed.application.id), [notice])
