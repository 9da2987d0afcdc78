"""Server mode's worker under a morning's load: every account's digest at once.

A PostgreSQL cluster of its own (as bench_server.py starts one), `--accounts` accounts
(default 50) of `--applications` applications each (default 300), a local SMTP server
(aiosmtpd, the suite's tests/smtp.py) and `--workers` `afterview worker --until-idle`
processes (default 2). One tick at 08:00 UTC on 1 December 2026 (every account in UTC)
queues a digest for each account; the workers send them. Reported: how long the tick
took, how long until the queue was empty, digests a second, and whether each account
got exactly one (the target: one each, none twice).

    python bench/bench_worker.py [--accounts 50] [--applications 300] [--workers 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_server import cluster, fill
from benchlib import ROOT, VENV_BIN, machine

sys.path.insert(0, str(ROOT))
from tests.smtp import local_smtp  # the suite's real SMTP server

MORNING = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--applications", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as folder, cluster() as url, local_smtp() as (inbox, port):
        home = Path(folder)
        started = time.perf_counter()
        fill(url, home, args.accounts, args.applications)
        print(f"{args.accounts} accounts x {args.applications} applications stored in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        env = dict(
            os.environ, AFTERVIEW_HOME=str(home), AFTERVIEW_DATABASE_URL=url,
            AFTERVIEW_ACCOUNTS="1", AFTERVIEW_SMTP_URL=f"smtp://127.0.0.1:{port}?tls=off",
        )  # fmt: skip
        env.pop("AFTERVIEW_TODAY", None)
        queued = tick(env)
        began = time.perf_counter()
        workers = [
            subprocess.Popen(
                [str(VENV_BIN / "afterview"), "worker", "--until-idle"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(args.workers)
        ]
        logged = []
        for worker in workers:
            _out, err = worker.communicate(timeout=1800)
            logged += [json.loads(line) for line in err.splitlines() if line.startswith("{")]
        took = time.perf_counter() - began
    sent = [line["account"] for line in logged if line["event"] == "digest_sent"]
    failed = [line for line in logged if line["level"] in ("warning", "error")]
    print(f"tick: {args.accounts} accounts looked at, digests queued, in {queued:.2f} s")
    print(
        f"{args.workers} workers: {len(sent)} digests sent, {len(inbox.messages)} received, "
        f"in {took:.1f} s ({len(sent) / took:.1f} a second, each process's start included)"
    )
    print(f"RESULT one digest per account: {len(sent) == len(set(sent)) == args.accounts}, "
          f"warnings {len(failed)}")  # fmt: skip


def tick(env: dict[str, str]) -> float:
    """Queue the morning's tick and run it in this process (as a worker would): seconds."""
    from afterview.config import AppSettings
    from afterview.worker import Worker

    worker = Worker.open(AppSettings.from_environment(env))
    try:
        worker.prepare()
        started = time.perf_counter()
        worker.app.open()
        try:
            worker.tick(MORNING)
        finally:
            worker.app.close()
        return time.perf_counter() - started
    finally:
        worker.close()


if __name__ == "__main__":
    main()
