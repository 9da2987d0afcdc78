"""Server mode's web face on a real PostgreSQL: sign-in, the gate, API tokens, and the
wall between two accounts, walked over every page and /api route there is."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from afterview.config import AppSettings
from afterview.server import Server
from afterview.services.demo import demo_document
from afterview.services.documents import ImportDocument
from afterview.web.accounts import SESSION_COOKIE
from afterview.web.app import create_app
from tests.adapters.conftest import postgres_url  # noqa: F401  (the session's cluster)
from tests.adapters.test_postgres import pg_url  # noqa: F401  (a database of its own)
from tests.web.conftest import csrf

pytestmark = pytest.mark.postgres
SITE = "https://afterview.example.org"
PASSWORD = "correct horse battery staple"
ALICE, BOB = "alice@example.org", "bob@example.org"


@dataclasses.dataclass
class Hosted:
    server: Server
    client: TestClient
    ids: dict[str, int]


def _document(company_suffix: str) -> bytes:
    """The demo pipeline with every employer renamed, so each account's data is told apart."""
    document = demo_document(dt.date(2026, 11, 25))
    for application in document["applications"]:
        application["company"] = f"{application['company']} {company_suffix}"
    return json.dumps(document).encode()


@pytest.fixture
def hosted(pg_url: str, tmp_path: object) -> Iterator[Hosted]:  # noqa: F811
    settings = replace(
        AppSettings.from_environment(),
        database_url=pg_url,
        accounts=True,
        today_override=dt.date(2026, 11, 25),
    )
    server = Server(settings)
    ids = {}
    for email, suffix in ((ALICE, "Alpha"), (BOB, "Bravo")):
        account = server.accounts.add(email, PASSWORD)
        ids[email] = account.id
        server.afterview_for(account.id).import_document(
            ImportDocument(_document(suffix), "demo.json")
        )
    client = TestClient(create_app(server=server), base_url=SITE)
    yield Hosted(server, client, ids)
    server.close()


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> object:
    token = csrf(client, "/signin")
    return client.post(
        "/signin",
        data={"csrf": token, "email": email, "password": password, "next": "/"},
        follow_redirects=False,
    )


