"""Every refusal a browser can meet, through the front door: each form of the web UI sent
wrong, each record that is not there, each route used the wrong way. The answer is HTML
(only /api answers JSON), says what is wrong in the forms' words (no command-line flag,
no stored field name) and leads somewhere: a link or a button into the UI."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from afterview.web.app import create_app
from afterview.web.common import field_words, in_words
from tests.conftest import MakeAfterview
from tests.web.conftest import LOCAL, csrf

HTMX = {"hx-request": "true"}
"""What htmx adds to its requests (it asks for no particular type)."""
STORED = (
    "received_on",
    "follow_up_requested_on",
    "decision_expected",
    "applied_on",
    "closed_on",
    "job_description",
    "message_id",
    "last_error",
    "as_of",
    "interviewers[",
    "offer.received",
    "offer.deadline",
    "applications[",
    "contacts[",
    "touches[",
    "outbox[",
)
"""Names the records are stored by, which a page never says."""
COMMAND = re.compile(
    r"(?<![\w-])--[a-z]|\bafterview (?:agenda|pipeline|import|export|apply|status|log|draft"
    r"|send|remind|proof|script|interview|contact|reference|profile|serve|demo|calendar)\b"
)
"""A command-line flag or command, which a page never mentions."""


class _Main(HTMLParser):
    """The text of a page's <main> (or of a fragment) and whether it offers a way on."""

    def __init__(self, whole: bool) -> None:
        super().__init__()
        self.inside = not whole
        self.text: list[str] = []
        self.ways: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.inside = True
        elif self.inside and (tag == "button" or (tag == "a" and dict(attrs).get("href"))):
            self.ways.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text.append(data)


def said(response: httpx.Response, status: int) -> str:
    """The refusal's text, once checked: HTML with `status`, in words, with a way on."""
    assert response.status_code == status, response.text[:2000]
    assert response.headers["content-type"].startswith("text/html"), response.text[:500]
    whole = "<main" in response.text
    main = _Main(whole)
    main.feed(response.text)
    text = " ".join(" ".join(main.text).split())
    assert not COMMAND.search(text), text
    assert [name for name in STORED if name in text] == [], text
    if whole:
        assert main.ways, f"a dead end: {text}"
    return text


def post(client: TestClient, path: str, data: dict[str, Any], page: str = "/") -> httpx.Response:
    """A form posted as a browser posts it: with its token, following no redirect."""
    data = {"csrf": csrf(client, page), **data}
    response: httpx.Response = client.post(path, data=data, follow_redirects=False)
    return response


def upload(client: TestClient, path: str, document: object, **fields: str) -> httpx.Response:
    """An afterview/1 document uploaded as the Import and Restore forms upload a file."""
    files = {"file": ("backup.json", json.dumps(document).encode(), "application/json")}
    data = {"csrf": csrf(client, "/import"), **fields}
    response: httpx.Response = client.post(path, data=data, files=files, follow_redirects=False)
    return response


BROKEN = {
    "format": "afterview/1",
    "applications": [
        {
            "id": "pied-piper",
            "company": "Pied Piper",
            "role": "Data Engineer",
            "status": "offer",
            "applied_on": "2026-11-31",
            "offer": {"received_on": "soon", "deadline": "2026-12-20"},
            "interviews": [
                {
                    "id": "pp-1",
                    "at": "2026-11-20T10:00:00-08:00",
                    "decision_expected": "Friday",
                    "interviewers": ["nobody-known"],
                }
            ],
        }
    ],
    "touches": [{"kind": "employer_reply", "on": "2026-11-20", "follow_up_requested_on": "x"}],
}
"""A backup with a wrong value in many of its fields."""


# --- The words themselves -------------------------------------------------------------------


