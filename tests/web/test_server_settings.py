"""Settings in server mode: each account sets the time zone of its mornings and its own
mailbox (read by the worker, and by the Inbox page's "Read it now"), on a real
PostgreSQL and a real IMAP server (dovecot). The mailbox's URL holds a password: no page
ever shows it, and the database keeps it sealed."""

from __future__ import annotations

import re

import pytest
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
    assert "AFTERVIEW_IMAP_URL" not in inbox + client.get("/settings").text
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
