"""The network as a page shows it (S16): people from past processes and those kept warm.

Every date here is the planner's own: the last touch comes from its `TouchIndex`, and
the keep-in-touch date and state from its `keep_in_touch` actions, so this view and
Today can never disagree (a reference once alerted is not in the network by that).

The page shows one page of the network: everyone is ordered by a small key (the
check-in's date, the name), and rows are made for the page's people only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
    check_ins = {a.contact: a for a in actions if a.kind is ActionKind.KEEP_IN_TOUCH}
    index = TouchIndex(pipeline)
    networked = index.last_network
    active = _active_interviewers(pipeline)
    order: list[tuple[bool, dt.date, str, int]] = []
    for position, contact in enumerate(pipeline.contacts):
        if contact.id in active and contact.id not in networked:
            continue
        check_in = check_ins.get(contact.id)
        due = check_in.due_from if check_in else dt.date.max
        order.append((check_in is None, due, contact.name, position))
    order.sort()
    shown = paging(len(order), page, size)
    people = [pipeline.contacts[key[3]] for key in order[shown.start : shown.stop]]
    known = _known_from(pipeline, {contact.id for contact in people})
    references = set(pipeline.profile.references) if pipeline.profile else set()
    rows = []
    for contact in people:
        labels = list(known.get(contact.id, []))
        if contact.id in references:
            labels.append("one of your references")
        if contact.id in networked:
            labels.append("in your network")
        last = index.last_touch.get(contact.id)
        rows.append(NetworkRow(contact, tuple(labels), last, check_ins.get(contact.id)))
    return NetworkView(day, tuple(rows), settings.keep_in_touch_days, shown)


def _active_interviewers(pipeline: Pipeline) -> set[str]:
    """Who interviews the user in an active process."""
    return {
        contact_id
        for application in pipeline.applications
        if application.status.active
        for interview in application.interviews
        for contact_id in interview.interviewers
    }


def _known_from(pipeline: Pipeline, people: set[str]) -> dict[str, list[str]]:
    """How the user knows each of `people` who interviewed them, one label per process."""
    known: dict[str, list[str]] = {}
    for application in pipeline.applications:
        label = f"interviewed you at {application.company} ({application.status.value})"
        for interview in application.interviews:
            for contact_id in interview.interviewers:
                if contact_id not in people:
                    continue
                labels = known.setdefault(contact_id, [])
                if label not in labels:
                    labels.append(label)
    return known
