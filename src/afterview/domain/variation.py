"""How alike two notes are (S5: "vary each a bit in case recipients compare notes").

Word-trigram Jaccard similarity: the share of three-word runs two notes have in
common. Copy-paste scores near 1; notes that only share names, the role and a
strength score well under 0.5. The guard keeps every pair to one employer at or
below `MAX_SIMILARITY`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_SIMILARITY = 0.6
WORD = re.compile(r"[\w'\u2019-]+")  # apostrophes, typed or typographic, stay in words


def trigrams(text: str) -> frozenset[tuple[str, str, str]]:
    words = WORD.findall(text.lower())
    return frozenset(zip(words, words[1:], words[2:], strict=False))


def similarity(first: str, second: str) -> float:
    """Word-trigram Jaccard similarity, 0 (nothing shared) to 1 (the same words)."""
    a, b = trigrams(first), trigrams(second)
    if not a and not b:
        return 1.0 if first.strip() == second.strip() else 0.0
    return len(a & b) / len(a | b)


def most_alike(note: str, others: Sequence[str]) -> float:
    """The highest similarity of `note` to any of `others` (0 when there are none)."""
    return max((similarity(note, other) for other in others), default=0.0)
