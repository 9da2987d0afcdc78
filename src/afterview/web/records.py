"""The record pages: one application in full, and the network (issue 5, DESIGN S4, S12-S16).

`install(app, av, templates)` adds the routes; nothing happens at import time. Each
page reads the pipeline once and works out what it shows with the planner's own rules,
so a page never disagrees with Today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from afterview.bootstrap import Afterview
from afterview.domain.calendar import calendar_of
from afterview.domain.followups import next_step
from afterview.domain.model import (
    Application,
    Contact,
    Medium,
    Pipeline,
    Touch,
    TouchKind,
    medium_for,
)
from afterview.domain.planner import (
    missing_details,
    state_on,
)
from afterview.domain.settings import PlaybookSettings
from afterview.web.app import as_of_date, render


@dataclass(frozen=True, slots=True)
class InterviewerCard:
    """An interviewer as S4 wants them: exact name, title, and the reach their medium needs."""

    id: str
    contact: Contact | None
    medium: Medium
    reach: str | None
    missing: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.contact.name if self.contact else self.id

    @property
    def badge(self) -> str:
        return "missing: " + ", ".join(self.missing) if self.missing else "complete"


@dataclass(frozen=True, slots=True)
class TimelineRow:
    touch: Touch
    who: str


@dataclass(frozen=True, slots=True)
class NetworkRow:
    contact: Contact
    known_from: tuple[str, ...]
    last_touch: dt.date | None
    keep_in_touch: dt.date | None
    state: str


def install(app: FastAPI, av: Afterview, templates: Jinja2Templates) -> None:
    """Add GET /applications/{id} and GET /network to the web UI."""

    @app.get("/applications/{application_id}", response_class=HTMLResponse)
    def application_page(
        request: Request, application_id: str, as_of: str | None = None
    ) -> HTMLResponse:
        day = as_of_date(as_of, av)
        pipeline = av.reader.load()
        application = pipeline.application(application_id)  # NotFound -> the 404 page
        touches = [t for t in pipeline.touches if t.application == application.id]
        names = {contact.id: contact.name for contact in pipeline.contacts}
        timeline = [
            TimelineRow(t, names.get(t.contact, t.contact) if t.contact else "")
            for t in sorted(touches, key=lambda t: t.on)
        ]
        context = {
            "page": "pipeline",
            "as_of": day,
            "application": application,
            "interviews": sorted(application.interviews, key=lambda i: i.moment),
            "cards": interviewer_cards(pipeline, application),
            "timeline": timeline,
            "next_step": next_step(
                application, touches, av.playbook, calendar_of(pipeline.profile)
            ),
        }
        return render(templates, request, "application.html", context)

    @app.get("/network", response_class=HTMLResponse)
    def network_page(request: Request, as_of: str | None = None) -> HTMLResponse:
        day = as_of_date(as_of, av)
        rows = network_rows(av.reader.load(), av.playbook, day)
        return render(
            templates, request, "network.html", {"page": "network", "as_of": day, "rows": rows}
        )


def interviewer_cards(pipeline: Pipeline, application: Application) -> list[InterviewerCard]:
    """Everyone who interviewed you for this application, once each, in interview order."""
    contacts = pipeline.contact_map()
    cards: list[InterviewerCard] = []
    seen: set[str] = set()
    for interview in sorted(application.interviews, key=lambda i: i.moment):
        for contact_id in interview.interviewers:
            if contact_id in seen:
                continue
            seen.add(contact_id)
            contact = contacts.get(contact_id)
            medium = medium_for(contact, application)
            reach = contact.reach(medium) if contact else None
            missing = missing_details(contact, medium)
            cards.append(InterviewerCard(contact_id, contact, medium, reach, tuple(missing)))
    return cards


def network_rows(
    pipeline: Pipeline, settings: PlaybookSettings, as_of: dt.date
) -> list[NetworkRow]:
    """Past processes and the network (S16): everyone not interviewing you now, or kept warm."""
    active: set[str] = set()
    known: dict[str, list[str]] = {}
    for application in pipeline.applications:
        for interview in application.interviews:
            for contact_id in interview.interviewers:
                if application.status.active:
                    active.add(contact_id)
                label = f"interviewed you at {application.company} ({application.status.value})"
                labels = known.setdefault(contact_id, [])
                if label not in labels:
                    labels.append(label)
    references = set(pipeline.profile.references) if pipeline.profile else set()
    last: dict[str, dt.date] = {}
    networked: set[str] = set()
    for touch in pipeline.touches:
        if touch.contact is None:
            continue
        if touch.kind is TouchKind.NETWORK:
            networked.add(touch.contact)
        if last.get(touch.contact, dt.date.min) < touch.on:
            last[touch.contact] = touch.on
    interval = dt.timedelta(days=settings.keep_in_touch_days)
    window = dt.timedelta(days=settings.keep_in_touch_window_days)
    rows: list[NetworkRow] = []
    for contact in pipeline.contacts:
        if contact.id in active and contact.id not in networked:
            continue
        labels = list(known.get(contact.id, []))
        if contact.id in references:
            labels.append("one of your references")
        if contact.id in networked:
            labels.append("in your network")
        touched = last.get(contact.id)
        keep = touched + interval if touched else None
        state = state_on(as_of, keep, keep + window) if keep else ""
        rows.append(NetworkRow(contact, tuple(labels), touched, keep, state))
    rows.sort(
        key=lambda r: (r.keep_in_touch is None, r.keep_in_touch or dt.date.min, r.contact.name)
    )
    return rows
