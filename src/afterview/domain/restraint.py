"""S13's "don't overdo it": may the user contact this employer on this day?

The planner says when the next follow-up is due; this module turns that into a
verdict on a contact the user is about to record. A contact before the window is
refused (unless forced), as is one beyond the cap, since the employer then owes
the next move (S12). A follow-up the employer asked for is never refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from afterview.domain.calendar import PACKAGE_HOLIDAYS, HolidaySource, calendar_of
from afterview.domain.model import Pipeline
from afterview.domain.planner import FollowUpStep, next_follow_up
from afterview.domain.settings import PlaybookSettings


@dataclass(frozen=True)
class Verdict:
    """Whether a contact may be recorded; `reason` says why not, `advice` is a gentle note."""

    allowed: bool
    reason: str | None = None
    advice: str | None = None


ALLOWED = Verdict(True)


def judge_contact(
    pipeline: Pipeline,
    application_id: str,
    on: dt.date,
    settings: PlaybookSettings,
    holidays: HolidaySource = PACKAGE_HOLIDAYS,
) -> Verdict:
    """The verdict on calling or following up with an application's employer on `on`."""
    application = pipeline.application_map().get(application_id)
    if application is None:
        return ALLOWED
    calendar = calendar_of(pipeline.profile, holidays)
    earlier = [t for t in pipeline.touches if t.application == application_id and t.on <= on]
    step = next_follow_up(application, earlier, settings, calendar)
    if step is None or step.step is FollowUpStep.REQUESTED:
        return ALLOWED
    company = application.company
    if step.step is FollowUpStep.PATIENCE:
        return Verdict(
            False,
            (
                f"you have contacted {company} {step.contacts_made} times since the interview of "
                f"{step.interview.day.isoformat()}; the playbook says the next move is theirs "
                "(S12, S13)"
            ),
        )
    assert step.due_from is not None
    if on >= step.due_from:
        return ALLOWED
    when = step.due_from.isoformat()
    if step.step is FollowUpStep.CALL:
        return Verdict(True, advice=f"the playbook suggests calling {company} from {when} (S11)")
    return Verdict(
        False,
        f"too soon to contact {company} again: the playbook allows the next "
        f"follow-up from {when} (S13)",
    )
