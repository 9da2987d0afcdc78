"""B(d, n): business days over weekends and a country's holidays (docs/playbook.md, "Terms")."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from afterview.domain.calendar import BusinessCalendar, UnknownRegion, business_calendar
from tests.factories import day

US = business_calendar("US")
CA = business_calendar("US", "CA")
NY = business_calendar("US", "NY")
GB = business_calendar("GB")
IN = business_calendar("IN")

REGIONS = [("US", None), ("US", "CA"), ("GB", None), ("IN", None), ("DE", None), ("JP", None)]
DATES = st.dates(dt.date(2015, 1, 1), dt.date(2034, 6, 30))  # the package covers 2001-2035


def b(calendar: BusinessCalendar, start: str, n: int) -> str:
    return calendar.shift(day(start), n).isoformat()


# Weekdays and weekends, in a quiet stretch of March 2026 (Mon 2 .. Sun 15).


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-03-02", 1, "2026-03-03"),  # Mon -> Tue
        ("2026-03-05", 1, "2026-03-06"),  # Thu -> Fri
        ("2026-03-06", 1, "2026-03-09"),  # Fri -> Mon
        ("2026-03-07", 1, "2026-03-09"),  # Sat -> Mon
        ("2026-03-08", 1, "2026-03-09"),  # Sun -> Mon
        ("2026-03-06", 5, "2026-03-13"),  # Fri + a week of business days
        ("2026-03-04", 2, "2026-03-06"),  # Wed -> Fri
        ("2026-03-05", 2, "2026-03-09"),  # Thu -> Mon
    ],
)
def test_business_days_after_skip_the_weekend(start: str, n: int, expected: str) -> None:
    assert b(US, start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-03-10", -1, "2026-03-09"),  # Tue -> Mon
        ("2026-03-09", -1, "2026-03-06"),  # Mon -> Fri
        ("2026-03-08", -1, "2026-03-06"),  # Sun -> Fri
        ("2026-03-07", -1, "2026-03-06"),  # Sat -> Fri
        ("2026-03-09", -5, "2026-03-02"),  # Mon -> the Monday before
        ("2026-03-10", -2, "2026-03-06"),  # Tue -> Fri
    ],
)
def test_business_days_before_skip_the_weekend(start: str, n: int, expected: str) -> None:
    assert b(US, start, n) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2026-03-04", "2026-03-04"),  # a Wednesday is its own B(d, 0)
        ("2026-03-06", "2026-03-06"),  # so is a Friday
        ("2026-03-07", "2026-03-09"),  # Saturday rolls forward to Monday
        ("2026-03-08", "2026-03-09"),  # Sunday too
    ],
)
def test_zero_business_days_rolls_a_weekend_forward(start: str, expected: str) -> None:
    assert b(US, start, 0) == expected


def test_zero_business_days_rolls_a_holiday_forward() -> None:
    assert b(US, "2026-11-26", 0) == "2026-11-27"  # Thanksgiving -> Friday
    assert b(US, "2026-12-25", 0) == "2026-12-28"  # Christmas (Fri) -> Monday


# The United States, and California's day after Thanksgiving.


def test_thanksgiving_2026_is_not_a_business_day_in_the_us() -> None:
    assert not US.is_business_day(day("2026-11-26"))
    assert b(US, "2026-11-25", 1) == "2026-11-27"
    assert b(US, "2026-11-24", 2) == "2026-11-27"
    assert b(US, "2026-11-27", -1) == "2026-11-25"


def test_day_after_thanksgiving_is_closed_in_california() -> None:
    assert not CA.is_business_day(day("2026-11-27"))
    assert b(CA, "2026-11-25", 1) == "2026-11-30"
    assert b(CA, "2026-11-24", 2) == "2026-11-30"
    assert b(CA, "2026-11-26", 0) == "2026-11-30"
    assert b(CA, "2026-11-30", -1) == "2026-11-25"


def test_day_after_thanksgiving_is_a_business_day_in_plain_us_and_new_york() -> None:
    assert US.is_business_day(day("2026-11-27"))
    assert NY.is_business_day(day("2026-11-27"))
    assert b(NY, "2026-11-25", 1) == "2026-11-27"
    assert b(NY, "2026-11-26", 0) == "2026-11-27"


def test_observed_new_year_of_2028_closes_new_years_eve_2027_in_the_us() -> None:
    assert not US.is_business_day(day("2027-12-31"))  # Jan 1 2028 is a Saturday
    assert b(US, "2027-12-30", 1) == "2028-01-03"


def test_christmas_eve_2027_is_the_observed_christmas_in_the_us() -> None:
    assert b(US, "2027-12-23", 1) == "2027-12-27"  # Dec 25 2027 is a Saturday


# Great Britain: Boxing Day and its observed days.


def test_boxing_day_2026_on_a_saturday_closes_monday_the_28th_in_gb() -> None:
    assert not GB.is_business_day(day("2026-12-28"))
    assert b(GB, "2026-12-24", 1) == "2026-12-29"
    assert b(GB, "2026-12-24", 2) == "2026-12-30"
    assert b(GB, "2026-12-29", -1) == "2026-12-24"


def test_monday_the_28th_2026_is_a_business_day_in_the_us() -> None:
    assert US.is_business_day(day("2026-12-28"))
    assert b(US, "2026-12-24", 1) == "2026-12-28"


def test_christmas_and_boxing_day_2027_on_a_weekend_close_the_27th_and_28th_in_gb() -> None:
    assert not GB.is_business_day(day("2027-12-27"))
    assert not GB.is_business_day(day("2027-12-28"))
    assert b(GB, "2027-12-24", 1) == "2027-12-29"
    assert b(GB, "2027-12-25", 0) == "2027-12-29"
    assert b(GB, "2027-12-29", -1) == "2027-12-24"


# India: national days, on weekdays and on weekends.


def test_republic_day_2026_on_a_monday_is_closed_in_india() -> None:
    assert not IN.is_business_day(day("2026-01-26"))
    assert b(IN, "2026-01-23", 1) == "2026-01-27"
    assert b(US, "2026-01-23", 1) == "2026-01-26"


def test_republic_day_2027_on_a_tuesday_is_closed_in_india() -> None:
    assert b(IN, "2027-01-25", 1) == "2027-01-27"


def test_gandhi_jayanti_2026_on_a_friday_is_closed_in_india() -> None:
    assert not IN.is_business_day(day("2026-10-02"))
    assert b(IN, "2026-10-01", 1) == "2026-10-05"
    assert b(US, "2026-10-01", 1) == "2026-10-02"


def test_independence_day_2026_on_a_saturday_moves_nothing_in_india() -> None:
    assert b(IN, "2026-08-14", 1) == "2026-08-17"  # India observes no Monday for it
    assert IN.is_business_day(day("2026-08-17"))


def test_independence_day_2027_on_a_sunday_moves_nothing_in_india() -> None:
    assert b(IN, "2027-08-13", 1) == "2027-08-16"


# Regions.


@pytest.mark.parametrize("country", ["XX", "ZZ", "us", "USA", ""])
def test_unknown_country_is_refused(country: str) -> None:
    with pytest.raises(UnknownRegion):
        business_calendar(country)


@pytest.mark.parametrize(("country", "subdivision"), [("US", "ZZ"), ("US", "ca"), ("GB", "CA")])
def test_unknown_subdivision_is_refused(country: str, subdivision: str) -> None:
    with pytest.raises(UnknownRegion):
        business_calendar(country, subdivision)


def test_unknown_region_is_a_value_error_naming_the_code() -> None:
    with pytest.raises(ValueError, match="XX"):
        BusinessCalendar("XX")


def test_the_calendar_of_a_region_is_built_once() -> None:
    assert business_calendar("US", "CA") is business_calendar("US", "CA")
    assert business_calendar("GB") is business_calendar("GB")


def test_the_default_region_is_one_calendar_however_it_is_asked_for() -> None:
    assert business_calendar() is business_calendar("US")
    assert business_calendar("US") is business_calendar("US", None)
    assert business_calendar(country="US", subdivision="CA") is business_calendar("US", "CA")


def test_different_regions_have_different_calendars() -> None:
    assert business_calendar("US") is not business_calendar("US", "CA")
    assert business_calendar("US").subdivision is None
    assert business_calendar("US", "CA").subdivision == "CA"


# Laws of B(d, n), for any date.


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    country, subdivision = draw(st.sampled_from(REGIONS))
    return business_calendar(country, subdivision)


@given(calendars(), DATES)
def test_a_business_day_is_a_weekday_and_no_holiday_of_the_package(
    calendar: BusinessCalendar, d: dt.date
) -> None:
    closed = holidays.country_holidays(calendar.country, subdiv=calendar.subdivision, years=d.year)
    assert calendar.is_business_day(d) == (d.weekday() < 5 and d not in closed)


@given(calendars(), DATES, st.integers(1, 40))
def test_business_days_after_are_business_days_and_strictly_increasing(
    calendar: BusinessCalendar, d: dt.date, n: int
) -> None:
    after = calendar.shift(d, n)
    assert calendar.is_business_day(after)
    assert d < after < calendar.shift(d, n + 1)


@given(calendars(), DATES, st.integers(1, 40))
def test_b_d_n_is_exactly_n_business_days_after_d(
    calendar: BusinessCalendar, d: dt.date, n: int
) -> None:
    after = calendar.shift(d, n)
    between = [d + dt.timedelta(days=i) for i in range(1, (after - d).days + 1)]
    assert sum(calendar.is_business_day(x) for x in between) == n


@given(calendars(), DATES, st.integers(1, 40))
def test_business_days_before_are_business_days_before_d(
    calendar: BusinessCalendar, d: dt.date, n: int
) -> None:
    before = calendar.shift(d, -n)
    assert calendar.is_business_day(before)
    assert before < d
    assert calendar.shift(d, -(n + 1)) < before
    between = [before + dt.timedelta(days=i) for i in range((d - before).days)]
    assert sum(calendar.is_business_day(x) for x in between) == n


@given(calendars(), DATES)
def test_zero_business_days_is_the_first_business_day_on_or_after_d(
    calendar: BusinessCalendar, d: dt.date
) -> None:
    rolled = calendar.shift(d, 0)
    assert rolled >= d
    assert calendar.is_business_day(rolled)
    assert calendar.shift(rolled, 0) == rolled
    assert (rolled == d) == calendar.is_business_day(d)
    skipped = [d + dt.timedelta(days=i) for i in range((rolled - d).days)]
    assert not any(calendar.is_business_day(x) for x in skipped)


@given(calendars(), DATES, st.integers(2, 40))
def test_one_business_day_back_from_b_d_n_is_b_d_n_minus_one(
    calendar: BusinessCalendar, d: dt.date, n: int
) -> None:
    assert calendar.shift(calendar.shift(d, n), -1) == calendar.shift(d, n - 1)
