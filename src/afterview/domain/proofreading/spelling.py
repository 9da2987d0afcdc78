"""Spelling: words neither the user's records nor the dictionary hold, with the likely fix."""

from __future__ import annotations

import re
from collections.abc import Iterator

from afterview.domain.proofreading.known import Known, head
from afterview.domain.proofreading.problem import Problem
from afterview.domain.proofreading.speller import Speller
from afterview.domain.proofreading.text import Note, Token, problem_at, stem


def spelling_problems(note: Note, known: Known, speller: Speller) -> list[Problem]:
    """Words neither the user's records nor the dictionary hold, with the likely fix (S8)."""
    problems = []
    for token in note.tokens:
        for start, end in _misspelt_parts(token, known):
            written = note.plain[start:end]
            problems.append(problem_at(note, "spelling", start, end, _fix(written, speller)))
    return problems


def _not_checked(word: str) -> bool:
    """Numbers, initials, acronyms (SQL) and inner capitals (LinkedIn) are left alone."""
    letters = [char for char in word if char.isalpha()]
    return (
        any(char.isdigit() for char in word)
        or len(letters) < 2
        or word.isupper()
        or re.search(r"[a-z][A-Z]", word) is not None
    )


def _misspelt_parts(token: Token, known: Known) -> Iterator[tuple[int, int]]:
    """The spans of the token's misspelt parts: the whole word, or a part of a compound."""
    if _not_checked(token.text) or _word_ok(token.text, known):
        return
    if "-" not in token.text:
        yield token.start, token.start + len(head(stem(token.text)))
        return
    offset = token.start
    for part in token.text.split("-"):
        if not _not_checked(part) and not _word_ok(part, known):
            yield offset, offset + len(head(stem(part)))
        offset += len(part) + 1


def _word_ok(word: str, known: Known) -> bool:
    """Whether the word, its stem ('Acme's') or its head ("we'll") is known."""
    return known.word(word) or known.word(stem(word)) or known.word(head(word))


def _fix(written: str, speller: Speller) -> str | None:
    """The speller's correction, capitalised like the word it replaces."""
    suggestion = speller.suggest(written)
    if suggestion is None or suggestion.lower() == written.lower():
        return None
    if written[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion
