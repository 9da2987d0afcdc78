"""Every note the demo drafts, of every kind and medium, as its reader gets it.

The same run that checks them writes them into docs/examples/ when pytest runs with
`--examples` (the letter and the fax rendered to PNG beside them); otherwise into the
test's own folder, so a test run leaves the work tree as it found it.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from afterview.bootstrap import Afterview
from afterview.domain.selfcheck import draft_faults
from afterview.errors import AfterviewError
from afterview.services.notes import OtherNote
from afterview.services.records import EditContact
from tests.conftest import MakeAfterview

DOCS = Path(__file__).resolve().parents[1] / "docs" / "examples"
OTHER_KINDS = ("follow_up", "reference_alert", "leverage", "reconnect")
FAXED = "marta-lopez"
"""A demo interviewer who, for the examples, takes faxes."""


@pytest.fixture
def folder(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    folder = DOCS if request.config.getoption("--examples") else tmp_path / "examples"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def demo_with_a_fax(make_afterview: MakeAfterview) -> Afterview:
    av = make_afterview(fax_gateway="{fax}@fax.example.net")
    av.load_demo()
    av.edit_contact(EditContact(FAXED, fax="+1 617 555 0188", medium="fax"))
    return av


def _block(title: str, to: str | None, subject: str | None, body: str) -> list[str]:
    lines = [f"### {title}", ""]
    if to:
        lines.append(f"To: {', '.join(to.splitlines())}  ")
    if subject:
        lines.append(f"Subject: {subject}")
    return [*lines, "", "```text", body.rstrip(), "```", ""]


def _png(pdf: bytes, path: Path) -> None:
    document = pypdfium2.PdfDocument(pdf)
    try:
        document[0].render(scale=1.4).to_pil().save(path)
    finally:
        document.close()


def test_every_note_of_the_demo_reads_as_written_for_its_reader(
    demo_with_a_fax: Afterview, folder: Path
) -> None:
    av = demo_with_a_fax
    pipeline = av.pipeline()
    lines = [
        "# What afterview drafts: the demo's notes",
        "",
        "Every note the demo pipeline gives, each kind and medium, exactly as drafted",
        "(written by `tests/test_examples.py`; `pytest tests/test_examples.py --examples`",
        "writes them again). The demo's Marta Lopez takes faxes here, to show one.",
        "",
    ]
    drafted = 0
    for application in pipeline.applications:
        lines += [f"## {application.company}: {application.role} ({application.status})", ""]
        for interview in application.interviews:
            for checked in av.thank_you_drafts(interview.id):
                draft = checked.draft
                assert checked.ok, (draft.contact, checked.problems)
                assert draft_faults(draft.body) == [], draft.body
                assert not draft.warnings, draft.warnings
                title = f"Thank-you to {draft.contact} ({draft.medium}), after {interview.id}"
                lines += _block(title, draft.to, draft.subject, draft.body)
                if draft.cover:
                    lines += _block(
                        f"Its fax cover sheet ({draft.contact})", None, None, draft.cover
                    )
                if draft.medium in ("mail", "fax") and draft.contact:
                    pdf = av.note_pdf(interview.id, draft.contact)
                    _png(pdf.data, folder / f"{draft.medium}-{draft.contact}.png")
                    lines += [
                        f"![The {draft.medium} as printed]({draft.medium}-{draft.contact}.png)",
                        "",
                    ]
                drafted += 1
        for kind in OTHER_KINDS:
            try:
                checked = av.other_note(OtherNote(kind, application.id))
            except AfterviewError as refused:
                lines += [f"*{kind}: not drafted: {refused}*", ""]
                continue
            draft = checked.draft
            assert draft_faults(draft.body) == [], draft.body
            assert checked.ok, (kind, application.id, checked.problems)
            lines += _block(f"{kind} ({draft.medium})", draft.to, draft.subject, draft.body)
            drafted += 1
        try:
            script = av.call_script(application.id)
        except AfterviewError as refused:
            lines += [f"*call script: not drafted: {refused}*", ""]
        else:
            assert draft_faults(script.body) == [], script.body
            lines += _block("Call script (phone)", script.to, None, script.body)
            drafted += 1
    lines += ["## The network", ""]
    for contact in ("raj-patel", "dana-kim"):
        checked = av.other_note(OtherNote("keep_in_touch", contact=contact))
        assert draft_faults(checked.draft.body) == [], checked.draft.body
        lines += _block(
            f"keep_in_touch to {contact}",
            checked.draft.to,
            checked.draft.subject,
            checked.draft.body,
        )
        drafted += 1
    (folder / "README.md").write_text("\n".join(lines), encoding="utf-8")
    assert drafted >= 20
    assert (folder / f"fax-{FAXED}.png").is_file()
    assert any(folder.glob("mail-*.png"))


def test_notes_that_only_work_in_writing_go_by_email_to_someone_who_takes_calls(
    demo_with_a_fax: Afterview,
) -> None:
    """Hooli's recruiter prefers the phone: an offer's deadline is still told in writing."""
    checked = demo_with_a_fax.other_note(OtherNote("leverage", "hooli-de"))
    assert checked.draft.medium == "email"
    assert checked.draft.to == "ken.ito@hooli.example.com"
    assert checked.draft.body.startswith("Dear Ken,")


def test_leverage_for_an_application_never_interviewed_speaks_of_the_application(
    demo_with_a_fax: Afterview,
) -> None:
    body = demo_with_a_fax.other_note(OtherNote("leverage", "umbrella-dl")).draft.body
    assert "I applied for the Data Lead position on November 20." in body
    assert "conversations" not in body
