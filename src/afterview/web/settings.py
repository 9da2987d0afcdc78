"""The Settings page: the profile, references, the playbook's numbers, mail, the
calendar feed's address, and backup and restore. No secret reaches the page: mail shows
whether it is set up and its host, never the URL or the password.

A backup is the afterview/1 document, exactly as `afterview export` writes it; a restore
imports one (docs/contracts.md), checked whole before anything is written."""

from __future__ import annotations

import functools
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from afterview.domain.model import Profile
from afterview.domain.phrasing import strength_sentence
from afterview.errors import AfterviewError, Fix, InvalidInput
from afterview.services.documents import ImportDocument, ImportReport, dumps
from afterview.services.ports import DeliveryFailure
from afterview.web.common import (
    AfterviewDep,
    Csrf,
    ProfileForm,
    flashed,
    profile_command,
    redirect_after_post,
    render,
    web_remedy,
)

router = APIRouter()
PROFILE_FIELDS = ("name", "email", "phone", "address", "country", "subdivision")
RESTORE_MODES = {
    "merge": "Merge: add what the backup holds, keep records that exist",
    "replace": "Replace: records in the backup overwrite those with the same id",
}
MAX_BACKUP_BYTES = 10 * 1024 * 1024


def settings_page(
    request: Request,
    av: AfterviewDep,
    *,
    form: dict[str, str] | None = None,
    problems: list[str] | None = None,
    notice: str | None = None,
    mail_problem: AfterviewError | None = None,
    restore_problem: AfterviewError | None = None,
    restore_mode: str = "merge",
    status_code: int = 200,
) -> HTMLResponse:
    view = av.setup()
    feed = request.url_for("subscribed_calendar").include_query_params(token=view.calendar_token)
    coach_reading = getattr(request.state, "viewing", None)  # the client's feed stays theirs
    context = {
        "page": "settings",
        "view": view,
        "form": form if form is not None else profile_form(view.profile),
        "problems": problems or [],
        "feed_url": None if coach_reading else str(feed),
        "notice": notice,
        "mail_problem": str(mail_problem) if mail_problem else None,
        "mail_remedy": web_remedy(mail_problem.remedy) if mail_problem else None,
        "inbox": _inbox(av),
        "sharing": _sharing(request),
        "own": _own(request),
        "server_mode": getattr(request.app.state, "server", None) is not None,
        "restore_modes": RESTORE_MODES,
        "restore_mode": restore_mode if restore_mode in RESTORE_MODES else "merge",
        "restore_problems": _problems(restore_problem),
        "restore_remedy": _restore_remedy(restore_problem),
        "strength_sentences": [
            (strength, strength_sentence(strength))
            for strength in (view.profile.strengths if view.profile else ())
        ],
    }
    return render(request, "settings.html", context, status_code)


def profile_form(profile: Profile | None) -> dict[str, str]:
    if profile is None:
        return dict.fromkeys((*PROFILE_FIELDS, "strengths"), "") | {"country": "US"}
    form = {key: getattr(profile, key) or "" for key in PROFILE_FIELDS}
    form["strengths"] = "\n".join(profile.strengths)
    return form


@router.get("/settings", response_class=HTMLResponse)
def settings(request: Request, av: AfterviewDep) -> HTMLResponse:
    return settings_page(request, av, notice=" ".join(flashed(request)) or None)


def saved(request: Request, notice: str) -> Response:
    """Back to Settings, which says `notice` once: a reload sends nothing again."""
    return redirect_after_post(request, "/settings", [notice])


@router.post("/settings/profile", response_model=None)
def save_profile(
    request: Request, av: AfterviewDep, _: Csrf, posted: Annotated[ProfileForm, Form()]
) -> Response:
    form = {"phone": "", "address": ""} | posted.typed()  # Settings has both: empty clears
    try:
        av.set_profile(profile_command(form))
    except InvalidInput as error:
        return settings_page(request, av, form=form, problems=list(error.problems), status_code=400)
    return saved(request, "Profile saved.")


