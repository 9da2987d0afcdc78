"""The Settings and Import pages, in-process (TestClient) on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from afterview.web.app import create_app
from tests.conftest import MakeAfterview
from tests.web import conftest
from tests.web.conftest import LOCAL

DATA = Path(__file__).parent.parent / "data"
SMTP_URL = "smtp://u:s3cret@127.0.0.1:2525"


def csrf(client: TestClient, page: str = "/settings") -> str:
    """The token from the page the form is on (Settings unless told)."""
    return conftest.csrf(client, page)


def demo_with_smtp(make_afterview: MakeAfterview, url: str) -> TestClient:
    """The demo, sending mail through `url`, behind the web face."""
    av = make_afterview(smtp_url=url)
    av.load_demo()
    return TestClient(create_app(av), base_url=LOCAL)


def test_the_settings_page_never_shows_the_smtp_password(make_afterview: MakeAfterview) -> None:
    page = demo_with_smtp(make_afterview, SMTP_URL).get("/settings")
    assert page.status_code == 200
    assert "s3cret" not in page.text
    assert SMTP_URL not in page.text
    assert "127.0.0.1" in page.text
    assert "Sam Rivera" in page.text
    assert "thank_you_business_days" in page.text
    assert "playbook.toml" in page.text
    assert 'aria-current="page">Settings' in page.text


def test_settings_names_the_mailbox_never_its_password(make_afterview: MakeAfterview) -> None:
    url = "imaps://sam%40example.org:app%20s3cret@imap.example.org"
    av = make_afterview(imap_url=url)
    av.load_demo()
    page = TestClient(create_app(av), base_url=LOCAL).get("/settings").text
    assert "afterview reads <strong>sam@example.org at imap.example.org</strong>" in page
    assert "s3cret" not in page
    broken = make_afterview(imap_url="imap://imap.example.org")
    said = TestClient(create_app(broken), base_url=LOCAL).get("/settings").text
    assert "AFTERVIEW_IMAP_URL" in said


def test_a_bad_email_is_named_and_changes_nothing(client: TestClient, av: Afterview) -> None:
    before = av.pipeline().profile
    assert before is not None
    response = client.post(
        "/settings/profile",
        data={"csrf": csrf(client), "name": "Sam Rivera", "email": "not-an-email"},
    )
    assert response.status_code == 400
    assert "Email: not an email address" in response.text
    assert 'value="not-an-email"' in response.text
    assert av.pipeline().profile == before


def test_a_good_profile_is_saved_with_its_references(client: TestClient, av: Afterview) -> None:
    before = av.pipeline().profile
    assert before is not None
    response = client.post(
        "/settings/profile",
        data={
            "csrf": csrf(client),
            "name": "Sam Rivera",
            "email": "sam@example.org",
            "country": "US",
            "subdivision": "CA",
            "strengths": "Kafka at scale\n\n  Calm under pressure \n",
        },
    )
    assert response.status_code == 200
    assert "Profile saved." in response.text
    after = av.pipeline().profile
    assert after is not None
    assert after.email == "sam@example.org"
    assert after.strengths == ("Kafka at scale", "Calm under pressure")
    assert after.references == before.references


def test_posts_without_the_csrf_token_are_refused(client: TestClient, av: Afterview) -> None:
    client.get("/settings")
    before = av.ports.calendar_tokens.current()
    for path in ("/settings/profile", "/settings/test-email", "/settings/calendar-token"):
        assert client.post(path, data={"name": "Mallory"}).status_code == 403
    refused = client.post(
        "/import",
        data={"kind": "sheet"},
        files={"file": ("generic.csv", (DATA / "csv" / "generic.csv").read_bytes())},
    )
    assert refused.status_code == 403
    assert av.ports.calendar_tokens.current() == before
    profile = av.pipeline().profile
    assert profile is not None
    assert profile.name == "Sam Rivera"


def test_a_broken_document_shows_every_problem_and_writes_nothing(
    client: TestClient, av: Afterview
) -> None:
    before = av.pipeline()
    broken = {
        "format": "afterview/1",
        "applications": [
            {"id": "new-one", "company": "Initech", "role": "Analyst", "status": "dreaming"},
            {"id": "new-two", "company": "Umbrella", "role": "Chemist", "applied_on": "soon"},
        ],
    }
    response = client.post(
        "/import",
        data={"csrf": csrf(client, "/import"), "kind": "document"},
        files={"file": ("broken.json", json.dumps(broken).encode())},
    )
    assert response.status_code == 400
    assert "Application 1, status: must be one of" in response.text
    assert "Application 2, applied on: not a date" in response.text
    assert av.pipeline() == before


def test_a_file_that_is_not_json_is_named(client: TestClient, av: Afterview) -> None:
    response = client.post(
        "/import",
        data={"csrf": csrf(client, "/import"), "kind": "document"},
        files={"file": ("notes.json", b"{oops")},
    )
    assert response.status_code == 400
    assert "notes.json: not JSON (line 1" in response.text


def test_a_spreadsheet_adds_applications(client: TestClient, av: Afterview) -> None:
    before = len(av.pipeline().applications)
    response = client.post(
        "/import",
        data={"csrf": csrf(client, "/import"), "kind": "sheet"},
        files={"file": ("generic.csv", (DATA / "csv" / "generic.csv").read_bytes())},
    )
    assert response.status_code == 200, response.text
    after = av.pipeline().applications
    assert len(after) > before
    assert f"{len(after) - before} application" in response.text
    assert "Zoë &amp; Partners" in client.get("/import").text


def test_business_cards_add_contacts(client: TestClient, av: Afterview) -> None:
    before = {c.id for c in av.pipeline().contacts}
    response = client.post(
        "/import",
        data={"csrf": csrf(client, "/import"), "kind": "cards"},
        files={"file": ("google.vcf", (DATA / "cards" / "google.vcf").read_bytes())},
    )
    assert response.status_code == 200, response.text
    added = [c for c in av.pipeline().contacts if c.id not in before]
    assert added
    assert "1 contact" in response.text
    assert added[0].name in response.text


def test_an_invite_needs_its_application(client: TestClient) -> None:
    response = client.post(
        "/import",
        data={"csrf": csrf(client, "/import"), "kind": "invite"},
        files={"file": ("google.ics", (DATA / "invites" / "google.ics").read_bytes())},
    )
    assert response.status_code == 400
    assert "Application: choose the application" in response.text


def test_rotating_the_calendar_token_changes_it(client: TestClient, av: Afterview) -> None:
    old = av.ports.calendar_tokens.current()
    assert f"token={old}" in client.get("/settings").text
    response = client.post("/settings/calendar-token", data={"csrf": csrf(client)})
    assert response.status_code == 200
    new = av.ports.calendar_tokens.current()
    assert new != old
    assert f"token={new}" in response.text
    assert f"token={old}" not in response.text
    assert client.get("/calendar.ics", params={"token": old}).status_code == 403


def test_a_test_email_without_smtp_says_it_is_not_set(client: TestClient) -> None:
    response = client.post("/settings/test-email", data={"csrf": csrf(client)})
    assert response.status_code == 400
    assert "no mail server is set up" in response.text
    assert "Set AFTERVIEW_SMTP_URL where afterview runs, then start it again." in response.text
    assert "Traceback" not in response.text


def test_a_refused_test_email_is_explained(make_afterview: MakeAfterview) -> None:
    url = "smtp://u:s3cret@127.0.0.1:1?tls=off"  # nothing listens on port 1
    client = demo_with_smtp(make_afterview, url)
    response = client.post("/settings/test-email", data={"csrf": csrf(client)})
    assert response.status_code == 502  # the mail server failed, not the user
    assert "the test email did not go out: SMTP: cannot reach 127.0.0.1:1" in response.text
    assert "s3cret" not in response.text


def test_importing_records_that_exist_names_the_checkbox(client: TestClient, av: Afterview) -> None:
    exported = client.get("/api/export").content
    before = av.pipeline()
    form = {"csrf": csrf(client, "/import"), "kind": "document"}
    refused = client.post("/import", data=form, files={"file": ("mine.json", exported)})
    assert refused.status_code == 400
    assert "Nothing was imported" in refused.text
    assert "Tick “Replace records that exist” and upload the file again." in refused.text
    assert "Replace records that exist" in client.get("/import").text
    assert "--replace" not in refused.text
    assert av.pipeline() == before
    replaced = client.post(
        "/import", data={**form, "replace": "true"}, files={"file": ("mine.json", exported)}
    )
    assert replaced.status_code == 200, replaced.text
    assert "6 applications" in replaced.text
