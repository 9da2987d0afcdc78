"""The command line on real SQLite files: what a user types, and what they see."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main

from afterview.cli.app import app, main

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "pipeline.json"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run `afterview ARGS...` in this process, as the console script would."""
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("AFTERVIEW_TODAY", "2026-11-25")

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        captured = capsys.readouterr()
        code = exit_info.value.code
        return Result(code if isinstance(code, int) else 0, captured.out, captured.err)

    return invoke


def agenda_keys(run: Any, *extra: str) -> set[tuple[str, str | None, str | None, str | None]]:
    result = run("agenda", "--json", *extra)
    assert result.code == 0, result.err
    return {
        (a["kind"], a["application"], a["interview"], a["contact"])
        for a in result.json()["actions"]
    }


def all_commands() -> list[tuple[str, Any]]:
    """Every leaf command of the CLI, with its full name ("contact add")."""
    found: list[tuple[str, Any]] = []

    def walk(command: Any, name: str) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for sub_name, sub in subcommands.items():
                walk(sub, f"{name} {sub_name}".strip())
        else:
            found.append((name, command))

    walk(typer.main.get_command(app), "")
    return found


def test_every_command_has_help_with_an_example() -> None:
    commands = all_commands()
    assert len(commands) >= 16
    for name, command in commands:
        assert command.help, name
        assert "Example: afterview" in command.help, name


@pytest.mark.parametrize("name", [name for name, _ in all_commands()])
def test_help_runs_for_every_command(run: Any, name: str) -> None:
    result = run(*name.split(), "--help")
    assert result.code == 0
    assert "Example: afterview" in result.out


def test_import_then_export_gives_back_the_document(run: Any, tmp_path: Path) -> None:
    assert run("import", str(EXAMPLE)).code == 0
    out = tmp_path / "out.json"
    assert run("export", "-o", str(out)).code == 0
    assert json.loads(out.read_text()) == json.loads(EXAMPLE.read_text())
    assert run("export").json() == json.loads(EXAMPLE.read_text())


def test_a_bad_document_is_refused_whole_with_every_path(run: Any, tmp_path: Path) -> None:
    document = json.loads(EXAMPLE.read_text())
    document["applications"][0]["interviews"][0]["at"] = "sometime next week"
    document["contacts"][0]["email"] = "jane@"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    result = run("import", str(bad))
    assert result.code == 2
    assert "applications[0].interviews[0].at: not a date-time" in result.err
    assert "contacts[0].email: not an email address" in result.err
    assert "Traceback" not in result.err
    assert run("export").json()["applications"] == []


def test_import_refuses_existing_ids_unless_replace(run: Any, tmp_path: Path) -> None:
    assert run("import", str(EXAMPLE)).code == 0
    again = run("import", str(EXAMPLE))
    assert again.code == 2
    assert "'acme-de' exists already" in again.err
    assert again.err.endswith("hint: --replace replaces the records that exist\n")
    taken = run("apply", "Acme Corp", "Senior Data Engineer", "--id", "acme-de")
    assert taken.err == "error: --id: 'acme-de' exists already\n"  # apply has no --replace
    changed = json.loads(EXAMPLE.read_text())
    changed["applications"][0]["role"] = "Staff Data Engineer"
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(changed))
    assert run("import", str(path), "--replace").code == 0
    exported = run("export").json()
    assert exported["applications"][0]["role"] == "Staff Data Engineer"
    assert len(exported["touches"]) == 2


def test_import_of_a_missing_or_broken_file(run: Any, tmp_path: Path) -> None:
    assert "no such file" in run("import", str(tmp_path / "none.json")).err
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ')
    result = run("import", str(broken))
    assert result.code == 2
    assert "not JSON (line 1" in result.err


def test_agenda_json_follows_the_contract(run: Any) -> None:
    run("import", str(EXAMPLE))
    data = run("agenda", "--as-of", "2026-11-25", "--json").json()
    assert data["as_of"] == "2026-11-25"
    first = data["actions"][0]
    assert set(first) == {
        "kind",
        "application",
        "interview",
        "contact",
        "due_from",
        "due_by",
        "state",
        "rule",
        "title",
    }
    thank_omar = next(a for a in data["actions"] if a["kind"] == "thank_you")
    assert thank_omar == {
        **thank_omar,
        "contact": "omar-said",
        "due_from": "2026-11-20",
        "due_by": "2026-11-24",
        "state": "overdue",
        "rule": "S5",
    }


