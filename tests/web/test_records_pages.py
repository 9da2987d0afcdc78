"""The application and network pages, in-process (TestClient) on the demo pipeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from afterview.domain.model import Contact, Pipeline, Touch, TouchKind


def save_contact(av: Afterview, contact: Contact) -> None:
    """Store the contact as given (straight through the unit of work, no checks)."""
    with av.ports.store.unit_of_work() as work:
        before = work.pipeline.load()
        contacts = tuple(contact if c.id == contact.id else c for c in before.contacts)
        work.pipeline.save(before, replace(before, contacts=contacts))


def add_touch(av: Afterview, touch: Touch) -> None:
    with av.ports.store.unit_of_work() as work:
        before: Pipeline = work.pipeline.load()
        work.pipeline.save(before, replace(before, touches=(*before.touches, touch)))


def test_application_shows_interviews_cards_and_timeline(client: TestClient) -> None:
    page = client.get("/applications/acme-de")
    assert page.status_code == 200
    text = page.text
    assert "Acme Corp: Senior Data Engineer" in text
    assert "Tue 24 Nov 2026" in text
    assert "onsite" in text
    assert "not known yet: ask them (S1)" in text
    assert "Priya Natarajan" in text
    assert "missing: title" in text  # Priya has no title
    assert text.count(">complete<") == 2  # Jane Doe and Omar Said
    assert "thank you" in text
    assert "Jane Doe" in text
    assert 'aria-current="page">Pipeline' in text


def test_acme_says_the_call_waits_a_week_after_the_interview(client: TestClient) -> None:
    text = client.get("/applications/acme-de").text
    assert "Call from Tue 01 Dec: 7 days after the interview of 24 Nov (S11)" in text


def test_hooli_after_a_call_and_a_reply_waits_seven_days(client: TestClient) -> None:
    text = client.get("/applications/hooli-de").text
    assert "Ken said the team meets on Thursday." in text
    assert "Still interviewing; check back in a week." in text
    timeline = text[text.index('id="h-timeline"') :]
    assert timeline.index("Tue 17 Nov 2026") < timeline.index("Wed 18 Nov 2026")
    assert timeline.index("Ken said") < timeline.index("Still interviewing")
    assert (
        "Follow up from Wed 25 Nov: 7 days after your last contact (18 Nov); "
        "you have contacted them once since the interview (S13)"
    ) in text


def test_a_medium_needing_a_missing_reach_names_it(client: TestClient, av: Afterview) -> None:
    # Hooli is a phone application; Ken Ito has a phone number and a title.
    assert ">complete<" in client.get("/applications/hooli-de").text
    save_contact(av, Contact("ken-ito", "Ken Ito", company="Hooli"))
    assert "missing: title, phone number" in client.get("/applications/hooli-de").text


def test_asked_to_follow_up_and_patience(client: TestClient, av: Afterview) -> None:
    add_touch(
        av,
        Touch(
            TouchKind.EMPLOYER_REPLY,
            dt.date(2026, 11, 20),
            application="hooli-de",
            follow_up_requested_on=dt.date(2026, 11, 30),
        ),
    )
    assert (
        "Follow up from Mon 30 Nov: they asked you to (S13)"
        in client.get("/applications/hooli-de").text
    )
    for day in (21, 22, 23):
        add_touch(av, Touch(TouchKind.FOLLOW_UP, dt.date(2026, 11, day), application="hooli-de"))
    assert (
        "No more follow-ups: you have contacted them 4 times since the interview; "
        "the next move is theirs (S12)"
    ) in client.get("/applications/hooli-de").text


def test_unknown_application_is_a_404_page(client: TestClient) -> None:
    page = client.get("/applications/nope")
    assert page.status_code == 404
    assert "no application &#39;nope&#39;" in page.text
    assert "That did not work" in page.text


def test_network_lists_past_contacts_by_keep_in_touch_date(client: TestClient) -> None:
    page = client.get("/network")
    assert page.status_code == 200
    text = page.text
    assert 'aria-current="page">Network' in text
    assert "Raj Patel" in text
    assert "Brightline" in text
    assert "Staff Engineer" in text
    assert "Fri 21 Aug 2026" in text
    assert 'Thu 26 Nov 2026 <strong class="stage">(due)' in text
    assert "Tom Becker" in text
    assert "interviewed you at Initech (rejected)" in text
    assert "Dana Kim" in text
    assert text.index("Raj Patel") < text.index("Dana Kim") < text.index("Tom Becker")
    for active in ("Jane Doe", "Omar Said", "Ken Ito", "Marta López", "Li Wei"):
        assert active not in text


def test_names_are_escaped(client: TestClient, av: Afterview) -> None:
    evil = "<script>alert(1)</script>"
    save_contact(av, Contact("priya-natarajan", evil, company="Acme Corp"))
    save_contact(av, Contact("raj-patel", evil, company="Brightline"))
    for path in ("/applications/acme-de", "/network"):
        text = client.get(path).text
        assert evil not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
