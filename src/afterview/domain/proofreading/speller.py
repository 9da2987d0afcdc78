"""The proofreader's one port: a dictionary, and a sense of how far apart two spellings are."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable


class Speller(Protocol):
    """The proofreader's one port: a dictionary, and a sense of how far apart two spellings are.

    The dictionary says which words it does not know and what a misspelt word
    should be. The distances tell a slip of a recorded name ("Jaen" for "Jane",
    "Acme Crop" for "Acme Corp") from another word, and a strength quoted nearly
    word for word from one the note does not mention. The one afterview uses is
    `adapters.speller.PySpellChecker`.
    """

    def unknown(self, words: Iterable[str]) -> set[str]:
        """The words, as given, that the dictionary does not hold (case does not matter)."""
        ...

    def suggest(self, word: str) -> str | None:
        """The likeliest intended spelling of `word` (any case), or None."""
        ...

    def distance(self, first: str, second: str, cutoff: int) -> int:
        """How many edits apart two strings are, or `cutoff + 1` if more than `cutoff`.

        The optimal-string-alignment distance: insertions, deletions, substitutions
        and swaps of two neighbouring characters, no stretch edited twice ("jaen" is
        one edit from "jane"). Case counts: the caller folds it when it should not.
        """
        ...

    def partial_ratio(self, needle: str, text: str) -> float:
        """How well `needle` matches the stretch of `text` most like it, from 0 to 100.

        The fuzzy matcher's "partial ratio": the best similarity between `needle` and a
        stretch of `text` as long as it, 100 less the share of characters one would
        insert or delete to turn one into the other; 100 when `text` holds `needle`.
        """
        ...


@runtime_checkable
class SpellsVarieties(Protocol):
    """A `Speller` that can spell in a variety of English ("en-US", "en-GB", "en-CA",
    "en-AU"): the proofreader asks it for the variety of the writer's country
    (`variety.variety_of`). A speller without it spells as it does."""

    def in_variety(self, variety: str) -> Speller:
        """The speller spelling in `variety`: its words, and the fixes it suggests."""
        ...


def in_variety(speller: Speller, variety: str) -> Speller:
    """`speller` spelling in `variety`, if it can; else `speller` itself."""
    return speller.in_variety(variety) if isinstance(speller, SpellsVarieties) else speller
