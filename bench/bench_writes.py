"""Time one write (a touch logged) at 30 and at 30,000 records, on SQLite (and on a
PostgreSQL database when `--url` names one).

Records are applications, contacts and touches, as `generate.py` makes them (about
12.5 per application). For each size a generated pipeline is saved into a fresh store,
then, each timed alone (median of `--runs`, after a warm-up):

* `unit of work`: the store's own write: a unit of work that loads the pipeline (the one
  kept at the account's data version) and saves it with one touch more;
* `cold unit of work`: the same after forgetting the kept pipeline, as when another
  process wrote last: every table is read once more inside the transaction;
* `log_touch`: the whole use case the CLI and the web run (`Afterview.log_touch`): the
  touch, stated as an afterview/1 document, checked against the stored pipeline and
  merged, then saved;

and the statements each runs (SQLAlchemy's `before_cursor_execute`), with the rows the
INSERTs, UPDATEs and DELETEs name.

    python bench/bench_writes.py [--records 30,30k] [--runs 15] [--url postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import event

from afterview.adapters.store import SqlStore
from afterview.bootstrap import Afterview
from afterview.config import AppSettings
from afterview.domain.model import Pipeline, Touch, TouchKind
from afterview.services.records import LogTouch
from benchlib import machine, median, parse_sizes, repeat, seconds, size_label, table
from generate import generate_pipeline

RECORDS_PER_APPLICATION = 12.5
"""What `generate.py` makes per application: 1 application, ~1.5 contacts, ~10 touches."""
DAY = dt.date(2026, 11, 30)


def records(pipeline: Pipeline) -> int:
    return len(pipeline.applications) + len(pipeline.contacts) + len(pipeline.touches)


class Statements:
    """The statements an engine runs, and the rows each names (executemany: several)."""

    def __init__(self, store: SqlStore) -> None:
        self.seen: list[tuple[str, int]] = []
        event.listen(store.engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, many: bool) -> None:
        self.seen.append((" ".join(sql.split()[:3]), len(params) if many else 1))

    def during(self, action: Callable[[], object]) -> tuple[int, int]:
        """How many statements `action` runs, and how many rows its writes name."""
        self.seen = []
        action()
        written = sum(
            rows for sql, rows in self.seen if sql.split()[0] in ("INSERT", "UPDATE", "DELETE")
        )
        return len(self.seen), written


def add_touch(store: SqlStore, note: str) -> None:
    with store.unit_of_work() as work:
        before = work.pipeline.load()
        touch = Touch(TouchKind.NETWORK, DAY, note=note)
        work.pipeline.save(before, replace(before, touches=(*before.touches, touch)))


def measure(app: Afterview, pipeline: Pipeline, runs: int) -> list[list[object]]:
    """One table row per kind of write: median, best, statements and rows written."""
    store = app.ports.store
    assert isinstance(store, SqlStore)
    with store.unit_of_work() as work:
        work.pipeline.save(work.pipeline.load(), pipeline)
    statements = Statements(store)
    count = iter(range(10**9))

    def unit_of_work() -> None:
        add_touch(store, f"bench {next(count)}")

    def cold_unit_of_work() -> None:
        store._kept.forget()
        add_touch(store, f"bench {next(count)}")

    def log_touch() -> None:
        app.log_touch(LogTouch(TouchKind.NETWORK, DAY, note=f"bench {next(count)}"))

    found = []
    for name, action in (
        ("unit of work", unit_of_work),
        ("cold unit of work", cold_unit_of_work),
        ("log_touch", log_touch),
    ):
        store.load()
        action()  # warm-up
        times = repeat(action, runs)
        ran, written = statements.during(action)
        found.append([name, seconds(median(times)), seconds(min(times)), ran, written])
    return found


def open_app(url: str | None, folder: Path) -> Afterview:
    os.environ["AFTERVIEW_HOME"] = str(folder)
    if url is not None:
        os.environ["AFTERVIEW_DATABASE_URL"] = url
    else:
        os.environ.pop("AFTERVIEW_DATABASE_URL", None)
    return Afterview(AppSettings.from_environment())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", default="30,30k")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--url", help="an empty PostgreSQL database to time as well")
    args = parser.parse_args()
    print(machine())
    databases: list[str | None] = [None] if args.url is None else [None, args.url]
    for url in databases:
        print(f"\n{'SQLite file' if url is None else 'PostgreSQL'}")
        rows: list[list[object]] = []
        for wanted in parse_sizes(args.records):
            pipeline = generate_pipeline(max(1, round(wanted / RECORDS_PER_APPLICATION)))
            with tempfile.TemporaryDirectory(prefix="bench-writes-") as folder:
                app = open_app(url, Path(folder))
                try:
                    label = f"{size_label(wanted)} ({records(pipeline)})"
                    rows += [[label, *row] for row in measure(app, pipeline, args.runs)]
                    if url is not None:  # the next size starts from an empty account
                        with app.ports.store.unit_of_work() as work:
                            work.pipeline.save(work.pipeline.load(), Pipeline())
                finally:
                    app.close()
        headers = ["records", "write", "median", "best", "statements", "rows written"]
        print(table(headers, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
