"""Time the web UI: the Today page on a 1k-application pipeline, in-process and under load.

1. In-process (FastAPI's TestClient, no network): GET / `--requests` times after a
   warm-up; p50 and p95. Target: p95 <= 50 ms.
2. Under load from a second process on 127.0.0.1: `afterview serve` in its own
   process, then `--clients` concurrent clients (threads, one keep-alive connection
   each) issue `--per-client` GET / each, a bounded total. p50, p95 and errors.

    python bench/bench_web.py [--requests 200] [--clients 50] [--per-client 10]
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
from pathlib import Path

from benchlib import VENV_BIN, machine, target

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


def in_process(home: Path, requests: int) -> list[float]:
    os.environ["AFTERVIEW_HOME"] = str(home)
    from fastapi.testclient import TestClient

    from afterview.bootstrap import Afterview
    from afterview.web.app import create_app

    client = TestClient(create_app(Afterview()))
    for _ in range(5):
        assert client.get("/", params={"as_of": AS_OF}).status_code == 200
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get("/", params={"as_of": AS_OF})
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return times


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
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=10)
    args = parser.parse_args()
    print(f"web benchmark: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        _store(home)
        times = in_process(home, args.requests)
        p50, p95 = statistics.median(times), _percentile(times, 0.95)
        print(
            f"Today, 1k applications, in-process: p50 {p50 * 1000:.1f} ms, "
            f"p95 {p95 * 1000:.1f} ms ({args.requests} requests)"
        )
        loaded, errors, wall = under_load(home, args.clients, args.per_client)
        print(
            f"Today under load ({args.clients} clients x {args.per_client}, second process, "
            f"127.0.0.1): p50 {statistics.median(loaded) * 1000:.1f} ms, p95 "
            f"{_percentile(loaded, 0.95) * 1000:.1f} ms, {len(loaded)} requests in "
            f"{wall:.1f} s ({len(loaded) / wall:.0f}/s), errors {errors}"
        )
    met = target("web Today 1k in-process p95", 0.050, p95)
    return 0 if met and not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
