"""A note on paper (S6): what a business letter or a fax says, block by block.

The drafted text of a letter (the "Dear ..." line, paragraphs apart by blank lines,
the sign-off, the typed name) becomes a `Letter`: the sender's block, the date, the
recipient's block for a window envelope, the salutation, the paragraphs and the
closing. Laying it out on a page is an adapter's work; deciding what it says is not.

The layout follows the sender's country. American business letters (US, Canada, the
Philippines) are in block format: everything flush left, the sender's block, then the
date, then the inside address. Elsewhere the British convention holds: the sender's
address and, under it, the date at the right; the inside address at the left, below.
Either way the date comes before the inside address, which sits where a window envelope
shows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from afterview.domain.greetings import AMERICAN_STYLE
from afterview.domain.model import Contact, Profile
from afterview.domain.notes import format_date

US_PAPER_COUNTRIES = frozenset({"US", "CA"})
A4, US_LETTER = "A4", "Letter"
BLOCK, BRITISH = "block", "british"
"""Layouts: American block format (all flush left), or the British convention."""
PAGES_LABEL = "Pages"
"""The cover sheet's line that counts the pages; the printer fills in the true count."""


@dataclass(frozen=True)
class Letter:
    """What a business letter says, block by block, and the paper it goes on."""

    sender_name: str
    sender_lines: tuple[str, ...]
    date_text: str
    recipient_lines: tuple[str, ...]
    salutation: str
    paragraphs: tuple[str, ...]
    closing: str
    signature_name: str
    paper: str = A4
    layout: str = BRITISH


@dataclass(frozen=True)
class Fax:
    """A letter sent by fax: a cover sheet of (label, value) lines, then the letter."""

    cover: tuple[tuple[str, str], ...]
    letter: Letter

    def cover_with_pages(self, total: int) -> tuple[tuple[str, str], ...]:
        """The cover's lines, counting `total` pages, this cover sheet included (the
        line is added before "Re" if the cover has none)."""
        count = (PAGES_LABEL, f"{total}, including this cover sheet")
        lines = [count if label == PAGES_LABEL else (label, v) for label, v in self.cover]
        if count not in lines:
            at = next((i for i, (label, _) in enumerate(lines) if label == "Re"), len(lines))
            lines.insert(at, count)
        return tuple(lines)


def paper_for(country: str) -> str:
    """US Letter for the United States and Canada, A4 everywhere else."""
    return US_LETTER if country.upper() in US_PAPER_COUNTRIES else A4


def layout_for(country: str) -> str:
    """Block format where business letters follow American usage, else the British one."""
    return BLOCK if country.upper() in AMERICAN_STYLE else BRITISH


def letter_of(profile: Profile, contact: Contact, company: str, text: str, day: dt.date) -> Letter:
    """The letter from the job seeker to one contact at `company`, saying `text`."""
    salutation, paragraphs, closing = letter_parts(text)
    return Letter(
        sender_name=profile.name,
        sender_lines=(*_lines(profile.address), *_present(profile.phone, profile.email)),
        date_text=format_date(day, profile.country),
        recipient_lines=(contact.name, *_present(contact.title, company), *_lines(contact.address)),
        salutation=salutation,
        paragraphs=tuple(paragraphs),
        closing=closing,
        signature_name=profile.name,
        paper=paper_for(profile.country),
        layout=layout_for(profile.country),
    )


def fax_of(cover: str, letter: Letter) -> Fax:
    """The fax of a letter, with the cover sheet drafted as "Label: value" lines."""
    return Fax(tuple(cover_fields(cover)), letter)


def letter_parts(text: str) -> tuple[str, list[str], str]:
    """Salutation, paragraphs and closing of a plain-text letter (as the letter template
    lays it out: the "Dear ..." line, blank-line separated paragraphs, the sign-off, the name)."""
    lines = text.strip().splitlines()
    if not lines:
        return "", [], ""
    start = next((i for i, line in enumerate(lines) if line.startswith("Dear ")), -1)
    end = len(lines) - 1  # the typed name
    closing_at = max(i for i in range(end) if lines[i].strip()) if end > 0 else end
    blocks: list[list[str]] = [[]]
    for line in lines[start + 1 : closing_at]:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    paragraphs = [" ".join(block) for block in blocks if block]
    return (lines[start] if start >= 0 else "", paragraphs, lines[closing_at])


def cover_fields(cover: str) -> list[tuple[str, str]]:
    """The "Label: value" lines of a fax cover, for the cover page."""
    fields = []
    for line in cover.splitlines():
        label, sep, value = line.partition(":")
        if sep and value.strip():
            fields.append((label.strip(), value.strip()))
    return fields


def fax_address(gateway: str, fax: str) -> str:
    """The email-to-fax address: the digits of the fax number in the gateway's {fax}."""
    return gateway.replace("{fax}", "".join(ch for ch in fax if ch.isdigit()))


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _present(*values: str | None) -> tuple[str, ...]:
    return tuple(value for value in values if value)
