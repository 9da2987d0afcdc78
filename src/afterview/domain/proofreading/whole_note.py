"""The note as a whole: it thanks the reader and reminds them why the writer fits (S7)."""

from __future__ import annotations

import re

from afterview.domain.proofreading.context import ProofContext
from afterview.domain.proofreading.problem import Problem
from afterview.domain.proofreading.speller import Speller
from afterview.domain.proofreading.text import WORD, Note, problem_at, stem, straight, word_set

THANKS = re.compile(
    r"\b(?:thank(?:s|ed|ing|ful|you)?|grateful|gratitude|appreciat\w*|obliged)\b", re.IGNORECASE
)
FIT = re.compile(
    r"\b(?:my (?:experience|background|work|track record|skills?|expertise|time at|years)"
    r"|I(?:'d| would| can| could)? bring|I(?:'ve| have)? (?:led|built|designed|managed|shipped"
    r"|delivered|launched|created|grew|reduced|cut|scaled|developed|ran|owned|drove|improved"
    r"|migrated|automated|rebuilt|mentored|worked on|analy[sz]ed|optimi[sz]ed|organi[sz]ed"
    r"|prioriti[sz]ed|moderni[sz]ed|standardi[sz]ed|streamlined|introduced|established"
    r"|transformed|negotiated|coordinated|overhauled)"
    r"|skills?|experience (?:in|with)|years of|track record|well[- ]suited|qualifi\w+"
    r"|(?:good|strong|great|natural|close) (?:fit|match))\b",
    re.IGNORECASE,
)
"""A sentence that tells the reader why the writer fits (S7)."""
STOPWORDS = word_set(
    """a an and are as at be by for from has have i in into is it its my of on or our over
    the their this to was we were with you your me than that more most per"""
)
ECHO_WORDS = 2
ECHO_SIMILARITY = 90


def whole_note_problems(note: Note, context: ProofContext, speller: Speller) -> list[Problem]:
    """S7: a note thanks the reader and reminds them why the writer fits."""
    problems = []
    if THANKS.search(note.plain) is None:
        problems.append(problem_at(note, "no_thanks", 0, len(note.text), None))
    if not _gives_fit(note.plain, context, speller):
        problems.append(problem_at(note, "no_fit", 0, len(note.text), None))
    return problems


def _gives_fit(plain: str, context: ProofContext, speller: Speller) -> bool:
    """A fit phrase ('I led', 'my experience'), or one of the user's strengths echoed.
    Naming the role or the employer echoes nothing ('Platform Engineer' is no platform work)."""
    if FIT.search(plain) is not None:
        return True
    said = _content(plain) - _content(f"{context.role} {context.company}")
    return any(_echoes(strength, plain, said, speller) for strength in context.strengths)


def _echoes(strength: str, plain: str, said: set[str], speller: Speller) -> bool:
    """At least two content words of the strength (or all, if fewer), or a near-quote."""
    wanted = _content(strength)
    if wanted and len(wanted & said) >= min(ECHO_WORDS, len(wanted)):
        return True
    return speller.partial_ratio(strength.lower(), plain.lower()) >= ECHO_SIMILARITY


def _content(text: str) -> set[str]:
    """The text's content words, roughly stemmed: 'costs' meets 'cost', 'cutting' 'cut',
    'migrated' 'migrate'."""
    words = (m.group().lower() for m in WORD.finditer(straight(text)))
    return {_root(word) for word in words if word not in STOPWORDS and not word.isdigit()}


def _root(word: str) -> str:
    """A crude stem, enough to match a strength's words in a note: no dictionary needed."""
    word = stem(word)
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    doubled = len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousl"
    return word[:-1] if doubled else word
