"""`afterview import` of hostile documents, and every form, through the faces a user has:
one line naming the field, exit code 2, nothing written, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.bootstrap import Afterview
from afterview.errors import InvalidInput
from afterview.services.records import (
    AddContact,
    AddInterview,
    Apply,
    LogTouch,
    NewInterviewer,
    SetProfile,
    SetStatus,
)
from tests.conftest import MakeAfterview
from tests.console import afterview_cli
from tests.fuzz.harness import DOCUMENT, NOT_SHOWN


def import_refused(tmp_path: Path, text: str) -> str:
    """`afterview import` of `text`: asserts exit code 2 and an empty store; the error."""
    document = tmp_path / "doc.json"
    document.write_text(text, encoding="utf-8")
    code, _, err = afterview_cli("import", str(document))
    assert (code, "Traceback" in err) == (2, False), err
    assert json.loads(afterview_cli("export")[1])["contacts"] == []
    return err


def changed(path: tuple[Any, ...], value: Any) -> str:
    """The fuzz's document, less what it says of the fuzz's stored records, with one change."""
    document = json.loads(json.dumps(DOCUMENT))
    document["applications"][0]["interviews"][0]["interviewers"] = ["omar-said"]
    document["touches"] = document["touches"][:2]
    document["touches"][1]["application"] = "northwind"
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return json.dumps(document)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ("contacts", 0, "name"),
            "Omar\ud800",
            "contacts[0].name: contains U+D800, half of a UTF-16 pair, which is not text",
        ),
        (
            ("contacts", 0, "title"),
            "Lead\udfff",
            "contacts[0].title: contains U+DFFF, half of a UTF-16 pair, which is not text",
        ),
        (
            ("contacts", 0, "company"),
            "North\x00wind",
            "contacts[0].company: contains a NUL character",
        ),
        (
            ("applications", 0, "closed_on"),
            "1999-01-01",
            "applications[0].closed_on: 1999-01-01 is before applied_on 2026-11-01",
        ),
        (
            ("applications", 0, "offer", "deadline"),
            "2026-11-01",
            "applications[0].offer.deadline: 2026-11-01 is before received_on 2026-11-24",
        ),
        (
            ("touches", 0, "on"),
            "1996-11-19",
            "touches[0].on: 1996-11-19 is before the day of interview 'northwind-1' (2026-11-18)",
        ),
    ],
)
def test_a_hostile_document_is_refused_naming_the_field(
    tmp_path: Path, path: tuple[Any, ...], value: Any, message: str
) -> None:
    assert import_refused(tmp_path, changed(path, value)) == f"error: {message}\n"


def test_the_document_is_valid_but_for_the_change(tmp_path: Path) -> None:
    document = tmp_path / "doc.json"
    document.write_text(changed(("profile", "name"), "Sam Rivera"))
    assert afterview_cli("import", str(document))[0] == 0


def test_a_follow_up_asked_for_before_the_reply_is_refused(tmp_path: Path) -> None:
    err = import_refused(tmp_path, changed(("touches", 1, "follow_up_requested_on"), "2026-11-20"))
    assert err == "error: touches[1].follow_up_requested_on: 2026-11-20 is before on 2026-11-21\n"


def test_a_number_of_4301_digits_is_refused_naming_the_file(tmp_path: Path) -> None:
    err = import_refused(
        tmp_path,
        changed(("applications", 0, "interest"), 0).replace(
            '"interest": 0', '"interest": ' + "9" * 4301
        ),
    )
    assert err == (
        f"error: {tmp_path / 'doc.json'}: not JSON this program can read"
        " (a number of more than 4,300 digits)\n"
    )


def test_a_key_written_twice_is_refused_not_half_read(tmp_path: Path) -> None:
    text = changed(("profile", "name"), "Sam Rivera").replace(
        '"name": "Sam Rivera"', '"name": "Sam Rivera", "name": "Sam R."', 1
    )
    err = import_refused(tmp_path, text)
    assert err == (
        f"error: {tmp_path / 'doc.json'}: not JSON this program can read"
        " (the key 'name' appears twice in one object)\n"
    )


def test_nan_is_not_a_json_number(tmp_path: Path) -> None:
    text = changed(("applications", 0, "interest"), 0).replace('"interest": 0', '"interest": NaN')
    err = import_refused(tmp_path, text)
    assert err.endswith("(NaN is not a JSON number)\n")


# Every form states its change as a document: the same reader refuses what no database keeps.

HOSTILE = st.sampled_from(["a\x00b", "x\ud800", "\udfff", "a\x01b", "a\x1b[2J", "a\x7f"])
FORMS = ["profile", "contact", "apply", "interview", "offer", "touch", "strengths", "topic"]


def fill(form: str, text: str, av: Afterview) -> None:
    if form == "profile":
        av.set_profile(SetProfile(name="Sam Rivera", address=f"12 Elm St\n{text}"))
    elif form == "strengths":
        av.set_profile(SetProfile(name="Sam Rivera", strengths=["Fast", text]))
    elif form == "contact":
        av.add_contact(AddContact(name="Lee Park", title=text))
    elif form == "apply":
        av.apply(Apply(company="Globex", role=text))
    elif form == "interview":
        person = NewInterviewer(name=f"Lee {text}")
        av.add_interview(AddInterview(application="acme", at="2026-11-20", people=(person,)))
    elif form == "topic":
        av.add_interview(
            AddInterview(
                application="acme", at="2026-11-20", contacts=("jane",), topics={"jane": text}
            )
        )
    elif form == "offer":
        from afterview.domain.model import Status

        av.set_status(SetStatus(application="acme", status=Status.OFFER, summary=text))
    else:
        from afterview.domain.model import TouchKind

        av.log_touch(LogTouch(kind=TouchKind.NETWORK, contact="jane", note=f"Hi\n{text}"))


@settings(
    derandomize=True,
    database=None,
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(form=st.sampled_from(FORMS), text=HOSTILE)
def test_no_form_stores_a_control_character_or_half_a_utf16_pair(
    make_afterview: MakeAfterview, form: str, text: str
) -> None:
    av = make_afterview()
    if not av.pipeline().applications:
        av.set_profile(SetProfile(name="Sam Rivera"))
        av.add_contact(AddContact(name="Jane Doe", id="jane"))
        av.apply(Apply(company="Acme Corp", role="Data Engineer", id="acme"))
    before = av.export_document()
    with pytest.raises(InvalidInput) as refused:
        fill(form, text, av)
    assert refused.value.from_fields or form == "interview"
    for problem in refused.value.problems:
        assert not NOT_SHOWN.search(problem), problem
        assert problem.split(":")[0].split(".")[-1] in (
            "address",
            "strengths",
            "title",
            "role",
            "name",
            "topics",
            "summary",
            "note",
        ), problem
    assert av.export_document() == before
