"""`afterview proof FILE --application ID --json` on what real people get wrong, and on a
correct note from a British writer: the command line end to end, on the test's own home."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.console import afterview_cli

LETTERS = Path(__file__).resolve().parents[1] / "data" / "letters"


@pytest.fixture
def british(tmp_path: Path) -> Path:
    """The British writer's pipeline imported into the test's home."""
    assert afterview_cli("import", str(LETTERS / "gb" / "pipeline.json")).code == 0
    return tmp_path


def proof(folder: Path, text: str, contact: str = "oliver-bennett") -> tuple[int, Any]:
    note = folder / "note.txt"
    note.write_text(text, encoding="utf-8")
    ran = afterview_cli(
        "proof", str(note), "--application", "northstar-pm", "--contact", contact, "--json"
    )
    return ran.code, json.loads(ran.out)


def found(data: Any) -> list[tuple[str, str, str | None]]:
    return [(p["kind"], p["text"], p["suggestion"]) for p in data["problems"]]


def test_a_british_writers_correct_note_has_no_problems(british: Path) -> None:
    text = (LETTERS / "gb" / "01_oliver_email.txt").read_text(encoding="utf-8")
    assert proof(british, text) == (0, {"ok": True, "problems": []})


BASE = (
    "Dear Oliver,\n\nThank you for meeting me about the Senior Product Manager role. {}\n\n"
    "I led the checkout programme at Brightwater.\n\nEleanor Hughes\n"
)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("I look forward to hearing form you.", [("spelling", "form", "from")]),
        ("I was a Senior Product Manger before.", [("spelling", "Manger", "Manager")]),
        ("I worked in pubic relations.", [("spelling", "pubic", "public")]),
        ("It was a interview to remember.", [("spelling", "a", "an")]),
        ("Dear Recruiter's Name, thanks.", [("placeholder", "Recruiter's Name", None)]),
        ("Thanks from %FIRSTNAME% at $COMPANY.", [
            ("placeholder", "%FIRSTNAME%", None), ("placeholder", "$COMPANY", None)]),
        ("I'd be so grateful for any chance at all.", [("tone", "any chance at all", None)]),
        ("I am begging you to reconsider.", [("tone", "I am begging you", None)]),
    ],
)  # fmt: skip
def test_what_people_get_wrong_is_caught_with_a_safe_fix(
    british: Path, sentence: str, expected: list[tuple[str, str, str | None]]
) -> None:
    text = BASE.format(sentence)
    code, data = proof(british, text)
    assert code == 1
    assert found(data) == expected
    for problem in data["problems"]:
        assert text[problem["start"] : problem["end"]] == problem["text"]
