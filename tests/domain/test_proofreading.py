"""The proofreader (S3, S7, S8): clean letters pass, seeded mistakes of every kind are caught.

The corpus is `tests/data/letters/`: letters of different styles, written to the
people and employers of `pipeline.json` beside them, each of which must give
zero problems. The seeds mutate those letters (a typo, a misspelt name, another
employer pasted in, a placeholder, a doubled word, pleading, no thanks, no fit)
and each must be caught with the right kind and the exact span; recall per kind
is printed (`pytest -s`) and must be 1.0. The speller is the real one.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from afterview.adapters.formats import FORMATS
from afterview.adapters.speller import PySpellChecker, english_words
from afterview.domain.document import read_document
from afterview.domain.model import Pipeline
from afterview.domain.proofreading import (
    KINDS,
    Problem,
    ProofContext,
    context_for,
    proofread,
)
from afterview.errors import NotFound
from tests.conftest import SUMMARY
from tests.factories import make_application, make_contact, make_pipeline, make_profile

LETTERS = Path(__file__).resolve().parents[1] / "data" / "letters"
ADDRESSED = {
    "01_short_email.txt": ("acme-de", "jane-doe"),
    "02_formal_letter.txt": ("acme-de", "jane-doe"),
    "03_fax.txt": ("acme-de", "jane-doe"),
    "04_follow_up_email.txt": ("acme-de", "raj-patel"),
    "05_reference_alert.txt": ("acme-de", "dana-kim"),
    "06_reconnect.txt": ("globex-pe", "zoe-chen"),
    "07_hyphenated.txt": ("acme-de", "raj-patel"),
    "08_possessives.txt": ("acme-de", "chris-jones"),
    "09_numbers.txt": ("acme-de", "jane-doe"),
    "10_non_ascii.txt": ("initech-da", "marta-lopez"),
    "11_bullets.txt": ("acme-de", "raj-patel"),
    "12_keep_in_touch.txt": ("initech-da", "liam-oconnor"),
    "13_offer_thanks.txt": ("initech-da", "marta-lopez"),
    "14_signature_links.txt": ("acme-de", "jane-doe"),
}
"""Each letter of the corpus, and the application and contact it is written for."""


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    raw = json.loads((LETTERS / "pipeline.json").read_text(encoding="utf-8"))
    return read_document(raw, formats=FORMATS).pipeline


@pytest.fixture(scope="module")
def speller(pipeline: Pipeline) -> PySpellChecker:
    return PySpellChecker(context_for(pipeline, "acme-de").vocabulary)


def letter(name: str) -> str:
    return (LETTERS / name).read_text(encoding="utf-8")


def check(pipeline: Pipeline, speller: PySpellChecker, name: str, text: str) -> list[Problem]:
    application, contact = ADDRESSED[name]
    return proofread(text, context_for(pipeline, application, contact), speller)


def shown(problems: list[Problem]) -> list[tuple[str, str, str | None]]:
    return [(p.kind, p.text, p.suggestion) for p in problems]


# --- The clean corpus -----------------------------------------------------------------------


def test_the_corpus_is_every_letter_in_the_folder() -> None:
    assert {path.name for path in LETTERS.glob("*.txt")} == set(ADDRESSED)
    assert len(ADDRESSED) >= 12


@pytest.mark.parametrize("name", sorted(ADDRESSED))
def test_a_clean_letter_has_no_problems(
    pipeline: Pipeline, speller: PySpellChecker, name: str
) -> None:
    assert shown(check(pipeline, speller, name, letter(name))) == []


# --- Seeded mistakes ------------------------------------------------------------------------

OPEN, CLOSE = "\u27e6", "\u27e7"
"""⟦ and ⟧ mark, in a seed's replacement, the exact span the proofreader must report."""


@dataclass(frozen=True)
class Seed:
    """One mistake put into a clean letter: each `old` (first whole-word occurrence) becomes
    `new`; ⟦…⟧ in a `new` marks the span expected (none: the whole note)."""

    letter: str
    kind: str
    edits: tuple[tuple[str, str], ...]
    fix: str | None = None
    """The suggestion expected, when there is an obvious one."""

    def apply(self) -> tuple[str, int, int]:
        text = letter(self.letter)
        for old, new in self.edits:
            found = re.search(whole_words(old), text)
            assert found, f"{self.letter}: {old!r} not found"
            text = text[: found.start()] + new + text[found.end() :]
        if OPEN not in text:
            return text, 0, len(text)
        start = text.index(OPEN)
        text = text.replace(OPEN, "", 1)
        end = text.index(CLOSE)
        return text.replace(CLOSE, "", 1), start, end


