"""An invitation becomes an interview in a real SQLite store; a bad one stores nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from afterview.bootstrap import Afterview
from afterview.errors import InvalidInput, NotFound
from afterview.services.documents import ImportDocument

DATA = Path(__file__).resolve().parents[1] / "data"
INVITES = DATA / "invites"


@pytest.fixture
def av(afterview: Afterview) -> Afterview:
    """The example pipeline: Sam Rivera (sam@example.org), Acme, Jane and Omar."""
    data = (DATA / "pipeline.json").read_bytes()
    afterview.import_document(ImportDocument(data, "pipeline.json"))
    return afterview


def test_outlook_invite_adds_the_interview_on_its_own_day(av: Afterview) -> None:
    interview = av.import_invite((INVITES / "outlook.ics").read_bytes(), "acme-de")
    assert isinstance(interview.at, dt.datetime)
    assert interview.at.isoformat() == "2026-11-18T14:00:00-08:00"
    assert interview.day == dt.date(2026, 11, 18)
    _, stored = av.pipeline().interview(interview.id)
    assert stored.at == interview.at


def test_known_contacts_are_reused_by_email_and_new_ones_made_from_cn(av: Afterview) -> None:
    before = {c.id for c in av.pipeline().contacts}
    interview = av.import_invite((INVITES / "outlook.ics").read_bytes(), "acme-de")
    pipeline = av.pipeline()
    names = [pipeline.contact(cid).name for cid in interview.interviewers]
    assert names == ["Jane Doe", "Priya Natarajan", "Omar Said"]
    assert interview.interviewers[0] == "jane-doe"  # Jane@Acme.com matched jane@acme.com
    assert interview.interviewers[2] == "omar-said"
    new = [c for c in pipeline.contacts if c.id not in before]
    assert [(c.name, c.email, c.company) for c in new] == [
        ("Priya Natarajan", "priya.natarajan@acme.com", "Acme Corp")
    ]
    assert all(c.email != "sam@example.org" for c in pipeline.contacts)


def test_non_ascii_names_and_the_chosen_id(av: Afterview) -> None:
    data = (INVITES / "apple.ics").read_bytes()
    interview = av.import_invite(data, "acme-de", interview_id="acme-berlin")
    pipeline = av.pipeline()
    assert interview.id == "acme-berlin"
    assert [pipeline.contact(c).name for c in interview.interviewers] == [
        "Zoë Müller",
        "Lars Becker",
    ]


def test_an_all_day_invite_gives_a_date(av: Afterview) -> None:
    interview = av.import_invite((INVITES / "all_day.ics").read_bytes(), "acme-de")
    assert interview.at == dt.date(2026, 11, 20)


@pytest.mark.parametrize("name", ["truncated.ics", "latin1.ics", "no_dtstart.ics"])
def test_a_malformed_invite_writes_nothing(av: Afterview, name: str) -> None:
    before = av.pipeline()
    with pytest.raises(InvalidInput, match=r"^invite: "):
        av.import_invite((INVITES / name).read_bytes(), "acme-de")
    assert av.pipeline() == before


def test_an_unknown_application_writes_nothing(av: Afterview) -> None:
    before = av.pipeline()
    with pytest.raises(NotFound):
        av.import_invite((INVITES / "outlook.ics").read_bytes(), "nope")
    assert av.pipeline() == before


def test_the_feed_holds_the_stored_interviews_and_open_actions(av: Afterview) -> None:
    interview = av.import_invite((INVITES / "google.ics").read_bytes(), "acme-de")
    today = dt.date(2026, 11, 19)
    data = av.calendar(today)
    uids = {str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT")}
    assert f"interview-{interview.id}@afterview" in uids
    assert any(uid.startswith("action-thank_you-") for uid in uids)
    assert av.calendar(today) == data
