"""Tone: desperation, pleading, '!!' and shouting; enthusiasm, never desperation (S3)."""

from __future__ import annotations

import re
from collections.abc import Callable

from afterview.domain.proofreading.known import Known
from afterview.domain.proofreading.problem import Problem
from afterview.domain.proofreading.text import Note, Token, first_come, problem_at

Suggest = Callable[[re.Match[str]], str | None]


def _say(text: str | None) -> Suggest:
    """A suggestion of `text`, capitalised when the phrase it replaces is."""

    def suggestion(match: re.Match[str]) -> str | None:
        if text is None or not match.group()[:1].isupper():
            return text
        return text[:1].upper() + text[1:]

    return suggestion


PLEADING: tuple[tuple[re.Pattern[str], Suggest], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), _say(suggestion))
    for pattern, suggestion in (
        (r"\bI(?:'m| am) (?:so |really |truly |very |just )?desperate\b", "I'm very keen"),
        (r"\bdesperately\b", "very much"),
        (r"\bdesperate\b", "eager"),
        (
            r"\bI (?:really |truly |so |just |badly |desperately )*need "
            r"(?:this|the|a) (?:job|position|role|opportunity|work)\b",
            "I would welcome this opportunity",
        ),
        (r"\bI(?:'m| am) (?:begging|pleading)(?: you)?\b", None),
        (r"\bbeg(?:ging)?(?: you)?\b", None),
        (r"\bpleading\b", None),
        (r"\bplease(?:[ \t]*,?[ \t]+please\b)+", "please"),
        (r"\bplease (?:hire me|give me (?:a|this|the|one) (?:chance|job|shot|position))\b", None),
        (r"\bgive me a chance\b", None),
        (r"\b(?:take|accept) any (?:job|position|role|offer|work)\b", None),
        (r"\bany (?:job|position|role|opening|work)(?: at all| whatsoever)\b", None),
        (r"\banything at all\b", None),
        (r"\bI(?:'ll|'d| will| would) do (?:absolutely )?anything\b", None),
        (r"\bmy (?:last|only) (?:hope|chance)\b", None),
    )
)
"""Desperation and pleading (S3), with a calmer phrase where one reads naturally."""

SHOUTED_MIN = 4
ACRONYMS = frozenset({"ASAP", "ATTN", "NASA", "HTML", "JSON", "UNIX", "SCUBA", "FAQS"})


def tone_problems(note: Note, known: Known) -> list[Problem]:
    """Desperation, pleading, '!!' and shouting: enthusiasm, never desperation (S3)."""
    pleading = [
        problem_at(note, "tone", match.start(), match.end(), suggest(match))
        for pattern, suggest in PLEADING
        for match in pattern.finditer(note.plain)
    ]
    exclaimed = [
        problem_at(note, "tone", match.start(), match.end(), "!")
        for match in re.finditer(r"!{2,}", note.plain)
    ]
    return first_come(pleading, exclaimed, _shouting(note, known))


def _shouting(note: Note, known: Known) -> list[Problem]:
    """An ordinary word in capitals, in a line that is otherwise written normally."""
    problems = []
    for token in note.tokens:
        word = token.text
        if not _shouted(word, note, token, known):
            continue
        calm = word.lower()
        if _starts_sentence(note.plain, token.start):
            calm = calm[:1].upper() + calm[1:]
        problems.append(problem_at(note, "tone", token.start, token.end, calm))
    return problems


def _shouted(word: str, note: Note, token: Token, known: Known) -> bool:
    """Whether the word is shouted: a known word in capitals, on a line with lower case."""
    if not word.isupper() or len(word) < SHOUTED_MIN or word in ACRONYMS:
        return False
    if note.plain[token.end : token.end + 1] == ":":
        return False  # a label: "NOTE:", "SUBJECT:"
    if not known.word(word) or known.mine(word) or any(c.isdigit() for c in word):
        return False
    line_start = note.plain.rfind("\n", 0, token.start) + 1
    line_end = note.plain.find("\n", token.end)
    line = note.plain[line_start : line_end if line_end >= 0 else len(note.plain)]
    return any(char.islower() for char in line)


def _starts_sentence(plain: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence or a line."""
    before = plain[:start].rstrip(" \t\"'(")
    return not before or before[-1] in ".!?:\n"
