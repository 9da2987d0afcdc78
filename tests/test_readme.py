"""The README is a test: every command line of its `sh` blocks runs, in order, on a fresh
AFTERVIEW_HOME, and does what the README says it does.

The environment is the README's own, with what a test must control: a local SMTP server
(aiosmtpd on 127.0.0.1) as AFTERVIEW_SMTP_URL, the fax gateway set, AFTERVIEW_TODAY
pinned. The files the README's commands read (an invitation, business cards,
spreadsheets, a note) are the test's samples. A command that cannot run here is named
in SKIPPED with the reason; a command with no check in CHECKS fails the test, so a new
line in the README cannot go untested.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from afterview.cli.app import main
from afterview.config import ENVIRONMENT
from tests.dovecot import Dovecot
from tests.smtp import Inbox, local_smtp

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
TODAY = "2026-11-23"
"""A Monday, three days after the tour's interview of Friday 20 November."""
NOTE = "Dear Ms. Dow,\n\nThank you for the the interview on Friday.\n\nBest,\nSam Rivera\n"
SAMPLES = {
    "invite.ics": DATA / "invites" / "google.ics",
    "cards.vcf": DATA / "cards" / "apple.vcf",
    "jobsync-export.csv": DATA / "csv" / "jobsync.csv",
    "applications.csv": DATA / "csv" / "generic.csv",
}
SKIPPED = {
    "python3 -m pip install -q uv && python3 -m uv sync --locked && "
    ".venv/bin/python -m compileall -q src && .venv/bin/afterview demo --serve": (
        "sets up the machine and then serves the web UI until Ctrl+C; "
        "tests/cli/test_cli.py runs `demo` and tests/browser the web UI"
    ),
    "python3 -m pip install -q uv && python3 -m uv sync --locked && .venv/bin/pytest": (
        "runs this very test suite"
    ),
}


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class Tour:
    """Where the README's commands run, and what a check may look at."""

    home: Path
    folder: Path
    inbox: Inbox
    smtp_port: int
    run: Callable[..., Result]
    imap_url: str

    def json(self, *args: str) -> Any:
        result = self.run(*args)
        assert result.code == 0, result.err
        return json.loads(result.out)

    def exported(self) -> Any:
        return self.json("export")