def whole_words(old: str) -> str:
    """A pattern for `old` that does not start or end inside a word."""
    before = r"(?<!\w)" if old[:1].isalnum() else ""
    after = r"(?!\w)" if old[-1:].isalnum() else ""
    return before + re.escape(old) + after


def seed(name: str, kind: str, old: str, new: str, fix: str | None = None) -> Seed:
    return Seed(name, kind, ((old, new),), fix)


SEEDS: tuple[Seed, ...] = (
    # spelling (S8): typos the dictionary does not hold; the fix keeps the capital
    seed("01_short_email.txt", "spelling", "conversation", "⟦converstion⟧", "conversation"),
    seed("02_formal_letter.txt", "spelling", "appreciated", "⟦apreciated⟧", "appreciated"),
    seed("03_fax.txt", "spelling", "discussion", "⟦discusion⟧", "discussion"),
    seed("04_follow_up_email.txt", "spelling", "thoughtful", "⟦thoughtfull⟧", "thoughtful"),
    seed("07_hyphenated.txt", "spelling", "data-driven", "data-⟦drivven⟧", "driven"),
    seed("08_possessives.txt", "spelling", "Friday's", "⟦Fridya⟧'s", "Friday"),
    seed("09_numbers.txt", "spelling", "numbers", "⟦nubmers⟧", "numbers"),
    seed("10_non_ascii.txt", "spelling", "pleasure", "⟦plesure⟧", "pleasure"),
    seed("12_keep_in_touch.txt", "spelling", "Since then", "⟦Sinse⟧ then", "Since"),
    seed("13_offer_thanks.txt", "spelling", "challenges", "⟦chalenges⟧", "challenges"),
    seed("01_short_email.txt", "spelling", "Thank you", "⟦Thankyou⟧", "Thank you"),
    # name: a person's name that is not the recorded spelling
    seed("02_formal_letter.txt", "name", "Dear Ms. Doe", "Dear Ms. ⟦Dow⟧", "Doe"),
    seed("01_short_email.txt", "name", "Hi Jane", "Hi ⟦Jaen⟧", "Jane"),
    seed("03_fax.txt", "name", "To: Jane Doe", "To: Jane ⟦Doh⟧", "Doe"),
    seed("05_reference_alert.txt", "name", "Jane Doe, their", "Jane ⟦Dow⟧, their", "Doe"),
    seed("10_non_ascii.txt", "name", "Dear Marta", "Dear ⟦Martha⟧", "Marta"),
    seed("10_non_ascii.txt", "name", "you and Liam", "you and ⟦Laim⟧", "Liam"),
    seed("06_reconnect.txt", "name", "Dear Zoë", "Dear ⟦Zoe⟧", "Zoë"),
    seed("08_possessives.txt", "name", "Chris Jones'", "⟦Chriss⟧ Jones'", "Chris"),
    seed("04_follow_up_email.txt", "name", "Hello Raj", "Hello ⟦Raja⟧", "Raj"),
    seed("12_keep_in_touch.txt", "name", "Hi Liam", "Hi ⟦Dana⟧", "Liam"),
    # company: this employer's name misspelt
    seed("01_short_email.txt", "company", "at Acme Corp", "at ⟦Acme Crop⟧", "Acme Corp"),
    seed("02_formal_letter.txt", "company", "how Acme Corp", "how ⟦Acmee Corp⟧", "Acme Corp"),
    seed("08_possessives.txt", "company", "Acme Corp's", "⟦Acme Copr⟧'s", "Acme Corp"),
    seed("08_possessives.txt", "company", "repeat at Acme", "repeat at ⟦Acmi⟧", "Acme"),
    seed("13_offer_thanks.txt", "company", "at Initech", "at ⟦Inittech⟧", "Initech"),
    seed(
        "06_reconnect.txt",
        "company",
        "help Globex Corporation",
        "help ⟦Globex Corportion⟧",
        "Globex Corporation",
    ),
    seed("14_signature_links.txt", "company", "to Acme Corp", "to ⟦ACME Crop⟧", "Acme Corp"),
    # other_company: another employer of the pipeline named in the note (copy-paste)
    seed("01_short_email.txt", "other_company", "at Acme Corp", "at ⟦Globex Corporation⟧"),
    seed("03_fax.txt", "other_company", "the Acme Corp office", "the ⟦Initech⟧ office"),
    seed(
        "06_reconnect.txt",
        "other_company",
        "help Globex Corporation",
        "help ⟦Acme Corp⟧",
        "Globex Corporation",
    ),
    seed("10_non_ascii.txt", "other_company", "to Initech", "to ⟦Acme⟧", "Initech"),
    seed("13_offer_thanks.txt", "other_company", "at Initech", "at ⟦Globex⟧", "Initech"),
    seed(
        "14_signature_links.txt",
        "other_company",
        "to Acme Corp",
        "to ⟦globex corporation⟧",
        "Acme Corp",
    ),
    seed(
        "02_formal_letter.txt",
        "other_company",
        "VP Engineering\nAcme Corp",
        "VP Engineering\n⟦Initech⟧",
    ),
    # placeholder: template slots left unfilled
    seed("01_short_email.txt", "placeholder", "at Acme Corp", "at ⟦[Company]⟧"),
    seed("04_follow_up_email.txt", "placeholder", "Hello Raj", "Hello ⟦[First Name]⟧"),
    seed(
        "07_hyphenated.txt", "placeholder", "the Senior Data Engineer role", "the ⟦{{role}}⟧ role"
    ),
    seed("12_keep_in_touch.txt", "placeholder", "best,\nSam", "best,\n⟦<YOUR NAME>⟧"),
    seed("13_offer_thanks.txt", "placeholder", "December 2", "⟦XXX⟧"),
    seed("11_bullets.txt", "placeholder", "costs 40%", "costs ⟦TBD⟧"),
    seed("05_reference_alert.txt", "placeholder", "this week", "on ⟦INSERT DATE⟧"),
    seed("09_numbers.txt", "placeholder", "Hi Jane", "Hi ⟦{name}⟧"),
    # repeated_word: a doubled word, in any case, across a line break too
    seed("01_short_email.txt", "repeated_word", "the time", "⟦the the⟧ time", "the"),
    seed("02_formal_letter.txt", "repeated_word", "left our", "left ⟦our our⟧", "our"),
    seed("04_follow_up_email.txt", "repeated_word", "to follow up", "⟦to to⟧ follow up", "to"),
    seed("03_fax.txt", "repeated_word", "on the drive", "⟦on\non⟧ the drive", "on"),
    seed("09_numbers.txt", "repeated_word", "Thank you", "⟦Thank thank⟧ you", "Thank"),
    seed("10_non_ascii.txt", "repeated_word", "attached my", "attached ⟦my my⟧", "my"),
    seed("07_hyphenated.txt", "repeated_word", "the on-call", "the ⟦on-call on-call⟧", "on-call"),
    # tone (S3): desperation and pleading
    seed(
        "01_short_email.txt",
        "tone",
        "your team.",
        "your team. ⟦I really need this job⟧.",
        "I would welcome this opportunity",
    ),
    seed("04_follow_up_email.txt", "tone", "let me know.", "let me know⟦!!!⟧", "!"),
    seed("03_fax.txt", "tone", "the next steps.", "the next steps⟦!!⟧", "!"),
    seed(
        "07_hyphenated.txt",
        "tone",
        "Looking forward",
        "⟦Please, please⟧ write back soon. Looking forward",
        "Please",
    ),
    seed(
        "02_formal_letter.txt",
        "tone",
        "I look forward to hearing",
        "⟦I'm desperate⟧ to hear",
        "I'm very keen",
    ),
    seed("11_bullets.txt", "tone", "Please let me", "⟦I'd do anything⟧ to join. Please let me"),
    seed("13_offer_thanks.txt", "tone", "I'm excited", "I'm ⟦REALLY⟧ excited", "really"),
    seed("06_reconnect.txt", "tone", "I hope you will think", "I ⟦beg you⟧ to think"),
    seed(
        "09_numbers.txt",
        "tone",
        "I'm happy to walk",
        "I would be glad of ⟦any position at all⟧. I'm happy to walk",
    ),
    # no_thanks (S7): every word of thanks taken out; the span is the whole note
    seed(
        "01_short_email.txt",
        "no_thanks",
        "Thank you for taking the time to meet with me on Friday. ",
        "",
    ),
    seed("07_hyphenated.txt", "no_thanks", "Thanks for the hands-on session yesterday. ", ""),
    seed(
        "11_bullets.txt",
        "no_thanks",
        "Thank you for the conversation about backfills and Airflow sensors. ",
        "",
    ),
    seed(
        "12_keep_in_touch.txt",
        "no_thanks",
        "I wanted to say thank you again for that conversation; ",
        "",
    ),
    seed("14_signature_links.txt", "no_thanks", "Many thanks for the conversation yesterday. ", ""),
    Seed(
        "03_fax.txt",
        "no_thanks",
        (
            ("Thank you for your time yesterday and for the tour", "I enjoyed the tour"),
            ("I am grateful for your interest and look", "I look"),
            ("Re: Thank you, Senior", "Re: Senior"),
        ),
    ),
    Seed(
        "13_offer_thanks.txt",
        "no_thanks",
        (
            ("Thank you for the offer for the Data Architect position at Initech. ", ""),
            ("I appreciate the care you took in putting it together, and I'm", "I'm"),
        ),
    ),
    # no_fit (S7): every reason why the writer fits taken out
    seed(
        "01_short_email.txt",
        "no_fit",
        "At Brightline I cut pipeline costs by 40%, and I would love to bring the same focus "
        "on cost and reliability to your team.\n\n",
        "",
    ),
    seed(
        "03_fax.txt",
        "no_fit",
        "As we discussed, I built on-call tooling at Brightline that halved incident response "
        "time, and I believe that experience would help your team run the new lake with "
        "confidence.\n\n",
        "",
    ),
    seed(
        "04_follow_up_email.txt",
        "no_fit",
        " My experience running Spark and Airflow pipelines at scale would let me contribute "
        "from the first week.",
        "",
    ),
    seed(
        "12_keep_in_touch.txt",
        "no_fit",
        "Since then I have migrated a 2 PB warehouse to Apache Iceberg, which put that rule to "
        "the test. ",
        "",
    ),
    seed(
        "13_offer_thanks.txt",
        "no_fit",
        " My experience building the data platform at Brightline has prepared me well for the "
        "challenges you described.",
        "",
    ),
    seed(
        "06_reconnect.txt",
        "no_fit",
        "If a role opens up where my background in data platforms and on-call tooling could help "
        "Globex Corporation, I hope you will think of me, and if you know of other teams looking "
        "for someone with that experience,",
        "If you know of other teams hiring,",
    ),
    seed(
        "14_signature_links.txt",
        "no_fit",
        "It covers how I cut pipeline costs 40% at Brightline, which I hope is a useful preview "
        "of what I'd bring to Acme Corp.\n\n",
        "",
    ),
)


