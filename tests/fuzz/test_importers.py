"""Every importer, fuzzed: hostile files are refused in one line naming the place, and a
refused import leaves the store as it was (tests/fuzz/harness.py says how).

A fixed seed and a bounded count keep the suite's run short and the same every time;
`bench/bench_fuzz.py` runs thousands of cases per importer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz.harness import IMPORTERS, Home, Tally, home_in, mutated

FUZZ = settings(
    derandomize=True,
    database=None,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def home(afterview_home: Path) -> Iterator[Home]:
    with home_in(afterview_home) as made:
        yield made


def _fuzzed(home: Home, kind: str, data: bytes) -> None:
    home.attempt(kind, IMPORTERS[kind](data), Tally())


@FUZZ
@given(data=mutated("json"))
def test_import_of_a_mutated_document(home: Home, data: bytes) -> None:
    _fuzzed(home, "json", data)


@FUZZ
@given(data=mutated("csv"))
def test_import_csv_of_a_mutated_sheet(home: Home, data: bytes) -> None:
    _fuzzed(home, "csv", data)


@FUZZ
@given(data=mutated("vcard"))
def test_import_vcard_of_mutated_cards(home: Home, data: bytes) -> None:
    _fuzzed(home, "vcard", data)


@FUZZ
@given(data=mutated("ics"))
def test_import_invite_of_a_mutated_invitation(home: Home, data: bytes) -> None:
    _fuzzed(home, "ics", data)


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_the_valid_files_are_accepted(home: Home, kind: str) -> None:
    """The fuzz starts from files each importer takes: else it would test only refusals."""
    from tests.fuzz.harness import SEEDS

    tally = Tally()
    for data in SEEDS[kind]:
        home.attempt(kind, IMPORTERS[kind](data), tally)
    assert tally.accepted == len(SEEDS[kind]), tally.reasons
