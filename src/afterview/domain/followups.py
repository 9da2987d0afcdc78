"""Why the next follow-up is when it is (S11-S13): the planner's answer, in words.

`next_step` asks the planner's own `next_follow_up` and explains its answer, so a
page that says "not before Tuesday" can never disagree with the agenda.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from afterview.domain.calendar import BusinessCalendar
from afterview.domain.model import Application, Interview, Touch, TouchKind
from afterview.domain.planner import FollowUp, FollowUpStep, next_follow_up
from afterview.domain.settings import PlaybookSettings

DAY = "%a %d %b"
SHORT = "%d %b"


@dataclass(frozen=True, slots=True)
class NextStep:
    """The next follow-up the playbook allows, and the sentence saying why not sooner."""

    heading: str
    why: str
    due_from: dt.date | None = None
    due_by: dt.date | None = None
    rule: str = ""


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def next_step(
    application: Application,
    touches: list[Touch],
    settings: PlaybookSettings,
    calendar: BusinessCalendar,
) -> NextStep:
    """S11-S13 for this application, with the reason the step is not due any sooner."""
    step = next_follow_up(application, touches, settings, calendar)
    if step is None:
        if not application.status.awaiting_decision:
            return NextStep(
                "No follow-up",
                f"the application is {application.status.value}; nothing to chase (S11-S13)",
            )
        return NextStep("No follow-up yet", "follow-ups start after an interview (S11)")
    return _explain(step, touches, settings, calendar)


def _explain(
    step: FollowUp, touches: list[Touch], settings: PlaybookSettings, calendar: BusinessCalendar
) -> NextStep:
    interview: Interview = step.interview
    day = interview.day
    when = step.due_from.strftime(DAY) if step.due_from else ""
    if step.step is FollowUpStep.CALL:
        regular = calendar.shift(day + dt.timedelta(days=settings.call_after_days), 0)
        decision = interview.decision_expected
        if step.due_from is not None and step.due_from < regular and decision is not None:
            why = (
                f"Call from {when}: the business day after they expect to decide "
                f"({decision.strftime(SHORT)}) (S11)"
            )
        else:
            why = (
                f"Call from {when}: {settings.call_after_days} days after the interview "
                f"of {day.strftime(SHORT)} (S11)"
            )
        return NextStep("Follow-up call", why, step.due_from, step.due_by, "S11")
    if step.step is FollowUpStep.REQUESTED:
        why = f"Follow up from {when}: they asked you to (S13)"
        return NextStep("Follow up, as asked", why, step.due_from, step.due_by, "S13")
    made = step.contacts_made
    if step.step is FollowUpStep.PATIENCE:
        why = (
            f"No more follow-ups: you have contacted them {_times(made)} since the interview; "
            "the next move is theirs (S12)"
        )
        return NextStep("Be patient", why, rule="S12")
    wait = settings.follow_up_interval_days * max(made, 1)
    last = max(
        (
            t.on
            for t in touches
            if (t.kind.employer_contact and t.on >= day) or t.kind is TouchKind.EMPLOYER_REPLY
        ),
        default=day,
    )
    contacted = (
        f"you have contacted them {_times(made)} since the interview"
        if made
        else "you have not contacted them since the interview"
    )
    why = (
        f"Follow up from {when}: {wait} days after your last contact "
        f"({last.strftime(SHORT)}); {contacted} (S13)"
    )
    return NextStep("Follow up", why, step.due_from, step.due_by, "S13")
