"""Real-word slips: a right word in the wrong place, which no dictionary flags.

"hearing form you", "pubic relations", "I would defiantly", "there team", "to loose
touch", "a interview": each word is in the dictionary, so only its neighbours show
the slip. Each rule is a short pattern of the words around a commonly confused
word, written to match only where the other word is meant; the problem is of kind
"spelling", spans the wrong word alone, and suggests the word meant, capitalised
like the one it replaces. An article before a vowel sound is judged by the sound,
not the letter ("an hour", "a university", "a one-off").
"""

from __future__ import annotations

import re

from afterview.domain.proofreading.problem import Problem
from afterview.domain.proofreading.text import Note, hidden_at, problem_at

_AUXILIARY = (
    r"I|I'm|I am|I'd|I'll|I would|I will|would|will|am|is|are|was|it's|it is|that's|that is"
    r"|we|we're|we'd|you|you're|they|they're|most|be|was|so|and"
)
_THEIR_NOUNS = (
    r"team|teams|company|office|offices|product|products|mission|values|culture|own|approach"
    r"|goals|plans|customers|clients|platform|organi[sz]ation|employees|website|department"
    r"|managers|roadmap|vision|projects|users|stack"
)
_JOB_TITLE_WORDS = (
    r"Engineer|Consultant|Architect|Scientist|Analyst|Designer|Investigator|Manager|Developer"
    r"|Researcher|Lecturer|Officer|Teacher|Planner|Associate|Partner|Advisor|Adviser|Counsel"
    r"|Product|Program|Programme|Software|Data|Staff|Solutions|Security|Cloud|Platform"
)

CONFUSABLES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, flags), meant)
    for pattern, meant, flags in (
        # "hearing form you": from
        (
            r"\b(?:hear|hears|hearing|heard|apart|away|aside|back|straight)\s+(?P<w>form)\b"
            r"|\b(?P<w2>form)\s+(?:home|scratch|day one|the start)\b",
            "from",
            re.IGNORECASE,
        ),
        # "Sales Manger": a manger is only ever in a stable
        (r"(?<!\bin a )(?<!\bin the )\b(?P<w>manger)\b", "manager", re.IGNORECASE),
        (r"(?<!\bin )\b(?P<w>mangers)\b", "managers", re.IGNORECASE),
        # "pubic relations", "the general pubic"
        (
            r"\b(?P<w>pubic)\b(?!\s+(?:hair|hairs|bone|bones|area|region|lice|symphysis|arch))",
            "public",
            re.IGNORECASE,
        ),
        # "I would defiantly enjoy": definitely
        (
            rf"\b(?:{_AUXILIARY})\s+(?P<w>defiantly)\b"
            r"|\b(?P<w2>defiantly)\s+(?:interested|excited|keen|eager|want|wanted|would|will|be"
            r"|a|an|the|looking|enjoyed|enjoy|agree|think|see|feel|can|could|have|recommend"
            r"|fit|qualified|bring|worth|learned|learnt|helped|appreciate|hope)\b",
            "definitely",
            re.IGNORECASE,
        ),
        # "Principle Engineer", "Principle of Nursing", "vice principle": principal
        (
            rf"\b(?P<w>[Pp]rinciple)\s+(?:(?:{_JOB_TITLE_WORDS})\s+)?(?:{_JOB_TITLE_WORDS})s?\b"
            r"|(?<!\bthe )(?<!\bThe )(?<!\ba )\b(?P<w2>Principle) of (?!Least\b)[A-Z][a-z]+"
            r"|\b(?:school|vice|assistant|deputy|acting|associate)[ -](?P<w3>principle)\b",
            "principal",
            0,
        ),
        # "Senior Personal Manager": personnel
        (
            r"\b(?P<w>Personal)\s+(?:Manager|Director|Officer|Department|Administrator"
            r"|Specialist|Management)\b",
            "personnel",
            0,
        ),
        # "there team", "they're own": their
        (rf"\b(?P<w>there|they're)\s+(?:{_THEIR_NOUNS})\b", "their", re.IGNORECASE),
        # "their is", "their are": there
        (
            r"\b(?P<w>their)\s+(?:is|are|was|were|will be|has been|have been|isn't|aren't"
            r"|wasn't|weren't)\b",
            "there",
            re.IGNORECASE,
        ),
        # "their going to", "there looking for": they're
        (
            r"\b(?P<w>their)\s+(?:going to|looking for|not)\b"
            r"|\b(?P<w2>there)\s+(?:looking for|hiring for|building|working on|planning to)\b",
            "they're",
            re.IGNORECASE,
        ),
        # "to loose touch": lose
        (
            r"\b(?:to|not|never|won't|will|would|could|might|don't|didn't|can't|cannot)\s+"
            r"(?P<w>loose)\b"
            r"|\b(?P<w2>loose)\s+(?:touch|sight|focus|momentum|interest|track|money|heart|hope)\b",
            "lose",
            re.IGNORECASE,
        ),
        # "any lose ends", "lose coupling": loose
        (r"\b(?P<w>lose)\s+(?:ends|coupling|coupled)\b", "loose", re.IGNORECASE),
        # "more then", "rather then": than
        (
            r"\b(?:more|less|better|rather|other|greater|fewer|larger|smaller|faster|higher"
            r"|lower|sooner|later|earlier)\s+(?P<w>then)\b",
            "than",
            re.IGNORECASE,
        ),
        # "your welcome.": you're
        (r"\b(?P<w>your)\s+(?:welcome|right|correct)(?=\s*(?:[.!,;]|$))", "you're", re.IGNORECASE),
    )
)
"""Commonly confused words, each in the company that shows which one was meant."""

