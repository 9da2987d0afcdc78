"""Calendars in and out: real invitations read, and afterview's own feed read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from afterview.adapters.ics import calendar_ics, read_invite
from afterview.domain.planner import plan
from afterview.domain.settings import PlaybookSettings
from afterview.errors import InvalidInput
from tests.console import afterview_cli
from tests.factories import day, make_application, make_interview, make_pipeline

INVITES = Path(__file__).resolve().parents[1] / "data" / "invites"
USER = "sam@example.org"
TODAY = day("2026-03-03")


def test_google_invite_in_utc_without_the_user_and_names_from_addresses() -> None:
    read = read_invite((INVITES / "google.ics").read_bytes(), USER)
    assert read.at == dt.datetime(2026, 11, 18, 18, 0, tzinfo=dt.UTC)
    assert isinstance(read.at, dt.datetime)
    assert read.at.utcoffset() == dt.timedelta(0)
    assert read.summary == "Acme Corp - Staff Data Engineer - Technical interview"
    # Organizer and attendee are one person; Google's CN=address gives a name from it.
    assert read.people == [("Jane Doe", "jane@acme.com"), ("Wei Chen", "wei.chen@acme.com")]


def test_outlook_invite_keeps_its_windows_time_zone_and_quoted_comma_names() -> None:
    read = read_invite((INVITES / "outlook.ics").read_bytes(), "SAM@EXAMPLE.ORG")
    assert isinstance(read.at, dt.datetime)
    assert read.at.isoformat() == "2026-11-18T14:00:00-08:00"
    assert read.people == [
        ("Jane Doe", "Jane@Acme.com"),
        ("Priya Natarajan", "priya.natarajan@acme.com"),
        ("Omar Said", "omar@acme.com"),
    ]


def test_apple_invite_non_ascii_names_and_alarm_attendees_are_not_people() -> None:
    read = read_invite((INVITES / "apple.ics").read_bytes(), USER)
    assert isinstance(read.at, dt.datetime)
    assert read.at.isoformat() == "2026-11-18T09:30:00+01:00"
    assert read.summary == "Vorstellungsgespräch Sam Rivera"
    assert read.people == [
        ("Zoë Müller", "zoe.mueller@acme.de"),
        ("Lars Becker", "lars.becker@acme.de"),
    ]


def test_the_user_counts_as_a_person_when_no_profile_email_is_known() -> None:
    read = read_invite((INVITES / "apple.ics").read_bytes(), None)
    assert ("Sam Rivera", "sam@example.org") in read.people


def test_all_day_invite_is_a_date() -> None:
    read = read_invite((INVITES / "all_day.ics").read_bytes(), USER)
    assert read.at == dt.date(2026, 11, 20)
    assert not isinstance(read.at, dt.datetime)
    assert read.people == [("Recruiting Team", "recruiting@acme.com")]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_a_calendar.ics", "invite: not a calendar (no BEGIN:VCALENDAR)"),
        ("truncated.ics", "invite: the file is cut short (no END:VCALENDAR)"),
        ("latin1.ics", "invite: not UTF-8 text (byte 142 is 0xeb)"),
        ("no_event.ics", "invite: no VEVENT in the calendar"),
        ("no_dtstart.ics", "invite: no DTSTART in the event"),
        ("bad_dtstart.ics", "invite: DTSTART 'next Tuesday' is not a date or a date-time"),
        ("garbled.ics", "invite: not a readable calendar ("),
    ],
)
def test_malformed_invites_say_what_is_wrong_in_one_line(name: str, message: str) -> None:
    with pytest.raises(InvalidInput) as error:
        read_invite((INVITES / name).read_bytes(), USER)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_floating_time_is_refused_rather_than_guessed() -> None:
    data = (INVITES / "google.ics").read_bytes().replace(b"20261118T180000Z", b"20261118T180000")
    with pytest.raises(InvalidInput, match="invite: DTSTART has no time zone"):
        read_invite(data, USER)


# --- hostile invitations through `afterview import-invite` -------------------------

GOOGLE = (INVITES / "google.ics").read_bytes()
WEIRD_ZONE = (
    b"BEGIN:VTIMEZONE\r\nTZID:Weird %s\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
    b"TZOFFSETFROM:%s\r\nTZOFFSETTO:%s\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
)


def _in_zone(offset: bytes) -> bytes:
    """The invite at 10:00 in a zone of its own (named after its offset: icalendar keeps
    the zones it has built by name, for the rest of the process)."""
    zone = WEIRD_ZONE % (offset, offset, offset)
    data = GOOGLE.replace(b"BEGIN:VEVENT", zone + b"BEGIN:VEVENT", 1)
    start = b"DTSTART;TZID=Weird %s:20261118T100000" % offset
    return data.replace(b"DTSTART:20261118T180000Z", start)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            GOOGLE.replace(b"DTEND:", b"DTSTART:20261119T180000Z\r\nDTEND:"),
            "invite: the event has 2 DTSTART lines; an event has one",
        ),
        (
            GOOGLE.replace(
                b"DTSTART:20261118T180000Z", b"DTSTART;TZID=Mars/Olympus:20261118T100000"
            ),
            "invite: DTSTART's time zone 'Mars/Olympus' is neither in the file nor known",
        ),
        (
            GOOGLE.replace(b"20261118T180000Z", b"20261332T180000Z"),
            "invite: DTSTART '20261332T180000Z' is not a date or a date-time",
        ),
        (
            GOOGLE.replace(b"DTSTART:20261118T180000Z", b"DTSTART:99991231T235959Z"),
            "invite: DTSTART: not a date of a job search (years 1900 to 2199)",
        ),
        (_in_zone(b"+2300"), "invite: DTSTART: not a UTC offset of any time zone"),
        (_in_zone(b"+075258"), "invite: DTSTART's UTC offset (7:52:58) is not in whole minutes"),
        (_in_zone(b"+9900"), "invite: not a readable calendar (Offset must be less than 24 hours"),
        (
            _in_zone(b"+0100").replace(b"TZID:", b"TZID:Twice\r\nTZID:", 1),
            "invite: not a readable calendar (a property is malformed or repeated)",
        ),
        (
            GOOGLE.replace(b"DTSTART:", b"DTSTART;TZID=Europe/" + b"9" * 300 + b":", 1).replace(
                b"180000Z", b"180000", 1
            ),
            "invite: not a readable calendar (a TZID names no time zone)",
        ),
        (
            GOOGLE.replace(b"PRODID", b"\x00PRODID"),
            "invite: not a readable calendar (Content line could not be parsed into parts: "
            "'\\x00PRODID",
        ),
        (
            GOOGLE.replace(b"CN=Jane Doe", b"CN=Jane\tDoe"),
            "invite: attendee 'jane@acme.com': name (CN): contains a tab (a one-line field)",
        ),
        (
            GOOGLE.replace(b"mailto:wei.chen@acme.com", b"mailto:wei.chen@@acme.com"),
            "invite: attendee 'wei.chen@@acme.com': email: not an email address",
        ),
    ],
    ids=[
        "two DTSTART",
        "unknown TZID",
        "no such day",
        "year 9999",
        "offset +23:00",
        "offset in seconds",
        "offset +99:00",
        "two TZIDs in a VTIMEZONE",
        "a TZID too long for a file name",
        "NUL quoted by icalendar",
        "tab in CN",
        "bad attendee email",
    ],
)
def test_a_hostile_invite_is_refused_in_one_line_and_stores_nothing(
    tmp_path: Path, data: bytes, message: str
) -> None:
    assert afterview_cli("apply", "--id", "acme-de", "Acme Corp", "Data Engineer")[0] == 0
    before = afterview_cli("export")[1]
    invite = tmp_path / "invite.ics"
    invite.write_bytes(data)
    code, _, err = afterview_cli("import-invite", str(invite), "--application", "acme-de")
    assert code == 2
    assert err.startswith(f"error: {message}"), err
    assert len(err.splitlines()) == 1
    assert afterview_cli("export")[1] == before


def test_properties_an_invite_repeats_but_afterview_does_not_read_are_no_problem() -> None:
    doubled = b"".join(
        line + b"\r\n" + line if line.startswith((b"SUMMARY", b"UID", b"DTEND")) else line
        for line in GOOGLE.splitlines(keepends=True)
    )
    read = read_invite(doubled.replace(b"ORGANIZER", b"ORGANIZER;CN=Doe, Jane", 1), USER)
    assert read.summary == "Acme Corp - Staff Data Engineer - Technical interview"
    assert read.people[0] == ("Jane Doe", "jane@acme.com")


# --- the calendar afterview writes -------------------------------------------------


def events(data: bytes) -> dict[str, tuple[dt.date, str]]:
    calendar = Calendar.from_ical(data)
    return {str(event.uid): (event.start, str(event.summary)) for event in calendar.events}


PIPELINE = make_pipeline(
    make_application(
        interviews=(
            make_interview("acme-1", at="2026-03-02T10:00:00-08:00"),
            make_interview("acme 2 (Zoë)", at="2026-03-09", interviewers=()),
        )
    )
)


def feed() -> bytes:
    return calendar_ics(PIPELINE, plan(PIPELINE, PlaybookSettings(), TODAY), TODAY)


def test_calendar_round_trip_gives_the_interviews_and_open_actions() -> None:
    actions = plan(PIPELINE, PlaybookSettings(), TODAY)
    assert actions, "the sample should have open actions"
    data = feed()
    calendar = Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == "-//afterview//EN"
    assert str(calendar["VERSION"]) == "2.0"
    read = events(data)
    assert read["interview-acme-1@afterview"] == (
        dt.datetime.fromisoformat("2026-03-02T10:00:00-08:00"),
        "Interview: Senior Data Engineer at Acme Corp",
    )
    assert len(read) == 2 + len(actions)
    action_events = [when for uid, when in read.items() if uid.startswith("action-")]
    assert sorted(action_events) == sorted((a.due_by, a.title) for a in actions)
    assert all(type(start) is dt.date for start, _ in action_events)


def test_an_id_that_is_not_plain_gets_a_digest_uid() -> None:
    uids = [uid for uid in events(feed()) if uid.startswith("interview-")]
    assert "interview-acme-1@afterview" in uids
    assert all(uid.isascii() and " " not in uid for uid in uids)


def test_interview_description_lists_the_interviewers() -> None:
    calendar = Calendar.from_ical(feed())
    event = next(e for e in calendar.walk("VEVENT") if e["UID"] == "interview-acme-1@afterview")
    assert str(event["DESCRIPTION"]) == "Interviewers: Jane Doe"


def test_action_description_names_the_seed_rule_and_window() -> None:
    actions = plan(PIPELINE, PlaybookSettings(), TODAY)
    calendar = Calendar.from_ical(feed())
    by_title = {str(e["SUMMARY"]): str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")}
    first = actions[0]
    assert by_title[first.title].startswith(f"{first.rule} ({first.kind.value})")
    assert first.due_by.isoformat() in by_title[first.title]


def test_the_same_records_give_the_same_bytes_and_uids() -> None:
    assert feed() == feed()


def test_a_re_export_after_a_change_keeps_the_uids_so_calendars_update() -> None:
    before = events(feed())
    moved = make_pipeline(
        make_application(
            interviews=(
                make_interview("acme-1", at="2026-03-02T15:00:00-08:00"),
                make_interview("acme 2 (Zoë)", at="2026-03-09", interviewers=()),
            )
        )
    )
    after = events(calendar_ics(moved, plan(moved, PlaybookSettings(), TODAY), TODAY))
    assert "interview-acme-1@afterview" in after
    assert after["interview-acme-1@afterview"][0] != before["interview-acme-1@afterview"][0]
    interview_uids = {uid for uid in before if uid.startswith("interview-")}
    assert interview_uids == {uid for uid in after if uid.startswith("interview-")}
