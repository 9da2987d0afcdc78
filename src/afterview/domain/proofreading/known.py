"""Which words are fine (the user's records, or the dictionary), and how near two spellings are."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from afterview.domain.proofreading.context import ProofContext, trusted_texts, words_in
from afterview.domain.proofreading.speller import Speller
from afterview.domain.proofreading.text import Note, pieces

CLITICS = frozenset({"s", "m", "d", "ll", "re", "ve", "t"})
"""Endings after an apostrophe that leave a word's head: Acme's, I'm, we'll, don't."""


class Known:
    """What the proofreader knows of words: which are fine (the user's records, or the
    speller's dictionary), and how far apart two spellings are (the speller's measure).

    Every form of every word of the note goes to the speller in one call; a word
    asked about later (rarely) is asked on its own.
    """

    def __init__(self, note: Note, context: ProofContext, speller: Speller) -> None:
        self.speller = speller
        self.vocabulary = _vocabulary(context.vocabulary, trusted_texts(context))
        self.asked: set[str] = set()
        self.unknown: set[str] = set()
        self._ask({form for token in note.tokens for form in _forms(token.text)})

    def _ask(self, words: set[str]) -> None:
        new = words - self.vocabulary - self.asked
        self.asked |= new
        self.unknown |= {word.lower() for word in self.speller.unknown(sorted(new))}

    def _in_dictionary(self, plain: str) -> bool:
        if plain not in self.asked:
            self._ask({plain})
        return plain not in self.unknown

    def word(self, word: str) -> bool:
        """Whether `word` (any case, accents optional) is in the records or the dictionary."""
        plain = word.lower()
        if plain in self.vocabulary or self._in_dictionary(plain):
            return True
        bare = _without_accents(plain)
        return bare != plain and (bare in self.vocabulary or self._in_dictionary(bare))

    def mine(self, word: str) -> bool:
        """Whether `word` is in the user's own records."""
        return word.lower() in self.vocabulary

    def close(self, word: str, target: str) -> bool:
        """A likely misspelling: one edit for short words, two from six letters up."""
        allowed = 1 if len(target) <= 5 else 2
        return self.speller.distance(word.casefold(), target.casefold(), allowed) <= allowed

    def distance(self, word: str, target: str) -> int:
        """How many edits apart two words are, case aside, however many that is."""
        first, second = word.casefold(), target.casefold()
        # No edit distance exceeds the longer length: a cutoff that never cuts.
        return self.speller.distance(first, second, max(len(first), len(second)))


@lru_cache(maxsize=32)
def _vocabulary(records: frozenset[str], trusted: tuple[str, ...]) -> frozenset[str]:
    """The words of the user's records and of the names never taken for errors. Kept for
    the last few contexts: a panel's notes share all but the recipient, and a big
    pipeline's words take a while to gather."""
    return frozenset(word.lower() for word in records) | frozenset(words_in(trusted))


def _forms(word: str) -> Iterator[str]:
    """Every form of a word that the dictionary may be asked about."""
    plain = word.lower()
    for form in (plain, *pieces(plain), *(head(piece) for piece in plain.split("-"))):
        yield form
        yield _without_accents(form)


def head(word: str) -> str:
    """A contraction's or possessive's head: "Acme'll" -> "Acme"; other words unchanged."""
    before, _, tail = word.partition("'")
    return before if tail and all(part in CLITICS for part in tail.split("'")) else word


def _without_accents(word: str) -> str:
    """The word with its accents taken off: 'résumé' -> 'resume'."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
