"""Placeholders: a template's slots left unfilled ([Company], {{role}}, XXX, TBD)."""

from __future__ import annotations

import re

from afterview.domain.proofreading.problem import Problem
from afterview.domain.proofreading.text import Note, first_come, problem_at

_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?"

PLACEHOLDERS = (
    re.compile(r"\[[^\[\]\n]{1,60}\]"),
    re.compile(r"\{\{[^{}\n]{0,60}\}\}"),
    re.compile(r"\$?\{[^{}\n]{1,60}\}"),
    re.compile(r"<<[^<>\n]{1,40}>>"),
    re.compile(r"<[A-Za-z][A-Za-z _.'-]{0,40}>"),
    re.compile(r"(?<![\w$])\$[A-Za-z_][A-Za-z0-9_]*"),
    re.compile(r"%[A-Za-z_][A-Za-z0-9_]*%"),
    re.compile(r"\*\|[A-Za-z_][A-Za-z0-9_]*\|\*"),
    re.compile(r"(?<![A-Za-z])(?:X{2,}|x{3,})(?:-(?:X{2,}|x{3,}))*(?![A-Za-z])"),
    re.compile(r"\b(?:TBD|TBA|TKTK|TODO|FIXME)\b"),
    re.compile(r"\bINSERT\b(?:[ \t]+[A-Z][A-Z']*)*"),
    re.compile(
        r"\((?:insert|add|enter|your|their|company|name|role|title|date|position)\b[^()\n]{0,40}\)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_HONORIFIC}(?:[ \t]*/[ \t]*{_HONORIFIC})+"
        r"(?:[ \t]+(?:Last|Family|Sur)[ \t]*[Nn]ame\b)?"
    ),
    re.compile(
        r"\b(?:(?:Hiring[ \t]+)?(?:Recruiter|Interviewer|Manager|Contact|Recipient|Person"
        r"|Company|Employer|Organi[sz]ation|Hiring Manager)(?:'s|\u2019s)?[ \t]+"
        r"|(?:First|Last|Full|Family|Sur|Your|Their)[ \t]*)Name\b"
    ),
    re.compile(r"\b(?:Job|Position|Role)[ \t]+Title\b"),
    re.compile(r"_{3,}"),
    re.compile(r"%\(\w+\)[sd]"),
)
"""Template slots left unfilled: [Company], {{role}}, {role}, <insert role>, <<Name>>,
$COMPANY, %FIRSTNAME%, *|FNAME|*, XXX, TBD, INSERT NAME, (your name), Mr./Ms. Last
Name, Recruiter's Name, Job Title. Names of slots are in Title Case ("Last Name"):
"my last name" in a sentence is no slot."""


def placeholder_problems(note: Note) -> list[Problem]:
    """Unfilled slots of a template. The suggestion is always None: what the writer meant
    to put there is theirs to say, and a guess in a one-click fix would go out unread."""
    found = sorted(
        (match.start(), -match.end())
        for pattern in PLACEHOLDERS
        for match in pattern.finditer(note.plain)
    )
    problems = [
        problem_at(note, "placeholder", start, -negative_end, None) for start, negative_end in found
    ]
    return first_come(problems)
