"""The web face: FastAPI + Jinja2 + htmx over the same `Afterview` as the command line.

`create_app(afterview)` builds everything; nothing happens at import time. Pages are
server-rendered and readable without JavaScript; htmx only saves reloads. Each page
module holds a router of thin routes: parse the form, call the Afterview, render.
The server answers its own user only (`security.py`).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from afterview.bootstrap import Afterview
from afterview.errors import AfterviewError
from afterview.web import (
    api,
    applications,
    contacts,
    editor,
    imports,
    interviews,
    notes,
    records,
    search,
    settings,
    today,
    touches,
)
from afterview.web.common import error_response, own_path, render
from afterview.web.security import HeadAsGet, SameOrigin, Signer, allowed_hosts

HTTP_PROBLEMS = {
    404: "There is no such page here.",
    405: "This page cannot be used that way.",
}
API_PROBLEMS = {
    400: "the body is not JSON this API can read",
    404: "no such route in the API (see /openapi.json)",
    405: "this route does not take that method (see /openapi.json)",
}


def _package_path(name: str) -> Path:
    return Path(str(resources.files("afterview.web") / name))


def segment(value: object) -> str:
    """An id as one segment of a URL: every character that means something in a URL
    (`/`, `#`, `&`, `?`, `%`) is encoded, so an id links to itself and nowhere else."""
    return quote(str(value), safe="")


def create_app(afterview: Afterview | None = None, host: str | None = None) -> FastAPI:
    """The web UI and its JSON API on one user's afterview, for a server started on
    `host` (the loopback names are always answered; no other Host is)."""
    av = afterview or Afterview()
    app = FastAPI(
        title="afterview",
        summary="Everything you owe after an interview.",
        docs_url=None,  # served below from the package's own copy of Swagger UI
        redoc_url=None,
    )
    app.state.afterview = av
    app.state.signer = Signer(av.web_secret())
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
        if not _wants_page(request) or error.status_code not in HTTP_PROBLEMS:
            return await http_exception_handler(request, error)
        context = {"problems": [HTTP_PROBLEMS[error.status_code]], "action": own_path(request)}
        response = render(request, "error.html", context, error.status_code)
        response.headers.update(error.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def form_problem(request: Request, error: RequestValidationError) -> Response:
        problems = [_field_problem(item) for item in error.errors()]
        if _is_api(request):
            return JSONResponse({"error": problems}, 400)
        if not _wants_page(request):
            return await request_validation_exception_handler(request, error)
        context = {"problems": problems, "action": own_path(request)}
        return render(request, "error.html", context, 400)

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
        search,
    )
    for page in pages:
        app.include_router(page.router, include_in_schema=False)  # pages, not the API
    app.include_router(touches.router, include_in_schema=False)
    app.include_router(api.router)
    # Outermost last: the headers go on every answer, the Host refusal included.
    app.add_middleware(HeadAsGet)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))
    app.add_middleware(SameOrigin)
    return app


def _is_api(request: Request) -> bool:
    """The JSON API, whose errors are `{"error": [...]}` (docs/contracts.md, "The web")."""
    return request.url.path.startswith("/api/")


def _wants_page(request: Request) -> bool:
    """A person's browser (which asks for HTML), not a program."""
    return "text/html" in request.headers.get("accept", "")


def _field_problem(item: dict[str, Any]) -> str:
    """One problem of a form FastAPI could not read, named by its field ("at: field required")."""
    location = item.get("loc", ())
    parts = location if isinstance(location, (list, tuple)) else ()
    where = ".".join(str(part) for part in parts if part not in ("body", "query", "path"))
    message = str(item.get("msg", "not valid")).lower()
    return f"{where}: {message}" if where else message
