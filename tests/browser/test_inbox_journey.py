"""The Inbox page in Chromium, on a real mailbox (dovecot): read it now, confirm one
message, dismiss another; and the page passes axe at both widths."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from afterview.bootstrap import Afterview
from afterview.services.documents import ImportDocument
from tests.browser.conftest import Screenshot, served
from tests.browser.test_accessibility import _assert_clean, _audit, audited  # noqa: F401
from tests.cli.test_inbox_cli import email
from tests.conftest import MakeAfterview
from tests.dovecot import Dovecot
from tests.services.test_inbox import DOCUMENT


@pytest.fixture
def inbox_app(make_afterview: MakeAfterview, dovecot: Dovecot) -> Iterator[tuple[str, Afterview]]:
    user, _ = dovecot.new_user()
    av = make_afterview(imap_url=dovecot.url(user, tls="off"))
    av.import_document(ImportDocument(json.dumps(DOCUMENT).encode(), "pipeline.json"))
    dovecot.append_many(
        user,
        "INBOX",
        [
            email("Jane Doe <jane@acme.com>", "Thanks, Sam. Let's talk again on the 12th."),
            email(
                "Ana Silva <ana@talent-partners.example>",
                "Hi Sam, Acme asked me to set up your next round. Which days suit you?",
                subject="Acme Corp: next steps",
            ),
            email(
                "Li Wei <li@globex.example>",
                "Unfortunately we have decided to move forward with other candidates.",
                subject="Your application at Globex",
            ),
        ],
    )
    with served(av) as url:
        yield url, av


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_read_confirm_and_dismiss_from_the_inbox_page(
    browser: Browser,
    inbox_app: tuple[str, Afterview],
    javascript: bool,
    screenshot: Screenshot,
) -> None:
    url, av = inbox_app
    context = browser.new_context(
        viewport={"width": 1100, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(url + "/inbox")
    expect(page.get_by_text("Last read: never")).to_be_visible()

    page.get_by_role("button", name="Read it now").click()

    expect(page.get_by_role("status")).to_have_text("Read 3 new messages: 1 recorded, 2 to review.")
    expect(page.get_by_text("Acme Corp: next steps")).to_be_visible()
    expect(page.get_by_text("reads like a rejection; 2 applications at Globex")).to_be_visible()
    screenshot(page, f"inbox-{'js' if javascript else 'no-js'}")
    stranger = page.locator("li.inbox-item", has_text="Acme Corp: next steps")
    stranger.get_by_label("About").select_option(label="Acme Corp · Senior Data Engineer")
    stranger.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("status")).to_have_text("Recorded the reply on Acme Corp.")
    rejection = page.locator("li.inbox-item", has_text="Your application at Globex")
    rejection.get_by_role("button", name="Dismiss").click()

    expect(page.get_by_role("status")).to_contain_text("Dismissed")
    expect(page.get_by_text("Nothing waits for you")).to_be_visible()
    replies = [t for t in av.pipeline().touches if t.kind.value == "employer_reply"]
    assert [(t.application, t.contact) for t in replies] == [
        ("acme-de", "jane-doe"),
        ("acme-de", None),
    ]
    context.close()


def test_the_inbox_page_passes_axe_and_fits_a_phone(
    audited: Page,  # noqa: F811  (the fixture imported above)
    inbox_app: tuple[str, Afterview],
) -> None:
    url, av = inbox_app
    av.sync_inbox()
    _assert_clean(_audit(audited, url, (("/inbox", "inbox"),)))
