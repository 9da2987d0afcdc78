"""Server mode's accounts: passwords, sign-in and its rate limit, API tokens, coaches.

The rules of passwords and tokens are checked alone, fast; the service itself runs on
the real directory (`SqlAccounts`) in a PostgreSQL database of its own per test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from afterview.config import AppSettings
from afterview.errors import InvalidInput, NotFound
from afterview.server import Server
from afterview.services.accounts import (
    Accounts,
    SignInRefused,
    TooManyAttempts,
    check_password,
    hash_password,
    token_digest,
)
from afterview.services.documents import ImportDocument
from tests.adapters.conftest import postgres_url  # noqa: F401  (the session's cluster)
from tests.adapters.test_postgres import pg_url  # noqa: F401  (a database of its own)

PASSWORD = "correct horse battery"
NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "pipeline.json"

# --- passwords and tokens, alone -----------------------------------------------------------


def test_a_password_is_kept_as_an_argon2_hash_that_checks_it() -> None:
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$")
    assert PASSWORD not in hashed
    assert check_password(hashed, PASSWORD)
    assert not check_password(hashed, PASSWORD + "!")
    assert not check_password("not a hash", PASSWORD)


@pytest.mark.parametrize("password", ["", "short", "elevenchars"])
def test_a_password_under_12_characters_is_refused_by_name(password: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        hash_password(password)
    assert refused.value.problems == ("password: at least 12 characters",)


def test_the_rate_limits_refusal_says_when_to_try_again() -> None:
    refusal = TooManyAttempts(NOW + dt.timedelta(minutes=14, seconds=30), NOW)
    assert str(refusal) == "too many failed sign-ins; try again in 15 minutes (after 09:14 UTC)"
    assert refusal.retry_at == NOW + dt.timedelta(minutes=14, seconds=30)


def test_one_refusal_for_every_wrong_sign_in() -> None:
    assert str(SignInRefused()) == "wrong email or password"


# --- the service on PostgreSQL --------------------------------------------------------------

pg = pytest.mark.postgres


@pytest.fixture
def server(pg_url: str, tmp_path: Path) -> Iterator[Server]:  # noqa: F811
    made = Server(AppSettings(home=tmp_path, database_url=pg_url, accounts=True))
    yield made
    made.close()


@pytest.fixture
def accounts(server: Server) -> Accounts:
    return server.accounts


def test_server_mode_refuses_anything_but_postgresql(tmp_path: Path) -> None:
    settings = AppSettings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/a.db", accounts=True)
    with pytest.raises(InvalidInput) as refused:
        Server(settings)
    assert refused.value.problems[0].startswith("AFTERVIEW_DATABASE_URL: server mode")


@pg
def test_added_accounts_are_listed_by_email(accounts: Accounts) -> None:
    sam = accounts.add(" Sam@Example.org ", PASSWORD)
    coach = accounts.add("coach@example.org", PASSWORD, coach=True)
    assert sam.email == "sam@example.org"
    assert (sam.coach, sam.disabled, sam.session_epoch, sam.time_zone) == (False, False, 0, None)
    assert coach.coach
    assert sam.id not in (1, coach.id)  # 1 is the local account
    listed = accounts.list()
    assert [account.email for account in listed] == ["coach@example.org", "sam@example.org"]
    assert all(account.created_at is not None for account in listed)
    assert accounts.by_id(sam.id) == sam
    assert accounts.by_email("SAM@example.org") == sam
    assert accounts.by_id(1) is None  # the local account has no email: it never signs in
    assert accounts.by_email("nobody@example.org") is None


@pg
def test_an_email_is_one_account_and_a_valid_address(accounts: Accounts) -> None:
    accounts.add("sam@example.org", PASSWORD)
    with pytest.raises(InvalidInput) as taken:
        accounts.add("SAM@example.org", PASSWORD)
    assert taken.value.problems == ("email: an account with sam@example.org exists already",)
    with pytest.raises(InvalidInput) as bad:
        accounts.add("sam@", PASSWORD)
    assert bad.value.problems[0].startswith("email: not an email address")
    with pytest.raises(InvalidInput) as short:
        accounts.add("kim@example.org", "too short")
    assert short.value.problems == ("password: at least 12 characters",)
    assert [account.email for account in accounts.list()] == ["sam@example.org"]


@pg
def test_a_wrong_password_and_an_unknown_email_are_refused_alike(accounts: Accounts) -> None:
    sam = accounts.add("sam@example.org", PASSWORD)
    assert accounts.sign_in("Sam@Example.org", PASSWORD, "192.0.2.1", NOW) == sam
    refusals = []
    for email, password in [("sam@example.org", "wrong password!"), ("kim@example.org", PASSWORD)]:
        with pytest.raises(SignInRefused) as refused:
            accounts.sign_in(email, password, "192.0.2.1", NOW)
        refusals.append(str(refused.value))
    assert refusals == ["wrong email or password"] * 2


@pg
def test_five_failures_lock_the_account_for_15_minutes(accounts: Accounts) -> None:
    accounts.add("sam@example.org", PASSWORD)
    for minute in range(5):
        with pytest.raises(SignInRefused):
            accounts.sign_in(
                "sam@example.org", "wrong password!", "192.0.2.1", NOW.replace(minute=minute)
            )
    later = NOW.replace(minute=6)
    with pytest.raises(TooManyAttempts) as locked:  # even with the right password, from anywhere
        accounts.sign_in("sam@example.org", PASSWORD, "198.51.100.7", later)
    assert locked.value.retry_at == NOW + dt.timedelta(minutes=15)
    assert "try again in 9 minutes (after 09:15 UTC)" in str(locked.value)
    assert accounts.sign_in("sam@example.org", PASSWORD, "192.0.2.1", NOW.replace(minute=15))


@pg
def test_a_success_clears_the_accounts_failures(accounts: Accounts) -> None:
    accounts.add("sam@example.org", PASSWORD)
    for _ in range(2):
        for _ in range(4):
            with pytest.raises(SignInRefused):
                accounts.sign_in("sam@example.org", "wrong password!", "192.0.2.1", NOW)
        assert accounts.sign_in("sam@example.org", PASSWORD, "192.0.2.1", NOW)


@pg
def test_twenty_failures_from_one_address_lock_that_address(accounts: Accounts) -> None:
    accounts.add("sam@example.org", PASSWORD)
    for n in range(20):
        with pytest.raises(SignInRefused):
            accounts.sign_in(f"guess{n}@example.org", PASSWORD, "203.0.113.9", NOW)
    with pytest.raises(TooManyAttempts):
        accounts.sign_in("sam@example.org", PASSWORD, "203.0.113.9", NOW)
    assert accounts.sign_in("sam@example.org", PASSWORD, "192.0.2.1", NOW)


@pg
def test_a_disabled_account_is_refused_like_a_wrong_password(accounts: Accounts) -> None:
    sam = accounts.add("sam@example.org", PASSWORD)
    token = accounts.new_token("sam@example.org")
    disabled = accounts.disable("sam@example.org")
    assert disabled.disabled
    assert disabled.session_epoch == sam.session_epoch + 1
    with pytest.raises(SignInRefused) as refused:
        accounts.sign_in("sam@example.org", PASSWORD, "192.0.2.1", NOW)
    assert str(refused.value) == "wrong email or password"
    assert accounts.account_for_token(token, NOW) is None
    with pytest.raises(NotFound):
        accounts.disable("kim@example.org")


@pg
def test_a_new_password_ends_the_other_sessions(accounts: Accounts) -> None:
    sam = accounts.add("sam@example.org", PASSWORD)
    new = "a much better passphrase"
    with pytest.raises(InvalidInput):
        accounts.change_password(sam.id, "not the password", new)
    with pytest.raises(InvalidInput) as short:
        accounts.change_password(sam.id, PASSWORD, "short")
    assert short.value.problems == ("password: at least 12 characters",)
    accounts.change_password(sam.id, PASSWORD, new)
    changed = accounts.sign_in("sam@example.org", new, "192.0.2.1", NOW)
    assert changed.session_epoch == sam.session_epoch + 1
    with pytest.raises(SignInRefused):
        accounts.sign_in("sam@example.org", PASSWORD, "192.0.2.1", NOW)


@pg
def test_a_token_opens_its_account_until_revoked(accounts: Accounts) -> None:
    sam = accounts.add("sam@example.org", PASSWORD)
    token = accounts.new_token("sam@example.org", label="laptop")
    other = accounts.new_token("sam@example.org")
    assert token.startswith("av_")
    assert len(token) > 40
    assert token != other
    assert accounts.account_for_token(token, NOW) == sam
    assert accounts.account_for_token("av_" + "x" * 43, NOW) is None
    assert accounts.account_for_token("", NOW) is None
    listed = accounts.tokens("sam@example.org")
    assert [(info.label, info.expires_at, info.revoked_at) for info in listed] == [
        ("laptop", None, None),
        (None, None, None),
    ]
    accounts.revoke_token("sam@example.org", listed[0].id)
    assert accounts.account_for_token(token, NOW) is None
    assert accounts.account_for_token(other, NOW) == sam
    assert accounts.tokens("sam@example.org")[0].revoked_at is not None
    kim = accounts.add("kim@example.org", PASSWORD)
    with pytest.raises(NotFound):  # not Kim's token to revoke
        accounts.revoke_token(kim.email, listed[1].id)
    assert accounts.account_for_token(other, NOW) == sam


@pg
def test_a_token_expires_after_its_days(accounts: Accounts) -> None:
    sam = accounts.add("sam@example.org", PASSWORD)
    token = accounts.new_token("sam@example.org", days=1)
    (info,) = accounts.tokens("sam@example.org")
    assert info.expires_at is not None
    now = dt.datetime.now(dt.UTC)
    assert accounts.account_for_token(token, now) == sam
    assert accounts.account_for_token(token, now + dt.timedelta(days=1, minutes=1)) is None
    with pytest.raises(InvalidInput):
        accounts.new_token("sam@example.org", days=0)


@pg
def test_tokens_and_passwords_are_stored_as_digests_only(
    accounts: Accounts, server: Server
) -> None:
    accounts.add("sam@example.org", PASSWORD)
    token = accounts.new_token("sam@example.org", label="laptop")
    with pytest.raises(SignInRefused):
        accounts.sign_in("sam@example.org", "a wrong password", "192.0.2.1", NOW)
    everything = []
    with server.engine.connect() as connection:
        for table in ("accounts", "api_tokens", "shares", "sign_in_attempts"):
            rows = connection.execute(text(f"SELECT * FROM {table}")).all()
            everything.append(json.dumps([list(row) for row in rows], default=str))
        (digest,) = connection.execute(text("SELECT token_hash FROM api_tokens")).scalars()
    dump = "\n".join(everything)
    assert token not in dump
    assert token.removeprefix("av_") not in dump
    assert PASSWORD not in dump
    assert "a wrong password" not in dump
    assert digest == token_digest(token) == hashlib.sha256(token.encode()).hexdigest()


@pg
def test_an_account_shares_only_with_a_coach_who_may_then_read(accounts: Accounts) -> None:
    sam = accounts.add("sam@example.org", PASSWORD)
    kim = accounts.add("kim@example.org", PASSWORD)
    coach = accounts.add("coach@example.org", PASSWORD, coach=True)
    with pytest.raises(InvalidInput) as not_coach:
        accounts.share("sam@example.org", "kim@example.org")
    assert not_coach.value.problems == ("coach: kim@example.org is not a coach's account",)
    with pytest.raises(InvalidInput):
        accounts.share("sam@example.org", "nobody@example.org")
    assert not accounts.may_read(coach.id, sam.id)
    accounts.share("sam@example.org", "Coach@Example.org")
    accounts.share("sam@example.org", "coach@example.org")  # twice is once
    assert accounts.may_read(coach.id, sam.id)
    assert not accounts.may_read(coach.id, kim.id)
    assert not accounts.may_read(kim.id, sam.id)
    assert not accounts.may_read(sam.id, coach.id)  # sharing goes one way
    assert accounts.may_read(sam.id, sam.id)
    assert accounts.clients_of(coach.id) == [sam]
    assert accounts.coaches_of(sam.id) == [coach]
    accounts.disable("coach@example.org")
    assert not accounts.may_read(coach.id, sam.id)
    accounts.unshare("sam@example.org", "coach@example.org")
    assert accounts.clients_of(coach.id) == []
    with pytest.raises(NotFound):
        accounts.unshare("sam@example.org", "coach@example.org")


@pg
def test_each_account_has_its_own_afterview(accounts: Accounts, server: Server) -> None:
    sam = accounts.add("sam@example.org", PASSWORD)
    kim = accounts.add("kim@example.org", PASSWORD)
    document = json.loads(EXAMPLE.read_text())
    server.afterview_for(sam.id).import_document(ImportDocument(EXAMPLE.read_bytes(), "sam"))
    document["applications"][0]["company"] = "Globex Ltd"
    kims = json.dumps(document).encode()
    server.afterview_for(kim.id).import_document(ImportDocument(kims, "kim"))
    assert server.afterview_for(sam.id) is server.afterview_for(sam.id)
    assert server.afterview_for(sam.id, read_only=True) is not server.afterview_for(sam.id)
    companies = {
        account.email: [
            a["company"] for a in server.afterview_for(account.id).export_document()["applications"]
        ]
        for account in (sam, kim)
    }
    assert companies == {"sam@example.org": ["Acme Corp"], "kim@example.org": ["Globex Ltd"]}
    assert server.afterview_for(sam.id, read_only=True).pipeline().applications[0].company == (
        "Acme Corp"
    )
