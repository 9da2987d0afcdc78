"""Today is rendered once and sent again while nothing it shows has changed (web/today.py,
`TodayPages`): never stale after a write (through the web, or by another afterview on the
same records, as another process would), never another account's, and each browser with
its own form token."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from afterview.domain.model import TouchKind
from afterview.server import Server
from afterview.services.records import LogTouch
from afterview.web.app import create_app
from afterview.web.common import CSRF_COOKIE
from tests.adapters.conftest import postgres_url  # noqa: F401  (the session's cluster)
from tests.adapters.test_postgres import pg_url  # noqa: F401  (a database of its own)
from tests.conftest import MakeAfterview
from tests.web.conftest import LOCAL, csrf
from tests.web.test_server_mode import ALICE, BOB, Hosted, hosted, sign_in  # noqa: F401

THANK_OMAR = "Thank Omar Said"
OMAR = {"application": "acme-de", "interview": "acme-1", "contact": "omar-said"}


def _thank_omar() -> LogTouch:
    return LogTouch(
        TouchKind.THANK_YOU, application="acme-de", interview="acme-1", contact="omar-said"
    )


def _token_in(page: str) -> set[str]:
    return set(re.findall(r'name="csrf" value="([^"]+)"', page))


def test_today_shows_a_done_posted_through_the_web(client: TestClient) -> None:
    assert THANK_OMAR in client.get("/").text
    assert THANK_OMAR in client.get("/").text  # sent again, as rendered
    done = client.post(
        "/actions/done",
        data={"csrf": csrf(client), "kind": "thank_you", **OMAR},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert THANK_OMAR not in client.get("/").text  # with the notice
    assert THANK_OMAR not in client.get("/").text  # and plain, as kept


def test_today_shows_a_write_by_another_afterview_on_the_same_records(
    client: TestClient, make_afterview: MakeAfterview
) -> None:
    for query in ("/", "/?section=due"):
        assert THANK_OMAR in client.get(query).text
    other = make_afterview()  # as another process (the command line) would
    other.log_touch(_thank_omar())
    for query in ("/", "/?section=due"):
        assert THANK_OMAR not in client.get(query).text


def test_each_browser_gets_its_own_form_token_in_a_kept_page(av: Afterview) -> None:
    app = create_app(av)
    first, second = TestClient(app, base_url=LOCAL), TestClient(app, base_url=LOCAL)
    one, two = first.get("/").text, second.get("/").text
    assert len(app.state.today_pages) == 1  # the second was the page kept
    assert _token_in(one) == {first.cookies.get(CSRF_COOKIE)}
    assert _token_in(two) == {second.cookies.get(CSRF_COOKIE)}
    assert _token_in(one) != _token_in(two)
    again = first.get("/").text
    assert _token_in(again) == _token_in(one)  # a browser keeps its token
    done = first.post(
        "/actions/done", data={"csrf": first.cookies.get(CSRF_COOKIE), "kind": "thank_you", **OMAR}
    )
    assert done.status_code == 200


@pytest.mark.postgres
def test_two_accounts_never_get_each_others_kept_page(hosted: Hosted) -> None:  # noqa: F811
    alice = hosted.client
    bob = TestClient(alice.app, base_url=str(alice.base_url))
    sign_in(alice, ALICE)
    sign_in(bob, BOB)
    for _ in range(3):
        for client, own, other in ((alice, ALICE, BOB), (bob, BOB, ALICE)):
            for query in ("/", "/?section=due", "/?section=upcoming&page=1"):
                page = client.get(query, follow_redirects=False)
                assert page.status_code == 200
                mine, theirs = ("Alpha", "Bravo") if own == ALICE else ("Bravo", "Alpha")
                assert own in page.text
                assert mine in page.text
                assert other not in page.text
                assert theirs not in page.text
    assert len(alice.app.state.today_pages) == 6  # type: ignore[attr-defined]


@pytest.mark.postgres
def test_a_write_in_another_process_shows_on_a_kept_today(hosted: Hosted) -> None:  # noqa: F811
    client = hosted.client
    sign_in(client, ALICE)
    assert THANK_OMAR in client.get("/").text
    assert THANK_OMAR in client.get("/").text  # kept
    other = Server(replace(hosted.server.settings))  # its own engine, as another process
    try:
        other.afterview_for(hosted.ids[ALICE]).log_touch(_thank_omar())
    finally:
        other.close()
    assert THANK_OMAR not in client.get("/").text


@pytest.mark.postgres
def test_a_disabled_account_gets_no_kept_page(hosted: Hosted) -> None:  # noqa: F811
    client = hosted.client
    sign_in(client, BOB)
    assert BOB in client.get("/").text
    hosted.server.accounts.disable(BOB)
    assert client.get("/", follow_redirects=False).status_code == 303
