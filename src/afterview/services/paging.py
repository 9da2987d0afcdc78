"""Pages of a long list: which rows one page shows, and which pages come before and after.

A list page shows `PAGE_SIZE` rows at most. A page asked for past the last is the last,
and one before the first is the first, so a link kept from a longer list still lands.
"""

from __future__ import annotations

from dataclasses import dataclass

PAGE_SIZE = 50
"""How many rows a list page shows."""


@dataclass(frozen=True, slots=True)
class Paging:
    """Page `number` (from 1) of `total` rows, `size` to a page."""

    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages there are: one at least, empty when there are no rows."""
        return max(1, -(-self.total // self.size))

    @property
    def start(self) -> int:
        """The index of the page's first row in the whole list."""
        return (self.number - 1) * self.size

    @property
    def stop(self) -> int:
        """The index just past the page's last row."""
        return min(self.total, self.start + self.size)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def paging(total: int, page: int = 1, size: int = PAGE_SIZE) -> Paging:
    """Page `page` of `total` rows, moved to the first or the last when it is outside."""
    if size < 1:
        raise ValueError("a page holds one row at least")
    last = max(1, -(-total // size))
    return Paging(min(max(page, 1), last), size, total)
