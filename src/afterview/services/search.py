"""Search: the applications, contacts and companies whose name matches what the user typed.

A name matches when the query is part of it, case and accents aside ("lopez" finds
"Marta López", "ACME" finds "Acme GmbH"). Matches are ranked: the whole name first, then
names that start with the query, then names that hold it elsewhere; alphabetically within
a rank. Each kind is capped, and so are a company's applications; the results say how
many more there are. Every name is folded once per pipeline (kept while the reader hands
back the very same Pipeline), and only the matches shown are sorted in full.
"""

from __future__ import annotations

import heapq
import unicodedata
from dataclasses import dataclass
from enum import IntEnum
from typing import Generic, NamedTuple, TypeVar

from afterview.domain.model import Application, Contact, Pipeline
from afterview.errors import InvalidInput
from afterview.services.ports import Ports

T = TypeVar("T")
LIMIT = 50
"""How many of each kind a search shows."""
ROLES = 10
"""How many of a company's applications a search shows with it."""
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
    """Its first applications, in the order they were recorded."""
    more: int = 0
    """How many more applications it has than are shown."""


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
    names = _names(ports.reader.load())
    applications = [
        (best, whole, application.id, application)
        for application, company, role, whole in names.applications
        if (best := _best(folded, company, role, whole)) is not None
    ]
    contacts = [
        (best, name, contact.id, contact)
        for contact, name in names.contacts
        if (best := rank(folded, name)) is not None
    ]
    companies = [
        (best, key, key, Company(group[0].company, tuple(group[:ROLES]), len(group[ROLES:])))
        for key, group in names.companies.items()
        if (best := rank(folded, key)) is not None
    ]
    return SearchResults(
        text, _capped(applications, limit), _capped(contacts, limit), _capped(companies, limit)
    )


class _Names(NamedTuple):
    """Every name of one pipeline, folded: what a search compares the query with."""

    pipeline: Pipeline
    applications: list[tuple[Application, str, str, str]]
    """Each application, its company, its role, and both together."""
    contacts: list[tuple[Contact, str]]
    companies: dict[str, list[Application]]
    """Each company (folded) and its applications, in the order they were recorded."""


_last_names: list[_Names] = []
"""The last pipeline's names (one at most)."""


def _names(pipeline: Pipeline) -> _Names:
    for kept in _last_names:
        if kept.pipeline is pipeline:
            return kept
    folds: dict[str, str] = {}

    def folded_once(name: str) -> str:
        found = folds.get(name)
        if found is None:
            found = folds[name] = fold(name)
        return found

    applications = []
    companies: dict[str, list[Application]] = {}
    for application in pipeline.applications:
        company, role = folded_once(application.company), folded_once(application.role)
        whole = " ".join(name for name in (company, role) if name)
        applications.append((application, company, role, whole))
        companies.setdefault(company, []).append(application)
    contacts = [(contact, fold(contact.name)) for contact in pipeline.contacts]
    names = _Names(pipeline, applications, contacts, companies)
    _last_names[:] = [names]  # kept with its pipeline, so its id is not reused
    return names


def _best(query: str, *names: str) -> Rank | None:
    """The best rank of any of `names` (folded already)."""
    ranks = [r for name in names if (r := rank(query, name)) is not None]
    return min(ranks, default=None)


def _capped(matches: list[tuple[Rank, str, str, T]], limit: int) -> Found[T]:
    best = heapq.nsmallest(limit, matches, key=lambda match: match[:3])
    return Found(tuple(match[3] for match in best), max(0, len(matches) - limit))
