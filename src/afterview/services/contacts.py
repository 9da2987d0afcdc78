"""One person in full, and the changes a document cannot state: merging two records of
the same person, deleting a contact, taking a reference off the list.

A document can only add or replace, so merging and deleting are written as the new
version of the pipeline in one transaction (as deleting an application is); every
record that pointed at a contact that goes is moved or goes with it, so the store never
holds a touch, a panel or a reference naming nobody.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from afterview.domain.document import FORMAT
from afterview.domain.greetings import greeting, salutation_mark
from afterview.domain.model import (
    Application,
    Contact,
    Interview,
    Pipeline,
    Profile,
    Touch,
)
from afterview.errors import AfterviewError
from afterview.services.documents import commit
from afterview.services.ports import OutboxRepository, Ports
from afterview.services.records import CONTACT_FIELDS

MERGED_FIELDS = CONTACT_FIELDS
"""What the kept contact takes from the other when it has none of its own."""


@dataclass(frozen=True)
class Greetings:
    """How notes greet a person: an email, and a letter or a fax (after "Dear ")."""

    email: str
    letter: str
    mark: str
    """What follows the name in a letter: a colon in the US, else a comma."""


@dataclass(frozen=True)
class ContactTouch:
    touch: Touch
    application: Application | None


@dataclass(frozen=True)
class ContactInterview:
    application: Application
    interview: Interview
    topic: str | None
    """What was discussed with them, if recorded."""


@dataclass(frozen=True)
class ContactView:
    """A contact's page: their details, how notes greet them, every touch with them
    (newest first) and every interview they were on (latest first)."""

    contact: Contact
    greetings: Greetings
    touches: tuple[ContactTouch, ...]
    interviews: tuple[ContactInterview, ...]
    reference: bool
    """One of the user's references."""
    has_profile: bool
    """References belong to the profile: without one, none can be named."""
    others: tuple[Contact, ...]
    """Everyone else, for a merge: the same name first, then by name."""


def _greetings(contact: Contact, profile: Profile | None) -> Greetings:
    country = profile.country if profile is not None else "US"
    return Greetings(
        greeting(contact, False, country),
        greeting(contact, True, country),
        salutation_mark(country),
    )


def greeting_preview(ports: Ports, name: str, own: str | None = None) -> Greetings | None:
    """How notes would greet someone of this name (or with this greeting of their own),
    for a form to show before it is saved; None without a name."""
    if not name.strip():
        return None
    contact = Contact("preview", name.strip(), greeting=(own or "").strip() or None)
    return _greetings(contact, ports.reader.load().profile)


def _interviews(pipeline: Pipeline, contact_id: str) -> list[ContactInterview]:
    return [
        ContactInterview(application, interview, interview.topics.get(contact_id))
        for application in pipeline.applications
        for interview in application.interviews
        if contact_id in interview.interviewers or contact_id in interview.topics
    ]


def _when(interview: Interview) -> dt.datetime:
    at = interview.at
    if isinstance(at, dt.datetime):
        return at.replace(tzinfo=None)
    return dt.datetime.combine(at, dt.time())


def contact_view(ports: Ports, contact_id: str) -> ContactView:
    pipeline = ports.reader.load()
    contact = pipeline.contact(contact_id)
    applications = pipeline.application_map()
    by_interview = {
        interview.id: application
        for application in pipeline.applications
        for interview in application.interviews
    }
    touches = [
        ContactTouch(
            touch,
            applications.get(touch.application or "") or by_interview.get(touch.interview or ""),
        )
        for touch in pipeline.touches
        if touch.contact == contact_id
    ]
    touches.sort(key=lambda row: row.touch.on, reverse=True)
    interviews = sorted(_interviews(pipeline, contact_id), key=lambda row: _when(row.interview))
    profile = pipeline.profile
    name = contact.name.casefold()
    others = sorted(
        (other for other in pipeline.contacts if other.id != contact_id),
        key=lambda other: (other.name.casefold() != name, other.name.casefold(), other.id),
    )
    return ContactView(
        contact,
        _greetings(contact, profile),
        tuple(touches),
        tuple(reversed(interviews)),
        profile is not None and contact_id in profile.references,
        profile is not None,
        tuple(others),
    )


# --- Merging ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MergeContacts:
    """Two records of one person: `keep` stays, gains what only `other` knew, and takes
    over every panel, topic, touch and reference of `other`, which is deleted."""

    keep: str
    other: str


def _one(ids: Iterable[str]) -> tuple[str, ...]:
    """The ids in order, each once."""
    return tuple(dict.fromkeys(ids))


def _joined(first: str | None, second: str | None) -> str | None:
    if first and second and first != second:
        return f"{first}\n{second}"
    return first or second


def _moved_interview(interview: Interview, keep: str, other: str) -> Interview:
    if other not in interview.interviewers and other not in interview.topics:
        return interview
    interviewers = _one(keep if i == other else i for i in interview.interviewers)
    topics = {key: text for key, text in interview.topics.items() if key != other}
    topic = _joined(interview.topics.get(keep), interview.topics.get(other))
    if topic is not None:
        topics[keep] = topic
    return replace(interview, interviewers=interviewers, topics=topics)


