"""Varieties of English: a British, Canadian or Australian note is spelt right in its own way.

The clean letters of `tests/data/letters/{gb,ca,au}/` are written as a careful writer of
that country would, to the people of the `pipeline.json` beside them (whose profile
names the country); each must give no problem at all. The speller is the real one.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.adapters.formats import FORMATS
from afterview.adapters.speller import VARIETIES, PySpellChecker, english_words, variety_spellings
from afterview.domain.document import read_document
from afterview.domain.model import Pipeline
from afterview.domain.proofreading import ProofContext, context_for, proofread, variety_of
from tests.conftest import SUMMARY

LETTERS = Path(__file__).resolve().parents[1] / "data" / "letters"
COUNTRIES = {"gb": "northstar-pm", "ca": "maplewood-pm", "au": "bluegum-pm"}
"""Each country's folder of letters, and the application its letters are about."""


@cache
def pipeline_of(country: str) -> Pipeline:
    raw = json.loads((LETTERS / country / "pipeline.json").read_text(encoding="utf-8"))
    return read_document(raw, formats=FORMATS).pipeline


def letters_of(country: str) -> list[Path]:
    return sorted((LETTERS / country).glob("*.txt"))


def reader_of(pipeline: Pipeline, letter: Path) -> str:
    """The contact a letter is to: its file name holds the contact's first name."""
    return next(c.id for c in pipeline.contacts if c.id.split("-")[0] in letter.name)


def problems_of(country: str, letter: Path) -> list[tuple[str, str, str | None]]:
    pipeline = pipeline_of(country)
    context = context_for(pipeline, COUNTRIES[country], reader_of(pipeline, letter))
    speller = PySpellChecker(context.vocabulary)
    found = proofread(letter.read_text(encoding="utf-8"), context, speller)
    return [(p.kind, p.text, p.suggestion) for p in found]


CASES = [(country, letter) for country in COUNTRIES for letter in letters_of(country)]


def test_each_country_has_at_least_six_letters() -> None:
    assert {country: len(letters_of(country)) >= 6 for country in COUNTRIES} == dict.fromkeys(
        COUNTRIES, True
    )


@pytest.mark.parametrize(("country", "letter"), CASES, ids=[f"{c}-{p.name}" for c, p in CASES])
def test_a_clean_letter_of_each_country_has_no_problems(country: str, letter: Path) -> None:
    assert problems_of(country, letter) == []


def test_false_positives_per_country_are_reported() -> None:
    lines = ["false positives on clean letters, by the writer's country"]
    for country in COUNTRIES:
        flagged = sum(len(problems_of(country, letter)) for letter in letters_of(country))
        lines.append(
            f"{country.upper():<4} {len(letters_of(country)):>2} letters {flagged:>3} flagged"
        )
    SUMMARY.extend(lines)


# --- The writer's variety -------------------------------------------------------------------

GB_NOTE = (
    "Dear Oliver,\n\nThank you for Tuesday. I enjoyed hearing how your team prioritises the "
    "programme, and how the backend and frontend engineers plan together. At Brightwater I led "
    "a similar organisation through its first year of onboarding, and I analysed the colour of "
    "every dashboard.\n\nKind regards,\nEleanor Hughes\n"
)


def context_in(country: str) -> ProofContext:
    return ProofContext(
        company="Northstar Digital",
        role="Senior Product Manager",
        recipient="Oliver Bennett",
        people=("Oliver Bennett", "Eleanor Hughes"),
        strengths=("Led the checkout programme at Brightwater",),
        country=country,
    )


@pytest.mark.parametrize("country", ["GB", "UK", "gb", "IE", "IN", "ZA", "NZ", "AU", "DE"])
def test_a_british_note_passes_wherever_british_spelling_is_the_usage(country: str) -> None:
    assert proofread(GB_NOTE, context_in(country), PySpellChecker()) == []


def test_the_same_note_from_the_united_states_is_fixed_to_american_forms_not_lookalikes() -> None:
    found = {p.text: p.suggestion for p in proofread(GB_NOTE, context_in("US"), PySpellChecker())}
    assert found == {  # "programme" is in the user's own strength, so never an error
        "prioritises": "prioritizes",
        "organisation": "organization",
        "analysed": "analyzed",
        "colour": "color",
    }
    american = PySpellChecker()
    assert (american.suggest("programme"), american.suggest("backend")) == ("program", None)


def test_canada_writes_colour_and_centre_but_organize() -> None:
    canadian = context_in("CA")
    text = "Thank you. I led the colour and centre work; I organize, not organise."
    found = [(p.text, p.suggestion) for p in proofread(text, canadian, PySpellChecker())]
    assert found == [("organise", "organize")]


@pytest.mark.parametrize(
    ("country", "variety"),
    [("US", "en-US"), ("PR", "en-US"), ("", "en-US"), ("CA", "en-CA"), ("AU", "en-AU"),
     ("NZ", "en-AU"), ("GB", "en-GB"), ("UK", "en-GB"), ("IE", "en-GB"), ("IN", "en-GB"),
     ("ZA", "en-GB"), ("FR", "en-GB")],
)  # fmt: skip
def test_the_profiles_country_names_a_variety(country: str, variety: str) -> None:
    assert variety_of(country) == variety


def test_each_variety_is_built_once_per_speller() -> None:
    speller = PySpellChecker(["northstar"])
    assert speller.in_variety("en-GB") is speller.in_variety("en-GB")
    assert speller.in_variety("en-GB").in_variety("en-US") is speller
    assert speller.in_variety("en-AU").knows("Northstar")
    with pytest.raises(ValueError, match="no such variety"):
        speller.in_variety("en-XX")


# --- A right word is never "fixed" into another ---------------------------------------------

WORDS = {variety: sorted(english_words().word_frequency.dictionary) for variety in VARIETIES}
WORDS = {variety: sorted({*words, *variety_spellings(variety)}) for variety, words in WORDS.items()}
SLIPS_ANYWHERE = frozenset({"pubic", "manger", "mangers"})
"""Words the proofreader takes for a slip wherever they stand (docs/proofreading.md)."""


@settings(max_examples=300, deadline=None)
@given(data=st.data(), variety=st.sampled_from(VARIETIES))
def test_a_real_word_of_the_variety_gets_no_suggestion(data: st.DataObject, variety: str) -> None:
    word = data.draw(st.sampled_from(WORDS[variety]))
    speller = PySpellChecker().in_variety(variety)
    assert speller.suggest(word) is None
    country = {"en-US": "US", "en-GB": "GB", "en-CA": "CA", "en-AU": "AU"}[variety]
    text = f"Thank you for the note about {word} today."
    found = [
        p for p in proofread(text, context_in(country), PySpellChecker()) if p.kind == "spelling"
    ]
    assert word in SLIPS_ANYWHERE or [p for p in found if p.text.lower() == word] == []
