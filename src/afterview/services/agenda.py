"""Today's agenda as both faces show it: overdue, due, and the next fortnight.

The sections and the horizon are decided here, once; the command line and the web
page only choose how many rows fit on their screen. The machine form (`agenda
--json`, `GET /api/agenda`) lists every open action, whatever the horizon.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from afterview.domain.actions import (
    DUE,
    OVERDUE,
    RULES,
    UPCOMING,
    Action,
    ActionKind,
    closing_touch,
)
from afterview.domain.model import TouchKind

if TYPE_CHECKING:
    from afterview.services.ports import Ports

UPCOMING_DAYS = 14
"""Upcoming shows what opens in the next two weeks; the rest is counted as later."""
DRAFTED_IN_THE_EDITOR = frozenset({ActionKind.THANK_YOU})


@dataclass(frozen=True)
class AgendaRow:
    """An action, the touch that closes it once recorded, and whether a note is drafted for it."""

    action: Action
    closed_by: TouchKind | None
    drafted: bool


@dataclass(frozen=True)
class Section:
    """One state's actions, in agenda order."""

    heading: str
    state: str
    actions: Sequence[Action]

    def rows(self, limit: int) -> list[AgendaRow]:
        """The first `limit` actions, each with what closes it."""
        return [
            AgendaRow(a, closing_touch(a), a.kind in DRAFTED_IN_THE_EDITOR)
            for a in self.actions[:limit]
        ]


class AgendaView:
    """The open actions on a day, sectioned for people and whole for programs."""

    horizon_days = UPCOMING_DAYS

    def __init__(self, as_of: dt.date, actions: Sequence[Action]) -> None:
        self.as_of = as_of
        self.actions = actions

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        """Overdue, due, and what opens within the horizon (made only when shown)."""
        horizon = self.as_of + dt.timedelta(days=UPCOMING_DAYS)
        actions = self.actions
        return (
            Section("Overdue", OVERDUE, [a for a in actions if a.state == OVERDUE]),
            Section("Due today", DUE, [a for a in actions if a.state == DUE]),
            Section(
                "Upcoming",
                UPCOMING,
                [a for a in actions if a.state == UPCOMING and a.due_from <= horizon],
            ),
        )

    @cached_property
    def later(self) -> int:
        """Upcoming actions that open after the horizon."""
        horizon = self.as_of + dt.timedelta(days=UPCOMING_DAYS)
        return sum(1 for a in self.actions if a.state == UPCOMING and a.due_from > horizon)

    @property
    def empty(self) -> bool:
        return not any(section.actions for section in self.sections)

    def to_json(self) -> dict[str, object]:
        """The machine form (`agenda --json`, docs/contracts.md): every open action."""
        # Thousands of actions share a few hundred days: each is written out once. The
        # kind is a StrEnum, which JSON writes as its text.
        iso: dict[dt.date, str] = {}

        def day(value: dt.date) -> str:
            text = iso.get(value)
            if text is None:
                text = iso[value] = value.isoformat()
            return text

        return {
            "as_of": self.as_of.isoformat(),
            "actions": [
                {
                    "kind": a.kind,
                    "application": a.application,
                    "interview": a.interview,
                    "contact": a.contact,
                    "due_from": day(a.due_from),
                    "due_by": day(a.due_by),
                    "state": a.state,
                    "rule": RULES[a.kind],
                    "title": a.title,
                }
                for a in self.actions
            ],
        }


def agenda(ports: Ports, as_of: dt.date | None = None) -> AgendaView:
    """The agenda on `as_of` (default today)."""
    day = as_of or ports.clock.today()
    pipeline = ports.reader.load()
    actions = ports.plans.actions(pipeline, ports.playbook.current(), day, ports.holidays)
    return AgendaView(day, actions)