def commands() -> Iterator[tuple[str, str]]:
    """(block language, command line) for each command of the README, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for language, block in re.findall(r"^```(\w*)\n(.*?)^```", text, re.S | re.M):
        for line in block.replace("\\\n", " ").splitlines():
            if line.strip():
                yield language, line


def words(line: str) -> list[str]:
    return shlex.split(line, comments=True)


# --- What the README says each command does -----------------------------------------------------

Check = Callable[[Tour, Result], None]


def ok(result: Result) -> None:
    assert result.code == 0, result.err


def profile_set(tour: Tour, result: Result) -> None:
    ok(result)
    profile = tour.exported()["profile"]
    assert (profile["name"], profile["country"], profile["subdivision"]) == (
        "Sam Rivera",
        "US",
        "CA",
    )
    assert profile["strengths"] == ["Cut pipeline costs 40% at Brightline"]


def apply_acme(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Recorded application 'acme-de'" in result.out
    (acme,) = [a for a in tour.exported()["applications"] if a["id"] == "acme-de"]
    assert (acme["company"], acme["medium"], acme["interest"]) == ("Acme Corp", "email", 4)


def interview_add(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Recorded interview 'acme-de-1' on 2026-11-20 with 2 interviewer(s)." in result.out
    actions = tour.json("agenda", "--json")["actions"]
    thanks = {a["contact"] for a in actions if a["kind"] == "thank_you"}
    assert thanks == {"jane-doe", "omar-said"}


def agenda(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Due now" in result.out
    assert "Thank Jane Doe (Acme Corp)" in result.out
    assert "S5 thank each one" in result.out


def log_thank_you(tour: Tour, result: Result) -> None:
    ok(result)
    actions = tour.json("agenda", "--json")["actions"]
    assert {a["contact"] for a in actions if a["kind"] == "thank_you"} == {"omar-said"}


def decision_date(tour: Tour, result: Result) -> None:
    ok(result)
    kinds = {a["kind"] for a in tour.json("agenda", "--json")["actions"]}
    assert "ask_decision_date" not in kinds


def contact_add(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Added contact 'dana-kim': Dana Kim." in result.out


def reference_add(tour: Tour, result: Result) -> None:
    ok(result)
    actions = tour.json("agenda", "--json")["actions"]
    alerts = [a for a in actions if a["kind"] == "alert_references"]
    assert [(a["application"], a["contact"]) for a in alerts] == [("acme-de", "dana-kim")]


def log_call(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Note: the playbook suggests calling Acme Corp from" in result.out
    kinds = {a["kind"] for a in tour.json("agenda", "--json")["actions"]}
    assert "follow_up_call" not in kinds


def apply_globex(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Recorded application 'globex'" in result.out


def status_offer(tour: Tour, result: Result) -> None:
    ok(result)
    actions = tour.json("agenda", "--json")["actions"]
    leverage = [a for a in actions if a["kind"] == "leverage_offer"]
    assert [(a["application"], a["rule"]) for a in leverage] == [("acme-de", "S15")]


def pipeline(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Acme Corp" in result.out
    assert "Globex" in result.out
    assert "Health:" in result.out


def export_backup(tour: Tour, result: Result) -> None:
    ok(result)
    backup = json.loads((tour.folder / "backup.json").read_text())
    assert backup == tour.exported()


def import_backup(tour: Tour, result: Result) -> None:
    ok(result)
    backup = json.loads((tour.folder / "backup.json").read_text())
    assert tour.exported() == backup


def draft_panel(tour: Tour, result: Result) -> None:
    ok(result)
    assert "jane@acme.com" in result.out
    assert "omar@acme.com" in result.out
    assert result.out.count("✓ proofread: no problems") == 2


def draft_json(tour: Tour, result: Result) -> None:
    ok(result)
    drafts = json.loads(result.out)["drafts"]
    assert [d["contact"] for d in drafts] == ["jane-doe", "omar-said"]
    assert all({"contact", "medium", "to", "subject", "body"} <= set(d) for d in drafts)


def proof(tour: Tour, result: Result) -> None:
    assert result.code == 1
    assert "name (S4): 'Dow' → Doe" in result.out
    assert "repeated word: 'the the' → the" in result.out


def call_script(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Acme Corp" in result.out
    assert "pipeline costs 40% at Brightline" in result.out
    assert "Afterwards: afterview log call --application acme-de" in result.out


def reference_alert(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Dana" in result.out
    assert "Acme Corp" in result.out


def export_variable(tour: Tour, result: Result) -> None:
    ok(result)


def send_dry_run(tour: Tour, result: Result) -> None:
    ok(result)
    assert "would send by email to omar@acme.com" in result.out
    assert "not sent to jane-doe: already thanked on 2026-11-23" in result.out
    assert tour.inbox.messages == []


def send(tour: Tour, result: Result) -> None:
    ok(result)
    assert "sent to omar-said by email" in result.out
    (message,) = tour.inbox.messages
    assert message["To"] == "Omar Said <omar@acme.com>"
    assert message["From"] == "Sam Rivera <sam@example.org>"
    again = tour.run("send", "--interview", "acme-de-1")
    assert "not sent to omar-said: already thanked on 2026-11-23" in again.out
    assert len(tour.inbox.messages) == 1


def import_invite(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Recorded interview 'acme-de-2' on 2026-11-18 with 2 interviewer(s)." in result.out


def import_vcard(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Imported 2 contact(s)" in result.out


def export_vcard(tour: Tour, result: Result) -> None:
    ok(result)
    cards = (tour.folder / "network.vcf").read_text()
    assert cards.count("BEGIN:VCARD") == len(tour.exported()["contacts"])


def calendar(tour: Tour, result: Result) -> None:
    ok(result)
    feed = (tour.folder / "afterview.ics").read_text()
    assert feed.startswith("BEGIN:VCALENDAR")
    assert "Interview: Senior Data Engineer at Acme Corp" in feed


def remind(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Sent today's digest" in result.out
    digest = tour.inbox.messages[-1]
    assert digest["To"] == "Sam Rivera <sam@example.org>"
    assert str(digest["Subject"]).startswith("afterview: ")
    again = tour.run("remind")
    assert "already sent today" in again.out


def inbox_sync(tour: Tour, result: Result) -> None:
    ok(result)
    assert "@example.test at 127.0.0.1: 3 new messages" in result.out
    assert "2 messages to review: afterview inbox review" in result.out
    (reply,) = [t for t in tour.exported()["touches"] if t["kind"] == "employer_reply"]
    assert (reply["application"], reply["contact"], reply["follow_up_requested_on"]) == (
        "acme-de",
        "jane-doe",
        "2026-11-30",
    )
    assert reply["snippet"] == "Thanks, Sam. Let's talk again on the 30th."


def inbox_review(tour: Tour, result: Result) -> None:
    ok(result)
    for item in tour.json("inbox", "review", "--json")["review"]:
        assert item["key"] in result.out
    assert "someone afterview does not know" in result.out


def inbox_confirm(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Recorded the reply on acme-de" in result.out
    replies = [t for t in tour.exported()["touches"] if t["kind"] == "employer_reply"]
    assert [t["message_id"] for t in replies][-1] == "<recruiter-1@talent.example>"


def inbox_dismiss(tour: Tour, result: Result) -> None:
    ok(result)
    assert tour.json("inbox", "review", "--json")["review"] == []


def import_jobsync(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Imported 4 applications" in result.out


def import_generic(tour: Tour, result: Result) -> None:
    ok(result)
    assert "Imported 2 applications" in result.out


def export_csv(tour: Tour, result: Result) -> None:
    ok(result)
    rows = (tour.folder / "pipeline.csv").read_text().splitlines()
    assert rows[0].startswith("id,company,role,status")
    assert len(rows) == 1 + len(tour.exported()["applications"])


CHECKS: list[tuple[str, Check]] = [
    (r"^export AFTERVIEW_", export_variable),
    (r"^afterview profile set ", profile_set),
    (r'^afterview apply "Acme Corp"', apply_acme),
    (r"^afterview interview add ", interview_add),
    (r"^afterview agenda\b", agenda),
    (r"^afterview log thank_you ", log_thank_you),
    (r"^afterview interview edit .*--decision-expected", decision_date),
    (r'^afterview contact add "Dana Kim"', contact_add),
    (r"^afterview reference add ", reference_add),
    (r"^afterview log call ", log_call),
    (r"^afterview apply Globex", apply_globex),
    (r"^afterview status globex offer", status_offer),
    (r"^afterview pipeline\b", pipeline),
    (r"^afterview export -o backup.json", export_backup),
    (r"^afterview import backup.json", import_backup),
    (r"^afterview draft --interview \S+\s+#", draft_panel),
    (r"^afterview draft --interview \S+ --json", draft_json),
    (r"^afterview proof ", proof),
    (r"^afterview script ", call_script),
    (r"^afterview draft --note reference_alert", reference_alert),
    (r"^afterview send .*--dry-run", send_dry_run),
    (r"^afterview send --interview \S+\s+#", send),
    (r"^afterview import-invite ", import_invite),
    (r"^afterview import-vcard ", import_vcard),
    (r"^afterview export-vcard ", export_vcard),
    (r"^afterview calendar ", calendar),
    (r"^afterview remind\b", remind),
    (r"^afterview inbox sync\b", inbox_sync),
    (r"^afterview inbox review\b", inbox_review),
    (r"^afterview inbox confirm ", inbox_confirm),
    (r"^afterview inbox dismiss ", inbox_dismiss),
    (r"^afterview import-csv jobsync-export.csv", import_jobsync),
    (r"^afterview import-csv applications.csv", import_generic),
    (r"^afterview export-csv ", export_csv),
]


def check_for(line: str) -> Check:
    found = [check for pattern, check in CHECKS if re.search(pattern, line.strip())]
    assert len(found) == 1, f"README line with {len(found)} checks (want 1): {line}"
    return found[0]


# --- Running the tour -----------------------------------------------------------------------------


MAILBOX = (
    (
        "Jane Doe <jane@acme.com>",
        "<jane-1@acme.com>",
        "Thanks, Sam. Let's talk again on the 30th.\n\n-- \nJane Doe, VP Engineering",
    ),
    ("Recruiter <ana@talent.example>", "<recruiter-1@talent.example>", "About Acme: more soon."),
    ("Newsletter person <hi@blog.example>", "<blog-1@blog.example>", "My week in review."),
)
"""What the tour's mailbox holds: a reply from an interviewer, two strangers."""


