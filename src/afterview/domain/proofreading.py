"""The proofreader: what a careful friend would catch before a note goes out (S3, S7, S8).

`proofread(text, context, speller)` returns every problem of DESIGN §2's kinds,
each with its exact span (`text[start:end] == problem.text`) and, where a fix is
plain, a suggestion that replaces that span. It reads the note against its
`ProofContext` (who it is to, which employer, what the user's records say), so
"Dear Ms. Dow" to Jane Doe is caught though "Dow" is a word, and "Globex" in a
note to Acme Corp is caught though it is spelt right (the copy-paste disaster).
The dictionary is a port (`Speller`); the one afterview uses is
`adapters.speller.PySpellChecker`.

Decisions on the cases the contract leaves open:

* Case is not judged in names of companies: "ACME CORP" in an address block
  (the postal convention) and "acme corp" are the recorded name; a misspelling
  is a difference in letters ("Acme Crop", "Acmee Corp").
* A different legal form is not a misspelling: "Acme Corporation" or "Acme" for
  "Acme Corp" pass; only words within one or two edits of the recorded ones count.
* Doubled words are flagged across one line break but not across a blank line
  (a paragraph ends, another begins), except "had had" and "that that", which
  are grammatical ("what I had had in mind"), and doubles the user's records
  hold ("Walla Walla" in an address).
* `no_thanks` and `no_fit` are about the whole note, so their span is the whole
  text, (0, len(text)), and they carry no suggestion (no replacement of the
  whole note would be one). A user interface should show them as a verdict on
  the note rather than highlight every line.
* Spelling ignores words with digits ("Q3", "180k"), words of one letter,
  acronyms in capitals ("SQL"), words with an inner capital ("LinkedIn"),
  e-mail addresses, web addresses and placeholders; accents are optional
  ("resume" and "résumé" both pass), the possessive ending is not part of the
  word ("Acme's", "Jones'"), and each part of a compound is checked on its own
  ("six-person", "on-call") unless the whole is known.
* A greeting that names a person must name the recipient ("Dear Raj" in a note
  to Jane Doe is the wrong letter, suggestion "Jane"); generic ones ("Dear
  Hiring Manager") pass, and a nickname is not the recorded spelling ("Hi Jim"
  to James Hart is flagged). Elsewhere, a word a letter or two from a recorded
  name is flagged if it is no word of its own ("Jaen"), or if it stands beside
  the rest of that name ("Jane Dow"): "Data" at a sentence start is not "Dana".
* Another employer is caught by its full name, in any case if it has several
  words ("globex corporation"), as recorded or in capitals if it has one
  ("Initech", "INITECH", but not "square" for Square); and by its own words
  alone, as recorded ("Globex"), unless this employer's name has them too
  ("Acme Labs" in a note to Acme Corp is caught only in full). The suggestion
  is this employer's name. Known limit: if the user's former employer is also
  an application in the pipeline, naming it in a strength is flagged too.
* Shouting is an ordinary word of four letters or more in capitals, on a line
  that has lower case too: all-capital lines (a fax heading, a postal address)
  and labels ("NOTE:") are not shouting, nor are acronyms.
* Naming the role or the employer is not a reason to fit ("Platform Engineer"
  does not echo a strength about platform work).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from afterview.domain.model import Pipeline


def _word_set(text: str) -> frozenset[str]:
    """A word list written as prose: one string, words apart by white space."""
    return frozenset(text.split())


KINDS = (
    "spelling",
    "name",
    "company",
    "other_company",
    "placeholder",
    "repeated_word",
    "tone",
    "no_thanks",
    "no_fit",
)


@dataclass(frozen=True)
class Problem:
    """One thing to fix: `text` is `note[start:end]`; `suggestion` replaces it, if known."""

    kind: str
    text: str
    start: int
    end: int
    suggestion: str | None = None

    def to_json(self) -> dict[str, str | int | None]:
        """The problem as DESIGN §2's `proof --json` lists it."""
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class ProofContext:
    """What a note is checked against: its employer, its reader, and the user's records.

    `recipient` is the recorded name of the person the note is to (None when not
    known); `people` every person's recorded name (contacts and the user);
    `other_companies` every other employer of the pipeline; `vocabulary` every
    word, in lower case, of the user's records, which is never a spelling error.
    """

    company: str
    role: str
    recipient: str | None = None
    people: tuple[str, ...] = ()
    other_companies: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    vocabulary: frozenset[str] = frozenset()


