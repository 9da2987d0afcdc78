"""Greeting every reader correctly: by email informally, on paper formally (S6, S7)."""

from __future__ import annotations

import datetime as dt

import pytest

from afterview.adapters.templates import FileTemplates
from afterview.domain.greetings import (
    complimentary_close,
    greeting,
    greeting_for_name,
    salutation_mark,
)
from afterview.domain.model import (
    Application,
    Contact,
    Interview,
    InterviewKind,
    Medium,
    Pipeline,
    Profile,
)
from afterview.domain.notes import first_name, thank_you_drafts

# name, by email, on a US letter, on a British letter
TABLE = [
    ("Carol Mendes", "Carol", "Carol Mendes", "Carol Mendes"),
    ("Dr. Samuel Katz", "Dr. Katz", "Dr. Katz", "Dr Katz"),
    ("Dr Samuel Katz", "Dr. Katz", "Dr. Katz", "Dr Katz"),
    ("Judge (Ret.) Carol Mendes", "Judge Mendes", "Judge Mendes", "Judge Mendes"),
    ("Prof. Ana María Pérez", "Prof. Pérez", "Prof. Pérez", "Prof Pérez"),
    ("Rev. Martin Brown", "Rev. Brown", "Rev. Brown", "Rev Brown"),
    ("Sir Ian McKellen", "Sir Ian", "Sir Ian", "Sir Ian"),
    ("Hon. Ruth Bader Ginsburg", "Ruth", "Ruth Bader Ginsburg", "Ruth Bader Ginsburg"),
    ("M. Jean-Baptiste Lefèvre", "Jean-Baptiste", "M. Lefèvre", "M. Lefèvre"),
    ("Jean-Baptiste Lefèvre", "Jean-Baptiste", "Jean-Baptiste Lefèvre", "Jean-Baptiste Lefèvre"),
    ("Mme Hélène Dubois", "Hélène", "Mme Dubois", "Mme Dubois"),
    ("Herr Klaus Müller", "Klaus", "Herr Müller", "Herr Müller"),
    ("Sr. José García", "José", "Sr. García", "Sr. García"),
    ("Ms. Priya Natarajan", "Priya", "Ms. Natarajan", "Ms Natarajan"),
    ("Ms. Nguyen", "Ms. Nguyen", "Ms. Nguyen", "Ms Nguyen"),
    ("Nguyễn Thị Lan", "Nguyễn Thị Lan", "Nguyễn Thị Lan", "Nguyễn Thị Lan"),
    ("Nguyen Thi Lan", "Nguyen Thi Lan", "Nguyen Thi Lan", "Nguyen Thi Lan"),
    ("Kim Min-jun", "Kim Min-jun", "Kim Min-jun", "Kim Min-jun"),
    ("김민준", "김민준", "김민준", "김민준"),
    ("Li Wei", "Li Wei", "Li Wei", "Li Wei"),
    ("王芳", "王芳", "王芳", "王芳"),
    ("Tanaka Hiroshi", "Tanaka Hiroshi", "Tanaka Hiroshi", "Tanaka Hiroshi"),
    ("Nagy Ilona", "Nagy Ilona", "Nagy Ilona", "Nagy Ilona"),
    ("Dana Kim", "Dana", "Dana Kim", "Dana Kim"),
    ("Martin Luther King Jr.", "Martin", "Martin Luther King Jr.", "Martin Luther King Jr."),
    ("John Smith III", "John", "John Smith III", "John Smith III"),
    ("Jane Doe PhD", "Jane", "Jane Doe", "Jane Doe"),
    ("Dr. Jane Doe, PhD", "Dr. Doe", "Dr. Doe", "Dr Doe"),
    ("J. R. Smith", "J. R. Smith", "J. R. Smith", "J. R. Smith"),
    ("Cher", "Cher", "Cher", "Cher"),
    ("Mary-Kate O'Neil", "Mary-Kate", "Mary-Kate O'Neil", "Mary-Kate O'Neil"),
    ("Ludwig van Beethoven", "Ludwig", "Ludwig van Beethoven", "Ludwig van Beethoven"),
    ('Robert "Bob" Smith', "Bob", "Robert Smith", "Robert Smith"),
    ("Juan Carlos de la Vega", "Juan Carlos de la Vega", "Juan Carlos de la Vega",
     "Juan Carlos de la Vega"),
    ("Zoë Kowalczyk", "Zoë", "Zoë Kowalczyk", "Zoë Kowalczyk"),
    ("—", "—", "Sir or Madam", "Sir or Madam"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "email", "us", "gb"), TABLE, ids=[row[0] for row in TABLE])