def _merged_contact(kept: Contact, other: Contact) -> Contact:
    gained = {
        name: getattr(other, name)
        for name in MERGED_FIELDS
        if getattr(kept, name) is None and getattr(other, name) is not None
    }
    fields = kept.document_fields | frozenset(gained)
    return replace(kept, document_fields=fields, **gained)


def merge_contacts(ports: Ports, command: MergeContacts) -> Contact:
    """Merge `other` into `keep` in one transaction; returns the kept contact as merged."""
    keep, other = command.keep, command.other
    if keep == other:
        raise AfterviewError("a contact cannot be merged with itself: choose someone else")
    with ports.store.unit_of_work() as work:
        before = work.pipeline.load()
        kept = _merged_contact(before.contact(keep), before.contact(other))
        contacts = tuple(kept if c.id == keep else c for c in before.contacts if c.id != other)
        applications = tuple(
            replace(
                application,
                interviews=tuple(_moved_interview(i, keep, other) for i in application.interviews),
            )
            for application in before.applications
        )
        touches = tuple(
            replace(touch, contact=keep) if touch.contact == other else touch
            for touch in before.touches
        )
        profile = before.profile
        if profile is not None and other in profile.references:
            references = _one(keep if r == other else r for r in profile.references)
            profile = replace(profile, references=references)
        after = replace(
            before,
            profile=profile,
            contacts=contacts,
            applications=applications,
            touches=touches,
        )
        work.pipeline.save(before, after)
        _move_outbox(work.outbox, other, keep)
    return kept


def _move_outbox(outbox: OutboxRepository, other: str, keep: str) -> None:
    """The notes sent to `other` are now the kept contact's: under their keys, the editor
    finds them as sent. A key the kept contact already has keeps its own note."""
    for entry in outbox.entries():
        if entry.contact_id != other:
            continue
        key = _rekeyed(entry.key, other, keep)
        if key != entry.key and outbox.get(key) is None:
            outbox.remove(entry.key)  # first: its Message-ID is unique
            outbox.put(replace(entry, key=key, contact_id=keep))


def _rekeyed(key: str, other: str, keep: str) -> str:
    """A note's outbox key with `keep` for `other`: a thank-you's ends in the contact's id,
    another note's in the contact's id and "/<day>" (services/notes.py, note_key)."""
    for tail in ("", key[-11:]):
        end = f"/{other}{tail}"
        if key.endswith(end):
            return key[: -len(end)] + f"/{keep}{tail}"
    return key


# --- Deleting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactRemoval:
    """What deleting a contact takes with it (their touches, their place among the
    references), and what forbids it: an interview they were on, whose record would lose
    a member of its panel (merge them into the right contact instead)."""

    contact: Contact
    touches: int
    reference: bool
    interviews: tuple[ContactInterview, ...]

    @property
    def blocked(self) -> bool:
        return bool(self.interviews)


def contact_removal(ports: Ports, contact_id: str) -> ContactRemoval:
    """What `delete_contact` would do, for a face to ask first."""
    return _removal(ports.reader.load(), contact_id)


def _removal(pipeline: Pipeline, contact_id: str) -> ContactRemoval:
    contact = pipeline.contact(contact_id)
    touches = sum(1 for touch in pipeline.touches if touch.contact == contact_id)
    profile = pipeline.profile
    reference = profile is not None and contact_id in profile.references
    return ContactRemoval(contact, touches, reference, tuple(_interviews(pipeline, contact_id)))


@dataclass(frozen=True)
class DeleteContact:
    contact: str


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def delete_contact(ports: Ports, command: DeleteContact) -> ContactRemoval:
    """Remove a contact, their touches and their place among the references, in one
    transaction; refused while they are on an interview's panel."""
    with ports.store.unit_of_work() as work:
        before = work.pipeline.load()
        removed = _removal(before, command.contact)
        if removed.blocked:
            raise AfterviewError(
                f"{removed.contact.name} was on the panel of "
                f"{_plural(len(removed.interviews), 'interview')}, so the record of it "
                "needs them: if they are recorded twice, merge them into the other record "
                "instead"
            )
        profile = before.profile
        if profile is not None and removed.reference:
            references = tuple(r for r in profile.references if r != command.contact)
            profile = replace(profile, references=references)
        after = replace(
            before,
            profile=profile,
            contacts=tuple(c for c in before.contacts if c.id != command.contact),
            touches=tuple(t for t in before.touches if t.contact != command.contact),
        )
        work.pipeline.save(before, after)
    return removed


# --- References -------------------------------------------------------------------------


@dataclass(frozen=True)
class RemoveReference:
    """Take a contact off the list of references (S9); the contact stays."""

    contact: str


def remove_reference(ports: Ports, command: RemoveReference) -> Contact:
    """Take the contact off the references; returns them."""
    found: list[Contact] = []

    def change(before: Pipeline) -> dict[str, object]:
        profile = before.profile
        found.append(before.contact(command.contact))
        if profile is None or command.contact not in profile.references:
            raise AfterviewError(f"{found[0].name} is not one of your references")
        references = [r for r in profile.references if r != command.contact]
        return {"format": FORMAT, "profile": {"name": profile.name, "references": references}}

    commit(ports, change, replace=True)
    return found[0]
