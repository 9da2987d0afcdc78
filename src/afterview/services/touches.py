"""Touches one by one: the key that names one recorded touch, logging one so that it can
be taken back, and deleting one (logged by mistake, or a Done undone).

Touches have no id of their own: the store keeps them in order. A touch's key is its
place in that order and a digest of what it says, so a key from a page that has since
gone stale never removes another touch: when the place no longer holds that touch, the
touch that says the same nearest to it is the one meant, and when none does, the key is
refused as unknown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace

from afterview.domain.model import Pipeline, Touch
from afterview.errors import InvalidInput, NotFound
from afterview.services.ports import Ports
from afterview.services.records import LogTouch, log_touch


def _digest(touch: Touch) -> str:
    said = (
        touch.kind.value,
        touch.on.isoformat(),
        touch.application,
        touch.interview,
        touch.contact,
        touch.medium.value if touch.medium else None,
        touch.note,
        touch.follow_up_requested_on.isoformat() if touch.follow_up_requested_on else None,
    )
    return hashlib.sha256(repr(said).encode()).hexdigest()[:12]


def touch_key(position: int, touch: Touch) -> str:
    """The key of the touch at `position` in the pipeline's touches ("7-3f9c0a1b2c4d")."""
    return f"{position}-{_digest(touch)}"


def find_touch(pipeline: Pipeline, key: str) -> int:
    """The position of the touch `key` names, or NotFound."""
    place, _, digest = key.partition("-")
    if not place.isdigit() or not digest:
        raise InvalidInput([f"touch: {key!r} is not the key of a touch"], from_fields=True)
    position = int(place)
    same = [i for i, touch in enumerate(pipeline.touches) if _digest(touch) == digest]
    if not same:
        raise NotFound("this touch is not recorded (any more): it may have been deleted")
    return min(same, key=lambda i: abs(i - position))


def touch_of(ports: Ports, key: str) -> Touch:
    """The touch a key names, for a face to ask before deleting it."""
    pipeline = ports.reader.load()
    return pipeline.touches[find_touch(pipeline, key)]


@dataclass(frozen=True)
class Logged:
    """A touch just recorded: the key that takes it back, and the playbook's advice."""

    touch: Touch
    key: str
    advice: str | None


def log_undoable(ports: Ports, command: LogTouch) -> Logged:
    """Record a touch as `log_touch` does (with its refusals) and name the touch recorded."""
    on = command.on or ports.clock.today()
    advice = log_touch(ports, replace(command, on=on))
    touches = ports.store.load().touches
    for position in range(len(touches) - 1, -1, -1):  # a new touch is the last of its kind
        touch = touches[position]
        if _recorded_by(touch, command, on):
            return Logged(touch, touch_key(position, touch), advice)
    raise NotFound("the touch just recorded is not in the store")  # pragma: no cover


def _recorded_by(touch: Touch, command: LogTouch, on: dt.date) -> bool:
    return (
        touch.kind is command.kind
        and touch.on == on
        and touch.application == command.application
        and touch.interview == command.interview
        and touch.contact == command.contact
    )


@dataclass(frozen=True)
class DeleteTouch:
    """Remove one touch (logged by mistake, or a Done undone), named by its key."""

    key: str


def delete_touch(ports: Ports, command: DeleteTouch) -> Touch:
    """Remove the touch the key names, and only it, in one transaction; returns it."""
    with ports.store.unit_of_work() as work:
        before = work.pipeline.load()
        position = find_touch(before, command.key)
        removed = before.touches[position]
        after = replace(before, touches=before.touches[:position] + before.touches[position + 1 :])
        work.pipeline.save(before, after)
    return removed
