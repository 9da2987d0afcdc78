"""The Settings and Import pages: the profile, the playbook's numbers, SMTP, the
calendar feed's token, and uploads of documents, invites, cards and spreadsheets.

Every POST carries the CSRF token. No secret reaches a page: SMTP shows whether it
is set and its host, never the URL or the password.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, fields
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from afterview.bootstrap import Afterview
from afterview.config import PLAYBOOK_FILE
from afterview.domain.model import Profile
from afterview.errors import AfterviewError, InvalidInput
from afterview.web.app import Csrf, calendar_token, render

PROFILE_FIELDS = ("name", "email", "phone", "address", "country", "subdivision")
KINDS = {
    "document": "Pipeline document (.json)",
    "invite": "Calendar invite (.ics)",
    "cards": "Business cards (.vcf)",
    "sheet": "Spreadsheet of applications (.csv)",
}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Number:
    """One playbook number as the Settings page shows it."""

    name: str
    value: int
    meaning: str


def playbook_numbers(av: Afterview) -> list[Number]:
    """Each number with its current value and the docstring that says what it governs."""
    import ast
    import inspect

    from afterview.domain.settings import PlaybookSettings

    meanings: dict[str, str] = {}
    tree = ast.parse(inspect.getsource(PlaybookSettings))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            meanings[statement.target.id] = following.value.value
    playbook = av.playbook
    return [
        Number(f.name, getattr(playbook, f.name), meanings.get(f.name, ""))
        for f in fields(playbook)
    ]


def smtp_summary(av: Afterview) -> dict[str, Any]:
    """Whether AFTERVIEW_SMTP_URL is set, and its host: never the URL or the password."""
    url = av.settings.smtp_url
    if not url:
        return {"set": False, "host": None, "problem": None}
    from afterview.adapters.mail import SmtpSettings

    try:
        smtp = SmtpSettings.from_url(url)
    except InvalidInput:
        return {"set": True, "host": None, "problem": "AFTERVIEW_SMTP_URL is not a valid URL"}
    return {"set": True, "host": smtp.host, "problem": None}


def feed_url(request: Request, token: str) -> str:
    return str(request.url_for("calendar_feed").include_query_params(token=token))


def install(app: FastAPI, av: Afterview, templates: Jinja2Templates) -> None:
    """Add the Settings and Import pages to the web UI."""
    _settings_routes(app, av, templates)
    _import_routes(app, av, templates)


def _settings_routes(app: FastAPI, av: Afterview, templates: Jinja2Templates) -> None:

    def settings_page(
        request: Request,
        *,
        form: dict[str, str] | None = None,
        problems: list[str] | None = None,
        notice: str | None = None,
        mail_problem: str | None = None,
        status_code: int = 200,
        token: str | None = None,
    ) -> HTMLResponse:
        pipeline = av.reader.load()
        profile = pipeline.profile
        contacts = pipeline.contact_map()
        references = [
            contacts[r].name if r in contacts else r
            for r in (profile.references if profile else ())
        ]
        context = {
            "page": "settings",
            "form": form if form is not None else profile_form(profile),
            "has_profile": profile is not None,
            "problems": problems or [],
            "references": references,
            "numbers": playbook_numbers(av),
            "playbook_file": PLAYBOOK_FILE,
            "smtp": smtp_summary(av),
            "feed_url": feed_url(request, token or calendar_token(av)),
            "notice": notice,
            "mail_problem": mail_problem,
        }
        return render(templates, request, "settings.html", context, status_code)

    @app.get("/settings", response_class=HTMLResponse)
    def settings(request: Request) -> HTMLResponse:
        return settings_page(request)

    @app.post("/settings/profile", response_class=HTMLResponse)
    def save_profile(
        request: Request,
        _: Csrf,
        name: Annotated[str, Form()] = "",
        email: Annotated[str, Form()] = "",
        phone: Annotated[str, Form()] = "",
        address: Annotated[str, Form()] = "",
        country: Annotated[str, Form()] = "",
        subdivision: Annotated[str, Form()] = "",
        strengths: Annotated[str, Form()] = "",
    ) -> HTMLResponse:
        from afterview.services.records import set_profile

        form = {
            "name": name,
            "email": email,
            "phone": phone,
            "address": address,
            "country": country,
            "subdivision": subdivision,
            "strengths": strengths,
        }
        values: dict[str, object] = {
            key: form[key].strip() for key in PROFILE_FIELDS if key != "country"
        }
        values["country"] = country.strip() or "US"
        values["strengths"] = [line.strip() for line in strengths.splitlines() if line.strip()]
        current = av.reader.load().profile
        if current is not None:
            values["references"] = list(current.references)
        try:
            if not name.strip():
                raise InvalidInput(["name: required"])
            set_profile(av.store, **values)
        except InvalidInput as error:
            return settings_page(request, form=form, problems=list(error.problems), status_code=400)
        return settings_page(request, notice="Profile saved.")

    @app.post("/settings/test-email", response_class=HTMLResponse)
    def send_test_email(request: Request, _: Csrf) -> HTMLResponse:
        from afterview.adapters.mail import DeliveryFailure, build_message

        profile = av.reader.load().profile
        if profile is None or not profile.email:
            return settings_page(
                request,
                mail_problem="No email address in your profile yet: save one above first.",
                status_code=400,
            )
        try:
            mailer = av.mailer()
        except AfterviewError as error:
            return settings_page(request, mail_problem=str(error), status_code=400)
        if mailer is None:
            return settings_page(
                request,
                mail_problem="SMTP is not set: set AFTERVIEW_SMTP_URL and restart afterview.",
                status_code=400,
            )
        message = build_message(
            profile.name,
            profile.email,
            profile.name,
            profile.email,
            "afterview test email",
            "This is a test from afterview: your SMTP settings work.\n",
        )
        try:
            mailer.send(message)
        except DeliveryFailure as error:
            return settings_page(
                request, mail_problem=f"The server refused: {error}", status_code=502
            )
        except AfterviewError as error:
            return settings_page(request, mail_problem=str(error), status_code=400)
        return settings_page(request, notice=f"Test email sent to {profile.email}.")

    @app.post("/settings/calendar-token", response_class=HTMLResponse)
    def rotate_token(request: Request, _: Csrf) -> HTMLResponse:
        token = calendar_token(av, rotate=True)
        return settings_page(
            request,
            notice="New calendar link made: the old one no longer works.",
            token=token,
        )


def _import_routes(app: FastAPI, av: Afterview, templates: Jinja2Templates) -> None:
    def import_page(
        request: Request,
        *,
        kind: str = "document",
        application: str = "",
        problems: list[str] | None = None,
        added: list[str] | None = None,
        status_code: int = 200,
    ) -> HTMLResponse:
        applications = [(a.id, a.company, a.role) for a in av.reader.load().applications]
        context = {
            "page": "import",
            "kinds": KINDS,
            "kind": kind,
            "application": application,
            "applications": applications,
            "problems": problems or [],
            "added": added or [],
        }
        return render(templates, request, "import.html", context, status_code)

    @app.get("/import", response_class=HTMLResponse)
    def import_form(request: Request) -> HTMLResponse:
        return import_page(request)

    @app.post("/import", response_class=HTMLResponse)
    async def import_upload(
        request: Request,
        _: Csrf,
        file: Annotated[UploadFile | None, File()] = None,
        kind: Annotated[str, Form()] = "",
        application: Annotated[str, Form()] = "",
    ) -> HTMLResponse:
        try:
            if kind not in KINDS:
                raise InvalidInput([f"kind: must be one of {', '.join(KINDS)}"])
            if file is None or not file.filename:
                raise InvalidInput(["file: choose a file to upload"])
            data = await file.read(MAX_UPLOAD_BYTES + 1)
            if len(data) > MAX_UPLOAD_BYTES:
                raise InvalidInput(["file: larger than 10 MB"])
            added = run_import(av, kind, file.filename, data, application.strip())
        except AfterviewError as error:
            problems = list(error.problems) if isinstance(error, InvalidInput) else [str(error)]
            return import_page(
                request, kind=kind, application=application, problems=problems, status_code=400
            )
        return import_page(request, kind=kind, added=added)


def profile_form(profile: Profile | None) -> dict[str, str]:
    if profile is None:
        return dict.fromkeys((*PROFILE_FIELDS, "strengths"), "") | {"country": "US"}
    form = {key: getattr(profile, key) or "" for key in PROFILE_FIELDS}
    form["strengths"] = "\n".join(profile.strengths)
    return form


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run_import(av: Afterview, kind: str, filename: str, data: bytes, application: str) -> list[str]:
    """Run the import service for `kind`; what it added, one line each."""
    from afterview.services.documents import ImportReport

    report: ImportReport
    if kind == "document":
        from afterview.services.documents import import_document

        report = import_document(av.store, _json(filename, data))
    elif kind == "sheet":
        from afterview.adapters.spreadsheets import read_sheet
        from afterview.services.documents import import_sheet

        report = import_sheet(av.store, read_sheet(data))
    elif kind == "cards":
        from afterview.services.cards import import_cards

        contacts = import_cards(av.store, data)
        return [f"{_plural(len(contacts), 'contact')}: {', '.join(c.name for c in contacts)}"]
    else:
        from afterview.services.calendars import import_invite

        if not application:
            raise InvalidInput(["application: choose the application this invite is for"])
        interview = import_invite(av.store, data, application)
        return [f"interview {interview.id} on {interview.at.isoformat()} for {application}"]
    return [
        _plural(report.applications, "application"),
        _plural(report.interviews, "interview"),
        _plural(report.contacts, "contact"),
        _plural(report.touches, "touch").replace("touchs", "touches"),
    ]


def _json(filename: str, data: bytes) -> Any:
    """The uploaded JSON, or one clear problem naming the file (as `read_json_file`)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput([f"{filename}: cannot read it ({error})"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            [f"{filename}: not JSON (line {error.lineno}, column {error.colno}: {error.msg})"]
        ) from None
