"""Every note greets its reader by the contact's `greeting`, or by their recorded name:
never a guessed given name, a bare title ("Dear Judge,") or an initial ("Dear M.,")."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from afterview.domain.model import Contact, Medium, Pipeline, Status
from afterview.domain.notes import Draft
from tests.domain.test_note_wording import _every_fitting_note, _panel
from tests.factories import make_contact

NAMES = (
    ("M. Jean-Baptiste Lefèvre", None),
    ("Judge (Ret.) Carol Mendes", None),
    ("Nguyễn Thị Lan", None),
    ("Kim Min-jun", None),
    ("Dr. Samuel Katz", None),
    ("Hank Scorpio Jr.", None),
    ("Zoë Kowalczyk", None),
    ("Li Wei", "Dr. Li"),
    ("Carol Mendes-Ortiz", "Carol"),
    ("Prof. Ana María Pérez", None),
)
TITLES = frozenset(
    {"dr", "dr.", "prof", "prof.", "judge", "ms", "ms.", "mr", "mr.", "mrs", "mrs.", "mx"}
    | {"mx.", "m.", "mme", "herr", "sr.", "rev", "rev.", "sir"}
)
SALUTATION = re.compile(r"^(?:Dear|Hello) (.+?)(?:[,:]| this is)", re.MULTILINE)


def _words(text: str) -> set[str]:
    return {word.strip("().,").lower() for word in text.split()} - {""}


def greets_rightly(contact: Contact, greeted: str) -> bool:
    """The contact's own greeting when set; else only words of their recorded name, past
    at most one title, and never a title alone."""
    if contact.greeting:
        return greeted == contact.greeting
    words = greeted.split()
    if words and words[0].lower() in TITLES:
        words = words[1:]
    return bool(words) and _words(" ".join(words)) <= _words(contact.name)


def _greeted(draft: Draft) -> str | None:
    found = SALUTATION.search(draft.body)
    return found.group(1) if found else None


@pytest.mark.parametrize("medium", [Medium.EMAIL, Medium.MAIL, Medium.FAX, Medium.PHONE])
@pytest.mark.parametrize("country", ["US", "GB"])
def test_every_note_greets_by_the_greeting_or_the_recorded_name(
    medium: Medium, country: str
) -> None:
    panel = _panel(len(NAMES), medium, country)
    people = tuple(
        replace(person, name=name, greeting=greeting)
        for person, (name, greeting) in zip(panel.contacts, NAMES, strict=True)
    )
    reference = make_contact("ref", name="Dr. Dana Kim", medium=medium, email="dana@example.org")
    profile = replace(panel.profile, references=("ref",)) if panel.profile else None
    app = replace(panel.applications[0], status=Status.INTERVIEWING)
    pipeline = Pipeline(profile, (*people, reference), (app,))
    contacts = {c.id: c for c in pipeline.contacts}
    checked = 0
    for draft in _every_fitting_note(pipeline):
        greeted = _greeted(draft)
        if draft.contact is None or greeted is None:
            continue
        assert greets_rightly(contacts[draft.contact], greeted), (draft.kind, greeted)
        checked += 1
    assert checked >= len(NAMES)


@pytest.mark.parametrize(
    ("name", "greeting", "greeted", "right"),
    [
        ("Judge (Ret.) Carol Mendes", None, "Judge", False),
        ("M. Jean-Baptiste Lefèvre", None, "M.", False),
        ("Nguyễn Thị Lan", None, "Lan", True),  # a word of the name: allowed by the law
        ("Dr. Samuel Katz", None, "Dr. Katz", True),
        ("Dr. Samuel Katz", None, "Sam", False),
        ("Li Wei", "Dr. Li", "Li Wei", False),
    ],
)
def test_the_greeting_law_itself(
    name: str, greeting: str | None, greeted: str, right: bool
) -> None:
    assert greets_rightly(make_contact("x", name=name, greeting=greeting), greeted) is right
