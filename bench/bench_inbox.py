"""Time `afterview inbox sync` against a real IMAP server on 127.0.0.1.

A dovecot of its own (tests/dovecot.py, started and stopped here) holds a mailbox of
`--messages` new messages (default 2,000): mostly newsletters, some strangers, and
replies from contacts of a 1k-application pipeline (one in twenty). Each sync is a
fresh `afterview inbox sync --json` process, as a user or cron runs it, so the times
include start-up. Then a second sync, with nothing new.

Targets: 2,000 new messages <= 10 s; nothing new <= 1 s.

    python bench/bench_inbox.py [--messages 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from benchlib import ROOT, VENV_BIN, machine, seconds, table, target

sys.path.insert(0, str(ROOT))
from tests.dovecot import running_dovecot  # the test suite's real dovecot


def _messages(count: int, contacts: list[str]) -> list[bytes]:
    import datetime as dt

    start = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
    found = []
    for number in range(count):
        message = EmailMessage()
        when = start + dt.timedelta(minutes=7 * number)
        if number % 20 == 0 and contacts:
            message["From"] = contacts[(number // 20) % len(contacts)]
            message["Subject"] = "Re: Thank you"
            message.set_content("Thanks for your note. Let's talk again on the 12th.\n\n> Hi")
        elif number % 10 == 1:
            message["From"] = f"Someone {number} <person{number}@elsewhere{number}.example>"
            message["Subject"] = f"Hello {number}"
            message.set_content("Are you free for a chat about a role?")
        else:
            message["From"] = f"Deals <news@shop{number % 50}.example>"
            message["Subject"] = f"This week's offers #{number}"
            message["List-Unsubscribe"] = f"<mailto:unsubscribe@shop{number % 50}.example>"
            message.add_alternative(f"<p>Sale {number}</p>" * 20, subtype="html")
        message["To"] = "sam@example.org"
        message["Date"] = format_datetime(when)
        message["Message-ID"] = f"<bench-{number}@mail.example>"
        found.append(bytes(message))
    return found


def _sync(env: dict[str, str]) -> tuple[float, dict[str, object]]:
    started = time.perf_counter()
    done = subprocess.run(
        [str(VENV_BIN / "afterview"), "inbox", "sync", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"inbox sync failed: {done.stderr.strip()}")
    report: dict[str, object] = json.loads(done.stdout)
    return took, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2_000)
    args = parser.parse_args()
    print(machine())
    # The project's own modules byte-compiled, as the README's first command leaves them.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    with tempfile.TemporaryDirectory() as folder, running_dovecot(tls=False) as server:
        home = Path(folder) / "home"
        document = Path(folder) / "doc.json"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "1000", "-o", str(document)],
            check=True,
            capture_output=True,
        )
        data = json.loads(document.read_text())
        contacts = [f"{c['name']} <{c['email']}>" for c in data["contacts"] if c.get("email")][:200]
        env = dict(os.environ, AFTERVIEW_HOME=str(home), AFTERVIEW_TODAY="2026-12-01")
        subprocess.run(
            [str(VENV_BIN / "afterview"), "import", str(document)], check=True, env=env,
            capture_output=True,
        )  # fmt: skip
        user, _ = server.new_user()
        started = time.perf_counter()
        server.append_many(user, "INBOX", _messages(args.messages, contacts))
        filled = time.perf_counter() - started
        env["AFTERVIEW_IMAP_URL"] = server.url(user, tls="off")
        first, report = _sync(env)
        second, again = _sync(env)
    recorded = len(report["recorded"])  # type: ignore[arg-type]
    review = len(report["review"])  # type: ignore[arg-type]
    print(
        table(
            ["sync", "messages read", "recorded", "to review", "wall"],
            [
                [f"{args.messages:,} new", report["seen"], recorded, review, seconds(first)],
                ["nothing new", again["seen"], len(again["recorded"]), 0, seconds(second)],  # type: ignore[arg-type]
            ],
        )
    )
    print(f"(filling the mailbox took {seconds(filled)}; not part of the sync)")
    target(f"inbox sync {args.messages:,} new", 10.0, first)
    target("inbox sync nothing new", 1.0, second)


if __name__ == "__main__":
    main()
