"""What a message means for the job search (domain/inbox.py): pure, no server, no store."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from afterview.domain.actions import Action, ActionKind
from afterview.domain.inbox import (
    FREE_MAIL,
    Directory,
    Ignore,
    Origin,
    Reply,
    Review,
    ThankYou,
    read_message,
)
from afterview.domain.mail import Address, Folder, Message
from afterview.domain.model import Application, Contact, Interview, Pipeline, Profile, Status

UTC = dt.UTC
INTERVIEW = Interview("acme-1", dt.datetime(2026, 11, 20, 10, tzinfo=UTC), interviewers=("jane",))
PIPELINE = Pipeline(
    Profile("Sam Rivera", email="sam@example.org"),
    (
        Contact("jane", "Jane Doe", company="Acme Corp", email="jane@acme.com"),
        Contact("li", "Li Wei", company="Globex", email="li@gmail.com"),
    ),
    (
        Application("acme", "Acme Corp", "Engineer", Status.INTERVIEWING, interviews=(INTERVIEW,)),
        Application("blue", "Blue Harbor Health", "Analyst"),
        Application("globex-a", "Globex", "Analyst", Status.INTERVIEWING),
        Application("globex-b", "Globex", "Engineer", Status.INTERVIEWING),
        Application("globex-old", "Globex", "Intern", Status.REJECTED),
    ),
)
DIRECTORY = Directory.of(PIPELINE, {"<note-1@example.org>": Origin("blue", None, None)})


def message(
    sender: str,
    text: str = "Thanks for your note.",
    *,
    folder: Folder = Folder.INBOX,
    to: tuple[str, ...] = ("sam@example.org",),
    references: tuple[str, ...] = (),
    on: dt.datetime = dt.datetime(2026, 11, 24, 9, tzinfo=UTC),
    bulk: bool = False,
) -> Message:
    return Message(
        folder,
        1,
        "<m@x>",
        references,
        Address("", sender),
        tuple(Address("", a) for a in to),
        "Re: Thank you",
        on,
        text,
        (),
        bulk,
    )


def test_an_employer_is_known_by_its_own_domain_and_its_subdomains() -> None:
    for sender in ("raj@acme.com", "raj@careers.acme.co.uk", "hr@blueharborhealth.org"):
        found = read_message(message(sender), DIRECTORY)
        assert isinstance(found, Reply), sender
    assert read_message(message("hr@blue-harbor-health.com"), DIRECTORY) == Reply(
        "blue", None, None
    )


def test_a_free_mail_address_never_says_which_employer() -> None:
    found = read_message(message("someone@gmail.com"), DIRECTORY)
    assert isinstance(found, Review)
    assert "does not know" in found.reason


def test_the_one_active_application_at_an_employer_is_not_guessed_between_two() -> None:
    found = read_message(message("li@gmail.com"), DIRECTORY)
    assert isinstance(found, Review)
    assert found.reason.startswith("2 applications at Globex (Analyst, Engineer)")
    assert found.contact == "li"


def test_a_thread_wins_over_the_address() -> None:
    found = read_message(message("li@gmail.com", references=("<note-1@example.org>",)), DIRECTORY)
    assert found == Reply("blue", "li", None)


def test_the_users_own_mail_and_newsletters_are_left_alone() -> None:
    assert isinstance(read_message(message("sam@example.org"), DIRECTORY), Ignore)
    assert isinstance(read_message(message("news@shop.example", bulk=True), DIRECTORY), Ignore)
    naming = message("news@jobs.example", "Acme Corp is hiring", bulk=True)
    assert isinstance(read_message(naming, DIRECTORY), Review)


def thank_you(due_from: dt.date, due_by: dt.date) -> Action:
    return Action(
        ActionKind.THANK_YOU, due_from, due_by, "due", "Thank Jane", "acme", "acme-1", "jane"
    )


def test_a_note_in_sent_is_a_thank_you_only_in_its_window_and_after_the_interview() -> None:
    action = thank_you(dt.date(2026, 11, 20), dt.date(2026, 11, 24))

    def sent(on: dt.datetime) -> object:
        note = message("sam@example.org", folder=Folder.SENT, to=("jane@acme.com",), on=on)
        return read_message(note, DIRECTORY, [action])

    assert sent(dt.datetime(2026, 11, 21, 8, tzinfo=UTC)) == ThankYou("acme", "acme-1", ("jane",))
    assert isinstance(sent(dt.datetime(2026, 11, 20, 9, tzinfo=UTC)), Ignore)  # before it began
    late = sent(dt.datetime(2026, 11, 27, 8, tzinfo=UTC))
    assert isinstance(late, Review)
    assert "after the thank-you window" in late.reason


@given(st.sampled_from(sorted(FREE_MAIL)), st.from_regex(r"[a-z]{1,12}", fullmatch=True))
def test_a_stranger_at_a_free_mail_provider_is_never_recorded(domain: str, local: str) -> None:
    found = read_message(message(f"{local}@{domain}"), DIRECTORY)
    assert isinstance(found, Review | Ignore)


@given(st.text(max_size=300))
def test_whatever_a_reply_says_it_is_recorded_or_reviewed_never_more(text: str) -> None:
    found = read_message(message("jane@acme.com", text), DIRECTORY)
    assert isinstance(found, Reply | Review)
    if isinstance(found, Reply) and found.requested is not None:
        assert found.requested.on is not None
        assert found.requested.on >= dt.date(2026, 11, 24)
