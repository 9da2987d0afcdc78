"""Server mode under load: many accounts on one PostgreSQL, several web processes.

A PostgreSQL cluster of its own (started here as the test suite starts one), `--accounts`
accounts (default 50) of `--applications` applications each (default 300, from
generate.py, one seed each), and `uvicorn --factory afterview.web.app:server_app
--workers N` (default 4) on 127.0.0.1. Then `--clients` concurrent clients (default 100,
threads, one keep-alive connection each, each signed in as one of the accounts through
the sign-in form) ask for Today for `--seconds` (default 60). Reported: p50 and p95 of
Today, requests a second, errors, and pages that showed another account's email
(cross-account rows; must be 0).

Target: p95 of Today <= 100 ms, no errors, no cross-account rows.

    python bench/bench_server.py [--accounts 50] [--applications 300] [--workers 4]
                                 [--clients 100] [--seconds 60]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

from benchlib import ROOT, VENV_BIN, machine, target

sys.path.insert(0, str(ROOT))
from tests.adapters import conftest as pg  # the test suite's throwaway PostgreSQL

PASSWORD = "benchmark passphrase"


@contextmanager
def cluster() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a free port: its URL (as the suite's fixture)."""
    bin_dir = pg.find_pg_bin()
    if bin_dir is None:
        raise SystemExit("no PostgreSQL server binaries (initdb, pg_ctl)")
    prefix, owner = pg._as_postgres_user()
    root = Path(tempfile.mkdtemp(prefix="afterview-bench-pg-"))
    if owner is not None:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    data, port = root / "data", pg.free_port()
    try:
        pg._run(prefix, root, bin_dir / "initdb", "-D", data, "-U", pg.PG_USER, *pg.INITDB_OPTIONS)
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(pg.TUNING.format(port=port) + "\nmax_connections = 200\n")
        pg._run(prefix, root, bin_dir / "pg_ctl", "start", "-w", "-D", data, "-l", pg.LOG)
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=port, user=pg.PG_USER, dbname="postgres", autocommit=True
        ) as admin:
            admin.execute('CREATE DATABASE "afterview"')
        yield f"postgresql+psycopg://{pg.PG_USER}@127.0.0.1:{port}/afterview"
    finally:
        subprocess.run(
            [*prefix, str(bin_dir / "pg_ctl"), "stop", "-m", "fast", "-D", str(data)],
            check=False, capture_output=True, cwd=root,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def fill(url: str, home: Path, accounts: int, applications: int) -> list[str]:
    """The accounts, each with its own generated pipeline; their emails."""
    sys.path.insert(0, str(ROOT / "bench"))
    from afterview.config import AppSettings
    from afterview.server import Server
    from afterview.services.documents import ImportDocument
    from generate import generate_document

    settings = replace(
        AppSettings.from_environment({"AFTERVIEW_HOME": str(home)}),
        database_url=url,
        accounts=True,
    )
    server = Server(settings)
    emails = []
    try:
        for number in range(accounts):
            email = f"seeker{number}@example.org"
            account = server.accounts.add(email, PASSWORD)
            document = generate_document(applications, seed=number)
            data = json.dumps(document).encode()
            server.afterview_for(account.id).import_document(ImportDocument(data, "doc.json"))
            emails.append(email)
    finally:
        server.close()
    return emails


def _wait(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the web processes did not start")


def signed_in(port: int, email: str) -> tuple[http.client.HTTPConnection, str]:
    """A keep-alive connection and the cookies of a session of `email`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/signin")
    page = connection.getresponse()
    body = page.read().decode()
    cookies = "; ".join(c.split(";")[0] for c in page.headers.get_all("set-cookie") or [])
    token = re.search(r'name="csrf" value="([^"]+)"', body)
    assert token is not None, body[:300]
    form = urlencode({"csrf": token[1], "email": email, "password": PASSWORD, "next": "/"})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies}
    connection.request("POST", "/signin", form, headers)
    answer = connection.getresponse()
    answer.read()
    session = [c.split(";")[0] for c in answer.headers.get_all("set-cookie") or []]
    assert answer.status == 303, answer.status
    assert session, "no session cookie"
    return connection, "; ".join([cookies, *session])


def load(
    port: int, emails: list[str], clients: int, seconds: float
) -> tuple[list[float], int, int]:
    """`clients` threads, each signed in as one account, asking for Today for `seconds`:
    each request's time, the errors, and the pages that showed another account's email."""
    times: list[float] = []
    errors, foreign = [0], [0]
    lock = threading.Lock()
    deadline = [0.0]

    def client(number: int) -> None:
        email = emails[number % len(emails)]
        others = [e for e in emails if e != email]
        connection, cookies = signed_in(port, email)
        while time.perf_counter() < deadline[0]:
            began = time.perf_counter()
            try:
                connection.request("GET", "/", headers={"Cookie": cookies})
                response = connection.getresponse()
                body = response.read().decode("utf-8", "replace")
                ok = response.status == 200 and email in body
                mixed = any(other in body for other in others[:5])
            except OSError:
                ok, mixed = False, False
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                times.append(time.perf_counter() - began)
                errors[0] += 0 if ok else 1
                foreign[0] += 1 if mixed else 0

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    deadline[0] = time.perf_counter() + seconds + 30  # sign-ins first
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors[0], foreign[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--applications", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as folder, cluster() as url:
        home = Path(folder)
        started = time.perf_counter()
        emails = fill(url, home, args.accounts, args.applications)
        print(f"{args.accounts} accounts x {args.applications} applications stored in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        port = pg.free_port()
        env = dict(
            os.environ, AFTERVIEW_HOME=str(home), AFTERVIEW_DATABASE_URL=url,
            AFTERVIEW_ACCOUNTS="1", AFTERVIEW_TODAY="2026-12-01",
        )  # fmt: skip
        web = subprocess.Popen(
            [str(VENV_BIN / "uvicorn"), "--factory", "afterview.web.app:server_app",
             "--workers", str(args.workers), "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            _wait(port)
            times, errors, foreign = load(port, emails, args.clients, args.seconds)
        finally:
            web.terminate()
            web.wait(20)
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(
        f"Today, {args.clients} clients on {args.workers} web processes: "
        f"p50 {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"{len(times)} requests, errors {errors}, cross-account pages {foreign}"
    )
    target("server Today p95 (100 clients)", 0.100, p95, unit="ms")
    print(f"RESULT errors {errors} cross-account {foreign}")


if __name__ == "__main__":
    main()