class Speller(Protocol):
    """A dictionary: which words it does not know, and what a misspelt word should be."""

    def unknown(self, words: Iterable[str]) -> set[str]:
        """The words, as given, that the dictionary does not hold (case does not matter)."""
        ...

    def suggest(self, word: str) -> str | None:
        """The likeliest intended spelling of `word` (any case), or None."""
        ...


# --- Building the context ---------------------------------------------------------------------


def context_for(
    pipeline: Pipeline, application_id: str, contact_id: str | None = None
) -> ProofContext:
    """The context of a note about application `application_id`, to contact `contact_id`."""
    application = pipeline.application(application_id)
    recipient = pipeline.contact(contact_id).name if contact_id is not None else None
    profile = pipeline.profile
    return ProofContext(
        company=application.company,
        role=application.role,
        recipient=recipient,
        people=_people(pipeline),
        other_companies=_other_companies(pipeline, application.company),
        strengths=profile.strengths if profile else (),
        vocabulary=vocabulary_of(pipeline),
    )


def _people(pipeline: Pipeline) -> tuple[str, ...]:
    names = [contact.name for contact in pipeline.contacts]
    if pipeline.profile is not None:
        names.append(pipeline.profile.name)
    return tuple(dict.fromkeys(names))


def _same_company(first: str, second: str) -> bool:
    return " ".join(first.casefold().split()) == " ".join(second.casefold().split())


def _other_companies(pipeline: Pipeline, company: str) -> tuple[str, ...]:
    """Every other employer the user applied to: naming one in this note is the disaster."""
    others = (a.company for a in pipeline.applications if not _same_company(a.company, company))
    return tuple(dict.fromkeys(others))


def vocabulary_of(pipeline: Pipeline) -> frozenset[str]:
    """Every word of the user's records, lower case: never a spelling error (S8).

    Names, titles, companies, roles, job descriptions, strengths, interview
    topics, offer summaries and addresses; also any doubled word they hold
    ("walla walla"), so that it is not taken for a typo.
    """
    return frozenset(_words_in(_record_texts(pipeline)))


def _record_texts(pipeline: Pipeline) -> Iterator[str]:
    profile = pipeline.profile
    if profile is not None:
        yield from (profile.name, profile.address or "", *profile.strengths)
    for contact in pipeline.contacts:
        yield from (contact.name, contact.title or "", contact.company or "")
        yield contact.address or ""
    for application in pipeline.applications:
        yield from (application.company, application.role, application.job_description or "")
        if application.offer is not None:
            yield application.offer.summary or ""
        for interview in application.interviews:
            yield from interview.topics.values()


def _words_in(texts: Iterable[str]) -> Iterator[str]:
    for text in texts:
        plain = _straight(text)
        for match in WORD.finditer(plain):
            word = match.group().lower()
            yield word
            yield from _pieces(word)
        for match in REPEATED.finditer(plain):
            yield " ".join(match.group().lower().split())


def _pieces(word: str) -> Iterator[str]:
    """The parts of a compound and the stem of a possessive, which count as words too."""
    for part in word.split("-"):
        yield part
        yield _stem(part)


# --- Reading the note -------------------------------------------------------------------------

WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
"""A word: letters and digits, joined by inner apostrophes or hyphens (don't, on-call)."""

HIDDEN = (
    re.compile(r"\b(?:https?://|www\.)\S+"),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(
        r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|ai|co|edu|gov|app|me|info|biz"
        r"|us|uk|ca|de|fr|eu|jobs)\b(?:/\S*)?"
    ),
    re.compile(r"(?<![\w@])@\w+"),
)
"""Addresses, e-mail addresses and handles: not words, and never spelling errors."""

CLITICS = frozenset({"s", "m", "d", "ll", "re", "ve", "t"})


