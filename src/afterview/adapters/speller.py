"""English spelling for the proofreader (S8): pyspellchecker's word list plus the user's words.

`PySpellChecker` is the `Speller` that `domain.proofreading` asks which words it
does not know and what each one should have been, and how far apart two spellings
are (rapidfuzz's edit distance and partial ratio, so the domain imports neither).

Why pyspellchecker, not spylls with Hunspell dictionaries:

* Nothing to fetch. pyspellchecker ships its English word list inside the wheel
  (160,572 words with their frequencies, from subtitle corpora); this machine
  has no Hunspell dictionaries and afterview downloads nothing at run time.
* Speed. Looking a word up is one dict lookup. spylls is an explanatory,
  pure-Python port of Hunspell: every lookup runs the affix rules in Python,
  and its suggester is known to take seconds to minutes on one word (spylls
  discussion #31: 2.5 minutes for one French suggestion).
* Frequencies rank the candidates ("recieve" -> "receive"), and the list is
  clean of the classic misspellings: of 66 common ones ("recieve", "seperate",
  "definately", "thier", "youre", ...) it accepts only "calender" and "lets",
  which are real words.
  Its gaps are modern office words a subtitle corpus rarely holds ("analytics",
  "roadmap", "onboarding", "inbox", "etc"): `WORKPLACE_WORDS` below adds them,
  and the user's own records (job descriptions, strengths, topics) add the rest.

Suggestions, measured on this machine (2 vCPU, CPython 3.11, pyspellchecker
0.9.1, rapidfuzz 3.14; `bench/bench_proofreading.py` repeats the measurement
on 29 misspellings):

* pyspellchecker's default (edit distance 2) is fast when a word is one edit
  away (0.2-0.8 ms), but when it is not, it builds every string two edits
  away: 0.3-2.8 s per word ("intervewier" 1.0-1.2 s, "recomendaton" 1.0-1.5 s,
  "responsibilitiesss" 2.2-2.8 s, 0.7-1.1 s for words with no answer at all).
* So distance 1 comes from pyspellchecker (under 1 ms; any letter may be
  wrong), and distance 2 from rapidfuzz's C implementation of the
  optimal-string-alignment distance, over the dictionary words that start with
  the same letter and whose length is within two: a whole suggestion then
  takes 1-2 ms (median 0.6-0.7 ms, worst 1.5-2.1 ms over the 29 words), with the same
  answers as pyspellchecker's distance 2 wherever it had one. The cap is that
  first letter: a word with two typos, one of them in its first letter, gets no
  suggestion (it is still reported). The index that distance 2 searches is
  built once per process, on the first word that needs it (21-29 ms).
* Ranking is pyspellchecker's (the commonest word wins), but a candidate that
  only restores dropped letters, the commonest slip, counts four times its
  frequency: "adress" -> "address", where pyspellchecker says "dress".
* A run-together pair of common words ("thankyou", "lookingforward") is split
  in two when no word is one edit away ("helpfull" -> "helpful", not "help
  full"); so "alot" gets "lot", as from pyspellchecker.

Varieties of English. pyspellchecker's list is American: it lacks "colour",
"organisation", "programme", "prioritises". A `PySpellChecker` spells in one
variety (`in_variety`, chosen from the profile's country by the proofreader,
docs/proofreading.md): en-US is the list as it is; en-GB, en-AU and en-CA add
the British spellings of breame's British/American table (1,730 British forms with
their American ones, inflections included: "organise", "organised",
"organising"), and en-GB and en-AU also any -ise/-isation form whose -ize form
the dictionary holds ("containerised"), since Oxford and Australian usage write
either. en-CA takes the British -our, -re, -ce and doubled-l spellings but
not -ise, which Canadian usage writes -ize: "organise" in a Canadian note is
flagged, with "organize". Every variety also knows breame's British-only
words ("fortnight", "maths") except en-US,  A word of another variety is fixed to this variety's
form ("programme" -> "program" in en-US), never to a look-alike
("programmed"); a word this variety knows gets no suggestion at all.

The dictionary is loaded once per process (135-250 ms, `english_words`; importing
this module takes another ~40 ms), however many `PySpellChecker`s are made: each
one only adds its own extra words, and remembers its own suggestions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, partial

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from spellchecker import SpellChecker


def _word_set(text: str) -> frozenset[str]:
    """A word list written as prose: one string, words apart by white space."""
    return frozenset(text.split())


WORKPLACE_WORDS = _word_set(
    """analytics roadmap roadmaps onboarding offboarding inbox voicemail etc ceo cto cfo coo
    cio vp hr fyi okr okrs kpi kpis sms cc bcc encl attn llc fwd mx runbook runbooks
    dashboarding upskilling reskilling hybrid async standup standups offsite offsites uptime
    lifecycle learnings upskill hackathon hackathons signup logins cybersecurity fintech
    wellbeing app apps"""
)
"""Everyday words of office mail that the subtitle-based word list lacks."""

TECH_WORDS = _word_set(
    """backend backends frontend frontends fullstack kubernetes devops devsecops saas paas
    iaas postgresql postgres mysql nosql mongodb redis kafka dbt golang ansible jira
    microservice microservices api apis dataset datasets workflow workflows toolchain
    toolchains codebase codebases refactor refactors refactored refactoring failover
    serverless containerize containerized containerizing containerization dockerize
    dockerized webhook webhooks middleware monorepo monorepos repo repos kanban cicd ux ui
    wireframe wireframes wireframing observability geospatial frontline"""
)
"""Ordinary words of software work that the word list lacks ("backend" would get
"backed", "frontend" "fronted"). No package on PyPI keeps such a list for
spelling (the maintained ones, cspell's software-terms among them, are npm
packages), so this short one is kept here: lower case, American forms (the
-ise rule of en-GB and en-AU derives "containerised")."""

ISE = re.compile(r"^(?P<stem>[a-z]{2,}?)is(?P<end>e|es|ed|ing|er|ers|able|ation|ations|ational)$")
"""A British -ise/-isation form: its -ize form is 'stem' + 'iz' + 'end'."""

VARIETIES = ("en-US", "en-GB", "en-CA", "en-AU")
"""The varieties a `PySpellChecker` spells in. Each holds the American list, so en-GB,
which adds every British form, accepts the spellings of all four."""
ISE_VARIETIES = frozenset({"en-GB", "en-AU"})
"""The varieties that write -ise ('prioritise') as readily as -ize."""

MAX_DISTANCE = 2
OMISSION_BONUS = 4
SPLIT_MIN_FREQUENCY = 1000
"""Words this common or more (the top tenth of the list) may be split out of a run-together."""
USER_WORD_BONUS = 1 << 62
"""Ranks the user's own words above any dictionary word at the same distance."""


