"""The planner's answers, kept while nothing they depend on changes.

A plan depends on the pipeline, the playbook's numbers, the day and the holidays. The
reader hands back the very same Pipeline object until the store changes, so identity
is the cheap and exact test for the data; the numbers are compared by value, so an
edit of `playbook.toml` is seen by the next question, not at the next restart.
"""

from __future__ import annotations

import datetime as dt
import threading

from afterview.domain.actions import Action
from afterview.domain.calendar import HolidaySource
from afterview.domain.model import Pipeline
from afterview.domain.planner import plan
from afterview.domain.settings import PlaybookSettings

Key = tuple[int, PlaybookSettings, dt.date, int]


class Plans:
    """The last plan asked for, and the planner for any other question."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: tuple[Key, Pipeline, list[Action]] | None = None

    def actions(
        self,
        pipeline: Pipeline,
        settings: PlaybookSettings,
        as_of: dt.date,
        holidays: HolidaySource,
    ) -> list[Action]:
        """Every open action on `as_of` (the list is shared: do not change it)."""
        key = (id(pipeline), settings, as_of, id(holidays))
        with self._lock:  # one planner at a time: fifty first requests plan once, not fifty times
            last = self._last
            # The pipeline itself is kept with the key, so its id cannot be reused meanwhile.
            if last is not None and last[0] == key and last[1] is pipeline:
                return last[2]
            actions = plan(pipeline, settings, as_of, holidays)
            self._last = (key, pipeline, actions)
            return actions
