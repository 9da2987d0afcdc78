"""Server mode's sign-in against the attacks it is built to stand (docs/server.md, "The
web"): forged forms and other sites' posts, session fixation, forged and stale session
cookies, redirects off the site, guessing from one address, and a disabled account's
API token."""

from __future__ import annotations

import datetime as dt
import json
from http.cookies import SimpleCookie

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from afterview.web import accounts as web_accounts
from afterview.web.accounts import SESSION_COOKIE
from afterview.web.common import CSRF_COOKIE
from afterview.web.security import Signer
from tests.adapters.conftest import postgres_url  # noqa: F401  (the session's cluster)
from tests.adapters.test_postgres import pg_url  # noqa: F401  (a database of its own)
from tests.web.conftest import csrf, forms
from tests.web.test_server_mode import ALICE, BOB, PASSWORD, SITE, Hosted, hosted  # noqa: F401

pytestmark = pytest.mark.postgres
EVIL = "https://evil.example"
TOO_MANY = "too many failed sign-ins"


def browser(site: Hosted, address: str = "192.0.2.10", **cookies: str) -> TestClient:
    """A browser of its own (its own cookies) on the same app, from `address`."""
    return TestClient(site.client.app, base_url=SITE, cookies=cookies, client=(address, 50000))


def post_sign_in(
    client: TestClient,
    email: str = ALICE,
    password: str = PASSWORD,
    next_path: str = "/",
    headers: dict[str, str] | None = None,
) -> Response:
    """The sign-in form as a browser posts it, the page's token and all."""
    data = {"csrf": csrf(client, "/signin"), "email": email, "password": password}
    answer: Response = client.post(
        "/signin", data={**data, "next": next_path}, follow_redirects=False, headers=headers
    )
    return answer


def session_cookies(response: Response) -> list[str]:
    return [
        line
        for line in response.headers.get_list("set-cookie")
        if line.startswith(f"{SESSION_COOKIE}=")
    ]


def session_value(response: Response) -> str:
    """The session cookie's value as the app reads it back (Set-Cookie quotes it)."""
    (line,) = session_cookies(response)
    jar: SimpleCookie = SimpleCookie()
    jar.load(line)
    return jar[SESSION_COOKIE].value


def app_signer(site: Hosted) -> Signer:
    signer: Signer = site.client.app.state.signer  # type: ignore[attr-defined]
    return signer