class _Token(NamedTuple):
    """A word of the note and where it is."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Note:
    """The text once read: straight apostrophes (same length), its words, what is hidden."""

    text: str
    plain: str
    tokens: tuple[_Token, ...]
    hidden: tuple[tuple[int, int], ...]


def _straight(text: str) -> str:
    """Typographic apostrophes made straight; one character for one, so spans hold."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _read(text: str) -> _Note:
    plain = _straight(text)
    hidden = sorted(
        (m.start(), m.end())
        for pattern in (*HIDDEN, *PLACEHOLDERS)
        for m in pattern.finditer(plain)
    )
    covered = _coverage(len(plain), hidden)
    tokens = tuple(
        _Token(m.group(), m.start(), m.end())
        for m in WORD.finditer(plain)
        if not any(covered[m.start() : m.end()])
    )
    return _Note(text, plain, tokens, tuple(hidden))


def _coverage(length: int, spans: Iterable[tuple[int, int]]) -> list[bool]:
    covered = [False] * length
    for start, end in spans:
        covered[start:end] = [True] * (end - start)
    return covered


def _stem(word: str) -> str:
    """The word without a possessive ending: Acme's -> Acme (Jones' keeps no apostrophe)."""
    return word[:-2] if word.lower().endswith("'s") and len(word) > 2 else word


def _problem(note: _Note, kind: str, start: int, end: int, suggestion: str | None) -> Problem:
    return Problem(kind, note.text[start:end], start, end, suggestion)


