"""`afterview worker`: digests at each account's own morning, exactly once with two workers
running, a refused send tried again and never sent twice, and each account's own mailbox
read, on a real PostgreSQL database, a real SMTP server (aiosmtpd) and a real IMAP server
(dovecot).

The workers are real `afterview worker` processes. The minute clock is the one thing
the tests drive: procrastinate's periodic deferrer queues one `afterview.tick` job per
minute with that minute as its timestamp, and the tests queue the same jobs for the
minutes of a day in 2030, so a day's mornings pass in a few seconds. The accounts'
records are dated in 2030 too, so the workers' own ticks (the real minute, in 2026)
find nothing due and send nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from afterview.config import AppSettings
from afterview.worker import RECOVER, TICK, Worker, digest_day, quiet
from tests.adapters.conftest import postgres_url  # noqa: F401  (the session's cluster)
from tests.adapters.test_postgres import pg_url  # noqa: F401  (a database of its own)
from tests.cli import test_cli
from tests.dovecot import Dovecot
from tests.smtp import Inbox, local_smtp

run = test_cli.run
pytestmark = pytest.mark.postgres

PASSWORD = "correct horse battery"
NEW_YORK, TOKYO = "ny@example.org", "tokyo@example.org"
ZONES = {NEW_YORK: "America/New_York", TOKYO: "Asia/Tokyo"}
UTC = dt.UTC


def document(email: str, name: str) -> dict[str, Any]:
    """A search in 2030: three applications (so keeping searching is not owed), one Friday
    interview on 1 March whose thank-you is due until Tuesday 5 March."""
    applications: list[dict[str, Any]] = [
        {
            "id": f"app-{n}",
            "company": company,
            "role": "Data Engineer",
            "status": "interviewing" if n == 1 else "applied",
            "applied_on": "2030-02-25",
            "interviews": [],
        }
        for n, company in enumerate(("Acme Corp", "Globex", "Initech"), start=1)
    ]
    applications[0]["interviews"] = [
        {
            "id": "acme-1",
            "at": "2030-03-01T10:00:00-05:00",
            "kind": "onsite",
            "decision_expected": "2030-03-15",
            "interviewers": ["jane-doe"],
        }
    ]
    return {
        "format": "afterview/1",
        "profile": {
            "name": name,
            "email": f"victim.{email}",  # any address: the digest goes to the sign-in one
            "country": "US",
            "strengths": ["Cut pipeline costs 40% at Brightline"],
            "references": ["dana-kim"],
        },
        "contacts": [
            {
                "id": "jane-doe",
                "name": "Jane Doe",
                "title": "VP Engineering",
                "company": "Acme Corp",
                "email": "jane@acme.example",
            },
            {
                "id": "dana-kim",
                "name": "Dana Kim",
                "title": "Director",
                "company": "Brightline",
                "email": "dana@brightline.example",
                "phone": "+1 510 555 0199",
            },
        ],
        "applications": applications,
        "touches": [],
    }


@pytest.fixture
def server(
    pg_url: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run: Any,
) -> dict[str, str]:
    """Server mode with two accounts, New York and Tokyo, each with its search imported;
    the environment a worker process is started with."""
    monkeypatch.setenv("AFTERVIEW_DATABASE_URL", pg_url)
    monkeypatch.setenv("AFTERVIEW_ACCOUNTS", "1")
    monkeypatch.setenv("AFTERVIEW_HOME", str(tmp_path / "home"))
    for email, zone in ZONES.items():
        monkeypatch.setattr("sys.stdin", _stdin(PASSWORD))
        added = run("account", "add", email, "--time-zone", zone)
        assert added.code == 0, added.err
        path = tmp_path / f"{email}.json"
        path.write_text(json.dumps(document(email, email.split("@")[0].title())))
        monkeypatch.setenv("AFTERVIEW_ACCOUNT", email)
        imported = run("import", str(path))
        assert imported.code == 0, imported.err
    monkeypatch.delenv("AFTERVIEW_ACCOUNT")
    return {k: v for k, v in os.environ.items() if k != "AFTERVIEW_TODAY"}


def _stdin(line: str) -> Any:
    import io

    return io.StringIO(line + "\n")


def tick(environment: dict[str, str], *instants: dt.datetime) -> None:
    """Queue the clock's tick of each minute, as procrastinate's periodic deferrer does."""
    clock(environment, TICK, *instants)


def recover(environment: dict[str, str]) -> None:
    """Queue the clock's `afterview.recover` job of this minute."""
    clock(environment, RECOVER, dt.datetime.now(UTC))


