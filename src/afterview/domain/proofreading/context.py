"""What a note is checked against: its employer, its reader, and the user's records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from afterview.domain.model import Pipeline
from afterview.domain.proofreading.text import REPEATED, WORD, pieces, straight


@dataclass(frozen=True)
class ProofContext:
    """What a note is checked against: its employer, its reader, and the user's records.

    `recipient` is the recorded name of the person the note is to (None when not
    known); `people` every person's recorded name (contacts and the user);
    `other_companies` every other employer of the pipeline; `vocabulary` every
    word, in lower case, of the user's records, which is never a spelling error;
    `country` the user's (the profile's), whose variety of English the note is spelt in.
    """

    company: str
    role: str
    recipient: str | None = None
    people: tuple[str, ...] = ()
    other_companies: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    vocabulary: frozenset[str] = frozenset()
    country: str = "US"


def context_for(
    pipeline: Pipeline, application_id: str, contact_id: str | None = None
) -> ProofContext:
    """The context of a note about application `application_id`, to contact `contact_id`."""
    application = pipeline.application(application_id)
    recipient = pipeline.contact(contact_id).name if contact_id is not None else None
    profile = pipeline.profile
    return ProofContext(
        company=application.company,
        role=application.role,
        recipient=recipient,
        people=_people(pipeline),
        other_companies=_other_companies(pipeline, application.company),
        strengths=profile.strengths if profile else (),
        vocabulary=vocabulary_of(pipeline),
        country=profile.country if profile else "US",
    )


def _people(pipeline: Pipeline) -> tuple[str, ...]:
    """Every person's recorded name, once: the contacts, then the user."""
    names = [contact.name for contact in pipeline.contacts]
    if pipeline.profile is not None:
        names.append(pipeline.profile.name)
    return tuple(dict.fromkeys(names))


def _other_companies(pipeline: Pipeline, company: str) -> tuple[str, ...]:
    """Every other employer the user applied to: naming one in this note is the disaster."""
    mine = _folded(company)
    return tuple(name for folded, name in _employers(pipeline) if folded != mine)


def _folded(company: str) -> str:
    """An employer's name with case and spacing aside: 'ACME  corp' is 'Acme Corp'."""
    return " ".join(company.casefold().split())


def _employers(pipeline: Pipeline) -> tuple[tuple[str, str], ...]:
    """Each employer of the pipeline once, case-folded and as recorded, read once per
    pipeline as its vocabulary is."""
    last, employers = _LAST_EMPLOYERS[0]
    if last is not pipeline:
        names = dict.fromkeys(a.company for a in pipeline.applications)
        employers = tuple((_folded(name), name) for name in names)
        _LAST_EMPLOYERS[0] = (pipeline, employers)  # one store: safe across threads
    return employers


_LAST_EMPLOYERS: list[tuple[Any, tuple[tuple[str, str], ...]]] = [(None, ())]


def vocabulary_of(pipeline: Pipeline) -> frozenset[str]:
    """Every word of the user's records, lower case: never a spelling error (S8).

    Names, titles, companies, roles, job descriptions, strengths, interview
    topics, offer summaries and addresses; also any doubled word they hold
    ("walla walla"), so that it is not taken for a typo.
    """
    last, vocabulary = _LAST_VOCABULARY[0]
    if last is not pipeline:
        vocabulary = frozenset(words_in(_record_texts(pipeline)))
        _LAST_VOCABULARY[0] = (pipeline, vocabulary)  # one store: safe across threads
    return vocabulary


_LAST_VOCABULARY: list[tuple[Any, frozenset[str]]] = [(None, frozenset())]
"""The last pipeline's vocabulary: a panel's notes are each checked against the same
pipeline (a frozen value), so it is read once, not once per note."""


def _record_texts(pipeline: Pipeline) -> Iterator[str]:
    """Every text of the user's records that may hold a word of theirs."""
    profile = pipeline.profile
    if profile is not None:
        yield from (profile.name, profile.address or "", *profile.strengths)
    for contact in pipeline.contacts:
        yield from (contact.name, contact.title or "", contact.company or "")
        yield contact.address or ""
    for application in pipeline.applications:
        yield from (application.company, application.role, application.job_description or "")
        if application.offer is not None:
            yield application.offer.summary or ""
        for interview in application.interviews:
            yield from interview.topics.values()


def trusted_texts(context: ProofContext) -> tuple[str, ...]:
    """The names the contract says are never spelling errors, even if not in `vocabulary`."""
    texts = (context.company, context.role, context.recipient or "", *context.people)
    return (*texts, *context.other_companies, *context.strengths)


def words_in(texts: Iterable[str]) -> Iterator[str]:
    """The words of the texts, in lower case, with their parts and any doubles they hold."""
    for text in texts:
        plain = straight(text)
        for match in WORD.finditer(plain):
            word = match.group().lower()
            yield word
            yield from pieces(word)
        for match in REPEATED.finditer(plain):
            yield " ".join(match.group().lower().split())