def _starts_sentence(plain: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence or a line."""
    before = plain[:start].rstrip(" \t\"'(")
    return not before or before[-1] in ".!?:\n"


def _without_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _close(word: str, target: str) -> bool:
    """A likely misspelling: one edit for short words, two from six letters up."""
    allowed = 1 if len(target) <= 5 else 2
    return OSA.distance(word.casefold(), target.casefold(), score_cutoff=allowed) <= allowed


def _equal(word: str, target: str) -> bool:
    return word.casefold() == target.casefold()


def _name_words(name: str) -> tuple[str, ...]:
    return tuple(m.group() for m in WORD.finditer(_straight(name)))


def _overlaps(problem: Problem, others: Iterable[Problem]) -> bool:
    return any(problem.start < other.end and other.start < problem.end for other in others)


def _first_come(*groups: Iterable[Problem]) -> list[Problem]:
    """The problems that overlap none kept before them: earlier groups, and earlier
    problems of a group, take precedence."""
    kept: list[Problem] = []
    for group in groups:
        for problem in group:
            if not _overlaps(problem, kept):
                kept.append(problem)
    return kept


# --- The check ------------------------------------------------------------------------------


def proofread(text: str, context: ProofContext, speller: Speller) -> list[Problem]:
    """Every problem of `text` read in `context`, sorted by where it starts.

    Where one stretch of text has several readings, the most specific wins: a
    placeholder, then another employer's name, then this employer's name
    misspelt, then a person's name misspelt, and only then a spelling error.
    """
    note = _read(text)
    known = _Known(note, context, speller)
    words = _first_come(
        _placeholders(note, context),
        _other_companies_named(note, context),
        _company_misspellings(note, context, known),
        _name_problems(note, context, known),
        _spelling(note, known, speller),
    )
    found = [
        *words,
        *_repeated_words(note, known),
        *_tone(note, known),
        *_whole_note(note, context),
    ]
    return sorted(found, key=lambda problem: (problem.start, problem.end, problem.kind))


class _Known:
    """Which words are fine: the user's records, or the speller's dictionary.

    Every form of every word of the note goes to the speller in one call; a word
    asked about later (rarely) is asked on its own.
    """

    def __init__(self, note: _Note, context: ProofContext, speller: Speller) -> None:
        self.speller = speller
        records = frozenset(word.lower() for word in context.vocabulary)
        self.vocabulary = records | frozenset(_words_in(_context_texts(context)))
        self.asked: set[str] = set()
        self.unknown: set[str] = set()
        self._ask({form for token in note.tokens for form in _forms(token.text)})

    def _ask(self, words: set[str]) -> None:
        new = words - self.vocabulary - self.asked
        self.asked |= new
        self.unknown |= {word.lower() for word in self.speller.unknown(sorted(new))}

    def _in_dictionary(self, plain: str) -> bool:
        if plain not in self.asked:
            self._ask({plain})
        return plain not in self.unknown

    def word(self, word: str) -> bool:
        """Whether `word` (any case, accents optional) is in the records or the dictionary."""
        plain = word.lower()
        if plain in self.vocabulary or self._in_dictionary(plain):
            return True
        bare = _without_accents(plain)
        return bare != plain and (bare in self.vocabulary or self._in_dictionary(bare))

    def mine(self, word: str) -> bool:
        """Whether `word` is in the user's own records."""
        return word.lower() in self.vocabulary


def _context_texts(context: ProofContext) -> tuple[str, ...]:
    """The names the contract says are never spelling errors, even if not in `vocabulary`."""
    texts = (context.company, context.role, context.recipient or "", *context.people)
    return (*texts, *context.other_companies, *context.strengths)


def _forms(word: str) -> Iterator[str]:
    """Every form of a word that the dictionary may be asked about."""
    plain = word.lower()
    for form in (plain, *_pieces(plain), *(_head(piece) for piece in plain.split("-"))):
        yield form
        yield _without_accents(form)


def _head(word: str) -> str:
    """A contraction's or possessive's head: "Acme'll" -> "Acme"; other words unchanged."""
    head, _, tail = word.partition("'")
    return head if tail and all(part in CLITICS for part in tail.split("'")) else word


# --- Spelling (S8) ----------------------------------------------------------------------------


def _spelling(note: _Note, known: _Known, speller: Speller) -> list[Problem]:
    """Words neither the user's records nor the dictionary hold, with the likely fix."""
    problems = []
    for token in note.tokens:
        for start, end in _misspelt_parts(token, known):
            written = note.plain[start:end]
            problems.append(_problem(note, "spelling", start, end, _fix(written, speller)))
    return problems


def _not_checked(word: str) -> bool:
    """Numbers, initials, acronyms (SQL) and inner capitals (LinkedIn) are left alone."""
    letters = [char for char in word if char.isalpha()]
    return (
        any(char.isdigit() for char in word)
        or len(letters) < 2
        or word.isupper()
        or re.search(r"[a-z][A-Z]", word) is not None
    )


def _misspelt_parts(token: _Token, known: _Known) -> Iterator[tuple[int, int]]:
    """The spans of the token's misspelt parts: the whole word, or a part of a compound."""
    if _not_checked(token.text) or _word_ok(token.text, known):
        return
    if "-" not in token.text:
        yield token.start, token.start + len(_head(_stem(token.text)))
        return
    offset = token.start
    for part in token.text.split("-"):
        if not _not_checked(part) and not _word_ok(part, known):
            yield offset, offset + len(_head(_stem(part)))
        offset += len(part) + 1


def _word_ok(word: str, known: _Known) -> bool:
    return known.word(word) or known.word(_stem(word)) or known.word(_head(word))


def _fix(written: str, speller: Speller) -> str | None:
    """The speller's correction, capitalised like the word it replaces."""
    suggestion = speller.suggest(written)
    if suggestion is None or suggestion.lower() == written.lower():
        return None
    if written[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


# --- People's names -------------------------------------------------------------------------

SALUTATION = re.compile(
    r"^[ \t]*(?:Dear|Hi|Hello|Hey|Greetings|Good (?:morning|afternoon|evening))\b[ \t,]*"
    r"(?P<title>(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Professor)\.?[ \t]+)?"
    r"(?P<names>[^\n,:;!?.]*)",
    re.MULTILINE,
)
GENERIC_ADDRESSEES = _word_set(
    """hiring manager managers team all everyone sir madam colleagues committee recruiter
    recruiting search panel friends folks there members and"""
)


def _name_problems(note: _Note, context: ProofContext, known: _Known) -> list[Problem]:
    """Names not spelt as recorded: in the salutation, then anywhere else (S4, S8)."""
    people = [_name_words(name) for name in (*context.people, context.recipient or "") if name]
    recorded = {part.casefold() for parts in people for part in parts}
    greeting = _salutation_problems(note, context)
    elsewhere = _misspelt_names(note, context, people, recorded, known)
    return _first_come(greeting, elsewhere)


def _salutation_problems(note: _Note, context: ProofContext) -> list[Problem]:
    """'Dear Ms. Dow' to Jane Doe: a greeting that names a person must name the recipient,
    as recorded (another contact's name there is the copy-paste mistake)."""
    if not context.recipient:
        return []
    parts = _name_words(context.recipient)
    if not parts:
        return []
    company = {word.casefold() for word in _name_words(context.company)}
    problems: list[Problem] = []
    for match in SALUTATION.finditer(note.plain):
        named = _greeted(note, match, company)
        if not named or any(_equal(t.text, part) for t in named for part in parts):
            continue
        titled = match.group("title") is not None
        for token in named:
            suggestion = _likely_part(token.text, parts, titled, len(named))
            problems.append(_problem(note, "name", token.start, token.end, suggestion))
    return problems


def _greeted(note: _Note, match: re.Match[str], company: set[str]) -> list[_Token]:
    """The words right after the greeting that may be a name: capitalised, up to the first
    other word ('Greetings from Oakland' names nobody), and not 'Hiring Manager'."""
    start, end = match.span("names")
    named = []
    for token in (t for t in note.tokens if start <= t.start < end):
        word = token.text.casefold()
        if not token.text[:1].isupper() and word != "and":
            break
        if token.text[:1].isupper() and word not in GENERIC_ADDRESSEES | company:
            named.append(_Token(_stem(token.text), token.start, _end_of(token)))
    return named


def _likely_part(word: str, parts: tuple[str, ...], titled: bool, count: int) -> str:
    """Which part of the recorded name was meant: the closest, else the usual place."""
    usual = parts[-1] if titled or count > 1 else parts[0]
    distances = {part: OSA.distance(word.casefold(), part.casefold()) for part in parts}
    nearest = min(distances.values())
    return usual if distances[usual] == nearest else min(parts, key=distances.__getitem__)


def _misspelt_names(
    note: _Note,
    context: ProofContext,
    people: list[tuple[str, ...]],
    recorded: set[str],
    known: _Known,
) -> list[Problem]:
    """A capitalised word a letter or two from a recorded name: 'Jaen', 'Jane Dow'."""
    skipped = recorded | {
        word.casefold()
        for company in (context.company, *context.other_companies)
        for word in _name_words(company)
    }
    problems = []
    for index, token in enumerate(note.tokens):
        word = _stem(token.text)
        if not word[:1].isupper() or len(word) < 3 or word.casefold() in skipped:
            continue
        meant = _meant_name(note, index, word, people, known)
        if meant is not None:
            problems.append(_problem(note, "name", token.start, _end_of(token), meant))
    return problems


def _meant_name(
    note: _Note, index: int, word: str, people: list[tuple[str, ...]], known: _Known
) -> str | None:
    """The recorded name part `word` misspells (the nearest), if `word` is no word in its
    own right ('Data' is not 'Dana') or stands beside the rest of that name ('Jane Dow')."""
    ordinary = known.word(word)
    candidates = sorted(
        (OSA.distance(word.casefold(), part.casefold()), part)
        for parts in people
        for part in parts
        if len(part) >= 3
        and _close(word, part)
        and (not ordinary or _beside(note, index, parts, part))
    )
    return candidates[0][1] if candidates else None


def _beside(note: _Note, index: int, parts: tuple[str, ...], meant: str) -> bool:
    """Whether a neighbouring word, on the same line, is another part of the same name."""
    others = {part.casefold() for part in parts if part != meant}
    for neighbour in (index - 1, index + 1):
        if not 0 <= neighbour < len(note.tokens):
            continue
        token, other = note.tokens[index], note.tokens[neighbour]
        gap = note.plain[min(token.end, other.end) : max(token.start, other.start)]
        if _stem(other.text).casefold() in others and gap.strip(" \t") == "":
            return True
    return False


# --- This employer's name, and the others ---------------------------------------------------

LEGAL_FORMS = _word_set(
    """corp corporation inc incorporated llc llp ltd limited co company group gmbh ag sa plc
    holdings the"""
)


def _distinctive(words: Sequence[str]) -> tuple[str, ...]:
    """The words that make a company's name its own ('Acme' of 'Acme Corp')."""
    kept = tuple(word for word in words if word.casefold() not in LEGAL_FORMS)
    return kept or tuple(words)


def _company_misspellings(note: _Note, context: ProofContext, known: _Known) -> list[Problem]:
    """This employer's name misspelt: 'Acme Crop', 'Acmee Corp', or 'Acmee' alone (S8)."""
    words = _name_words(context.company)
    if not words:
        return []
    others = {word.casefold() for other in context.other_companies for word in _name_words(other)}
    problems = []
    if len(words) > 1:
        problems = [
            _problem(note, "company", window[0].start, _end_of(window[-1]), context.company)
            for window in _windows(note, len(words))
            if _misspelt_name(window, words, known)
        ]
    for token in note.tokens:
        meant = _misspelt_word(_stem(token.text), words, others, known)
        if meant is not None:
            problems.append(_problem(note, "company", token.start, _end_of(token), meant))
    return _first_come(problems)


def _end_of(token: _Token) -> int:
    """Where the word ends, before any possessive ending."""
    return token.start + len(_stem(token.text))


def _windows(note: _Note, size: int) -> Iterator[tuple[_Token, ...]]:
    """Runs of `size` words on one line, a space or two (or '&') apart."""
    tokens = note.tokens
    for first in range(len(tokens) - size + 1):
        window = tokens[first : first + size]
        gaps = (note.plain[a.end : b.start] for a, b in itertools.pairwise(window))
        if all(len(gap) <= 3 and "\n" not in gap for gap in gaps):
            yield window


def _misspelt_name(window: tuple[_Token, ...], words: tuple[str, ...], known: _Known) -> bool:
    """A capitalised run whose words are each equal or close to the recorded ones, one at
    least not equal; and either a distinctive word is right ('Acme Crop') or every wrong
    distinctive word is no word in its own right ('Acmee Corp')."""
    written = [_stem(token.text) for token in window]
    pairs = list(zip(written, words, strict=True))
    if not written[0][:1].isupper() or not all(_equal(w, r) or _close(w, r) for w, r in pairs):
        return False
    wrong = [(w, r) for w, r in pairs if not _equal(w, r)]
    distinctive = {word.casefold() for word in _distinctive(words)}
    if not wrong:
        return False
    if any(_equal(w, r) and r.casefold() in distinctive for w, r in pairs):
        return True
    return all(not known.word(w) for w, r in wrong if r.casefold() in distinctive)


def _misspelt_word(
    word: str, words: tuple[str, ...], others: set[str], known: _Known
) -> str | None:
    """The distinctive word of the company `word` misspells, if it is no word itself."""
    if len(word) < 4 or word.casefold() in others or known.word(word):
        return None
    for meant in _distinctive(words):
        if len(meant) >= 4 and not _equal(word, meant) and _close(word, meant):
            return meant
    return None


def _other_companies_named(note: _Note, context: ProofContext) -> list[Problem]:
    """Another employer of the pipeline named in this note: pasted from another letter."""
    problems = []
    for other in context.other_companies:
        for pattern in _company_patterns(other, context.company):
            for match in pattern.finditer(note.plain):
                if not _hidden(note, match.start()):
                    start, end = match.span()
                    problems.append(_problem(note, "other_company", start, end, context.company))
    return _first_come(sorted(problems, key=lambda p: (p.start, -p.end)))


def _company_patterns(other: str, company: str) -> list[re.Pattern[str]]:
    """The other employer's full name, and its distinctive words alone unless this employer's
    name has them too ('Acme' of 'Acme Labs' in a note to Acme Corp). A name of several
    words is matched in any case; one word only as recorded or in capitals, since 'Square'
    or 'Target' in lower case is likely the ordinary word."""
    words = _name_words(other)
    if not words:
        return []
    patterns = [_as_named(words)]
    core = _distinctive(words)
    mine = {word.casefold() for word in _name_words(company)}
    if core != words and not {word.casefold() for word in core} <= mine:
        patterns.append(_as_named(core))
    return patterns


def _as_named(words: Sequence[str]) -> re.Pattern[str]:
    if len(words) > 1:
        return re.compile(_phrase(words), re.IGNORECASE)
    return re.compile(f"{_phrase(words)}|{_phrase([words[0].upper()])}")


def _phrase(words: Sequence[str]) -> str:
    return r"(?<![\w'-])" + r"\W{1,3}".join(re.escape(word) for word in words) + r"(?![\w-])"


def _hidden(note: _Note, position: int) -> bool:
    return any(start <= position < end for start, end in note.hidden)


# --- Placeholders ---------------------------------------------------------------------------

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


def _placeholders(note: _Note, context: ProofContext) -> list[Problem]:
    """Unfilled slots of a template, with what belongs there when the context says."""
    found = sorted(
        (match.start(), -match.end(), match.group())
        for pattern in PLACEHOLDERS
        for match in pattern.finditer(note.plain)
    )
    problems = [
        _problem(note, "placeholder", start, -negative_end, _filling(slot, context))
        for start, negative_end, slot in found
    ]
    return _first_come(problems)


def _filling(slot: str, context: ProofContext) -> str | None:
    """What an unfilled slot asks for, if the context knows it; the writer's own details not."""
    wanted = slot.lower()
    name = _name_words(context.recipient or "")
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


# --- Repeated words -------------------------------------------------------------------------

REPEATED = re.compile(
    r"(?<![\w'-])([^\W\d_]+(?:['-][^\W\d_]+)*)(?:(?:[ \t]+|[ \t]*\n[ \t]*)\1)+(?!\w|['-]\w)",
    re.IGNORECASE,
)
GRAMMATICAL_DOUBLES = frozenset({"had", "that"})


def _repeated_words(note: _Note, known: _Known) -> list[Problem]:
    """'the the', also across a line break (not a blank line); the fix is the word once."""
    problems = []
    for match in REPEATED.finditer(note.plain):
        word = match.group(1)
        twice = " ".join(match.group().lower().split())
        grammatical = word.lower() in GRAMMATICAL_DOUBLES and twice.count(" ") == 1
        if grammatical or known.mine(twice) or _hidden(note, match.start()):
            continue
        problems.append(_problem(note, "repeated_word", match.start(), match.end(), word))
    return problems


# --- Tone (S3) ------------------------------------------------------------------------------

Suggest = Callable[[re.Match[str]], str | None]


def _say(text: str | None) -> Suggest:
    def suggestion(match: re.Match[str]) -> str | None:
        if text is None or not match.group()[:1].isupper():
            return text
        return text[:1].upper() + text[1:]

    return suggestion


PLEADING: tuple[tuple[re.Pattern[str], Suggest], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), _say(suggestion))
    for pattern, suggestion in (
        (r"\bI(?:'m| am) (?:so |really |truly |very |just )?desperate\b", "I'm very keen"),
        (r"\bdesperately\b", "very much"),
        (r"\bdesperate\b", "eager"),
        (
            r"\bI (?:really |truly |so |just |badly |desperately )*need "
            r"(?:this|the|a) (?:job|position|role|opportunity|work)\b",
            "I would welcome this opportunity",
        ),
        (r"\bI(?:'m| am) (?:begging|pleading)(?: you)?\b", None),
        (r"\bbeg(?:ging)?(?: you)?\b", None),
        (r"\bpleading\b", None),
        (r"\bplease(?:[ \t]*,?[ \t]+please\b)+", "please"),
        (r"\bplease (?:hire me|give me (?:a|this|the|one) (?:chance|job|shot|position))\b", None),
        (r"\bgive me a chance\b", None),
        (r"\b(?:take|accept) any (?:job|position|role|offer|work)\b", None),
        (r"\bany (?:job|position|role|opening|work)(?: at all| whatsoever)\b", None),
        (r"\banything at all\b", None),
        (r"\bI(?:'ll|'d| will| would) do (?:absolutely )?anything\b", None),
        (r"\bmy (?:last|only) (?:hope|chance)\b", None),
    )
)
"""Desperation and pleading (S3), with a calmer phrase where one reads naturally."""

