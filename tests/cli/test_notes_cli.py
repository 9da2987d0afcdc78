"""draft, proof and script on real files: what a user reads before anything is sent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from afterview.services.demo import demo_document
from tests.cli.test_cli import EXAMPLE, Result, run  # noqa: F401  (the `run` fixture)

PROBLEM_KEYS = {"kind", "text", "start", "end", "suggestion"}


@pytest.fixture
def demo(run: Any, tmp_path: Path) -> Any:  # noqa: F811
    """The demo pipeline imported into the test's home, dated around 'today'."""
    import datetime as dt

    path = tmp_path / "demo.json"
    path.write_text(json.dumps(demo_document(dt.date(2026, 11, 25))))
    assert run("import", str(path)).code == 0
    return run


def test_draft_json_has_one_clean_note_per_interviewer(demo: Any) -> None:
    result = demo("draft", "--interview", "acme-1", "--json")
    assert result.code == 0, result.err
    drafts = result.json()["drafts"]
    assert [d["contact"] for d in drafts] == ["jane-doe", "omar-said", "priya-natarajan"]
    for draft in drafts:
        assert {"contact", "medium", "to", "subject", "body"} <= set(draft)
        assert draft["ok"] is True, draft["problems"]
        assert "Acme Corp" in draft["body"] or "Senior Data Engineer" in draft["body"]
    assert drafts[0]["to"] == "jane.doe@acme.example.com"


def test_draft_for_one_contact_is_the_same_note_as_in_the_panel(demo: Any) -> None:
    panel = demo("draft", "--interview", "acme-1", "--json").json()["drafts"]
    alone = demo("draft", "--interview", "acme-1", "--contact", "omar-said", "--json")
    assert alone.json()["drafts"] == [panel[1]]


def test_a_letter_by_mail_and_its_human_view(demo: Any) -> None:
    drafts = demo("draft", "--interview", "northwind-1", "--json").json()["drafts"]
    assert drafts[0]["medium"] == "mail"
    assert drafts[0]["to"] == "400 Market St\nSan Francisco, CA 94105"
    out = demo("draft", "--interview", "northwind-1").out
    assert "thank you · mail · 400 Market St" in out
    assert "proofread: no problems" in out
    assert "Dear Li Wei:" in out


def test_draft_errors_name_what_is_wrong(demo: Any) -> None:
    assert "no interview 'nope'" in demo("draft", "--interview", "nope").err
    result = demo("draft", "--interview", "acme-1", "--contact", "li-wei")
    assert result.code == 1
    assert "'li-wei' did not interview you in 'acme-1'" in result.err
    assert "--interview: give an interview" in demo("draft").err


def test_other_notes_are_drafted_and_proofread(demo: Any) -> None:
    for args in (
        ("--note", "follow_up", "--application", "hooli-de"),
        ("--note", "reference_alert", "--application", "acme-de"),
        ("--note", "leverage", "--application", "acme-de"),
        ("--note", "reconnect", "--application", "initech-pe", "--contact", "ana-silva"),
        ("--note", "keep_in_touch", "--contact", "raj-patel"),
    ):
        result = demo("draft", *args, "--json")
        assert result.code == 0, (args, result.err)
        (draft,) = result.json()["drafts"]
        assert draft["ok"] is True, (args, draft["problems"])


def test_proof_of_a_clean_note_exits_zero(demo: Any, tmp_path: Path) -> None:
    body = demo("draft", "--interview", "acme-1", "--contact", "jane-doe", "--json").json()[
        "drafts"
    ][0]["body"]
    note = tmp_path / "note.txt"
    note.write_text(body)
    result = demo("proof", str(note), "--application", "acme-de", "--contact", "jane-doe", "--json")
    assert result.code == 0, result.out
    assert result.json() == {"ok": True, "problems": []}


