"""Server mode in Chromium: a job seeker signs in through the form, sets the time zone of
their mornings and their own mailbox in Settings, has Inbox read it, and signs out; the
pages pass axe and fit a phone. Real PostgreSQL, real dovecot, the app served by uvicorn."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from afterview.config import AppSettings
from afterview.server import Server
from afterview.services.documents import ImportDocument
from afterview.web.app import create_app
from tests.adapters.conftest import postgres_url  # noqa: F401  (the session's cluster)
from tests.adapters.test_postgres import pg_url  # noqa: F401  (a database of its own)
from tests.browser.conftest import Screenshot, served
from tests.browser.test_accessibility import DESK, _assert_clean, _audit
from tests.dovecot import Dovecot
from tests.web.test_server_mode import PASSWORD, _document

pytestmark = pytest.mark.postgres
SAM = "sam@example.org"


@pytest.fixture
def hosted(pg_url: str, tmp_path: Path) -> Iterator[str]:  # noqa: F811
    settings = dataclasses.replace(
        AppSettings.from_environment(),
        database_url=pg_url,
        accounts=True,
        today_override=dt.date(2026, 11, 25),
    )
    server = Server(settings)
    account = server.accounts.add(SAM, PASSWORD)
    server.afterview_for(account.id).import_document(
        ImportDocument(_document("Alpha"), "demo.json")
    )
    try:
        with served(app=create_app(server=server)) as url:
            yield url
    finally:
        server.close()


@pytest.fixture
def audited_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESK, bypass_csp=True)  # axe-core comes in
    opened = context.new_page()
    yield opened
    context.close()


def sign_in(page: Page, url: str) -> None:
    page.goto(url + "/settings")
    expect(page).to_have_url(url + "/signin?next=%2Fsettings")
    page.get_by_label("Email").fill(SAM)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(url + "/settings")


def test_a_job_seeker_sets_mornings_and_mailbox_in_settings(
    hosted: str, audited_page: Page, dovecot: Dovecot, screenshot: Screenshot
) -> None:
    page, url = audited_page, hosted
    user, password = dovecot.new_user()
    dovecot.append(
        user,
        "INBOX",
        b"From: Someone <someone@example.net>\r\nTo: sam@example.org\r\n"
        b"Subject: Coffee?\r\nMessage-ID: <coffee@example.net>\r\n\r\nAre you free?\r\n",
    )
    sign_in(page, url)
    page.get_by_label("Time zone").fill("Europe/London")
    page.get_by_role("button", name="Save the time zone").click()
    expect(page.get_by_role("status")).to_have_text(
        "Your mornings are in Europe/London: the digest comes at 07:00."
    )
    page.get_by_role("textbox", name="Your mailbox").fill(dovecot.url(user))
    page.get_by_role("button", name="Read this mailbox").click()
    label = f"{user} at 127.0.0.1"
    said = f"afterview will read {label} every 15 minutes."
    expect(page.get_by_role("status")).to_have_text(said)
    expect(page.locator("#h-account ~ p strong").first).to_have_text(label)
    assert password not in page.content()
    screenshot(page, "server-settings")

    page.get_by_role("link", name="Inbox").first.click()
    page.get_by_role("button", name="Read it now").click()
    expect(page.get_by_role("status")).to_have_text("Read 1 new message: 0 recorded, 1 to review.")
    expect(page.get_by_text("Coffee?")).to_be_visible()

    report = _audit(page, url, (("/settings", "server-settings"), ("/inbox", "server-inbox")))
    _assert_clean(report)

    page.get_by_role("button", name="Sign out").click()
    page.goto(url + "/settings")
    expect(page).to_have_url(url + "/signin?next=%2Fsettings")