SHOUTED_MIN = 4
ACRONYMS = frozenset({"ASAP", "ATTN", "NASA", "HTML", "JSON", "UNIX", "SCUBA", "FAQS"})


def _tone(note: _Note, known: _Known) -> list[Problem]:
    """Desperation, pleading, '!!' and shouting: enthusiasm, never desperation (S3)."""
    pleading = [
        _problem(note, "tone", match.start(), match.end(), suggest(match))
        for pattern, suggest in PLEADING
        for match in pattern.finditer(note.plain)
    ]
    exclaimed = [
        _problem(note, "tone", match.start(), match.end(), "!")
        for match in re.finditer(r"!{2,}", note.plain)
    ]
    return _first_come(pleading, exclaimed, _shouting(note, known))


def _shouting(note: _Note, known: _Known) -> list[Problem]:
    """An ordinary word in capitals, in a line that is otherwise written normally."""
    problems = []
    for token in note.tokens:
        word = token.text
        if not _shouted(word, note, token, known):
            continue
        calm = word.lower()
        if _starts_sentence(note.plain, token.start):
            calm = calm[:1].upper() + calm[1:]
        problems.append(_problem(note, "tone", token.start, token.end, calm))
    return problems


def _shouted(word: str, note: _Note, token: _Token, known: _Known) -> bool:
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