FAMILIES: dict[str, tuple[Seed, ...]] = {
    # real words in the wrong place, which no dictionary flags: kind spelling, with the fix
    "real-word slip": (
        seed("02_formal_letter.txt", "spelling", "hearing from you", "hearing ⟦form⟧ you", "from"),
        seed(
            "01_short_email.txt",
            "spelling",
            "Senior Data Engineer",
            "Senior ⟦Date⟧ Engineer",
            "Data",
        ),
        seed(
            "01_short_email.txt",
            "spelling",
            "I would love",
            "I would ⟦defiantly⟧ love",
            "definitely",
        ),
        seed("04_follow_up_email.txt", "spelling", "your week", "⟦there⟧ team's week", "their"),
        seed("01_short_email.txt", "spelling", "your team", "⟦a⟧ interview team", "an"),
        seed("02_formal_letter.txt", "spelling", "ambitious", "⟦an⟧ university-grade", "a"),
        seed(
            "04_follow_up_email.txt",
            "spelling",
            "I know these",
            "I never want to ⟦loose⟧ touch; these",
            "lose",
        ),
        seed(
            "09_numbers.txt",
            "spelling",
            "I'm happy",
            "I worked in ⟦pubic⟧ relations. I'm happy",
            "public",
        ),
    ),
    # template slots in the forms people leave them: kind placeholder, never a guess
    "placeholder form": (
        seed("02_formal_letter.txt", "placeholder", "Dear Ms. Doe:", "Dear ⟦Recruiter's Name⟧:"),
        seed("02_formal_letter.txt", "placeholder", "Dear Ms. Doe:", "Dear ⟦Mr./Ms. Last Name⟧:"),
        seed("01_short_email.txt", "placeholder", "at Acme Corp", "at ⟦$COMPANY⟧"),
        seed("01_short_email.txt", "placeholder", "Hi Jane", "Hi ⟦%FIRSTNAME%⟧"),
        seed("04_follow_up_email.txt", "placeholder", "Hello Raj", "Hello ⟦[Hiring Manager]⟧"),
        seed(
            "07_hyphenated.txt",
            "placeholder",
            "the Senior Data Engineer role",
            "the ⟦<insert role>⟧ role",
        ),
    ),
    # pleading in other words than the literal phrases: kind tone
    "pleading paraphrase": (
        seed(
            "01_short_email.txt",
            "tone",
            "your team.",
            "your team. I'd be so grateful for ⟦any chance at all⟧.",
        ),
        seed(
            "04_follow_up_email.txt",
            "tone",
            "If there is",
            "⟦I am begging you⟧ to reconsider. If there is",
        ),
        seed(
            "02_formal_letter.txt",
            "tone",
            "I look forward",
            "Please, ⟦I really need this job⟧. I look forward",
            "I would welcome this opportunity",
        ),
        seed("09_numbers.txt", "tone", "I'm happy", "⟦I'll do anything⟧. I'm happy"),
        seed(
            "01_short_email.txt",
            "tone",
            "your team.",
            "your team. ⟦I desperately need this position⟧.",
            "I would welcome this opportunity",
        ),
    ),
}
"""The seeds of the mistakes people make that a dictionary misses, by family."""

