"""The playbook as a pure function: (pipeline, settings, as_of) -> the open actions.

The rules, their exact dates and their seed tags are in docs/playbook.md.

Each action kind has one function below, named for it, with its seed tag. They
share one `TouchIndex` of the touches, built once per call, so planning stays linear
in the size of the pipeline.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from afterview.domain.actions import (
    DUE,
    OVERDUE,
    UPCOMING,
    Action,
    ActionKind,
)
from afterview.domain.calendar import (
    PACKAGE_HOLIDAYS,
    BusinessCalendar,
    HolidaySource,
    calendar_of,
)
from afterview.domain.model import (
    ACTIVE_STATUSES,
    Application,
    Contact,
    Interview,
    Medium,
    Pipeline,
    Status,
    Touch,
    TouchKind,
    medium_for,
)
from afterview.domain.settings import PlaybookSettings

REACH_NAMES = {
    Medium.EMAIL: "email",
    Medium.MAIL: "postal address",
    Medium.FAX: "fax number",
    Medium.PHONE: "phone number",
}


class FollowUpStep(StrEnum):
    """Where an application stands in the call-then-follow-up sequence (S11-S13)."""

    CALL = "call"
    REQUESTED = "requested"
    FOLLOW_UP = "follow_up"
    PATIENCE = "patience"


@dataclass(frozen=True, slots=True)
class FollowUp:
    """The next employer contact the playbook allows, and when."""

    step: FollowUpStep
    interview: Interview
    due_from: dt.date | None = None
    due_by: dt.date | None = None
    contacts_made: int = 0


def next_follow_up(
    application: Application,
    touches: Iterable[Touch],
    settings: PlaybookSettings,
    calendar: BusinessCalendar,
    latest: Interview | None = None,
) -> FollowUp | None:
    """S11-S13 for one application awaiting a decision; None if there is nothing to follow.

    `latest` saves working out the application's latest interview again.
    """
    latest = latest or application.latest_interview
    if latest is None or not application.status.awaiting_decision:
        return None
    interview_day = latest.day
    contacts: list[Touch] = []
    replies: list[Touch] = []
    for touch in touches:
        if touch.kind.employer_contact:
            contacts.append(touch)
        elif touch.kind is TouchKind.EMPLOYER_REPLY:
            replies.append(touch)
    since = [touch for touch in contacts if touch.on >= interview_day]
    if not since and not any(reply.on >= interview_day for reply in replies):
        return _follow_up_call(latest, settings, calendar)
    return _later_follow_up(latest, contacts, since, replies, settings, calendar)


def _follow_up_call(
    interview: Interview, settings: PlaybookSettings, calendar: BusinessCalendar
) -> FollowUp:
    """S11: a call 7-10 days after the interview, sooner if the employer decides sooner."""
    day = interview.day
    due_from = calendar.shift(day + dt.timedelta(days=settings.call_after_days), 0)
    due_by = calendar.shift(day + dt.timedelta(days=settings.call_within_days), 0)
    decision = interview.decision_expected
    if decision is not None and decision >= day:
        sooner = calendar.shift(decision, 1)
        if sooner < due_from:
            due_from = due_by = sooner
    return FollowUp(FollowUpStep.CALL, interview, due_from, due_by)


def _later_follow_up(
    interview: Interview,
    contacts: list[Touch],
    since: list[Touch],
    replies: list[Touch],
    settings: PlaybookSettings,
    calendar: BusinessCalendar,
) -> FollowUp:
    """S12-S13: follow up when asked; otherwise 7, then 14 days on; then be patient."""
    made = len(since)
    reply = max(enumerate(replies), key=lambda pair: (pair[1].on, pair[0]))[1] if replies else None
    if (
        reply is not None
        and reply.follow_up_requested_on is not None
        and not any(touch.on > reply.on for touch in contacts)
    ):
        asked = reply.follow_up_requested_on
        return FollowUp(FollowUpStep.REQUESTED, interview, asked, calendar.shift(asked, 1), made)
    if made > settings.max_follow_ups:
        return FollowUp(FollowUpStep.PATIENCE, interview, contacts_made=made)
    last = max([touch.on for touch in since] + [touch.on for touch in replies])
    wait = dt.timedelta(days=settings.follow_up_interval_days * max(made, 1))
    due_from = calendar.shift(last + wait, 0)
    due_by = calendar.shift(due_from, settings.follow_up_window_business_days)
    return FollowUp(FollowUpStep.FOLLOW_UP, interview, due_from, due_by, made)


class TouchIndex:
    """The touches, sorted once into what each rule asks of them.

    Also what read models ask of the touches (the last contact with a person), so a
    page and the agenda read the same answers."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.thanked: set[tuple[str | None, str | None]] = set()
        self.alerted: set[tuple[str | None, str | None]] = set()
        self.by_application: defaultdict[str, list[Touch]] = defaultdict(list)
        self.leveraged: dict[str, dt.date] = {}
        self.last_network: dict[str, dt.date] = {}
        self.last_touch: dict[str, dt.date] = {}
        self._add_all(pipeline.touches)

    def _add_all(self, touches: Iterable[Touch]) -> None:
        # One tight loop over what may be a million touches: locals, no method calls.
        thanked, alerted, by_application = self.thanked, self.alerted, self.by_application
        leveraged, last_network, last_touch = self.leveraged, self.last_network, self.last_touch
        for touch in touches:
            kind, on, application, contact = touch.kind, touch.on, touch.application, touch.contact
            if kind is THANK_YOU:
                thanked.add((touch.interview, contact))
            elif kind in EMPLOYER_TOUCHES:
                if application is not None:
                    by_application[application].append(touch)
            elif kind is REFERENCE_ALERT:
                alerted.add((application, contact))
            elif kind is LEVERAGE:
                if application is not None and leveraged.get(application, dt.date.min) < on:
                    leveraged[application] = on
            elif (
                kind is NETWORK
                and contact is not None
                and last_network.get(contact, dt.date.min) < on
            ):
                last_network[contact] = on
            if contact is not None and last_touch.get(contact, dt.date.min) < on:
                last_touch[contact] = on


