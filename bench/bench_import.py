"""Time import and export of whole pipeline documents through the services, on SQLite.

For each size: a generated document is written to a JSON file, then

* `read_json_file`: the file parsed (what `afterview import FILE` does first);
* `SqlStore.open`: a fresh SQLite file created and migrated by Alembic;
* `import_document`: the whole import service, in one transaction: load the
  (empty) store, `read_document` (every field and id checked), `merge`, and the
  SQLite write; the timed headline;
* the same steps once more on another fresh file, each timed alone (sizes up to
  `--breakdown-max`), to show where the time goes;
* export: `export_document` through the SQLAlchemy store and through the sqlite3
  reader the CLI uses (`SqliteReader`), then `dumps`; the round trip must give
  back the very document that was imported.

100k runs only when the 10k import projects (x12) to under `--budget` seconds
(default 180), unless `--sizes` names it.

    python bench/bench_import.py [--sizes 1k,10k] [--budget 180] [--breakdown-max 10k]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from afterview.adapters.formats import FORMATS
from afterview.adapters.sqlite_reader import SqliteReader
from afterview.adapters.store import SqlStore
from afterview.domain.document import merge, read_document, write_document
from afterview.services.documents import dumps, merge_document, parse_json
from benchlib import (
    machine,
    parse_sizes,
    peak_rss_mb,
    profile_call,
    seconds,
    size_label,
    table,
    timed,
)
from generate import generate_document, summary

GROWTH_ALLOWANCE = 12
"""100k is projected at this many times the 10k import (10x the data, and some slack)."""


def fresh_store(folder: Path, name: str) -> tuple[float, SqlStore, Path]:
    path = folder / f"{name}.db"
    took, store = timed(partial(SqlStore.open, f"sqlite:///{path}"))
    return took, store, path


@dataclass
class StorePorts:
    """The ports the import service uses: a store and the field checks."""

    store: SqlStore
    contact_formats: Any = FORMATS


def import_document(store: SqlStore, raw: Any) -> Any:
    """The import service (`afterview import` after reading the file), on `store`."""
    return merge_document(StorePorts(store), raw)  # type: ignore[arg-type]


def export_document(store: SqlStore) -> Any:
    """The export service's document, read through the SQLAlchemy store."""
    return write_document(store.load())


def read_json_file(path: Path) -> Any:
    """What `afterview import FILE` does first."""
    return parse_json(path.read_bytes(), str(path))


def breakdown(folder: Path, raw: Any, n: int) -> dict[str, float]:
    """The import service's steps, each timed alone, in the service's one transaction."""
    _, store, _ = fresh_store(folder, f"breakdown-{n}")
    steps: dict[str, float] = {}
    try:
        with store.unit_of_work() as work:
            steps["load (empty store)"], before = timed(work.pipeline.load)
            check = partial(read_document, raw, before, formats=FORMATS)
            steps["read_document (checks)"], document = timed(check)
            steps["merge"], after = timed(partial(merge, before, document))
            steps["save (SQL inserts)"], _ = timed(partial(work.pipeline.save, before, after))
            commit_started = time.perf_counter()
        steps["commit"] = time.perf_counter() - commit_started  # on leaving the block
    finally:
        store.close()
    return steps


def measure(n: int, folder: Path, with_breakdown: bool) -> dict[str, Any]:
    generated, document = timed(partial(generate_document, n))
    counts = summary(document)
    source = folder / f"pipeline-{n}.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    del document
    gc.collect()

    row: dict[str, Any] = {"n": n, "counts": counts, "generate": generated}
    row["file MB"] = source.stat().st_size / 1e6
    row["read_json_file"], raw = timed(partial(read_json_file, source))
    row["SqlStore.open (create+migrate)"], store, db_path = fresh_store(folder, f"import-{n}")
    try:
        row["import_document"], report = timed(partial(import_document, store, raw))
        row["report"] = report
        row["export_document (SQLAlchemy)"], exported = timed(partial(export_document, store))
    finally:
        store.close()
    reader = SqliteReader.open_if_current(db_path)
    assert reader is not None
    row["load (sqlite3 reader)"], pipeline = timed(reader.load)
    row["write_document"], written = timed(partial(write_document, pipeline))
    row["dumps"], text = timed(partial(dumps, written))
    row["export (CLI path)"] = row["load (sqlite3 reader)"] + row["write_document"] + row["dumps"]
    row["round trip identical"] = exported == raw and written == raw
    row["db MB"] = db_path.stat().st_size / 1e6
    del raw, exported, pipeline, written, text
    gc.collect()
    if with_breakdown:
        row["breakdown"] = breakdown(folder, read_json_file(source), n)
    return row


