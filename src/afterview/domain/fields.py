"""Parsers for every kind of field a user types or a document holds.

Each returns the parsed value or raises `FieldError` with a short reason
("not a date"); the caller adds the field's name or path. Emails and phone numbers
are judged by whole standards (RFC 5322 addresses, the world's numbering plans), so
they are asked of a `ContactFormats` port; the adapters answer with the
email-validator and phonenumbers libraries, not with regexes.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Protocol, TypeVar

DATE_FORM = re.compile(r"\d{4}-\d{2}-\d{2}")
MOMENT_FORM = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})")
ID_FORM = re.compile(r"[^\s\x00-\x1f\x7f]([^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?")

COUNTRY_FORM = re.compile(r"[A-Z]{2}")
MAX_ID_LENGTH = 200
FIRST_YEAR, LAST_YEAR = 1900, 2199
"""Dates outside these years are typos, and would overflow the calendar's arithmetic."""

E = TypeVar("E", bound=StrEnum)


class FieldError(ValueError):
    """A value that is not what its field needs; the message is the reason alone."""


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not DATE_FORM.fullmatch(value):
        raise FieldError("not a date (YYYY-MM-DD)")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise FieldError("not a date (no such day)") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise FieldError(f"not a date of a job search (years {FIRST_YEAR} to {LAST_YEAR})")
    return day


def parse_moment(value: object) -> dt.date | dt.datetime:
    """A date, or a date-time with its UTC offset: when an interview happens."""
    if isinstance(value, str) and DATE_FORM.fullmatch(value):
        return parse_date(value)
    if not isinstance(value, str) or not MOMENT_FORM.fullmatch(value):
        if isinstance(value, str) and MOMENT_FORM.fullmatch(value + "Z"):
            raise FieldError("not a date-time with a UTC offset (add one, e.g. -08:00)")
        raise FieldError("not a date-time (YYYY-MM-DDTHH:MM:SS±HH:MM, or a date)")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise FieldError("not a date-time (no such day or time)") from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise FieldError(f"not a date of a job search (years {FIRST_YEAR} to {LAST_YEAR})")
    return moment


def format_moment(value: dt.date | dt.datetime) -> str:
    return value.isoformat()


def parse_text(value: object) -> str:
    if not isinstance(value, str):
        raise FieldError("not a text")
    if not value.strip():
        raise FieldError("must not be empty")
    if "\x00" in value:
        raise FieldError("contains a NUL character")
    return value


def parse_id(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise FieldError("not an id (a non-empty text)")
    if not ID_FORM.fullmatch(value):
        raise FieldError("not an id (no control characters, no spaces at either end)")
    if len(value) > MAX_ID_LENGTH:
        raise FieldError(f"not an id (at most {MAX_ID_LENGTH} characters)")
    return value


def parse_country(value: object) -> str:
    """An ISO 3166-1 alpha-2 code, like US or GB (whether it is known is checked apart)."""
    if not isinstance(value, str) or not COUNTRY_FORM.fullmatch(value):
        raise FieldError("not a country code (two capital letters, like US)")
    return value


class ContactFormats(Protocol):
    """Judges email addresses and phone numbers; each check raises FieldError with the reason."""

    def check_email(self, value: str) -> None: ...

    def check_phone(self, value: str, region: str) -> None:
        """A phone or fax number possible in `region` (ISO country code) or given with +."""
        ...


def parse_email(value: object, formats: ContactFormats) -> str:
    if not isinstance(value, str):
        raise FieldError("not an email address")
    formats.check_email(value)
    return value


def parse_phone(value: object, formats: ContactFormats, region: str = "US") -> str:
    """A phone or fax number, as typed; judged possible for `region`."""
    if not isinstance(value, str):
        raise FieldError("not a phone number")
    formats.check_phone(value, region)
    return value


def parse_choice(value: object, choices: type[E]) -> E:
    if isinstance(value, str) and value in choices._value2member_map_:
        return choices(value)
    names = ", ".join(choice.value for choice in choices)
    raise FieldError(f"must be one of {names}")


def parse_interest(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise FieldError("must be a whole number from 1 to 5")
    return value


def parse_texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise FieldError("not a list")
    for item in value:
        if not isinstance(item, str) or not item.strip() or "\x00" in item:
            raise FieldError("every entry must be a non-empty text")
    return tuple(value)
