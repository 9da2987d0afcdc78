"""The proofreader: what a careful friend would catch before a note goes out (S3, S7, S8).

`proofread(text, context, speller)` returns every problem of the kinds `proof --json`
(docs/contracts.md) lists, each with its exact span and, where a fix is plain, a
suggestion. One module per check, named for it; `text` reads the note, `known` says
which words are fine. What the proofreader decides where the contract leaves a case
open is in docs/proofreading.md.
"""

from __future__ import annotations

from afterview.domain.proofreading.companies import company_misspellings, other_companies_named
from afterview.domain.proofreading.confusables import confusable_problems
from afterview.domain.proofreading.context import ProofContext, context_for, vocabulary_of
from afterview.domain.proofreading.known import Known
from afterview.domain.proofreading.names import name_problems
from afterview.domain.proofreading.placeholders import PLACEHOLDERS, placeholder_problems
from afterview.domain.proofreading.problem import KINDS, Problem
from afterview.domain.proofreading.repeats import repeated_words
from afterview.domain.proofreading.roles import role_misspellings
from afterview.domain.proofreading.speller import Speller, SpellsVarieties, in_variety
from afterview.domain.proofreading.spelling import spelling_problems
from afterview.domain.proofreading.text import first_come, read
from afterview.domain.proofreading.tone import tone_problems
from afterview.domain.proofreading.variety import variety_of
from afterview.domain.proofreading.whole_note import whole_note_problems

__all__ = [
    "KINDS",
    "Problem",
    "ProofContext",
    "Speller",
    "SpellsVarieties",
    "context_for",
    "proofread",
    "variety_of",
    "vocabulary_of",
]


def proofread(text: str, context: ProofContext, speller: Speller) -> list[Problem]:
    """Every problem of `text` read in `context`, sorted by where it starts.

    The note is spelt in the variety of English of the writer's country
    (`context.country`): "programme" is right from London, "program" from Boston.
    Where one stretch of text has several readings, the most specific wins: a
    placeholder, then another employer's name, then this employer's name
    misspelt, then the role's title misspelt into another word ("Sales Manger"),
    then a person's name misspelt, then a real word in the wrong place ("hearing
    form you"), and only then a spelling error.
    """
    speller = in_variety(speller, variety_of(context.country))
    note = read(text, PLACEHOLDERS)
    known = Known(note, context, speller)
    words = first_come(
        placeholder_problems(note),
        other_companies_named(note, context),
        company_misspellings(note, context, known),
        role_misspellings(note, context, known),
        name_problems(note, context, known),
        confusable_problems(note),
        spelling_problems(note, known, speller),
    )
    found = [
        *words,
        *repeated_words(note, known),
        *tone_problems(note, known),
        *whole_note_problems(note, context, speller),
    ]
    return sorted(found, key=lambda problem: (problem.start, problem.end, problem.kind))
