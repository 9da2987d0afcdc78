"""S10 and S14 as a reading of the whole pipeline: enough irons in the fire?"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from afterview.domain.model import Pipeline, Status
from afterview.domain.settings import PlaybookSettings


@dataclass(frozen=True)
class Health:
    """A one-line summary and the warnings that go with it."""

    active: int
    summary: str
    warnings: tuple[str, ...]

    @property
    def good(self) -> bool:
        return not self.warnings


def assess(pipeline: Pipeline, settings: PlaybookSettings, as_of: dt.date) -> Health:
    applications = pipeline.applications
    stages = Counter(a.status for a in applications if a.status.active)
    active = sum(stages.values())
    parts = [
        f"{stages[s]} {s.value}"
        for s in (Status.OFFER, Status.INTERVIEWING, Status.APPLIED)
        if stages[s]
    ]
    summary = f"{active} active application{'s' * (active != 1)}"
    if parts:
        summary += f" ({', '.join(parts)})"
    warnings = []
    if active < settings.min_active_applications:
        warnings.append(
            f"fewer than {settings.min_active_applications} active: keep searching (S10)"
        )
    advanced = [a for a in applications if a.status.active and a.interviews]
    if len(advanced) == 1 and active > 0:
        warnings.append(
            f"only {advanced[0].company} has reached interviews: too much rides on one (S14)"
        )
    since = as_of - dt.timedelta(days=settings.search_recency_days)
    if active and not any(a.applied_on and a.applied_on >= since for a in applications):
        warnings.append(f"nothing applied for in {settings.search_recency_days} days (S10)")
    return Health(active, summary, tuple(warnings))
