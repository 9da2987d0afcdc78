"""The Import page: pipeline documents, calendar invites, business cards and spreadsheets,
each checked whole before anything is written, every problem listed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from afterview.bootstrap import Afterview
from afterview.errors import AfterviewError, InvalidInput
from afterview.services.documents import ImportDocument, ImportReport
from afterview.web.common import (
    AfterviewDep,
    Csrf,
    flashed,
    redirect_after_post,
    render,
    web_remedy,
)

router = APIRouter()
KINDS = {
    "document": "Pipeline document (.json)",
    "invite": "Calendar invite (.ics)",
    "cards": "Business cards (.vcf)",
    "sheet": "Spreadsheet of applications (.csv)",
}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def import_page(
    request: Request,
    av: AfterviewDep,
    *,
    kind: str = "document",
    application: str = "",
    error: AfterviewError | None = None,
    added: list[str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    problems = error.problems if isinstance(error, InvalidInput) else [str(error)] if error else []
    context = {
        "page": "import",
        "kinds": KINDS,
        "kind": kind,
        "application": application,
        "applications": [(a.id, a.company, a.role) for a in av.pipeline().applications],
        "problems": problems,
        "remedy": web_remedy(error.remedy) if error else None,
        "added": added or [],
    }
    return render(request, "import.html", context, status_code)


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, av: AfterviewDep) -> HTMLResponse:
    return import_page(request, av, added=flashed(request))


@router.post("/import", response_model=None)
async def import_upload(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    file: Annotated[UploadFile | None, File()] = None,
    kind: Annotated[str, Form()] = "",
    application: Annotated[str, Form()] = "",
    replace: Annotated[bool, Form()] = False,
) -> Response:
    try:
        if kind not in KINDS:
            raise InvalidInput([f"kind: must be one of {', '.join(KINDS)}"])
        if file is None or not file.filename:
            raise InvalidInput(["file: choose a file to upload"])
        data = await file.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise InvalidInput(["file: larger than 10 MB"])
        added = await run_in_threadpool(
            run_import, av, kind, file.filename, data, application.strip(), replace
        )
    except AfterviewError as error:
        return import_page(
            request, av, kind=kind, application=application, error=error, status_code=400
        )
    return redirect_after_post(request, "/import", added)  # a reload imports nothing again


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run_import(
    av: Afterview, kind: str, filename: str, data: bytes, application: str, replace: bool
) -> list[str]:
    """Import the file as `kind`; what it added, one line each."""
    report: ImportReport
    if kind == "document":
        report = av.import_document(ImportDocument(data, filename, replace))
    elif kind == "sheet":
        report = av.import_sheet(data, replace)
    elif kind == "cards":
        contacts = av.import_cards(data)
        return [f"{_plural(len(contacts), 'contact')}: {', '.join(c.name for c in contacts)}"]
    else:
        if not application:
            raise InvalidInput(["application: choose the application this invite is for"])
        interview = av.import_invite(data, application)
        return [f"interview {interview.id} on {interview.at.isoformat()} for {application}"]
    return [
        _plural(report.applications, "application"),
        _plural(report.interviews, "interview"),
        _plural(report.contacts, "contact"),
        _plural(report.touches, "touch").replace("touchs", "touches"),
    ]
