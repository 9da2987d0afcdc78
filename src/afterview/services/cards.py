"""Business cards in and out of the store (docs/contracts.md, `import-vcard`, `export-vcard`).

Cards become an afterview/1 change document checked like any `import`, so a card
can bring no phone, fax or email the document would refuse; the whole file goes
in one transaction, so one bad card leaves the store as it was.

A card is someone already known when it carries a stored contact's id (afterview's
own cards do), else has a known email, else the very name and company of a contact;
then it fills that contact's gaps instead of adding the person twice.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from afterview.domain.document import FORMAT, write_document
from afterview.domain.model import Contact, Pipeline
from afterview.errors import InvalidInput
from afterview.services.documents import commit
from afterview.services.ports import Card, Ports
from afterview.services.records import fresh_id, slug

ENTRY_PATH = re.compile(r"^contacts\[(\d+)\]\.")


def import_cards(ports: Ports, data: bytes) -> list[Contact]:
    """Add every card as a contact; a card whose email is known fills that contact's gaps."""
    cards = ports.files.read_cards(data)
    numbers: list[int] = []

    def change(before: Pipeline) -> dict[str, Any]:
        entries, card_numbers = _entries(before, cards)
        numbers[:] = card_numbers  # the change may be stated twice (checked again under the lock)
        return {"format": FORMAT, "contacts": entries}

    try:
        document = commit(ports, change, replace=True)
    except InvalidInput as error:
        raise InvalidInput(_card_problems(error.problems, numbers)) from None
    return list(document.pipeline.contacts)


def export_cards(ports: Ports, contact_ids: list[str] | None = None) -> bytes:
    """The named contacts (all of them when none are named) as a vCard 3.0 file."""
    pipeline = ports.reader.load()
    if contact_ids is None:
        return ports.files.write_cards(pipeline.contacts)
    return ports.files.write_cards(pipeline.contact(contact_id) for contact_id in contact_ids)


def _entries(before: Pipeline, cards: list[Card]) -> tuple[list[dict[str, Any]], list[int]]:
    """The change document's contacts, and the number of the card each entry came from.

    A known person, or one on two cards, is one entry: found by the id the card
    carries, else by email, else by exact name and company.
    """
    stored = {c["id"]: c for c in write_document(before)["contacts"]}
    by_id: dict[str, dict[str, Any]] = dict(stored)
    by_email = {str(c["email"]).lower(): c for c in stored.values() if c.get("email")}
    by_name = {(c["name"], c.get("company")): c for c in stored.values()}
    carried = [card.id for card in cards if card.id]
    taken = set(stored) | set(carried)  # a new id never takes one a later card carries
    entries: dict[str, dict[str, Any]] = {}
    numbers: dict[str, int] = {}
    for number, card in enumerate(cards, start=1):
        fields = {key: value for key, value in asdict(card).items() if value is not None}
        carried_id = fields.pop("id", None)
        email = card.email.lower() if card.email else None
        known = (
            (by_id.get(carried_id) if carried_id else None)
            or (by_email.get(email) if email else None)
            or by_name.get((card.name, card.company))
        )
        if known is None:
            known = {"id": carried_id or fresh_id(slug(card.name), taken)}
            taken.add(known["id"])
            by_id[known["id"]] = known
            if email:
                by_email[email] = known
            by_name.setdefault((card.name, card.company), known)
        entry = entries.setdefault(known["id"], dict(known))
        entry.update({key: value for key, value in fields.items() if entry.get(key) is None})
        numbers.setdefault(known["id"], number)
    return list(entries.values()), list(numbers.values())


def _card_problems(problems: tuple[str, ...], card_numbers: list[int]) -> list[str]:
    """Document paths (`contacts[0].fax: ...`) as the user's cards (`card 2: fax: ...`)."""

    def named(match: re.Match[str]) -> str:
        return f"card {card_numbers[int(match[1])]}: "

    return [ENTRY_PATH.sub(named, problem, count=1) for problem in problems]
