"""Business cards in and out of the store (docs/contracts.md, `import-vcard`, `export-vcard`).

Cards become an afterview/1 change document checked like any `import`, so a card
can bring no phone, fax or email the document would refuse; the whole file goes
in one transaction, so one bad card leaves the store as it was.
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
        numbers.extend(card_numbers)
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

    Entries are keyed by email so a known person, or one on two cards, is one entry.
    """
    stored = {c["id"]: c for c in write_document(before)["contacts"]}
    by_email = {str(c["email"]).lower(): c for c in stored.values() if c.get("email")}
    taken = set(stored)
    entries: dict[str, dict[str, Any]] = {}
    numbers: dict[str, int] = {}
    for number, card in enumerate(cards, start=1):
        fields = {key: value for key, value in asdict(card).items() if value is not None}
        known = by_email.get(card.email.lower()) if card.email else None
        if known is None:
            known = {"id": fresh_id(slug(card.name), taken)}
            taken.add(known["id"])
            if card.email:
                by_email[card.email.lower()] = known
        entry = entries.setdefault(known["id"], dict(known))
        entry.update({key: value for key, value in fields.items() if entry.get(key) is None})
        numbers.setdefault(known["id"], number)
    return list(entries.values()), list(numbers.values())


def _card_problems(problems: tuple[str, ...], card_numbers: list[int]) -> list[str]:
    """Document paths (`contacts[0].fax: ...`) as the user's cards (`card 2: fax: ...`)."""

    def named(match: re.Match[str]) -> str:
        return f"card {card_numbers[int(match[1])]}: "

    return [ENTRY_PATH.sub(named, problem, count=1) for problem in problems]
