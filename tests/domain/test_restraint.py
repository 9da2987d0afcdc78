"""S13's "don't overdo it": the verdict on an employer contact the user is about to log.

The interview is on Monday 2 March 2026 unless a test says otherwise; the call
window is then Mon 9 - Thu 12 March, and after a call on Tue 10 March the next
follow-up is allowed from Tue 17 March.
"""

from __future__ import annotations

from typing import Any

import pytest

from afterview.domain.model import Pipeline, Status, Touch
from afterview.domain.restraint import Verdict, judge_contact
from afterview.domain.settings import PlaybookSettings
from tests.factories import (
    day,
    make_application,
    make_interview,
    make_pipeline,
    make_profile,
    make_touch,
)

DEFAULTS = PlaybookSettings()


def touch(kind: str, on: str, **overrides: Any) -> Touch:
    return make_touch(kind, on, **{"application": "acme-de", **overrides})


def reply(on: str, asked: str | None = None) -> Touch:
    return touch("employer_reply", on, follow_up_requested_on=day(asked) if asked else None)


def acme_with(*touches: Touch, **overrides: Any) -> Pipeline:
    return make_pipeline(make_application(**overrides), touches=touches)


def judge(
    pipeline: Pipeline,
    on: str,
    settings: PlaybookSettings = DEFAULTS,
    application: str = "acme-de",
) -> Verdict:
    return judge_contact(pipeline, application, day(on), settings)


def refused_naming(verdict: Verdict, allowed_from: str) -> bool:
    return not verdict.allowed and verdict.reason is not None and allowed_from in verdict.reason


# Follow-ups after the call.


def test_a_follow_up_before_its_window_is_refused_naming_the_allowed_date() -> None:
    verdict = judge(acme_with(touch("call", "2026-03-10")), "2026-03-16")
    assert refused_naming(verdict, "2026-03-17")
    assert verdict.reason is not None
    assert "Acme Corp" in verdict.reason


def test_a_second_contact_on_the_day_of_the_call_is_refused() -> None:
    verdict = judge(acme_with(touch("call", "2026-03-10")), "2026-03-10")
    assert refused_naming(verdict, "2026-03-17")


@pytest.mark.parametrize("on", ["2026-03-17", "2026-03-20", "2026-04-15"])
def test_a_follow_up_on_or_after_its_window_opens_is_allowed(on: str) -> None:
    assert judge(acme_with(touch("call", "2026-03-10")), on) == Verdict(True)


def test_the_second_follow_up_waits_fourteen_days() -> None:
    pipeline = acme_with(touch("call", "2026-03-10"), touch("follow_up", "2026-03-18"))
    assert refused_naming(judge(pipeline, "2026-03-31"), "2026-04-01")
    assert judge(pipeline, "2026-04-01").allowed


def test_a_reply_with_no_call_yet_waits_seven_days() -> None:
    pipeline = acme_with(reply("2026-03-05"))
    assert refused_naming(judge(pipeline, "2026-03-11"), "2026-03-12")
    assert judge(pipeline, "2026-03-12").allowed


def test_the_allowed_date_rolls_past_thanksgiving() -> None:
    interview = make_interview(at="2026-11-09")
    pipeline = acme_with(touch("call", "2026-11-19"), interviews=(interview,))
    assert refused_naming(judge(pipeline, "2026-11-25"), "2026-11-27")
    assert judge(pipeline, "2026-11-27").allowed


def test_the_allowed_date_rolls_past_the_california_holiday() -> None:
    interview = make_interview(at="2026-11-09")
    pipeline = make_pipeline(
        make_application(interviews=(interview,)),
        touches=(touch("call", "2026-11-19"),),
        profile=make_profile(subdivision="CA"),
    )
    assert refused_naming(judge(pipeline, "2026-11-27"), "2026-11-30")
    assert judge(pipeline, "2026-11-30").allowed


def test_the_allowed_date_follows_the_interval_setting() -> None:
    settings = PlaybookSettings(follow_up_interval_days=5)
    pipeline = acme_with(touch("call", "2026-03-10"))
    assert refused_naming(judge(pipeline, "2026-03-13", settings), "2026-03-16")
    assert judge(pipeline, "2026-03-16", settings).allowed