SEEDS = (*SEEDS, *(one for family in FAMILIES.values() for one in family))


def seed_id(one: Seed) -> str:
    return f"{one.kind}-{one.letter[:2]}-{SEEDS.index(one)}"


def caught(pipeline: Pipeline, speller: PySpellChecker, one: Seed) -> tuple[bool, list[Problem]]:
    """Whether the seeded problem is reported exactly; and every problem reported."""
    text, start, end = one.apply()
    problems = check(pipeline, speller, one.letter, text)
    hit = any(
        (p.kind, p.start, p.end) == (one.kind, start, end)
        and p.text == text[start:end]
        and (one.fix is None or p.suggestion == one.fix)
        for p in problems
    )
    return hit, problems


@pytest.mark.parametrize("one", SEEDS, ids=seed_id)
def test_a_seeded_mistake_is_caught_exactly_and_alone(
    pipeline: Pipeline, speller: PySpellChecker, one: Seed
) -> None:
    hit, problems = caught(pipeline, speller, one)
    assert hit, shown(problems)
    assert {p.kind for p in problems} == {one.kind}, shown(problems)


def test_every_kind_is_seeded_at_least_five_times() -> None:
    counts = Counter(one.kind for one in SEEDS)
    assert {kind: counts[kind] >= 5 for kind in KINDS} == dict.fromkeys(KINDS, True)


