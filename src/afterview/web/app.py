"""The web face: FastAPI + Jinja2 + htmx over the same `Afterview` as the command line.

`create_app(afterview)` builds everything; nothing happens at import time. Pages are
server-rendered and readable without JavaScript; htmx only saves reloads. Each page
module holds a router of thin routes: parse the form, call the Afterview, render.
The server answers its own user only (`security.py`).
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from afterview.bootstrap import Afterview

if TYPE_CHECKING:
    from afterview.server import Server
from afterview.errors import AfterviewError
from afterview.web import (
    accounts,
    api,
    applications,
    coaching,
    contacts,
    editor,
    imports,
    inbox,
    interviews,
    notes,
    records,
    search,
    settings,
    today,
    touches,
)
from afterview.web.accounts import AccountGate
from afterview.web.common import error_response, problem_response
from afterview.web.logs import RequestLog
from afterview.web.security import HeadAsGet, SameOrigin, Signer, allowed_hosts

HTTP_PROBLEMS = {
    400: "This request could not be read: go back, reload the page and try again.",
    404: "There is no such page here.",
    405: "This page cannot be used that way: go back and use its form.",
    500: "afterview could not finish this: the fault is its own, not what you typed. "
    "Go back and try again.",
}
"""Outside the API, every refusal is a page (or, for htmx, the part of one) in words."""
API_PROBLEMS = {
    400: "the body is not JSON this API can read",
    404: "no such route in the API (see /openapi.json)",
    405: "this route does not take that method (see /openapi.json)",
    500: "afterview failed to answer (the server's log says why)",
}


def _package_path(name: str) -> Path:
    return Path(str(resources.files("afterview.web") / name))


def segment(value: object) -> str:
    """An id as one segment of a URL: every character that means something in a URL
    (`/`, `#`, `&`, `?`, `%`) is encoded, so an id links to itself and nowhere else."""
    return quote(str(value), safe="")


def _settled(av: Afterview) -> None:
    """Read the pipeline and its plan once, then move everything alive so far (modules,
    templates, the pipeline) out of the cyclic garbage collector's way (`gc.freeze`).

    A pipeline of a thousand applications is some hundred thousand objects: without
    this, every full collection walks them all, and one request in twenty pays ~100 ms
    for it. Objects freed by reference counting (an old pipeline after a write) still
    go; only cycles among frozen objects would stay, and the app's own do not change."""
    with suppress(AfterviewError):  # nothing to read yet (or not now): a page will say so
        av.agenda()
    gc.freeze()


def create_app(
    afterview: Afterview | None = None, host: str | None = None, server: Server | None = None
) -> FastAPI:
    """The web UI and its JSON API on one user's afterview, for a server started on
    `host` (the loopback names are always answered; no other Host is). With `server`
    (server mode, docs/server.md), on each signed-in account's afterview instead: every
    request but the sign-in page passes `AccountGate`, and any Host is answered."""
    av = afterview or Afterview(server.settings if server is not None else None)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if server is None:
            await run_in_threadpool(_settled, av)
        yield

    app = FastAPI(
        title="afterview",
        summary="Everything you owe after an interview.",
        docs_url=None,  # served below from the package's own copy of Swagger UI
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.afterview = av if server is None else None  # server mode: per request only
    app.state.server = server
    app.state.signer = Signer(av.web_secret())
    app.state.today_pages = today.TodayPages()  # this process's Today pages, kept while current
    templates = Jinja2Templates(directory=_package_path("templates"))
    templates.env.filters["segment"] = segment
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=_package_path("static")), name="static")

    @app.exception_handler(AfterviewError)
    async def refused(request: Request, error: AfterviewError) -> Response:
        return await error_response(request, error)

    @app.exception_handler(HTTPException)
    async def http_problem(request: Request, error: HTTPException) -> Response:
        if _is_api(request):
            problem = API_PROBLEMS.get(error.status_code, str(error.detail))
            return JSONResponse({"error": [problem]}, error.status_code, error.headers)
        if error.status_code < 400:
            return await http_exception_handler(request, error)
        problem = HTTP_PROBLEMS.get(error.status_code, HTTP_PROBLEMS[400])
        response = problem_response(request, [problem], error.status_code)
        response.headers.update(error.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def form_problem(request: Request, error: RequestValidationError) -> Response:
        problems = [_field_problem(item) for item in error.errors()]
        if _is_api(request):
            return JSONResponse({"error": problems}, 400)
        return problem_response(request, problems, 400)

    @app.exception_handler(Exception)
    async def fault(request: Request, error: Exception) -> Response:
        """A fault of afterview's own: said in words, never a traceback (the server's log
        has it)."""
        if _is_api(request):
            return JSONResponse({"error": [API_PROBLEMS[500]]}, 500)
        return problem_response(request, [HTTP_PROBLEMS[500]], 500)

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs(request: Request) -> HTMLResponse:
        """Swagger UI on the OpenAPI description, from the package (nothing from elsewhere)."""
        return templates.TemplateResponse(request, "api_docs.html", {})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(_package_path("static") / "favicon.ico", media_type="image/x-icon")

    pages = (
        today,
        applications,
        records,
        contacts,
        interviews,
        editor,
        notes,
        settings,
        imports,
        inbox,
        search,
    )
    for page in pages:
        app.include_router(page.router, include_in_schema=False)  # pages, not the API
    app.include_router(touches.router, include_in_schema=False)
    app.include_router(api.router)
    app.include_router(accounts.router, include_in_schema=False)
    app.include_router(coaching.router, include_in_schema=False)
    if server is not None:
        app.add_middleware(AccountGate, server=server)
        app.add_middleware(RequestLog)
    app.openapi = lambda: _described(app)  # type: ignore[method-assign]
    # Outermost last: the headers go on every answer, the Host refusal included.
    app.add_middleware(HeadAsGet)
    hosts = ["*"] if server is not None else allowed_hosts(host)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    app.add_middleware(SameOrigin)
    return app


def server_app() -> FastAPI:
    """Server mode's app from the environment, for several processes behind one address:
    `uvicorn --factory afterview.web.app:server_app --workers 4` (docs/server.md)."""
    from dataclasses import replace

    from afterview.config import AppSettings
    from afterview.server import Server

    return create_app(server=Server(replace(AppSettings.from_environment(), accounts=True)))


def _described(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI description as the API answers: a request it cannot read is a 400
    `{"error": [...]}` (form_problem above), never FastAPI's 422, so 422 is not in it."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                operation.get("responses", {}).pop("422", None)
        components = schema.get("components", {}).get("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        app.openapi_schema = schema
    return app.openapi_schema


def _is_api(request: Request) -> bool:
    """The JSON API, whose errors are `{"error": [...]}` (docs/contracts.md, "The web")."""
    return request.url.path.startswith("/api/")


def _field_problem(item: dict[str, Any]) -> str:
    """One problem of a form FastAPI could not read, named by its field ("at: field required")."""
    location = item.get("loc", ())
    parts = location if isinstance(location, (list, tuple)) else ()
    where = ".".join(str(part) for part in parts if part not in ("body", "query", "path"))
    message = str(item.get("msg", "not valid")).lower()
    return f"{where}: {message}" if where else message
