"""What the playbook asks of the user: the kinds of action, their windows and states.

The vocabulary the planner speaks and every face shows: an `Action` is something the
user owes someone, with the seed rule it carries out (docs/playbook.md), the window to
do it in, and its state on the day asked about.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import NamedTuple

from afterview.domain.model import TouchKind


class ActionKind(StrEnum):
    ASK_DECISION_DATE = "ask_decision_date"
    COMPLETE_CONTACT = "complete_contact"
    THANK_YOU = "thank_you"
    ADD_REFERENCES = "add_references"
    ALERT_REFERENCES = "alert_references"
    FOLLOW_UP_CALL = "follow_up_call"
    FOLLOW_UP = "follow_up"
    KEEP_SEARCHING = "keep_searching"
    LEVERAGE_OFFER = "leverage_offer"
    RECONNECT = "reconnect"
    KEEP_IN_TOUCH = "keep_in_touch"

    @property
    def rule(self) -> str:
        """The seed rule an action of this kind carries out."""
        return RULES[self]


RULES = {
    ActionKind.ASK_DECISION_DATE: "S1",
    ActionKind.COMPLETE_CONTACT: "S4",
    ActionKind.THANK_YOU: "S5",
    ActionKind.ADD_REFERENCES: "S9",
    ActionKind.ALERT_REFERENCES: "S9",
    ActionKind.FOLLOW_UP_CALL: "S11",
    ActionKind.FOLLOW_UP: "S13",
    ActionKind.KEEP_SEARCHING: "S10",
    ActionKind.LEVERAGE_OFFER: "S15",
    ActionKind.RECONNECT: "S16",
    ActionKind.KEEP_IN_TOUCH: "S16",
}

UPCOMING, DUE, OVERDUE = "upcoming", "due", "overdue"


def state_on(as_of: dt.date, due_from: dt.date, due_by: dt.date) -> str:
    """upcoming before the window, due inside it, overdue after it."""
    if as_of < due_from:
        return UPCOMING
    return DUE if as_of <= due_by else OVERDUE


class Action(NamedTuple):
    """Something the user owes someone, and the window to do it in.

    A named tuple rather than a dataclass: a big pipeline yields hundreds of
    thousands of actions, and a tuple is built several times faster.
    """

    kind: ActionKind
    due_from: dt.date
    due_by: dt.date
    state: str
    title: str
    application: str | None = None
    interview: str | None = None
    contact: str | None = None

    @property
    def rule(self) -> str:
        return RULES[self.kind]

    def sort_key(self) -> tuple[dt.date, str, str, str, str]:
        return (
            self.due_by,
            self.kind,
            self.application or "",
            self.interview or "",
            self.contact or "",
        )


CLOSING_TOUCH = {
    ActionKind.THANK_YOU: TouchKind.THANK_YOU,
    ActionKind.ALERT_REFERENCES: TouchKind.REFERENCE_ALERT,
    ActionKind.FOLLOW_UP_CALL: TouchKind.CALL,
    ActionKind.FOLLOW_UP: TouchKind.FOLLOW_UP,
    ActionKind.LEVERAGE_OFFER: TouchKind.LEVERAGE,
    ActionKind.RECONNECT: TouchKind.NETWORK,
    ActionKind.KEEP_IN_TOUCH: TouchKind.NETWORK,
}
"""The touch that, once recorded, closes an action; the other kinds close when a
record changes (a decision date, a title, a reference, a new application)."""


def closing_touch(action: Action) -> TouchKind | None:
    return CLOSING_TOUCH.get(action.kind)
