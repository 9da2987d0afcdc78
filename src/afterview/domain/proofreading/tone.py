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


_ADVERBS = r"(?:(?:so|really|truly|very|just|badly|desperately|seriously|honestly)[ \t]+)*"
_BEG = r"(?:beg|begs|begged|begging|beseech|beseeches|beseeching|implore|implores|imploring)"
_PLEAD = r"(?:plead|pleads|pleaded|pleading)"
_NEED = r"(?:need|needs|needed|must have)"
_WORK = r"(?:job|jobs|position|role|opportunity|work|chance|offer|break|income|paycheck|paycheque)"
_ANYTHING = (
    r"(?:any|whatever)[ \t]+(?:\w+[ \t]+)?"
    r"(?:chance|opportunity|job|position|role|opening|work|offer|scraps?)"
)

PLEADING: tuple[tuple[re.Pattern[str], Suggest], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), _say(suggestion))
    for pattern, suggestion in (
        (
            rf"\bI {_ADVERBS}{_NEED} (?:this|the|a|that|your) {_WORK}\b",
            "I would welcome this opportunity",
        ),
        (rf"\bI(?:'m| am) {_ADVERBS}desperate\b", "I'm very keen"),
        (r"\bdesperately\b", "very much"),
        (r"\bdesperate\b", "eager"),
        (r"\bdesperation\b", None),
        (rf"\bI {_ADVERBS}{_NEED} this(?=[ \t]*(?:[.!,;]|$))", None),
        (rf"\bI(?:'m| am) {_ADVERBS}(?:{_BEG}|{_PLEAD})(?: (?:you|with you|of you))?\b", None),
        (rf"\b{_BEG}(?: (?:you|of you))?\b", None),
        (rf"\b{_PLEAD}(?: (?:with you|you))?\b", None),
        (r"\bplease(?:[ \t]*,?[ \t]+please\b)+", "please"),
        (
            r"\bplease,?[ \t]+(?:hire me|reconsider|don't (?:say no|turn me down|reject me)"
            r"|give me (?:a|this|the|one|another) (?:chance|job|shot|position|try))\b",
            None,
        ),
        (r"\bgive me (?:a|one|another|just one) (?:\w+ )?chance\b", None),
        (rf"\b(?:take|accept) {_ANYTHING}\b", None),
        (rf"\b{_ANYTHING}(?: at all| whatsoever)\b", None),
        (r"\banything at all\b", None),
        (
            r"\bI(?:'ll|'d| will| would| can| could)? (?:really |honestly |truly )?do "
            r"(?:absolutely |literally )?anything\b",
            None,
        ),
        (r"\b(?:willing|ready|prepared) to do (?:absolutely |literally )?anything\b", None),
        (r"\bmy (?:last|only|final) (?:hope|chance|option)\b", None),
        (r"\bon my knees\b", None),
        (r"\b(?:at )?(?:the )?end of my rope\b|\bat my wits' end\b", None),
        (r"\b(?:can't|cannot) afford (?:to lose|not to get) this\b", None),
    )
)
"""Desperation and pleading (S3), with a calmer phrase where one reads naturally. The
patterns are over word families ("beg", "begs", "begged", "begging"; "need this job",
"really need this position"), so the paraphrases a writer reaches for are caught as
the literal phrases are; thanks, however warm ("I am so grateful for your time"), is
not pleading: only gratitude for "any chance at all" is."""

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
