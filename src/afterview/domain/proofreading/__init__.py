"""The proofreader: what a careful friend would catch before a note goes out (S3, S7, S8).

`proofread(text, context, speller)` returns every problem of the kinds `proof --json`
(docs/contracts.md) lists, each with its exact span and, where a fix is plain, a
suggestion. One module per check, named for it; `text` reads the note, `known` says
which words are fine. What the proofreader decides where the contract leaves a case
open is in docs/proofreading.md.
"""

from __future__ import annotations

from afterview.domain.proofreading.companies import company_misspellings, other_companies_named
from afterview.domain.proofreading.context import ProofContext, context_for, vocabulary_of
from afterview.domain.proofreading.known import Known
from afterview.domain.proofreading.names import name_problems
from afterview.domain.proofreading.placeholders import PLACEHOLDERS, placeholder_problems
from afterview.domain.proofreading.problem import KINDS, Problem
from afterview.domain.proofreading.repeats import repeated_words
from afterview.domain.proofreading.speller import Speller
from afterview.domain.proofreading.spelling import spelling_problems
from afterview.domain.proofreading.text import first_come, read
from afterview.domain.proofreading.tone import tone_problems
from afterview.domain.proofreading.whole_note import whole_note_problems

__all__ = [
    "KINDS",
    "Problem",
    "ProofContext",
    "Speller",
    "context_for",
    "proofread",
    "vocabulary_of",
]


def proofread(text: str, context: ProofContext, speller: Speller) -> list[Problem]:
    """Every problem of `text` read in `context`, sorted by where it starts.

    Where one stretch of text has several readings, the most specific wins: a
    placeholder, then another employer's name, then this employer's name
    misspelt, then a person's name misspelt, and only then a spelling error.
    """
    note = read(text, PLACEHOLDERS)
    known = Known(note, context, speller)
    words = first_come(
        placeholder_problems(note, context),
        other_companies_named(note, context),
        company_misspellings(note, context, known),
        name_problems(note, context, known),
        spelling_problems(note, known, speller),
    )
    found = [
        *words,
        *repeated_words(note, known),
        *tone_problems(note, known),
        *whole_note_problems(note, context, speller),
    ]
    return sorted(found, key=lambda problem: (problem.start, problem.end, problem.kind))