def profile(n: int, top: int = 25) -> None:
    """cProfile the import service, and the sqlite3 load, at size n."""
    raw = json.loads(json.dumps(generate_document(n)))
    with tempfile.TemporaryDirectory(prefix="afterview-bench-") as tmp:
        _, store, path = fresh_store(Path(tmp), "profile")
        try:
            _, report = profile_call(partial(import_document, store, raw), top)
            print(f"cProfile of import_document at {size_label(n)}:\n{report}\n")
            _, report = profile_call(partial(export_document, store), top)
            print(f"cProfile of export_document (SQLAlchemy) at {size_label(n)}:\n{report}\n")
        finally:
            store.close()
        reader = SqliteReader.open_if_current(path)
        assert reader is not None
        _, report = profile_call(reader.load, top)
        print(f"cProfile of SqliteReader.load at {size_label(n)}:\n{report}")


def per_record(row: dict[str, Any]) -> float:
    """Import microseconds per record (application, interview, contact or touch)."""
    return float(row["import_document"] * 1e6 / sum(row["counts"].values()))


def print_results(rows: list[dict[str, Any]]) -> None:
    sizes = [size_label(row["n"]) for row in rows]
    print(
        table(
            ["document", *sizes],
            [
                ["applications", *(f"{row['counts']['applications']:,}" for row in rows)],
                ["interviews", *(f"{row['counts']['interviews']:,}" for row in rows)],
                ["contacts", *(f"{row['counts']['contacts']:,}" for row in rows)],
                ["touches", *(f"{row['counts']['touches']:,}" for row in rows)],
                ["JSON file", *(f"{row['file MB']:.1f} MB" for row in rows)],
                ["SQLite file", *(f"{row['db MB']:.1f} MB" for row in rows)],
            ],
        )
    )
    print()
    steps = [
        "read_json_file",
        "SqlStore.open (create+migrate)",
        "import_document",
        "export_document (SQLAlchemy)",
        "load (sqlite3 reader)",
        "write_document",
        "dumps",
        "export (CLI path)",
    ]
    lines = [[step, *(seconds(row[step]) for row in rows)] for step in steps]
    lines.append(["import: us per record", *(f"{per_record(row):.0f}" for row in rows)])
    lines.append(["round trip identical", *(str(row["round trip identical"]) for row in rows)])
    print(table(["timed step", *sizes], lines))
    detailed = [row for row in rows if "breakdown" in row]
    if detailed:
        print("\nimport_document, step by step (a second fresh store; same transaction):")
        names = list(detailed[0]["breakdown"])
        print(
            table(
                ["step", *(size_label(row["n"]) for row in detailed)],
                [[name, *(seconds(row["breakdown"][name]) for row in detailed)] for name in names],
            )
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=None, help="default 1k,10k(,100k)")
    parser.add_argument("--budget", type=float, default=180.0, help="seconds allowed for 100k")
    parser.add_argument("--breakdown-max", type=parse_sizes, default=[10_000])
    parser.add_argument(
        "--profile", type=parse_sizes, default=None, help="cProfile import and load at this size"
    )
    args = parser.parse_args(argv)
    print(f"import/export benchmark: {machine()}\n")
    if args.profile:
        profile(args.profile[0])
        return 0
    sizes: list[int] = args.sizes or [1000, 10_000]
    rows = []
    with tempfile.TemporaryDirectory(prefix="afterview-bench-") as tmp:
        folder = Path(tmp)
        for n in sizes:
            rows.append(measure(n, folder, n <= args.breakdown_max[0]))
            print(f"  {size_label(n)}: import {seconds(rows[-1]['import_document'])}", flush=True)
        if args.sizes is None:
            projected = rows[-1]["import_document"] * GROWTH_ALLOWANCE
            if projected <= args.budget:
                rows.append(measure(100_000, folder, False))
            else:
                print(
                    f"  100k skipped: projected {projected:.0f} s from 10k "
                    f"(x{GROWTH_ALLOWANCE}) exceeds the {args.budget:.0f} s budget"
                )
    print()
    print_results(rows)
    print(f"\npeak memory {peak_rss_mb():,.0f} MB")
    for row in rows:
        print(
            f"RESULT import {size_label(row['n'])}: {row['import_document']:.2f} s, "
            f"export (CLI path) {row['export (CLI path)']:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