def test_a_stored_path_is_said_as_the_form_labels_it() -> None:
    assert field_words("applications[0].offer.received_on") == "Application 1, offer received on"
    assert field_words("decision_expected") == "Decision expected"
    assert field_words("interviewers[1]") == "The panel, entry 2"
    assert field_words("profile.email") == "Your profile, email"
    assert field_words("backup.json") is None  # a file's name, not a field
    assert in_words("offer.deadline: 2026-01-01 is before received_on 2026-02-01") == (
        "Deadline to answer: 2026-01-01 is before “Offer received on” 2026-02-01"
    )
    assert in_words("no application 'acme-de'") == "no application 'acme-de'"


# --- Records that are not there, routes used the wrong way ----------------------------------


@pytest.mark.parametrize(
    ("path", "way_on"),
    [
        ("/applications/no-such-application", 'href="/pipeline"'),
        ("/applications/no-such-application/edit", 'href="/pipeline"'),
        ("/contacts/no-such-contact", 'href="/network"'),
        ("/contacts/no-such-contact/edit", 'href="/network"'),
        ("/interviews/no-such-interview/edit", 'href="/"'),
        ("/interviews/no-such-interview/notes", 'href="/"'),
        ("/no-such-page", 'href="/"'),
    ],
)
def test_a_record_that_is_not_there_gets_a_page_with_a_way_on(
    client: TestClient, path: str, way_on: str
) -> None:
    for accept in ("text/html", "application/json", "*/*"):
        response = client.get(path, headers={"accept": accept})
        said(response, 404)
        assert way_on in response.text


def test_a_route_used_the_wrong_way_gets_a_page_not_json(client: TestClient) -> None:
    for headers in ({"accept": "text/html"}, {"accept": "application/json"}, HTMX):
        text = said(client.put("/pipeline", headers=headers), 405)
        assert "cannot be used that way" in text


def test_a_form_missing_a_field_gets_a_page_not_json(client: TestClient) -> None:
    token = csrf(client)
    for headers in ({}, HTMX):
        response = client.post("/settings/references", data={"csrf": token}, headers=headers)
        assert "Contact: field required" in said(response, 400)


def test_a_form_without_its_token_says_to_reload(client: TestClient) -> None:
    response = client.post("/settings/profile", data={"name": "Sam"})
    assert "reload the page and try again" in said(response, 403)


def test_a_query_out_of_bounds_is_named_as_the_page_names_it(client: TestClient) -> None:
    assert "Day shown: not a date" in said(client.get("/pipeline?as_of=someday"), 400)
    assert "Search: longer than" in said(client.get("/search", params={"q": "x" * 201}), 400)


# --- Each form, sent wrong ------------------------------------------------------------------


def test_the_first_steps_refuse_in_words(make_afterview: MakeAfterview) -> None:
    client = TestClient(create_app(make_afterview()), base_url=LOCAL)
    response = post(client, "/start/profile", {"name": "", "email": "sam-at", "country": "ZZ"})
    said(response, 400)


def test_an_application_refused_says_its_fields_as_the_form_does(client: TestClient) -> None:
    typed = {"company": "", "role": "Analyst", "applied_on": "2026-02-30", "interest": "9"}
    said(post(client, "/applications", typed, "/pipeline/add"), 400)
    edited = {"company": "Acme Corp", "role": "Data Engineer", "applied_on": "the 3rd"}
    said(post(client, "/applications/acme-de/edit", edited, "/applications/acme-de/edit"), 400)


@pytest.mark.parametrize(
    "form",
    [
        {"status": "offer", "received_on": "2026-11-20", "deadline": "2026-11-01"},
        {"status": "offer", "received_on": "last week"},
        {"status": "rejected", "deadline": "2026-12-20"},
        {"status": "rejected", "on": "2026-13-01"},
        {"status": "hired"},
        {"status": ""},
    ],
)
def test_a_status_change_refused_names_the_fields_of_its_form(
    client: TestClient, form: dict[str, str]
) -> None:
    said(post(client, "/applications/acme-de/status", form, "/applications/acme-de"), 400)


