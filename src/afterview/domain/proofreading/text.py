"""Reading a note: its words and where they are, and what every check needs of them.

The checks report spans of the note as given; the text they search is `Note.plain`,
the same text with straight apostrophes (one character for one, so spans hold).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from afterview.domain.proofreading.problem import Problem

WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
"""A word: letters and digits, joined by inner apostrophes or hyphens (don't, on-call)."""

HIDDEN = (
    re.compile(r"\b(?:https?://|www\.)\S+"),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(
        r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|ai|co|edu|gov|app|me|info|biz"
        r"|us|uk|ca|de|fr|eu|jobs)\b(?:/\S*)?"
    ),
    re.compile(r"(?<![\w@])@\w+"),
)
"""Addresses, e-mail addresses and handles: not words, and never spelling errors."""

REPEATED = re.compile(
    r"(?<![\w'-])([^\W\d_]+(?:['-][^\W\d_]+)*)(?:(?:[ \t]+|[ \t]*\n[ \t]*)\1)+(?!\w|['-]\w)",
    re.IGNORECASE,
)
"""A word written twice or more in a row, across one line break at most ('the the').

Here rather than with the check of repeated words: the user's records are read
with it too, so that a double they hold ('Walla Walla') is no mistake."""


def word_set(text: str) -> frozenset[str]:
    """A word list written as prose: one string, words apart by white space."""
    return frozenset(text.split())


class Token(NamedTuple):
    """A word of the note and where it is."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Note:
    """The text once read: straight apostrophes (same length), its words, what is hidden."""

    text: str
    plain: str
    tokens: tuple[Token, ...]
    hidden: tuple[tuple[int, int], ...]


def read(text: str, slots: Iterable[re.Pattern[str]]) -> Note:
    """The note's words, less addresses, handles and `slots` (a template's placeholders):
    those are no words, so no check reads a word inside one."""
    plain = straight(text)
    hidden = sorted(
        (m.start(), m.end()) for pattern in (*HIDDEN, *slots) for m in pattern.finditer(plain)
    )
    covered = _coverage(len(plain), hidden)
    tokens = tuple(
        Token(m.group(), m.start(), m.end())
        for m in WORD.finditer(plain)
        if not any(covered[m.start() : m.end()])
    )
    return Note(text, plain, tokens, tuple(hidden))


def _coverage(length: int, spans: Iterable[tuple[int, int]]) -> list[bool]:
    """Which characters of a text of `length` the spans cover."""
    covered = [False] * length
    for start, end in spans:
        covered[start:end] = [True] * (end - start)
    return covered


def straight(text: str) -> str:
    """Typographic apostrophes made straight; one character for one, so spans hold."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def stem(word: str) -> str:
    """The word without a possessive ending: Acme's -> Acme (Jones' keeps no apostrophe)."""
    return word[:-2] if word.lower().endswith("'s") and len(word) > 2 else word


def pieces(word: str) -> Iterator[str]:
    """The parts of a compound and the stem of a possessive, which count as words too."""
    for part in word.split("-"):
        yield part
        yield stem(part)


def end_of(token: Token) -> int:
    """Where the word ends, before any possessive ending."""
    return token.start + len(stem(token.text))


@lru_cache(maxsize=65536)
def name_words(name: str) -> tuple[str, ...]:
    """The words of a recorded name: 'Acme Corp' -> ('Acme', 'Corp'). Kept once read: every
    note is checked against every name of the pipeline."""
    return tuple(m.group() for m in WORD.finditer(straight(name)))


def equal(word: str, target: str) -> bool:
    """Whether two words are the same, case aside."""
    return word.casefold() == target.casefold()


def hidden_at(note: Note, position: int) -> bool:
    """Whether `position` is inside an address, a handle or a placeholder."""
    return any(start <= position < end for start, end in note.hidden)


def problem_at(note: Note, kind: str, start: int, end: int, suggestion: str | None) -> Problem:
    """The problem of `kind` over `note.text[start:end]`."""
    return Problem(kind, note.text[start:end], start, end, suggestion)


def first_come(*groups: Iterable[Problem]) -> list[Problem]:
    """The problems that overlap none kept before them: earlier groups, and earlier
    problems of a group, take precedence."""
    kept: list[Problem] = []
    for group in groups:
        for problem in group:
            if not _overlaps(problem, kept):
                kept.append(problem)
    return kept


def _overlaps(problem: Problem, others: Iterable[Problem]) -> bool:
    """Whether `problem` shares a character with any of `others`."""
    return any(problem.start < other.end and other.start < problem.end for other in others)
