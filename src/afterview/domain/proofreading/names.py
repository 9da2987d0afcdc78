"""People's names: a greeting to the wrong person ('Dear Raj'), a name misspelt ('Jaen')."""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    name_words,
    problem_at,
    stem,
    word_set,
)

People = dict[int, dict[str, list[tuple[str, ...]]]]
"""Recorded name parts by length, each with the names that have it (see `_people`)."""

SALUTATION = re.compile(
    r"^[ \t]*(?:Dear|Hi|Hello|Hey|Greetings|Good (?:morning|afternoon|evening))\b[ \t,]*"
    r"(?P<title>(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Professor)\.?[ \t]+)?"
    r"(?P<names>[^\n,:;!?.]*)",
    re.MULTILINE,
)
GENERIC_ADDRESSEES = word_set(
    """hiring manager managers team all everyone sir madam colleagues committee recruiter
    recruiting search panel friends folks there members and"""
)


def name_problems(note: Note, context: ProofContext, known: Known) -> list[Problem]:
    """Names not spelt as recorded: in the salutation, then anywhere else (S4, S8)."""
    index, recorded = _recorded((*context.people, context.recipient or ""))
    greeting = _salutation_problems(note, context, known)
    elsewhere = _misspelt_names(note, context, index, set(recorded), known)
    return first_come(greeting, elsewhere)


@lru_cache(maxsize=32)
def _recorded(names: tuple[str, ...]) -> tuple[People, frozenset[str]]:
    """The recorded names' parts, indexed for `_meant_name`, and all of them case-folded.
    Kept for the last few contexts: a panel's notes name the same people."""
    people = [name_words(name) for name in names if name]
    return _people(people), frozenset(part.casefold() for parts in people for part in parts)


# --- The greeting ---------------------------------------------------------------------------


def _salutation_problems(note: Note, context: ProofContext, known: Known) -> list[Problem]:
    """'Dear Ms. Dow' to Jane Doe: a greeting that names a person must name the recipient,
    as recorded (another contact's name there is the copy-paste mistake)."""
    if not context.recipient:
        return []
    parts = name_words(context.recipient)
    if not parts:
        return []
    company = {word.casefold() for word in name_words(context.company)}
    problems: list[Problem] = []
    for match in SALUTATION.finditer(note.plain):
        named = _greeted(note, match, company)
        if not named or any(equal(t.text, part) for t in named for part in parts):
            continue
        titled = match.group("title") is not None
        for token in named:
            suggestion = _likely_part(token.text, parts, titled, len(named), known)
            problems.append(problem_at(note, "name", token.start, token.end, suggestion))
    return problems


def _greeted(note: Note, match: re.Match[str], company: set[str]) -> list[Token]:
    """The words right after the greeting that may be a name: capitalised, up to the first
    other word ('Greetings from Oakland' names nobody), and not 'Hiring Manager'."""
    start, end = match.span("names")
    named = []
    for token in (t for t in note.tokens if start <= t.start < end):
        word = token.text.casefold()
        if not token.text[:1].isupper() and word != "and":
            break
        if token.text[:1].isupper() and word not in GENERIC_ADDRESSEES | company:
            named.append(Token(stem(token.text), token.start, end_of(token)))
    return named


def _likely_part(word: str, parts: tuple[str, ...], titled: bool, count: int, known: Known) -> str:
    """Which part of the recorded name was meant: the closest, else the usual place."""
    usual = parts[-1] if titled or count > 1 else parts[0]
    distances = {part: known.distance(word, part) for part in parts}
    nearest = min(distances.values())
    return usual if distances[usual] == nearest else min(parts, key=distances.__getitem__)


# --- Anywhere else --------------------------------------------------------------------------


def _misspelt_names(
    note: Note,
    context: ProofContext,
    people: People,
    recorded: set[str],
    known: Known,
) -> list[Problem]:
    """A capitalised word a letter or two from a recorded name: 'Jaen', 'Jane Dow'."""
    skipped = recorded | {
        word.casefold()
        for company in (context.company, *context.other_companies)
        for word in name_words(company)
    }
    problems = []
    for index, token in enumerate(note.tokens):
        word = stem(token.text)
        if not word[:1].isupper() or len(word) < 3 or word.casefold() in skipped:
            continue
        meant = _meant_name(note, index, word, people, known)
        if meant is not None:
            problems.append(problem_at(note, "name", token.start, end_of(token), meant))
    return problems


def _meant_name(note: Note, index: int, word: str, people: People, known: Known) -> str | None:
    """The recorded name part `word` misspells (the nearest), if `word` is no word in its
    own right ('Data' is not 'Dana') or stands beside the rest of that name ('Jane Dow')."""
    ordinary = known.word(word)
    candidates = sorted(
        (known.distance(word, part), part)
        for size in range(len(word) - 2, len(word) + 3)  # `close` allows two edits at most
        for part, owners in people.get(size, {}).items()
        if known.close(word, part)
        and (not ordinary or any(_beside(note, index, parts, part) for parts in owners))
    )
    return candidates[0][1] if candidates else None


def _people(names: Iterable[tuple[str, ...]]) -> People:
    """Each part of three letters or more of the recorded names, by its length, with the
    names that have it: a word is only compared with parts a close spelling could be."""
    found: People = {}
    for parts in names:
        for part in parts:
            if len(part) >= 3:
                found.setdefault(len(part), {}).setdefault(part, []).append(parts)
    return found


def _beside(note: Note, index: int, parts: tuple[str, ...], meant: str) -> bool:
    """Whether a neighbouring word, on the same line, is another part of the same name."""
    others = {part.casefold() for part in parts if part != meant}
    for neighbour in (index - 1, index + 1):
        if not 0 <= neighbour < len(note.tokens):
            continue
        token, other = note.tokens[index], note.tokens[neighbour]
        gap = note.plain[min(token.end, other.end) : max(token.start, other.start)]
        if stem(other.text).casefold() in others and gap.strip(" \t") == "":
            return True
    return False
