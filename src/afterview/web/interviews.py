"""Adding an interview from the browser: when, what kind, and who was on the panel (S4, S5)."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from afterview.bootstrap import Afterview
from afterview.errors import InvalidInput
from afterview.services.records import NewInterviewer, add_interview
from afterview.web.app import Csrf, render

PANEL_ROWS = 4


def install(app: FastAPI, av: Afterview, templates: Jinja2Templates) -> None:
    @app.get("/interviews/new", response_class=HTMLResponse)
    def new_interview(request: Request, application: str = "") -> HTMLResponse:
        pipeline = av.reader.load()
        return render(
            templates,
            request,
            "interview_new.html",
            {
                "applications": pipeline.applications,
                "chosen": application,
                "rows": range(PANEL_ROWS),
                "problems": [],
                "page": "pipeline",
            },
        )

    @app.post("/interviews", response_model=None)
    def create_interview(
        request: Request,
        _: Csrf,
        application: Annotated[str, Form()],
        at: Annotated[str, Form()],
        kind: Annotated[str, Form()] = "",
        name: Annotated[list[str] | None, Form()] = None,
        title: Annotated[list[str] | None, Form()] = None,
        email: Annotated[list[str] | None, Form()] = None,
    ) -> Response:
        people = [
            NewInterviewer(n.strip(), (t or "").strip() or None, (e or "").strip() or None)
            for n, t, e in zip(name or [], title or [], email or [], strict=False)
            if n.strip()
        ]
        try:
            add_interview(av.store, application, at.strip(), people, kind=kind or None)
        except InvalidInput as error:
            pipeline = av.reader.load()
            return render(
                templates,
                request,
                "interview_new.html",
                {
                    "applications": pipeline.applications,
                    "chosen": application,
                    "rows": range(PANEL_ROWS),
                    "problems": error.problems,
                    "page": "pipeline",
                },
                status_code=400,
            )
        return RedirectResponse("/", status_code=303)
