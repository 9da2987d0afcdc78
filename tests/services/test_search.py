"""Search: names matched case and accents aside, ranked exact, prefix, contains, capped."""

from __future__ import annotations

import pytest

from afterview.domain.model import Application, Contact, Pipeline
from afterview.errors import InvalidInput
from afterview.services.search import Rank, fold, rank, search
from tests.fakes import FakePorts, MemoryStore


def _ports(*, contacts: tuple[str, ...] = (), applications: tuple[str, ...] = ()) -> FakePorts:
    """A pipeline of contacts named `contacts` and applications at `applications` companies."""
    pipeline = Pipeline(
        contacts=tuple(Contact(f"c{i}", name) for i, name in enumerate(contacts)),
        applications=tuple(
            Application(f"a{i}", company, "Data Engineer") for i, company in enumerate(applications)
        ),
    )
    return FakePorts(store=MemoryStore(pipeline))


def test_folding_drops_accents_case_and_extra_spaces() -> None:
    assert fold("  Marta   LÓPEZ ") == "marta lopez"
    assert fold("Straße") == "strasse"
    assert fold("\uff26\uff55\uff4c\uff4c") == "full"  # full-width letters


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("acme", Rank.EXACT),
        ("acme corp", Rank.PREFIX),
        ("new acme", Rank.CONTAINS),
        ("ac me", None),
    ],
)
def test_a_name_ranks_by_where_the_query_is(name: str, expected: Rank | None) -> None:
    assert rank("acme", name) is expected


def test_lopez_finds_marta_lopez() -> None:
    found = search(_ports(contacts=("Marta López", "Tom Becker")), "lopez")
    assert [c.name for c in found.contacts.items] == ["Marta López"]
    assert search(_ports(contacts=("Marta López",)), "LÓPEZ").contacts.total == 1


def test_exact_before_prefix_before_contains_then_by_name() -> None:
    ports = _ports(contacts=("Zed Ann", "Anna Bell", "Ann", "Anne Arden", "Joanna Ray"))
    found = search(ports, "ann")
    assert [c.name for c in found.contacts.items] == [
        "Ann",
        "Anna Bell",
        "Anne Arden",
        "Joanna Ray",
        "Zed Ann",
    ]


def test_applications_match_by_company_or_role_and_companies_gather_theirs() -> None:
    ports = _ports(applications=("Acme Corp", "ACME corp", "Globex"))
    found = search(ports, "acme")
    assert [a.id for a in found.applications.items] == ["a0", "a1"]
    assert [(c.name, len(c.applications)) for c in found.companies.items] == [("Acme Corp", 2)]
    assert search(ports, "engineer").applications.total == 3
    assert search(ports, "engineer").companies.total == 0


def test_each_kind_is_capped_and_says_how_many_more() -> None:
    ports = _ports(contacts=tuple(f"Person {n:03}" for n in range(60)))
    found = search(ports, "person", limit=50)
    assert len(found.contacts.items) == 50
    assert found.contacts.more == 10
    assert found.contacts.total == found.total == 60


def test_an_empty_query_finds_nothing_and_reads_nothing() -> None:
    found = search(_ports(contacts=("Ann",)), "   ")
    assert found.query == ""
    assert found.total == 0


def test_a_very_long_query_is_refused() -> None:
    with pytest.raises(InvalidInput, match="q: longer than 200 characters"):
        search(_ports(), "x" * 201)