@cache
def english_words() -> SpellChecker:
    """pyspellchecker's English dictionary, loaded once per process (~0.25 s)."""
    return SpellChecker(language="en", distance=1)


def _is_ise_form(british: str, american: str) -> bool:
    """Whether the pair differs only in -is-/-iz- ('organise'/'organize')."""
    match = ISE.match(british)
    return match is not None and f"{match['stem']}iz{match['end']}" == american


@cache
def british_spellings() -> dict[str, str]:
    """breame's British spellings, each with its American form: 'colour' -> 'color'."""
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS

    return dict(BRITISH_ENGLISH_SPELLINGS)


@cache
def british_only_words() -> frozenset[str]:
    """breame's words of British English alone ('fortnight', 'maths'), one word each."""
    from breame.data.british_terms_constants import BRITISH_ENGLISH_ONLY_TERMS

    return frozenset(term.lower() for term in BRITISH_ENGLISH_ONLY_TERMS if " " not in term)


@cache
def variety_spellings(variety: str) -> dict[str, str]:
    """The spellings a variety adds to the American list, each with its American form."""
    if variety == "en-US":
        return {}
    pairs = british_spellings()
    if variety == "en-CA":
        pairs = {gb: us for gb, us in pairs.items() if not _is_ise_form(gb, us)}
    return {gb: us for gb, us in pairs.items() if gb not in english_words().word_frequency}


@cache
def _words_by_start_and_length() -> dict[tuple[str, int], list[str]]:
    """The dictionary's words grouped by first letter and length: where distance 2 looks."""
    groups: dict[tuple[str, int], list[str]] = {}
    for word in english_words().word_frequency.dictionary:
        groups.setdefault((word[0], len(word)), []).append(word)
    return groups


def _plain(word: str) -> str:
    """The form the dictionary keys on: lower case, straight apostrophes."""
    return word.lower().replace("\u2019", "'")


def _restores_dropped_letters(typo: str, candidate: str) -> bool:
    """Whether `typo` is `candidate` with some letters left out (in order)."""
    if len(candidate) <= len(typo):
        return False
    letters = iter(candidate)
    return all(char in letters for char in typo)


def _ize_form(word: str, *known: Iterable[str] | dict[str, int]) -> str | None:
    """The -ize form of an -ise word ('prioritises' -> 'prioritizes'), if one of `known`
    holds it."""
    match = ISE.match(word)
    if match is None:
        return None
    american = f"{match['stem']}iz{match['end']}"
    return american if any(american in words for words in known) else None


