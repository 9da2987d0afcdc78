"""Applications in the browser: the first steps of a new user, the Pipeline (by stage),
one application in full, and adding, editing, moving and deleting one.

Every form is post-redirect-show: a saved form leads to a page that says so once; a
refused one comes back as typed, each wrong field marked beside its problem. What a
change needs (an offer's deadline, a closing day) is the services' to judge.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from afterview.domain.fields import FieldError, parse_choice
from afterview.domain.model import Application, Medium, Status
from afterview.errors import InvalidInput
from afterview.services.records import (
    Apply,
    DeleteApplication,
    EditApplication,
    SetStatus,
)
from afterview.web.common import (
    AfterviewDep,
    Csrf,
    ProfileForm,
    as_of_date,
    flashed,
    marked,
    profile_command,
    redirect_after_post,
    render,
)
from afterview.web.paging import page_number, pager

router = APIRouter()
FIELDS = ("company", "role", "medium", "interest", "job_description", "applied_on")
STATUS_FIELDS = ("status", "on", "received_on", "deadline", "summary")
PROFILE_FIELDS = ("name", "email", "country", "subdivision", "strengths")
FIELD_OF = {"offer.received_on": "received_on", "offer.deadline": "deadline"}
FIELD_OF |= {"offer.summary": "summary", "closed_on": "on"}
STATUSES = tuple(status.value for status in Status)
MEDIUMS = tuple(medium.value for medium in Medium)


def application_url(application_id: str) -> str:
    """The application's page, its id one segment of the URL (as the `segment` filter)."""
    return "/applications/" + quote(application_id, safe="")


# --- First steps --------------------------------------------------------------------------


@router.get("/start", response_class=HTMLResponse, response_model=None)
def start(request: Request, av: AfterviewDep) -> Response:
    steps = av.first_steps()
    if not steps.needed:
        return RedirectResponse("/", status_code=303)
    return _start_page(request, av, None)


def _start_page(
    request: Request,
    av: AfterviewDep,
    form: dict[str, str] | None,
    problems: tuple[str, ...] = (),
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "page": "today",
        "steps": av.first_steps(),
        "form": form or dict.fromkeys(PROFILE_FIELDS, "") | {"country": "US"},
        "notice": " ".join(flashed(request)) or None,
        **marked(problems, PROFILE_FIELDS, FIELD_OF),
    }
    return render(request, "start.html", context, status_code)


@router.post("/start/profile", response_model=None)
def start_profile(
    request: Request, av: AfterviewDep, _: Csrf, posted: Annotated[ProfileForm, Form()]
) -> Response:
    form = posted.typed()
    try:
        av.set_profile(profile_command(form))
    except InvalidInput as error:
        return _start_page(request, av, form, error.problems, 400)
    return redirect_after_post(request, "/start", ["Profile saved."])


# --- The Pipeline -------------------------------------------------------------------------


@router.get("/pipeline", response_class=HTMLResponse)
def pipeline(
    request: Request,
    av: AfterviewDep,
    as_of: str | None = None,
    status: str = "",
    page: str | None = None,
) -> HTMLResponse:
    chosen = _status(status) if status else None
    view = av.overview(as_of_date(as_of), chosen, page_number(page))
    assert view.paging is not None  # a page was asked for
    context = {
        "as_of": view.as_of,
        "view": view,
        "lines": view.lines,
        "pages": pager(request, view.paging),
        "chosen": chosen.value if chosen else "",
        "statuses": STATUSES,
        "notice": " ".join(flashed(request)) or None,
        "page": "pipeline",
    }
    return render(request, "pipeline.html", context)


def _status(value: str) -> Status:
    try:
        return parse_choice(value, Status)
    except FieldError as error:
        raise InvalidInput([f"status: {error}"], from_fields=True) from None


# --- Adding and editing -------------------------------------------------------------------


def _form_page(
    request: Request,
    *,
    form: dict[str, str],
    application: Application | None = None,
    problems: tuple[str, ...] = (),
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "page": "pipeline",
        "form": form,
        "application": application,
        "mediums": MEDIUMS,
        **marked(problems, FIELDS, FIELD_OF),
    }
    return render(request, "application_form.html", context, status_code)


def _typed(application: Application | None) -> dict[str, str]:
    """The form as an application fills it (empty for a new one)."""
    if application is None:
        return dict.fromkeys(FIELDS, "")
    return {
        "company": application.company,
        "role": application.role,
        "medium": application.medium.value if application.medium else "",
        "interest": str(application.interest) if application.interest else "",
        "job_description": application.job_description or "",
        "applied_on": application.applied_on.isoformat() if application.applied_on else "",
    }