def test_every_name_is_greeted_as_its_bearer_expects(
    name: str, email: str, us: str, gb: str
) -> None:
    assert greeting_for_name(name, formal=False, country="US") == email
    assert greeting_for_name(name, formal=True, country="US") == us
    assert greeting_for_name(name, formal=True, country="GB") == gb


def test_the_contacts_own_greeting_always_wins() -> None:
    contact = Contact("lan", "Nguyễn Thị Lan", greeting="Ms. Lan")
    for formal in (False, True):
        for country in ("US", "GB"):
            assert greeting(contact, formal, country) == "Ms. Lan"


def test_the_first_name_is_never_an_honorific_nor_a_guess() -> None:
    assert first_name("M. Jean-Baptiste Lefèvre") == "Jean-Baptiste"
    assert first_name("Dr. Jane Doe") == "Jane"
    assert first_name("Nguyễn Thị Lan") == "Nguyễn Thị Lan"
    assert first_name("Kim Min-jun") == "Kim Min-jun"


@pytest.mark.parametrize(
    ("country", "greeted", "close", "mark"),
    [
        ("US", "Dr. Katz", "Sincerely,", ":"),
        ("CA", "Carol Mendes", "Sincerely,", ":"),
        ("GB", "Dr Katz", "Yours sincerely,", ","),
        ("AU", "Carol Mendes", "Yours sincerely,", ","),
        ("IE", "Sir or Madam", "Yours faithfully,", ","),
        ("NZ", "Sir or Madam", "Yours faithfully,", ","),
    ],
)
def test_letters_close_as_the_country_does(
    country: str, greeted: str, close: str, mark: str
) -> None:
    assert complimentary_close(country, greeted) == close
    assert salutation_mark(country) == mark


def drafted(contact: Contact, country: str) -> str:
    profile = Profile("Sam Rivera", "sam@example.org", address="12 Elm St", country=country)
    interview = Interview("i1", dt.date(2026, 11, 20), InterviewKind.ONSITE, interviewers=("p",))
    application = Application("a", "Hargreaves LLP", "Counsel", interviews=(interview,))
    pipeline = Pipeline(profile, (contact,), (application,))
    (draft,) = thank_you_drafts(pipeline, "i1", FileTemplates(), dt.date(2026, 11, 25))
    return draft.body


@pytest.mark.parametrize("medium", [Medium.MAIL, Medium.FAX])
def test_a_letter_or_fax_greets_formally_and_closes_as_a_business_letter(
    medium: Medium,
) -> None:
    partner = Contact("p", "Dr. Samuel Katz", fax="+1 212 555 0100", medium=medium)
    us = drafted(partner, "US").splitlines()
    assert "Dear Dr. Katz:" in us
    assert "Sincerely," in us
    gb = drafted(partner, "GB").splitlines()
    assert "Dear Dr Katz," in gb
    assert "Yours sincerely," in gb
    director = drafted(Contact("p", "Nguyễn Thị Lan", medium=medium), "US").splitlines()
    assert "Dear Nguyễn Thị Lan:" in director


def test_an_email_greets_by_given_name_when_sure() -> None:
    body = drafted(Contact("p", "Carol Mendes", email="carol@example.com"), "US")
    assert body.startswith("Dear Carol,\n")
    judge = drafted(Contact("p", "Judge (Ret.) Carol Mendes", email="c@example.com"), "US")
    assert judge.startswith("Dear Judge Mendes,\n")
    own = drafted(Contact("p", "Samuel Katz", email="s@example.com", greeting="Sam"), "US")
    assert own.startswith("Dear Sam,\n")