THANK_YOU, REFERENCE_ALERT = TouchKind.THANK_YOU, TouchKind.REFERENCE_ALERT
LEVERAGE, NETWORK = TouchKind.LEVERAGE, TouchKind.NETWORK
THANK_YOU_ACTION = ActionKind.THANK_YOU
EMPLOYER_TOUCHES = frozenset({TouchKind.CALL, TouchKind.FOLLOW_UP, TouchKind.EMPLOYER_REPLY})


class _Planner:
    """One planning run: the pipeline, its index, the calendar, and the date."""

    def __init__(
        self,
        pipeline: Pipeline,
        settings: PlaybookSettings,
        as_of: dt.date,
        holidays: HolidaySource,
    ) -> None:
        self.pipeline = pipeline
        self.settings = settings
        self.as_of = as_of
        self.calendar = calendar_of(pipeline.profile, holidays)
        self.contacts = pipeline.contact_map()
        self.index = TouchIndex(pipeline)
        self._missing: dict[tuple[str, Medium | None], str] = {}

    def action(
        self,
        kind: ActionKind,
        due_from: dt.date,
        due_by: dt.date,
        title: str,
        application: str | None = None,
        interview: str | None = None,
        contact: str | None = None,
    ) -> Action:
        as_of = self.as_of
        state = UPCOMING if as_of < due_from else DUE if as_of <= due_by else OVERDUE
        return Action(kind, due_from, due_by, state, title, application, interview, contact)

    def name(self, contact_id: str) -> str:
        contact = self.contacts.get(contact_id)
        return contact.name if contact else contact_id

    def run(self) -> list[Action]:
        actions: list[Action] = []
        for application in self.pipeline.applications:
            self.application_actions(application, actions)
        actions.extend(self.add_references())
        actions.extend(self.keep_searching())
        actions.extend(self.leverage_offers())
        actions.extend(self.keep_in_touch())
        actions.sort(key=Action.sort_key)
        return actions

    def application_actions(self, application: Application, out: list[Action]) -> None:
        status = application.status
        active = status in ACTIVE_STATUSES
        for interview in application.interviews:
            day = interview.day
            self.thank_you(application, interview, day, out)
            if active:
                self.complete_contact(application, interview, day, out)
        if application.interviews and active:
            first, latest = _first_and_latest(application.interviews)
            out.extend(self.alert_references(application, first))
            if status is not Status.OFFER:
                out.extend(self.ask_decision_date(application, latest))
                out.extend(self.follow_up(application, latest))
        if status is Status.REJECTED and application.closed_on is not None:
            out.extend(self.reconnect(application, application.closed_on))

    def thank_you(
        self, application: Application, interview: Interview, day: dt.date, out: list[Action]
    ) -> None:
        """S5/S6: one note to each interviewer of every interview, within 2 business days."""
        thanked = self.index.thanked
        due_by: dt.date | None = None
        for contact_id in interview.interviewers:
            if (interview.id, contact_id) in thanked:
                continue
            due_by = due_by or self.calendar.shift(day, self.settings.thank_you_business_days)
            medium = medium_for(self.contacts.get(contact_id), application)
            out.append(
                self.action(
                    THANK_YOU_ACTION,
                    day,
                    due_by,
                    f"Thank {self.name(contact_id)} ({application.company}) for the interview "
                    f"of {day.isoformat()}, by {medium.value}",
                    application.id,
                    interview.id,
                    contact_id,
                )
            )

    def complete_contact(
        self, application: Application, interview: Interview, day: dt.date, out: list[Action]
    ) -> None:
        """S4: the exact name, title and reach of everyone who interviewed you."""
        if not interview.interviewers:
            out.append(
                self.action(
                    ActionKind.COMPLETE_CONTACT,
                    day,
                    day,
                    f"Record who interviewed you at {application.company} on {day.isoformat()}",
                    application.id,
                    interview.id,
                )
            )
            return
        for contact_id in interview.interviewers:
            missing = self.missing_for(contact_id, application.medium)
            if missing:
                out.append(
                    self.action(
                        ActionKind.COMPLETE_CONTACT,
                        day,
                        day,
                        f"Get {self.name(contact_id)}'s {missing} ({application.company})",
                        application.id,
                        interview.id,
                        contact_id,
                    )
                )

    def missing_for(self, contact_id: str, fallback: Medium | None) -> str:
        """What S4 still needs of a contact, e.g. "title and email" (remembered per run)."""
        key = (contact_id, fallback)
        found = self._missing.get(key)
        if found is None:
            contact = self.contacts.get(contact_id)
            medium = contact.medium if contact and contact.medium else fallback or Medium.EMAIL
            found = self._missing[key] = " and ".join(missing_details(contact, medium))
        return found

    def ask_decision_date(self, application: Application, latest: Interview) -> Iterator[Action]:
        """S1: learn when the employer expects to decide, by the next business day."""
        if latest.decision_expected is not None:
            return
        day = latest.day
        yield self.action(
            ActionKind.ASK_DECISION_DATE,
            day,
            self.calendar.shift(day, self.settings.decision_date_business_days),
            f"Ask {application.company} when they expect to decide on the {application.role} role",
            application.id,
            latest.id,
        )

    def follow_up(self, application: Application, latest: Interview) -> Iterator[Action]:
        """S11-S13: the call, then patient follow-ups, or the one the employer asked for."""
        touches = self.index.by_application.get(application.id, ())
        step = next_follow_up(application, touches, self.settings, self.calendar, latest)
        if step is None or step.due_from is None or step.due_by is None:
            return
        kind = ActionKind.FOLLOW_UP_CALL if step.step is FollowUpStep.CALL else ActionKind.FOLLOW_UP
        yield self.action(
            kind,
            step.due_from,
            step.due_by,
            _follow_up_title(application, step),
            application.id,
            step.interview.id,
        )

    def alert_references(self, application: Application, first: Interview) -> Iterator[Action]:
        """S9: tell each reference that this employer may call."""
        profile = self.pipeline.profile
        if profile is None or not profile.references:
            return
        day = first.day
        due_by = self.calendar.shift(day, self.settings.reference_business_days)
        for reference in profile.references:
            if (application.id, reference) not in self.index.alerted:
                yield self.action(
                    ActionKind.ALERT_REFERENCES,
                    day,
                    due_by,
                    f"Tell {self.name(reference)} that {application.company} may call about "
                    f"the {application.role} role",
                    application.id,
                    None,
                    reference,
                )

    def reconnect(self, application: Application, closed_on: dt.date) -> Iterator[Action]:
        """S16: after a rejection, bring each interviewer into your network, once."""
        due_by = self.calendar.shift(closed_on, self.settings.reconnect_business_days)
        seen: set[str] = set()
        for interview in application.interviews:
            for contact_id in interview.interviewers:
                if contact_id in seen:
                    continue
                seen.add(contact_id)
                last = self.index.last_network.get(contact_id)
                if last is None or last < closed_on:
                    yield self.action(
                        ActionKind.RECONNECT,
                        closed_on,
                        due_by,
                        f"Stay in touch with {self.name(contact_id)} after "
                        f"{application.company}'s decision; ask for referrals",
                        application.id,
                        None,
                        contact_id,
                    )

    def add_references(self) -> Iterator[Action]:
        """S9: someone may soon check references the profile does not have."""
        profile = self.pipeline.profile
        if profile is not None and profile.references:
            return
        days = [
            first.day
            for application in self.pipeline.applications
            if application.status.active and (first := application.first_interview)
        ]
        if days:
            earliest = min(days)
            yield self.action(
                ActionKind.ADD_REFERENCES,
                earliest,
                self.calendar.shift(earliest, self.settings.reference_business_days),
                "Add your references: employers you have met may ask for them",
            )

    def keep_searching(self) -> Iterator[Action]:
        """S10/S14: keep several applications alive and keep applying while any is active."""
        applications = self.pipeline.applications
        active = sum(1 for application in applications if application.status.active)
        since = self.as_of - dt.timedelta(days=self.settings.search_recency_days)
        recent = any(a.applied_on is not None and a.applied_on >= since for a in applications)
        if active < self.settings.min_active_applications:
            title = f"Keep searching: only {active} active application{'s' * (active != 1)}"
        elif active and not recent:
            title = (
                f"Keep searching: nothing applied for in {self.settings.search_recency_days} days"
            )
        else:
            return
        yield self.action(ActionKind.KEEP_SEARCHING, self.as_of, self.as_of, title)

    def leverage_offers(self) -> Iterator[Action]:
        """S15: an offer in hand is news for every employer still interviewing you."""
        offers = [a for a in self.pipeline.applications if a.status is Status.OFFER and a.offer]
        if not offers:
            return
        waiting = [a for a in self.pipeline.applications if a.status is Status.INTERVIEWING]
        for holder in offers:
            yield from self._leverage(holder, waiting)

    def _leverage(self, holder: Application, waiting: list[Application]) -> Iterator[Action]:
        assert holder.offer is not None
        received, deadline = holder.offer.received_on, holder.offer.deadline
        if deadline is None:
            due_by = self.calendar.shift(received, self.settings.leverage_no_deadline_business_days)
            when = ""
        else:
            due_by = max(
                received, self.calendar.shift(deadline, -self.settings.leverage_lead_business_days)
            )
            when = f" (deadline {deadline.isoformat()})"
        for other in waiting:
            told = self.index.leveraged.get(other.id)
            if told is None or told < received:
                yield self.action(
                    ActionKind.LEVERAGE_OFFER,
                    received,
                    due_by,
                    f"Tell {other.company} you have an offer from {holder.company}{when}",
                    other.id,
                )

    def keep_in_touch(self) -> Iterator[Action]:
        """S16: a network kept warm every ninety days."""
        interval = dt.timedelta(days=self.settings.keep_in_touch_days)
        window = dt.timedelta(days=self.settings.keep_in_touch_window_days)
        for contact_id in self.index.last_network:
            last = self.index.last_touch[contact_id]
            due_from = last + interval
            yield self.action(
                ActionKind.KEEP_IN_TOUCH,
                due_from,
                due_from + window,
                f"Check in with {self.name(contact_id)} (last contact {last.isoformat()})",
                contact=contact_id,
            )


