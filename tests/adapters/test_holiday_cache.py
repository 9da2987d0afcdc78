"""The holidays cache: the package's answers, kept on disk, never wrong and never required."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from afterview.adapters.holiday_cache import CachedHolidays
from afterview.domain.calendar import BusinessCalendar, PackageHolidays, UnknownRegion

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "pipeline.json"


def test_the_cache_answers_exactly_what_the_package_does(tmp_path: Path) -> None:
    cache = CachedHolidays(tmp_path)
    package = PackageHolidays()
    for country, subdivision in (("US", "CA"), ("GB", None), ("IN", None)):
        assert cache.closed_days(country, subdivision, 2026) == sorted(
            package.closed_days(country, subdivision, 2026)
        )
    again = CachedHolidays(tmp_path)
    assert dt.date(2026, 11, 27) in again.closed_days("US", "CA", 2026)
    assert len(list(tmp_path.iterdir())) == 1


def test_a_calendar_on_the_cache_counts_business_days(tmp_path: Path) -> None:
    calendar = BusinessCalendar("US", "CA", source=CachedHolidays(tmp_path))
    assert calendar.shift(dt.date(2026, 11, 25), 1) == dt.date(2026, 11, 30)


def test_an_unknown_region_is_refused_through_the_cache(tmp_path: Path) -> None:
    with pytest.raises(UnknownRegion):
        BusinessCalendar("ZZ", source=CachedHolidays(tmp_path))
    with pytest.raises(UnknownRegion):
        BusinessCalendar("US", "ZZ", source=CachedHolidays(tmp_path))


def test_a_corrupt_cache_is_rebuilt(tmp_path: Path) -> None:
    CachedHolidays(tmp_path).closed_days("US", None, 2026)
    (cache_file,) = tmp_path.iterdir()
    cache_file.write_text("{not json")
    assert dt.date(2026, 11, 26) in CachedHolidays(tmp_path).closed_days("US", None, 2026)
    assert "2026" in json.loads(cache_file.read_text())["US/"]


def test_files_of_other_package_releases_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / "holidays-1.json"
    stale.write_text("{}")
    CachedHolidays(tmp_path).closed_days("US", None, 2026)
    assert not stale.exists()


def test_an_unwritable_folder_only_means_no_cache(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be")
    assert dt.date(2026, 7, 3) in CachedHolidays(blocked / "cache").closed_days("US", None, 2026)


def test_a_warm_agenda_never_imports_the_holidays_package(tmp_path: Path) -> None:
    env = {**os.environ, "AFTERVIEW_HOME": str(tmp_path), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "afterview"]
    subprocess.run([*command, "import", str(EXAMPLE)], env=env, check=True, capture_output=True)
    agenda = [*command, "agenda", "--json", "--as-of", "2026-11-25"]
    cold = subprocess.run(agenda, env=env, check=True, capture_output=True, text=True)
    warm = subprocess.run(
        [sys.executable, "-X", "importtime", *agenda[1:]],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert warm.stdout == cold.stdout
    assert "holidays.countries" not in warm.stderr
