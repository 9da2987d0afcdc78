"""The pipeline at a glance: every application with its next action, and the search's health.

The Pipeline page asks for one page of the applications at a stage (or at every stage):
lines are made for that page's applications only, and each stage is counted. What every
page reads (each application's first action and last contact, the stages, the health)
is kept while the pipeline and the plan are the very same objects, as `network` does.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from afterview.domain.actions import Action
from afterview.domain.health import Health, assess
from afterview.domain.model import Application, Pipeline, Status
from afterview.domain.settings import PlaybookSettings
from afterview.services.paging import PAGE_SIZE, Paging, paging
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
    """Every application, or the page asked for of those at the stage asked for."""
    health: Health
    stages: tuple[tuple[str, int], ...] = ()
    """How many applications are at each stage, by the stage's name, in name order."""
    paging: Paging | None = None
    """Which page `lines` are, when a page was asked for."""

    @property
    def total(self) -> int:
        """How many applications there are, at every stage."""
        return sum(count for _, count in self.stages)


def overview(
    ports: Ports,
    as_of: dt.date | None = None,
    status: Status | None = None,
    page: int | None = None,
    size: int = PAGE_SIZE,
) -> Overview:
    """Every application with its next action and quiet days, and the health of the search;
    only those at `status` when given, and only page `page` of them when given (the last
    page past the end)."""
    day = as_of or ports.clock.today()
    pipeline = ports.reader.load()
    settings = ports.playbook.current()
    chosen = [a for a in pipeline.applications if status is None or a.status is status]
    shown = None
    if page is not None:
        shown = paging(len(chosen), page, size)
        chosen = chosen[shown.start : shown.stop]
    summary = _summary(
        pipeline, settings, day, ports.plans.actions(pipeline, settings, day, ports.holidays)
    )
    lines = tuple(
        ApplicationLine(
            a,
            summary.first.get(a.id),
            (day - summary.last[a.id]).days if a.id in summary.last else None,
            _days_left(a, day),
        )
        for a in chosen
    )
    return Overview(day, lines, summary.health, summary.stages, shown)


class _Summary(NamedTuple):
    """What every page of the pipeline reads, for one pipeline, plan, playbook and day."""

    pipeline: Pipeline
    actions: list[Action]
    settings: PlaybookSettings
    day: dt.date
    first: dict[str, Action]
    """Each application's first open action."""
    last: dict[str, dt.date]
    """Each application's last contact on or before `day`."""
    stages: tuple[tuple[str, int], ...]
    health: Health


_last_summary: list[_Summary] = []
"""The last summary made (one at most)."""


def _summary(
    pipeline: Pipeline, settings: PlaybookSettings, day: dt.date, actions: list[Action]
) -> _Summary:
    for kept in _last_summary:
        if (
            kept.pipeline is pipeline
            and kept.actions is actions
            and kept.settings == settings
            and kept.day == day
        ):
            return kept
    first: dict[str, Action] = {}
    for action in actions:
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
    counts = Counter(a.status.value for a in pipeline.applications)
    health = assess(pipeline, settings, day)
    summary = _Summary(
        pipeline, actions, settings, day, first, last, tuple(sorted(counts.items())), health
    )
    _last_summary[:] = [summary]  # kept with its pipeline and plan, so neither id is reused
    return summary


def _days_left(application: Application, as_of: dt.date) -> int | None:
    offer = application.offer
    if offer is None or offer.deadline is None:
        return None
    return (offer.deadline - as_of).days