def test_recall_is_complete_for_every_kind(pipeline: Pipeline, speller: PySpellChecker) -> None:
    """Every kind must be caught every time; the recall table ends the test run's output."""
    seeded: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for one in SEEDS:
        seeded[one.kind] += 1
        found[one.kind] += caught(pipeline, speller, one)[0]
    recall = {kind: found[kind] / seeded[kind] for kind in KINDS}
    lines = [
        "proofreading recall on seeded mistakes",
        f"{'kind':<14} {'seeded':>6} {'caught':>6} {'recall':>6}",
    ]
    lines += [
        f"{kind:<14} {seeded[kind]:>6} {found[kind]:>6} {recall[kind]:>6.2f}" for kind in KINDS
    ]
    lines.append(f"{'family':<20} {'seeded':>6} {'recall':>13}")
    families = {
        name: sum(caught(pipeline, speller, one)[0] for one in seeds) / len(seeds)
        for name, seeds in FAMILIES.items()
    }
    lines += [
        f"{name:<20} {len(FAMILIES[name]):>6} {rate:>13.2f}" for name, rate in families.items()
    ]
    SUMMARY.extend(lines)
    assert recall == dict.fromkeys(KINDS, 1.0)
    assert families == dict.fromkeys(FAMILIES, 1.0)