def test_proof_finds_problems_with_their_spans(demo: Any, tmp_path: Path) -> None:
    text = (
        "Dear Ms. Dow,\n\nThank you for the the interview at Acme Corp. I am very intrested "
        "in the role. I cut pipeline costs 40% at Brightline.\n\nSam Rivera\n"
    )
    note = tmp_path / "note.txt"
    note.write_text(text)
    result = demo("proof", str(note), "--application", "acme-de", "--contact", "jane-doe", "--json")
    assert result.code == 1
    data = result.json()
    assert data["ok"] is False
    kinds = {p["kind"] for p in data["problems"]}
    assert {"name", "repeated_word", "spelling"} <= kinds
    for problem in data["problems"]:
        assert set(problem) == PROBLEM_KEYS
        assert text[problem["start"] : problem["end"]] == problem["text"]
    human = demo("proof", str(note), "--application", "acme-de", "--contact", "jane-doe")
    assert human.code == 1
    assert "intrested" in human.out
    assert "interested" in human.out


def test_proof_of_a_missing_file(demo: Any, tmp_path: Path) -> None:
    result = demo("proof", str(tmp_path / "none.txt"), "--application", "acme-de")
    assert result.code == 2
    assert "no such file" in result.err


def test_the_call_script(demo: Any) -> None:
    result = demo("script", "--application", "northwind-ae")
    assert result.code == 0
    assert "Call Northwind Analytics about the Analytics Engineer role" in result.out
    assert "when you expect to make a decision" in result.out


def test_notes_need_a_profile(run: Any) -> None:  # noqa: F811
    run("apply", "Acme Corp", "Engineer", "--id", "acme")
    run(
        "interview",
        "add",
        "--application",
        "acme",
        "--at",
        "2026-11-20",
        "--id",
        "acme-1",
        "--interviewer",
        "Jane Doe; VP; jane@acme.com",
    )
    result = run("draft", "--interview", "acme-1")
    assert result.code == 1
    assert "no profile yet" in result.err


def test_a_users_own_template_is_proofread_too(demo: Any, afterview_home: Path) -> None:
    folder = afterview_home / "templates" / "notes"
    folder.mkdir(parents=True)
    (folder / "keep_in_touch.txt.j2").write_text(
        "Dear {{ first }},\n\nThank you for the coffee; I hope all is wel. "
        "{{ strengths | join(' ') }}\n\n{{ sender.name }}\n"
    )
    (draft,) = demo("draft", "--note", "keep_in_touch", "--contact", "raj-patel", "--json").json()[
        "drafts"
    ]
    assert draft["ok"] is False
    assert [(p["kind"], p["text"]) for p in draft["problems"]] == [("spelling", "wel")]


def test_send_dry_run_json_follows_the_contract(demo: Any) -> None:
    result = demo("send", "--interview", "acme-1", "--dry-run", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["sent"] == []
    assert {s["contact"] for s in data["skipped"]} == {"jane-doe", "omar-said", "priya-natarajan"}
    assert all(set(s) == {"contact", "reason"} for s in data["skipped"])


def test_remind_dry_run_prints_the_digest(demo: Any) -> None:
    result = demo("remind", "--dry-run")
    assert result.code == 0, result.err
    assert result.out.startswith("Subject: afterview: ")
    assert "Overdue:" in result.out
    assert "Not sent: dry run." in result.out


def test_proof_offsets_count_windows_line_endings(demo: Any, tmp_path: Path) -> None:
    text = "Dear Jane,\r\n\r\nThank you for the the interview.\r\n\r\nSam Rivera\r\n"
    note = tmp_path / "crlf.txt"
    note.write_bytes(text.encode())
    data = demo(
        "proof", str(note), "--application", "acme-de", "--contact", "jane-doe", "--json"
    ).json()
    repeated = [p for p in data["problems"] if p["kind"] == "repeated_word"]
    assert [(text[p["start"] : p["end"]], p["text"]) for p in repeated] == [("the the", "the the")]
