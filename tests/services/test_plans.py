"""The planner's answers are kept exactly as long as nothing they depend on changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from afterview.domain.calendar import PACKAGE_HOLIDAYS
from afterview.domain.model import Status
from afterview.domain.settings import PlaybookSettings
from afterview.services.plans import Plans
from tests.factories import make_application, make_pipeline

DAY = dt.date(2026, 3, 3)


def test_the_same_question_is_answered_from_memory() -> None:
    plans, pipeline = Plans(), make_pipeline(make_application())
    first = plans.actions(pipeline, PlaybookSettings(), DAY, PACKAGE_HOLIDAYS)
    assert plans.actions(pipeline, PlaybookSettings(), DAY, PACKAGE_HOLIDAYS) is first


def test_a_new_day_new_numbers_or_new_data_plan_again() -> None:
    plans, pipeline = Plans(), make_pipeline(make_application())
    settings = PlaybookSettings()
    first = plans.actions(pipeline, settings, DAY, PACKAGE_HOLIDAYS)
    later = plans.actions(pipeline, settings, DAY + dt.timedelta(days=9), PACKAGE_HOLIDAYS)
    assert later is not first
    assert {a.state for a in later} != {a.state for a in first}
    stricter = replace(settings, thank_you_business_days=5)
    (thanks,) = [
        a for a in plans.actions(pipeline, stricter, DAY, PACKAGE_HOLIDAYS) if a.kind == "thank_you"
    ]
    assert thanks.due_by == dt.date(2026, 3, 9)
    changed = make_pipeline(make_application(status=Status.REJECTED))
    assert plans.actions(changed, settings, DAY, PACKAGE_HOLIDAYS) != first
