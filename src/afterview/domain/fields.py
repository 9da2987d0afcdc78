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

DATE_FORM = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
MOMENT_FORM = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})", re.ASCII
)
ID_FORM = re.compile(r"[^\s\x00-\x1f\x7f]([^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?")
NOT_TEXT = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
"""Control characters and lone surrogates: what a one-line field must not hold."""
NOT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
"""The same, less tab, line feed and carriage return: what a multi-line field must not hold."""
CONTROL_NAMES = {
    "\x00": "a NUL character",
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a line break",
}

COUNTRY_FORM = re.compile(r"[A-Z]{2}")
MAX_ID_LENGTH = 200
FIRST_YEAR, LAST_YEAR = 1900, 2199
"""Dates outside these years are typos, and would overflow the calendar's arithmetic."""
EARLIEST_OFFSET, LATEST_OFFSET = dt.timedelta(hours=-12), dt.timedelta(hours=14)
"""The UTC offsets of the world's time zones (Baker Island to Kiribati's Line Islands)."""

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
    offset = moment.utcoffset()
    if offset is not None and not EARLIEST_OFFSET <= offset <= LATEST_OFFSET:
        raise FieldError("not a UTC offset of any time zone (-12:00 to +14:00)")
    return moment


def format_moment(value: dt.date | dt.datetime) -> str:
    return value.isoformat()


def check_characters(value: str, multiline: bool = False) -> None:
    """Refuse what no database keeps as text: control characters (PostgreSQL refuses NUL,
    so a backup holding one could not move there) and lone surrogates (half of a UTF-16
    pair, which cannot be written as UTF-8). Multi-line fields may hold tabs and line breaks.
    """
    found = (NOT_LINES if multiline else NOT_TEXT).search(value)
    if found is None:
        return
    char = found.group()
    if "\ud800" <= char <= "\udfff":
        raise FieldError(f"contains U+{ord(char):04X}, half of a UTF-16 pair, which is not text")
    named = CONTROL_NAMES.get(char, f"the control character U+{ord(char):04X}")
    where = " (a one-line field)" if char in "\t\n\r" else ""
    raise FieldError(f"contains {named}{where}")


def parse_text(value: object) -> str:
    """A one-line text: a name, a title, a company."""
    if not isinstance(value, str):
        raise FieldError("not a text")
    if not value.strip():
        raise FieldError("must not be empty")
    check_characters(value)
    return value


def parse_lines(value: object) -> str:
    """A text that may run over several lines: an address, a description, a note."""
    if not isinstance(value, str):
        raise FieldError("not a text")
    if not value.strip():
        raise FieldError("must not be empty")
    check_characters(value, multiline=True)
    return value


def parse_id(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise FieldError("not an id (a non-empty text)")
    if not ID_FORM.fullmatch(value):
        raise FieldError("not an id (no control characters, no spaces at either end)")
    if len(value) > MAX_ID_LENGTH:
        raise FieldError(f"not an id (at most {MAX_ID_LENGTH} characters)")
    check_characters(value)
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
    check_characters(value)
    formats.check_email(value)
    return value


def parse_phone(value: object, formats: ContactFormats, region: str = "US") -> str:
    """A phone or fax number, as typed; judged possible for `region`."""
    if not isinstance(value, str):
        raise FieldError("not a phone number")
    check_characters(value)
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
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise FieldError("every entry must be a non-empty text")
        try:
            check_characters(item)
        except FieldError as error:
            raise FieldError(f"entry {index + 1} {error}") from None
    return tuple(value)