def test_agenda_human_view_groups_by_state(run: Any) -> None:
    run("import", str(EXAMPLE))
    out = run("agenda", "--as-of", "2026-11-25").out
    assert out.index("Overdue") < out.index("Due now") < out.index("Upcoming")
    assert "Thank Omar Said" in out
    assert "S5" in out


def test_a_bad_date_names_the_option(run: Any) -> None:
    result = run("agenda", "--as-of", "2026-13-01")
    assert result.code == 2
    assert result.err.strip() == "error: --as-of: not a date (no such day)"


def test_apply_interview_and_thank_yous(run: Any) -> None:
    assert run("apply", "Acme Corp", "Data Engineer", "--id", "acme").code == 0
    result = run(
        "interview",
        "add",
        "--application",
        "acme",
        "--at",
        "2026-11-20T10:00:00-08:00",
        "--kind",
        "onsite",
        "--interviewer",
        "Jane Doe; VP Engineering; jane@acme.com",
        "--interviewer",
        "Omar Said; Data Lead; omar@acme.com",
        "--id",
        "acme-1",
        "--topic",
        "Jane Doe=moving the lake to Iceberg",
    )
    assert result.code == 0, result.err
    keys = agenda_keys(run)
    assert ("thank_you", "acme", "acme-1", "jane-doe") in keys
    assert ("thank_you", "acme", "acme-1", "omar-said") in keys
    exported = run("export").json()
    assert exported["applications"][0]["status"] == "interviewing"
    interview = exported["applications"][0]["interviews"][0]
    assert interview["topics"] == {"jane-doe": "moving the lake to Iceberg"}
    jane = next(c for c in exported["contacts"] if c["id"] == "jane-doe")
    assert jane == {
        "id": "jane-doe",
        "name": "Jane Doe",
        "title": "VP Engineering",
        "company": "Acme Corp",
        "email": "jane@acme.com",
    }


def test_a_known_interviewer_is_reused_by_email(run: Any) -> None:
    run("apply", "Acme Corp", "Data Engineer", "--id", "acme")
    run(
        "interview",
        "add",
        "--application",
        "acme",
        "--at",
        "2026-11-20",
        "--interviewer",
        "Jane Doe; VP; jane@acme.com",
    )
    run(
        "interview",
        "add",
        "--application",
        "acme",
        "--at",
        "2026-11-27",
        "--interviewer",
        "Jane Doe; VP; JANE@acme.com",
    )
    exported = run("export").json()
    assert [c["id"] for c in exported["contacts"]] == ["jane-doe"]
    assert [iv["interviewers"] for iv in exported["applications"][0]["interviews"]] == [
        ["jane-doe"],
        ["jane-doe"],
    ]


def test_recording_the_decision_date_clears_the_action(run: Any) -> None:
    run("import", str(EXAMPLE))
    assert run("interview", "edit", "acme-1", "--decision-expected", "").code == 0
    assert ("ask_decision_date", "acme-de", "acme-1", None) in agenda_keys(run)
    assert run("interview", "edit", "acme-1", "--decision-expected", "2026-12-01").code == 0
    assert ("ask_decision_date", "acme-de", "acme-1", None) not in agenda_keys(run)


def test_an_interviewer_taken_off_the_panel_is_owed_no_thanks(run: Any) -> None:
    run("import", str(EXAMPLE))
    assert [key for key in agenda_keys(run) if key[3] == "omar-said"]
    assert run("interview", "edit", "acme-1", "--remove", "omar-said").code == 0
    (interview,) = run("export").json()["applications"][0]["interviews"]
    assert interview["interviewers"] == ["jane-doe"]
    assert interview["topics"] == {"jane-doe": "moving the lake to Iceberg"}
    assert not [key for key in agenda_keys(run) if key[3] == "omar-said"]
    refused = run("interview", "edit", "acme-1", "--remove", "dana-kim")
    assert refused.code == 2
    assert "--remove: 'dana-kim' is not on the panel of 'acme-1'" in refused.err


