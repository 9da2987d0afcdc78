"""Today's agenda as both faces show it: overdue, due, and the next fortnight.

The sections and the horizon are decided here, once; the command line and the web
page only choose how many rows fit on their screen. The machine form (`agenda
--json`, `GET /api/agenda`) lists every open action, whatever the horizon.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from afterview.domain.actions import (
    DUE,
    OVERDUE,
    RULES,
    UPCOMING,
    Action,
    ActionKind,
    closing_touch,
)
from afterview.domain.model import Application, Contact, Medium, Pipeline, TouchKind, medium_for
from afterview.domain.planner import REACH_NAMES, missing_details

if TYPE_CHECKING:
    from afterview.services.ports import Ports

UPCOMING_DAYS = 14
"""Upcoming shows what opens in the next two weeks; the rest is counted as later."""
DRAFTED_IN_THE_EDITOR = frozenset({ActionKind.THANK_YOU})


class Note(NamedTuple):
    """The note drafted for an action, by its kind (the page knows where each is drafted),
    and the word of the link to it."""

    kind: str
    label: str


NOTES = {
    ActionKind.ALERT_REFERENCES: Note("reference_alert", "Draft"),
    ActionKind.FOLLOW_UP_CALL: Note("call_script", "Script"),
    ActionKind.FOLLOW_UP: Note("follow_up", "Draft"),
    ActionKind.LEVERAGE_OFFER: Note("leverage", "Draft"),
    ActionKind.RECONNECT: Note("reconnect", "Draft"),
    ActionKind.KEEP_IN_TOUCH: Note("keep_in_touch", "Draft"),
}
"""The notes drafted for an action (S5's thank-you has an editor of its own)."""


class Detail(NamedTuple):
    """A contact's field S4 still needs, and its name on a form."""

    field: str
    label: str


DETAILS = {
    "title": Detail("title", "Title"),
    REACH_NAMES[Medium.EMAIL]: Detail("email", "Email"),
    REACH_NAMES[Medium.MAIL]: Detail("address", "Postal address"),
    REACH_NAMES[Medium.FAX]: Detail("fax", "Fax number"),
    REACH_NAMES[Medium.PHONE]: Detail("phone", "Phone number"),
}


class Resolve(StrEnum):
    """What resolves an action of a kind that no touch closes, in place."""

    DECISION_DATE = "decision_date"
    """S1: the interview's decision date."""
    CONTACT = "contact"
    """S4: the interviewer's missing details."""
    INTERVIEWERS = "interviewers"
    """S4: who interviewed you (the interview's panel, edited with the interview)."""
    REFERENCE = "reference"
    """S9: a contact named as a reference."""
    APPLY = "apply"
    """S10: a new application."""


@dataclass(frozen=True)
class AgendaRow:
    """An action, the touch that closes it once recorded, whether a note is drafted for it
    in the editor or elsewhere (`note`), and what else resolves it in place: its kind, the
    contact's missing details (S4), the people who could be references (S9)."""

    action: Action
    closed_by: TouchKind | None
    drafted: bool
    note: Note | None = None
    resolve: Resolve | None = None
    missing: tuple[Detail, ...] = ()
    candidates: tuple[Contact, ...] = ()

    @property
    def key(self) -> tuple[str, str, str, str]:
        return key_of(self.action)

    @property
    def slug(self) -> str:
        """A short name for the row, fit for an HTML id (the records' ids may not be)."""
        return (
            "r"
            + hashlib.sha1("\x1f".join(self.key).encode(), usedforsecurity=False).hexdigest()[:10]
        )


def key_of(action: Action) -> tuple[str, str, str, str]:
    """What tells an action from every other: its kind and its records."""
    return (
        action.kind.value,
        action.application or "",
        action.interview or "",
        action.contact or "",
    )


def plain_row(action: Action) -> AgendaRow:
    """An action's row without the records (what closes it, its note)."""
    return AgendaRow(
        action, closing_touch(action), action.kind in DRAFTED_IN_THE_EDITOR, NOTES.get(action.kind)
    )


@dataclass(frozen=True)
class Section:
    """One state's actions, in agenda order."""

    heading: str
    state: str
    actions: Sequence[Action]
    row_of: Callable[[Action], AgendaRow] = plain_row

    def rows(self, limit: int, start: int = 0) -> list[AgendaRow]:
        """`limit` actions from the `start`th, each with what closes it."""
        return [self.row_of(a) for a in self.actions[start : start + limit]]


class AgendaView:
    """The open actions on a day, sectioned for people and whole for programs. Given the
    pipeline they come from, each row says what resolves it in place."""

    horizon_days = UPCOMING_DAYS

    def __init__(
        self, as_of: dt.date, actions: Sequence[Action], pipeline: Pipeline | None = None
    ) -> None:
        self.as_of = as_of
        self.actions = actions
        self.pipeline = pipeline

    def count(self, state: str) -> int:
        """How many open actions are in `state` (overdue, due, upcoming)."""
        return sum(1 for action in self.actions if action.state == state)

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        """Overdue, due, and what opens within the horizon (made only when shown)."""
        horizon = self.as_of + dt.timedelta(days=UPCOMING_DAYS)
        actions = self.actions
        row = self.row
        return (
            Section("Overdue", OVERDUE, [a for a in actions if a.state == OVERDUE], row),
            Section("Due now", DUE, [a for a in actions if a.state == DUE], row),
            Section(
                "Upcoming",
                UPCOMING,
                [a for a in actions if a.state == UPCOMING and a.due_from <= horizon],
                row,
            ),
        )

    def row(self, action: Action) -> AgendaRow:
        """The action's row, with what resolves it in place when the pipeline says."""
        plain = plain_row(action)
        if self.pipeline is None:
            return plain
        kind = action.kind
        if kind is ActionKind.ASK_DECISION_DATE and action.interview:
            return replace(plain, resolve=Resolve.DECISION_DATE)
        if kind is ActionKind.COMPLETE_CONTACT and action.interview:
            if action.contact is None:
                return replace(plain, resolve=Resolve.INTERVIEWERS)
            missing = self._missing(action)
            return replace(plain, resolve=Resolve.CONTACT, missing=missing) if missing else plain
        if kind is ActionKind.ADD_REFERENCES:
            return replace(plain, resolve=Resolve.REFERENCE, candidates=self._candidates)
        if kind is ActionKind.KEEP_SEARCHING:
            return replace(plain, resolve=Resolve.APPLY)
        return plain

    def find(self, key: tuple[str, str, str, str]) -> tuple[Section, AgendaRow] | None:
        """The section and row of the action with this key, if it is among the sections."""
        for section in self.sections:
            for action in section.actions:
                if key_of(action) == key:
                    return section, self.row(action)
        return None

    def shown(self, limit: int) -> list[tuple[str, tuple[str, str, str, str], str]]:
        """What a page showing `limit` rows a section shows: each row's section, key and
        title (to tell whether a change did more than take one row away)."""
        return [
            (section.state, key_of(a), a.title)
            for section in self.sections
            for a in section.actions[:limit]
        ]

    def _missing(self, action: Action) -> tuple[Detail, ...]:
        """S4: the contact's details still missing, as the planner sees them."""
        contact = self._contacts.get(action.contact or "")
        application = self._applications.get(action.application or "")
        if contact is None or application is None:
            return ()
        words = missing_details(contact, medium_for(contact, application))
        return tuple(DETAILS[word] for word in words if word in DETAILS)

    @cached_property
    def _contacts(self) -> dict[str, Contact]:
        return self.pipeline.contact_map() if self.pipeline else {}

    @cached_property
    def _applications(self) -> dict[str, Application]:
        return self.pipeline.application_map() if self.pipeline else {}

    @cached_property
    def _candidates(self) -> tuple[Contact, ...]:
        """S9: who could be named a reference (everyone known who is not one yet)."""
        if self.pipeline is None:
            return ()
        profile = self.pipeline.profile
        named = set(profile.references) if profile else set()
        others = [c for c in self.pipeline.contacts if c.id not in named]
        return tuple(sorted(others, key=lambda c: c.name.casefold()))

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


def agenda(
    ports: Ports, as_of: dt.date | None = None, pipeline: Pipeline | None = None
) -> AgendaView:
    """The agenda on `as_of` (default today), of `pipeline` when the caller has just read
    it from `ports.reader` (a page that looked at the records first reads them once)."""
    day = as_of or ports.clock.today()
    if pipeline is None:
        pipeline = ports.reader.load()
    actions = ports.plans.actions(pipeline, ports.playbook.current(), day, ports.holidays)
    return AgendaView(day, actions, pipeline)
