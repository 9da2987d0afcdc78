"""A contact's own greeting, recorded and corrected through the use cases."""

from __future__ import annotations

import pytest

from afterview.bootstrap import Afterview
from afterview.errors import InvalidInput
from afterview.services.records import AddContact, EditContact


def test_a_greeting_is_recorded_changed_and_cleared(afterview: Afterview) -> None:
    added = afterview.add_contact(AddContact("Samuel Katz", "katz", greeting="Dr. Katz"))
    assert added.greeting == "Dr. Katz"
    changed = afterview.edit_contact(EditContact("katz", greeting="Sam"))
    assert (changed.greeting, changed.name) == ("Sam", "Samuel Katz")
    kept = afterview.edit_contact(EditContact("katz", title="CTO"))
    assert kept.greeting == "Sam"
    cleared = afterview.edit_contact(EditContact("katz", greeting=""))
    assert cleared.greeting is None
    assert afterview.pipeline().contact("katz").greeting is None


def test_a_greeting_over_two_lines_is_refused_naming_the_field(afterview: Afterview) -> None:
    with pytest.raises(InvalidInput) as refused:
        afterview.add_contact(AddContact("Samuel Katz", "katz", greeting="Dr.\nKatz"))
    assert [p for p in refused.value.problems if p.startswith("greeting: ")], refused.value
    assert afterview.pipeline().contacts == ()