def test_contacts_add_edit_and_list(run: Any) -> None:
    assert (
        run(
            "contact",
            "add",
            "Dana Kim",
            "--title",
            "Director",
            "--email",
            "dana@brightline.io",
            "--phone",
            "+1 510 555 0199",
        ).code
        == 0
    )
    assert run("contact", "edit", "dana-kim", "--title", "", "--medium", "phone").code == 0
    contact = run("export").json()["contacts"][0]
    assert contact["medium"] == "phone"
    assert contact.get("title") is None
    listing = run("contact", "list").out
    assert "Dana Kim" in listing
    assert "no title" in listing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("contact", "add", "Zed", "--email", "zed@"), "error: --email: not an email address"),
        (("contact", "add", "Zed", "--phone", "12"), "error: --phone: not a phone number"),
        (("contact", "add", "Zed", "--medium", "pigeon"), "error: --medium: must be one of"),
        (("apply", "Acme", "Engineer", "--interest", "9"), "error: --interest: must be a whole"),
        (("apply", "Acme", "Engineer", "--applied-on", "soon"), "error: --applied-on: not a date"),
        (
            ("interview", "add", "--application", "nope", "--at", "2026-11-20"),
            "error: no application 'nope'",
        ),
        (("contact", "edit", "nobody", "--title", "x"), "error: no contact 'nobody'"),
        (("status", "nope", "rejected"), "error: no application 'nope'"),
        (("log", "hug"), "error: KIND: must be one of"),
        (("log", "call", "--application", "nope"), "error: no application 'nope'"),
        (("reference", "add", "nobody"), "error: no profile yet"),
        (("profile", "set", "--name", "Sam", "--country", "ZZ"), "error: --country: unknown"),
    ],
)
def test_user_mistakes_give_one_clear_line(run: Any, args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.code != 0
    assert result.err.startswith(message), result.err
    assert "Traceback" not in result.err


def test_interview_needs_an_offset_or_a_date(run: Any) -> None:
    run("apply", "Acme", "Engineer", "--id", "acme")
    result = run("interview", "add", "--application", "acme", "--at", "2026-11-20T10:00")
    assert result.code == 2
    assert "--at: not a date-time with a UTC offset" in result.err
    assert run("export").json()["applications"][0].get("interviews") is None


def test_references_clear_the_add_action_and_create_alerts(run: Any) -> None:
    run("profile", "set", "--name", "Sam Rivera", "--country", "US", "--subdivision", "CA")
    run("apply", "Acme", "Engineer", "--id", "acme")
    run(
        "interview",
        "add",
        "--application",
        "acme",
        "--at",
        "2026-11-20",
        "--interviewer",
        "Jane Doe; VP; jane@acme.com",
    )
    assert ("add_references", None, None, None) in agenda_keys(run)
    run("contact", "add", "Dana Kim", "--email", "dana@brightline.io")
    assert run("reference", "add", "dana-kim").code == 0
    keys = agenda_keys(run)
    assert ("add_references", None, None, None) not in keys
    assert ("alert_references", "acme", None, "dana-kim") in keys
    run("log", "reference_alert", "--application", "acme", "--contact", "dana-kim")
    assert ("alert_references", "acme", None, "dana-kim") not in agenda_keys(run)
    assert "Dana Kim" in run("profile", "show").out


def test_offer_and_rejection_drive_leverage_and_reconnect(run: Any) -> None:
    run("import", str(EXAMPLE))
    run("apply", "Globex", "Engineer", "--id", "globex")
    assert (
        run("status", "globex", "offer", "--deadline", "2026-12-04", "--summary", "$180k").code == 0
    )
    data = run("agenda", "--json").json()
    leverage = [a for a in data["actions"] if a["kind"] == "leverage_offer"]
    assert [(a["application"], a["due_from"], a["due_by"]) for a in leverage] == [
        ("acme-de", "2026-11-25", "2026-12-02")
    ]
    assert run("status", "acme-de", "rejected", "--on", "2026-11-30").code == 0
    keys = agenda_keys(run)
    assert ("reconnect", "acme-de", None, "jane-doe") in keys
    assert ("reconnect", "acme-de", None, "omar-said") in keys
    assert run("export").json()["applications"][0]["closed_on"] == "2026-11-30"


def test_an_early_follow_up_is_refused_unless_forced(run: Any) -> None:
    run("import", str(EXAMPLE))
    run("log", "employer_reply", "--application", "acme-de", "--on", "2026-11-24")
    early = run("log", "follow_up", "--application", "acme-de", "--on", "2026-11-25")
    assert early.code == 1
    assert "too soon to contact Acme Corp again" in early.err
    assert early.err.endswith("hint: --force does it anyway\n")
    assert "from 2026-12-05" in early.err or "2026-12-01" in early.err
    assert len(run("export").json()["touches"]) == 3
    forced = run("log", "follow_up", "--application", "acme-de", "--on", "2026-11-25", "--force")
    assert forced.code == 0
    assert len(run("export").json()["touches"]) == 4


def test_an_employer_request_sets_the_follow_up(run: Any) -> None:
    run("import", str(EXAMPLE))
    follow_ups = [a for a in run("agenda", "--json").json()["actions"] if a["kind"] == "follow_up"]
    assert [(a["due_from"], a["due_by"]) for a in follow_ups] == [("2026-12-05", "2026-12-07")]
    assert run("log", "follow_up", "--application", "acme-de", "--on", "2026-12-05").code == 0


def test_the_pipeline_table_and_its_health(run: Any) -> None:
    run("import", str(EXAMPLE))
    out = run("pipeline").out
    assert "acme-de" in out
    assert "interviewing" in out
    assert "1 active application" in out
    assert "keep searching (S10)" in out


def test_playbook_numbers_come_from_playbook_toml(run: Any, afterview_home: Path) -> None:
    run("import", str(EXAMPLE))
    (afterview_home / "playbook.toml").write_text("thank_you_business_days = 1\n")
    thank = [a for a in run("agenda", "--json").json()["actions"] if a["kind"] == "thank_you"]
    assert thank[0]["due_by"] == "2026-11-23"
    (afterview_home / "playbook.toml").write_text("thank_you_days = 1\n")
    result = run("agenda", "--json")
    assert result.code == 2
    assert "playbook.toml: thank_you_days: unknown setting" in result.err


def test_demo_builds_a_throwaway_home_with_work_in_it(run: Any, afterview_home: Path) -> None:
    first = run("demo")
    assert first.code == 0, first.err
    assert "Overdue" in first.out
    assert "Health:" in first.out
    assert (afterview_home / "demo" / "afterview.db").exists()
    assert run("demo").code == 0
    assert run("export").json()["applications"] == []


def test_the_demo_never_sends_through_the_users_mail_server(
    afterview_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its people are fictional: nothing may go out to them in the user's name."""
    import datetime as dt

    from afterview.bootstrap import create_demo_home
    from afterview.config import AppSettings

    monkeypatch.setenv("AFTERVIEW_SMTP_URL", "smtp://me:secret@smtp.example.org:587")
    monkeypatch.setenv("AFTERVIEW_FAX_GATEWAY", "{fax}@fax.example.net")
    demo = create_demo_home(AppSettings.from_environment(), dt.date(2026, 11, 25))
    try:
        assert demo.ports.mailer is None
        assert demo.ports.fax_gateway is None
        assert demo.settings.home == afterview_home / "demo"
    finally:
        demo.close()


def test_the_console_script_never_shows_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "AFTERVIEW_HOME": str(tmp_path), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "afterview", "log", "call", "--application", "nope"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == ("error: no application 'nope'\nhint: afterview pipeline lists them\n")


def test_a_long_section_is_cut_to_a_screenful(run: Any, tmp_path: Path) -> None:
    people = [
        {
            "id": f"p{n}",
            "name": f"Person {n}",
            "title": "Engineer",
            "email": f"p{n}@acme.example.com",
        }
        for n in range(45)
    ]
    document = {
        "format": "afterview/1",
        "contacts": people,
        "applications": [
            {
                "id": "acme",
                "company": "Acme",
                "role": "Engineer",
                "status": "interviewing",
                "interviews": [
                    {"id": "acme-1", "at": "2026-11-02", "interviewers": [p["id"] for p in people]}
                ],
            }
        ],
    }
    path = tmp_path / "panel.json"
    path.write_text(json.dumps(document))
    run("import", str(path))
    out = run("agenda").out
    actions = run("agenda", "--json").json()["actions"]
    overdue = [a for a in actions if a["state"] == "overdue"]
    assert len([a for a in actions if a["kind"] == "thank_you"]) == 45
    assert f"...and {len(overdue) - 40} more (agenda --json lists them all)" in out
    assert 40 - (len(overdue) - 45) <= out.count("Thank Person") < 45


def test_csv_in_and_out(run: Any, tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "csv" / "jobsync.csv"
    result = run("import-csv", str(data))
    assert result.code == 0, result.err
    assert "Imported 4 applications" in result.out
    out = tmp_path / "pipeline.csv"
    assert run("export-csv", "-o", str(out)).code == 0
    lines = out.read_text().splitlines()
    assert lines[0].startswith("id,company,role,status,applied_on")
    assert len(lines) == 5
    bad = tmp_path / "bad.csv"
    bad.write_text("company,role,applied_on\nAcme,Engineer,soon\n")
    refused = run("import-csv", str(bad))
    assert refused.code == 2
    assert refused.err == "error: row 2, applied_on: not a date (YYYY-MM-DD)\n"
    again = run("import-csv", str(data))
    assert again.code == 2
    assert "row 2, index: 'jobsync-1' exists already" in again.err
    assert again.err.endswith("hint: --replace replaces the records that exist\n")
    assert run("import-csv", str(data), "--replace").code == 0


def test_business_cards_in_and_out(run: Any, tmp_path: Path) -> None:
    cards = Path(__file__).resolve().parents[1] / "data" / "cards"
    result = run("import-vcard", str(cards / "outlook.vcf"))
    assert result.code == 0, result.err
    assert "Imported" in result.out
    out = tmp_path / "network.vcf"
    assert run("export-vcard", "-o", str(out)).code == 0
    assert out.read_text().startswith("BEGIN:VCARD")
    refused = run("import-vcard", str(cards / "no_fn.vcf"))
    assert refused.code == 2
    assert "no FN (formatted name)" in refused.err


def test_invites_in_and_the_calendar_out(run: Any, tmp_path: Path) -> None:
    invites = Path(__file__).resolve().parents[1] / "data" / "invites"
    run("import", str(EXAMPLE))
    result = run(
        "import-invite", str(invites / "google.ics"), "--application", "acme-de", "--id", "acme-2"
    )
    assert result.code == 0, result.err
    assert "Recorded interview 'acme-2'" in result.out
    out = tmp_path / "afterview.ics"
    assert run("calendar", "-o", str(out)).code == 0
    text = out.read_text()
    assert text.startswith("BEGIN:VCALENDAR")
    assert "UID:interview-acme-2@afterview" in text
    assert "DURATION:PT1H" in text
    refused = run("import-invite", str(invites / "no_dtstart.ics"), "--application", "acme-de")
    assert refused.code == 2
    assert refused.err.startswith("error: invite: no DTSTART")


def test_changing_country_keeps_the_region_consistent(run: Any) -> None:
    run("import", str(EXAMPLE))
    assert run("profile", "set", "--country", "GB").code == 0
    profile = run("export").json()["profile"]
    assert (profile["country"], profile.get("subdivision")) == ("GB", None)
    assert run("agenda", "--json").code == 0
    assert run("profile", "set", "--subdivision", "SCT").code == 0
    assert run("profile", "set", "--phone", "020 7946 0018").code == 0
    assert run("export").json()["profile"]["subdivision"] == "SCT"


def test_dates_outside_a_job_search_are_refused(run: Any, tmp_path: Path) -> None:
    document = json.loads(EXAMPLE.read_text())
    document["applications"][0]["interviews"][0]["at"] = "9999-12-30"
    path = tmp_path / "far.json"
    path.write_text(json.dumps(document))
    result = run("import", str(path))
    assert result.code == 2
    assert "applications[0].interviews[0].at: not a date of a job search" in result.err
    assert run("agenda", "--as-of", "0001-01-01").code == 2


def test_a_deeply_nested_file_is_refused_cleanly(run: Any, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    result = run("import", str(deep))
    assert result.code == 2
    assert "nested too deeply" in result.err


def test_inconsistent_log_and_status_options_are_refused(run: Any) -> None:
    run("import", str(EXAMPLE))
    early = run(
        "log",
        "employer_reply",
        "--application",
        "acme-de",
        "--on",
        "2026-11-24",
        "--follow-up-requested-on",
        "2026-11-20",
    )
    assert early.code == 2
    assert early.err.startswith("error: --follow-up-requested-on: 2026-11-20 is before the reply")
    accepted = run("status", "acme-de", "accepted", "--deadline", "2026-12-01")
    assert accepted.code == 2
    assert "belong to an offer" in accepted.err
    assert run("export").json()["applications"][0]["status"] == "interviewing"