def _mailbox(dovecot: Dovecot) -> str:
    from email.message import EmailMessage

    user, _ = dovecot.new_user()
    for sender, message_id, text in MAILBOX:
        message = EmailMessage()
        message["From"], message["To"] = sender, "Sam Rivera <sam@example.org>"
        message["Subject"], message["Date"] = "Re: Thank you", "Mon, 23 Nov 2026 09:00 -0800"
        message["Message-ID"] = message_id
        message.set_content(text)
        dovecot.append(user, "INBOX", bytes(message))
    return dovecot.url(user, tls="off")


@pytest.fixture
def tour(
    dovecot: Dovecot,
    afterview_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Tour]:
    folder = tmp_path / "work"
    folder.mkdir()
    for name, sample in SAMPLES.items():
        shutil.copy(sample, folder / name)
    (folder / "note.txt").write_text(NOTE)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("AFTERVIEW_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "160")
    with local_smtp() as (inbox, port):

        def run(*args: str) -> Result:
            capsys.readouterr()
            with pytest.raises(SystemExit) as exit_info:
                main(list(args))
            captured = capsys.readouterr()
            code = exit_info.value.code
            return Result(code if isinstance(code, int) else 0, captured.out, captured.err)

        yield Tour(afterview_home, folder, inbox, port, run, _mailbox(dovecot))


def test_every_readme_command_does_what_the_readme_says(
    tour: Tour, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = 0
    for language, line in commands():
        if language != "sh":
            continue
        command = " ".join(line.split())
        if command in SKIPPED:
            continue
        argv = words(line)
        if not argv:
            continue  # a comment
        check = check_for(line)
        if argv[0] == "export":
            variable, _, value = argv[1].partition("=")
            assert variable in ENVIRONMENT, variable
            monkeypatch.setenv(variable, exported_value(tour, variable, value))
            result = Result(0, "", "")
        else:
            assert argv[0] == "afterview", line
            result = tour.run(*review_key(tour, argv[1:]))
        check(tour, result)
        ran += 1
    assert ran >= 30


def review_key(tour: Tour, argv: list[str]) -> list[str]:
    """`inbox confirm KEY` and `inbox dismiss KEY` with the key of a message of the tour's
    mailbox in review (the README's key is an example): the recruiter's, then the blog's."""
    if argv[:2] not in (["inbox", "confirm"], ["inbox", "dismiss"]):
        return argv
    waiting = {i["message_id"]: i["key"] for i in tour.json("inbox", "review", "--json")["review"]}
    wanted = "<recruiter-1@talent.example>" if argv[1] == "confirm" else "<blog-1@blog.example>"
    return [*argv[:2], waiting[wanted], *argv[3:]]


def exported_value(tour: Tour, variable: str, readme_value: str) -> str:
    """The README's value, but the test's own home, mail server and mailbox."""
    if variable == "AFTERVIEW_HOME":
        return str(tour.home)
    if variable == "AFTERVIEW_IMAP_URL":
        return tour.imap_url
    if variable == "AFTERVIEW_SMTP_URL":
        return f"smtp://127.0.0.1:{tour.smtp_port}?tls=off"
    return readme_value


def test_the_skipped_commands_are_still_in_the_readme() -> None:
    lines = {" ".join(line.split()) for _, line in commands()}
    assert set(SKIPPED) <= lines
