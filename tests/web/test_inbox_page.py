"""The Inbox page: when the mailbox was last read, Read it now, and the review list.

The mailbox is a fake of afterview's own port here; tests/cli/test_inbox_cli.py reads a
real dovecot through the commands, and test_inbox_page_reads_a_real_mailbox below
through this page."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from afterview.web.app import create_app
from tests.services import test_inbox
from tests.services.test_inbox import FakeMailbox, mail
from tests.web.conftest import LOCAL, csrf, forms

av = test_inbox.av  # the pipeline of tests/services/test_inbox.py, imported
box = test_inbox.box  # and its fake mailbox, in the app's ports


@pytest.fixture
def client(av: Afterview) -> TestClient:
    return TestClient(create_app(av), base_url=LOCAL)


def test_without_a_mailbox_the_page_says_how_to_set_one_up(client: TestClient) -> None:
    page = client.get("/inbox")

    assert page.status_code == 200
    assert "AFTERVIEW_IMAP_URL" in page.text
    assert "Read it now" not in page.text
    assert 'href="/inbox" aria-current="page"' in page.text


def test_read_it_now_records_replies_and_lists_what_waits(
    client: TestClient, box: FakeMailbox, av: Afterview
) -> None:
    box.receive(mail("Jane Doe <jane@acme.com>", "Thanks Sam, we are still meeting people."))
    box.receive(mail("Pat Q <pat@unknown.example>", "Are you open to a role at Initech?"))
    before = client.get("/inbox").text
    assert "Last read: <strong>never" in before
    assert "sam@example.org at imap.example.org" in before

    done = client.post("/inbox/sync", data={"csrf": csrf(client, "/inbox")})

    assert done.status_code == 200  # followed the redirect
    assert "Read 2 new messages: 1 recorded, 1 to review." in done.text
    assert "Last read: <strong>never" not in done.text
    assert "Pat Q &lt;pat@unknown.example&gt;" in done.text
    assert "Are you open to a role at Initech?" in done.text
    assert av.pipeline().touches[-1].contact == "jane-doe"


def test_a_message_in_review_is_confirmed_on_the_application_chosen(
    client: TestClient, box: FakeMailbox, av: Afterview
) -> None:
    box.receive(mail("Pat Q <pat@unknown.example>", "Let's talk again on the 9th."))
    client.post("/inbox/sync", data={"csrf": csrf(client, "/inbox")})
    confirm = next(f for f in forms(client.get("/inbox").text) if f.action == "/inbox/confirm")

    done = client.post(
        "/inbox/confirm",
        data={**confirm.fields, "application": "acme-de", "follow_up_on": "2026-12-09"},
    )

    assert "Recorded the reply on Acme Corp." in done.text
    assert "Nothing waits for you" in done.text
    reply = av.pipeline().touches[-1]
    assert (reply.application, reply.follow_up_requested_on) == ("acme-de", dt.date(2026, 12, 9))


def test_a_confirm_without_an_application_names_the_field_and_records_nothing(
    client: TestClient, box: FakeMailbox, av: Afterview
) -> None:
    box.receive(mail("Pat Q <pat@unknown.example>", "Hello"))
    client.post("/inbox/sync", data={"csrf": csrf(client, "/inbox")})
    confirm = next(f for f in forms(client.get("/inbox").text) if f.action == "/inbox/confirm")
    touches = av.pipeline().touches

    refused = client.post("/inbox/confirm", data={**confirm.fields, "follow_up_on": "soon"})

    assert refused.status_code == 400
    assert "not a date" in refused.text
    assert av.pipeline().touches == touches
    assert len(av.inbox_view().review) == 1


def test_dismiss_takes_a_message_off_the_list(client: TestClient, box: FakeMailbox) -> None:
    box.receive(mail("Pat Q <pat@unknown.example>", "Hello", subject="Coffee?"))
    client.post("/inbox/sync", data={"csrf": csrf(client, "/inbox")})
    dismiss = next(f for f in forms(client.get("/inbox").text) if f.action == "/inbox/dismiss")

    done = client.post("/inbox/dismiss", data=dismiss.fields)

    assert "Dismissed “Coffee?”." in done.text
    assert "Nothing waits for you" in done.text


def test_a_mailbox_that_cannot_be_read_is_said_on_the_page(
    client: TestClient, box: FakeMailbox
) -> None:
    box.failure = "the mail server at imap.example.org refused the user name or password"

    refused = client.post("/inbox/sync", data={"csrf": csrf(client, "/inbox")})

    assert refused.status_code == 502
    assert "refused the user name or password" in refused.text
    assert "Last read: <strong>never" in refused.text
