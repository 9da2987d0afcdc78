"""Search: the applications, contacts and companies whose name matches what the user typed.

A name matches when the query is part of it, case and accents aside ("lopez" finds
"Marta López", "ACME" finds "Acme GmbH"). Matches are ranked: the whole name first, then
names that start with the query, then names that hold it elsewhere; alphabetically within
a rank. Each kind is capped, and the results say how many more there are.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import IntEnum
from typing import Generic, TypeVar

from afterview.domain.model import Application, Contact
from afterview.errors import InvalidInput
from afterview.services.ports import Ports

T = TypeVar("T")
LIMIT = 50
"""How many of each kind a search shows."""
MAX_QUERY = 200
"""The longest query read, in characters."""


class Rank(IntEnum):
    """How well a name matches: lower is better."""

    EXACT = 0
    PREFIX = 1
    CONTAINS = 2


@dataclass(frozen=True)
class Found(Generic[T]):
    """The best matches of one kind, and how many more matched than are shown."""

    items: tuple[T, ...] = ()
    more: int = 0

    @property
    def total(self) -> int:
        return len(self.items) + self.more


@dataclass(frozen=True)
class Company:
    """A company by the name its applications give it, and those applications."""

    name: str
    applications: tuple[Application, ...]


@dataclass(frozen=True)
class SearchResults:
    query: str
    """The query as read (spaces trimmed); empty when nothing was asked."""
    applications: Found[Application]
    contacts: Found[Contact]
    companies: Found[Company]

    @property
    def total(self) -> int:
        return self.applications.total + self.contacts.total + self.companies.total


def fold(text: str) -> str:
    """`text` as search compares it: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def rank(query: str, name: str) -> Rank | None:
    """How `name` matches `query` (both folded), or None when it does not."""
    if name == query:
        return Rank.EXACT
    if name.startswith(query):
        return Rank.PREFIX
    if query in name:
        return Rank.CONTAINS
    return None


def search(ports: Ports, query: str, limit: int = LIMIT) -> SearchResults:
    """Everything whose name matches `query`, best first, at most `limit` of each kind."""
    text = query.strip()
    if len(text) > MAX_QUERY:
        raise InvalidInput([f"q: longer than {MAX_QUERY} characters"])
    folded = fold(text)
    if not folded:
        return SearchResults(text, Found(), Found(), Found())
    pipeline = ports.reader.load()
    applications = [
        (best, fold(f"{a.company} {a.role}"), a.id, a)
        for a in pipeline.applications
        if (best := _best(folded, a.company, a.role, f"{a.company} {a.role}")) is not None
    ]
    contacts = [
        (best, fold(c.name), c.id, c)
        for c in pipeline.contacts
        if (best := rank(folded, fold(c.name))) is not None
    ]
    by_company: dict[str, list[Application]] = {}
    for application in pipeline.applications:
        by_company.setdefault(fold(application.company), []).append(application)
    companies = [
        (best, key, key, Company(group[0].company, tuple(group)))
        for key, group in by_company.items()
        if (best := rank(folded, key)) is not None
    ]
    return SearchResults(
        text, _capped(applications, limit), _capped(contacts, limit), _capped(companies, limit)
    )


def _best(query: str, *names: str) -> Rank | None:
    ranks = [r for name in names if (r := rank(query, fold(name))) is not None]
    return min(ranks, default=None)


def _capped(matches: list[tuple[Rank, str, str, T]], limit: int) -> Found[T]:
    matches.sort(key=lambda match: match[:3])
    return Found(tuple(match[3] for match in matches[:limit]), max(0, len(matches) - limit))
