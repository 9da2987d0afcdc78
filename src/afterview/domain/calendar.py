"""Business days: Monday to Friday, less the public holidays of the user's country.

The holidays themselves come from the `holidays` package (country and subdivision,
observed days included). This module only counts over them, and remembers what it
counted: the planner asks the same few hundred questions millions of times.

Where the holidays come from is a `HolidaySource`, passed in by whoever asks. The
default asks the package; the composition root passes one that keeps the package's
answers on disk (importing the package costs ~150 ms, as it loads every country it
knows).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from afterview.domain.model import Profile

ONE_DAY = dt.timedelta(days=1)
SATURDAY = 5


class UnknownRegion(ValueError):
    """The country or subdivision code is not one the holidays package knows."""


class HolidaySource(Protocol):
    """The public holidays of a region, one year at a time."""

    def check(self, country: str, subdivision: str | None) -> None:
        """Raise UnknownRegion for a region without holidays data."""

    def closed_days(self, country: str, subdivision: str | None, year: int) -> list[dt.date]: ...

    def __hash__(self) -> int:
        """Calendars are memoised per source (by identity, as objects are by default)."""
        ...


class PackageHolidays:
    """Holidays straight from the `holidays` package."""

    def check(self, country: str, subdivision: str | None) -> None:
        check_region(country, subdivision)

    def closed_days(self, country: str, subdivision: str | None, year: int) -> list[dt.date]:
        return list(_holidays_of(country, subdivision, year))


PACKAGE_HOLIDAYS: HolidaySource = PackageHolidays()
"""The package itself: the default source (it keeps no state of its own)."""


class BusinessCalendar:
    """B(d, n) for one country and subdivision (docs/playbook.md, "Terms")."""

    def __init__(
        self,
        country: str = "US",
        subdivision: str | None = None,
        source: HolidaySource = PACKAGE_HOLIDAYS,
    ) -> None:
        self.country = country
        self.subdivision = subdivision
        self._source = source
        self._source.check(country, subdivision)
        self._years: set[int] = set()
        self._closed: set[dt.date] = set()
        self._shifts: dict[tuple[dt.date, int], dt.date] = {}

    def is_business_day(self, day: dt.date) -> bool:
        if day.weekday() >= SATURDAY:
            return False
        if day.year not in self._years:
            self._load_year(day.year)
        return day not in self._closed

    def shift(self, day: dt.date, n: int) -> dt.date:
        """B(day, n): n business days after (n<0: before); n=0 rolls forward to one."""
        key = (day, n)
        found = self._shifts.get(key)
        if found is None:
            found = self._shifts[key] = self._count(day, n)
        return found

    def _count(self, day: dt.date, n: int) -> dt.date:
        if n == 0:
            while not self.is_business_day(day):
                day += ONE_DAY
            return day
        step = ONE_DAY if n > 0 else -ONE_DAY
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_business_day(day):
                remaining -= 1
        return day

    def _load_year(self, year: int) -> None:
        self._closed.update(self._source.closed_days(self.country, self.subdivision, year))
        self._years.add(year)


def check_region(country: str, subdivision: str | None) -> None:
    """Refuse a country or subdivision the holidays package does not define.

    The first question to the package imports all of its ~250 country modules
    (~150 ms); `adapters/holiday_cache.py` keeps that off the everyday path.
    """
    import holidays

    unknown = UnknownRegion(f"unknown country code {country!r} (ISO 3166-1 alpha-2, like US)")
    if not _is_alpha_2(country):
        raise unknown  # the package also knows alpha-3 codes (USA); the playbook says alpha-2
    try:
        holidays.country_holidays(country)
    except NotImplementedError:
        raise unknown from None
    try:
        holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError:
        raise UnknownRegion(f"{country} has no subdivision {subdivision!r}") from None


def _is_alpha_2(country: str) -> bool:
    return len(country) == 2 and country.isascii() and country.isalpha() and country.isupper()


def _holidays_of(country: str, subdivision: str | None, year: int) -> Any:
    import holidays

    try:
        return holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError as error:
        raise UnknownRegion(str(error)) from error


def business_calendar(
    country: str = "US", subdivision: str | None = None, source: HolidaySource = PACKAGE_HOLIDAYS
) -> BusinessCalendar:
    """The shared calendar of a region and source: built once per process, then only read.

    The cache is keyed on the region itself, so `business_calendar()`,
    `business_calendar("US")` and `business_calendar("US", None)` are one object.
    It is a memo, not a setting: a calendar depends on nothing but its arguments.
    """
    return _calendar_of(country, subdivision, source)


@lru_cache(maxsize=64)
def _calendar_of(country: str, subdivision: str | None, source: HolidaySource) -> BusinessCalendar:
    return BusinessCalendar(country, subdivision, source)


def calendar_of(
    profile: Profile | None, source: HolidaySource = PACKAGE_HOLIDAYS
) -> BusinessCalendar:
    """The calendar of the profile's region (the US when there is no profile yet)."""
    if profile is None:
        return business_calendar(source=source)
    return business_calendar(profile.country, profile.subdivision, source)
