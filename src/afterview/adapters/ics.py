"""RFC 5545 calendars in and out: the `calendar` feed and `import-invite` (docs/contracts.md).

Out: one event per interview and one all-day event per open action, with UIDs made
from the records, so a calendar that subscribes (or re-imports) updates its events
instead of doubling them. In: the invitations Google, Outlook and Apple send, read
for the one thing afterview needs — when, and who besides the user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Sequence

from icalendar import Calendar, Event, vCalAddress
from icalendar.error import BrokenCalendarProperty

from afterview.domain.actions import Action
from afterview.domain.model import Application, Interview, Pipeline
from afterview.errors import InvalidInput
from afterview.services.ports import Invite

PRODID = "-//afterview//EN"
SIMPLE_ID = re.compile(r"[A-Za-z0-9._-]{1,60}")
NOT_PEOPLE = {"ROOM", "RESOURCE", "GROUP"}
"""CUTYPEs that book a room or a mailing list, not an interviewer."""
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d."}
LOCAL_PART_BREAKS = re.compile(r"[._+-]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

Moment = dt.date | dt.datetime
Person = tuple[str, str | None]


# --- the calendar afterview writes -------------------------------------------------


def calendar_ics(pipeline: Pipeline, actions: Sequence[Action], today: dt.date) -> bytes:
    """Interviews and open actions as one calendar; the same records give the same bytes."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "afterview")
    stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    names = {contact.id: contact.name for contact in pipeline.contacts}
    for application in pipeline.applications:
        for interview in application.interviews:
            calendar.add_component(_interview_event(application, interview, names, stamp))
    for action in actions:
        calendar.add_component(_action_event(action, stamp))
    written: bytes = calendar.to_ical()
    return written


def _interview_event(
    application: Application, interview: Interview, names: dict[str, str], stamp: dt.datetime
) -> Event:
    event = _event(interview_uid(interview.id), stamp)
    event.add("summary", f"Interview: {application.role} at {application.company}")
    _add_when(event, interview.at)
    people = ", ".join(names.get(contact_id, contact_id) for contact_id in interview.interviewers)
    event.add("description", f"Interviewers: {people or 'not recorded yet'}")
    return event


def _action_event(action: Action, stamp: dt.datetime) -> Event:
    event = _event(action_uid(action), stamp)
    event.add("summary", action.title)
    _add_when(event, action.due_by)
    event.add(
        "description",
        f"{action.rule} ({action.kind.value}): do it between "
        f"{action.due_from.isoformat()} and {action.due_by.isoformat()}.",
    )
    return event


def _event(uid: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    return event


INTERVIEW_LENGTH = dt.timedelta(hours=1)


def _add_when(event: Event, at: Moment) -> None:
    """A date-time goes out in UTC (no VTIMEZONE needed); a date is an all-day event.

    The records hold no length, so a timed interview is shown as an hour: a
    zero-length event is easy to miss in a calendar.
    """
    if isinstance(at, dt.datetime):
        event.add("dtstart", at.astimezone(dt.UTC))
        event.add("duration", INTERVIEW_LENGTH)
        return
    event.add("dtstart", at)
    event.add("dtend", at + dt.timedelta(days=1))


def interview_uid(interview_id: str) -> str:
    """Stable across runs: made from the interview's own id."""
    return f"interview-{_uid_part(interview_id)}@afterview"


def action_uid(action: Action) -> str:
    """Stable across runs: an action is known by its kind and the records it is about."""
    key = "\x1f".join((action.application or "", action.interview or "", action.contact or ""))
    return f"action-{action.kind.value}-{_digest(key)}@afterview"


def _uid_part(record_id: str) -> str:
    """The id itself when it is plain; ids may hold spaces or any letters, so else a digest."""
    return record_id if SIMPLE_ID.fullmatch(record_id) else _digest(record_id)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:20]


# --- the invitations afterview reads -----------------------------------------------


def read_invite(data: bytes, user_email: str | None) -> Invite:
    """The first event of an invitation; malformed files name what is wrong with them."""
    calendar = _calendar(_text(data))
    event = _first_event(calendar)
    summary = event.get("SUMMARY", "")  # only shown: the first of several will do
    summary = summary[0] if isinstance(summary, list) else summary
    uid = event.get("UID")
    cancelled = str(calendar.get("METHOD", "")).upper() == "CANCEL" or (
        str(event.get("STATUS", "")).upper() == "CANCELLED"
    )
    return Invite(
        _start(event),
        str(summary).strip(),
        _people(event, user_email),
        (str(uid).strip() or None) if isinstance(uid, str) else None,
        _sequence(event.get("SEQUENCE")),
        cancelled,
    )


def _sequence(value: object) -> int:
    """SEQUENCE, the invitation's revision (0 when absent or not a number)."""
    try:
        return int(str(value)) if value is not None else 0
    except ValueError:
        return 0


def _problem(message: str) -> InvalidInput:
    return InvalidInput([f"invite: {message}"])


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _problem(f"not UTF-8 text (byte {error.start} is {data[error.start]:#04x})") from None