def _first_and_latest(interviews: tuple[Interview, ...]) -> tuple[Interview, Interview]:
    """The earliest and the latest interview, in one pass (most have one or two)."""
    if len(interviews) == 1:
        return interviews[0], interviews[0]
    moments = [interview.moment for interview in interviews]
    return (
        interviews[moments.index(min(moments))],  # first of equals, as min() and max()
        interviews[moments.index(max(moments))],
    )


def missing_details(contact: Contact | None, medium: Medium) -> list[str]:
    """What S4 still needs of a person: their title, and the reach their medium needs."""
    if contact is None:
        return ["name", "title"]
    missing = [] if contact.title else ["title"]
    if not contact.reach(medium):
        missing.append(REACH_NAMES[medium])
    return missing


def _follow_up_title(application: Application, step: FollowUp) -> str:
    about = f"{application.company} about the {application.role} role"
    if step.step is FollowUpStep.CALL:
        return f"Call {about}: ask where things stand, restate your strengths"
    if step.step is FollowUpStep.REQUESTED:
        return f"Follow up with {about}, as they asked"
    return f"Follow up with {about} (contact {step.contacts_made + 1} since the interview)"


def plan(
    pipeline: Pipeline,
    settings: PlaybookSettings,
    as_of: dt.date,
    holidays: HolidaySource = PACKAGE_HOLIDAYS,
) -> list[Action]:
    """Every open action of the playbook on `as_of`, sorted by due_by, kind, then ids.

    `holidays` says where the business-day calendar gets its holidays (by default the
    `holidays` package itself)."""
    # Planning allocates hundreds of thousands of small objects and makes no cycles;
    # left on, the cyclic collector would rescan the whole pipeline many times over.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _Planner(pipeline, settings, as_of, holidays).run()
    finally:
        if was_enabled:
            gc.enable()
