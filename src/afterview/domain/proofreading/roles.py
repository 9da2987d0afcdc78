"""The role's title misspelt into another word: 'Sales Manger' for the Sales Manager role.

The spelling check passes "Manger", "Personal" and "Principle": they are words. Beside
the rest of the recorded title they are slips, as "Acme Crop" is beside "Acme". The
problem is of kind "spelling" (the contract's "company" is the employer's name), over
the wrong word alone, and suggests the recorded word (docs/proofreading.md).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from afterview.domain.proofreading.context import ProofContext
from afterview.domain.proofreading.known import Known
from afterview.domain.proofreading.problem import Problem
from afterview.domain.proofreading.text import Note, Token, equal, name_words, problem_at, stem

MIN_LETTERS = 4
"""Shorter title words ('IT', 'Lead') are too near too many other words to judge."""


def role_misspellings(note: Note, context: ProofContext, known: Known) -> list[Problem]:
    """A word of the role's title written as another word, beside the title's other words:
    'Sales Manger', 'Senior Personal Manager', 'Principle of Nursing'."""
    words = name_words(context.role)
    title = {word.casefold() for word in words if len(word) >= MIN_LETTERS}
    anchors = [i for i, token in enumerate(note.tokens) if stem(token.text).casefold() in title]
    problems: dict[int, Problem] = {}
    for size in range(len(words), 1, -1):
        for first in range(len(words) - size + 1):
            part = words[first : first + size]
            for window in _windows(note, size, anchors):
                for token, meant in _slips(window, part, known):
                    suggestion = _like(stem(token.text), meant)
                    end = token.start + len(stem(token.text))
                    problem = problem_at(note, "spelling", token.start, end, suggestion)
                    problems.setdefault(token.start, problem)
    return sorted(problems.values(), key=lambda problem: problem.start)


def _windows(note: Note, size: int, anchors: list[int]) -> Iterator[tuple[Token, ...]]:
    """Runs of `size` words on one line, a space or two apart, that hold a word of the
    title (`anchors`, the indexes of such words): no other run can be a slip of it."""
    tokens = note.tokens
    starts = sorted({s for a in anchors for s in range(a - size + 1, a + 1) if s >= 0})
    for first in (s for s in starts if s + size <= len(tokens)):
        window = tokens[first : first + size]
        gaps = (note.plain[a.end : b.start] for a, b in itertools.pairwise(window))
        if all(0 < len(gap) <= 2 and gap.strip(" ") == "" for gap in gaps):
            yield window


def _slips(
    window: tuple[Token, ...], part: tuple[str, ...], known: Known
) -> list[tuple[Token, str]]:
    """The window's words that are slips of the title's: every other word right, and at
    least one of them a word of the title's own ('Sales'), not 'of'."""
    slips, right = [], 0
    for token, meant in zip(window, part, strict=True):
        written = stem(token.text)
        if equal(written, meant):
            right += len(meant) >= MIN_LETTERS
        elif _slip_of(written, meant, known):
            slips.append((token, meant))
        else:
            return []
    return slips if right else []


def _slip_of(written: str, meant: str, known: Known) -> bool:
    """A letter or two off, from the same first letter (a slip of the fingers keeps it:
    'Junior' is not a slip of 'Senior'), and not a plural of the title's word."""
    plain, target = written.casefold(), meant.casefold()
    if len(target) < MIN_LETTERS or plain[:1] != target[:1]:
        return False
    if plain in (target + "s", target + "es") or target in (plain + "s", plain + "es"):
        return False
    return known.close(written, meant)


def _like(written: str, meant: str) -> str:
    """The recorded word, in the case the writer used: 'MANAGER', 'manager', 'Manager'."""
    if written.isupper():
        return meant.upper()
    if written[:1].islower():
        return meant.lower()
    return meant[:1].upper() + meant[1:]
