"""The local server answers its own user only, and odd input gets a clear refusal.

Tried as an attacker's page would: another Host (DNS rebinding), a planted CSRF cookie,
a foreign Origin; and as a clumsy browser would: HEAD, unknown pages, odd ids, reloads.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.bootstrap import Afterview
from afterview.errors import StoreBusy
from afterview.services.documents import ImportDocument
from afterview.web.app import create_app, segment
from afterview.web.common import CSRF_COOKIE, FLASH_COOKIE
from afterview.web.security import CONTENT_SECURITY_POLICY, Signer, allowed_hosts, is_loopback
from tests.conftest import MakeAfterview
from tests.fakes import FakePorts, MemoryStore, MemoryWork
from tests.smtp import free_port
from tests.web.conftest import LOCAL, csrf, forms

PAGES = ("/", "/pipeline", "/network", "/settings", "/import", "/interviews/new")
SECRET_BEARING = (
    *PAGES,
    "/applications/acme-de",
    "/interviews/acme-1/notes",
    "/interviews/acme-1/notes/omar-said.pdf",
    "/api/agenda",
    "/api/export",
    "/api/drafts?interview=acme-1",
    "/docs",
    "/openapi.json",
    "/static/htmx.min.js",
    "/favicon.ico",
)


def _calendar_url(av: Afterview) -> str:
    return f"/calendar.ics?token={av.setup().calendar_token}"


# --- DNS rebinding: a foreign Host gets 400 and no data ----------------------------------


DEMO_IDS = {"application_id": "acme-de", "interview_id": "acme-1", "contact_id": "omar-said"}
DEMO_IDS["key"] = "0-0"  # a touch (`services/touches.py`)
DEMO_IDS["kind"] = "follow_up"  # a note (`web/notes.py`)
DEMO_IDS["client_id"] = "2"  # a coach's client (server mode only: here, 404)


def every_route(av: Afterview) -> list[tuple[str, str]]:
    """(method, path) of every route the app has, its ids filled from the demo: a route
    added later is covered without a word here."""
    routes = []
    for route in _flat(create_app(av).routes):
        path = getattr(route, "path", "")
        for name, value in DEMO_IDS.items():
            path = path.replace(f"{{{name}:path}}", value).replace(f"{{{name}}}", value)
        assert "{" not in path, f"give the test an id for {path}"
        if path == "/static":
            path = "/static/htmx.min.js"
        for method in sorted(getattr(route, "methods", None) or {"GET"}):
            routes.append((method, path))
    return routes


def _flat(routes: list[Any]) -> list[Any]:
    """The routes, those of included routers among them."""
    flat = []
    for route in routes:
        included = getattr(route, "original_router", None)
        flat.extend(_flat(included.routes) if included is not None else [route])
    return flat


@pytest.mark.parametrize("host", ["evil.example:8000", "evil.example", "127.0.0.1.evil.example"])
def test_a_foreign_host_gets_400_and_no_data_on_every_route(
    client: TestClient, av: Afterview, host: str
) -> None:
    token = av.setup().calendar_token
    before = av.pipeline().touches
    form = {"csrf": csrf(client), "kind": "network", "contact": "raj-patel", "text": "Hi"}
    routes = [*every_route(av), ("GET", _calendar_url(av)), ("GET", "/api/export")]
    assert len(routes) > 20
    for method, path in routes:
        data = form if method == "POST" else None
        response = client.request(method, path, data=data, headers={"host": host})
        assert response.status_code == 400, (method, path)
        assert "Acme" not in response.text, path
        assert token not in response.text, path
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert av.pipeline().touches == before


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST"])
def test_the_loopback_names_are_served(client: TestClient, host: str) -> None:
    response = client.get("/api/export", headers={"host": host})
    assert response.status_code == 200
    assert response.json()["profile"]["name"] == "Sam Rivera"


def test_a_server_started_on_another_loopback_address_answers_to_it(av: Afterview) -> None:
    client = TestClient(create_app(av, host="127.0.0.2"), base_url="http://127.0.0.2:8000")
    assert client.get("/").status_code == 200
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert allowed_hosts("::1") == ["127.0.0.1", "localhost", "[::1]"]
    assert allowed_hosts("127.0.0.2")[-1] == "127.0.0.2"


# --- CSRF: a token this install did not sign is refused -----------------------------------


def test_a_planted_csrf_cookie_with_a_matching_field_is_refused(
    client: TestClient, av: Afterview
) -> None:
    client.get("/")
    before = av.pipeline().touches
    for planted in ("attacker-chosen-token", Signer(b"another install").new_form_token()):
        client.cookies.set(CSRF_COOKIE, planted)
        response = client.post(
            "/actions/done", data={"csrf": planted, "kind": "network", "contact": "raj-patel"}
        )
        assert response.status_code == 403, planted
        assert "did not come from afterview" in response.text
    assert av.pipeline().touches == before


def test_a_planted_cookie_is_replaced_by_a_signed_one_on_the_next_page(client: TestClient) -> None:
    page = client.get("/", headers={"cookie": f"{CSRF_COOKIE}=attacker-chosen-token"})
    token = page.cookies.get(CSRF_COOKIE)
    assert token is not None
    assert token != "attacker-chosen-token"
    assert f'"X-CSRF-Token": "{token}"' in page.text
    response = client.post(
        "/actions/done", data={"csrf": token, "kind": "network", "contact": "raj-patel"}
    )
    assert response.status_code == 200


def test_the_signing_secret_is_kept_private_in_the_home(
    av: Afterview, afterview_home: Path
) -> None:
    create_app(av)
    secret = afterview_home / "web-secret"
    assert secret.stat().st_mode & 0o777 == 0o600
    # Kept, not made anew: a page opened before a restart can still be sent.
    assert Signer(av.web_secret()).form_token_valid(Signer(av.web_secret()).new_form_token())


@pytest.mark.parametrize(
    ("cookie", "field"), [("tökén", "tökén"), ("ok", "\u00ff"), ("\u2028", "x"), ("", "")]
)
def test_odd_csrf_values_are_refused_with_403(client: TestClient, cookie: str, field: str) -> None:
    response = client.post(
        "/actions/done",
        data={"csrf": field, "kind": "network"},
        headers={"cookie": f"{CSRF_COOKIE}={cookie}".encode()},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("token", ["tökén", "%FF%FE", "%00", "x" * 5000])
def test_odd_calendar_tokens_are_refused_with_403(client: TestClient, token: str) -> None:
    response = client.get(f"/calendar.ics?token={token}")
    assert response.status_code == 403
    assert "BEGIN:VCALENDAR" not in response.text


# --- Origin: a state change from another site is refused -----------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"origin": "http://127.0.0.1:9999"},  # another port of this machine
        {"origin": "null"},
        {"referer": "http://evil.example/page"},
        {"referer": "http://localhost:9999/"},
    ],
)
def test_a_post_from_another_origin_is_refused(
    client: TestClient, av: Afterview, headers: dict[str, str]
) -> None:
    token = csrf(client)  # even with a good token
    before = av.pipeline().touches
    response = client.post(
        "/actions/done",
        data={"csrf": token, "kind": "network", "contact": "raj-patel"},
        headers=headers,
    )
    assert response.status_code == 403
    assert "another site" in response.text
    assert av.pipeline().touches == before


def test_a_post_from_its_own_origin_is_accepted(client: TestClient) -> None:
    token = csrf(client)
    own = {"origin": LOCAL, "referer": f"{LOCAL}/network"}
    response = client.post(
        "/actions/done",
        data={"csrf": token, "kind": "network", "contact": "raj-patel"},
        headers=own,
    )
    assert response.status_code == 200


# --- Headers on every response -------------------------------------------------------------


def test_the_security_headers_are_on_every_response(client: TestClient, av: Afterview) -> None:
    responses = [client.get(path) for path in (*SECRET_BEARING, _calendar_url(av))]
    responses += [
        client.get("/no-such-page"),
        client.get("/calendar.ics?token=wrong"),
        client.post("/actions/done", data={"kind": "network"}),
        client.get("/", headers={"host": "evil.example"}),
        client.head("/"),
    ]
    for response in responses:
        headers = response.headers
        where = f"{response.request.method} {response.request.url.path} {response.status_code}"
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, where
        assert headers["x-frame-options"] == "DENY", where
        assert headers["referrer-policy"] == "same-origin", where
        assert headers["x-content-type-options"] == "nosniff", where
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "style-src 'self';" in CONTENT_SECURITY_POLICY


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    """What the policy would block: every page works with its own files only."""
    for path in (*PAGES, "/interviews/acme-1/notes", "/applications/acme-de", "/docs"):
        page = client.get(path).text
        assert "<style" not in page, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert " style=" not in page, path
        assert " onclick=" not in page, path


def test_the_api_page_loads_nothing_from_elsewhere(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]*)"', page.text)
    assert urls, urls
    assert all(url.startswith("/") for url in urls), urls
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert "http" not in client.get("/static/swagger-init.js").text
    assert client.get("/openapi.json").json()["info"]["title"] == "afterview"


# --- HEAD, unknown pages, the favicon ------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/pipeline", "/api/agenda", "/static/htmx.min.js"])
def test_head_works_where_get_does(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]


def test_unknown_pages_get_the_html_page_and_only_the_api_answers_json(
    client: TestClient,
) -> None:
    browser = client.get("/no-such-page", headers={"accept": "text/html,*/*;q=0.8"})
    assert browser.status_code == 404
    assert browser.headers["content-type"].startswith("text/html")
    assert "There is no such page here." in browser.text
    assert 'href="/"' in browser.text
    program = client.get("/no-such-page", headers={"accept": "application/json"})
    assert program.status_code == 404
    assert program.headers["content-type"].startswith("text/html")
    assert "There is no such page here." in program.text
    api = client.get("/api/nothing", headers={"accept": "text/html"})
    assert api.status_code == 404
    assert api.headers["content-type"] == "application/json"


def test_a_form_missing_a_field_gets_a_page_that_names_it(client: TestClient) -> None:
    response = client.post(
        "/interviews",
        data={"csrf": csrf(client), "application": "acme-de"},
        headers={"accept": "text/html"},
    )
    assert response.status_code == 400
    assert "Date and time: field required" in response.text


def test_there_is_a_favicon(client: TestClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert 'rel="icon" href="/favicon.ico"' in client.get("/").text


# --- Post, redirect, show: a reload sends nothing again --------------------------------------


def test_rotating_the_calendar_link_then_reloading_rotates_it_once(
    client: TestClient, av: Afterview
) -> None:
    before = av.setup().calendar_token
    posted = client.post(
        "/settings/calendar-token", data={"csrf": csrf(client, "/settings")}, follow_redirects=False
    )
    assert posted.status_code == 303
    assert posted.headers["location"] == "/settings"
    after = av.setup().calendar_token
    assert after != before
    shown = client.get("/settings")
    assert "New calendar link made" in shown.text
    reloaded = client.get("/settings")  # what the browser's reload button does now
    assert av.setup().calendar_token == after
    assert "New calendar link made" not in reloaded.text


def test_saving_the_profile_redirects_to_settings_that_says_so(client: TestClient) -> None:
    form = {"csrf": csrf(client, "/settings"), "name": "Sam Rivera", "country": "US"}
    response = client.post("/settings/profile", data=form)
    assert response.url.path == "/settings"
    assert "Profile saved." in response.text
    refused = client.post("/settings/profile", data={**form, "name": ""})
    assert refused.status_code == 400  # a refused form stays, with what was typed


def test_an_import_then_a_reload_imports_once(client: TestClient, av: Afterview) -> None:
    document = {
        "format": "afterview/1",
        "applications": [{"id": "new-co", "company": "New Co", "role": "Analyst"}],
    }
    posted = client.post(
        "/import",
        data={"csrf": csrf(client, "/import"), "kind": "document"},
        files={"file": ("new.json", json.dumps(document).encode(), "application/json")},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    assert posted.headers["location"] == "/import"
    shown = client.get("/import")
    assert "Imported:" in shown.text
    assert "1 application" in shown.text
    assert "Imported:" not in client.get("/import").text
    assert [a.id for a in av.pipeline().applications].count("new-co") == 1


def test_a_flash_message_cannot_be_made_by_another_site(client: TestClient) -> None:
    forged = Signer(b"not this install").flash(["Your account is locked: call 555-0100"])
    page = client.get("/import", headers={"cookie": f"{FLASH_COOKIE}={forged}"})
    assert "locked" not in page.text


# --- Ids in URLs ----------------------------------------------------------------------------

ODD_IDS = ["../settings", "a#b&c=d", "100% sure?", "x/y", "Ünïcødé id"]


@pytest.fixture
def odd(av: Afterview) -> Afterview:
    document = {
        "format": "afterview/1",
        "contacts": [
            {"id": f"c {i}#&/", "name": f"Pat Lee{i}", "email": f"pat{i}@odd.example"}
            for i in range(len(ODD_IDS))
        ],
        "applications": [
            {
                "id": app_id,
                "company": f"Odd Co {i}",
                "role": "Analyst",
                "status": "interviewing",
                "medium": "email",
                "interviews": [
                    {
                        "id": f"{app_id}/interview#1",
                        "at": "2026-11-24T10:00:00-05:00",
                        "interviewers": [f"c {i}#&/"],
                    }
                ],
            }
            for i, app_id in enumerate(ODD_IDS)
        ],
    }
    av.import_document(ImportDocument(json.dumps(document).encode(), "odd.json"))
    return av


def test_every_link_built_from_an_id_leads_to_that_record(
    client: TestClient, odd: Afterview
) -> None:
    pipeline = client.get("/pipeline").text
    for i, app_id in enumerate(ODD_IDS):
        href = f"/applications/{segment(app_id)}"
        assert f'href="{href}"' in pipeline, app_id
        page = client.get(href)
        assert page.status_code == 200, app_id
        assert f"Odd Co {i}" in page.text, app_id
    today = "".join(client.get(f"/?section={state}").text for state in ("overdue", "due"))
    drafts = [unquote_once(h) for h in re.findall(r'href="(/interviews/[^"]+)"', today)]
    odd_drafts = [h for h in drafts if "Odd Co" in client.get(h).text]
    assert len(odd_drafts) == len(ODD_IDS)


def unquote_once(href: str) -> str:
    """An href as the browser would request it (HTML entities undone)."""
    return href.replace("&amp;", "&")


def test_the_editor_of_an_odd_interview_posts_back_to_itself(
    client: TestClient, odd: Afterview
) -> None:
    interview = f"{ODD_IDS[1]}/interview#1"
    page = client.get(f"/interviews/{segment(interview)}/notes")
    assert page.status_code == 200
    (form,) = [f for f in forms(page.text) if f.action.endswith("/notes/send")]
    posted_to = form.action.removeprefix("/interviews/").removesuffix("/notes/send")
    assert unquote(posted_to) == interview
    assert form.action == f"/interviews/{segment(interview)}/notes/send"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=30))
def test_segment_keeps_an_id_in_one_segment(value: str) -> None:
    encoded = segment(value)
    assert not set("/#?&") & set(encoded)
    assert unquote(encoded) == value


# --- Uploads --------------------------------------------------------------------------------


def test_a_deeply_nested_upload_is_refused_as_the_cli_refuses_it(
    client: TestClient, av: Afterview
) -> None:
    before = av.export_document()
    deep = b'{"format": "afterview/1", "contacts": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    response = client.post(
        "/import",
        data={"csrf": csrf(client, "/import"), "kind": "document"},
        files={"file": ("deep.json", deep, "application/json")},
    )
    assert response.status_code == 400
    assert "deep.json: not JSON this program can read (nested too deeply)" in response.text
    assert av.export_document() == before


# --- The real server: loopback only, Host checked ------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.com"])
def test_serve_refuses_a_non_loopback_address(host: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "afterview", "serve", "--host", host, "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: --host: {host} would open afterview to the network")
    assert "Traceback" not in result.stderr


def test_loopback_names() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.0.1", "localhost", "::1", "[::1]"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.1", "evil.example", ""))


@pytest.fixture
def served(av: Afterview, afterview_home: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "afterview", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{url}/favicon.ico", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_real_server_answers_its_own_names_only(served: str) -> None:
    port = served.rsplit(":", 1)[1]
    assert httpx.get(f"{served}/api/export").json()["profile"]["name"] == "Sam Rivera"
    assert httpx.get(f"{served}/", headers={"host": f"localhost:{port}"}).status_code == 200
    rebound = httpx.get(f"{served}/api/export", headers={"host": f"evil.example:{port}"})
    assert rebound.status_code == 400
    assert "Sam" not in rebound.text
    head = httpx.head(f"{served}/")
    assert head.status_code == 200
    assert head.content == b""


# --- The JSON API's errors keep their documented shape -----------------------------------


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"[" * 100_000, "the body is not JSON this API can read"),
        (b'{"text": "\xff", "application": "acme-de"}', "the body is not JSON this API can read"),
        (b'{"text": "hi \\ud800", "application": "acme-de"}', "text: value error, not text"),
        (b'{"text": 1, "application": "acme-de"}', "text: input should be a valid string"),
        (b'{"application": "acme-de"}', "text: field required"),
    ],
)
def test_a_bad_proof_request_gets_400_and_the_documented_error(
    client: TestClient, body: bytes, problem: str
) -> None:
    response = client.post("/api/proof", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    (said,) = response.json()["error"]
    assert said.startswith(problem)


def test_unknown_api_routes_and_missing_parameters_get_the_documented_error(
    client: TestClient,
) -> None:
    missing = client.get("/api/drafts")
    assert missing.status_code == 400
    assert missing.json() == {"error": ["interview: field required"]}
    unknown = client.get("/api/nothing")
    assert unknown.status_code == 404
    assert unknown.json() == {"error": ["no such route in the API (see /openapi.json)"]}


# --- The database cannot be used just now ---------------------------------------------------


class BusyStore(MemoryStore):
    """A store whose write lock another command holds."""

    @contextmanager
    def unit_of_work(self) -> Iterator[MemoryWork]:
        raise StoreBusy("another afterview command is writing to afterview.db: try again")
        yield  # pragma: no cover


def test_a_busy_database_is_a_503_with_its_one_line(make_afterview: MakeAfterview) -> None:
    demo = make_afterview()
    demo.load_demo()
    av = Afterview(settings=demo.settings, ports=FakePorts(store=BusyStore(demo.pipeline())))
    client = TestClient(create_app(av), base_url=LOCAL)
    page = client.post(
        "/actions/done",
        data={"csrf": csrf(client), "kind": "network", "contact": "raj-patel"},
        headers={"accept": "text/html"},
    )
    assert page.status_code == 503
    assert page.headers["retry-after"] == "2"
    assert "another afterview command is writing to afterview.db: try again" in page.text
    assert "Traceback" not in page.text
