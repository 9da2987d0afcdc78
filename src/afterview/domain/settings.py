"""The playbook's numbers. Each default is the seed's; a user may change any of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any


def _number(default: int, meaning: str) -> Any:
    """A playbook number: its default (the seed's) and what it governs, for people to read."""
    return field(default=default, metadata={"meaning": meaning})


@dataclass(frozen=True, slots=True)
class PlaybookSettings:
    """Every number the planner uses, named for what it governs (docs/playbook.md)."""

    thank_you_business_days: int = _number(
        2, "S5: a thank-you to each interviewer within two business days."
    )
    decision_date_business_days: int = _number(
        1, "S1: record when the employer expects to decide by the next business day."
    )
    reference_business_days: int = _number(
        2, "S9: alert (or add) references within two business days of the interview."
    )
    call_after_days: int = _number(
        7, "S11: the follow-up call window opens a week after the interview..."
    )
    call_within_days: int = _number(10, "S11: ...and closes ten days after it.")
    follow_up_interval_days: int = _number(
        7, "S13: wait this many days per follow-up already made (7, then 14)."
    )
    follow_up_window_business_days: int = _number(
        3, "S13: how many business days a follow-up stays due."
    )
    max_follow_ups: int = _number(
        2, "S13: the cap: after this many follow-ups beyond the first call, stop (S12)."
    )
    min_active_applications: int = _number(
        3, "S10/S14: fewer active applications than this means too much rides on them."
    )
    search_recency_days: int = _number(
        14, "S10: apply somewhere new at least this often while anything is active."
    )
    leverage_lead_business_days: int = _number(
        2, "S15: tell other employers about an offer this many business days before its deadline."
    )
    leverage_no_deadline_business_days: int = _number(
        2, "S15: with no deadline, within this many business days of receiving the offer."
    )
    reconnect_business_days: int = _number(
        2, "S16: reach out to the interviewers within two business days of a rejection."
    )
    keep_in_touch_days: int = _number(
        90, "S16: check in with a network contact every ninety days..."
    )
    keep_in_touch_window_days: int = _number(7, "S16: ...within a week.")

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def meanings(cls) -> dict[str, str]:
        """What each number governs, by name."""
        return {f.name: f.metadata["meaning"] for f in fields(cls)}

    def updated(self, values: Mapping[str, int]) -> PlaybookSettings:
        return replace(self, **values)
