"""The web face: FastAPI + Jinja2 + htmx over the same services as the CLI.

`create_app(afterview)` builds everything; nothing happens at import time. Pages are
server-rendered and readable without JavaScript; htmx only saves reloads. Every
state-changing request carries a CSRF token (double submit: a cookie and a form
field or header that must match). Jinja autoescapes every page.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
import threading
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from afterview.bootstrap import Afterview
from afterview.domain.fields import FieldError, parse_choice, parse_date
from afterview.domain.model import Pipeline, TouchKind
from afterview.domain.planner import DUE, OVERDUE, UPCOMING, Action, closing_touch, plan
from afterview.domain.settings import PlaybookSettings
from afterview.errors import AfterviewError, InvalidInput, NotFound
from afterview.services.overview import agenda_json, overview
from afterview.services.records import log_touch

CSRF_COOKIE = "afterview_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
TOKEN_FILE = "calendar-token"
UPCOMING_DAYS = 14
SECTION_ROWS = 50
"""A section longer than this shows its first rows and says how many more there are."""


class ProofRequest(BaseModel):
    """A note to proofread, in the context of an application (and a recipient)."""

    text: str
    application: str
    contact: str | None = None


class CsrfRejected(AfterviewError):
    """A state-changing request without the page's token: refused, never guessed at."""


def _package_path(name: str) -> Path:
    return Path(str(resources.files("afterview.web") / name))


def create_app(afterview: Afterview | None = None) -> FastAPI:
    """The web UI and its JSON API on one user's afterview."""
    av = afterview or Afterview()
    app = FastAPI(title="afterview", summary="Everything you owe after an interview.")
    templates = Jinja2Templates(directory=_package_path("templates"))
    app.mount("/static", StaticFiles(directory=_package_path("static")), name="static")
    app.state.afterview = av
    _errors(app, templates)
    _pages(app, av, templates)
    _api(app, av)
    from afterview.web import editor, interviews, records, settings

    for page in (interviews, records, settings, editor):
        page.install(app, av, templates)
    return app


def as_of_date(value: str | None, av: Afterview) -> dt.date:
    if not value:
        return av.today()
    try:
        return parse_date(value)
    except FieldError as error:
        raise InvalidInput([f"as_of: {error}"]) from None


def _csrf_token(request: Request) -> str:
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)


async def check_csrf(request: Request) -> None:
    """Dependency of every POST: the cookie's token must come back in a header or field."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    if not cookie or not hmac.compare_digest(cookie, sent):
        raise CsrfRejected(
            "this form has expired or did not come from afterview: reload the page and try again"
        )


Csrf = Annotated[None, Depends(check_csrf)]


def render(
    templates: Jinja2Templates,
    request: Request,
    name: str,
    context: dict[str, Any],
    status_code: int = 200,
) -> HTMLResponse:
    token = _csrf_token(request)
    response = templates.TemplateResponse(
        request, name, {**context, "csrf": token}, status_code=status_code
    )
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


def _errors(app: FastAPI, templates: Jinja2Templates) -> None:
    @app.exception_handler(AfterviewError)
    async def afterview_error(request: Request, error: AfterviewError) -> Response:
        status = (
            403 if isinstance(error, CsrfRejected) else 404 if isinstance(error, NotFound) else 400
        )
        problems = list(error.problems) if isinstance(error, InvalidInput) else [str(error)]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": problems}, status_code=status)
        name = "_error.html" if request.headers.get("hx-request") else "error.html"
        return render(templates, request, name, {"problems": problems}, status)


Row = tuple[Action, TouchKind | None]


def _groups(actions: list[Action], as_of: dt.date) -> list[tuple[str, str, list[Row], int]]:
    """Overdue, due and the next fortnight, each cut to a screenful; each action with the
    touch that closes it, and each section with its full count."""
    horizon = as_of + dt.timedelta(days=UPCOMING_DAYS)
    overdue = [a for a in actions if a.state == OVERDUE]
    due = [a for a in actions if a.state == DUE]
    upcoming = [a for a in actions if a.state == UPCOMING and a.due_from <= horizon]
    return [
        (heading, css, [(a, closing_touch(a)) for a in group[:SECTION_ROWS]], len(group))
        for heading, css, group in (
            ("Overdue", "overdue", overdue),
            ("Due today", "due", due),
            ("Upcoming", "upcoming", upcoming),
        )
    ]


class PlanCache:
    """The last plan, kept while the pipeline, the settings and the day are the same.

    The reader hands back the very same Pipeline object until the store changes, so
    identity is the cheap and exact test; a page then costs its rendering alone.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: tuple[Pipeline, PlaybookSettings, dt.date, list[Action]] | None = None

    def actions(
        self, pipeline: Pipeline, settings: PlaybookSettings, as_of: dt.date
    ) -> list[Action]:
        with self._lock:  # one planner at a time: fifty first requests plan once, not fifty times
            last = self._last
            if (
                last is not None
                and last[0] is pipeline
                and last[1] is settings
                and last[2] == as_of
            ):
                return last[3]
            actions = plan(pipeline, settings, as_of)
            self._last = (pipeline, settings, as_of, actions)
            return actions