# --- Laws -----------------------------------------------------------------------------------

FRAGMENTS = (
    " ", " ", " ", "\n", "\n\n", ", ", ". ", "!", "!!", "-", "'s", "\u2019", "'",
    "the", "The", "thank", "Thanks", "I led", "Acme", "Corp", "Acme Corp", "Acmee", "Crop",
    "Globex", "Jane", "Doe", "Dow", "Jaen", "Dear Ms.", "Hi", "Zoë", "López", "[Company]",
    "{{role}}", "<NAME>", "XXX", "TBD", "INSERT", "please", "desperate", "REALLY", "on-call",
    "six-person", "40%", "$180k", "jane@acme.com", "https://acme.example.com/x", "teh",
    "recieve", "had", "Walla",
)  # fmt: skip


@st.composite
def notes(draw: st.DrawFn) -> str:
    """Texts made of the pieces the rules look at, and of arbitrary characters."""
    pieces = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6))
    return "".join(draw(st.lists(pieces, max_size=60)))


ACME = ProofContext(
    company="Acme Corp",
    role="Senior Data Engineer",
    recipient="Jane Doe",
    people=("Jane Doe", "Raj Patel", "Zoë Chen", "Marta López", "Sam Rivera"),
    other_companies=("Globex Corporation", "Initech"),
    strengths=("Cut pipeline costs 40% at Brightline",),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=notes())
def test_every_span_is_the_text_it_names(speller: PySpellChecker, text: str) -> None:
    problems = proofread(text, ACME, speller)
    for problem in problems:
        assert 0 <= problem.start <= problem.end <= len(text)
        assert text[problem.start : problem.end] == problem.text
        assert problem.kind in KINDS
    assert [p.start for p in problems] == sorted(p.start for p in problems)


@settings(max_examples=60, deadline=None)
@given(text=notes())
def test_proofreading_is_deterministic(speller: PySpellChecker, text: str) -> None:
    again = PySpellChecker(["acme", "corp", "backfills"])
    assert proofread(text, ACME, speller) == proofread(text, ACME, speller)
    assert proofread(text, ACME, again) == proofread(text, ACME, again)


WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
AROUND = ",.;:!?()\"'\u2019"


def words_alone(text: str) -> list[tuple[int, str]]:
    """Where each word stands between spaces, with at most punctuation around it (so not
    one inside an address, a number or a placeholder), and the word."""
    found = []
    for chunk in re.finditer(r"\S+", text):
        word = chunk.group().strip(AROUND)
        if WORD.fullmatch(word) and word.lower() not in ("had", "that"):
            found.append((chunk.start() + chunk.group().index(word), word))
    return found


@st.composite
def doubled(draw: st.DrawFn) -> tuple[str, str, int, int]:
    """A clean letter with one of its words written twice; the span the double takes."""
    name = draw(st.sampled_from(sorted(ADDRESSED)))
    text = letter(name)
    start, word = draw(st.sampled_from(words_alone(text)))
    end = start + len(word)
    return name, f"{text[:end]} {word}{text[end:]}", start, end + 1 + len(word)


@settings(max_examples=80, deadline=None)
@given(case=doubled())
def test_a_word_written_twice_is_reported_where_it_is(
    pipeline: Pipeline, speller: PySpellChecker, case: tuple[str, str, int, int]
) -> None:
    name, text, start, end = case
    problems = check(pipeline, speller, name, text)
    found = [(p.start, p.end) for p in problems if p.kind == "repeated_word"]
    assert found == [(start, end)], shown(problems)


# --- The rules' edges -----------------------------------------------------------------------

FIT = " I led the Iceberg migration at Brightline."


def problems_in(text: str, speller: PySpellChecker, context: ProofContext = ACME) -> list[str]:
    return [f"{p.kind}:{p.text}" for p in proofread(text, context, speller)]


