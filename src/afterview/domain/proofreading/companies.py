"""Employers' names: this employer's misspelt ('Acme Crop'), another's named (copy-paste)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from afterview.domain.proofreading.context import ProofContext
from afterview.domain.proofreading.known import Known
from afterview.domain.proofreading.problem import Problem
from afterview.domain.proofreading.text import (
    Note,
    Token,
    end_of,
    equal,
    first_come,
    hidden_at,
    name_words,
    problem_at,
    stem,
    word_set,
)

LEGAL_FORMS = word_set(
    """corp corporation inc incorporated llc llp ltd limited co company group gmbh ag sa plc
    holdings the"""
)


def _distinctive(words: Sequence[str]) -> tuple[str, ...]:
    """The words that make a company's name its own ('Acme' of 'Acme Corp')."""
    kept = tuple(word for word in words if word.casefold() not in LEGAL_FORMS)
    return kept or tuple(words)


# --- This employer's name misspelt ----------------------------------------------------------


def company_misspellings(note: Note, context: ProofContext, known: Known) -> list[Problem]:
    """This employer's name misspelt: 'Acme Crop', 'Acmee Corp', or 'Acmee' alone (S8)."""
    words = name_words(context.company)
    if not words:
        return []
    others = {word.casefold() for other in context.other_companies for word in name_words(other)}
    problems = []
    if len(words) > 1:
        problems = [
            problem_at(note, "company", window[0].start, end_of(window[-1]), context.company)
            for window in _windows(note, len(words))
            if _misspelt_name(window, words, known)
        ]
    for token in note.tokens:
        meant = _misspelt_word(stem(token.text), words, others, known)
        if meant is not None:
            problems.append(problem_at(note, "company", token.start, end_of(token), meant))
    return first_come(problems)


def _windows(note: Note, size: int) -> Iterator[tuple[Token, ...]]:
    """Runs of `size` words on one line, a space or two (or '&') apart."""
    tokens = note.tokens
    for first in range(len(tokens) - size + 1):
        window = tokens[first : first + size]
        gaps = (note.plain[a.end : b.start] for a, b in itertools.pairwise(window))
        if all(len(gap) <= 3 and "\n" not in gap for gap in gaps):
            yield window


def _misspelt_name(window: tuple[Token, ...], words: tuple[str, ...], known: Known) -> bool:
    """A capitalised run whose words are each equal or close to the recorded ones, one at
    least not equal; and either a distinctive word is right ('Acme Crop') or every wrong
    distinctive word is no word in its own right ('Acmee Corp')."""
    written = [stem(token.text) for token in window]
    pairs = list(zip(written, words, strict=True))
    if not written[0][:1].isupper() or not all(equal(w, r) or known.close(w, r) for w, r in pairs):
        return False
    wrong = [(w, r) for w, r in pairs if not equal(w, r)]
    distinctive = {word.casefold() for word in _distinctive(words)}
    if not wrong:
        return False
    if any(equal(w, r) and r.casefold() in distinctive for w, r in pairs):
        return True
    return all(not known.word(w) for w, r in wrong if r.casefold() in distinctive)


def _misspelt_word(word: str, words: tuple[str, ...], others: set[str], known: Known) -> str | None:
    """The distinctive word of the company `word` misspells, if it is no word itself."""
    if len(word) < 4 or word.casefold() in others or known.word(word):
        return None
    for meant in _distinctive(words):
        if len(meant) >= 4 and not equal(word, meant) and known.close(word, meant):
            return meant
    return None


# --- Another employer named -----------------------------------------------------------------


def other_companies_named(note: Note, context: ProofContext) -> list[Problem]:
    """Another employer of the pipeline named in this note: pasted from another letter.

    A pipeline names hundreds of employers; a pattern is only run on a note that has its
    first word somewhere in it (in any case), which most names are not."""
    problems = []
    folded = note.plain.casefold()
    for other in context.other_companies:
        for first, pattern in _company_patterns(other, context.company):
            if first not in folded:
                continue
            for match in pattern.finditer(note.plain):
                if not hidden_at(note, match.start()):
                    start, end = match.span()
                    problems.append(problem_at(note, "other_company", start, end, context.company))
    return first_come(sorted(problems, key=lambda p: (p.start, -p.end)))


@lru_cache(maxsize=16384)
def _company_patterns(other: str, company: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The other employer's full name, and its distinctive words alone unless this employer's
    name has them too ('Acme' of 'Acme Labs' in a note to Acme Corp). A name of several
    words is matched in any case; one word only as recorded or in capitals, since 'Square'
    or 'Target' in lower case is likely the ordinary word.

    Each pattern comes with its first word, case-folded. Kept once made: compiling them
    is most of the check's cost, and `re`'s own cache holds 512, fewer than a big
    pipeline's employers."""
    words = name_words(other)
    if not words:
        return ()
    patterns = [(words[0].casefold(), _as_named(words))]
    core = _distinctive(words)
    mine = {word.casefold() for word in name_words(company)}
    if core != words and not {word.casefold() for word in core} <= mine:
        patterns.append((core[0].casefold(), _as_named(core)))
    return tuple(patterns)


def _as_named(words: Sequence[str]) -> re.Pattern[str]:
    """The name as a pattern: any case if it has several words, else as written or capitals."""
    if len(words) > 1:
        return re.compile(_phrase(words), re.IGNORECASE)
    return re.compile(f"{_phrase(words)}|{_phrase([words[0].upper()])}")


def _phrase(words: Sequence[str]) -> str:
    """The words as a whole-word pattern, one to three non-word characters apart."""
    return r"(?<![\w'-])" + r"\W{1,3}".join(re.escape(word) for word in words) + r"(?![\w-])"
