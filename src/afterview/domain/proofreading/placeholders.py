"""Placeholders: a template's slots left unfilled ([Company], {{role}}, XXX, TBD)."""

from __future__ import annotations

import re

from afterview.domain.proofreading.context import ProofContext
from afterview.domain.proofreading.problem import Problem
from afterview.domain.proofreading.text import Note, first_come, name_words, problem_at

PLACEHOLDERS = (
    re.compile(r"\[[^\[\]\n]{1,60}\]"),
    re.compile(r"\{\{[^{}\n]{0,60}\}\}"),
    re.compile(r"\$?\{[^{}\n]{1,60}\}"),
    re.compile(r"<[A-Za-z][A-Za-z _.-]{0,40}>"),
    re.compile(r"(?<![A-Za-z])(?:X{2,}|x{3,})(?:-(?:X{2,}|x{3,}))*(?![A-Za-z])"),
    re.compile(r"\b(?:TBD|TBA|TKTK|TODO|FIXME)\b"),
    re.compile(r"\bINSERT\b(?:[ \t]+[A-Z][A-Z']*)*"),
    re.compile(
        r"\((?:insert|add|enter|your|their|company|name|role|title|date|position)\b[^()\n]{0,40}\)",
        re.IGNORECASE,
    ),
    re.compile(r"_{3,}"),
    re.compile(r"%\(\w+\)[sd]"),
)
"""Template slots left unfilled: [Company], {{role}}, {role}, <NAME>, XXX, TBD, INSERT NAME."""


def placeholder_problems(note: Note, context: ProofContext) -> list[Problem]:
    """Unfilled slots of a template, with what belongs there when the context says."""
    found = sorted(
        (match.start(), -match.end(), match.group())
        for pattern in PLACEHOLDERS
        for match in pattern.finditer(note.plain)
    )
    problems = [
        problem_at(note, "placeholder", start, -negative_end, _filling(slot, context))
        for start, negative_end, slot in found
    ]
    return first_come(problems)


def _filling(slot: str, context: ProofContext) -> str | None:
    """What an unfilled slot asks for, if the context knows it; the writer's own details not."""
    wanted = slot.lower()
    name = name_words(context.recipient or "")
    if re.search(r"\b(?:your|my)\b", wanted):
        return None
    if re.search(r"company|employer|organi[sz]ation", wanted):
        return context.company
    if re.search(r"role|position|job|title|opening", wanted):
        return context.role
    if name and re.search(r"first", wanted):
        return name[0]
    if name and re.search(r"last|surname|family", wanted):
        return name[-1]
    if name and re.search(r"name|recipient|interviewer|contact|manager", wanted):
        return context.recipient
    return None