def _without_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class PySpellChecker:
    """A `Speller` over pyspellchecker's English words, the workplace and software words,
    the spellings of one variety of English and `extra_words`."""

    def __init__(self, extra_words: Iterable[str] = (), variety: str = "en-US") -> None:
        if variety not in VARIETIES:
            raise ValueError(f"no such variety of English: {variety!r} (one of {VARIETIES})")
        self.variety = variety
        self._dictionary = english_words().word_frequency.dictionary
        self._given = frozenset(_plain(word) for word in extra_words)
        self._extra = self._given | WORKPLACE_WORDS | TECH_WORDS
        self._extra_list = sorted(self._extra)
        self._own = variety_spellings(variety)
        self._own_list = sorted(self._own)
        self._british_only = british_only_words() if variety != "en-US" else frozenset()
        self._suggestions: dict[str, str | None] = {}
        self._siblings: dict[str, PySpellChecker] = {variety: self}

    def in_variety(self, variety: str) -> PySpellChecker:
        """The same speller (the same extra words) spelling in `variety`; made once."""
        if variety not in self._siblings:
            sibling = PySpellChecker(self._given, variety)
            sibling._siblings = self._siblings
            self._siblings[variety] = sibling
        return self._siblings[variety]

    def knows(self, word: str) -> bool:
        """Whether `word` is spelt right in this variety (any case)."""
        plain = _plain(word)
        return (
            plain in self._dictionary
            or plain in self._extra
            or plain in self._own
            or plain in self._british_only
            or self._ise_form_of_known(plain) is not None
        )

    def unknown(self, words: Iterable[str]) -> set[str]:
        """The words, as given, that this variety does not hold."""
        return {word for word in words if not self.knows(word)}

    def suggest(self, word: str) -> str | None:
        """The likeliest intended word, in lower case, or None; remembered per word.

        None for a word this variety holds: a right word is never "fixed" into
        another. A spelling of another variety gets this variety's form."""
        plain = _plain(word)
        if plain not in self._suggestions:
            self._suggestions[plain] = None if self.knows(plain) else self._best_guess(plain)
        return self._suggestions[plain]

    def distance(self, first: str, second: str, cutoff: int) -> int:
        """The optimal-string-alignment distance, or `cutoff + 1` if more than `cutoff`."""
        return OSA.distance(first, second, score_cutoff=cutoff)

    def partial_ratio(self, needle: str, text: str) -> float:
        """How well `needle` matches the stretch of `text` most like it, from 0 to 100."""
        return fuzz.partial_ratio(needle, text)

    def _ise_form_of_known(self, word: str) -> str | None:
        """The -ize form of an -ise word the dictionary holds, where -ise is written."""
        if self.variety not in ISE_VARIETIES:
            return None
        return _ize_form(word, self._dictionary, self._extra)

    def _best_guess(self, word: str) -> str | None:
        variant = british_spellings().get(word) or _ize_form(word, self._dictionary, self._extra)
        if variant is not None:
            return variant  # this variety's own form: "programme" -> "program" in en-US
        near = self._one_edit_away(word) or self._accent_free(word)
        return near or self._split(word) or self._two_edits_away(word)

    def _weight(self, word: str) -> int:
        """How common a word is; the user's own words rank above any other, and a variety's
        spelling is as common as its American form."""
        if word in self._extra:
            return USER_WORD_BONUS
        return self._dictionary.get(self._own.get(word, word), 0)

    def _likelihood(self, typo: str, candidate: str) -> int:
        """A dropped letter is the commonest slip: a candidate that only restores dropped
        letters ('adress' -> 'address', not the commoner 'dress') counts several times."""
        bonus = OMISSION_BONUS if _restores_dropped_letters(typo, candidate) else 1
        return self._weight(candidate) * bonus

    def _one_edit_away(self, word: str) -> str | None:
        checker = english_words()
        candidates = checker.known(checker.edit_distance_1(word))
        for own in (self._extra_list, self._own_list):
            candidates |= {extra for _, _, extra in self._within(word, own, 1)}
        return max(sorted(candidates), key=partial(self._likelihood, word), default=None)

    def _accent_free(self, word: str) -> str | None:
        """'resume' for 'résumé' is no typo: the accents are optional in English."""
        plain = _without_accents(word)
        return plain if plain != word and self.knows(plain) else None

    def _split(self, word: str) -> str | None:
        """Two common words run together ('thankyou'): the split whose rarer word is
        commonest. Rare words are left out, or 'responsibilitiesss' would end in 'ss'."""
        best: tuple[int, str] | None = None
        for cut in range(1, len(word)):
            left, right = word[:cut], word[cut:]
            weight = min(self._weight(left), self._weight(right))
            if weight >= SPLIT_MIN_FREQUENCY:
                best = max(best or (weight, ""), (weight, f"{left} {right}"))
        return best[1] if best else None

    def _two_edits_away(self, word: str) -> str | None:
        """Distance 2 by rapidfuzz over same-first-letter words of a near length (the cap)."""
        groups = _words_by_start_and_length()
        found: list[tuple[int, int, str]] = []
        for length in range(max(1, len(word) - MAX_DISTANCE), len(word) + MAX_DISTANCE + 1):
            choices = groups.get((word[0], length), [])
            found += self._within(word, choices, MAX_DISTANCE)
        found += self._within(word, self._extra_list, MAX_DISTANCE)
        found += self._within(word, self._own_list, MAX_DISTANCE)
        return min(found)[2] if found else None

    def _within(self, word: str, choices: list[str], edits: int) -> list[tuple[int, int, str]]:
        """(distance, -weight, choice) for each choice at most `edits` edits from `word`."""
        matches = process.extract(
            word, choices, scorer=OSA.distance, score_cutoff=edits, limit=None
        )
        return [
            (int(distance), -self._likelihood(word, match), match) for match, distance, _ in matches
        ]
