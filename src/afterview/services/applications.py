"""One application in full, as a page shows it: its interviews, the people on its panels
with what S4 still needs of each, its timeline, and the next follow-up with the reason it
is not due any sooner. Every rule here is the planner's own (`missing_details`,
`next_step`), so the page never disagrees with Today."""

from __future__ import annotations

from dataclasses import dataclass

from afterview.domain.calendar import calendar_of
from afterview.domain.followups import NextStep, next_step
from afterview.domain.model import (
    Application,
    Contact,
    Interview,
    Medium,
    Pipeline,
    Touch,
    medium_for,
)
from afterview.domain.planner import missing_details
from afterview.services.ports import Ports
from afterview.services.touches import touch_key


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
    key: str
    """Names this touch to `delete_touch` (`services/touches.py`)."""


@dataclass(frozen=True)
class ApplicationView:
    application: Application
    interviews: tuple[Interview, ...]
    cards: tuple[InterviewerCard, ...]
    timeline: tuple[TimelineRow, ...]
    next_step: NextStep


def application_view(ports: Ports, application_id: str) -> ApplicationView:
    pipeline = ports.reader.load()
    application = pipeline.application(application_id)
    placed = [(i, t) for i, t in enumerate(pipeline.touches) if t.application == application.id]
    touches = [t for _, t in placed]
    names = {contact.id: contact.name for contact in pipeline.contacts}
    timeline = tuple(
        TimelineRow(t, names.get(t.contact, t.contact) if t.contact else "", touch_key(i, t))
        for i, t in sorted(placed, key=lambda item: item[1].on)
    )
    calendar = calendar_of(pipeline.profile, ports.holidays)
    step = next_step(application, touches, ports.playbook.current(), calendar)
    return ApplicationView(
        application,
        tuple(sorted(application.interviews, key=lambda i: i.moment)),
        tuple(interviewer_cards(pipeline, application)),
        timeline,
        step,
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