@router.post("/settings/references", response_model=None)
def add_reference(
    request: Request, av: AfterviewDep, _: Csrf, contact: Annotated[str, Form()]
) -> Response:
    av.add_reference(contact)
    return saved(request, "Reference added.")


@router.post("/settings/test-email", response_model=None)
def send_test_email(request: Request, av: AfterviewDep, _: Csrf) -> Response:
    try:
        address = av.send_test_email()
    except AfterviewError as error:
        status = 502 if isinstance(error, DeliveryFailure) else 400  # the server, not the user
        return settings_page(request, av, mail_problem=error, status_code=status)
    return saved(request, f"Test email sent to {address}.")


@router.post("/settings/calendar-token", response_model=None)
def rotate_token(request: Request, av: AfterviewDep, _: Csrf) -> Response:
    av.rotate_calendar_token()
    return saved(request, "New calendar link made: the old one no longer works.")


@router.get("/settings/backup")
def download_backup(av: AfterviewDep) -> Response:
    """Every record as one afterview/1 file, named by today's date."""
    filename = f"afterview-backup-{av.today().isoformat()}.json"
    return Response(
        dumps(av.export_document()),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/settings/restore", response_model=None)
async def restore_backup(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    file: Annotated[UploadFile | None, File()] = None,
    mode: Annotated[str, Form()] = "merge",
) -> Response:
    try:
        if mode not in RESTORE_MODES:
            raise InvalidInput([f"mode: must be one of {', '.join(RESTORE_MODES)}"])
        if file is None or not file.filename:
            raise InvalidInput(["file: choose a backup to restore"])
        data = await file.read(MAX_BACKUP_BYTES + 1)
        if len(data) > MAX_BACKUP_BYTES:
            raise InvalidInput(["file: larger than 10 MB"])
        command = ImportDocument(data, file.filename, replace=mode == "replace")
        report = await run_in_threadpool(av.import_document, command)
    except AfterviewError as error:
        return settings_page(request, av, restore_problem=error, restore_mode=mode, status_code=400)
    return saved(request, f"Restored from {file.filename}: {_restored(report)}.")


def _sharing(request: Request) -> list[Any] | None:
    """In server mode, the coaches the signed-in job seeker shares with; None otherwise."""
    server = getattr(request.app.state, "server", None)
    account = getattr(request.state, "account", None)
    if server is None or account is None or getattr(request.state, "viewing", None):
        return None
    coaches: list[Any] = server.accounts.coaches_of(account.id)
    return coaches


def _own(request: Request) -> dict[str, Any] | None:
    """In server mode, the signed-in account's time zone and the mailbox the worker reads
    for it; None otherwise (and while a coach reads a client's data)."""
    server = getattr(request.app.state, "server", None)
    account = getattr(request.state, "account", None)
    if server is None or account is None or getattr(request.state, "viewing", None):
        return None
    return {
        "time_zone": account.time_zone or "UTC",
        "mailbox": server.mailbox_state(account.id),
        "zones": _zones(),
    }


@functools.cache
def _zones() -> list[str]:
    from afterview.services.accounts import time_zone_names

    return sorted(time_zone_names())


def _inbox(av: AfterviewDep) -> str | None:
    """The mailbox afterview reads, as the page names it; its URL's mistake, if it has one."""
    try:
        return av.inbox_label
    except AfterviewError as error:
        return str(error)


def _problems(error: AfterviewError | None) -> list[str]:
    if error is None:
        return []
    return list(error.problems) if isinstance(error, InvalidInput) else [str(error)]


def _restore_remedy(error: AfterviewError | None) -> str | None:
    """What to do about a refused restore, in this form's words."""
    if error is None or error.remedy is None:
        return None
    if error.remedy.fix is Fix.REPLACE:
        return "Choose “Replace” and upload the backup again."
    remedy = web_remedy(error.remedy)
    return remedy.text if remedy else None


def _restored(report: ImportReport) -> str:
    counts = (
        (report.applications, "application", "applications"),
        (report.interviews, "interview", "interviews"),
        (report.contacts, "contact", "contacts"),
        (report.touches, "touch", "touches"),
    )
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)
