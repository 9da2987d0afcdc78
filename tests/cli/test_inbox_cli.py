"""`afterview inbox` against a real IMAP server (dovecot, tests/dovecot.py), as a user runs
it: AFTERVIEW_IMAP_URL in the environment, the commands, the agenda they change."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from tests.cli import test_cli
from tests.cli.test_cli import Result, agenda_keys
from tests.dovecot import Dovecot
from tests.services.test_inbox import DOCUMENT, INVITE
from tests.smtp import local_smtp

run = test_cli.run  # the fixture that runs `afterview ARGS...` in this process
PT = dt.timezone(dt.timedelta(hours=-8))
ME = "sam@example.org"


def email(
    sender: str,
    text: str,
    *,
    subject: str = "Re: Thank you",
    on: dt.datetime | None = dt.datetime(2026, 11, 24, 9, 30, tzinfo=PT),
    to: str = f"Sam Rivera <{ME}>",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    html: str | None = None,
    calendar: str | None = None,
    bulk: bool = False,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    if on is not None:
        message["Date"] = format_datetime(on)
    message["Message-ID"] = message_id or f"<{abs(hash((sender, text, subject))):x}@mail.test>"
    if bulk:
        message["List-Unsubscribe"] = "<mailto:leave@lists.example>"
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    if html is not None:
        message.set_content(html, subtype="html")
    else:
        message.set_content(text)
    if calendar is not None:
        message.add_alternative(calendar, subtype="calendar", params={"method": "REQUEST"})
    return bytes(message)


@pytest.fixture
def mailbox(
    dovecot: Dovecot, run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Dovecot, str]:
    """An empty mailbox of its own, AFTERVIEW_IMAP_URL naming it, and the pipeline imported."""
    user, _ = dovecot.new_user()
    monkeypatch.setenv("AFTERVIEW_IMAP_URL", dovecot.url(user, tls="off"))
    path = tmp_path / "pipeline.json"
    path.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    assert run("import", str(path)).code == 0
    return dovecot, user


def sync(run: Any) -> dict[str, Any]:
    result: Result = run("inbox", "sync", "--json")
    assert result.code == 0, result.err
    found: dict[str, Any] = result.json()
    return found


def test_a_mailbox_of_every_kind_is_recorded_or_reviewed_and_the_agenda_follows(
    mailbox: tuple[Dovecot, str], run: Any
) -> None:
    server, user = mailbox
    day8 = ("--as-of", "2026-11-30")
    assert ("follow_up_call", "acme-de", "acme-1", None) in agenda_keys(run, *day8)
    assert ("thank_you", "acme-de", "acme-1", "jane-doe") in agenda_keys(
        run, "--as-of", "2026-11-21"
    )
    inbox = [
        email(
            "Jane Doe <jane@acme.com>",
            "Thanks Sam! Let's talk again on the 12th.\n\nOn Fri, Nov 20, Sam wrote:\n> Thank you",
            message_id="<known@acme.com>",
        ),
        email(
            "Talent <talent@globex-careers.example>",
            "Li asked me to answer you.",
            message_id="<threaded@globex.example>",
            in_reply_to="<ty-globex@example.org>",
        ),
        email(
            "Raj Patel <raj@acme.com>",
            "Jane passed your note on.",
            message_id="<dom@acme.com>",
            on=dt.datetime(2026, 11, 23, 16, 0, tzinfo=PT),
        ),
        email("Pat Q <pat@unknown.example>", "A role at Initech?", message_id="<stranger@u.ex>"),
        email(
            "Li Wei <li@globex.example>",
            "Unfortunately we will not be moving forward.",
            message_id="<reject@globex.example>",
        ),
        email(
            "José Núñez <jose@unknown.example>",
            "Hola",
            subject="Entretien — suite / 面接のご案内",
            message_id="<utf8@unknown.example>",
        ),
        email(
            "HR <hr@unknown.example>",
            "",
            subject="HTML only",
            html="<p>Dear Sam,</p><p>Can we <b>talk</b>?</p>",
            message_id="<html@unknown.example>",
        ),
        email("Nobody <nobody@unknown.example>", "No date", on=None, message_id="<nodate@u.ex>"),
    ]
    server.append_many(user, "INBOX", inbox)
    server.append(
        user,
        "Sent",
        email(
            f"Sam Rivera <{ME}>",
            "Dear Jane, thank you for Friday's conversation.",
            subject="Thank you",
            to="Jane Doe <jane@acme.com>",
            on=dt.datetime(2026, 11, 21, 8, 0, tzinfo=PT),
            message_id="<my-thanks@example.org>",
        ),
    )

    report = sync(run)

    recorded = {
        (r["kind"], r["application"], r["contact"], r["message_id"]) for r in report["recorded"]
    }
    assert recorded == {
        ("employer_reply", "acme-de", "jane-doe", "<known@acme.com>"),
        ("employer_reply", "globex-a", None, "<threaded@globex.example>"),
        ("employer_reply", "acme-de", None, "<dom@acme.com>"),
        ("thank_you", "acme-de", "jane-doe", "<my-thanks@example.org>"),
    }
    review = {r["message_id"]: r for r in report["review"]}
    assert set(review) == {
        "<stranger@u.ex>",
        "<reject@globex.example>",
        "<utf8@unknown.example>",
        "<html@unknown.example>",
        "<nodate@u.ex>",
    }
    assert review["<reject@globex.example>"]["reason"] == (
        "reads like a rejection; 2 applications at Globex (Analyst, Engineer): which one?"
    )
    assert review["<utf8@unknown.example>"]["subject"] == "Entretien — suite / 面接のご案内"
    assert review["<utf8@unknown.example>"]["from"] == "José Núñez <jose@unknown.example>"
    assert report["seen"] == 9

    keys = agenda_keys(run, *day8)
    assert ("follow_up_call", "acme-de", "acme-1", None) not in keys
    assert ("thank_you", "acme-de", "acme-1", "jane-doe") not in agenda_keys(
        run, "--as-of", "2026-11-21"
    )
    follow_ups = run("agenda", "--json", "--as-of", "2026-12-12").json()["actions"]
    assert {
        (a["kind"], a["application"], a["due_from"]) for a in follow_ups if a["kind"] == "follow_up"
    } == {("follow_up", "acme-de", "2026-12-12"), ("follow_up", "globex-a", "2026-12-01")}
    exported = run("export").json()
    assert exported["applications"][0]["status"] != "rejected"
    snippets = {t.get("message_id"): t.get("snippet") for t in exported["touches"]}
    assert snippets["<known@acme.com>"] == "Thanks Sam! Let's talk again on the 12th."

    first_read = run("inbox", "review", "--json").json()["last_read"]
    again = sync(run)
    assert (again["recorded"], again["review"], again["seen"]) == ([], [], 0)
    last_read = run("inbox", "review", "--json").json()["last_read"]
    assert dt.datetime.fromisoformat(last_read) > dt.datetime.fromisoformat(first_read)

    invite = INVITE.format(sequence=0, start="20261203T140000")
    server.append(
        user,
        "INBOX",
        email("Jane Doe <jane@acme.com>", "Invite", message_id="<inv-1@acme.com>", calendar=invite),
    )
    invited = sync(run)
    assert [(r["kind"], r["application"], r["contact"]) for r in invited["recorded"]] == [
        ("interview", "acme-de", "jane-doe")
    ]
    update = INVITE.format(sequence=1, start="20261204T090000")
    server.append(
        user,
        "INBOX",
        email("Jane Doe <jane@acme.com>", "Moved", message_id="<inv-2@acme.com>", calendar=update),
    )
    moved = sync(run)
    assert [(r["kind"], r["interview"]) for r in moved["recorded"]] == [("interview", "acme-de-2")]
    interviews = run("export").json()["applications"][0]["interviews"]
    assert [(i["id"], i["at"]) for i in interviews] == [
        ("acme-1", "2026-11-20T10:00:00-08:00"),
        ("acme-de-2", "2026-12-04T09:00:00-08:00"),
    ]


def test_the_review_list_is_confirmed_and_dismissed_by_key(
    mailbox: tuple[Dovecot, str], run: Any
) -> None:
    server, user = mailbox
    server.append_many(
        user,
        "INBOX",
        [
            email("Pat Q <pat@unknown.example>", "Let's talk next week.", message_id="<a@u.ex>"),
            email(
                "Ann B <ann@unknown.example>", "Coffee?", subject="Coffee", message_id="<b@u.ex>"
            ),
        ],
    )
    sync(run)
    listed = run("inbox", "review", "--json").json()["review"]
    keys = {item["message_id"]: item["key"] for item in listed}
    human = run("inbox", "review")
    assert human.code == 0
    assert keys["<a@u.ex>"] in human.out
    assert "Coffee" in human.out

    confirmed = run(
        "inbox", "confirm", keys["<a@u.ex>"], "--application", "acme-de",
        "--follow-up-on", "2026-12-02",
    )  # fmt: skip
    dismissed = run("inbox", "dismiss", keys["<b@u.ex>"])

    assert confirmed.code == 0, confirmed.err
    assert "Recorded the reply on acme-de" in confirmed.out
    assert dismissed.code == 0, dismissed.err
    assert run("inbox", "review", "--json").json()["review"] == []
    touch = run("export").json()["touches"][-1]
    assert (touch["kind"], touch["message_id"], touch["follow_up_requested_on"]) == (
        "employer_reply",
        "<a@u.ex>",
        "2026-12-02",
    )
    again = run("inbox", "dismiss", keys["<b@u.ex>"])
    assert again.code == 1
    assert "waits for review" in again.err


def test_a_threaded_reply_to_a_note_afterview_sent_by_email(
    mailbox: tuple[Dovecot, str], run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, user = mailbox
    with local_smtp() as (smtp, port):
        monkeypatch.setenv("AFTERVIEW_SMTP_URL", f"smtp://127.0.0.1:{port}?tls=off")
        sent = run("send", "--interview", "acme-1", "--json", "--force")
        assert sent.code == 0, sent.err
    message_id = sent.json()["sent"][0]["message_id"]
    assert smtp.messages[0]["References"] == message_id
    reply = email(
        "Acme Talent <noreply@acme-hiring.example>",
        "Thank you, Sam. We will decide by Friday, December 4.",
        in_reply_to="<rewritten@outlook.example>",
        message_id="<via-ats@acme-hiring.example>",
    ).replace(b"References: <rewritten@outlook.example>", f"References: {message_id}".encode())
    server.append(user, "INBOX", reply)

    report = sync(run)

    assert [(r["kind"], r["application"]) for r in report["recorded"]] == [
        ("employer_reply", "acme-de")
    ]
    interview = run("export").json()["applications"][0]["interviews"][0]
    assert interview["decision_expected"] == "2026-12-04"


def test_failures_are_one_line_without_the_password(
    dovecot: Dovecot, run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    user, password = dovecot.new_user()
    cases = {
        dovecot.url(user, tls="off", password="wrong p@ss/word"): "refused",
        dovecot.url(user, tls="off", sent="Nope"): "Nope",
        f"imap://{user}:secret-pw@127.0.0.1:1?tls=off": "cannot reach",
        dovecot.url(user, tls="tls"): "certificate",
    }
    for url, said in cases.items():
        monkeypatch.setenv("AFTERVIEW_IMAP_URL", url)
        result = run("inbox", "sync")
        assert result.code == 1, (url, result.out, result.err)
        assert said in result.err, result.err
        assert "Traceback" not in result.err
        for secret in (password, "wrong p@ss/word", "secret-pw"):
            assert secret not in result.err + result.out
    assert run("inbox", "review", "--json").json()["last_read"] is None


def test_a_killed_sync_records_nothing_and_the_next_one_completes_it(
    mailbox: tuple[Dovecot, str], run: Any, afterview_home: Path
) -> None:
    server, user = mailbox
    noise = [
        email(f"Shop <deals@shop{n}.example>", f"Sale {n}", message_id=f"<n{n}@shop.ex>", bulk=True)
        for n in range(2_000)
    ]
    server.append_many(
        user, "INBOX", [*noise[:1000], email("Jane Doe <jane@acme.com>", "Thanks!"), *noise[1000:]]
    )
    environment = {**os.environ, "AFTERVIEW_TODAY": "2026-11-25"}
    database = afterview_home / "afterview.db"
    killed_at = []
    for delay in (0.3, 0.8, 1.5):
        process = subprocess.Popen(
            [sys.executable, "-m", "afterview", "inbox", "sync", "--json"],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed_at.append(delay)
        process.communicate(timeout=60)
        with sqlite3.connect(database) as plain:
            read = plain.execute("SELECT count(*) FROM inbox_messages").fetchone()[0]
            replies = plain.execute(
                "SELECT count(*) FROM touches WHERE kind = 'employer_reply'"
            ).fetchone()[0]
        assert (read, replies) in ((0, 0), (2_001, 1)), (delay, read, replies)
        if read:
            break
    assert killed_at, "every sync finished before it could be killed"

    report = sync(run)
    done = report if report["seen"] else None
    with sqlite3.connect(database) as plain:
        assert plain.execute("SELECT count(*) FROM inbox_messages").fetchone()[0] == 2_001
        replies = plain.execute("SELECT count(*) FROM touches WHERE kind = 'employer_reply'")
        assert replies.fetchone()[0] == 1
    if done is not None:
        assert [r["kind"] for r in done["recorded"]] == ["employer_reply"]
    assert sync(run)["seen"] == 0


def test_remind_reads_the_inbox_first_so_the_digest_asks_nothing_answered(
    mailbox: tuple[Dovecot, str], run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, user = mailbox
    monkeypatch.setenv("AFTERVIEW_TODAY", "2026-11-30")
    actions = run("agenda", "--json").json()["actions"]
    (call,) = [
        a for a in actions if a["kind"] == "follow_up_call" and a["application"] == "acme-de"
    ]
    server.append(user, "INBOX", email("Jane Doe <jane@acme.com>", "Still deciding, Sam."))

    with local_smtp() as (smtp, port):
        monkeypatch.setenv("AFTERVIEW_SMTP_URL", f"smtp://127.0.0.1:{port}?tls=off")
        reminded = run("remind")

    assert reminded.code == 0, reminded.err
    assert "Read the inbox: 1 recorded, 0 to review." in reminded.out
    digest = smtp.messages[-1].get_content()
    assert call["title"] not in digest
    assert "Read the inbox" not in run("remind", "--dry-run").out  # a dry run reads nothing


def test_remind_sends_the_digest_when_the_inbox_cannot_be_read(
    dovecot: Dovecot, run: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "pipeline.json"
    path.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    assert run("import", str(path)).code == 0
    user, _ = dovecot.new_user()
    monkeypatch.setenv("AFTERVIEW_IMAP_URL", dovecot.url(user, password="not it"))

    with local_smtp() as (smtp, port):
        monkeypatch.setenv("AFTERVIEW_SMTP_URL", f"smtp://127.0.0.1:{port}?tls=off")
        reminded = run("remind")

    assert reminded.code == 0, reminded.err
    assert "Could not read the inbox:" in reminded.out
    assert "not it" not in reminded.out
    assert "Sent today's digest" in reminded.out
    assert len(smtp.messages) == 1


def test_since_and_a_changed_uidvalidity_read_without_recording_twice(
    mailbox: tuple[Dovecot, str], run: Any
) -> None:
    server, user = mailbox
    old = dt.datetime(2026, 11, 10, 9, 0, tzinfo=PT)
    server.append(user, "INBOX", email("Jane Doe <jane@acme.com>", "Old news.", on=old), when=old)
    server.append(user, "INBOX", email("Jane Doe <jane@acme.com>", "Thanks, Sam."))

    since = run("inbox", "sync", "--json", "--since", "2026-11-20").json()

    assert [r["on"] for r in since["recorded"]] == ["2026-11-24"]
    server.set_uidvalidity(user, "INBOX", server.uidvalidity(user, "INBOX") + 1)
    again = sync(run)
    assert again["seen"] == 2  # every message read again, under the new UIDVALIDITY...
    assert [r["on"] for r in again["recorded"]] == ["2026-11-10"]  # ...and recorded once
    replies = [t for t in run("export").json()["touches"] if t["kind"] == "employer_reply"]
    assert len(replies) == 2
    bad = run("inbox", "sync", "--since", "last week")
    assert bad.code == 2
    assert "--since" in bad.err
