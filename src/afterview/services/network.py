"""The network as a page shows it (S16): people from past processes and those kept warm.

Every date here is the planner's own: the last touch comes from its `TouchIndex`, and
the keep-in-touch date and state from its `keep_in_touch` actions, so this view and
Today can never disagree (a reference once alerted is not in the network by that).

The page shows one page of the network: everyone is ordered by a small key (the
check-in's date, the name), and rows are made for the page's people only. The order is
kept while the pipeline and the plan are the very same objects (the reader hands back
the same Pipeline until the store changes, and `Plans` the same actions), so paging
through a network of 120,000 sorts it once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from afterview.domain.actions import Action, ActionKind
from afterview.domain.model import Contact, Pipeline
from afterview.domain.planner import TouchIndex
from afterview.services.paging import PAGE_SIZE, Paging, paging
from afterview.services.ports import Ports


@dataclass(frozen=True, slots=True)
class NetworkRow:
    contact: Contact
    known_from: tuple[str, ...]
    last_touch: dt.date | None
    keep_in_touch: Action | None
    """The planner's check-in with them, if they are in the network."""


@dataclass(frozen=True)
class NetworkView:
    as_of: dt.date
    rows: tuple[NetworkRow, ...]
    """The page's rows, soonest check-in first."""
    interval_days: int
    """How often to check in with someone in the network (the playbook's number)."""
    paging: Paging
    """Which page `rows` are, of how many people in all."""


def network(
    ports: Ports, as_of: dt.date | None = None, page: int = 1, size: int = PAGE_SIZE
) -> NetworkView:
    """Everyone not interviewing you now, or kept warm, soonest check-in first: page
    `page` of them (the last when there are fewer pages)."""
    day = as_of or ports.clock.today()
    pipeline = ports.reader.load()
    settings = ports.playbook.current()
    actions = ports.plans.actions(pipeline, settings, day, ports.holidays)
    order = _order(pipeline, actions)
    shown = paging(len(order.people), page, size)
    people = [pipeline.contacts[position] for position in order.people[shown.start : shown.stop]]
    references = set(pipeline.profile.references) if pipeline.profile else set()
    rows = []
    for contact in people:
        labels = list(order.known.get(contact.id, ()))
        if contact.id in references:
            labels.append("one of your references")
        if contact.id in order.touches.last_network:
            labels.append("in your network")
        last = order.touches.last_touch.get(contact.id)
        rows.append(NetworkRow(contact, tuple(labels), last, order.check_ins.get(contact.id)))
    return NetworkView(day, tuple(rows), settings.keep_in_touch_days, shown)


class _Order(NamedTuple):
    """The network's order for one pipeline and its plan, and what it was made from."""

    pipeline: Pipeline
    actions: list[Action]
    touches: TouchIndex
    check_ins: dict[str | None, Action]
    known: dict[str, list[str]]
    """How the user knows each interviewer: one label per process."""
    people: list[int]
    """Positions in `pipeline.contacts` of everyone in the network, soonest check-in first."""


_last_order: list[_Order] = []
"""The last order made (one at most): the same pipeline and plan give the same order."""


def _order(pipeline: Pipeline, actions: list[Action]) -> _Order:
    for kept in _last_order:
        if kept.pipeline is pipeline and kept.actions is actions:
            return kept
    check_ins = {a.contact: a for a in actions if a.kind is ActionKind.KEEP_IN_TOUCH}
    index = TouchIndex(pipeline)
    networked = index.last_network
    active, known = _interviewers(pipeline)
    keys: list[tuple[bool, dt.date, str, int]] = []
    for position, contact in enumerate(pipeline.contacts):
        if contact.id in active and contact.id not in networked:
            continue
        check_in = check_ins.get(contact.id)
        due = check_in.due_from if check_in else dt.date.max
        keys.append((check_in is None, due, contact.name, position))
    keys.sort()
    order = _Order(pipeline, actions, index, check_ins, known, [key[3] for key in keys])
    _last_order[:] = [order]  # kept with its pipeline and plan, so neither id is reused
    return order


def _interviewers(pipeline: Pipeline) -> tuple[set[str], dict[str, list[str]]]:
    """Who interviews the user in an active process, and how the user knows each interviewer."""
    active: set[str] = set()
    known: dict[str, list[str]] = {}
    for application in pipeline.applications:
        label = f"interviewed you at {application.company} ({application.status.value})"
        for interview in application.interviews:
            for contact_id in interview.interviewers:
                if application.status.active:
                    active.add(contact_id)
                labels = known.setdefault(contact_id, [])
                if label not in labels:
                    labels.append(label)
    return active, known
