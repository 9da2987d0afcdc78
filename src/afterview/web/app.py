"""The web face: FastAPI + Jinja2 + htmx over the same `Afterview` as the command line.

`create_app(afterview)` builds everything; nothing happens at import time. Pages are
server-rendered and readable without JavaScript; htmx only saves reloads. Each page
module holds a router of thin routes: parse the form, call the Afterview, render.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from afterview.bootstrap import Afterview
from afterview.errors import AfterviewError
from afterview.web import api, editor, imports, interviews, records, settings, today
from afterview.web.common import error_response


def _package_path(name: str) -> Path:
    return Path(str(resources.files("afterview.web") / name))


def create_app(afterview: Afterview | None = None) -> FastAPI:
    """The web UI and its JSON API on one user's afterview."""
    app = FastAPI(title="afterview", summary="Everything you owe after an interview.")
    app.state.afterview = afterview or Afterview()
    app.state.templates = Jinja2Templates(directory=_package_path("templates"))
    app.mount("/static", StaticFiles(directory=_package_path("static")), name="static")

    @app.exception_handler(AfterviewError)
    async def refused(request: Request, error: AfterviewError) -> Response:
        return await error_response(request, error)

    for page in (today, records, interviews, editor, settings, imports, api):
        app.include_router(page.router)
    return app
