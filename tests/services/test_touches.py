"""One touch at a time: the key that names it, logging one that can be taken back, and
deleting one, on the demo pipeline in a real SQLite file (TODAY pinned)."""

from __future__ import annotations

import datetime as dt

import pytest

from afterview.bootstrap import Afterview
from afterview.domain.model import TouchKind
from afterview.errors import InvalidInput, NotFound
from afterview.services.records import LogTouch
from afterview.services.touches import DeleteTouch, touch_key
from tests.conftest import TODAY


def _network(note: str) -> LogTouch:
    return LogTouch(TouchKind.NETWORK, on=TODAY, contact="raj-patel", note=note)


def test_a_logged_touch_comes_with_the_key_that_takes_it_back(demo: Afterview) -> None:
    before = demo.pipeline().touches
    logged = demo.log_undoable(_network("Lunch."))
    assert logged.touch.note == "Lunch."
    assert demo.touch(logged.key) == logged.touch
    removed = demo.delete_touch(DeleteTouch(logged.key))
    assert removed == logged.touch
    assert demo.pipeline().touches == before


def test_a_logged_touch_defaults_to_today(demo: Afterview) -> None:
    logged = demo.log_undoable(LogTouch(TouchKind.NETWORK, contact="raj-patel"))
    assert logged.touch.on == demo.today()


def test_of_two_identical_touches_only_the_one_named_goes(demo: Afterview) -> None:
    first = demo.log_undoable(_network("Same."))
    second = demo.log_undoable(_network("Same."))
    assert first.key != second.key
    demo.delete_touch(DeleteTouch(second.key))
    touches = demo.pipeline().touches
    assert sum(1 for t in touches if t.note == "Same.") == 1
    assert touches[-1].note == "Same."  # the first stays where it was


def test_a_key_still_names_its_touch_after_an_earlier_one_goes(demo: Afterview) -> None:
    first = demo.log_undoable(_network("First."))
    second = demo.log_undoable(_network("Second."))
    demo.delete_touch(DeleteTouch(first.key))
    assert demo.delete_touch(DeleteTouch(second.key)).note == "Second."
    assert not [t for t in demo.pipeline().touches if t.note in ("First.", "Second.")]


def test_a_touch_deleted_already_is_not_found(demo: Afterview) -> None:
    logged = demo.log_undoable(_network("Once."))
    demo.delete_touch(DeleteTouch(logged.key))
    with pytest.raises(NotFound):
        demo.delete_touch(DeleteTouch(logged.key))


@pytest.mark.parametrize("key", ["", "x-abc", "3", "-abc"])
def test_a_key_that_is_no_key_is_refused(demo: Afterview, key: str) -> None:
    with pytest.raises(InvalidInput):
        demo.delete_touch(DeleteTouch(key))


def test_the_timeline_gives_each_touch_its_key(demo: Afterview) -> None:
    pipeline = demo.pipeline()
    row = demo.application("hooli-de").timeline[-1]
    position = pipeline.touches.index(row.touch)
    assert row.key == touch_key(position, row.touch)
    assert demo.touch(row.key) == row.touch


def test_a_refused_touch_is_not_recorded(demo: Afterview) -> None:
    before = demo.pipeline().touches
    with pytest.raises(InvalidInput):
        demo.log_undoable(
            LogTouch(
                TouchKind.EMPLOYER_REPLY,
                on=TODAY,
                application="hooli-de",
                follow_up_requested_on=TODAY - dt.timedelta(days=1),
            )
        )
    assert demo.pipeline().touches == before
