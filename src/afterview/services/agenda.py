"""Today's agenda as both faces show it: overdue, due, and the next fortnight.

The sections and the horizon are decided here, once; the command line and the web
page only choose how many rows fit on their screen. The machine form (`agenda
--json`, `GET /api/agenda`) lists every open action, whatever the horizon.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from afterview.domain.model import TouchKind
from afterview.domain.planner import DUE, OVERDUE, UPCOMING, Action, ActionKind, closing_touch
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


@dataclass(frozen=True)
class AgendaView:
    """The open actions on a day, sectioned for people and whole for programs."""

    as_of: dt.date
    actions: Sequence[Action]
    sections: tuple[Section, ...]
    later: int
    """Upcoming actions that open after the horizon."""
    horizon_days: int = UPCOMING_DAYS

    @property
    def empty(self) -> bool:
        return not any(section.actions for section in self.sections)

    def to_json(self) -> dict[str, object]:
        """The machine form (`agenda --json`, docs/contracts.md): every open action."""
        return {
            "as_of": self.as_of.isoformat(),
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
                for a in self.actions
            ],
        }


def agenda(ports: Ports, as_of: dt.date | None = None) -> AgendaView:
    """The agenda on `as_of` (default today)."""
    day = as_of or ports.clock.today()
    pipeline = ports.reader.load()
    actions = ports.plans.actions(pipeline, ports.playbook.current(), day, ports.holidays)
    return agenda_of(actions, day)


def agenda_of(actions: Sequence[Action], as_of: dt.date) -> AgendaView:
    """Overdue, due, and what opens within the horizon; later ones counted."""
    horizon = as_of + dt.timedelta(days=UPCOMING_DAYS)
    upcoming = [a for a in actions if a.state == UPCOMING]
    return AgendaView(
        as_of,
        actions,
        (
            Section("Overdue", OVERDUE, [a for a in actions if a.state == OVERDUE]),
            Section("Due today", DUE, [a for a in actions if a.state == DUE]),
            Section("Upcoming", UPCOMING, [a for a in upcoming if a.due_from <= horizon]),
        ),
        sum(1 for a in upcoming if a.due_from > horizon),
    )
