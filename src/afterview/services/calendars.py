"""Calendars: an invitation becomes an interview; the plan becomes a feed (docs/contracts.md)."""

from __future__ import annotations

import datetime as dt
import hmac

from afterview.domain import fields as f
from afterview.domain.model import Interview
from afterview.errors import AfterviewError, InvalidInput
from afterview.services.ports import Invite, Ports
from afterview.services.records import AddInterview, NewInterviewer, add_interview


class UnknownToken(AfterviewError):
    """A calendar feed asked for with a token that is not (or no longer) the user's."""


def import_invite(
    ports: Ports, data: bytes, application_id: str, interview_id: str | None = None
) -> Interview:
    """Add the invitation's interview to an application, in its own time zone.

    The invite is read in full and its time and people checked before anything is
    written, and `add_interview` writes in one transaction, so a malformed file or an
    unknown application stores nothing. Known people are matched by email; the user
    (the profile's email) is left out.
    """
    profile = ports.store.load().profile
    invite = ports.files.read_invite(data, profile.email if profile else None)
    _check(invite, ports.contact_formats)
    people = tuple(NewInterviewer(name, None, email) for name, email in invite.people)
    command = AddInterview(application_id, invite.at.isoformat(), people, id=interview_id)
    return add_interview(ports, command)


def _check(invite: Invite, formats: f.ContactFormats) -> None:
    """What the invitation says, judged as an interview's time and its panel's contacts
    will be, but with problems named in the invitation's terms (DTSTART, an attendee)."""
    problems = []
    try:
        f.parse_moment(invite.at.isoformat())
    except f.FieldError as error:
        problems.append(f"invite: DTSTART: {error}")
    for name, email in invite.people:
        who = f"invite: attendee {_shown(email or name)}"
        try:
            f.parse_text(name)
        except f.FieldError as error:
            problems.append(f"{who}: name (CN): {error}")
        if email is not None:
            try:
                f.parse_email(email, formats)
            except f.FieldError as error:
                problems.append(f"{who}: email: {error}")
    if problems:
        raise InvalidInput(problems)


def _shown(text: str, limit: int = 40) -> str:
    return repr(text[:limit] + ("…" if len(text) > limit else ""))


def calendar_feed(ports: Ports, as_of: dt.date | None = None) -> bytes:
    """The subscribable calendar: every interview, and every action open on `as_of`."""
    day = as_of or ports.clock.today()
    pipeline = ports.reader.load()
    actions = ports.plans.actions(pipeline, ports.playbook.current(), day, ports.holidays)
    return ports.files.write_calendar(pipeline, actions, day)


def subscribed_feed(ports: Ports, token: str) -> bytes:
    """The feed for a calendar that subscribed with `token`; refused for any other token."""
    if not hmac.compare_digest(token.encode(), ports.calendar_tokens.current().encode()):
        raise UnknownToken("unknown calendar token")
    return calendar_feed(ports)


def rotate_calendar_token(ports: Ports) -> str:
    """A new secret for the feed's address: calendars subscribed to the old one stop."""
    return ports.calendar_tokens.rotate()