# The employer asked.


@pytest.mark.parametrize("on", ["2026-03-05", "2026-03-06", "2026-03-20", "2026-03-30"])
def test_a_follow_up_the_employer_asked_for_is_never_refused(on: str) -> None:
    pipeline = acme_with(touch("call", "2026-03-04"), reply("2026-03-05", asked="2026-03-20"))
    assert judge(pipeline, on).allowed


def test_a_follow_up_the_employer_asked_for_is_allowed_beyond_the_cap() -> None:
    pipeline = acme_with(
        touch("call", "2026-03-10"),
        touch("follow_up", "2026-03-18"),
        touch("follow_up", "2026-04-02"),
        reply("2026-04-10", asked="2026-04-20"),
    )
    assert judge(pipeline, "2026-04-13").allowed


# The cap: then the next move is the employer's.


def test_after_the_cap_a_further_follow_up_is_refused() -> None:
    pipeline = acme_with(
        touch("call", "2026-03-10"),
        touch("follow_up", "2026-03-18"),
        touch("follow_up", "2026-04-02"),
    )
    verdict = judge(pipeline, "2026-06-01")
    assert not verdict.allowed
    assert verdict.reason is not None
    assert "3 times" in verdict.reason
    assert "2026-03-02" in verdict.reason


def test_a_cap_of_one_refuses_the_second_follow_up() -> None:
    settings = PlaybookSettings(max_follow_ups=1)
    pipeline = acme_with(touch("call", "2026-03-10"), touch("follow_up", "2026-03-18"))
    assert not judge(pipeline, "2026-05-01", settings).allowed
    assert judge(pipeline, "2026-05-01").allowed


def test_contacts_of_an_earlier_round_do_not_count_toward_the_cap() -> None:
    first = make_interview("acme-1", at="2026-02-02")
    second = make_interview("acme-2", at="2026-03-09")
    pipeline = acme_with(
        touch("call", "2026-02-10"),
        touch("follow_up", "2026-02-17"),
        touch("follow_up", "2026-03-03"),
        interviews=(first, second),
    )
    verdict = judge(pipeline, "2026-03-16")
    assert verdict == Verdict(True)


# The first call.


def test_a_call_before_its_window_is_allowed_with_advice_naming_the_window() -> None:
    verdict = judge(acme_with(), "2026-03-05")
    assert verdict.allowed
    assert verdict.reason is None
    assert verdict.advice is not None
    assert "2026-03-09" in verdict.advice


@pytest.mark.parametrize("on", ["2026-03-09", "2026-03-12", "2026-03-20"])
def test_a_call_in_or_after_its_window_needs_no_advice(on: str) -> None:
    assert judge(acme_with(), on) == Verdict(True)


def test_call_advice_names_the_sooner_date_of_a_short_timetable() -> None:
    interview = make_interview(decision_expected=day("2026-03-03"))
    verdict = judge(acme_with(interviews=(interview,)), "2026-03-03")
    assert verdict.advice is not None
    assert "2026-03-04" in verdict.advice


def test_call_advice_skips_the_day_after_thanksgiving_in_california() -> None:
    interview = make_interview(at="2026-11-19")
    california = make_pipeline(
        make_application(interviews=(interview,)), profile=make_profile(subdivision="CA")
    )
    us = make_pipeline(make_application(interviews=(interview,)))
    assert "2026-11-30" in (judge(california, "2026-11-24").advice or "")
    assert "2026-11-27" in (judge(us, "2026-11-24").advice or "")


# Nothing to restrain.


@pytest.mark.parametrize(
    "status", [Status.OFFER, Status.ACCEPTED, Status.DECLINED, Status.REJECTED, Status.WITHDRAWN]
)
def test_contacting_a_decided_employer_is_not_restrained(status: Status) -> None:
    pipeline = acme_with(touch("call", "2026-03-10"), status=status)
    assert judge(pipeline, "2026-03-11") == Verdict(True)


def test_contacting_before_any_interview_is_not_restrained() -> None:
    assert judge(acme_with(interviews=()), "2026-03-03") == Verdict(True)


def test_an_unknown_application_is_left_to_the_caller() -> None:
    assert judge(acme_with(), "2026-03-03", application="nope") == Verdict(True)
