"""Interviews in the browser, in-process (TestClient) on the demo pipeline: adding one with
its time zone, editing one (when, kind, panel, topics, decision date), a typed interviewer
already known, a row without a name, and deleting one after a confirmation."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from httpx import Response

from afterview.bootstrap import Afterview
from afterview.services.records import AddInterview
from tests.web.conftest import csrf, forms


def _shown(client: TestClient, response: Response) -> str:
    """The page a post-redirect leads to."""
    assert response.status_code == 303, response.text
    page: str = client.get(response.headers["location"]).text
    return page


def test_the_edit_form_is_filled_from_the_interview(client: TestClient) -> None:
    page = client.get("/applications/acme-de").text
    assert 'href="/interviews/acme-1/edit"' in page
    assert 'href="/interviews/acme-1/delete"' in page
    form = client.get("/interviews/acme-1/edit").text
    assert 'type="datetime-local" value="2026-11-24T10:00"' in form
    assert '<option value="-08:00" selected>UTC-08:00</option>' in form
    assert '<option value="+05:30">UTC+05:30</option>' in form
    assert "<option selected>onsite</option>" in form
    assert 'name="panel" value="jane-doe" checked' in form
    assert 'name="about:omar-said"' in form
    (posted,) = [f for f in forms(form) if f.action == "/interviews/acme-1/edit"]
    assert posted.buttons == ["Save changes"]


def test_saving_an_edit_changes_when_kind_panel_topics_and_decision(
    client: TestClient, av: Afterview
) -> None:
    response = client.post(
        "/interviews/acme-1/edit",
        data={
            "csrf": csrf(client),
            "at": "2026-11-23T09:30",
            "tz": "+01:00",
            "kind": "video",
            "decision_expected": "2026-12-04",
            "panel": ["jane-doe", "omar-said"],
            "about:jane-doe": "the Q3 roadmap",
            "about:omar-said": "",
            "about:priya-natarajan": "lost with her place on the panel",
            "name": ["Kim Lee", ""],
            "title": ["CTO", ""],
            "email": ["", ""],
            "topic": ["hiring", ""],
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/applications/acme-de"
    page = _shown(client, response)
    assert "Saved the interview of Mon 23 Nov 2026." in page
    _, interview = av.pipeline().interview("acme-1")
    assert interview.at == dt.datetime(
        2026, 11, 23, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert interview.kind == "video"
    assert interview.decision_expected == dt.date(2026, 12, 4)
    assert interview.interviewers == ("jane-doe", "omar-said", "kim-lee")
    assert interview.topics == {"jane-doe": "the Q3 roadmap", "kim-lee": "hiring"}


def test_adding_takes_the_time_zone_and_says_so_on_the_application(
    client: TestClient, av: Afterview
) -> None:
    form = client.get("/interviews/new?application=hooli-de").text
    assert 'type="datetime-local"' in form
    assert '<option value="-08:00" selected>' in form  # as Hooli's last interview
    assert '<option value="-05:00" selected>' in client.get("/interviews/new").text
    response = client.post(
        "/interviews",
        data={
            "csrf": csrf(client),
            "application": "umbrella-dl",
            "at": "2026-11-24T15:00",
            "tz": "+00:00",
            "name": ["Kim Lee"],
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/applications/umbrella-dl"
    assert "Added the interview of Tue 24 Nov 2026." in _shown(client, response)
    (interview,) = av.application("umbrella-dl").application.interviews
    assert interview.at == dt.datetime(2026, 11, 24, 15, tzinfo=dt.UTC)


def test_a_known_name_uses_that_contact_and_the_page_says_so(
    client: TestClient, av: Afterview
) -> None:
    contacts = len(av.pipeline().contacts)
    response = client.post(
        "/interviews",
        data={
            "csrf": csrf(client),
            "application": "hooli-de",
            "at": "2026-11-24",
            "name": ["  KEN itō "],
            "topic": ["the on-call rota"],
        },
        follow_redirects=False,
    )
    page = _shown(client, response)
    assert "KEN itō is already in your network as Ken Ito (ken-ito)" in page
    assert len(av.pipeline().contacts) == contacts
    latest = max(av.application("hooli-de").application.interviews, key=lambda i: i.moment)
    assert latest.interviewers == ("ken-ito",)
    assert latest.topics == {"ken-ito": "the on-call rota"}


def test_a_row_without_a_name_is_refused_as_typed_and_marked(
    client: TestClient, av: Afterview
) -> None:
    before = av.pipeline()
    refused = client.post(
        "/interviews",
        data={
            "csrf": csrf(client),
            "application": "umbrella-dl",
            "at": "2026-11-24T10:00",
            "tz": "-07:00",
            "kind": "phone",
            "name": ["Kim Lee", ""],
            "title": ["", "Data Lead"],
            "email": ["", "ravi@umbrella.example.com"],
        },
    )
    assert refused.status_code == 400
    assert av.pipeline() == before
    text = refused.text
    assert "The interview was not added" in text
    assert 'id="name-1" name="name" value="" autocomplete="off" aria-invalid="true"' in text
    assert '<p class="field-message" id="name-1-problem">a name is needed</p>' in text
    assert 'value="Kim Lee"' in text
    assert 'value="Data Lead"' in text
    assert 'value="ravi@umbrella.example.com"' in text
    assert 'value="2026-11-24T10:00"' in text
    assert '<option value="-07:00" selected>' in text
    assert "<option selected>phone</option>" in text
    assert '<option value="umbrella-dl" selected>' in text


def test_a_refused_edit_keeps_what_was_typed(client: TestClient, av: Afterview) -> None:
    refused = client.post(
        "/interviews/acme-1/edit",
        data={
            "csrf": csrf(client),
            "at": "2026-11-24T10:00",
            "tz": "-08:00",
            "decision_expected": "soon",
            "panel": ["jane-doe"],
            "about:jane-doe": "the Q3 roadmap",
        },
    )
    assert refused.status_code == 400
    text = refused.text
    assert 'value="soon" aria-invalid="true"' in text
    assert 'name="panel" value="jane-doe" checked' in text
    assert 'name="panel" value="omar-said">' in text
    assert 'value="the Q3 roadmap"' in text
    assert av.pipeline().interview("acme-1")[1].interviewers == (
        "jane-doe",
        "omar-said",
        "priya-natarajan",
    )


def test_delete_asks_first_naming_the_touches_that_go(client: TestClient, av: Afterview) -> None:
    confirm = client.get("/interviews/initech-2/delete").text
    assert "the 2 notes, calls and replies recorded about it" in confirm
    assert "Tom Becker" in confirm
    assert "Ana Silva" in confirm
    (form,) = [f for f in forms(confirm) if f.action == "/interviews/initech-2/delete"]
    assert form.buttons == ["Delete the interview"]
    assert av.pipeline().interview("initech-2")  # asking deletes nothing
    response = client.post(form.action, data=form.fields, follow_redirects=False)
    assert response.headers["location"] == "/applications/initech-pe"
    assert "Deleted the interview of" in _shown(client, response)
    after = av.pipeline()
    assert [i.id for i in after.application("initech-pe").interviews] == ["initech-1"]
    assert not [t for t in after.touches if t.interview == "initech-2"]
    gone = client.get("/interviews/initech-2/delete", headers={"accept": "text/html"})
    assert gone.status_code == 404


def test_every_post_needs_the_form_token(client: TestClient, av: Afterview) -> None:
    for action in ("/interviews/acme-1/edit", "/interviews/acme-1/delete", "/interviews"):
        refused = client.post(action, data={"application": "acme-de", "at": "2026-11-24"})
        assert refused.status_code == 403
    assert av.pipeline().interview("acme-1")


def test_an_id_with_a_slash_links_to_itself(client: TestClient, av: Afterview) -> None:
    av.add_interview(AddInterview("umbrella-dl", "2026-11-24", id="odd/1#x"))
    page = client.get("/applications/umbrella-dl").text
    assert 'href="/interviews/odd%2F1%23x/edit"' in page
    form = client.get("/interviews/odd%2F1%23x/edit").text
    assert 'action="/interviews/odd%2F1%23x/edit"' in form
    assert "recorded as the day 2026-11-24; empty keeps it" in form
    kept = client.post(
        "/interviews/odd%2F1%23x/edit",
        data={"csrf": csrf(client), "at": "", "kind": "other"},
        follow_redirects=False,
    )
    assert kept.status_code == 303
    _, interview = av.pipeline().interview("odd/1#x")
    assert interview.at == dt.date(2026, 11, 24)
    assert interview.kind == "other"
    response = client.post(
        "/interviews/odd%2F1%23x/delete", data={"csrf": csrf(client)}, follow_redirects=False
    )
    assert response.status_code == 303
