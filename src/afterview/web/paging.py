"""Paging on a list page: `?page=N` read, and the links to the pages before and after.

The links are plain links (no JavaScript), and keep every other parameter of the page's
address (`?status=` on the Pipeline, `?as_of=`), so a filtered list pages through the
same filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Request

from afterview.errors import InvalidInput
from afterview.services.paging import Paging

MAX_DIGITS = 12
"""A page number longer than this is past any list's last page."""


def page_number(value: str | None) -> int:
    """The page `?page=` asks for (1 when it is not given); a refusal naming the field
    when it is not a whole number. A number outside the list is the services' to move."""
    text = (value or "").strip()
    if not text:
        return 1
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidInput(["page: not a page number (1, 2, 3…)"])
    if len(digits) > MAX_DIGITS:
        return 1 if text.startswith("-") else 10**MAX_DIGITS
    return int(text)


@dataclass(frozen=True)
class Pager:
    """What a list page shows under its table: the rows it shows, and its links."""

    paging: Paging
    previous: str | None
    """The address of the page before, or None on the first."""
    next: str | None
    """The address of the page after, or None on the last."""

    @property
    def shown(self) -> str:
        """Which rows the page shows: "Showing 51\u2013100 of 120,000" (an en dash)."""
        paging = self.paging
        if not paging.total:
            return "Showing none"
        return f"Showing {paging.start + 1:,}\u2013{paging.stop:,} of {paging.total:,}"


def pager(request: Request, paging: Paging) -> Pager:
    """The pager of `paging` on this request's page, its links keeping the other parameters."""

    def link(number: int | None) -> str | None:
        if number is None:
            return None
        kept = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
        if number > 1:
            kept.append(("page", str(number)))
        query = urlencode(kept)
        return f"{request.url.path}?{query}" if query else request.url.path

    return Pager(paging, link(paging.previous), link(paging.next))