def test_without_a_session_pages_go_to_sign_in_and_the_api_answers_401(hosted: Hosted) -> None:
    page = hosted.client.get("/pipeline?status=offer", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/signin?next=%2Fpipeline%3Fstatus%3Doffer"
    api = hosted.client.get("/api/agenda")
    assert api.status_code == 401
    assert api.headers["www-authenticate"].startswith("Bearer")
    assert "Alpha" not in api.text + page.text
    assert hosted.client.get("/healthz").json() == {"ok": True}


def test_sign_in_opens_the_accounts_own_data_in_a_secure_cookie(hosted: Hosted) -> None:
    client = hosted.client
    wrong = sign_in(client, ALICE, "not the password at all")
    assert wrong.status_code == 400  # type: ignore[attr-defined]
    assert "wrong email or password" in wrong.text  # type: ignore[attr-defined]
    unknown = sign_in(client, "nobody@example.org")
    assert unknown.text.count("wrong email or password") == 1  # type: ignore[attr-defined]

    done = sign_in(client, ALICE)

    assert done.status_code == 303  # type: ignore[attr-defined]
    cookie = done.headers["set-cookie"]  # type: ignore[attr-defined]
    assert "HttpOnly" in cookie
    assert "Secure" in cookie
    assert "samesite=lax" in cookie.lower()
    pipeline = client.get("/pipeline").text
    assert "Alpha" in pipeline
    assert "Bravo" not in pipeline
    assert ALICE in pipeline  # who is signed in, beside Sign out


def test_each_sign_in_is_a_new_session_and_sign_out_ends_it(hosted: Hosted) -> None:
    client = hosted.client
    sign_in(client, ALICE)
    first = client.cookies.get(SESSION_COOKIE)
    sign_in(client, ALICE)
    second = client.cookies.get(SESSION_COOKIE)
    assert first
    assert second
    assert first != second
    client.post("/signout", data={"csrf": csrf(client, "/")})
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_password_change_or_a_disabled_account_ends_the_session(hosted: Hosted) -> None:
    client = hosted.client
    sign_in(client, ALICE)
    assert client.get("/", follow_redirects=False).status_code == 200
    hosted.server.accounts.change_password(hosted.ids[ALICE], PASSWORD, "a brand new passphrase")
    assert client.get("/", follow_redirects=False).status_code == 303
    sign_in(client, BOB)
    hosted.server.accounts.disable(BOB)
    assert client.get("/", follow_redirects=False).status_code == 303
    assert "wrong email or password" in sign_in(client, BOB).text  # type: ignore[attr-defined]


def test_sign_in_is_limited_per_account(hosted: Hosted) -> None:
    for _ in range(5):
        sign_in(hosted.client, ALICE, "guessing wrongly again")
    refused = sign_in(hosted.client, ALICE)
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "wrong email or password" not in refused.text  # type: ignore[attr-defined]
    assert hosted.client.cookies.get(SESSION_COOKIE) is None


def test_an_api_token_opens_the_api_until_it_is_revoked(hosted: Hosted) -> None:
    token = hosted.server.accounts.new_token(BOB, "script")
    headers = {"Authorization": f"Bearer {token}"}
    agenda = hosted.client.get("/api/agenda", headers=headers)
    assert agenda.status_code == 200
    assert agenda.json()["actions"]
    (listed,) = hosted.server.accounts.tokens(BOB)
    hosted.server.accounts.revoke_token(BOB, listed.id)
    assert hosted.client.get("/api/agenda", headers=headers).status_code == 401
    assert (
        hosted.client.get("/api/agenda", headers={"Authorization": "Bearer av_x"}).status_code
        == 401
    )


def _routes(routes: list[object]) -> Iterator[object]:
    """Every route, those of included routers too (FastAPI keeps them behind a wrapper)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)
        else:
            yield route


def _pages_and_api(client: TestClient) -> list[str]:
    """Every GET route of the app without a path parameter, the API's from its OpenAPI
    description, the pages from the router (so a new page is walked without being listed)."""
    found = []
    for route in _routes(client.app.routes):  # type: ignore[attr-defined]
        path = getattr(route, "path", "")
        methods: set[str] = getattr(route, "methods", set()) or set()
        if "GET" in methods and "{" not in path and path not in ("/signin", "/healthz"):
            found.append(path)
    schema = client.get("/openapi.json").json()
    found += [p for p, item in schema["paths"].items() if "get" in item and "{" not in p]
    return sorted(set(found))


def test_every_page_and_api_route_shows_nothing_of_the_other_account(hosted: Hosted) -> None:
    client = hosted.client
    sign_in(client, ALICE)
    paths = _pages_and_api(client)
    assert "/api/agenda" in paths
    assert "/pipeline" in paths
    for path in paths:
        answer = client.get(path)
        assert answer.status_code < 500, path
        assert "Bravo" not in answer.text, path
        assert BOB not in answer.text, path


def test_no_account_reads_the_servers_mailbox(pg_url: str) -> None:  # noqa: F811
    settings = replace(
        AppSettings.from_environment(),
        database_url=pg_url,
        accounts=True,
        imap_url="imaps://admin%40example.org:secret@imap.example.org",
    )
    server = Server(settings)
    try:
        account = server.accounts.add(ALICE, PASSWORD)
        assert server.afterview_for(account.id).inbox_label is None
    finally:
        server.close()


def test_another_accounts_ids_are_not_found(hosted: Hosted) -> None:
    bob = hosted.server.afterview_for(hosted.ids[BOB])
    hosted.server.accounts.add("carol@example.org", PASSWORD)
    client = hosted.client
    sign_in(client, "carol@example.org")  # an account with no data at all
    application = bob.pipeline().applications[0].id
    contact = bob.pipeline().contacts[0].id
    for path in (f"/applications/{application}", f"/contacts/{contact}"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "Bravo" not in answer.text
    assert re.search(r"Bravo", client.get("/api/agenda").text) is None


def test_a_coach_reads_only_the_clients_who_share_and_changes_nothing(hosted: Hosted) -> None:
    coach = "coach@example.org"
    hosted.server.accounts.add(coach, PASSWORD, coach=True)
    client = hosted.client
    sign_in(client, ALICE)
    shared = client.post(
        "/settings/share", data={"csrf": csrf(client, "/settings"), "coach": coach}
    )
    assert f"{coach} can now read your data." in shared.text
    client.post("/signout", data={"csrf": csrf(client, "/")})
    sign_in(client, coach)

    listed = client.get("/clients").text
    assert ALICE in listed
    assert BOB not in listed
    bob_id = hosted.ids[BOB]
    refused = client.post(f"/clients/{bob_id}/view", data={"csrf": csrf(client, "/clients")})
    assert refused.status_code == 404  # Bob never shared: as if he did not exist

    client.post(f"/clients/{hosted.ids[ALICE]}/view", data={"csrf": csrf(client, "/clients")})
    today = client.get("/").text
    assert "read only" in today
    assert "Alpha" in client.get("/pipeline").text
    alpha = hosted.server.afterview_for(hosted.ids[ALICE]).pipeline().applications[0].id
    before = hosted.server.afterview_for(hosted.ids[ALICE]).pipeline()
    change = client.post(
        f"/applications/{alpha}/status", data={"csrf": csrf(client, "/"), "status": "withdrawn"}
    )
    assert change.status_code == 403
    api = client.post("/api/touches", json={"kind": "call", "on": "2026-11-25"})
    assert api.status_code in (403, 404, 405)
    assert hosted.server.afterview_for(hosted.ids[ALICE]).pipeline() == before

    hosted.server.accounts.unshare(ALICE, coach)  # Alice stops sharing: at once
    assert "Alpha" not in client.get("/pipeline").text
    assert ALICE not in client.get("/clients").text


def test_the_log_is_json_lines_without_a_secret(
    hosted: Hosted, caplog: pytest.LogCaptureFixture
) -> None:
    from afterview.web.logs import JsonLines

    token = hosted.server.accounts.new_token(ALICE)
    with caplog.at_level("INFO", logger="afterview.server"):
        sign_in(hosted.client, ALICE, "a wrong password, logged?")
        sign_in(hosted.client, ALICE)
        hosted.client.get("/calendar.ics?token=s3cr3t-feed-token")
        hosted.client.get("/api/agenda", headers={"Authorization": f"Bearer {token}"})
    lines = [JsonLines().format(record) for record in caplog.records]
    events = [json.loads(line) for line in lines]
    assert [e["ok"] for e in events if e["event"] == "sign_in"] == [False, True]
    requests = [e for e in events if e["event"] == "request"]
    assert {"method", "path", "status", "ms", "account"} <= set(requests[-1])
    assert requests[-1]["account"] == hosted.ids[ALICE]
    everything = "\n".join(lines)
    for secret in (PASSWORD, "a wrong password", "s3cr3t-feed-token", token, ALICE):
        assert secret not in everything
