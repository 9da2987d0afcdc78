"""Server mode under load: many accounts on one PostgreSQL, several web processes.

A PostgreSQL cluster of its own (started here as the test suite starts one), `--accounts`
accounts (default 50) of `--applications` applications each (default 300, from
generate.py, one seed each), and `uvicorn --factory afterview.web.app:server_app
--workers N` (default 4) on 127.0.0.1. Then `--clients` concurrent clients (default 100,
threads, one keep-alive connection each, each signed in as one of the accounts through
the sign-in form; every client signs in and asks once before the clock starts) ask for
Today for `--seconds` (default 60). Each `--think S` is one run: a client waits S seconds after
each answer before it asks again (0, the default: closed loop, every client always
waiting, which measures saturation; 1: like a person or a Locust user). Reported per
run: p50, p95 and p99 of Today, requests a second, errors, pages that showed another
account's email (cross-account rows; must be 0), and the CPU seconds the clients, the
web processes, PostgreSQL and anything else on the machine spent per request.

Target: p95 of Today <= 100 ms, no errors, no cross-account rows.

    python bench/bench_server.py [--accounts 50] [--applications 300] [--workers 4]
                                 [--clients 100] [--seconds 60] [--think 0 --think 1]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import resource
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
from typing import Any
from urllib.parse import urlencode

from benchlib import ROOT, VENV_BIN, machine, target

sys.path.insert(0, str(ROOT))
from tests.adapters import conftest as pg  # the test suite's throwaway PostgreSQL

PASSWORD = "benchmark passphrase"
POSTMASTER: list[Path] = []
"""The running cluster's postmaster.pid (to count PostgreSQL's CPU)."""


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
        POSTMASTER[:] = [data / "postmaster.pid"]
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


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process and its children that have ended (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(value) for value in fields[11:15]) / ticks  # utime stime cutime cstime


def process_tree(pid: int) -> list[int]:
    """A process and every descendant alive now (the uvicorn supervisor and its workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def machine_busy() -> tuple[float, float]:
    """CPU seconds the whole machine spent busy and in all, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / ticks, sum(values) / ticks


def load(
    port: int, emails: list[str], clients: int, seconds: float, think: float, web: int
) -> dict[str, Any]:
    """`clients` threads, each signed in as one account (all of them before the clock
    starts), asking for Today for `seconds`, waiting `think` seconds after each answer:
    each request's time, the errors, the pages that showed another account's email, and
    where the CPU went."""
    times: list[float] = []
    foreign = [0]
    kinds: dict[str, int] = {}  # each kind of error (a status, an exception), how often
    lock = threading.Lock()
    deadline = [0.0]
    sessions = [signed_in(port, emails[n % len(emails)]) for n in range(clients)]
    ready = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        email = emails[number % len(emails)]
        others = [e for e in emails if e != email]
        connection, cookies = sessions[number]
        try:
            connection = _warmed(connection, port, cookies)
        finally:
            ready.wait()
        if think:
            time.sleep(random.uniform(0, think))  # spread the first requests over one wait
        while time.perf_counter() < deadline[0]:
            began = time.perf_counter()
            try:
                connection, response = _ask(connection, port, cookies)
                body = response.read().decode("utf-8", "replace")
                ok = response.status == 200 and email in body
                mixed = any(other in body for other in others[:5])
                kind = "" if ok else f"HTTP {response.status}"
            except OSError as error:
                ok, mixed, kind = False, False, type(error).__name__
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            ended = time.perf_counter()
            with lock:
                if ended <= deadline[0]:
                    times.append(ended - began)
                    if not ok:
                        kinds[kind] = kinds.get(kind, 0) + 1
                    foreign[0] += 1 if mixed else 0
            if think:
                time.sleep(think)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    meter = CpuMeter(web)
    deadline[0] = time.perf_counter() + seconds
    ready.wait()
    for thread in threads:
        thread.join()
    return {
        **_percentiles(times, seconds),
        "errors": sum(kinds.values()),
        "kinds": kinds,
        "foreign": foreign[0],
        **meter.per_request(max(1, len(times))),
    }


def _ask(
    connection: http.client.HTTPConnection, port: int, cookies: str
) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    """Ask for Today on `connection`; when the server had closed it (a kept-alive connection
    that sat idle, uvicorn's 5 s), ask once more on a new one, as a browser does (RFC 9112,
    9.3.1): the connection used, and the response."""
    try:
        connection.request("GET", "/", headers={"Cookie": cookies})
        return connection, connection.getresponse()
    except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
        connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/", headers={"Cookie": cookies})
        return connection, connection.getresponse()


def _warmed(
    connection: http.client.HTTPConnection, port: int, cookies: str
) -> http.client.HTTPConnection:
    """A first request, not counted, on a connection the server may have closed while it
    stood idle (the sign-ins take a while): on a new one then."""
    try:
        connection.request("GET", "/", headers={"Cookie": cookies})
        connection.getresponse().read()
    except OSError:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/", headers={"Cookie": cookies})
        connection.getresponse().read()
    return connection


def _percentiles(times: list[float], seconds: float) -> dict[str, float]:
    ordered = sorted(times) or [float("nan")]
    return {
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        "p99": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "requests": len(times),
        "rate": len(times) / seconds,
    }


class CpuMeter:
    """CPU seconds spent from now on by this process (the clients), the web processes,
    PostgreSQL, and the whole machine."""

    def __init__(self, web: int) -> None:
        self.web_pids = process_tree(web)
        self.postmaster = int(POSTMASTER[0].read_text().split()[0])
        self.web = sum(cpu_seconds(pid) for pid in self.web_pids)
        self.db = {pid: cpu_seconds(pid) for pid in process_tree(self.postmaster)}
        self.own = self._own()
        self.busy, self.all = machine_busy()

    @staticmethod
    def _own() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def per_request(self, count: int) -> dict[str, float]:
        """Milliseconds of CPU per request since this meter started, by whom."""
        busy, every = machine_busy()
        own = self._own() - self.own
        web = sum(cpu_seconds(pid) for pid in self.web_pids) - self.web
        db = 0.0
        for pid in process_tree(self.postmaster):
            try:
                db += cpu_seconds(pid) - self.db.get(pid, 0.0)
            except OSError:
                continue
        busy -= self.busy
        return {
            "client_ms": own / count * 1000,
            "web_ms": web / count * 1000,
            "db_ms": db / count * 1000,
            "rest_ms": max(0.0, busy - own - web - db) / count * 1000,
            "busy": busy / max(1e-9, every - self.all),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--applications", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--think", type=float, action="append",
        help="seconds a client waits after each answer; each --think is one run (default 0)",
    )  # fmt: skip
    args = parser.parse_args()
    print(machine())
    runs = []
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
            for think in args.think or [0.0]:
                measured = load(port, emails, args.clients, args.seconds, think, web.pid)
                runs.append((think, measured))
                _report(args, think, measured)
        finally:
            web.terminate()
            web.wait(20)
    for think, measured in runs:
        kind = "closed loop" if not think else f"think {think:g} s"
        target(f"server Today p95 ({args.clients} clients, {kind})", 0.100, measured["p95"],
               unit="ms")  # fmt: skip
        print(f"RESULT {kind}: errors {measured['errors']} cross-account {measured['foreign']}")


def _report(args: argparse.Namespace, think: float, m: dict[str, Any]) -> None:
    kind = "closed loop (no wait)" if not think else f"each waits {think:g} s after an answer"
    print(
        f"Today, {args.clients} clients, {kind}, {args.workers} web processes, "
        f"{args.seconds:g} s: p50 {m['p50'] * 1000:.1f} ms, p95 {m['p95'] * 1000:.1f} ms, "
        f"p99 {m['p99'] * 1000:.1f} ms, {m['requests']} requests ({m['rate']:.0f}/s), "
        f"errors {m['errors']} {m['kinds'] or ''}, cross-account pages {m['foreign']}"
    )
    print(
        f"  CPU per request: clients {m['client_ms']:.2f} ms, web processes "
        f"{m['web_ms']:.2f} ms, PostgreSQL {m['db_ms']:.2f} ms, anything else on the "
        f"machine {m['rest_ms']:.2f} ms; machine busy {m['busy'] * 100:.0f}%"
    )


if __name__ == "__main__":
    main()
