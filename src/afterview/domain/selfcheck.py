"""afterview's own drafts, checked for afterview's own failure modes (S8).

The proofreader (`proofreading/`) judges any note, the user's included. This looks
for the mistakes only a drafting machine makes: a value that was missing ("None",
"for the  position"), punctuation doubled where two pieces met, a strength or topic
pasted in the wrong shape ("I experienced ...", "about we talked ..."), a left-over
template mark, and the same sentence (or nearly) said twice.
"""

from __future__ import annotations

import re

from afterview.domain.phrasing import PREDICATE_ADJECTIVES

DESCRIBING_ED = frozenset(
    {"experienced", "skilled", "seasoned", "talented", "accomplished", "qualified", "versed"}
)
"""-ed words that, straight after "I", are a strength pasted in the wrong shape; others
("I trained", "I published") are the past tense they look like."""
ARTICLE_OR_ADJECTIVE = "|".join(
    sorted(
        {word for word in PREDICATE_ADJECTIVES if not word.endswith("ed")}
        | DESCRIBING_ED
        | {"a", "an", "the", "my"}
    )
)
CHECKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bNone\b"), "a missing value shows as 'None'"),
    (re.compile(r"(?<=\S)[ \t]{2,}(?=\S)"), "an empty value left a double space"),
    (re.compile(r"(?<=\S) +[,.;:!?](?!\w)"), "a space before punctuation: an empty value"),
    (re.compile(r"(?<![.])([.,;:])\s*(?:[.,;:])(?![.])"), "doubled punctuation"),
    (re.compile(r"\(\s*\)|\"\s*\""), "empty brackets or quotes: an empty value"),
    (re.compile(rf"\bI (?:{ARTICLE_OR_ADJECTIVE})\b", re.IGNORECASE), "'I' before an adjective"),
    (re.compile(r"\b(?:about|of|on|into|through|regarding) (?:we|I|she|he|they)\b"), "a clause"),
    (re.compile(r"\{\{|\}\}|\{%|%\}"), "a template mark left in"),
    (re.compile(r"\ba [aeiAI]\w"), "'a' before a vowel"),
    (re.compile(r"\b(\w+) \1\b", re.IGNORECASE), "a word repeated"),
)
LABELS = {
    "a clause": "a topic pasted as a clause after a preposition ('about we talked')",
    "'I' before an adjective": "'I' before an adjective or article ('I experienced', 'I a')",
}
SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
ABBREVIATION = re.compile(r"\b((?:[A-Z][a-z]{0,3})|(?:[A-Z]\.)+[A-Z])\.(?=[\s,:;)]|$)")
"""The period of "Jr.", "Dr.", "Inc.", "Ph.D.", "U.S.": part of a name, not the end of a
sentence, so "Hank Scorpio Jr.," is not doubled punctuation nor the inside address and
"Dear Hank Scorpio Jr.:" the same sentence twice."""
WORD = re.compile(r"[a-z0-9']+")
FUNCTION_WORDS = frozenset(
    {
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with",
        "about", "from", "by", "as", "is", "am", "are", "was", "were", "be", "been", "i",
        "you", "we", "my", "your", "our", "me", "us", "it", "its", "this", "that", "so",
        "very", "more", "much", "again", "also",
    }
)  # fmt: skip
NEAR = 0.5
"""Two sentences sharing this share of their content words say the same thing twice."""


def draft_faults(text: str) -> list[str]:
    """What gives a draft away as a machine's, each as a line naming the spot."""
    faults = []
    plain = ABBREVIATION.sub(r"\1", text)
    for pattern, label in CHECKS:
        for found in pattern.finditer(plain):
            if label == "a word repeated" and found.group(1).isdigit():
                continue
            faults.append(f"{LABELS.get(label, label)}: {_around(plain, found.start())!r}")
    faults.extend(repeated_sentences(plain))
    return faults


def _around(text: str, at: int) -> str:
    start = max(text.rfind("\n", 0, at) + 1, at - 30)
    end = text.find("\n", at)
    end = min(end if end >= 0 else len(text), at + 30)
    return text[start:end]


def _content(sentence: str) -> frozenset[str]:
    return frozenset(w for w in WORD.findall(sentence.lower()) if w not in FUNCTION_WORDS)


def repeated_sentences(text: str) -> list[str]:
    """Sentences said twice, word for word or nearly (half their content words shared)."""
    sentences = [s.strip() for s in SENTENCE.findall(text) if len(s.split()) >= 3]
    found = []
    for index, first in enumerate(sentences):
        words = _content(first)
        for second in sentences[index + 1 :]:
            other = _content(second)
            if len(words) < 3 or len(other) < 3:
                alike = first.lower() == second.lower()
            else:
                alike = len(words & other) / len(words | other) >= NEAR
            if alike:
                found.append(f"a sentence said twice: {first!r} / {second!r}")
    return found