def _pages(app: FastAPI, av: Afterview, templates: Jinja2Templates) -> None:
    plans = PlanCache()

    @app.get("/", response_class=HTMLResponse)
    def today(request: Request, as_of: str | None = None) -> HTMLResponse:
        day = as_of_date(as_of, av)
        pipeline = av.reader.load()
        actions = plans.actions(pipeline, av.playbook, day)
        return render(
            templates,
            request,
            "today.html",
            {"as_of": day, "groups": _groups(actions, day), "page": "today"},
        )

    @app.post("/actions/done", response_model=None)
    def done(
        request: Request,
        _: Csrf,
        kind: Annotated[str, Form()],
        application: Annotated[str | None, Form()] = None,
        interview: Annotated[str | None, Form()] = None,
        contact: Annotated[str | None, Form()] = None,
    ) -> Response:
        try:
            touch = parse_choice(kind, TouchKind)
        except FieldError as error:
            raise InvalidInput([f"kind: {error}"]) from None
        log_touch(
            av.store,
            av.playbook,
            touch,
            av.today(),
            application=application or None,
            interview=interview or None,
            contact=contact or None,
        )
        if request.headers.get("hx-request"):
            return HTMLResponse("")  # htmx swaps the action's row out
        return RedirectResponse("/", status_code=303)  # without JavaScript: back to Today

    @app.get("/pipeline", response_class=HTMLResponse)
    def pipeline_page(request: Request, as_of: str | None = None) -> HTMLResponse:
        day = as_of_date(as_of, av)
        view = overview(av.reader.load(), av.playbook, day)
        return render(
            templates, request, "pipeline.html", {"as_of": day, "view": view, "page": "pipeline"}
        )


def _api(app: FastAPI, av: Afterview) -> None:
    @app.get("/api/agenda")
    def api_agenda(as_of: Annotated[str | None, Query()] = None) -> dict[str, object]:
        """Exactly what `afterview agenda --json` prints."""
        day = as_of_date(as_of, av)
        return agenda_json(plan(av.reader.load(), av.playbook, day), day)

    @app.get("/api/drafts")
    def api_drafts(interview: str, contact: str | None = None) -> dict[str, object]:
        """What `afterview draft --interview ID [--contact ID] --json` prints."""
        from afterview.services.notes import draft_thank_yous

        checked = draft_thank_yous(
            av.reader, av.templates, av.speller, av.today(), interview, contact
        )
        return {"drafts": [item.to_json() for item in checked]}

    @app.post("/api/proof")
    def api_proof(note: ProofRequest) -> dict[str, object]:
        """What `afterview proof FILE --application ID [--contact ID] --json` prints."""
        from afterview.services.notes import proof_text

        problems = proof_text(av.reader, av.speller, note.text, note.application, note.contact)
        return {"ok": not problems, "problems": [p.to_json() for p in problems]}

    @app.get("/api/export")
    def api_export() -> dict[str, object]:
        """The whole pipeline document, as `afterview export` writes it."""
        from afterview.services.documents import export_document

        return export_document(av.reader)

    @app.get("/calendar.ics")
    def calendar_feed(token: str = "") -> Response:
        """The subscribable calendar; the token is a secret kept in AFTERVIEW_HOME."""
        from afterview.services.calendars import calendar_feed as feed

        if not hmac.compare_digest(token, calendar_token(av)):
            return Response("unknown calendar token\n", status_code=403, media_type="text/plain")
        return Response(feed(av.reader, av.playbook, av.today()), media_type="text/calendar")


def calendar_token(av: Afterview, rotate: bool = False) -> str:
    """The calendar feed's secret, made on first use; rotating it cuts off old subscribers."""
    path = av.settings.home / TOKEN_FILE
    if rotate or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(24) + "\n", encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