def assert_signed_out(client: TestClient) -> None:
    """A page sends the browser to sign in, and the API answers 401 with nothing of Alice's."""
    page = client.get("/pipeline", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/signin?next=%2Fpipeline"
    api = client.get("/api/agenda")
    assert api.status_code == 401
    assert "Alpha" not in api.text


# --- forms that did not come from afterview's own page ---


def test_a_sign_in_without_the_forms_token_is_refused_and_opens_no_session(
    hosted: Hosted,  # noqa: F811
) -> None:
    client = browser(hosted)
    client.get("/signin")  # the browser has the token's cookie; the post leaves the field out
    answer = client.post(
        "/signin",
        data={"email": ALICE, "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert "did not come from afterview" in answer.text
    assert session_cookies(answer) == []
    assert_signed_out(client)


@pytest.mark.parametrize(
    "forged",
    [
        "made-up",
        "payload.not-its-mac",
        Signer(b"another install's secret").new_form_token(),  # genuine, elsewhere
    ],
    ids=["made up", "wrong mac", "another install's"],
)
def test_a_sign_in_with_a_forged_token_is_refused_and_opens_no_session(
    hosted: Hosted,  # noqa: F811
    forged: str,
) -> None:
    """Cookie and field agree (what a site that can plant a cookie would send), but this
    install never signed the token."""
    client = browser(hosted, **{CSRF_COOKIE: forged})
    answer = client.post(
        "/signin",
        data={"csrf": forged, "email": ALICE, "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert session_cookies(answer) == []
    assert_signed_out(client)


def test_a_sign_in_whose_field_is_not_its_cookies_token_is_refused(hosted: Hosted) -> None:  # noqa: F811
    client = browser(hosted)
    genuine = csrf(client, "/signin")
    other = app_signer(hosted).new_form_token()  # genuine too, but not this one
    assert other != genuine
    answer = client.post(
        "/signin",
        data={"csrf": other, "email": ALICE, "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert session_cookies(answer) == []


def test_a_sign_out_without_the_token_is_refused_and_the_session_goes_on(
    hosted: Hosted,  # noqa: F811
) -> None:
    client = browser(hosted)
    assert post_sign_in(client).status_code == 303
    for data in ({}, {"csrf": "forged"}):
        answer = client.post("/signout", data=data, follow_redirects=False)
        assert answer.status_code == 403
        assert session_cookies(answer) == []  # not deleted
    assert client.get("/pipeline", follow_redirects=False).status_code == 200
    assert client.post("/signout", data={"csrf": csrf(client, "/")}).status_code == 200
    assert_signed_out(client)


@pytest.mark.parametrize(
    "claimed",
    [{"Origin": EVIL}, {"Origin": "null"}, {"Referer": f"{EVIL}/phish"}],
    ids=["origin", "null origin", "referer"],
)
def test_a_sign_in_from_another_site_is_refused_even_with_a_good_token(
    hosted: Hosted,  # noqa: F811
    claimed: dict[str, str],
) -> None:
    client = browser(hosted)
    answer = post_sign_in(client, headers=claimed)
    assert answer.status_code == 403
    assert "another site" in answer.text
    assert session_cookies(answer) == []
    assert_signed_out(client)
    same_site = post_sign_in(client, headers={"Origin": SITE})
    assert same_site.status_code == 303  # the page's own origin is welcome


# --- the session cookie ---


def test_a_session_cookie_planted_before_sign_in_is_replaced_and_opens_nothing(
    hosted: Hosted,  # noqa: F811
) -> None:
    planted = "planted-by-an-attacker"
    victim = browser(hosted, **{SESSION_COOKIE: planted})
    assert_signed_out(victim)

    answer = post_sign_in(victim)

    assert answer.status_code == 303
    issued = session_value(answer)
    assert issued != planted
    assert planted not in issued
    assert "Alpha" in victim.get("/pipeline").text
    assert_signed_out(browser(hosted, **{SESSION_COOKIE: planted}))  # the attacker's copy
    # Nor is a session the attacker saw earlier carried over: every sign-in is a new id.
    again = session_value(post_sign_in(browser(hosted, **{SESSION_COOKIE: issued})))
    assert again != issued


def _session(site: Hosted, account_id: int, made: dt.datetime, epoch: int | None = None) -> str:
    """A session cookie signed with the app's own secret, made at `made`."""
    account = site.server.accounts.by_id(account_id)
    assert account is not None
    payload = {
        "a": account_id,
        "e": account.session_epoch if epoch is None else epoch,
        "s": "some-random-id",
        "t": int(made.timestamp()),
    }
    return app_signer(site).sign("session", json.dumps(payload, separators=(",", ":")))


def test_a_genuine_recent_session_cookie_opens_the_account(hosted: Hosted) -> None:  # noqa: F811
    """The control for the refusals below: `_session` makes a cookie the app accepts."""
    now = dt.datetime.now(dt.UTC)
    client = browser(hosted, **{SESSION_COOKIE: _session(hosted, hosted.ids[ALICE], now)})
    assert client.get("/pipeline", follow_redirects=False).status_code == 200
    assert client.get("/api/agenda").status_code == 200


def test_an_expired_session_cookie_signs_nobody_in(hosted: Hosted) -> None:  # noqa: F811
    now = dt.datetime.now(dt.UTC)
    for age in (
        dt.timedelta(days=14, minutes=1),  # just past the 14 days a session lasts
        dt.timedelta(days=400),
        -dt.timedelta(hours=1),  # made in the future: not a session this app made
    ):
        value = _session(hosted, hosted.ids[ALICE], now - age)
        assert_signed_out(browser(hosted, **{SESSION_COOKIE: value}))


def test_a_tampered_session_cookie_signs_nobody_in(hosted: Hosted) -> None:  # noqa: F811
    genuine = session_value(post_sign_in(browser(hosted)))
    assert browser(hosted, **{SESSION_COOKIE: genuine}).get("/api/agenda").status_code == 200
    payload, _, mac = genuine.rpartition(".")
    data = json.loads(payload)
    as_bob = json.dumps({**data, "a": hosted.ids[BOB]}, separators=(",", ":"))
    younger = json.dumps({**data, "t": data["t"] + 1}, separators=(",", ":"))
    old_epoch = _session(hosted, hosted.ids[ALICE], dt.datetime.now(dt.UTC), epoch=-1)
    flipped = mac[:-1] + ("A" if mac[-1] != "A" else "B")
    for value in (
        f"{as_bob}.{mac}",  # another account's id under Alice's signature
        f"{younger}.{mac}",
        f"{payload}.{flipped}",
        payload,  # no signature at all
        f"{payload}.",
        old_epoch,  # signed, but of an epoch the account has left
        genuine + "x",
    ):
        client = browser(hosted, **{SESSION_COOKIE: value})
        assert_signed_out(client)
        assert "Bravo" not in client.get("/api/export").text
    not_ascii = {"cookie": f"{SESSION_COOKIE}=\u00e9{genuine}".encode()}
    assert browser(hosted).get("/api/agenda", headers=not_ascii).status_code == 401


# --- where a sign-in leads ---


def test_next_never_leads_off_the_site(hosted: Hosted) -> None:  # noqa: F811
    client = browser(hosted)
    for target in (
        f"{EVIL}/",
        "//evil.example",
        "//evil.example/pipeline",
        "http://evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/\\evil.example",  # kept as a path, and percent-encoded in Location (%5C)
        "\\\\evil.example",
        "/\t/evil.example",  # kept as a path, and percent-encoded in Location (%09)
        " //evil.example",
    ):
        (form,) = forms(client.get("/signin", params={"next": target}).text)
        answer = post_sign_in(client, next_path=target)
        assert answer.status_code == 303, target
        location = answer.headers["location"]
        assert _stays_on_site(location), (target, location)
        if target.strip().startswith(("//", "http", "https:", "javascript:")):
            assert location == "/", target
            assert form.fields["next"] == "/", target


def _stays_on_site(location: str) -> bool:
    """Whether a browser following `location` stays on this site: it drops tabs and
    newlines and reads a backslash as a slash (the WHATWG URL standard)."""
    seen = "".join(ch for ch in location.strip() if ch not in "\t\n\r").replace("\\", "/")
    return seen.startswith("/") and not seen.startswith("//")


def test_next_within_the_site_is_kept(hosted: Hosted) -> None:  # noqa: F811
    answer = post_sign_in(browser(hosted), next_path="/pipeline?status=offer")
    assert answer.headers["location"] == "/pipeline?status=offer"


# --- guessing ---


def test_twenty_failures_from_one_address_refuse_it_whatever_the_email(
    hosted: Hosted,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    guesser = browser(hosted, address="203.0.113.7")
    for n in range(20):  # a different email each time: no one account reaches its own 5
        answer = post_sign_in(guesser, f"guess{n}@example.org", "not anyone's password")
        assert answer.status_code == 400
        assert "wrong email or password" in answer.text, n

    refused = post_sign_in(guesser)  # Alice's right password, from that address

    assert refused.status_code == 400
    assert TOO_MANY in refused.text
    assert session_cookies(refused) == []
    assert_signed_out(guesser)
    elsewhere = post_sign_in(browser(hosted, address="198.51.100.8"))
    assert elsewhere.status_code == 303  # the limit is the address's, not Alice's
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)
    monkeypatch.setattr(web_accounts, "_now", lambda: later)
    assert post_sign_in(guesser).status_code == 303  # 15 minutes on, the address may again


def test_a_disabled_accounts_api_token_stops_working(hosted: Hosted) -> None:  # noqa: F811
    token = hosted.server.accounts.new_token(BOB, "script")
    bearer = {"Authorization": f"Bearer {token}"}
    client = browser(hosted)
    assert client.get("/api/agenda", headers=bearer).status_code == 200
    assert client.get("/pipeline", headers=bearer, follow_redirects=False).status_code == 200

    hosted.server.accounts.disable(BOB)

    for path in ("/api/agenda", "/api/export"):
        answer = client.get(path, headers=bearer)
        assert answer.status_code == 401, path
        assert "Bravo" not in answer.text
    assert client.get("/pipeline", headers=bearer, follow_redirects=False).status_code == 303
    assert (
        client.get("/api/agenda", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )
