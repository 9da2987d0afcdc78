"""Which of the user's strengths matter most for a job: Okapi BM25 over the strengths.

Each strength is a "document"; the job description, the role and what was discussed
with the interviewer form the query. BM25 scores a strength by the query words it
contains, weighting rare words (across the strengths) above common ones and
damping long strengths, so "Kafka migration" beats "team player" for a streaming
job. Written out here rather than taken from `rank-bm25`: that package pulls in
NumPy (0.2 s to import) to score a handful of one-line strengths, and the formula
is ten lines.

Words are compared by their stems (Snowball's English stemmer, pure Python and with no
state), after hyphenated and slashed terms are split and British -ise/-our spellings
folded to -ize/-or: "fraud-scoring" matches "fraud scoring", "scored" matches "scoring",
"organised" matches "organized".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import snowballstemmer  # pure Python, no I/O: allowed in the domain (docs/architecture.md)

WORD = re.compile(r"[a-z0-9][a-z0-9+#.-]*[a-z0-9+#]|[a-z0-9]")
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "we",
        "were",
        "will",
        "with",
        "you",
        "your",
        "i",
        "my",
        "me",
        "who",
        "what",
        "when",
        "where",
        "how",
        "all",
        "any",
        "can",
        "into",
        "more",
        "most",
        "not",
        "out",
        "over",
        "so",
        "than",
        "then",
        "them",
        "they",
        "us",
        "very",
        "own",
        "own",
        "about",
    ]
)
K1, B = 1.5, 0.75


_STEMMER = snowballstemmer.stemmer("english")
BRITISH = (
    (re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"our$"), "or"),
)


def terms(text: str) -> list[str]:
    """Stems of the content words, stop words left out: "Fraud-scoring" -> fraud, score."""
    found: list[str] = []
    for word in WORD.findall(text.lower()):
        parts = [part for part in word.split("-") if part]
        found.extend(_stem(part) for part in parts if part not in STOP_WORDS)
    return found


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    if len(word) > 5:
        for pattern, replacement in BRITISH:
            word = pattern.sub(replacement, word)
    stem: str = _STEMMER.stemWord(word)
    return stem


def bm25_scores(documents: Sequence[str], query: str) -> list[float]:
    """The BM25 score of each document for the query (0 for no shared word)."""
    tokenized = [terms(document) for document in documents]
    if not tokenized:
        return []
    average = sum(map(len, tokenized)) / len(tokenized) or 1.0
    frequency = Counter(word for words in tokenized for word in set(words))
    wanted = set(terms(query))
    scores = []
    for words in tokenized:
        counts = Counter(words)
        score = 0.0
        for word in wanted & counts.keys():
            idf = math.log(1 + (len(tokenized) - frequency[word] + 0.5) / (frequency[word] + 0.5))
            tf = counts[word]
            score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(words) / average))
        scores.append(score)
    return scores


def rank_strengths(strengths: Sequence[str], query: str) -> list[str]:
    """The strengths, most relevant first; ties keep the user's own order."""
    scores = bm25_scores(strengths, query)
    order = sorted(range(len(strengths)), key=lambda index: (-scores[index], index))
    return [strengths[index] for index in order]