def clock(environment: dict[str, str], task: str, *instants: dt.datetime) -> None:
    """Queue a periodic task's job for each minute given (its timestamp as its argument)."""
    worker = Worker.open(AppSettings.from_environment(environment))
    try:
        worker.prepare()
        worker.app.open()
        for at in instants:
            stamp = int(at.timestamp())
            worker.app.configure_task(task, queueing_lock=f"{task}:{stamp}").defer(timestamp=stamp)
        worker.app.close()
    finally:
        worker.close()


def sql(url: str, statement: str) -> Any:
    """Run one statement on the database (as its owner): its first value, if it has one."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(statement))
            return result.scalar() if result.returns_rows else None
    finally:
        engine.dispose()


def workers(environment: dict[str, str], count: int = 2) -> list[dict[str, Any]]:
    """Run `count` `afterview worker --until-idle` processes at once, until both stop."""
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "afterview", "worker", "--until-idle"],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    logged = []
    for process in started:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        logged += [json.loads(line) for line in err.splitlines()]
    assert not [line for line in logged if "traceback" in line], logged
    return logged


def minutes(start: dt.datetime, end: dt.datetime, step: int = 15) -> list[dt.datetime]:
    return [
        start + dt.timedelta(minutes=m) for m in range(0, int((end - start).seconds / 60), step)
    ]


def digests_of(inbox: Inbox) -> list[tuple[str, str]]:
    """Each digest received: to whom, and the day its body is for."""
    found = []
    for message in inbox.messages:
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        first = body.get_content().splitlines()[0]
        found.append((str(message["To"]).rpartition("<")[2].rstrip(">"), first))
    return sorted(found)


def queued(url: str) -> list[tuple[str, dt.date, dt.datetime]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT a.email, d.day, d.due_at FROM worker_digests d"
                    " JOIN accounts a ON a.id = d.account_id"
                    " WHERE d.day >= '2030-01-01' ORDER BY d.due_at"
                )
            ).all()
    finally:
        engine.dispose()
    return [(row[0], row[1], row[2].astimezone(UTC)) for row in rows]


def test_each_account_gets_its_digest_at_its_own_morning_once_with_two_workers(
    server: dict[str, str],
    pg_url: str,  # noqa: F811
) -> None:
    with local_smtp() as (inbox, port):
        server["AFTERVIEW_SMTP_URL"] = f"smtp://127.0.0.1:{port}?tls=off"
        # Monday 4 March 2030, 10:00 to 12:00 UTC: in New York 05:00 to 07:00, in Tokyo 19:00
        # to 21:00.
        tick(
            server,
            *minutes(
                dt.datetime(2030, 3, 4, 10, tzinfo=UTC), dt.datetime(2030, 3, 4, 12, tzinfo=UTC)
            ),
        )
        workers(server)
        assert digests_of(inbox) == [(TOKYO, "Your follow-ups for Monday 04 March 2030.")]
        # 12:00 to 14:00 UTC: New York's 07:00 comes; Tokyo's day has had its digest.
        tick(
            server,
            *minutes(
                dt.datetime(2030, 3, 4, 12, tzinfo=UTC), dt.datetime(2030, 3, 4, 14, tzinfo=UTC)
            ),
        )
        workers(server)
        assert digests_of(inbox) == [
            (NEW_YORK, "Your follow-ups for Monday 04 March 2030."),
            (TOKYO, "Your follow-ups for Monday 04 March 2030."),
        ]
        # The same minutes once more, as a second worker's clock would: nothing is sent again.
        tick(
            server,
            *minutes(
                dt.datetime(2030, 3, 4, 10, tzinfo=UTC), dt.datetime(2030, 3, 4, 14, tzinfo=UTC)
            ),
        )
        workers(server)
        assert len(inbox.messages) == 2
        subjects = {str(message["Subject"]) for message in inbox.messages}
        assert subjects == {"afterview: 2 things to do today"}  # the thank-you, the reference
        claimed = {email: at for email, _day, at in queued(pg_url)}
        assert dt.datetime(2030, 3, 4, 10, tzinfo=UTC) <= claimed[TOKYO]  # Tokyo's evening
        assert claimed[TOKYO] < dt.datetime(2030, 3, 4, 12, tzinfo=UTC)
        assert dt.datetime(2030, 3, 4, 12, tzinfo=UTC) <= claimed[NEW_YORK]  # its 07:00 on
        # A tick that died after queueing a digest and before claiming the day: the next
        # tick queues it again, and the job finds the day's digest sent.
        forget_claims(pg_url)
        tick(server, dt.datetime(2030, 3, 4, 14, 15, tzinfo=UTC))
        logged = workers(server)
        assert len(inbox.messages) == 2
        assert sorted(line["reason"] for line in logged if line["event"] == "digest_not_sent") == [
            "already sent today",
            "already sent today",
        ]
    assert sorted((email, day) for email, day, _at in queued(pg_url)) == [
        (NEW_YORK, dt.date(2030, 3, 4)),
        (TOKYO, dt.date(2030, 3, 4)),
    ]


def forget_claims(url: str) -> None:
    sql(url, "DELETE FROM worker_digests WHERE day >= '2030-01-01'")


def test_a_digest_the_mail_server_refused_is_sent_again_once(
    server: dict[str, str],
    pg_url: str,  # noqa: F811
) -> None:
    refusing = Inbox(replies=["421 Try again later"])
    with local_smtp(refusing) as (inbox, port):
        server["AFTERVIEW_SMTP_URL"] = f"smtp://127.0.0.1:{port}?tls=off"
        # 23:00 UTC on 3 March: 08:00 on 4 March in Tokyo, 18:00 on 3 March in New York.
        tick(server, dt.datetime(2030, 3, 3, 23, tzinfo=UTC))
        process = subprocess.Popen(
            [sys.executable, "-m", "afterview", "worker", "--retry-wait", "1"],
            env=server,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while len(inbox.messages) < 2 and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(3)  # a third message, if one were coming, would be here by now
        finally:
            process.send_signal(signal.SIGTERM)
            _out, err = process.communicate(timeout=60)
        lines = [json.loads(line) for line in err.splitlines()]
        refused = [line for line in lines if line["event"] == "digest_refused"]
        assert len(refused) == 1
        assert refused[0]["reason"] == "the digest was not sent: SMTP 421: Try again later"
        assert not [line for line in lines if "traceback" in line]
    received = digests_of(inbox)
    assert received == [
        (NEW_YORK, "Your follow-ups for Sunday 03 March 2030."),
        (TOKYO, "Your follow-ups for Monday 04 March 2030."),
    ]
    # The refused digest went at its second attempt; the queue keeps no job that went well.
    refused_account = refused[0]["account"]
    mine = [  # the refused account's digest events, but those of the real day (2026)
        line["event"]
        for line in lines
        if line.get("account") == refused_account and line.get("day", "2030") >= "2030"
    ]
    assert mine[mine.index("digest_refused") :] == ["digest_refused", "digest_sent"]
    assert sql(pg_url, "SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded'") == 0


def test_the_worker_reads_each_accounts_own_mailbox(
    server: dict[str, str], run: Any, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> None:
    user, _password = dovecot.new_user()
    reply = (
        b"From: Jane Doe <jane@acme.example>\r\n"
        b"To: ny@example.org\r\n"
        b"Subject: Re: Thank you\r\n"
        b"Date: Tue, 05 Mar 2030 09:12:00 -0500\r\n"
        b"Message-ID: <reply-1@acme.example>\r\n"
        b"\r\n"
        b"Thanks for coming in; it was a pleasure to meet you.\r\n"
    )
    dovecot.append(user, "INBOX", reply)
    monkeypatch.setattr("sys.stdin", _stdin(dovecot.url(user)))
    set_up = run("account", "mailbox", NEW_YORK)
    assert set_up.code == 0, set_up.err
    assert set_up.out == f"The worker will read {user} at 127.0.0.1 for {NEW_YORK}.\n"
    listed = {a["email"]: a for a in run("account", "list", "--json").json()}
    assert listed[NEW_YORK]["mailbox"]["label"] == f"{user} at 127.0.0.1"
    assert listed[NEW_YORK]["time_zone"] == "America/New_York"
    assert listed[TOKYO]["mailbox"] is None
    tick(server, dt.datetime(2030, 3, 5, 15, tzinfo=UTC))
    logged = workers(server)
    assert [line["messages"] for line in logged if line["event"] == "inbox_read"] == [1]
    for email, replies in ((NEW_YORK, 1), (TOKYO, 0)):
        monkeypatch.setenv("AFTERVIEW_ACCOUNT", email)
        exported = run("export")
        assert exported.code == 0, exported.err
        touches = [t for t in exported.json()["touches"] if t["kind"] == "employer_reply"]
        assert len(touches) == replies
    # Read again at the next quarter: the message is not recorded twice.
    tick(server, dt.datetime(2030, 3, 5, 15, 30, tzinfo=UTC))
    workers(server)
    monkeypatch.setenv("AFTERVIEW_ACCOUNT", NEW_YORK)
    touches = run("export").json()["touches"]
    assert [t["kind"] for t in touches] == ["employer_reply"]


def test_digest_day_is_the_local_day_from_seven() -> None:
    at = dt.datetime(2030, 3, 4, 11, 59, tzinfo=UTC)
    assert digest_day("America/New_York", at) is None  # 06:59 there
    assert digest_day("America/New_York", at + dt.timedelta(minutes=1)) == dt.date(2030, 3, 4)
    assert digest_day("Asia/Tokyo", at) == dt.date(2030, 3, 4)  # 20:59 there
    assert digest_day(None, at) == dt.date(2030, 3, 4)  # UTC
    assert digest_day("Asia/Tokyo", dt.datetime(2030, 3, 4, 21, 59, tzinfo=UTC)) is None
    assert digest_day("Asia/Tokyo", dt.datetime(2030, 3, 4, 22, tzinfo=UTC)) == dt.date(2030, 3, 5)


def test_a_job_left_running_by_a_killed_worker_is_run_again_and_sends_nothing_twice(
    server: dict[str, str],
    pg_url: str,  # noqa: F811
) -> None:
    stalling = Inbox(stall=10.0)
    with local_smtp(stalling) as (inbox, port):
        server["AFTERVIEW_SMTP_URL"] = f"smtp://127.0.0.1:{port}?tls=off"
        # 23:00 UTC on 3 March: Tokyo's morning of the 4th, New York's evening of the 3rd.
        tick(server, dt.datetime(2030, 3, 3, 23, tzinfo=UTC))
        doomed = subprocess.Popen(
            [sys.executable, "-m", "afterview", "worker"],
            env=server,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert stalling.data_started.wait(60), "no digest was being sent"
        finally:
            doomed.kill()  # SIGKILL, in the middle of handing a digest over
            doomed.wait(30)
        stalling.stall = 0.0
        running = sql(pg_url, "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'")
        # A minute later, as a clock would have it: the dead worker's last heartbeat.
        sql(pg_url, "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1h'")
        assert running == 1  # the digest the dead worker was sending, its account's lock held
        recover(server)
        logged = workers(server)
        assert [line["task"] for line in logged if line["event"] == "job_recovered"] == [
            "afterview.digest"
        ]
        uncertain = [
            line
            for line in logged
            if line["event"] == "digest_not_sent" and "may already have been sent" in line["reason"]
        ]
        assert len(uncertain) == 1  # run again, it sends nothing: it may have gone already
        # The account's lock is free again: its next morning's digest goes.
        tick(server, dt.datetime(2030, 3, 4, 23, tzinfo=UTC))
        workers(server)
    received = digests_of(inbox)
    assert len(received) == len(set(received))  # no account got one day's digest twice
    assert {
        (NEW_YORK, "Your follow-ups for Monday 04 March 2030."),
        (TOKYO, "Your follow-ups for Tuesday 05 March 2030."),
    } <= set(received)  # both accounts' next mornings, the killed one's too


def test_the_log_never_holds_an_address() -> None:
    said = "SMTP 450: <sam.rivera+jobs@example.org>: Recipient address rejected: greylisted"
    assert quiet(said) == "SMTP 450: <an address>: Recipient address rejected: greylisted"
    assert quiet("no mail server is set up") == "no mail server is set up"
