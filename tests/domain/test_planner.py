"""The playbook to the day: every action kind of docs/playbook.md, its window and its edges.

Unless a test says otherwise the profile is in the US (no subdivision) and the
interview is on Monday 2 March 2026, in a stretch with no US holidays:
Mon 2, Tue 3, Wed 4, Thu 5, Fri 6, Mon 9, ..., Mon 16, ..., Mon 23, ..., Mon 30.
November 2026: Wed 11 is Veterans Day, Thu 26 Thanksgiving, Fri 27 is closed in CA.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import hypothesis
import pytest
from hypothesis import given
from hypothesis import strategies as st

from afterview.domain.actions import DUE, OVERDUE, UPCOMING, Action, ActionKind, state_on
from afterview.domain.calendar import business_calendar
from afterview.domain.model import (
    Application,
    Medium,
    Offer,
    Pipeline,
    Status,
    Touch,
    TouchKind,
)
from afterview.domain.planner import plan
from afterview.domain.settings import PlaybookSettings
from tests.factories import (
    MONDAY,
    day,
    make_application,
    make_contact,
    make_interview,
    make_offer,
    make_pipeline,
    make_profile,
    make_touch,
)

K = ActionKind
DEFAULTS = PlaybookSettings()
CALIFORNIA = make_profile(subdivision="CA")
Key = tuple[str, str | None, str | None, str | None]
Window = tuple[str, str]


def actions_of(
    pipeline: Pipeline,
    kind: ActionKind,
    as_of: dt.date = MONDAY,
    settings: PlaybookSettings = DEFAULTS,
) -> list[Action]:
    return [action for action in plan(pipeline, settings, as_of) if action.kind is kind]


def keys(actions: list[Action]) -> set[Key]:
    return {(a.kind.value, a.application, a.interview, a.contact) for a in actions}


def keys_of(pipeline: Pipeline, kind: ActionKind, **kwargs: Any) -> set[Key]:
    return keys(actions_of(pipeline, kind, **kwargs))


def windows_of(pipeline: Pipeline, kind: ActionKind, **kwargs: Any) -> list[Window]:
    found = actions_of(pipeline, kind, **kwargs)
    return sorted((a.due_from.isoformat(), a.due_by.isoformat()) for a in found)


def window_of(pipeline: Pipeline, kind: ActionKind, **kwargs: Any) -> Window:
    [window] = windows_of(pipeline, kind, **kwargs)
    return window


def interviewed(at: str, **overrides: Any) -> Application:
    """The acme-de application with one interview, acme-1, at `at`."""
    interview = make_interview(at=at, **overrides)
    return make_application(interviews=(interview,))


def touch(kind: str, on: str, **overrides: Any) -> Touch:
    """A touch on acme-de, the application most tests are about."""
    return make_touch(kind, on, **{"application": "acme-de", **overrides})


def reply(on: str, asked: str | None = None) -> Touch:
    return touch("employer_reply", on, follow_up_requested_on=day(asked) if asked else None)


def acme_with(*touches: Touch, profile: Any = None, **overrides: Any) -> Pipeline:
    """acme-de interviewing, interview acme-1 on Mon 2 March 2026, with these touches."""
    return make_pipeline(make_application(**overrides), touches=touches, profile=profile)


# States and order.


@pytest.mark.parametrize(
    ("as_of", "state"),
    [
        ("2026-03-01", UPCOMING),
        ("2026-03-02", DUE),
        ("2026-03-03", DUE),
        ("2026-03-04", DUE),
        ("2026-03-05", OVERDUE),
    ],
)
def test_state_is_upcoming_before_due_inside_and_overdue_after_the_window(
    as_of: str, state: str
) -> None:
    assert state_on(day(as_of), day("2026-03-02"), day("2026-03-04")) == state
    [thank_you] = actions_of(acme_with(), K.THANK_YOU, as_of=day(as_of))
    assert thank_you.state == state


def test_states_are_the_strings_of_the_agenda() -> None:
    assert (UPCOMING, DUE, OVERDUE) == ("upcoming", "due", "overdue")


def test_actions_are_sorted_by_due_by_then_kind_application_interview_contact() -> None:
    pipeline = make_pipeline(
        make_application(interviews=(make_interview(interviewers=("zoe", "amy")),)),
        contacts=(make_contact("zoe"), make_contact("amy", title=None)),
    )
    found = [
        (a.due_by.isoformat(), a.kind.value, a.application, a.interview, a.contact)
        for a in plan(pipeline, DEFAULTS, MONDAY)
    ]
    assert found == [
        ("2026-03-02", "complete_contact", "acme-de", "acme-1", "amy"),
        ("2026-03-02", "keep_searching", None, None, None),
        ("2026-03-03", "ask_decision_date", "acme-de", "acme-1", None),
        ("2026-03-04", "add_references", None, None, None),
        ("2026-03-04", "thank_you", "acme-de", "acme-1", "amy"),
        ("2026-03-04", "thank_you", "acme-de", "acme-1", "zoe"),
        ("2026-03-12", "follow_up_call", "acme-de", "acme-1", None),
    ]


def test_actions_of_several_applications_sort_by_application_then_interview() -> None:
    pipeline = make_pipeline(
        make_application("zeta", interviews=(make_interview("z-1"),)),
        make_application("alpha", interviews=(make_interview("a-2"), make_interview("a-1"))),
    )
    found = [(a.application, a.interview) for a in actions_of(pipeline, K.THANK_YOU)]
    assert found == [("alpha", "a-1"), ("alpha", "a-2"), ("zeta", "z-1")]


def test_every_action_carries_its_seed_rule() -> None:
    assert {kind.value: kind.rule for kind in ActionKind} == {
        "ask_decision_date": "S1",
        "complete_contact": "S4",
        "thank_you": "S5",
        "add_references": "S9",
        "alert_references": "S9",
        "follow_up_call": "S11",
        "follow_up": "S13",
        "keep_searching": "S10",
        "leverage_offer": "S15",
        "reconnect": "S16",
        "keep_in_touch": "S16",
    }


def test_the_design_example_on_the_day_before_thanksgiving() -> None:
    interview = make_interview(at="2026-11-20T10:00:00-08:00", decision_expected=day("2026-11-27"))
    application = make_application(
        applied_on=day("2026-11-02"), medium=Medium.EMAIL, interviews=(interview,)
    )
    pipeline = make_pipeline(
        application,
        contacts=(make_contact("jane-doe"), make_contact("dana-kim", company="Brightline")),
        profile=make_profile(subdivision="CA", references=("dana-kim",)),
        touches=(
            touch("thank_you", "2026-11-21", interview="acme-1", contact="jane-doe"),
            reply("2026-11-28", asked="2026-12-05"),
        ),
    )
    found = [
        (a.kind.value, a.contact, a.due_from.isoformat(), a.due_by.isoformat(), a.state)
        for a in plan(pipeline, DEFAULTS, day("2026-11-25"))
    ]
    assert found == [
        ("alert_references", "dana-kim", "2026-11-20", "2026-11-24", "overdue"),
        ("keep_searching", None, "2026-11-25", "2026-11-25", "due"),
        ("follow_up", None, "2026-12-05", "2026-12-07", "upcoming"),
    ]


# ask_decision_date (S1).


def test_ask_decision_date_is_due_the_business_day_after_the_interview() -> None:
    pipeline = acme_with()
    assert keys_of(pipeline, K.ASK_DECISION_DATE) == {
        ("ask_decision_date", "acme-de", "acme-1", None)
    }
    assert window_of(pipeline, K.ASK_DECISION_DATE) == ("2026-03-02", "2026-03-03")


def test_ask_decision_date_after_a_friday_interview_is_due_monday() -> None:
    assert window_of(make_pipeline(interviewed("2026-03-06")), K.ASK_DECISION_DATE) == (
        "2026-03-06",
        "2026-03-09",
    )


def test_ask_decision_date_skips_thanksgiving() -> None:
    pipeline = make_pipeline(interviewed("2026-11-25"))
    assert window_of(pipeline, K.ASK_DECISION_DATE) == ("2026-11-25", "2026-11-27")


def test_ask_decision_date_skips_the_day_after_thanksgiving_in_california() -> None:
    pipeline = make_pipeline(interviewed("2026-11-25"), profile=CALIFORNIA)
    assert window_of(pipeline, K.ASK_DECISION_DATE) == ("2026-11-25", "2026-11-30")


def test_ask_decision_date_is_only_for_the_latest_interview() -> None:
    later = make_interview("acme-2", at="2026-03-09")
    earlier = make_interview("acme-1", at="2026-03-02")
    pipeline = make_pipeline(make_application(interviews=(later, earlier)))
    assert keys_of(pipeline, K.ASK_DECISION_DATE) == {
        ("ask_decision_date", "acme-de", "acme-2", None)
    }
    assert window_of(pipeline, K.ASK_DECISION_DATE) == ("2026-03-09", "2026-03-10")


def test_the_latest_of_two_interviews_on_one_day_is_the_later_one() -> None:
    afternoon = make_interview("acme-pm", at="2026-03-02T14:00:00-08:00")
    morning = make_interview("acme-am", at="2026-03-02T09:00:00-08:00")
    pipeline = make_pipeline(make_application(interviews=(afternoon, morning)))
    assert keys_of(pipeline, K.ASK_DECISION_DATE) == {
        ("ask_decision_date", "acme-de", "acme-pm", None)
    }


def test_ask_decision_date_is_done_when_the_latest_interview_has_a_decision_date() -> None:
    earlier = make_interview("acme-1", at="2026-03-02")
    later = make_interview("acme-2", at="2026-03-09", decision_expected=day("2026-03-20"))
    pipeline = make_pipeline(make_application(interviews=(earlier, later)))
    assert actions_of(pipeline, K.ASK_DECISION_DATE) == []


def test_a_decision_date_on_an_earlier_interview_does_not_answer_the_latest() -> None:
    earlier = make_interview("acme-1", at="2026-03-02", decision_expected=day("2026-03-20"))
    later = make_interview("acme-2", at="2026-03-09")
    pipeline = make_pipeline(make_application(interviews=(earlier, later)))
    assert keys_of(pipeline, K.ASK_DECISION_DATE) == {
        ("ask_decision_date", "acme-de", "acme-2", None)
    }


@pytest.mark.parametrize("status", [Status.APPLIED, Status.INTERVIEWING])
def test_ask_decision_date_while_awaiting_a_decision(status: Status) -> None:
    assert len(actions_of(acme_with(status=status), K.ASK_DECISION_DATE)) == 1


@pytest.mark.parametrize(
    "status", [Status.OFFER, Status.ACCEPTED, Status.DECLINED, Status.REJECTED, Status.WITHDRAWN]
)
def test_no_decision_date_to_ask_once_decided(status: Status) -> None:
    assert actions_of(acme_with(status=status), K.ASK_DECISION_DATE) == []


def test_no_decision_date_to_ask_before_any_interview() -> None:
    assert actions_of(acme_with(interviews=()), K.ASK_DECISION_DATE) == []


# complete_contact (S4).


def test_complete_contact_is_not_asked_for_a_complete_contact() -> None:
    assert actions_of(acme_with(), K.COMPLETE_CONTACT) == []


@pytest.mark.parametrize(
    ("contact", "application_medium"),
    [
        ({"title": None}, None),
        ({"title": ""}, None),
        ({"email": None}, None),
        ({"medium": Medium.MAIL}, None),
        ({"medium": Medium.FAX}, None),
        ({"medium": Medium.PHONE}, None),
        ({}, Medium.MAIL),
        ({}, Medium.FAX),
        ({}, Medium.PHONE),
        ({"email": None, "fax": "+1 415 555 0101"}, Medium.EMAIL),
        ({"medium": Medium.EMAIL, "email": None, "address": "1 Main St"}, Medium.MAIL),
    ],
)
def test_complete_contact_when_title_or_reach_for_the_medium_is_missing(
    contact: dict[str, Any], application_medium: Medium | None
) -> None:
    pipeline = make_pipeline(
        make_application(medium=application_medium),
        contacts=(make_contact("jane-doe", **contact),),
    )
    assert keys_of(pipeline, K.COMPLETE_CONTACT) == {
        ("complete_contact", "acme-de", "acme-1", "jane-doe")
    }
    assert window_of(pipeline, K.COMPLETE_CONTACT) == ("2026-03-02", "2026-03-02")


@pytest.mark.parametrize(
    ("contact", "application_medium"),
    [
        ({"medium": Medium.MAIL, "email": None, "address": "1 Main St"}, None),
        ({"medium": Medium.FAX, "email": None, "fax": "+1 415 555 0101"}, None),
        ({"medium": Medium.PHONE, "email": None, "phone": "+1 415 555 0100"}, None),
        ({"email": None, "address": "1 Main St"}, Medium.MAIL),
        ({"email": None, "fax": "+1 415 555 0101"}, Medium.FAX),
        ({"email": None, "phone": "+1 415 555 0100"}, Medium.PHONE),
        ({"medium": Medium.EMAIL}, Medium.FAX),
    ],
)
def test_complete_contact_needs_only_the_reach_of_the_contacts_medium(
    contact: dict[str, Any], application_medium: Medium | None
) -> None:
    pipeline = make_pipeline(
        make_application(medium=application_medium),
        contacts=(make_contact("jane-doe", **contact),),
    )
    assert actions_of(pipeline, K.COMPLETE_CONTACT) == []


def test_complete_contact_for_an_interviewer_with_no_contact_record() -> None:
    pipeline = make_pipeline(make_application(), contacts=())
    assert keys_of(pipeline, K.COMPLETE_CONTACT) == {
        ("complete_contact", "acme-de", "acme-1", "jane-doe")
    }


def test_an_interview_with_no_interviewers_asks_who_they_were() -> None:
    pipeline = make_pipeline(interviewed("2026-03-04", interviewers=()))
    assert keys_of(pipeline, K.COMPLETE_CONTACT) == {
        ("complete_contact", "acme-de", "acme-1", None)
    }
    assert window_of(pipeline, K.COMPLETE_CONTACT) == ("2026-03-04", "2026-03-04")


def test_complete_contact_covers_every_interviewer_of_every_interview() -> None:
    first = make_interview("acme-1", at="2026-03-02", interviewers=("jane-doe", "bob"))
    second = make_interview("acme-2", at="2026-03-09", interviewers=("jane-doe", "cat"))
    pipeline = make_pipeline(
        make_application(interviews=(first, second)),
        contacts=(
            make_contact("jane-doe", title=None),
            make_contact("bob"),
            make_contact("cat", email=None),
        ),
    )
    assert keys_of(pipeline, K.COMPLETE_CONTACT) == {
        ("complete_contact", "acme-de", "acme-1", "jane-doe"),
        ("complete_contact", "acme-de", "acme-2", "jane-doe"),
        ("complete_contact", "acme-de", "acme-2", "cat"),
    }


@pytest.mark.parametrize("status", [Status.APPLIED, Status.INTERVIEWING, Status.OFFER])
def test_complete_contact_for_active_applications(status: Status) -> None:
    pipeline = make_pipeline(
        make_application(status=status), contacts=(make_contact("jane-doe", title=None),)
    )
    assert len(actions_of(pipeline, K.COMPLETE_CONTACT)) == 1


@pytest.mark.parametrize(
    "status", [Status.ACCEPTED, Status.DECLINED, Status.REJECTED, Status.WITHDRAWN]
)
def test_no_complete_contact_for_closed_applications(status: Status) -> None:
    pipeline = make_pipeline(
        make_application(status=status, interviews=(make_interview(interviewers=()),)),
        contacts=(make_contact("jane-doe", title=None),),
    )
    assert actions_of(pipeline, K.COMPLETE_CONTACT) == []


# thank_you (S5, S6).


def test_thank_you_is_due_two_business_days_after_the_interview() -> None:
    pipeline = acme_with()
    assert keys_of(pipeline, K.THANK_YOU) == {("thank_you", "acme-de", "acme-1", "jane-doe")}
    assert window_of(pipeline, K.THANK_YOU) == ("2026-03-02", "2026-03-04")


def test_thank_you_after_a_thursday_interview_is_due_monday() -> None:
    assert window_of(make_pipeline(interviewed("2026-03-05")), K.THANK_YOU) == (
        "2026-03-05",
        "2026-03-09",
    )


def test_thank_you_after_a_saturday_interview_is_due_tuesday() -> None:
    assert window_of(make_pipeline(interviewed("2026-03-07")), K.THANK_YOU) == (
        "2026-03-07",
        "2026-03-10",
    )


def test_thank_you_due_two_business_days_after_thanksgiving_interview() -> None:
    assert window_of(make_pipeline(interviewed("2026-11-25")), K.THANK_YOU) == (
        "2026-11-25",
        "2026-11-30",
    )


def test_thank_you_due_friday_after_thanksgiving_for_a_tuesday_interview() -> None:
    assert window_of(make_pipeline(interviewed("2026-11-24")), K.THANK_YOU) == (
        "2026-11-24",
        "2026-11-27",
    )


def test_thank_you_skips_the_day_after_thanksgiving_in_california() -> None:
    pipeline = make_pipeline(interviewed("2026-11-24"), profile=CALIFORNIA)
    assert window_of(pipeline, K.THANK_YOU) == ("2026-11-24", "2026-11-30")


def test_thank_you_skips_veterans_day() -> None:
    assert window_of(make_pipeline(interviewed("2026-11-10")), K.THANK_YOU) == (
        "2026-11-10",
        "2026-11-13",
    )


def test_thank_you_skips_boxing_day_observed_in_gb() -> None:
    pipeline = make_pipeline(interviewed("2026-12-24"), profile=make_profile(country="GB"))
    assert window_of(pipeline, K.THANK_YOU) == ("2026-12-24", "2026-12-30")


def test_late_evening_interview_at_a_negative_offset_counts_on_its_own_day() -> None:
    pipeline = make_pipeline(interviewed("2026-11-20T23:30:00-08:00"))  # Sat 07:30 UTC
    assert window_of(pipeline, K.THANK_YOU) == ("2026-11-20", "2026-11-24")
    assert window_of(pipeline, K.ASK_DECISION_DATE) == ("2026-11-20", "2026-11-23")
    assert window_of(pipeline, K.FOLLOW_UP_CALL) == ("2026-11-27", "2026-11-30")


def test_early_morning_interview_at_a_positive_offset_counts_on_its_own_day() -> None:
    pipeline = make_pipeline(interviewed("2026-11-20T00:30:00+09:00"))  # Thu 15:30 UTC
    assert window_of(pipeline, K.THANK_YOU) == ("2026-11-20", "2026-11-24")


def test_one_thank_you_per_interviewer_of_every_interview() -> None:
    first = make_interview("acme-1", at="2026-03-02", interviewers=("jane-doe", "bob"))
    second = make_interview("acme-2", at="2026-03-09", interviewers=("jane-doe", "cat"))
    pipeline = make_pipeline(make_application(interviews=(first, second)))
    assert keys_of(pipeline, K.THANK_YOU) == {
        ("thank_you", "acme-de", "acme-1", "jane-doe"),
        ("thank_you", "acme-de", "acme-1", "bob"),
        ("thank_you", "acme-de", "acme-2", "jane-doe"),
        ("thank_you", "acme-de", "acme-2", "cat"),
    }
    assert windows_of(pipeline, K.THANK_YOU) == [
        ("2026-03-02", "2026-03-04"),
        ("2026-03-02", "2026-03-04"),
        ("2026-03-09", "2026-03-11"),
        ("2026-03-09", "2026-03-11"),
    ]


@pytest.mark.parametrize("status", list(Status))
def test_thank_you_whatever_the_status_even_rejected(status: Status) -> None:
    assert keys_of(acme_with(status=status), K.THANK_YOU) == {
        ("thank_you", "acme-de", "acme-1", "jane-doe")
    }


def test_thank_you_is_done_by_a_thank_you_naming_the_interview_and_contact() -> None:
    panel = make_interview(interviewers=("jane-doe", "bob"))
    pipeline = make_pipeline(
        make_application(interviews=(panel,)),
        touches=(touch("thank_you", "2026-03-03", interview="acme-1", contact="jane-doe"),),
    )
    assert keys_of(pipeline, K.THANK_YOU) == {("thank_you", "acme-de", "acme-1", "bob")}


@pytest.mark.parametrize(
    "logged",
    [
        make_touch(
            "thank_you", "2026-03-03", application="acme-de", interview="acme-2", contact="jane-doe"
        ),
        make_touch(
            "thank_you", "2026-03-03", application="acme-de", interview="acme-1", contact="bob"
        ),
        make_touch("thank_you", "2026-03-03", application="acme-de", contact="jane-doe"),
        make_touch("thank_you", "2026-03-03", application="acme-de", interview="acme-1"),
        make_touch(
            "network", "2026-03-03", application="acme-de", interview="acme-1", contact="jane-doe"
        ),
        make_touch(
            "follow_up", "2026-03-03", application="acme-de", interview="acme-1", contact="jane-doe"
        ),
    ],
)
def test_thank_you_is_not_done_by_a_touch_missing_the_interview_or_contact(logged: Touch) -> None:
    second = make_interview("acme-2", at="2026-03-09", interviewers=("bob",))
    pipeline = make_pipeline(
        make_application(interviews=(make_interview(), second)), touches=(logged,)
    )
    assert ("thank_you", "acme-de", "acme-1", "jane-doe") in keys_of(pipeline, K.THANK_YOU)


# add_references and alert_references (S9).


def test_add_references_is_due_two_business_days_after_the_first_interview() -> None:
    pipeline = acme_with()
    assert keys_of(pipeline, K.ADD_REFERENCES) == {("add_references", None, None, None)}
    assert window_of(pipeline, K.ADD_REFERENCES) == ("2026-03-02", "2026-03-04")


def test_add_references_counts_from_the_earliest_interview_of_an_active_application() -> None:
    pipeline = make_pipeline(
        make_application("acme-de", interviews=(make_interview("a-1", at="2026-03-09"),)),
        make_application(
            "beta",
            status=Status.OFFER,
            interviews=(
                make_interview("b-1", at="2026-03-04"),
                make_interview("b-2", at="2026-03-11"),
            ),
        ),
        make_application(
            "gamma", status=Status.REJECTED, interviews=(make_interview("c-1", at="2026-02-20"),)
        ),
    )
    assert window_of(pipeline, K.ADD_REFERENCES) == ("2026-03-04", "2026-03-06")


def test_no_add_references_when_the_profile_lists_one() -> None:
    profile = make_profile(references=("dana-kim",))
    assert actions_of(acme_with(profile=profile), K.ADD_REFERENCES) == []


def test_no_add_references_without_an_interview_of_an_active_application() -> None:
    pipeline = make_pipeline(
        make_application("acme-de", interviews=()),
        make_application("beta", status=Status.REJECTED, interviews=(make_interview("b-1"),)),
    )
    assert actions_of(pipeline, K.ADD_REFERENCES) == []


def references_pipeline(*touches: Touch) -> Pipeline:
    return make_pipeline(
        make_application(
            "acme-de",
            interviews=(
                make_interview("a-2", at="2026-03-09"),
                make_interview("a-1", at="2026-03-02"),
            ),
        ),
        make_application(
            "beta", status=Status.OFFER, interviews=(make_interview("b-1", at="2026-11-25"),)
        ),
        make_application("gamma", status=Status.APPLIED, interviews=()),
        make_application("delta", status=Status.REJECTED, interviews=(make_interview("d-1"),)),
        profile=make_profile(references=("dana-kim", "lee-park")),
        touches=touches,
    )


def test_alert_each_reference_for_each_active_application_with_an_interview() -> None:
    assert keys_of(references_pipeline(), K.ALERT_REFERENCES) == {
        ("alert_references", "acme-de", None, "dana-kim"),
        ("alert_references", "acme-de", None, "lee-park"),
        ("alert_references", "beta", None, "dana-kim"),
        ("alert_references", "beta", None, "lee-park"),
    }


def test_alert_references_is_due_two_business_days_after_the_first_interview() -> None:
    assert windows_of(references_pipeline(), K.ALERT_REFERENCES) == [
        ("2026-03-02", "2026-03-04"),
        ("2026-03-02", "2026-03-04"),
        ("2026-11-25", "2026-11-30"),
        ("2026-11-25", "2026-11-30"),
    ]


def test_alert_references_is_done_by_a_reference_alert_naming_both() -> None:
    pipeline = references_pipeline(
        make_touch("reference_alert", "2026-03-03", application="acme-de", contact="dana-kim"),
        make_touch("reference_alert", "2026-03-03", application="gamma", contact="lee-park"),
        make_touch("network", "2026-03-03", application="beta", contact="lee-park"),
    )
    assert keys_of(pipeline, K.ALERT_REFERENCES) == {
        ("alert_references", "acme-de", None, "lee-park"),
        ("alert_references", "beta", None, "dana-kim"),
        ("alert_references", "beta", None, "lee-park"),
    }


def test_no_alert_references_without_references() -> None:
    assert actions_of(acme_with(), K.ALERT_REFERENCES) == []


# follow_up_call (S11).


def test_follow_up_call_window_is_seven_to_ten_days_after_the_interview() -> None:
    pipeline = acme_with()
    assert keys_of(pipeline, K.FOLLOW_UP_CALL) == {("follow_up_call", "acme-de", "acme-1", None)}
    assert window_of(pipeline, K.FOLLOW_UP_CALL) == ("2026-03-09", "2026-03-12")


def test_follow_up_call_window_rolls_weekend_ends_forward() -> None:
    # Wed 4 March: +7 is Wed 11, +10 is Sat 14, which rolls to Mon 16.
    assert window_of(make_pipeline(interviewed("2026-03-04")), K.FOLLOW_UP_CALL) == (
        "2026-03-11",
        "2026-03-16",
    )


def test_follow_up_call_window_rolls_past_thanksgiving() -> None:
    # Thu 19 Nov: +7 is Thanksgiving, +10 is Sun 29.
    assert window_of(make_pipeline(interviewed("2026-11-19")), K.FOLLOW_UP_CALL) == (
        "2026-11-27",
        "2026-11-30",
    )


def test_follow_up_call_window_rolls_past_the_california_holiday() -> None:
    pipeline = make_pipeline(interviewed("2026-11-19"), profile=CALIFORNIA)
    assert window_of(pipeline, K.FOLLOW_UP_CALL) == ("2026-11-30", "2026-11-30")


def test_follow_up_call_is_keyed_on_the_latest_interview() -> None:
    earlier = make_interview("acme-1", at="2026-02-16")
    later = make_interview("acme-2", at="2026-03-02")
    pipeline = make_pipeline(make_application(interviews=(earlier, later)))
    assert keys_of(pipeline, K.FOLLOW_UP_CALL) == {("follow_up_call", "acme-de", "acme-2", None)}
    assert window_of(pipeline, K.FOLLOW_UP_CALL) == ("2026-03-09", "2026-03-12")


@pytest.mark.parametrize(
    ("decision", "window"),
    [
        ("2026-03-02", ("2026-03-03", "2026-03-03")),  # decides on the day: call next day
        ("2026-03-03", ("2026-03-04", "2026-03-04")),
        ("2026-03-05", ("2026-03-06", "2026-03-06")),
        ("2026-03-06", ("2026-03-09", "2026-03-12")),  # B(D,1) = day 7: not sooner
        ("2026-03-09", ("2026-03-09", "2026-03-12")),
        ("2026-03-30", ("2026-03-09", "2026-03-12")),  # a longer timetable changes nothing
        ("2026-02-27", ("2026-03-09", "2026-03-12")),  # before the interview: ignored
    ],
)
def test_follow_up_call_is_sooner_when_the_employer_decides_sooner(
    decision: str, window: Window
) -> None:
    pipeline = make_pipeline(interviewed("2026-03-02", decision_expected=day(decision)))
    assert window_of(pipeline, K.FOLLOW_UP_CALL) == window


def test_sooner_follow_up_call_skips_thanksgiving() -> None:
    pipeline = make_pipeline(
        interviewed("2026-11-23", decision_expected=day("2026-11-25")),
    )
    assert window_of(pipeline, K.FOLLOW_UP_CALL) == ("2026-11-27", "2026-11-27")


def test_sooner_is_strictly_sooner_in_california() -> None:
    # B(Wed 25, 1) is Mon 30 in CA, which is also B(Mon 23 + 7, 0): the usual window.
    pipeline = make_pipeline(
        interviewed("2026-11-23", decision_expected=day("2026-11-25")), profile=CALIFORNIA
    )
    assert window_of(pipeline, K.FOLLOW_UP_CALL) == ("2026-11-30", "2026-12-03")


def test_only_the_latest_interviews_decision_date_makes_the_call_sooner() -> None:
    earlier = make_interview("acme-1", at="2026-02-23", decision_expected=day("2026-03-03"))
    later = make_interview("acme-2", at="2026-03-02")
    pipeline = make_pipeline(make_application(interviews=(earlier, later)))
    assert window_of(pipeline, K.FOLLOW_UP_CALL) == ("2026-03-09", "2026-03-12")


@pytest.mark.parametrize("status", [Status.APPLIED, Status.INTERVIEWING])
def test_follow_up_call_while_awaiting_a_decision(status: Status) -> None:
    assert len(actions_of(acme_with(status=status), K.FOLLOW_UP_CALL)) == 1


@pytest.mark.parametrize(
    "status", [Status.OFFER, Status.ACCEPTED, Status.DECLINED, Status.REJECTED, Status.WITHDRAWN]
)
def test_no_follow_up_call_once_decided(status: Status) -> None:
    assert actions_of(acme_with(status=status), K.FOLLOW_UP_CALL) == []


def test_no_follow_up_call_before_any_interview() -> None:
    assert actions_of(acme_with(interviews=()), K.FOLLOW_UP_CALL) == []


@pytest.mark.parametrize(
    "logged",
    [
        touch("call", "2026-03-02"),  # on the interview day itself
        touch("call", "2026-03-05"),  # a call sooner than the window
        touch("call", "2026-03-10"),
        touch("follow_up", "2026-03-10"),
        reply("2026-03-04"),
        reply("2026-03-02"),
    ],
)
def test_follow_up_call_is_done_by_an_employer_contact_or_reply_since_the_interview(
    logged: Touch,
) -> None:
    assert actions_of(acme_with(logged), K.FOLLOW_UP_CALL) == []


@pytest.mark.parametrize(
    "logged",
    [
        touch("call", "2026-03-01"),
        touch("follow_up", "2026-02-20"),
        reply("2026-02-27"),
        touch("thank_you", "2026-03-03", interview="acme-1", contact="jane-doe"),
        touch("leverage", "2026-03-04"),
        touch("network", "2026-03-04", contact="jane-doe"),
        make_touch("call", "2026-03-04", application="beta"),
        make_touch("employer_reply", "2026-03-04", application="beta"),
    ],
)
def test_follow_up_call_is_not_done_by_other_touches(logged: Touch) -> None:
    pipeline = make_pipeline(
        make_application(),
        make_application("beta", interviews=()),
        touches=(logged,),
    )
    assert window_of(pipeline, K.FOLLOW_UP_CALL) == ("2026-03-09", "2026-03-12")


def test_a_call_from_an_earlier_round_does_not_count_for_the_next_one() -> None:
    first = make_interview("acme-1", at="2026-02-02")
    second = make_interview("acme-2", at="2026-03-02")
    pipeline = make_pipeline(
        make_application(interviews=(first, second)),
        touches=(touch("call", "2026-02-10"), touch("follow_up", "2026-02-17")),
    )
    assert keys_of(pipeline, K.FOLLOW_UP_CALL) == {("follow_up_call", "acme-de", "acme-2", None)}
    assert window_of(pipeline, K.FOLLOW_UP_CALL) == ("2026-03-09", "2026-03-12")
    assert actions_of(pipeline, K.FOLLOW_UP) == []


# follow_up (S12, S13).


def test_no_follow_up_while_the_call_is_open() -> None:
    assert actions_of(acme_with(), K.FOLLOW_UP) == []


def test_follow_up_seven_days_after_the_call() -> None:
    pipeline = acme_with(touch("call", "2026-03-10"))
    assert keys_of(pipeline, K.FOLLOW_UP) == {("follow_up", "acme-de", "acme-1", None)}
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-03-17", "2026-03-20")


def test_follow_up_after_a_call_on_the_interview_day() -> None:
    pipeline = acme_with(touch("call", "2026-03-02"))
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-03-09", "2026-03-12")


def test_second_follow_up_fourteen_days_after_the_first() -> None:
    pipeline = acme_with(touch("call", "2026-03-10"), touch("follow_up", "2026-03-18"))
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-04-01", "2026-04-06")


def test_no_third_follow_up_patience() -> None:
    pipeline = acme_with(
        touch("call", "2026-03-10"),
        touch("follow_up", "2026-03-18"),
        touch("follow_up", "2026-04-02"),
    )
    assert actions_of(pipeline, K.FOLLOW_UP) == []
    assert actions_of(pipeline, K.FOLLOW_UP_CALL) == []


def test_follow_up_window_rolls_past_thanksgiving() -> None:
    pipeline = make_pipeline(interviewed("2026-11-09"), touches=(touch("call", "2026-11-19"),))
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-11-27", "2026-12-02")


def test_follow_up_window_rolls_past_the_california_holiday() -> None:
    pipeline = make_pipeline(
        interviewed("2026-11-09"), touches=(touch("call", "2026-11-19"),), profile=CALIFORNIA
    )
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-11-30", "2026-12-03")


def test_a_reply_with_no_call_waits_seven_days() -> None:
    pipeline = acme_with(reply("2026-03-05"))
    assert keys_of(pipeline, K.FOLLOW_UP) == {("follow_up", "acme-de", "acme-1", None)}
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-03-12", "2026-03-17")


def test_a_reply_after_the_call_restarts_the_wait() -> None:
    pipeline = acme_with(touch("call", "2026-03-10"), reply("2026-03-12"))
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-03-19", "2026-03-24")


def test_a_reply_after_the_first_follow_up_restarts_the_fourteen_days() -> None:
    pipeline = acme_with(
        touch("call", "2026-03-10"), touch("follow_up", "2026-03-18"), reply("2026-03-20")
    )
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-04-03", "2026-04-08")


def test_contacts_of_an_earlier_round_do_not_count_toward_the_cap() -> None:
    first = make_interview("acme-1", at="2026-02-02")
    second = make_interview("acme-2", at="2026-03-09")
    pipeline = make_pipeline(
        make_application(interviews=(first, second)),
        touches=(
            touch("call", "2026-02-10"),
            touch("follow_up", "2026-02-17"),
            touch("follow_up", "2026-03-03"),
            touch("call", "2026-03-17"),
        ),
    )
    assert keys_of(pipeline, K.FOLLOW_UP) == {("follow_up", "acme-de", "acme-2", None)}
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-03-24", "2026-03-27")


def test_follow_up_the_employer_asked_for_is_due_that_day_and_the_next() -> None:
    pipeline = acme_with(reply("2026-03-05", asked="2026-03-20"))
    assert keys_of(pipeline, K.FOLLOW_UP) == {("follow_up", "acme-de", "acme-1", None)}
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-03-20", "2026-03-23")


def test_follow_up_the_employer_asked_for_on_thanksgiving() -> None:
    pipeline = make_pipeline(
        interviewed("2026-11-16"), touches=(reply("2026-11-20", asked="2026-11-26"),)
    )
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-11-26", "2026-11-27")


def test_follow_up_the_employer_asked_for_on_thanksgiving_in_california() -> None:
    pipeline = make_pipeline(
        interviewed("2026-11-16"),
        touches=(reply("2026-11-20", asked="2026-11-26"),),
        profile=CALIFORNIA,
    )
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-11-26", "2026-11-30")


def test_follow_up_the_employer_asked_for_is_never_capped() -> None:
    pipeline = acme_with(
        touch("call", "2026-03-10"),
        touch("follow_up", "2026-03-18"),
        touch("follow_up", "2026-04-02"),
        reply("2026-04-10", asked="2026-04-20"),
    )
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-04-20", "2026-04-21")


def test_a_contact_after_the_request_answers_it() -> None:
    pipeline = acme_with(reply("2026-03-05", asked="2026-03-20"), touch("follow_up", "2026-03-20"))
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-03-27", "2026-04-01")


def test_a_contact_on_the_day_of_the_reply_does_not_answer_its_request() -> None:
    pipeline = acme_with(touch("call", "2026-03-05"), reply("2026-03-05", asked="2026-03-20"))
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-03-20", "2026-03-23")


def test_only_the_latest_reply_can_ask_for_a_follow_up() -> None:
    pipeline = acme_with(reply("2026-03-05", asked="2026-03-20"), reply("2026-03-12"))
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-03-19", "2026-03-24")


def test_a_request_in_the_latest_reply_wins_over_an_earlier_plain_reply() -> None:
    pipeline = acme_with(reply("2026-03-05"), reply("2026-03-12", asked="2026-04-01"))
    assert window_of(pipeline, K.FOLLOW_UP) == ("2026-04-01", "2026-04-02")


def test_touches_of_other_applications_do_not_move_the_follow_up() -> None:
    pipeline = make_pipeline(
        make_application(),
        make_application("beta", interviews=(make_interview("b-1"),)),
        touches=(
            touch("call", "2026-03-10"),
            make_touch("follow_up", "2026-03-18", application="beta"),
            make_touch("employer_reply", "2026-03-19", application="beta"),
        ),
    )
    [acme] = [a for a in actions_of(pipeline, K.FOLLOW_UP) if a.application == "acme-de"]
    assert (acme.due_from.isoformat(), acme.due_by.isoformat()) == ("2026-03-17", "2026-03-20")


@pytest.mark.parametrize(
    "status", [Status.OFFER, Status.ACCEPTED, Status.DECLINED, Status.REJECTED, Status.WITHDRAWN]
)
def test_no_follow_up_once_decided(status: Status) -> None:
    pipeline = acme_with(reply("2026-03-05", asked="2026-03-20"), status=status)
    assert actions_of(pipeline, K.FOLLOW_UP) == []


# keep_searching (S10, S14).


def test_keep_searching_with_fewer_than_three_active_applications() -> None:
    pipeline = acme_with()
    as_of = day("2026-03-10")
    [action] = actions_of(pipeline, K.KEEP_SEARCHING, as_of=as_of)
    assert keys([action]) == {("keep_searching", None, None, None)}
    assert (action.due_from, action.due_by, action.state) == (as_of, as_of, DUE)


def test_keep_searching_with_no_applications_at_all() -> None:
    assert len(actions_of(make_pipeline(), K.KEEP_SEARCHING)) == 1


def three_active(applied_on: dt.date | None, *more: Application) -> Pipeline:
    return make_pipeline(
        make_application("acme-de", status=Status.APPLIED, applied_on=applied_on),
        make_application("beta", status=Status.INTERVIEWING, applied_on=applied_on),
        make_application("gamma", status=Status.OFFER, applied_on=applied_on),
        *more,
    )


def test_three_active_applications_with_a_recent_one_are_enough() -> None:
    assert (
        actions_of(three_active(day("2026-03-02")), K.KEEP_SEARCHING, as_of=day("2026-03-16")) == []
    )


def test_keep_searching_when_nothing_was_applied_for_in_fourteen_days() -> None:
    pipeline = three_active(day("2026-03-02"))
    [action] = actions_of(pipeline, K.KEEP_SEARCHING, as_of=day("2026-03-17"))
    assert (action.due_from, action.due_by) == (day("2026-03-17"), day("2026-03-17"))


def test_applications_without_an_applied_date_are_not_recent() -> None:
    assert len(actions_of(three_active(None), K.KEEP_SEARCHING)) == 1


def test_closed_applications_do_not_count_as_active() -> None:
    pipeline = make_pipeline(
        make_application("acme-de"),
        make_application("beta", status=Status.OFFER),
        make_application("gamma", status=Status.REJECTED),
        make_application("delta", status=Status.WITHDRAWN),
        make_application("epsilon", status=Status.ACCEPTED),
        make_application("zeta", status=Status.DECLINED),
    )
    assert len(actions_of(pipeline, K.KEEP_SEARCHING)) == 1


def test_a_recent_application_of_any_status_counts_as_still_searching() -> None:
    recent = make_application("delta", status=Status.WITHDRAWN, applied_on=day("2026-03-10"))
    pipeline = three_active(day("2026-02-01"), recent)
    assert actions_of(pipeline, K.KEEP_SEARCHING, as_of=day("2026-03-17")) == []


def test_no_keep_searching_when_nothing_is_active_and_no_minimum_is_set() -> None:
    pipeline = make_pipeline(make_application(status=Status.ACCEPTED, applied_on=None))
    settings = PlaybookSettings(min_active_applications=0)
    assert actions_of(pipeline, K.KEEP_SEARCHING, settings=settings) == []


# leverage_offer (S15).


def offer_pipeline(received: str, deadline: str | None = None, *touches: Touch) -> Pipeline:
    return make_pipeline(
        make_application("globex", status=Status.OFFER, offer=make_offer(received, deadline)),
        make_application("acme-de", status=Status.INTERVIEWING),
        make_application("beta", status=Status.APPLIED, interviews=()),
        make_application("delta", status=Status.INTERVIEWING, interviews=()),
        make_application("gamma", status=Status.REJECTED),
        touches=touches,
    )


def test_leverage_offer_names_each_other_application_still_interviewing() -> None:
    assert keys_of(offer_pipeline("2026-03-10", "2026-03-20"), K.LEVERAGE_OFFER) == {
        ("leverage_offer", "acme-de", None, None),
        ("leverage_offer", "delta", None, None),
    }


def test_leverage_offer_is_due_two_business_days_before_the_deadline() -> None:
    assert windows_of(offer_pipeline("2026-03-10", "2026-03-20"), K.LEVERAGE_OFFER) == [
        ("2026-03-10", "2026-03-18"),
        ("2026-03-10", "2026-03-18"),
    ]


def test_leverage_offer_with_a_deadline_too_close_is_due_on_receipt() -> None:
    assert windows_of(offer_pipeline("2026-03-10", "2026-03-11"), K.LEVERAGE_OFFER) == [
        ("2026-03-10", "2026-03-10"),
        ("2026-03-10", "2026-03-10"),
    ]


def test_leverage_offer_deadline_after_thanksgiving() -> None:
    pipeline = offer_pipeline("2026-11-23", "2026-11-30")
    assert windows_of(pipeline, K.LEVERAGE_OFFER)[0] == ("2026-11-23", "2026-11-25")


def test_leverage_offer_deadline_after_thanksgiving_in_california() -> None:
    pipeline = Pipeline(CALIFORNIA, (), offer_pipeline("2026-11-23", "2026-11-30").applications)
    assert windows_of(pipeline, K.LEVERAGE_OFFER)[0] == ("2026-11-23", "2026-11-24")


def test_leverage_offer_without_a_deadline_is_due_in_two_business_days() -> None:
    assert windows_of(offer_pipeline("2026-03-12"), K.LEVERAGE_OFFER) == [
        ("2026-03-12", "2026-03-16"),
        ("2026-03-12", "2026-03-16"),
    ]


def test_leverage_offer_is_done_by_a_leverage_touch_on_that_application_since_receipt() -> None:
    pipeline = offer_pipeline(
        "2026-03-10",
        None,
        make_touch("leverage", "2026-03-10", application="acme-de"),
        make_touch("leverage", "2026-03-09", application="delta"),
        make_touch("call", "2026-03-11", application="delta"),
        make_touch("leverage", "2026-03-11", application="globex"),
    )
    assert keys_of(pipeline, K.LEVERAGE_OFFER) == {("leverage_offer", "delta", None, None)}


def test_a_second_offer_needs_telling_again() -> None:
    pipeline = make_pipeline(
        make_application("globex", status=Status.OFFER, offer=make_offer("2026-03-10")),
        make_application("initech", status=Status.OFFER, offer=make_offer("2026-03-16")),
        make_application("acme-de", status=Status.INTERVIEWING),
        touches=(make_touch("leverage", "2026-03-12", application="acme-de"),),
    )
    assert keys_of(pipeline, K.LEVERAGE_OFFER) == {("leverage_offer", "acme-de", None, None)}
    assert window_of(pipeline, K.LEVERAGE_OFFER) == ("2026-03-16", "2026-03-18")


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.DECLINED, Status.INTERVIEWING])
def test_no_leverage_from_an_application_not_in_offer(status: Status) -> None:
    pipeline = make_pipeline(
        make_application("globex", status=status, offer=make_offer("2026-03-10")),
        make_application("acme-de", status=Status.INTERVIEWING),
    )
    assert actions_of(pipeline, K.LEVERAGE_OFFER) == []


def test_no_leverage_from_an_offer_status_without_an_offer_record() -> None:
    pipeline = make_pipeline(
        make_application("globex", status=Status.OFFER),
        make_application("acme-de", status=Status.INTERVIEWING),
    )
    assert actions_of(pipeline, K.LEVERAGE_OFFER) == []


# reconnect (S16).


def rejected(closed_on: str | None, *touches: Touch, status: Status = Status.REJECTED) -> Pipeline:
    first = make_interview("acme-1", at="2026-03-02", interviewers=("jane-doe", "bob"))
    second = make_interview("acme-2", at="2026-03-09", interviewers=("jane-doe", "cat"))
    application = make_application(
        status=status,
        closed_on=day(closed_on) if closed_on else None,
        interviews=(first, second),
    )
    return make_pipeline(application, touches=touches)


def test_reconnect_with_each_interviewer_once_however_many_rounds() -> None:
    pipeline = rejected("2026-03-20")
    assert keys_of(pipeline, K.RECONNECT) == {
        ("reconnect", "acme-de", None, "jane-doe"),
        ("reconnect", "acme-de", None, "bob"),
        ("reconnect", "acme-de", None, "cat"),
    }
    assert windows_of(pipeline, K.RECONNECT) == [("2026-03-20", "2026-03-24")] * 3


def test_reconnect_skips_thanksgiving() -> None:
    assert windows_of(rejected("2026-11-25"), K.RECONNECT) == [("2026-11-25", "2026-11-30")] * 3


def test_no_reconnect_without_a_closing_date() -> None:
    assert actions_of(rejected(None), K.RECONNECT) == []


@pytest.mark.parametrize(
    "status", [Status.WITHDRAWN, Status.DECLINED, Status.ACCEPTED, Status.INTERVIEWING]
)
def test_reconnect_only_after_a_rejection(status: Status) -> None:
    assert actions_of(rejected("2026-03-20", status=status), K.RECONNECT) == []


def test_reconnect_is_done_by_a_network_touch_since_the_rejection() -> None:
    pipeline = rejected(
        "2026-03-20",
        make_touch("network", "2026-03-20", contact="jane-doe"),
        make_touch("network", "2026-03-19", contact="bob"),
        make_touch("thank_you", "2026-03-21", contact="cat", interview="acme-2"),
    )
    assert keys_of(pipeline, K.RECONNECT) == {
        ("reconnect", "acme-de", None, "bob"),
        ("reconnect", "acme-de", None, "cat"),
    }


# keep_in_touch (S16).


def network(*touches: Touch) -> Pipeline:
    return make_pipeline(contacts=(make_contact("dana-kim"),), touches=touches)


def test_keep_in_touch_ninety_days_after_a_network_touch() -> None:
    pipeline = network(make_touch("network", "2026-03-02", contact="dana-kim"))
    assert keys_of(pipeline, K.KEEP_IN_TOUCH) == {("keep_in_touch", None, None, "dana-kim")}
    assert window_of(pipeline, K.KEEP_IN_TOUCH) == ("2026-05-31", "2026-06-07")


def test_keep_in_touch_recurs_after_a_newer_touch() -> None:
    pipeline = network(
        make_touch("network", "2026-03-02", contact="dana-kim"),
        make_touch("network", "2026-06-01", contact="dana-kim"),
    )
    assert window_of(pipeline, K.KEEP_IN_TOUCH) == ("2026-08-30", "2026-09-06")


def test_keep_in_touch_counts_from_the_last_touch_of_any_kind() -> None:
    pipeline = network(
        make_touch("network", "2026-03-02", contact="dana-kim"),
        make_touch("reference_alert", "2026-04-01", contact="dana-kim"),
    )
    assert window_of(pipeline, K.KEEP_IN_TOUCH) == ("2026-06-30", "2026-07-07")


def test_no_keep_in_touch_without_a_network_touch() -> None:
    pipeline = network(make_touch("reference_alert", "2026-03-02", contact="dana-kim"))
    assert actions_of(pipeline, K.KEEP_IN_TOUCH) == []


# Every number is a setting.


def test_thank_you_within_one_business_day_when_set() -> None:
    settings = PlaybookSettings(thank_you_business_days=1)
    assert window_of(make_pipeline(interviewed("2026-03-06")), K.THANK_YOU, settings=settings) == (
        "2026-03-06",
        "2026-03-09",
    )


def test_decision_date_business_days_setting() -> None:
    settings = PlaybookSettings(decision_date_business_days=3)
    assert window_of(acme_with(), K.ASK_DECISION_DATE, settings=settings) == (
        "2026-03-02",
        "2026-03-05",
    )


def test_reference_business_days_setting() -> None:
    settings = PlaybookSettings(reference_business_days=4)
    pipeline = acme_with(profile=make_profile(references=("dana-kim",)))
    assert window_of(pipeline, K.ALERT_REFERENCES, settings=settings) == (
        "2026-03-02",
        "2026-03-06",
    )
    assert window_of(acme_with(), K.ADD_REFERENCES, settings=settings) == (
        "2026-03-02",
        "2026-03-06",
    )


def test_call_window_settings() -> None:
    settings = PlaybookSettings(call_after_days=3, call_within_days=4)
    assert window_of(acme_with(), K.FOLLOW_UP_CALL, settings=settings) == (
        "2026-03-05",
        "2026-03-06",
    )


def test_sooner_call_compares_with_the_call_after_days_setting() -> None:
    settings = PlaybookSettings(call_after_days=3, call_within_days=4)
    pipeline = make_pipeline(interviewed("2026-03-02", decision_expected=day("2026-03-04")))
    assert window_of(pipeline, K.FOLLOW_UP_CALL, settings=settings) == (
        "2026-03-05",
        "2026-03-06",
    )


def test_follow_up_interval_and_window_settings() -> None:
    settings = PlaybookSettings(follow_up_interval_days=5, follow_up_window_business_days=1)
    assert window_of(acme_with(touch("call", "2026-03-10")), K.FOLLOW_UP, settings=settings) == (
        "2026-03-16",
        "2026-03-17",
    )
    second = acme_with(touch("call", "2026-03-10"), touch("follow_up", "2026-03-16"))
    assert window_of(second, K.FOLLOW_UP, settings=settings) == ("2026-03-26", "2026-03-27")


def test_a_cap_of_one_follow_up_stops_after_it() -> None:
    settings = PlaybookSettings(max_follow_ups=1)
    after_call = acme_with(touch("call", "2026-03-10"))
    assert window_of(after_call, K.FOLLOW_UP, settings=settings) == ("2026-03-17", "2026-03-20")
    after_one = acme_with(touch("call", "2026-03-10"), touch("follow_up", "2026-03-18"))
    assert actions_of(after_one, K.FOLLOW_UP, settings=settings) == []


def test_a_higher_cap_allows_a_third_follow_up_after_twenty_one_days() -> None:
    settings = PlaybookSettings(max_follow_ups=3)
    pipeline = acme_with(
        touch("call", "2026-03-10"),
        touch("follow_up", "2026-03-18"),
        touch("follow_up", "2026-04-02"),
    )
    assert window_of(pipeline, K.FOLLOW_UP, settings=settings) == ("2026-04-23", "2026-04-28")


def test_keep_searching_settings() -> None:
    settings = PlaybookSettings(min_active_applications=1, search_recency_days=30)
    pipeline = acme_with()
    assert actions_of(pipeline, K.KEEP_SEARCHING, as_of=day("2026-04-01"), settings=settings) == []
    assert (
        len(actions_of(pipeline, K.KEEP_SEARCHING, as_of=day("2026-04-02"), settings=settings)) == 1
    )


def test_leverage_settings() -> None:
    settings = PlaybookSettings(leverage_lead_business_days=5, leverage_no_deadline_business_days=4)
    assert windows_of(
        offer_pipeline("2026-03-10", "2026-03-27"), K.LEVERAGE_OFFER, settings=settings
    )[0] == ("2026-03-10", "2026-03-20")
    assert windows_of(offer_pipeline("2026-03-10"), K.LEVERAGE_OFFER, settings=settings)[0] == (
        "2026-03-10",
        "2026-03-16",
    )


def test_reconnect_business_days_setting() -> None:
    settings = PlaybookSettings(reconnect_business_days=5)
    assert windows_of(rejected("2026-03-20"), K.RECONNECT, settings=settings)[0] == (
        "2026-03-20",
        "2026-03-27",
    )


def test_keep_in_touch_settings() -> None:
    settings = PlaybookSettings(keep_in_touch_days=30, keep_in_touch_window_days=3)
    pipeline = network(make_touch("network", "2026-03-02", contact="dana-kim"))
    assert window_of(pipeline, K.KEEP_IN_TOUCH, settings=settings) == ("2026-04-01", "2026-04-04")


# Laws, for any pipeline.

PEOPLE = ("amy", "bob", "cat", "dan")
DATES = st.dates(dt.date(2025, 11, 1), dt.date(2027, 2, 28))
OFFSETS = st.sampled_from([-10, -8, -5, 0, 1, 5, 9, 13]).map(
    lambda hours: dt.timezone(dt.timedelta(hours=hours))
)
MOMENTS = st.one_of(
    DATES,
    st.builds(
        lambda d, minute, tz: dt.datetime.combine(d, dt.time(), tz) + dt.timedelta(minutes=minute),
        DATES,
        st.integers(0, 24 * 60 - 1),
        OFFSETS,
    ),
)
REGIONS = st.sampled_from([("US", None), ("US", "CA"), ("GB", None), ("IN", None)])
Pair = tuple[str, str, str]


@st.composite
def applications(draw: st.DrawFn, index: int) -> Application:
    interviews = tuple(
        make_interview(
            f"iv-{index}-{n}",
            at=draw(MOMENTS),
            decision_expected=draw(st.none() | DATES),
            interviewers=tuple(draw(st.lists(st.sampled_from(PEOPLE), unique=True, max_size=4))),
        )
        for n in range(draw(st.integers(0, 3)))
    )
    return make_application(
        f"app-{index}",
        status=draw(st.sampled_from(Status)),
        applied_on=draw(st.none() | DATES),
        closed_on=draw(st.none() | DATES),
        offer=draw(st.none() | st.builds(Offer, DATES, st.none() | DATES)),
        interviews=interviews,
    )


def panel_of(application_list: list[Application]) -> list[Pair]:
    """Every (application, interview, interviewer) of these applications."""
    return [
        (application.id, interview.id, person)
        for application in application_list
        for interview in application.interviews
        for person in interview.interviewers
    ]


@st.composite
def other_touches(draw: st.DrawFn, application_ids: list[str]) -> list[Touch]:
    kinds = st.sampled_from([kind for kind in TouchKind if kind is not TouchKind.THANK_YOU])
    return [
        Touch(
            draw(kinds),
            draw(DATES),
            application=draw(st.sampled_from(application_ids)),
            contact=draw(st.none() | st.sampled_from(PEOPLE)),
            follow_up_requested_on=draw(st.none() | DATES),
        )
        for _ in range(draw(st.integers(0, 8)))
    ]


@st.composite
def pipelines(draw: st.DrawFn) -> tuple[Pipeline, set[Pair]]:
    """A pipeline, and the (application, interview, interviewer) still owed a thank-you."""
    application_list = [draw(applications(i)) for i in range(draw(st.integers(1, 4)))]
    pairs = panel_of(application_list)
    thanked = draw(st.sets(st.sampled_from(pairs))) if pairs else set()
    thank_yous = [
        Touch(TouchKind.THANK_YOU, draw(DATES), application=a, interview=i, contact=c)
        for a, i, c in sorted(thanked)
    ]
    noise = draw(other_touches([a.id for a in application_list]))
    touches = draw(st.permutations(thank_yous + noise))
    country, subdivision = draw(REGIONS)
    profile = make_profile(
        country=country,
        subdivision=subdivision,
        references=tuple(draw(st.lists(st.sampled_from(PEOPLE), unique=True, max_size=2))),
    )
    pipeline = make_pipeline(
        *application_list,
        contacts=tuple(make_contact(person) for person in PEOPLE),
        touches=tuple(touches),
        profile=profile,
    )
    return pipeline, set(pairs) - thanked


@given(pipelines(), DATES)
@hypothesis.settings(max_examples=150, deadline=None)
def test_every_interviewer_has_exactly_one_open_thank_you_until_one_is_logged(
    generated: tuple[Pipeline, set[Pair]], as_of: dt.date
) -> None:
    pipeline, owed = generated
    thank_yous = [a for a in plan(pipeline, DEFAULTS, as_of) if a.kind is K.THANK_YOU]
    found = [(a.application, a.interview, a.contact) for a in thank_yous]
    assert sorted(found) == sorted(owed)  # as lists: no pair twice


@given(pipelines(), DATES)
@hypothesis.settings(max_examples=150, deadline=None)
def test_thank_you_window_is_the_interview_day_to_two_business_days_later(
    generated: tuple[Pipeline, set[Pair]], as_of: dt.date
) -> None:
    pipeline, _ = generated
    interviews = {iv.id: iv for a in pipeline.applications for iv in a.interviews}
    profile = pipeline.profile
    assert profile is not None
    calendar = business_calendar(profile.country, profile.subdivision)
    for action in plan(pipeline, DEFAULTS, as_of):
        if action.kind is K.THANK_YOU:
            assert action.interview is not None
            interview_day = interviews[action.interview].day
            assert (action.due_from, action.due_by) == (
                interview_day,
                calendar.shift(interview_day, 2),
            )


@given(pipelines(), DATES)
@hypothesis.settings(max_examples=150, deadline=None)
def test_plan_is_deterministic_sorted_and_states_match_the_windows(
    generated: tuple[Pipeline, set[Pair]], as_of: dt.date
) -> None:
    pipeline, _ = generated
    first = plan(pipeline, DEFAULTS, as_of)
    assert plan(pipeline, DEFAULTS, as_of) == first
    assert first == sorted(first, key=Action.sort_key)
    for action in first:
        assert action.due_from <= action.due_by
        assert action.state == state_on(as_of, action.due_from, action.due_by)


@given(pipelines(), DATES)
@hypothesis.settings(max_examples=100, deadline=None)
def test_at_most_one_call_or_follow_up_per_application_awaiting_a_decision(
    generated: tuple[Pipeline, set[Pair]], as_of: dt.date
) -> None:
    pipeline, _ = generated
    found = [
        a.application
        for a in plan(pipeline, DEFAULTS, as_of)
        if a.kind in (K.FOLLOW_UP_CALL, K.FOLLOW_UP)
    ]
    assert len(found) == len(set(found))
    awaiting = {a.id for a in pipeline.applications if a.status.awaiting_decision and a.interviews}
    assert set(found) <= awaiting