def test_a_contact_refused_says_its_fields_as_the_form_does(client: TestClient) -> None:
    said(post(client, "/contacts", {"name": "", "email": "omar-at"}, "/contacts/new"), 400)
    edited = {"name": "Omar Said", "phone": "call me", "email": "x@"}
    said(post(client, "/contacts/omar-said/edit", edited, "/contacts/omar-said/edit"), 400)
    merged = {"other": "omar-said", "keep": "this"}
    said(post(client, "/contacts/omar-said/merge", merged, "/contacts/omar-said/merge"), 400)


def test_an_interview_refused_says_its_fields_as_the_form_does(client: TestClient) -> None:
    typed = {"application": "acme-de", "at": "tomorrow", "kind": "onsite"}
    typed |= {"decision_expected": "Friday", "name": "", "title": "CTO"}
    said(post(client, "/interviews", typed, "/interviews/new"), 400)
    edited = {"application": "acme-de", "at": "2026-11-20T10:00", "tz": "+99:00"}
    said(post(client, "/interviews/acme-1/edit", edited, "/interviews/acme-1/edit"), 400)


def test_a_touch_refused_says_its_fields_as_the_form_does(client: TestClient) -> None:
    reply = {"application": "hooli-de", "kind": "employer_reply", "on": "2026-11-24"}
    reply |= {"follow_up_requested_on": "2026-11-20"}
    text = said(post(client, "/touches", reply, "/touches/new?application=hooli-de"), 400)
    assert "before the reply itself" in text
    bad_day = {"application": "hooli-de", "kind": "call", "on": "yesterday"}
    said(post(client, "/touches", bad_day, "/touches/new?application=hooli-de"), 400)


def test_settings_refuse_in_words(client: TestClient) -> None:
    said(post(client, "/settings/profile", {"name": "Sam", "email": "sam-at"}, "/settings"), 400)
    said(post(client, "/settings/references", {"contact": "nobody"}, "/settings"), 404)


def test_today_refuses_in_words(client: TestClient) -> None:
    typed = {"interview": "acme-1", "application": "acme-de", "decision_expected": "Friday"}
    said(post(client, "/actions/decision-date", typed), 400)
    said(post(client, "/actions/done", {"kind": "party"}), 400)


# --- Imports, restores and sending ----------------------------------------------------------


def test_a_refused_import_names_each_record_and_field_in_words(client: TestClient) -> None:
    response = upload(client, "/import", BROKEN, kind="document")
    text = said(response, 400)
    assert "Application 1, offer received on: not a date" in text
    assert "Application 1, interview 1, decision expected: not a date" in text
    unreadable = client.post(
        "/import",
        data={"csrf": csrf(client, "/import"), "kind": "document"},
        files={"file": ("notes.json", b"{nope", "application/json")},
    )
    said(unreadable, 400)


def test_an_import_of_records_that_exist_says_what_to_tick(client: TestClient) -> None:
    backup = client.get("/settings/backup").json()
    text = said(upload(client, "/import", backup, kind="document"), 400)
    assert "Replace records that exist" in text


def test_a_refused_restore_names_each_record_and_field_in_words(client: TestClient) -> None:
    text = said(upload(client, "/settings/restore", BROKEN, mode="merge"), 400)
    assert "Nothing was restored" in text
    assert "Touch 1, they asked you to follow up on: not a date" in text
    said(post(client, "/settings/restore", {"mode": "merge"}, "/settings"), 400)


def test_a_send_without_a_mail_server_leads_to_settings(av: Afterview) -> None:
    client = TestClient(create_app(av), base_url=LOCAL)  # no AFTERVIEW_SMTP_URL
    (drafted,) = client.get(
        "/api/drafts", params={"interview": "acme-1", "contact": "omar-said"}
    ).json()["drafts"]
    form = {"contact": "omar-said", "text": drafted["body"], "subject": drafted["subject"]}
    response = post(client, "/interviews/acme-1/notes/send", form, "/interviews/acme-1/notes")
    text = said(response, 400)
    assert "no mail server is set up" in text
    assert 'href="/settings#h-smtp"' in response.text
    test_mail = post(client, "/settings/test-email", {}, "/settings")
    assert "no mail server is set up" in said(test_mail, 400)