@pytest.mark.parametrize(
    "text",
    [
        "Thank you, Jane. ACME CORP and acme corp are the same company.",
        "Thank you. Acme Corporation, or just Acme, is where I want to be.",
        "Thank you. It is what I had had in mind, and I know that that matters.",
        "Thank you for all the\n\nThe next step is yours.",
        "THANK YOU\nRE: SENIOR DATA ENGINEER\nThank you for a great day.",
        "NOTE: thank you; the FAQ and ASAP are acronyms, not shouting.",
        "Thanks! I'm sure it's Jones' and Acme's turn; we'd love that, don't you?",
        "Thank you. My résumé and resume are both fine, as is a naïve café.",
        "Thank you. See https://samrivera.dev/x, www.example.com or sam@example.org.",
        "Thank you. LinkedIn, GitHub, SQL, Q3, B2B, 24/7 and 3rd are not checked.",
    ],
)
def test_decided_cases_pass(speller: PySpellChecker, text: str) -> None:
    assert problems_in(text + FIT, speller) == []


def test_a_doubled_place_from_the_records_is_no_mistake(speller: PySpellChecker) -> None:
    pipeline = make_pipeline(
        make_application(),
        profile=make_profile(address="1 Main St\nWalla Walla, WA 99362"),
    )
    context = context_for(pipeline, "acme-de")
    assert problems_in("Thank you. I live in Walla Walla." + FIT, speller, context) == []
    assert "repeated_word:Sala Sala" in problems_in(
        "Thank you. I live in Sala Sala." + FIT, speller, context
    )


def test_the_users_records_are_never_spelling_errors() -> None:
    class KnowsNothing:
        def unknown(self, words: Iterable[str]) -> set[str]:
            return set(words)

        def suggest(self, word: str) -> str | None:
            return None

        def distance(self, first: str, second: str, cutoff: int) -> int:
            return OSA.distance(first, second, score_cutoff=cutoff)

        def partial_ratio(self, needle: str, text: str) -> float:
            return fuzz.partial_ratio(needle, text)

    context = ProofContext(
        company="Acme Corp",
        role="Senior Data Engineer",
        recipient="Jane Doe",
        people=("Zoë Chen",),
        strengths=("Kubernetes migrations",),
        vocabulary=frozenset({"backfills"}),
    )
    text = "Jane Doe Zoë Chen Acme Corp Senior Data Engineer Kubernetes migrations backfills"
    assert [p.kind for p in proofread(text, context, KnowsNothing())] == ["no_thanks"]
    misspelt = proofread("Thank you, gizmo.", context, KnowsNothing())
    assert [p.text for p in misspelt if p.kind == "spelling"] == ["Thank", "you", "gizmo"]


def test_a_salutation_naming_someone_else_is_the_wrong_person(speller: PySpellChecker) -> None:
    assert problems_in("Dear Raj, thank you." + FIT, speller) == ["name:Raj"]
    assert problems_in("Dear Jane and Raj, thank you." + FIT, speller) == []
    assert problems_in("Dear Hiring Manager, thank you." + FIT, speller) == []
    no_recipient = ProofContext(company="Acme Corp", role="Engineer", people=("Jane Doe",))
    assert problems_in("Dear Ms. Dow, thank you." + FIT, speller, no_recipient) == []


def test_another_employer_is_caught_by_its_own_name(speller: PySpellChecker) -> None:
    text = "Thank you. Globex is where I want to be, at INITECH or globex corporation." + FIT
    assert problems_in(text, speller) == [
        "other_company:Globex",
        "other_company:INITECH",
        "other_company:globex corporation",
    ]


def test_a_one_word_employer_in_lower_case_is_the_ordinary_word(speller: PySpellChecker) -> None:
    context = ProofContext(company="Acme Corp", role="Engineer", other_companies=("Square",))
    assert problems_in("Thank you for a square deal." + FIT, speller, context) == []
    assert problems_in("Thank you. Square and SQUARE." + FIT, speller, context) == [
        "other_company:Square",
        "other_company:SQUARE",
    ]


def test_a_sibling_company_sharing_a_word_is_named_only_in_full(speller: PySpellChecker) -> None:
    context = ProofContext(company="Acme Corp", role="Engineer", other_companies=("Acme Labs",))
    assert problems_in("Thank you, Acme." + FIT, speller, context) == []
    assert problems_in("Thank you, Acme Labs." + FIT, speller, context) == [
        "other_company:Acme Labs"
    ]


def test_placeholders_never_guess_what_goes_in_them(speller: PySpellChecker) -> None:
    text = "Thanks [Interviewer Name] at [Company] for the [Job Title] chat. [Your Name]" + FIT
    problems = proofread(text, ACME, speller)
    assert [(p.kind, p.suggestion) for p in problems] == [("placeholder", None)] * 4


