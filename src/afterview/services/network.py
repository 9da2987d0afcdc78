"""The network as a page shows it (S16): people from past processes and those kept warm.

Every date here is the planner's own: the last touch comes from its `TouchIndex`, and
the keep-in-touch date and state from its `keep_in_touch` actions, so this view and
Today can never disagree (a reference once alerted is not in the network by that).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from afterview.domain.actions import Action, ActionKind
from afterview.domain.model import Contact, Pipeline
from afterview.domain.planner import TouchIndex
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
    interval_days: int
    """How often to check in with someone in the network (the playbook's number)."""


def network(ports: Ports, as_of: dt.date | None = None) -> NetworkView:
    """Everyone not interviewing you now, or kept warm, soonest check-in first."""
    day = as_of or ports.clock.today()
    pipeline = ports.reader.load()
    settings = ports.playbook.current()
    actions = ports.plans.actions(pipeline, settings, day, ports.holidays)
    check_ins = {a.contact: a for a in actions if a.kind is ActionKind.KEEP_IN_TOUCH}
    index = TouchIndex(pipeline)
    active, known = _interviewers(pipeline)
    references = set(pipeline.profile.references) if pipeline.profile else set()
    rows = []
    for contact in pipeline.contacts:
        networked = contact.id in index.last_network
        if contact.id in active and not networked:
            continue
        labels = list(known.get(contact.id, []))
        if contact.id in references:
            labels.append("one of your references")
        if networked:
            labels.append("in your network")
        last = index.last_touch.get(contact.id)
        rows.append(NetworkRow(contact, tuple(labels), last, check_ins.get(contact.id)))
    rows.sort(key=_soonest_first)
    return NetworkView(day, tuple(rows), settings.keep_in_touch_days)


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


def _soonest_first(row: NetworkRow) -> tuple[bool, dt.date, str]:
    due = row.keep_in_touch.due_from if row.keep_in_touch else dt.date.max
    return (row.keep_in_touch is None, due, row.contact.name)
