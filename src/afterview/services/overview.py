"""What the user sees each morning: the agenda, and the pipeline at a glance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from afterview.domain.health import Health, assess
from afterview.domain.model import Application, Pipeline
from afterview.domain.planner import Action, plan
from afterview.domain.settings import PlaybookSettings


def agenda_json(actions: list[Action], as_of: dt.date) -> dict[str, object]:
    """The machine form of the agenda (DESIGN §2, `agenda --json`)."""
    return {
        "as_of": as_of.isoformat(),
        "actions": [
            {
                "kind": a.kind.value,
                "application": a.application,
                "interview": a.interview,
                "contact": a.contact,
                "due_from": a.due_from.isoformat(),
                "due_by": a.due_by.isoformat(),
                "state": a.state,
                "rule": a.rule,
                "title": a.title,
            }
            for a in actions
        ],
    }


@dataclass(frozen=True)
class ApplicationLine:
    """One application as the pipeline table shows it."""

    application: Application
    next_action: Action | None
    days_since_contact: int | None


@dataclass(frozen=True)
class Overview:
    lines: tuple[ApplicationLine, ...]
    health: Health


def overview(pipeline: Pipeline, settings: PlaybookSettings, as_of: dt.date) -> Overview:
    """Every application with its next action and quiet days, and the health of the search."""
    first: dict[str, Action] = {}
    for action in plan(pipeline, settings, as_of):
        if action.application is not None:
            first.setdefault(action.application, action)
    last: dict[str, dt.date] = {}
    for touch in pipeline.touches:
        if (
            touch.application
            and touch.on <= as_of
            and touch.on > last.get(touch.application, dt.date.min)
        ):
            last[touch.application] = touch.on
    lines = tuple(
        ApplicationLine(a, first.get(a.id), (as_of - last[a.id]).days if a.id in last else None)
        for a in pipeline.applications
    )
    return Overview(lines, assess(pipeline, settings, as_of))