def _calendar(text: str) -> Calendar:
    if not re.search(r"^BEGIN:VCALENDAR\s*$", text, re.MULTILINE | re.IGNORECASE):
        raise _problem("not a calendar (no BEGIN:VCALENDAR)")
    if not re.search(r"^END:VCALENDAR\s*$", text, re.MULTILINE | re.IGNORECASE):
        raise _problem("the file is cut short (no END:VCALENDAR)")
    try:
        return Calendar.from_ical(text)
    except OSError:
        # A TZID is looked up as a file of the time zone database: a name too long for one.
        raise _problem("not a readable calendar (a TZID names no time zone)") from None
    except (ValueError, AttributeError, TypeError, KeyError, IndexError) as error:
        # Not only ValueError: icalendar trips over some malformed files on its own
        # (a VTIMEZONE with two TZIDs gives AttributeError), and they are still the file's fault.
        said = str(error).splitlines()[0][:120] if isinstance(error, ValueError) else ""
        reason = _escaped_controls(said) if said else "a property is malformed or repeated"
        raise _problem(f"not a readable calendar ({reason})") from None


def _escaped_controls(text: str) -> str:
    """icalendar's complaint quotes the file, which may hold any control character."""
    return CONTROL.sub(lambda match: repr(match[0])[1:-1], text)


def _first_event(calendar: Calendar) -> Event:
    for component in calendar.walk("VEVENT"):
        if isinstance(component, Event):
            return component
    raise _problem("no VEVENT in the calendar")


def _single(event: Event, name: str) -> object:
    """The event's one `name` property; two of them leave its meaning in doubt."""
    prop = event.get(name)
    if prop is None:
        raise _problem(f"no {name} in the event")
    if isinstance(prop, list):
        raise _problem(f"the event has {len(prop)} {name} lines; an event has one")
    return prop


def _start(event: Event) -> Moment:
    """DTSTART as given: a date, or an aware date-time in the event's own time zone."""
    prop = _single(event, "DTSTART")
    try:
        start: object = getattr(prop, "dt", None)
    except BrokenCalendarProperty:
        # A broken property is the text the file wrote, which is what the user must fix.
        raise _problem(f"DTSTART {str(prop)[:40]!r} is not a date or a date-time") from None
    if not isinstance(start, dt.date):
        raise _problem("DTSTART is not a date or a date-time")
    if not isinstance(start, dt.datetime):
        return start
    try:
        offset = start.utcoffset()
    except (ValueError, OverflowError):
        raise _problem("DTSTART's time zone gives no UTC offset for that moment") from None
    if offset is not None and offset % dt.timedelta(minutes=1):
        raise _problem(f"DTSTART's UTC offset ({offset}) is not in whole minutes")
    if offset is None:
        zone = getattr(prop, "params", {}).get("TZID")
        if zone:
            raise _problem(
                f"DTSTART's time zone {str(zone)[:40]!r} is neither in the file nor known"
            )
        raise _problem("DTSTART has no time zone (a floating time); add a TZID or a Z")
    return start


def _people(event: Event, user_email: str | None) -> list[Person]:
    """The organizer and attendees, once each, without the user (an alarm's are not here)."""
    user = user_email.lower() if user_email else None
    seen: set[str] = set()
    people: list[Person] = []
    for address in _addresses(event):
        person = _person(address)
        if person is None:
            continue
        key = (person[1] or person[0]).lower()
        if key in seen or (user is not None and key == user):
            continue
        seen.add(key)
        people.append(person)
    return people


def _addresses(event: Event) -> Iterator[vCalAddress]:
    """The event's own ORGANIZER and ATTENDEEs; VALARM attendees live in a subcomponent."""
    for name in ("ORGANIZER", "ATTENDEE"):
        found = event.get(name)
        for value in found if isinstance(found, list) else [found]:
            if isinstance(value, vCalAddress):
                yield value


def _person(address: vCalAddress) -> Person | None:
    if _param(address, "CUTYPE", "INDIVIDUAL").upper() in NOT_PEOPLE:
        return None
    email = _email(address)
    name = _display_name(_param(address, "CN").strip(), email)
    return (name, email) if name else None


def _param(address: vCalAddress, name: str, default: str = "") -> str:
    """A parameter's text; an unquoted comma splits it into a list, which is joined back
    (`CN=Doe, Jane` is one name)."""
    value = address.params.get(name, default)
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


def _email(address: vCalAddress) -> str | None:
    value = str(address).strip()
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    elif "@" not in value or ":" in value:
        value = _param(address, "EMAIL")
    return value.strip() or None


def _display_name(common_name: str, email: str | None) -> str:
    """The CN, unless it is only the address again (Google does that); Outlook's
    "Last, First" becomes "First Last" so a note does not open "Dear Doe, Jane"."""
    if common_name and "@" not in common_name:
        return _first_name_first(common_name)
    if email is None:
        return common_name
    local = email.split("@", 1)[0]
    return " ".join(word.capitalize() for word in LOCAL_PART_BREAKS.split(local) if word)


def _first_name_first(name: str) -> str:
    parts = [part.strip() for part in name.split(",")]
    if len(parts) != 2 or not all(parts) or parts[1].lower() in NAME_SUFFIXES:
        return name
    return f"{parts[1]} {parts[0]}"
