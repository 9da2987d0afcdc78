"""The pipeline at a glance: every application with its next action, and the search's health."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from afterview.domain.actions import Action
from afterview.domain.health import Health, assess
from afterview.domain.model import Application
from afterview.services.ports import Ports


@dataclass(frozen=True)
class ApplicationLine:
    """One application as the pipeline table shows it."""

    application: Application
    next_action: Action | None
    days_since_contact: int | None
    offer_days_left: int | None = None
    """Days until the offer's deadline (negative once it has passed), if it has one (S15)."""


@dataclass(frozen=True)
class Overview:
    as_of: dt.date
    lines: tuple[ApplicationLine, ...]
    health: Health


def overview(ports: Ports, as_of: dt.date | None = None) -> Overview:
    """Every application with its next action and quiet days, and the health of the search."""
    day = as_of or ports.clock.today()
    pipeline = ports.reader.load()
    settings = ports.playbook.current()
    first: dict[str, Action] = {}
    for action in ports.plans.actions(pipeline, settings, day, ports.holidays):
        if action.application is not None:
            first.setdefault(action.application, action)
    last: dict[str, dt.date] = {}
    for touch in pipeline.touches:
        if (
            touch.application
            and touch.on <= day
            and touch.on > last.get(touch.application, dt.date.min)
        ):
            last[touch.application] = touch.on
    lines = tuple(
        ApplicationLine(
            a,
            first.get(a.id),
            (day - last[a.id]).days if a.id in last else None,
            _days_left(a, day),
        )
        for a in pipeline.applications
    )
    return Overview(day, lines, assess(pipeline, settings, day))


def _days_left(application: Application, as_of: dt.date) -> int | None:
    offer = application.offer
    if offer is None or offer.deadline is None:
        return None
    return (offer.deadline - as_of).days
