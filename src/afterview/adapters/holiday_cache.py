"""The `holidays` package's answers, kept in a small JSON file in AFTERVIEW_HOME/cache.

Importing the package loads every country it knows (~150 ms on a small machine),
which is a third of what `afterview agenda` may spend. The answers for one region
and year never change for a given release of the package, so they are kept on
disk, keyed by that release, and the package is imported only for what is new.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import threading
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from afterview.adapters.home_files import private_folder
from afterview.domain.calendar import PackageHolidays


def _package_stamp() -> str:
    """Identifies the installed release of `holidays` without importing it."""
    spec = find_spec("holidays")
    origin = spec.origin if spec else None
    if origin is None:
        return "none"
    version_file = Path(origin).with_name("version.py")
    target = version_file if version_file.exists() else Path(origin)
    return str(target.stat().st_mtime_ns)


class CachedHolidays:
    """A HolidaySource that asks the package once per region and year, ever."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.package = PackageHolidays()
        self._data: dict[str, Any] | None = None
        self._path: Path | None = None
        self._lock = threading.RLock()  # the web asks from several threads at once

    def _key(self, country: str, subdivision: str | None) -> str:
        return f"{country}/{subdivision or ''}"

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            self._path = self.folder / f"holidays-{_package_stamp()}.json"
            try:
                self._data = json.loads(self._path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._data = {}
        return self._data

    def check(self, country: str, subdivision: str | None) -> None:
        with self._lock:
            if self._key(country, subdivision) not in self._load():
                self.package.check(country, subdivision)
                self._load()[self._key(country, subdivision)] = {}

    def closed_days(self, country: str, subdivision: str | None, year: int) -> list[dt.date]:
        with self._lock:
            return self._closed_days(country, subdivision, year)

    def _closed_days(self, country: str, subdivision: str | None, year: int) -> list[dt.date]:
        region = self._load().setdefault(self._key(country, subdivision), {})
        days = region.get(str(year))
        if days is None:
            found = self.package.closed_days(country, subdivision, year)
            region[str(year)] = days = sorted(day.isoformat() for day in found)
            self._save()
        return [dt.date.fromisoformat(day) for day in days]

    def _save(self) -> None:
        """Write the cache atomically; a home we cannot write to just means no cache."""
        assert self._path is not None
        try:
            private_folder(self.folder)
            with tempfile.NamedTemporaryFile(
                "w", dir=self.folder, delete=False, suffix=".tmp", encoding="utf-8"
            ) as handle:
                json.dump(self._data, handle)
            os.replace(handle.name, self._path)
            for stale in self.folder.glob("holidays-*.json"):
                if stale != self._path:
                    stale.unlink(missing_ok=True)  # left by an older release of the package
        except OSError:
            return
