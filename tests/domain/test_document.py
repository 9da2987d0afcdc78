"""The afterview/1 document: every field checked, every problem named by its path."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.adapters.formats import FORMATS
from afterview.domain.document import merge, read_document, write_document
from afterview.domain.model import Status
from afterview.errors import Fix, InvalidInput, Remedy

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "pipeline.json"
Doc = dict[str, Any]


def example() -> Doc:
    document: Doc = json.loads(EXAMPLE.read_text())
    return document


def problems_of(document: object, **kwargs: Any) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        read_document(document, **kwargs, formats=FORMATS)
    return list(caught.value.problems)


def test_example_reads_and_writes_back_exactly() -> None:
    assert write_document(read_document(example(), formats=FORMATS).pipeline) == example()


def test_example_records_parse_to_domain_values() -> None:
    pipeline = read_document(example(), formats=FORMATS).pipeline
    interview = pipeline.applications[0].interviews[0]
    assert interview.day == dt.date(2026, 11, 20)
    assert interview.at == dt.datetime.fromisoformat("2026-11-20T10:00:00-08:00")
    assert pipeline.applications[0].status is Status.INTERVIEWING
    assert pipeline.touches[1].follow_up_requested_on == dt.date(2026, 12, 5)


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Doc], None]:
    def mutate(document: Doc) -> None:
        target: Any = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return mutate


def _drop(path: tuple[Any, ...]) -> Callable[[Doc], None]:
    def mutate(document: Doc) -> None:
        target: Any = document
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return mutate


APP = ("applications", 0)
IV = (*APP, "interviews", 0)
BAD_FIELDS: list[tuple[Callable[[Doc], None], str, str]] = [
    (_set(("format",), "afterview/2"), "format", "must be 'afterview/1'"),
    (_set((*("applications", 0), "status"), None), "applications[0].status", "null is not"),
    (_set(("profile", "country"), None), "profile.country", "null is not allowed"),
    (_drop(("format",)), "format", "must be 'afterview/1'"),
    (_set(("extra",), 1), "extra", "unknown field"),
    (_set(("profile", "nmae"), "x"), "profile.nmae", "unknown field"),
    (_drop(("profile", "name")), "profile.name", "required"),
    (_set(("profile", "name"), "  "), "profile.name", "must not be empty"),
    (_set(("profile", "email"), "sam@"), "profile.email", "not an email address"),
    (_set(("profile", "phone"), "12"), "profile.phone", "not a phone number"),
    (_set(("profile", "phone"), "call me"), "profile.phone", "not a phone number"),
    (_set(("profile", "country"), "ZZ"), "profile.country", "unknown country"),
    (_set(("profile", "subdivision"), "ZZ"), "profile.subdivision", "no subdivision"),
    (_set(("profile", "country"), "AUS"), "profile.country", "two capital letters"),
    (_set(("profile", "country"), "us"), "profile.country", "two capital letters"),
    (_set(("contacts", 0, "id"), "x" * 201), "contacts[0].id", "at most 200 characters"),
    (_set(("contacts", 0, "name"), "Jane\x00Doe"), "contacts[0].name", "NUL character"),
    (_set(("profile", "strengths"), "fast"), "profile.strengths", "not a list"),
    (_set(("profile", "strengths"), [""]), "profile.strengths", "non-empty"),
    (_set(("profile", "references"), ["nobody"]), "profile.references[0]", "no contact"),
    (_set(("contacts",), {}), "contacts", "not a list"),
    (_set(("contacts", 0), "jane"), "contacts[0]", "not an object"),
    (_drop(("contacts", 0, "id")), "contacts[0].id", "required"),
    (_set(("contacts", 0, "id"), ""), "contacts[0].id", "not an id"),
    (_set(("contacts", 0, "id"), 7), "contacts[0].id", "not an id"),
    (_drop(("contacts", 1, "name")), "contacts[1].name", "required"),
    (_set(("contacts", 0, "email"), "jane.acme.com"), "contacts[0].email", "not an email"),
    (_set(("contacts", 2, "phone"), "+1 510"), "contacts[2].phone", "not a phone number"),
    (_set(("contacts", 0, "fax"), "fax me"), "contacts[0].fax", "not a phone number"),
    (_set(("contacts", 0, "medium"), "pigeon"), "contacts[0].medium", "must be one of"),
    (_set(("contacts", 0, "title"), 5), "contacts[0].title", "not a text"),
    (_set(("contacts", 1, "id"), "jane-doe"), "contacts[1].id", "duplicate id"),
    (_drop((*APP, "company")), "applications[0].company", "required"),
    (_drop((*APP, "role")), "applications[0].role", "required"),
    (_drop((*APP, "id")), "applications[0].id", "required"),
    (_set((*APP, "status"), "hired"), "applications[0].status", "must be one of"),
    (_set((*APP, "applied_on"), "02/11/2026"), "applications[0].applied_on", "not a date"),
    (_set((*APP, "applied_on"), "2026-02-30"), "applications[0].applied_on", "no such day"),
    (_set((*APP, "closed_on"), 20261102), "applications[0].closed_on", "not a date"),
    (_set((*APP, "medium"), "telegram"), "applications[0].medium", "must be one of"),
    (_set((*APP, "interest"), 6), "applications[0].interest", "1 to 5"),
    (_set((*APP, "interest"), True), "applications[0].interest", "1 to 5"),
    (_set((*APP, "job_description"), ["x"]), "applications[0].job_description", "not a text"),
    (
        _set((*APP, "offer"), {"deadline": "2026-12-01"}),
        "applications[0].offer.received_on",
        "required",
    ),
    (
        _set((*APP, "offer"), {"received_on": "soon"}),
        "applications[0].offer.received_on",
        "not a date",
    ),
    (
        _set((*APP, "offer"), {"received_on": "2026-11-20", "bonus": 1}),
        "applications[0].offer.bonus",
        "unknown field",
    ),
    (_set((*APP, "interviews"), {}), "applications[0].interviews", "not a list"),
    (_drop((*IV, "at")), "applications[0].interviews[0].at", "required"),
    (
        _set((*IV, "at"), "sometime next week"),
        "applications[0].interviews[0].at",
        "not a date-time",
    ),
    (_set((*IV, "at"), "2026-11-20T10:00:00"), "applications[0].interviews[0].at", "UTC offset"),
    (
        _set((*IV, "at"), "2026-11-31T10:00:00-08:00"),
        "applications[0].interviews[0].at",
        "no such day",
    ),
    (_set((*IV, "kind"), "lunch"), "applications[0].interviews[0].kind", "must be one of"),
    (
        _set((*IV, "decision_expected"), "next week"),
        "applications[0].interviews[0].decision_expected",
        "not a date",
    ),
    (
        _set((*IV, "interviewers"), ["jane-doe", "nobody"]),
        "applications[0].interviews[0].interviewers[1]",
        "no contact 'nobody'",
    ),
    (
        _set((*IV, "interviewers"), ["jane-doe", "jane-doe"]),
        "applications[0].interviews[0].interviewers[1]",
        "listed twice",
    ),
    (
        _set((*IV, "topics"), {"dana-kim": "x"}),
        "applications[0].interviews[0].topics.dana-kim",
        "not an interviewer",
    ),
    (_set((*IV, "topics"), {"jane-doe": ""}), "applications[0].interviews[0].topics", "non-empty"),
    (_set(("touches", 0, "kind"), "hug"), "touches[0].kind", "must be one of"),
    (_drop(("touches", 0, "kind")), "touches[0].kind", "required"),
    (_drop(("touches", 0, "on")), "touches[0].on", "required"),
    (_set(("touches", 0, "on"), "yesterday"), "touches[0].on", "not a date"),
    (
        _set(("touches", 0, "application"), "nope"),
        "touches[0].application",
        "no application 'nope'",
    ),
    (_set(("touches", 0, "interview"), "nope"), "touches[0].interview", "no interview 'nope'"),
    (_set(("touches", 0, "contact"), "nope"), "touches[0].contact", "no contact 'nope'"),
    (_set(("touches", 0, "medium"), "smoke"), "touches[0].medium", "must be one of"),
    (
        _set(("touches", 1, "follow_up_requested_on"), "Dec 5"),
        "touches[1].follow_up_requested_on",
        "not a date",
    ),
    (_set(("touches", 0, "note"), 3), "touches[0].note", "not a text"),
    # What no database keeps as text: control characters, half of a UTF-16 pair.
    (_set(("contacts", 0, "title"), "VP\x01"), "contacts[0].title", "control character U+0001"),
    (_set(("contacts", 0, "company"), "Acme\tCorp"), "contacts[0].company", "a tab"),
    (_set(("contacts", 0, "name"), "Jane\nDoe"), "contacts[0].name", "a line break"),
    (_set(("contacts", 0, "name"), "Jane\ud800"), "contacts[0].name", "U+D800, half of"),
    (_set(("contacts", 0, "id"), "jane\udfff"), "contacts[0].id", "U+DFFF, half of"),
    (_set(("contacts", 0, "email"), "jane\x00@acme.com"), "contacts[0].email", "NUL"),
    (_set(("contacts", 2, "phone"), "+1 510 555\x000199"), "contacts[2].phone", "NUL"),
    (_set(("profile", "address"), "12 Elm\x00St"), "profile.address", "NUL"),
    (_set(("profile", "subdivision"), "C\x00A"), "profile.subdivision", "NUL"),
    (_set(("profile", "strengths"), ["ok", "x\x1b[31m"]), "profile.strengths", "entry 2"),
    (_set((*APP, "role"), "Engineer\x7f"), "applications[0].role", "U+007F"),
    (_set((*APP, "job_description"), "a\x0cb"), "applications[0].job_description", "U+000C"),
    (
        _set((*APP, "offer"), {"received_on": "2026-11-20", "summary": "\ud83d"}),
        "applications[0].offer.summary",
        "U+D83D",
    ),
    (
        _set((*IV, "topics"), {"jane-doe": "lake\x00"}),
        "applications[0].interviews[0].topics",
        "NUL",
    ),
    (_set(("touches", 0, "note"), "Thanks\x00"), "touches[0].note", "NUL"),
    (_set(("contacts", 0, "x\ud800"), 1), "contacts[0].'x\\ud800'", "unknown field"),
    # Days that cannot come in this order.
    (
        _set((*APP, "closed_on"), "1999-01-01"),
        "applications[0].closed_on",
        "1999-01-01 is before applied_on 2026-11-02",
    ),
    (
        _set((*APP, "offer"), {"received_on": "2026-11-20", "deadline": "2026-11-19"}),
        "applications[0].offer.deadline",
        "2026-11-19 is before received_on 2026-11-20",
    ),
    (
        _set(("touches", 1, "follow_up_requested_on"), "2026-11-01"),
        "touches[1].follow_up_requested_on",
        "2026-11-01 is before on 2026-11-23",
    ),
    (
        _set(("touches", 0, "on"), "1990-11-21"),
        "touches[0].on",
        "1990-11-21 is before the day of interview 'acme-1' (2026-11-20)",
    ),
    (
        _set((*IV, "at"), "2026-11-20T10:00:00+23:00"),
        "applications[0].interviews[0].at",
        "-12:00 to +14:00",
    ),
    (
        _set((*APP, "applied_on"), "\u0662\u0660\u0662\u0666-11-02"),
        "applications[0].applied_on",
        "YYYY-MM-DD",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "reason"),
    BAD_FIELDS,
    ids=[f"{path}:{reason}" for _, path, reason in BAD_FIELDS],
)
def test_a_bad_field_is_named_by_its_path(
    mutate: Callable[[Doc], None], path: str, reason: str
) -> None:
    document = example()
    mutate(document)
    found = problems_of(document)
    assert any(p.startswith(f"{path}: ") and reason in p for p in found), found


def test_every_problem_is_reported_at_once() -> None:
    document = example()
    document["applications"][0]["interviews"][0]["at"] = "soon"
    document["contacts"][1]["email"] = "omar@"
    document["touches"][0]["on"] = "never"
    found = problems_of(document)
    assert {p.split(":")[0] for p in found} == {
        "applications[0].interviews[0].at",
        "contacts[1].email",
        "touches[0].on",
    }


def test_a_broken_record_is_not_reported_again_as_missing() -> None:
    document = example()
    del document["contacts"][1]["name"]
    assert problems_of(document) == ["contacts[1].name: required"]


def test_a_touch_naming_another_applications_interview_is_refused() -> None:
    document = example()
    document["applications"].append({"id": "other", "company": "Other Co", "role": "Analyst"})
    document["touches"][0]["application"] = "other"
    assert problems_of(document) == [
        "touches[0].interview: interview 'acme-1' belongs to application 'acme-de', not 'other'"
    ]


def test_not_an_object_at_all() -> None:
    assert problems_of([1, 2]) == ["(document): not a JSON object"]


def test_interview_ids_are_unique_across_applications() -> None:
    document = example()
    document["applications"].append(
        {
            "id": "other",
            "company": "Other Co",
            "role": "Analyst",
            "interviews": [{"id": "acme-1", "at": "2026-11-21"}],
        }
    )
    assert problems_of(document) == [
        "applications[1].interviews[0].id: duplicate interview id 'acme-1' "
        "(also in application 'acme-de')"
    ]


def test_ids_already_stored_are_refused_unless_replacing() -> None:
    stored = read_document(example(), formats=FORMATS).pipeline
    found = problems_of(example(), stored=stored)
    assert "applications[0].id: 'acme-de' exists already" in found
    assert "contacts[0].id: 'jane-doe' exists already" in found
    with pytest.raises(InvalidInput) as refused:
        read_document(example(), stored, formats=FORMATS)
    assert refused.value.remedy == Remedy(Fix.REPLACE)
    with pytest.raises(InvalidInput) as broken:
        read_document({"format": "afterview/2"}, stored, formats=FORMATS)
    assert broken.value.remedy is None  # replacing would not help
    assert read_document(example(), stored, replace=True, formats=FORMATS).pipeline == stored


def test_replacing_cannot_drop_an_interview_that_touches_name() -> None:
    stored = read_document(example(), formats=FORMATS).pipeline
    document = example()
    document["applications"][0]["interviews"] = []
    del document["touches"]
    assert problems_of(document, stored=stored, replace=True) == [
        "applications[0].interviews: drops interview 'acme-1', which recorded touches name"
    ]


def test_merge_adds_new_records_and_overwrites_given_profile_fields() -> None:
    stored = read_document(example(), formats=FORMATS).pipeline
    addition = {
        "format": "afterview/1",
        "profile": {"name": "Sam R. Rivera"},
        "contacts": [{"id": "lee", "name": "Lee Park"}],
    }
    merged = merge(stored, read_document(addition, stored, formats=FORMATS))
    assert merged.profile is not None
    assert merged.profile.name == "Sam R. Rivera"
    assert merged.profile.strengths == stored.profile.strengths if stored.profile else False
    assert [c.id for c in merged.contacts] == ["jane-doe", "omar-said", "dana-kim", "lee"]


def test_reimporting_a_backup_adds_no_touch_twice() -> None:
    stored = read_document(example(), formats=FORMATS).pipeline
    again = example()
    again = {"format": "afterview/1", "touches": again["touches"]}
    merged = merge(stored, read_document(again, stored, formats=FORMATS))
    assert merged.touches == stored.touches


def test_the_three_lists_are_always_written() -> None:
    written = write_document(read_document({"format": "afterview/1"}, formats=FORMATS).pipeline)
    assert written == {"format": "afterview/1", "contacts": [], "applications": [], "touches": []}


def test_a_null_list_is_refused_not_read_as_empty() -> None:
    document = example()
    document["applications"][0]["interviews"][0]["interviewers"] = None
    assert "applications[0].interviews[0].interviewers: not a list (use [] for none)" in (
        problems_of(document)
    )


def test_fields_left_out_stay_out_and_nulls_stay_null() -> None:
    document = {
        "format": "afterview/1",
        "contacts": [
            {"id": "a", "name": "A"},
            {"id": "b", "name": "B", "email": None, "title": None},
        ],
        "applications": [
            {"id": "x", "company": "X", "role": "R", "status": "applied", "interviews": []}
        ],
        "touches": [],
    }
    assert write_document(read_document(document, formats=FORMATS).pipeline) == document


def test_a_contacts_greeting_is_optional_and_written_only_when_set() -> None:
    document = {
        "format": "afterview/1",
        "contacts": [
            {"id": "katz", "name": "Samuel Katz", "greeting": "Dr. Katz"},
            {"id": "lan", "name": "Nguyễn Thị Lan"},
        ],
        "applications": [],
        "touches": [],
    }
    pipeline = read_document(document, formats=FORMATS).pipeline
    assert [contact.greeting for contact in pipeline.contacts] == ["Dr. Katz", None]
    assert write_document(pipeline) == document
    assert "greeting" not in write_document(pipeline)["contacts"][1]


@pytest.mark.parametrize(
    ("greeting", "reason"),
    [("Dr.\nKatz", "line break"), ("   ", "blank"), (42, "not a text")],
)
def test_a_greeting_is_one_line_of_text(greeting: object, reason: str) -> None:
    document = example()
    document["contacts"][0]["greeting"] = greeting
    found = problems_of(document)
    assert [p for p in found if p.startswith("contacts[0].greeting: ")], found


def test_a_touch_may_carry_the_email_behind_it_and_a_snippet() -> None:
    document = {
        "format": "afterview/1",
        "contacts": [],
        "applications": [{"id": "acme", "company": "Acme", "role": "Engineer"}],
        "touches": [
            {
                "kind": "employer_reply",
                "on": "2026-11-28",
                "application": "acme",
                "message_id": "<CAF=x7@mail.acme.example>",
                "snippet": "Thanks, Sam. Let's talk again on the 12th.",
            },
            {"kind": "call", "on": "2026-11-30", "application": "acme"},
        ],
    }
    pipeline = read_document(document, formats=FORMATS).pipeline
    reply, call = pipeline.touches
    assert (reply.message_id, reply.snippet) == (
        "<CAF=x7@mail.acme.example>",
        "Thanks, Sam. Let's talk again on the 12th.",
    )
    assert (call.message_id, call.snippet) == (None, None)
    assert write_document(pipeline) == document


def test_a_touchs_message_id_is_one_line_of_text() -> None:
    document = example()
    document["touches"][0]["message_id"] = "<a@b>\nBcc: x@y"
    assert [p for p in problems_of(document) if p.startswith("touches[0].message_id: ")]


# Hypothesis: export∘import is the identity on generated documents.

IDS = st.from_regex(r"[a-z][a-z0-9-]{0,11}", fullmatch=True)
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda s: s.strip() != "")
DATES = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
OFFSETS = st.integers(-12 * 60, 14 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes - minutes % 15))
)
MOMENTS = st.one_of(
    DATES.map(dt.date.isoformat),
    st.builds(
        lambda d, h, m, tz: dt.datetime(d.year, d.month, d.day, h, m, tzinfo=tz).isoformat(),
        DATES,
        st.integers(0, 23),
        st.integers(0, 59),
        OFFSETS,
    ),
)
MEDIA = st.sampled_from(["email", "mail", "fax", "phone"])


def _optional(
    draw: st.DrawFn, record: dict[str, Any], key: str, values: st.SearchStrategy[Any]
) -> None:
    """Leave the key out, spell it out as null, or give it a value."""
    choice = draw(st.integers(0, 2))
    if choice == 1:
        record[key] = None
    elif choice == 2:
        record[key] = draw(values)


@st.composite
def documents(draw: st.DrawFn) -> Doc:
    contact_ids = draw(st.lists(IDS, min_size=1, max_size=5, unique=True))
    contacts = []
    for contact_id in contact_ids:
        contact: dict[str, Any] = {"id": contact_id, "name": draw(TEXT)}
        _optional(draw, contact, "title", TEXT)
        _optional(draw, contact, "email", st.just(f"{contact_id}@example.com"))
        _optional(draw, contact, "phone", st.just("+1 415 555 0100"))
        _optional(draw, contact, "medium", MEDIA)
        _optional(draw, contact, "greeting", TEXT)
        contacts.append(contact)
    applications = []
    interview_ids: list[tuple[str, str, str]] = []
    for app_id in draw(st.lists(IDS, max_size=4, unique=True)):
        app: dict[str, Any] = {"id": app_id, "company": draw(TEXT), "role": draw(TEXT)}
        if draw(st.booleans()):
            app["status"] = draw(st.sampled_from([s.value for s in Status]))
        _optional(draw, app, "applied_on", DATES.map(dt.date.isoformat))
        _optional(draw, app, "interest", st.integers(1, 5))
        _optional(draw, app, "offer", st.builds(lambda d: {"received_on": d.isoformat()}, DATES))
        interviews = []
        for number in range(draw(st.integers(0, 3))):
            panel = draw(st.lists(st.sampled_from(contact_ids), max_size=3, unique=True))
            interview: dict[str, Any] = {"id": f"{app_id}-{number}", "at": draw(MOMENTS)}
            if draw(st.booleans()):
                interview["interviewers"] = panel
            with_topic: bool = draw(st.booleans())
            if panel and with_topic:
                interview["topics"] = {panel[0]: draw(TEXT)}
                interview["interviewers"] = panel
            interviews.append(interview)
            interview_ids.append((app_id, interview["id"], interview["at"][:10]))
        if draw(st.booleans()):
            app["interviews"] = interviews
        else:
            interview_ids = [pair for pair in interview_ids if pair[0] != app_id]
        applications.append(app)
    touches = []
    for _ in range(draw(st.integers(0, 6))):
        touch: dict[str, Any] = {
            "kind": draw(
                st.sampled_from(["thank_you", "call", "follow_up", "network", "employer_reply"])
            ),
            "on": draw(DATES).isoformat(),
        }
        about_interview: bool = draw(st.booleans())
        if interview_ids and about_interview:
            touch["application"], touch["interview"], day = draw(st.sampled_from(interview_ids))
            if touch["kind"] == "thank_you":  # written on the interview's day or after
                later = dt.date.fromisoformat(day) + dt.timedelta(days=draw(st.integers(0, 9)))
                touch["on"] = later.isoformat()
        _optional(draw, touch, "contact", st.sampled_from(contact_ids))
        _optional(draw, touch, "note", TEXT)
        _optional(draw, touch, "message_id", IDS.map(lambda local: f"<{local}@mail.example>"))
        _optional(draw, touch, "snippet", TEXT)
        touches.append(touch)
    document: Doc = {
        "format": "afterview/1",
        "contacts": contacts,
        "applications": applications,
        "touches": touches,
    }
    if draw(st.booleans()):
        document["profile"] = {
            "name": draw(TEXT),
            "strengths": draw(st.lists(TEXT, max_size=2)),
            "references": draw(st.lists(st.sampled_from(contact_ids), max_size=2, unique=True)),
        }
    return document


@settings(max_examples=150, deadline=None)
@given(documents())
def test_export_of_import_is_the_identity(document: Doc) -> None:
    assert (
        write_document(read_document(copy.deepcopy(document), formats=FORMATS).pipeline) == document
    )
