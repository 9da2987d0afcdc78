"""Time the web UI: every page on a 1k-application pipeline, in-process and under load.

1. In-process (FastAPI's TestClient, no network): each page (Today, the Pipeline, the
   Pipeline at one stage, the Network, an application, a contact, a search, Settings,
   Import, the forms to add an application and an interview, the thank-you note editor,
   Today's one section alone, and each other note's page) `--requests` times after a
   warm-up, on an app started as `afterview serve` starts it; p50 and p95 of each.
   Target: p95 <= 50 ms on every page. (cProfile sees only the client's thread here,
   not the server's: profile a page's service through the Afterview instead.)
2. The Network at 120k contacts (`--network` to change it: the 1k pipeline and as many
   contacts more as it takes, stored in one unit of work): its first page and one in the
   middle, p50, p95 and bytes. The page shows 50 rows whatever the network's size.
3. Under load from a second process on 127.0.0.1: `afterview serve` in its own
   process, then `--clients` concurrent clients (threads, one keep-alive connection
   each) issue `--per-client` GET / each, a bounded total. p50, p95 and errors.

    python bench/bench_web.py [--requests 100] [--network 120000] [--clients 50]
                              [--per-client 10]
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from benchlib import VENV_BIN, machine, table, target

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-12-01"


def _store(home: Path) -> None:
    document = home / "doc.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "1000", "-o", str(document)],
        check=True,
        capture_output=True,
    )
    env = dict(os.environ, AFTERVIEW_HOME=str(home))
    subprocess.run(
        [str(VENV_BIN / "afterview"), "import", str(document)],
        check=True,
        capture_output=True,
        env=env,
    )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _client(home: Path) -> TestClient:
    os.environ["AFTERVIEW_HOME"] = str(home)
    from fastapi.testclient import TestClient

    from afterview.bootstrap import Afterview
    from afterview.web.app import create_app

    return TestClient(create_app(Afterview()), base_url="http://127.0.0.1:8000")


def pages(client: TestClient) -> list[tuple[str, str]]:
    """Every page of the web UI worth timing, by name, on the stored pipeline."""
    av = client.app.state.afterview  # type: ignore[attr-defined]
    pipeline = av.pipeline()
    application = next(a for a in pipeline.applications if a.interviews)
    interview = application.interviews[0]
    contact = pipeline.contact(interview.interviewers[0])
    word = application.company.split()[0]  # a company's first word: many matches
    return [
        ("Today", f"/?as_of={AS_OF}"),
        ("Pipeline", f"/pipeline?as_of={AS_OF}"),
        ("Pipeline, one stage", f"/pipeline?as_of={AS_OF}&status=interviewing"),
        ("Network", f"/network?as_of={AS_OF}"),
        ("an application", f"/applications/{quote(application.id, safe='')}"),
        ("a contact", f"/contacts/{quote(contact.id, safe='')}"),
        ("Search", f"/search?q={quote(word)}"),
        ("Settings", "/settings"),
        ("Import", "/import"),
        ("add an application", "/pipeline/add"),
        ("add an interview", "/interviews/new"),
        ("thank-you notes", f"/interviews/{quote(interview.id, safe='')}/notes"),
        ("Today, one section", f"/?as_of={AS_OF}&section=due"),
        *_note_pages(av),
    ]


NOTES = {
    "follow_up": "follow_up",
    "follow_up_call": "call_script",
    "alert_references": "reference_alert",
    "leverage_offer": "leverage",
    "reconnect": "reconnect",
    "keep_in_touch": "keep_in_touch",
}
"""The note each kind of action opens (the Today row's link)."""


def _note_pages(av: Any) -> list[tuple[str, str]]:
    """The first action of each kind with a note of its own, its note page."""
    found: dict[str, str] = {}
    for action in av.agenda().actions:
        kind = NOTES.get(action.kind)
        if kind is None or kind in found:
            continue
        query = {"application": action.application, "contact": action.contact}
        given = urlencode({k: v for k, v in query.items() if v})
        found[kind] = f"/notes/{kind}?{given}"
    return [(f"note: {kind.replace('_', ' ')}", url) for kind, url in found.items()]


@dataclass
class Timed:
    """One page's timings: wall-clock and CPU seconds of each request, and its bytes."""

    name: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    size: int = 0

    def row(self) -> tuple[str, ...]:
        return (
            self.name,
            _ms(statistics.median(self.wall)),
            _ms(_percentile(self.wall, 0.95)),
            _ms(statistics.median(self.cpu)),
            _ms(_percentile(self.cpu, 0.95)),
            f"{self.size:,}",
        )


HEADERS = ["page", "p50", "p95", "CPU p50", "CPU p95", "bytes"]


def _ms(value: float) -> str:
    return f"{value * 1000:.1f}"


def time_page(client: TestClient, name: str, url: str, requests: int) -> Timed:
    """Each of `requests` GETs of `url` after a warm-up: wall and CPU time, and the bytes.

    CPU time (the process's, the server's thread and the client's) hardly moves when other
    work shares the machine; wall time does."""
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
    timed = Timed(name)
    for _ in range(requests):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timed.cpu.append(time.process_time() - cpu)
        timed.wall.append(time.perf_counter() - started)
        assert response.status_code == 200, url
        timed.size = len(response.content)
    return timed


def in_process(home: Path, requests: int) -> list[Timed]:
    with _client(home) as client:  # started as `afterview serve` starts it (its lifespan)
        return [time_page(client, name, url, requests) for name, url in pages(client)]


def big_network(home: Path, contacts: int, requests: int) -> list[Timed]:
    """The Network page when the pipeline holds `contacts` contacts in all."""
    from afterview.domain.model import Contact

    client = _client(home)
    av = client.app.state.afterview  # type: ignore[attr-defined]
    with av.ports.store.unit_of_work() as work:
        before = work.pipeline.load()
        extra = tuple(
            Contact(f"bench-{n:06}", f"Person {n:06}", title="Engineer", company=f"Co {n % 997}")
            for n in range(max(0, contacts - len(before.contacts)))
        )
        work.pipeline.save(before, replace(before, contacts=(*before.contacts, *extra)))
    total = len(av.pipeline().contacts)
    middle = (total // 50) // 2
    timed = []
    for name, url in (
        (f"Network, {total:,} contacts, page 1", f"/network?as_of={AS_OF}"),
        (f"Network, {total:,} contacts, page {middle:,}", f"/network?as_of={AS_OF}&page={middle}"),
    ):
        timed.append(time_page(client, name, url, requests))
    return timed


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("afterview serve did not start")


def under_load(home: Path, clients: int, per_client: int) -> tuple[list[float], int, float]:
    port = _free_port()
    env = dict(os.environ, AFTERVIEW_HOME=str(home))
    server = subprocess.Popen(
        [str(VENV_BIN / "afterview"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        times: list[float] = []
        errors = [0]
        lock = threading.Lock()

        def client() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for _ in range(per_client):
                started = time.perf_counter()
                try:
                    connection.request("GET", f"/?as_of={AS_OF}")
                    response = connection.getresponse()
                    response.read()
                    ok = response.status == 200
                except OSError:
                    ok = False
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    times.append(time.perf_counter() - started)
                    errors[0] += 0 if ok else 1
            connection.close()

        threads = [threading.Thread(target=client) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return times, errors[0], time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100, help="per page")
    parser.add_argument("--network", type=int, default=120_000, help="contacts (0: skip)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=10)
    args = parser.parse_args()
    print(f"web benchmark: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        _store(home)
        timed = in_process(home, args.requests)
        print(f"In-process, 1k applications, {args.requests} requests a page (ms):")
        print(table(HEADERS, [page.row() for page in timed]))
        print()
        loaded, errors, wall = under_load(home, args.clients, args.per_client)
        print(
            f"Today under load ({args.clients} clients x {args.per_client}, second process, "
            f"127.0.0.1): p50 {statistics.median(loaded) * 1000:.1f} ms, p95 "
            f"{_percentile(loaded, 0.95) * 1000:.1f} ms, {len(loaded)} requests in "
            f"{wall:.1f} s ({len(loaded) / wall:.0f}/s), errors {errors}"
        )
        print()
        if args.network:
            network = big_network(home, args.network, max(10, args.requests // 5))
            print("In-process, the Network of a big pipeline (ms):")
            print(table(HEADERS, [page.row() for page in network]))
            print()
    met = True
    for page in timed:
        p95 = _percentile(page.wall, 0.95)
        met = target(f"web {page.name} 1k in-process p95", 0.050, p95, "ms") and met
    return 0 if met and not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
