"""Server mode on the command line: `account ...`, `db upgrade`, and AFTERVIEW_ACCOUNT
choosing whose data a command works on, on a PostgreSQL database of its own per test."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from afterview.errors import AfterviewError
from tests.adapters.conftest import postgres_url  # noqa: F401  (the session's cluster)
from tests.adapters.test_postgres import pg_url  # noqa: F401  (a database of its own)
from tests.cli import test_cli

run = test_cli.run
pytestmark = pytest.mark.postgres

PASSWORD = "correct horse battery"
EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "pipeline.json"


@pytest.fixture
def server_mode(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: F811
    monkeypatch.setenv("AFTERVIEW_DATABASE_URL", pg_url)
    monkeypatch.setenv("AFTERVIEW_ACCOUNTS", "1")
    return pg_url


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Give the next command this stdin (not a terminal: the password is its first line)."""

    def give(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(text))

    return give


def add(run: Any, typed: Any, email: str, *extra: str) -> test_cli.Result:
    typed(PASSWORD + "\n")
    result: test_cli.Result = run("account", "add", email, *extra)
    return result


def test_accounts_are_added_and_listed(server_mode: str, run: Any, typed: Any) -> None:
    outputs = []
    added = add(run, typed, "Sam@Example.org")
    assert added.code == 0, added.err
    assert added.out == "Added the account sam@example.org.\n"
    coach = add(run, typed, "coach@example.org", "--coach")
    assert coach.out == "Added the coach account coach@example.org.\n"
    again = add(run, typed, "sam@example.org")
    assert again.code == 2
    assert again.err == "error: email: an account with sam@example.org exists already\n"
    typed("short\n")
    short = run("account", "add", "kim@example.org")
    assert short.code == 2
    assert short.err == "error: password: at least 12 characters\n"
    listed = run("account", "list", "--json")
    assert [(a["email"], a["coach"], a["disabled"]) for a in listed.json()] == [
        ("coach@example.org", True, False),
        ("sam@example.org", False, False),
    ]
    assert all(a["created_at"] for a in listed.json())
    table = run("account", "list")
    assert table.code == 0
    assert "email" in table.out
    assert "sam@example.org" in table.out
    disabled = run("account", "disable", "sam@example.org")
    assert disabled.out == "Disabled sam@example.org.\n"
    assert [a["disabled"] for a in run("account", "list", "--json").json()] == [False, True]
    unknown = run("account", "disable", "nobody@example.org")
    assert unknown.code == 1
    assert unknown.err == "error: no account with the email nobody@example.org\n"
    outputs += [added, coach, again, short, listed, table, disabled, unknown]
    for result in outputs:
        assert PASSWORD not in result.out + result.err


def test_a_token_is_shown_once_listed_and_revoked(server_mode: str, run: Any, typed: Any) -> None:
    add(run, typed, "sam@example.org")
    made = run("account", "token", "sam@example.org", "--label", "laptop", "--days", "30")
    assert made.code == 0, made.err
    token = made.out.strip()
    assert token.startswith("av_")
    assert "only this once" in made.err
    listed = run("account", "tokens", "sam@example.org", "--json").json()
    assert [(t["id"], t["label"], t["revoked_at"]) for t in listed] == [(1, "laptop", None)]
    assert listed[0]["expires_at"]
    table = run("account", "tokens", "sam@example.org")
    assert "laptop" in table.out
    assert token not in table.out
    revoked = run("account", "revoke", "sam@example.org", "1")
    assert revoked.out == "Revoked token 1 of sam@example.org.\n"
    assert run("account", "tokens", "sam@example.org", "--json").json()[0]["revoked_at"]
    missing = run("account", "revoke", "sam@example.org", "7")
    assert missing.code == 1
    assert missing.err == "error: sam@example.org has no token 7\n"


