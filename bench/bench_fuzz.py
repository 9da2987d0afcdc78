"""Fuzz every importer at length: mutated valid files, each case checked as the test suite does.

The suite runs 60 cases per importer on a fixed seed (tests/fuzz/); this runs
`--cases` per importer (default 3,000), on a fixed seed unless `--random`, into a real
SQLite store in a temporary AFTERVIEW_HOME, and prints per importer how many cases
were refused and accepted, the most common reasons, and the time. A case that breaks
a rule (an exception other than the refusal, a refusal naming no place, a refused
import that changed the store) stops the run with Hypothesis's smallest example.

    python bench/bench_fuzz.py [--cases 3000] [--only json,csv,vcard,ics] [--random]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchlib import ROOT, machine, seconds, table

if TYPE_CHECKING:
    from tests.fuzz.harness import Tally

sys.path.insert(0, str(ROOT))  # the fuzz harness lives with the tests

KINDS = {
    "json": "import (afterview/1)",
    "csv": "import-csv",
    "vcard": "import-vcard",
    "ics": "import-invite",
}


def fuzz(kind: str, cases: int, derandomize: bool) -> tuple[Tally, float]:
    from hypothesis import HealthCheck, Phase, given, settings
    from tests.fuzz.harness import IMPORTERS, Tally, home_in, mutated

    tally = Tally()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["AFTERVIEW_HOME"] = str(Path(folder) / "home")
        with home_in(Path(folder) / "home") as home:

            @settings(
                derandomize=derandomize,
                database=None,
                max_examples=cases,
                deadline=None,
                phases=[Phase.generate, Phase.shrink],
                suppress_health_check=list(HealthCheck),
            )
            @given(data=mutated(kind))
            def case(data: bytes) -> None:
                home.attempt(kind, IMPORTERS[kind](data), tally)

            started = time.perf_counter()
            case()
            took = time.perf_counter() - started
    return tally, took


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=3000, help="cases per importer")
    parser.add_argument("--only", default=",".join(KINDS), help="json,csv,vcard,ics")
    parser.add_argument("--random", action="store_true", help="a new seed each run")
    args = parser.parse_args()
    for name in ("AFTERVIEW_DATABASE_URL", "AFTERVIEW_TODAY", "AFTERVIEW_SMTP_URL"):
        os.environ.pop(name, None)
    print(f"fuzz benchmark: {machine()}")
    rows = []
    for kind in [k.strip() for k in args.only.split(",")]:
        tally, took = fuzz(kind, args.cases, derandomize=not args.random)
        rows.append(
            [
                KINDS[kind],
                tally.cases,
                tally.refused,
                tally.accepted,
                seconds(took),
                f"{took / max(tally.cases, 1) * 1000:.1f} ms",
            ]
        )
        print(f"\n{KINDS[kind]}: the most common refusals")
        common = sorted(tally.reasons.items(), key=lambda item: -item[1])[:8]
        print(table(["reason (numbers as N, quoted text as '…')", "cases"], common))
        print(
            f"RESULT fuzz {kind}: {tally.cases} cases, {tally.refused} refused, "
            f"{tally.accepted} accepted, {took:.1f} s"
        )
    print()
    print(table(["importer", "cases", "refused", "accepted", "time", "per case"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