def test_a_note_without_thanks_or_fit_is_flagged_whole(speller: PySpellChecker) -> None:
    text = "Hello Jane,\nIt was good to meet you.\nSam"
    problems = proofread(text, ACME, speller)
    assert [(p.kind, p.start, p.end, p.suggestion) for p in problems] == [
        ("no_fit", 0, len(text), None),
        ("no_thanks", 0, len(text), None),
    ]
    assert [p.kind for p in proofread("", ACME, speller)] == ["no_fit", "no_thanks"]


def test_a_strength_echoed_in_other_words_is_a_reason_to_fit(speller: PySpellChecker) -> None:
    assert problems_in("Thank you. Pipeline costs fell at Brightline.", speller) == []
    assert problems_in("Thank you. Brightline was fun.", speller) == [
        "no_fit:" + "Thank you. Brightline was fun."
    ]


def test_problem_json_is_the_contract_shape() -> None:
    problem = Problem("spelling", "teh", 4, 7, "the")
    assert problem.to_json() == {
        "kind": "spelling",
        "text": "teh",
        "start": 4,
        "end": 7,
        "suggestion": "the",
    }


# --- The context ----------------------------------------------------------------------------


def test_context_names_the_employer_the_people_and_the_others(pipeline: Pipeline) -> None:
    context = context_for(pipeline, "acme-de", "jane-doe")
    assert (context.company, context.role, context.recipient) == (
        "Acme Corp",
        "Senior Data Engineer",
        "Jane Doe",
    )
    assert "Sam Rivera" in context.people
    assert "Marta López" in context.people
    assert context.other_companies == ("Globex Corporation", "Initech")
    assert context.strengths[0] == "Cut pipeline costs 40% at Brightline"
    for word in ("airflow", "backfills", "bonus", "market", "recruiter", "iceberg", "oakland"):
        assert word in context.vocabulary


def test_context_leaves_out_this_employer_however_it_is_written() -> None:
    pipeline = make_pipeline(
        make_application("a", company="Acme Corp"),
        make_application("b", company="acme  corp"),
        make_application("c", company="Globex"),
        contacts=(make_contact("jane-doe"),),
    )
    context = context_for(pipeline, "a")
    assert context.other_companies == ("Globex",)
    assert context.recipient is None


def test_context_refuses_unknown_ids(pipeline: Pipeline) -> None:
    with pytest.raises(NotFound, match="no application 'nope'"):
        context_for(pipeline, "nope")
    with pytest.raises(NotFound, match="no contact 'nobody'"):
        context_for(pipeline, "acme-de", "nobody")


# --- The speller ----------------------------------------------------------------------------


def test_the_dictionary_is_loaded_once_per_process() -> None:
    assert english_words() is english_words()
    assert PySpellChecker()._dictionary is PySpellChecker(["kubernetes"])._dictionary


@pytest.mark.parametrize(
    ("typo", "fix"),
    [
        ("recieve", "receive"),
        ("intervewier", "interviewer"),
        ("recomendaton", "recommendation"),
        ("thankyou", "thank you"),
        ("adress", "address"),
        ("kubernetis", "kubernetes"),
        ("xqzvbnmklpwe", None),
    ],
)
def test_suggestions_are_right(typo: str, fix: str | None) -> None:
    """How fast they come is bench/bench_proofreading.py's to say, not a test's."""
    assert PySpellChecker(["Kubernetes"]).suggest(typo) == fix


def test_the_speller_knows_extra_words_and_reports_words_as_given() -> None:
    assert PySpellChecker().unknown(["Backfills", "the", "Teh"]) == {"Backfills", "Teh"}
    assert PySpellChecker(["backfills"]).unknown(["Backfills", "roadmap", "Kubernetes"]) == set()


def test_the_speller_measures_how_far_apart_two_spellings_are() -> None:
    speller = PySpellChecker()
    assert speller.distance("jane", "jaen", 1) == 1  # two letters swapped: one edit
    assert speller.distance("acme", "acmee", 2) == 1
    assert speller.distance("jane", "dana", 1) == 2  # more than the cutoff: cutoff + 1
    assert speller.distance("Jane", "jane", 0) == 1  # case counts
    assert speller.partial_ratio("cut pipeline costs", "I cut pipeline costs by 40%") == 100
    assert speller.partial_ratio("kubernetes", "a thank-you note") < 90