def test_an_account_shares_with_a_coach_only(
    server_mode: str, run: Any, typed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(run, typed, "sam@example.org")
    add(run, typed, "kim@example.org")
    add(run, typed, "coach@example.org", "--coach")
    nobody = run("account", "share", "--with", "coach@example.org")
    assert nobody.code == 2
    assert nobody.err == (
        "error: AFTERVIEW_ACCOUNT: set it to the email of the account to work on\n"
    )
    monkeypatch.setenv("AFTERVIEW_ACCOUNT", "sam@example.org")
    refused = run("account", "share", "--with", "kim@example.org")
    assert refused.code == 2
    assert refused.err == "error: coach: kim@example.org is not a coach's account\n"
    shared = run("account", "share", "--with", "coach@example.org")
    assert shared.code == 0, shared.err
    assert shared.out == "sam@example.org now shares with the coach coach@example.org.\n"
    unshared = run("account", "unshare", "--with", "coach@example.org")
    assert unshared.out == "sam@example.org no longer shares with coach@example.org.\n"
    again = run("account", "unshare", "--with", "coach@example.org")
    assert again.code == 1


def test_afterview_account_chooses_whose_data_a_command_works_on(
    server_mode: str, run: Any, typed: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    add(run, typed, "sam@example.org")
    add(run, typed, "kim@example.org")
    nobody = run("export")
    assert nobody.code == 2
    assert nobody.err == (
        "error: AFTERVIEW_ACCOUNT: set it to the email of the account to work on\n"
    )
    document = json.loads(EXAMPLE.read_text())
    document["applications"][0]["company"] = "Globex Ltd"
    kims = tmp_path / "kim.json"
    kims.write_text(json.dumps(document))
    monkeypatch.setenv("AFTERVIEW_ACCOUNT", "Sam@Example.org")
    assert run("import", str(EXAMPLE)).code == 0
    monkeypatch.setenv("AFTERVIEW_ACCOUNT", "kim@example.org")
    imported = run("import", str(kims))
    assert imported.code == 0, imported.err
    companies = {}
    for email in ("sam@example.org", "kim@example.org"):
        monkeypatch.setenv("AFTERVIEW_ACCOUNT", email)
        exported = run("export")
        assert exported.code == 0, exported.err
        companies[email] = [a["company"] for a in exported.json()["applications"]]
    assert companies == {"sam@example.org": ["Acme Corp"], "kim@example.org": ["Globex Ltd"]}
    monkeypatch.setenv("AFTERVIEW_ACCOUNT", "nobody@example.org")
    unknown = run("export")
    assert unknown.code == 1
    assert unknown.err == "error: AFTERVIEW_ACCOUNT: no account with the email nobody@example.org\n"


def test_server_mode_needs_postgresql(
    run: Any, monkeypatch: pytest.MonkeyPatch, afterview_home: Path
) -> None:
    monkeypatch.setenv("AFTERVIEW_ACCOUNTS", "1")
    monkeypatch.setenv("AFTERVIEW_ACCOUNT", "sam@example.org")
    for command in (["export"], ["account", "list"]):
        result = run(*command)
        assert result.code == 2
        assert result.err.startswith(
            "error: AFTERVIEW_DATABASE_URL: server mode (AFTERVIEW_ACCOUNTS=1) needs PostgreSQL"
        )
    assert not (afterview_home / "afterview.db").exists()


def test_account_commands_refuse_in_single_user_mode(run: Any, typed: Any) -> None:
    typed(PASSWORD + "\n")
    for command in (["account", "list"], ["account", "add", "sam@example.org"]):
        result = run(*command)
        assert result.code == 2
        assert result.err.startswith("error: AFTERVIEW_ACCOUNTS: accounts are for server mode")
    assert run("export").json()["applications"] == []  # single-user afterview, as before


def test_db_upgrade_migrates_and_says_the_revision(
    pg_url: str,  # noqa: F811
    run: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from afterview.adapters.store import HEAD_REVISION

    monkeypatch.setenv("AFTERVIEW_DATABASE_URL", pg_url)
    first = run("db", "upgrade")
    assert first.code == 0, first.err
    assert first.out == f"Upgraded the database from revision none to {HEAD_REVISION}.\n"
    again = run("db", "upgrade")
    assert again.out == f"The database is at revision {HEAD_REVISION} already.\n"


def test_serve_opens_to_the_network_only_in_server_mode_on_postgresql(run: Any) -> None:
    single = run("serve", "--host", "0.0.0.0")
    assert single.code == 2
    assert "without a sign-in" in single.err
    on_sqlite = run("serve", "--accounts", "--host", "0.0.0.0")
    assert on_sqlite.code == 2
    assert "AFTERVIEW_DATABASE_URL" in on_sqlite.err
    assert "Traceback" not in on_sqlite.err


def test_a_forgotten_password_is_reset_and_the_old_one_stops_working(
    server_mode: str, run: Any, typed: Any
) -> None:
    from afterview.config import AppSettings
    from afterview.server import Server

    assert add(run, typed, "sam@example.org").code == 0
    server = Server(AppSettings.from_environment())
    try:
        before = server.accounts.by_email("sam@example.org")
        assert before is not None
        typed("a completely new passphrase\n")
        reset = run("account", "password", "sam@example.org")
        assert reset.code == 0, reset.err
        assert reset.out == "New password set for sam@example.org; its sessions have ended.\n"
        assert "passphrase" not in reset.out + reset.err
        now = dt.datetime.now(dt.UTC)
        after = server.accounts.sign_in("sam@example.org", "a completely new passphrase", "1", now)
        assert after.session_epoch == before.session_epoch + 1  # older sessions end
        with pytest.raises(AfterviewError, match="wrong email or password"):
            server.accounts.sign_in("sam@example.org", PASSWORD, "1", now)
    finally:
        server.close()


def test_time_zones_enable_and_mailboxes_are_set_by_command(
    server_mode: str, run: Any, typed: Any
) -> None:
    typed(PASSWORD + "\n")
    wrong_zone = run("account", "add", "kim@example.org", "--time-zone", "Mars/Olympus")
    assert wrong_zone.code == 2
    assert wrong_zone.err == (
        "error: time zone: 'Mars/Olympus' is not a time zone name"
        " (e.g. Europe/London, America/Chicago)\n"
    )
    assert run("account", "list", "--json").json() == []  # nothing was written
    for folder in ("Europe", "Europe/", "../etc/passwd", "x" * 300, "localtime"):
        typed(PASSWORD + "\n")
        refused = run("account", "add", "kim@example.org", "--time-zone", folder)
        assert refused.code == 2, folder
        assert refused.err.startswith("error: time zone: "), refused.err
        assert "Traceback" not in refused.err
    assert add(run, typed, "kim@example.org", "--time-zone", "Europe/London").code == 0
    moved = run("account", "time-zone", "kim@example.org", "America/Chicago")
    assert moved.out == "kim@example.org now has its mornings in America/Chicago.\n"
    assert run("account", "list", "--json").json()[0]["time_zone"] == "America/Chicago"

    run("account", "disable", "kim@example.org")
    enabled = run("account", "enable", "kim@example.org")
    assert enabled.out == "Enabled kim@example.org.\n"
    assert run("account", "list", "--json").json()[0]["disabled"] is False

    typed("https://user:secret@imap.example.org\n")
    refused = run("account", "mailbox", "kim@example.org")
    assert refused.code == 2
    assert refused.err.startswith("error: mailbox URL: not imaps://user:password@host")
    assert "secret" not in refused.err
    typed("imaps://kim%40example.org:s3cret%20pass@imap.example.org\n")
    kept = run("account", "mailbox", "kim@example.org")
    assert (
        kept.out
        == "The worker will read kim@example.org at imap.example.org for kim@example.org.\n"
    )
    table = run("account", "list")
    assert "kim@example.org at imap.example.org" in table.out
    assert "s3cret" not in table.out + run("account", "list", "--json").out
    removed = run("account", "mailbox", "kim@example.org", "--remove")
    assert removed.out == "kim@example.org's mailbox will not be read any more.\n"
    assert run("account", "list", "--json").json()[0]["mailbox"] is None
    typed("imaps://kim%40example.org:s3cret@imap.example.org\n")
    run("account", "mailbox", "kim@example.org")
    assert run("account", "list", "--json").json()[0]["mailbox"] == {
        "label": "kim@example.org at imap.example.org",
        "read_at": None,
        "problem": None,
    }


def test_a_postgresql_url_is_enough_for_the_account_commands(
    pg_url: str,  # noqa: F811
    run: Any,
    typed: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """AFTERVIEW_ACCOUNTS=1 is what makes `serve` ask for sign-in; the account commands and
    AFTERVIEW_ACCOUNT need only the PostgreSQL database they work on."""
    monkeypatch.setenv("AFTERVIEW_DATABASE_URL", pg_url)
    monkeypatch.delenv("AFTERVIEW_ACCOUNTS", raising=False)
    assert add(run, typed, "sam@example.org").code == 0
    assert add(run, typed, "kim@example.org").code == 0
    monkeypatch.setenv("AFTERVIEW_ACCOUNT", "kim@example.org")
    assert run("import", str(EXAMPLE)).code == 0
    assert len(run("export").json()["applications"]) == 1
    monkeypatch.setenv("AFTERVIEW_ACCOUNT", "sam@example.org")
    assert run("export").json()["applications"] == []  # Kim's data is Kim's
    monkeypatch.delenv("AFTERVIEW_ACCOUNT")
    assert run("export").json()["applications"] == []  # the local account: nobody's import
