"""How a note greets a contact: set with --greeting, shown when a contact is added or
changed, and used by every note."""

from __future__ import annotations

import json

from tests.console import afterview_cli


def test_adding_a_contact_shows_how_notes_will_greet_them() -> None:
    assert afterview_cli("profile", "set", "--name", "Sam Rivera", "--country", "GB").code == 0
    ran = afterview_cli("contact", "add", "Dr Samuel Katz", "--company", "Acme")
    assert ran.code == 0, ran.err
    assert "“Dear Dr Katz,” by email, “Dear Dr Katz,” on paper" in ran.out
    family_first = afterview_cli("contact", "add", "Nguyễn Thị Lan")
    assert "“Dear Nguyễn Thị Lan,” by email" in family_first.out
    assert "set --greeting to change it" in family_first.out


def test_a_greeting_set_by_the_user_is_kept_and_used_by_the_notes() -> None:
    assert afterview_cli("profile", "set", "--name", "Sam Rivera").code == 0
    assert (
        afterview_cli("contact", "add", "Nguyễn Thị Lan", "--email", "lan@acme.example").code == 0
    )
    ran = afterview_cli("contact", "edit", "nguyen-thi-lan", "--greeting", "Ms. Nguyễn")
    assert ran.code == 0, ran.err
    assert "“Dear Ms. Nguyễn,” by email, “Dear Ms. Nguyễn:” on paper" in ran.out
    exported = json.loads(afterview_cli("export").out)
    assert exported["contacts"][0]["greeting"] == "Ms. Nguyễn"
    assert afterview_cli("apply", "Acme", "Data Engineer", "--id", "acme").code == 0
    added = afterview_cli(
        "interview", "add", "--application", "acme", "--at", "2026-11-24T10:00:00-05:00",
        "--contact", "nguyen-thi-lan", "--id", "acme-1",
    )  # fmt: skip
    assert added.code == 0, added.err
    drafts = json.loads(afterview_cli("draft", "--interview", "acme-1", "--json").out)["drafts"]
    assert drafts[0]["body"].startswith("Dear Ms. Nguyễn,")
    cleared = afterview_cli("contact", "edit", "nguyen-thi-lan", "--greeting", "")
    assert "“Dear Nguyễn Thị Lan,” by email" in cleared.out


def test_a_greeting_of_two_lines_is_refused_naming_the_option() -> None:
    assert afterview_cli("contact", "add", "Carol Mendes").code == 0
    ran = afterview_cli("contact", "edit", "carol-mendes", "--greeting", "Carol\nMendes")
    assert ran.code == 2
    assert ran.err.startswith("error: --greeting: ")