@router.get("/pipeline/add", response_class=HTMLResponse)
def new_application(request: Request) -> HTMLResponse:
    return _form_page(request, form=_typed(None))


class ApplicationForm(BaseModel):
    """The application form as posted (adding and editing alike), each field as typed."""

    company: str = ""
    role: str = ""
    medium: str = ""
    interest: str = ""
    job_description: str = ""
    applied_on: str = ""

    def typed(self) -> dict[str, str]:
        """The fields as typed, to show again on a refusal."""
        return {name: getattr(self, name) for name in FIELDS}

    def trimmed(self) -> dict[str, str]:
        return {name: value.strip() for name, value in self.typed().items()}


assert tuple(ApplicationForm.model_fields) == FIELDS


@router.post("/applications", response_model=None)
def create_application(
    request: Request, av: AfterviewDep, _: Csrf, posted: Annotated[ApplicationForm, Form()]
) -> Response:
    form, given = posted.typed(), posted.trimmed()
    command = Apply(
        given["company"],
        given["role"],
        applied_on=given["applied_on"] or None,
        medium=given["medium"] or None,
        interest=given["interest"] or None,
        job_description=given["job_description"] or None,
    )
    try:
        added = av.apply(command)
    except InvalidInput as error:
        return _form_page(request, form=form, problems=error.problems, status_code=400)
    return redirect_after_post(
        request, application_url(added.id), [f"Added {added.company}: {added.role}."]
    )


@router.get("/applications/{application_id:path}/edit", response_class=HTMLResponse)
def edit_form(request: Request, av: AfterviewDep, application_id: str) -> HTMLResponse:
    application = av.application(application_id).application
    return _form_page(request, form=_typed(application), application=application)


@router.post("/applications/{application_id:path}/edit", response_model=None)
def save_application(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    application_id: str,
    posted: Annotated[ApplicationForm, Form()],
) -> Response:
    form = posted.typed()
    command = EditApplication(application_id, **posted.trimmed())
    try:
        av.edit_application(command)
    except InvalidInput as error:
        application = av.application(application_id).application
        return _form_page(
            request, form=form, application=application, problems=error.problems, status_code=400
        )
    return redirect_after_post(request, application_url(application_id), ["Changes saved."])


# --- Moving it along ------------------------------------------------------------------------


@router.post("/applications/{application_id:path}/status", response_model=None)
def change_status(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    application_id: str,
    status: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
    received_on: Annotated[str, Form()] = "",
    deadline: Annotated[str, Form()] = "",
    summary: Annotated[str, Form()] = "",
) -> Response:
    form = dict(zip(STATUS_FIELDS, (status, on, received_on, deadline, summary), strict=True))
    try:
        command = SetStatus(
            application_id,
            _status(status),
            on=on.strip() or None,
            received_on=received_on.strip() or None,
            deadline=deadline.strip() or None,
            summary=summary.strip() or None,
        )
        moved = av.set_status(command)
    except InvalidInput as error:
        return _application_page(request, av, application_id, form, error.problems, 400)
    return redirect_after_post(
        request, application_url(application_id), [f"Status: {moved.status.value}."]
    )


# --- Deleting -------------------------------------------------------------------------------


@router.get("/applications/{application_id:path}/delete", response_class=HTMLResponse)
def confirm_delete(request: Request, av: AfterviewDep, application_id: str) -> HTMLResponse:
    removal = av.removal(application_id)
    return render(request, "application_delete.html", {"page": "pipeline", "removal": removal})


@router.post("/applications/{application_id:path}/delete", response_model=None)
def delete(request: Request, av: AfterviewDep, _: Csrf, application_id: str) -> Response:
    removed = av.delete_application(DeleteApplication(application_id))
    application = removed.application
    notice = f"Deleted {application.company}: {application.role}."
    return redirect_after_post(request, "/pipeline", [notice])


# --- One application ----------------------------------------------------------------------


def _application_page(
    request: Request,
    av: AfterviewDep,
    application_id: str,
    form: dict[str, str] | None = None,
    problems: tuple[str, ...] = (),
    status_code: int = 200,
) -> HTMLResponse:
    view = av.application(application_id)  # NotFound -> the 404 page
    context = {
        "page": "pipeline",
        "view": view,
        "statuses": STATUSES,
        "status_form": form or {"status": view.application.status.value},
        "notice": " ".join(flashed(request)) or None,
        **marked(problems, STATUS_FIELDS, FIELD_OF),
    }
    return render(request, "application.html", context, status_code)


@router.get("/applications/{application_id:path}", response_class=HTMLResponse)
def application_page(request: Request, av: AfterviewDep, application_id: str) -> HTMLResponse:
    return _application_page(request, av, application_id)
