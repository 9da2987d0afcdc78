"""Repeated words: 'the the', also across a line break; the fix is the word once."""

from __future__ import annotations

from afterview.domain.proofreading.known import Known
from afterview.domain.proofreading.problem import Problem
from afterview.domain.proofreading.text import REPEATED, Note, hidden_at, problem_at

GRAMMATICAL_DOUBLES = frozenset({"had", "that"})
"""Words that may stand twice in a row: 'what I had had in mind', 'he said that that was'."""


def repeated_words(note: Note, known: Known) -> list[Problem]:
    """'the the', also across a line break (not a blank line); the fix is the word once."""
    problems = []
    for match in REPEATED.finditer(note.plain):
        word = match.group(1)
        twice = " ".join(match.group().lower().split())
        grammatical = word.lower() in GRAMMATICAL_DOUBLES and twice.count(" ") == 1
        if grammatical or known.mine(twice) or hidden_at(note, match.start()):
            continue
        problems.append(problem_at(note, "repeated_word", match.start(), match.end(), word))
    return problems