# --- The note as a whole (S7) ---------------------------------------------------------------

THANKS = re.compile(
    r"\b(?:thank(?:s|ed|ing|ful|you)?|grateful|gratitude|appreciat\w*|obliged)\b", re.IGNORECASE
)
FIT = re.compile(
    r"\b(?:my (?:experience|background|work|track record|skills?|expertise|time at|years)"
    r"|I(?:'d| would| can| could)? bring|I(?:'ve| have)? (?:led|built|designed|managed|shipped"
    r"|delivered|launched|created|grew|reduced|cut|scaled|developed|ran|owned|drove|improved"
    r"|migrated|automated|rebuilt|mentored)"
    r"|skills?|experience (?:in|with)|years of|track record|well[- ]suited|qualifi\w+"
    r"|(?:good|strong|great|natural|close) (?:fit|match))\b",
    re.IGNORECASE,
)
"""A sentence that tells the reader why the writer fits (S7)."""
STOPWORDS = _word_set(
    """a an and are as at be by for from has have i in into is it its my of on or our over
    the their this to was we were with you your me than that more most per"""
)
ECHO_WORDS = 2
ECHO_SIMILARITY = 90


def _whole_note(note: _Note, context: ProofContext) -> list[Problem]:
    """S7: a note thanks the reader and reminds them why the writer fits."""
    problems = []
    if THANKS.search(note.plain) is None:
        problems.append(_problem(note, "no_thanks", 0, len(note.text), None))
    if not _gives_fit(note.plain, context):
        problems.append(_problem(note, "no_fit", 0, len(note.text), None))
    return problems


