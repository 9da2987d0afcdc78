"""Settings in server mode: each account sets the time zone of its mornings and its own
mailbox (read by the worker, and by the Inbox page's "Read it now"), on a real
PostgreSQL and a real IMAP server (dovecot). The mailbox's URL holds a password: no page
ever shows it, and the database keeps it sealed."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from tests.adapters.conftest import postgres_url  # noqa: F401  (the session's cluster)
from tests.adapters.test_postgres import pg_url  # noqa: F401  (a database of its own)
from tests.dovecot import Dovecot
from tests.web.conftest import csrf
from tests.web.test_server_mode import ALICE, BOB, Hosted, hosted, sign_in  # noqa: F401

pytestmark = pytest.mark.postgres


def flash(page: str) -> str:
    found = re.search(r'<p class="notice" role="status">(.*?)</p>', page, re.S)
    assert found is not None, page
    return found.group(1)


def test_an_account_sets_the_time_zone_of_its_mornings(hosted: Hosted) -> None:  # noqa: F811
    client = hosted.client
    sign_in(client, ALICE)
    page = client.get("/settings").text
    assert 'id="time-zone" name="zone" list="time-zones" value="UTC"' in page
    assert '<option value="Europe/London">' in page
    wrong = client.post(
        "/settings/time-zone", data={"csrf": csrf(client, "/settings"), "zone": "Europe/Londn"}
    )
    assert flash(wrong.text) == (
        "time zone: &#39;Europe/Londn&#39; is not a time zone name"
        " (e.g. Europe/London, America/Chicago)"
    )
    assert hosted.server.accounts.by_email(ALICE).time_zone is None  # type: ignore[union-attr]
    saved = client.post(
        "/settings/time-zone", data={"csrf": csrf(client, "/settings"), "zone": "Europe/London"}
    )
    assert flash(saved.text) == "Your mornings are in Europe/London: the digest comes at 07:00."
    assert 'value="Europe/London"' in client.get("/settings").text
    assert hosted.server.accounts.by_email(ALICE).time_zone == "Europe/London"  # type: ignore[union-attr]
    assert hosted.server.accounts.by_email(BOB).time_zone is None  # type: ignore[union-attr]


def test_an_account_reads_its_own_mailbox_and_no_page_shows_its_password(
    hosted: Hosted,  # noqa: F811
    dovecot: Dovecot,
    pg_url: str,  # noqa: F811
) -> None:
    user, password = dovecot.new_user()
    dovecot.append(
        user,
        "INBOX",
        b"From: Someone <someone@example.net>\r\nTo: alice@example.org\r\n"
        b"Subject: Coffee?\r\nMessage-ID: <coffee@example.net>\r\n\r\nAre you free?\r\n",
    )
    client = hosted.client
    sign_in(client, ALICE)
    inbox = client.get("/inbox").text
    assert 'Set yours in <a href="/settings#h-account">Settings</a>' in inbox
    settings = client.get("/settings").text
    assert "AFTERVIEW_IMAP_URL" not in inbox + settings
    assert "playbook.toml" not in settings  # the server's, which only its administrator writes
    assert "the same for every account: its administrator sets them" in settings
    assert "The server has no mail server set up" in settings
    wrong = client.post(
        "/settings/mailbox",
        data={"csrf": csrf(client, "/settings"), "url": "https://example.org"},
    )
    assert flash(wrong.text).startswith("mailbox URL: not imaps://user:password@host")
    url = dovecot.url(user)
    saved = client.post("/settings/mailbox", data={"csrf": csrf(client, "/settings"), "url": url})
    label = f"{user} at 127.0.0.1"
    assert flash(saved.text) == f"afterview will read {label} every 15 minutes."
    settings, inbox = client.get("/settings").text, client.get("/inbox").text
    assert f"afterview reads <strong>{label}</strong> every 15 minutes" in settings
    assert f"afterview reads <strong>{label}</strong>" in inbox
    read = client.post("/inbox/sync", data={"csrf": csrf(client, "/inbox")})
    assert read.status_code == 200
    assert flash(read.text) == "Read 1 new message: 0 recorded, 1 to review."
    for page in (settings, inbox, read.text):
        assert password not in page
    engine = create_engine(pg_url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT sealed_url FROM account_mailboxes")).all()
    finally:
        engine.dispose()
    assert len(stored) == 1
    assert password not in stored[0][0]
    assert user not in stored[0][0]

    # Bob has no mailbox: Alice's is not his.
    client.post("/signout", data={"csrf": csrf(client, "/")})
    sign_in(client, BOB)
    assert label not in client.get("/inbox").text + client.get("/settings").text
    client.post("/signout", data={"csrf": csrf(client, "/")})

    sign_in(client, ALICE)
    removed = client.post("/settings/mailbox/remove", data={"csrf": csrf(client, "/settings")})
    assert flash(removed.text) == "afterview no longer reads a mailbox."
    assert label not in client.get("/settings").text


def feed_address(client: TestClient) -> str:
    page = client.get("/settings").text
    found = re.search(r'<p class="copyable" id="feed-url"><code>(.*?)</code>', page)
    assert found is not None, page
    return html.unescape(found.group(1))


def test_each_account_has_its_own_calendar_feed_a_calendar_app_can_read(
    hosted: Hosted,  # noqa: F811
) -> None:
    client = hosted.client
    sign_in(client, ALICE)
    alice = feed_address(client)
    client.post("/signout", data={"csrf": csrf(client, "/")})
    sign_in(client, BOB)
    bob = feed_address(client)
    client.post("/signout", data={"csrf": csrf(client, "/")})
    assert alice != bob

    app = TestClient(client.app, base_url=str(client.base_url))  # a calendar app: no cookie
    alices = app.get(alice)
    assert alices.status_code == 200
    assert alices.headers["content-type"].startswith("text/calendar")
    assert "Alpha" in alices.text  # her employers ...
    assert "Bravo" not in alices.text  # ... and never his
    assert "Bravo" in app.get(bob).text
    account, epoch, mac = alice.rpartition("token=")[2].split(".")
    for forged in (
        f"{hosted.ids[BOB]}.{epoch}.{mac}",  # her signature on his account
        f"{account}.{int(epoch) + 1}.{mac}",  # a number not yet given
        f"{account}.{epoch}.{mac[:-1]}x",
        "",
        "1.0.x",  # the local account, which has no feed in server mode
        "x" * 5000,
    ):
        refused = app.get("/calendar.ics", params={"token": forged})
        assert refused.status_code == 403, forged
        assert "Alpha" not in refused.text

    sign_in(client, ALICE)
    client.post("/settings/calendar-token", data={"csrf": csrf(client, "/settings")})
    rotated = feed_address(client)
    assert rotated != alice
    assert app.get(alice).status_code == 403  # the old address ends at once
    assert app.get(rotated).status_code == 200
    assert app.get(bob).status_code == 200  # Bob's is his own

    hosted.server.accounts.disable(BOB)
    assert app.get(bob).status_code == 403


def test_a_coach_reading_a_client_never_sees_their_feed_mailbox_or_time_zone(
    hosted: Hosted,  # noqa: F811
) -> None:
    coach = "coach@example.org"
    hosted.server.accounts.add(coach, "correct horse battery staple", coach=True)
    private = "alice.private@corp.example"
    hosted.server.set_mailbox(hosted.ids[ALICE], f"imaps://{private}:s3cret@imap.corp.example")
    client = hosted.client
    sign_in(client, ALICE)
    alice = feed_address(client)
    client.post("/settings/share", data={"csrf": csrf(client, "/settings"), "coach": coach})
    client.post("/signout", data={"csrf": csrf(client, "/")})
    sign_in(client, coach)
    client.post(f"/clients/{hosted.ids[ALICE]}/view", data={"csrf": csrf(client, "/clients")})
    page = client.get("/settings").text
    inbox = client.get("/inbox").text
    assert "This is your client's inbox review" in inbox
    for shown in (page, inbox):
        assert private not in shown
        assert "imap.corp.example" not in shown
        assert "AFTERVIEW_IMAP_URL" not in shown
    assert "read only" in page
    assert 'id="feed-url"' not in page
    assert alice.rpartition("token=")[2] not in page
    assert 'id="h-account"' not in page
    refused = client.post(
        "/settings/time-zone", data={"csrf": csrf(client, "/settings"), "zone": "Asia/Tokyo"}
    )
    assert refused.status_code == 403
    assert hosted.server.accounts.by_email(ALICE).time_zone is None  # type: ignore[union-attr]


def test_a_mailbox_the_worker_could_not_read_says_so_in_settings(
    hosted: Hosted,  # noqa: F811
) -> None:
    import datetime as dt

    alice = hosted.ids[ALICE]
    hosted.server.set_mailbox(alice, "imaps://alice%40example.org:wrong@imap.example.org")
    client = hosted.client
    sign_in(client, ALICE)
    assert "Last read: <strong>not yet</strong>" in client.get("/settings").text
    stored = hosted.server.tables().mailbox(alice)
    assert stored is not None
    at = dt.datetime(2026, 11, 25, 9, 15, tzinfo=dt.UTC)
    hosted.server.tables().mailbox_read(
        alice, stored.sealed_url, at, "the server refused the password"
    )
    page = client.get("/settings").text
    assert "The last reading failed: the server refused the password" in page
    assert 'datetime="2026-11-25T09:15:00+00:00"' in page
    # A mailbox set again is read afresh: the old one's outcome is not carried over.
    hosted.server.set_mailbox(alice, "imaps://alice%40example.org:right@imap.example.org")
    hosted.server.tables().mailbox_read(alice, stored.sealed_url, at, "late news of the old one")
    page = client.get("/settings").text
    assert "The last reading failed" not in page
    assert "Last read: <strong>not yet</strong>" in page
