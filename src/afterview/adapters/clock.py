"""The clock: today's date (or the one AFTERVIEW_TODAY pins), and waiting."""

from __future__ import annotations

import datetime as dt
import time


class SystemClock:
    """The `Clock` afterview uses."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.pinned = today

    def today(self) -> dt.date:
        return self.pinned or dt.date.today()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