def _gives_fit(plain: str, context: ProofContext) -> bool:
    """A fit phrase ('I led', 'my experience'), or one of the user's strengths echoed.
    Naming the role or the employer echoes nothing ('Platform Engineer' is no platform work)."""
    if FIT.search(plain) is not None:
        return True
    said = _content(plain) - _content(f"{context.role} {context.company}")
    return any(_echoes(strength, plain, said) for strength in context.strengths)


def _echoes(strength: str, plain: str, said: set[str]) -> bool:
    """At least two content words of the strength (or all, if fewer), or a near-quote."""
    wanted = _content(strength)
    if wanted and len(wanted & said) >= min(ECHO_WORDS, len(wanted)):
        return True
    return fuzz.partial_ratio(strength.lower(), plain.lower()) >= ECHO_SIMILARITY


def _content(text: str) -> set[str]:
    """The text's content words, roughly stemmed: 'costs' meets 'cost', 'cutting' 'cut',
    'migrated' 'migrate'."""
    words = (m.group().lower() for m in WORD.finditer(_straight(text)))
    return {_root(word) for word in words if word not in STOPWORDS and not word.isdigit()}


def _root(word: str) -> str:
    """A crude stem, enough to match a strength's words in a note: no dictionary needed."""
    word = _stem(word)
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    doubled = len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousl"
    return word[:-1] if doubled else word