# --- a or an, by the sound ------------------------------------------------------------------

CONSONANT_SOUNDS = (
    "univers", "unique", "unit", "union", "unif", "unicorn", "unilateral", "unison", "unix",
    "usual", "use", "user", "using", "usa", "usur", "utensil", "util", "utopia", "ukulele",
    "uranium", "urinal", "euro", "eu", "ewe", "one-", "ouija", "uber",
)  # fmt: skip
"""Beginnings of words spelt with a vowel and said with a consonant: 'a university'."""
CONSONANT_WORDS = frozenset({"one", "once", "ones", "oneself", "u", "uk", "us"})
SILENT_H = ("hour", "honest", "honour", "honor", "heir")
"""Beginnings of words spelt with an h and said with a vowel: 'an hour', 'an honest'."""
EITHER = ("herb", "histor", "hotel", "heroic", "habitual", "hypothe", "hereditary", "homage")
"""Words with either article in good usage ('an historic' is old but not wrong)."""

ARTICLE = re.compile(r"(?<![\w'-])(?P<article>[Aa]n?)[ \t]+(?P<word>[a-z][a-z'-]*)(?![\w'-])")


def _vowel_sound(word: str) -> bool | None:
    """Whether `word` begins with a vowel sound; None when good usage allows either."""
    if word.startswith(EITHER):
        return None
    if word in CONSONANT_WORDS or word.startswith(CONSONANT_SOUNDS):
        return False
    if word.startswith(SILENT_H):
        return True
    return word[0] in "aeiou"


def _starts_sentence(plain: str, start: int) -> bool:
    before = plain[:start].rstrip(" \t\"'(")
    return not before or before[-1] in ".!?:\n"


def _article_problems(note: Note) -> list[Problem]:
    """'a interview' (an), 'an university' (a), by the sound of the next word."""
    problems = []
    for match in ARTICLE.finditer(note.plain):
        article, word = match.group("article"), match.group("word")
        start = match.start("article")
        if hidden_at(note, start) or len(word) < 2:
            continue
        if article[0] == "A" and not _starts_sentence(note.plain, start):
            continue  # "Plan A is", "grade A in": a letter, not the article
        vowel = _vowel_sound(word)
        if vowel is None or vowel == (article.lower() == "an"):
            continue
        meant = "an" if vowel else "a"
        problems.append(
            problem_at(note, "spelling", start, match.end("article"), _like(article, meant))
        )
    return problems


def _like(written: str, meant: str) -> str:
    """`meant` capitalised like `written`."""
    return meant[:1].upper() + meant[1:] if written[:1].isupper() else meant


def confusable_problems(note: Note) -> list[Problem]:
    """Real words in the wrong place: 'hearing form you', 'there team', 'a interview'."""
    problems = []
    for pattern, meant in CONFUSABLES:
        for match in pattern.finditer(note.plain):
            group = next(name for name, value in match.groupdict().items() if value is not None)
            start, end = match.span(group)
            if not hidden_at(note, start):
                written = match.group(group)
                problems.append(problem_at(note, "spelling", start, end, _like(written, meant)))
    problems += _article_problems(note)
    return sorted(problems, key=lambda problem: (problem.start, problem.end))
