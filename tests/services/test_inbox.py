"""Reading the mailbox, through the composition root on a real SQLite file.

The mailbox here is a fake of afterview's own `Mailbox` port (the IMAP adapter is
tested against a real dovecot in tests/adapters/test_imap.py and tests/cli/test_inbox_cli.py);
everything behind it is real: the store, the planner, the calendar reader.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace

import pytest

from afterview.bootstrap import Afterview
from afterview.domain.actions import ActionKind
from afterview.domain.mail import Address, Folder, Message
from afterview.domain.model import Status, TouchKind
from afterview.errors import AfterviewError, NotFound
from afterview.services.documents import ImportDocument
from afterview.services.inbox import Confirm
from afterview.services.ports import FolderMark, FolderRead, MailboxFailure
from tests.conftest import MakeAfterview

PT = dt.timezone(dt.timedelta(hours=-8))

DOCUMENT = {
    "format": "afterview/1",
    "profile": {"name": "Sam Rivera", "email": "sam@example.org", "references": ["dana-kim"]},
    "contacts": [
        {"id": "jane-doe", "name": "Jane Doe", "title": "VP Engineering", "company": "Acme Corp",
         "email": "jane@acme.com"},
        {"id": "dana-kim", "name": "Dana Kim", "title": "Director", "company": "Brightline",
         "email": "dana@brightline.io"},
        {"id": "li-wei", "name": "Li Wei", "title": "CTO", "company": "Globex",
         "email": "li@globex.example"},
    ],
    "applications": [
        {"id": "acme-de", "company": "Acme Corp", "role": "Senior Data Engineer",
         "status": "interviewing", "applied_on": "2026-11-02",
         "interviews": [{"id": "acme-1", "at": "2026-11-20T10:00:00-08:00", "kind": "onsite",
                         "interviewers": ["jane-doe"]}]},
        {"id": "globex-a", "company": "Globex", "role": "Analyst", "status": "interviewing",
         "applied_on": "2026-11-10",
         "interviews": [{"id": "globex-1", "at": "2026-11-18", "interviewers": ["li-wei"]}]},
        {"id": "globex-b", "company": "Globex", "role": "Engineer", "status": "interviewing",
         "applied_on": "2026-11-12",
         "interviews": [{"id": "globex-2", "at": "2026-11-19", "interviewers": ["li-wei"]}]},
    ],
    "touches": [
        {"kind": "reference_alert", "on": "2026-11-20", "application": "acme-de",
         "contact": "dana-kim"},
        {"kind": "thank_you", "on": "2026-11-20", "application": "globex-a",
         "interview": "globex-1", "contact": "li-wei", "message_id": "<ty-globex@example.org>"},
    ],
}  # fmt: skip


@dataclass
class FakeMailbox:
    """The `Mailbox` port over lists of messages; UIDs are their places (1, 2, ...)."""

    inbox: list[Message] = field(default_factory=list)
    sent: list[Message] = field(default_factory=list)
    validity: int = 7
    failure: str | None = None
    label: str = "sam@example.org at imap.example.org"
    reads: int = 0

    def read(
        self, marks: dict[Folder, FolderMark], since: dt.date | None = None
    ) -> list[FolderRead]:
        self.reads += 1
        if self.failure:
            raise MailboxFailure(self.failure)
        found = []
        for folder, messages, name in (
            (Folder.INBOX, self.inbox, "INBOX"),
            (Folder.SENT, self.sent, "Sent"),
        ):
            mark = marks.get(folder)
            after = mark.last_uid if mark and mark.uidvalidity == self.validity else 0
            new = [m for m in messages if m.uid > after]
            last = max([after, *(m.uid for m in messages)])
            found.append(FolderRead(folder, name, FolderMark(self.validity, last), new))
        return found

    def receive(self, message: Message) -> Message:
        box = self.sent if message.folder is Folder.SENT else self.inbox
        placed = replace(message, uid=len(box) + 1)
        box.append(placed)
        return placed


def mail(
    sender: str,
    text: str,
    *,
    on: dt.datetime = dt.datetime(2026, 11, 24, 9, 30, tzinfo=PT),
    subject: str = "Re: Thank you",
    message_id: str | None = None,
    references: tuple[str, ...] = (),
    to: tuple[str, ...] = ("sam@example.org",),
    folder: Folder = Folder.INBOX,
    calendars: tuple[bytes, ...] = (),
    bulk: bool = False,
) -> Message:
    name, _, address = sender.rpartition(" ")
    return Message(
        folder,
        0,
        message_id or f"<{abs(hash((sender, text, on))):x}@mail.example>",
        references,
        Address(name, address.strip("<>")),
        tuple(Address("", a) for a in to),
        subject,
        on,
        text,
        calendars,
        bulk,
    )


@pytest.fixture
def av(make_afterview: MakeAfterview) -> Afterview:
    made = make_afterview()
    made.import_document(ImportDocument(json.dumps(DOCUMENT).encode(), "pipeline.json"))
    return made


@pytest.fixture
def box(av: Afterview) -> FakeMailbox:
    mailbox = FakeMailbox()
    av.ports.built["mailbox"] = mailbox  # type: ignore[attr-defined]
    return mailbox


def kinds(av: Afterview, as_of: dt.date, application: str) -> set[ActionKind]:
    return {a.kind for a in av.agenda(as_of).actions if a.application == application}


def test_a_reply_from_a_known_contact_takes_the_follow_up_call_off_the_agenda(
    av: Afterview, box: FakeMailbox
) -> None:
    day8 = dt.date(2026, 11, 30)
    assert ActionKind.FOLLOW_UP_CALL in kinds(av, day8, "acme-de")
    box.receive(mail("Jane Doe <jane@acme.com>", "Thanks Sam, we are still meeting people."))

    report = av.sync_inbox()

    assert [(r.kind, r.application, r.contact, r.on) for r in report.recorded] == [
        ("employer_reply", "acme-de", "jane-doe", dt.date(2026, 11, 24))
    ]
    reply = av.pipeline().touches[-1]
    assert reply.kind is TouchKind.EMPLOYER_REPLY
    assert reply.interview == "acme-1"
    assert reply.snippet == "Thanks Sam, we are still meeting people."
    assert ActionKind.FOLLOW_UP_CALL not in kinds(av, day8, "acme-de")


def test_a_second_sync_records_nothing_and_reads_nothing_new(
    av: Afterview, box: FakeMailbox
) -> None:
    box.receive(mail("Jane Doe <jane@acme.com>", "Thanks Sam."))
    first = av.sync_inbox()
    touches = av.pipeline().touches

    again = av.sync_inbox()

    assert len(first.recorded) == 1
    assert (again.recorded, again.review, again.seen) == ([], [], 0)
    assert av.pipeline().touches == touches


def test_a_changed_uidvalidity_reads_again_without_recording_twice(
    av: Afterview, box: FakeMailbox
) -> None:
    box.receive(mail("Jane Doe <jane@acme.com>", "Thanks Sam."))
    av.sync_inbox()
    box.validity += 1
    box.receive(mail("Jane Doe <jane@acme.com>", "One more thing.", subject="Parking"))

    again = av.sync_inbox()

    assert again.seen == 2
    assert [r.kind for r in again.recorded] == ["employer_reply"]
    assert [t.snippet for t in av.pipeline().touches if t.message_id][-2:] == [
        "Thanks Sam.",
        "One more thing.",
    ]


def test_a_threaded_reply_is_found_by_the_note_it_answers_whoever_sends_it(
    av: Afterview, box: FakeMailbox
) -> None:
    box.receive(
        mail(
            "Recruiting <talent@globex-careers.example>",
            "Li asked me to answer you: thanks for the note.",
            references=("<ty-globex@example.org>",),
        )
    )

    report = av.sync_inbox()

    assert [(r.application, r.contact) for r in report.recorded] == [("globex-a", None)]


def test_a_reply_at_the_employers_domain_from_someone_new_is_recorded(
    av: Afterview, box: FakeMailbox
) -> None:
    box.receive(mail("Raj Patel <raj.patel@acme.com>", "Hi Sam, Jane passed your note on."))

    report = av.sync_inbox()

    assert [(r.application, r.contact) for r in report.recorded] == [("acme-de", None)]


def test_a_stranger_and_two_applications_at_one_employer_wait_for_review(
    av: Afterview, box: FakeMailbox
) -> None:
    box.receive(mail("Pat Q <pat@unknown.example>", "Are you open to a role at Initech?"))
    box.receive(mail("Li Wei <li@globex.example>", "Quick question about your availability."))

    report = av.sync_inbox()

    assert report.recorded == []
    reasons = {item.sender: item.reason or "" for item in report.review}
    assert "does not know" in reasons["Pat Q <pat@unknown.example>"]
    assert reasons["Li Wei <li@globex.example>"].startswith("2 applications at Globex")
    assert {i.message_id for i in av.inbox_view().review} == {i.message_id for i in report.review}


def test_a_newsletter_is_not_put_in_review(av: Afterview, box: FakeMailbox) -> None:
    box.receive(mail("News <news@shop.example>", "Black Friday deals inside", bulk=True))

    report = av.sync_inbox()

    assert (report.recorded, report.review, report.seen) == ([], [], 1)


def test_a_rejection_waits_for_review_and_changes_no_status(
    av: Afterview, box: FakeMailbox
) -> None:
    box.receive(
        mail(
            "Jane Doe <jane@acme.com>",
            "Unfortunately we have decided to move forward with other candidates.",
        )
    )

    report = av.sync_inbox()

    assert report.recorded == []
    assert [(i.reason, i.application) for i in report.review] == [
        ("reads like a rejection", "acme-de")
    ]
    assert av.pipeline().application("acme-de").status is Status.INTERVIEWING


def test_a_follow_up_date_the_employer_asks_for_is_put_on_the_agenda(
    av: Afterview, box: FakeMailbox
) -> None:
    box.receive(mail("Jane Doe <jane@acme.com>", "Thanks, Sam. Let's talk again on the 12th."))

    av.sync_inbox()

    assert av.pipeline().touches[-1].follow_up_requested_on == dt.date(2026, 12, 12)
    follow_ups = [
        a for a in av.agenda(dt.date(2026, 12, 12)).actions if a.kind is ActionKind.FOLLOW_UP
    ]
    assert [(a.application, a.due_from) for a in follow_ups] == [("acme-de", dt.date(2026, 12, 12))]


def test_a_decision_date_becomes_the_interviews(av: Afterview, box: FakeMailbox) -> None:
    box.receive(
        mail("Jane Doe <jane@acme.com>", "We will decide by Friday, December 4. Best, Jane")
    )

    av.sync_inbox()

    _, interview = av.pipeline().interview("acme-1")
    assert interview.decision_expected == dt.date(2026, 12, 4)


def test_an_unclear_date_waits_for_review_and_can_be_confirmed_with_one(
    av: Afterview, box: FakeMailbox
) -> None:
    message = box.receive(mail("Jane Doe <jane@acme.com>", "Let's talk again next week."))

    report = av.sync_inbox()
    assert report.recorded == []
    assert "next week" in (report.review[0].reason or "")

    recorded = av.confirm_inbox(Confirm(message.message_id, None, None, dt.date(2026, 12, 2)))

    assert (recorded.kind, recorded.application, recorded.contact) == (
        "employer_reply",
        "acme-de",
        "jane-doe",
    )
    assert av.pipeline().touches[-1].follow_up_requested_on == dt.date(2026, 12, 2)
    assert av.inbox_view().review == []
    with pytest.raises(NotFound):
        av.dismiss_inbox(message.message_id)


def test_a_message_in_review_can_be_dismissed_by_its_key(av: Afterview, box: FakeMailbox) -> None:
    from afterview.services.inbox import review_key

    message = box.receive(mail("Pat Q <pat@unknown.example>", "Hello there"))
    av.sync_inbox()
    touches = av.pipeline().touches

    av.dismiss_inbox(review_key(message.message_id))

    assert av.inbox_view().review == []
    assert av.pipeline().touches == touches


def test_a_thank_you_sent_from_the_users_own_mail_program_is_recorded(
    av: Afterview, box: FakeMailbox
) -> None:
    assert ActionKind.THANK_YOU in kinds(av, dt.date(2026, 11, 21), "acme-de")
    box.receive(
        mail(
            "Sam Rivera <sam@example.org>",
            "Dear Jane, thank you for Friday's conversation.",
            on=dt.datetime(2026, 11, 21, 8, 0, tzinfo=PT),
            to=("jane@acme.com",),
            folder=Folder.SENT,
        )
    )

    report = av.sync_inbox()

    assert [(r.kind, r.interview, r.contact) for r in report.recorded] == [
        ("thank_you", "acme-1", "jane-doe")
    ]
    assert ActionKind.THANK_YOU not in kinds(av, dt.date(2026, 11, 21), "acme-de")


def test_a_note_sent_before_the_interview_is_not_its_thank_you(
    av: Afterview, box: FakeMailbox
) -> None:
    box.receive(
        mail(
            "Sam Rivera <sam@example.org>",
            "Looking forward to meeting you tomorrow.",
            on=dt.datetime(2026, 11, 19, 8, 0, tzinfo=PT),
            to=("jane@acme.com",),
            folder=Folder.SENT,
        )
    )

    assert av.sync_inbox().recorded == []


INVITE = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Acme//Calendar//EN\r
METHOD:REQUEST\r
BEGIN:VEVENT\r
UID:panel-42@acme.com\r
SEQUENCE:{sequence}\r
DTSTAMP:20261124T170000Z\r
DTSTART;TZID=America/Los_Angeles:{start}\r
SUMMARY:Second round: Acme Corp\r
ORGANIZER;CN=Jane Doe:mailto:jane@acme.com\r
ATTENDEE;CN=Omar Said:mailto:omar@acme.com\r
ATTENDEE;CN=Sam Rivera:mailto:sam@example.org\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_an_invitation_becomes_an_interview_and_its_update_moves_it(
    av: Afterview, box: FakeMailbox
) -> None:
    first = INVITE.format(sequence=0, start="20261203T140000").encode()
    box.receive(mail("Jane Doe <jane@acme.com>", "See invite.", calendars=(first,)))

    report = av.sync_inbox()

    assert [(r.kind, r.application, r.interview) for r in report.recorded] == [
        ("interview", "acme-de", "acme-de-2")
    ]
    _, interview = av.pipeline().interview("acme-de-2")
    assert interview.at == dt.datetime(2026, 12, 3, 14, 0, tzinfo=PT)
    assert interview.interviewers == ("jane-doe", "omar-said")
    assert av.pipeline().contact("omar-said").email == "omar@acme.com"

    moved = INVITE.format(sequence=1, start="20261204T090000").encode()
    box.receive(mail("Jane Doe <jane@acme.com>", "Moved.", calendars=(moved,), subject="Upd"))
    av.sync_inbox()

    interviews = av.pipeline().application("acme-de").interviews
    assert [i.id for i in interviews] == ["acme-1", "acme-de-2"]
    assert interviews[1].at == dt.datetime(2026, 12, 4, 9, 0, tzinfo=PT)


def test_a_mailbox_that_cannot_be_read_records_nothing(av: Afterview, box: FakeMailbox) -> None:
    box.receive(mail("Jane Doe <jane@acme.com>", "Thanks Sam."))
    box.failure = "cannot reach the mail server at imap.example.org:993 (timed out)"
    before = av.pipeline()

    with pytest.raises(AfterviewError, match="cannot reach"):
        av.sync_inbox()

    assert av.pipeline() == before
    assert av.inbox_view().last_read is None


def test_without_a_mailbox_the_sync_says_how_to_set_one_up(av: Afterview) -> None:
    with pytest.raises(AfterviewError, match="no mailbox") as raised:
        av.sync_inbox()
    assert raised.value.remedy is not None


def test_the_json_report_has_the_contracts_shape(av: Afterview, box: FakeMailbox) -> None:
    box.receive(mail("Jane Doe <jane@acme.com>", "Thanks Sam.", message_id="<r1@acme.com>"))
    box.receive(mail("Pat Q <pat@unknown.example>", "Hello", message_id="<s1@unknown.example>"))

    document = av.sync_inbox().as_json()

    assert document == {
        "recorded": [
            {
                "kind": "employer_reply",
                "application": "acme-de",
                "interview": "acme-1",
                "contact": "jane-doe",
                "on": "2026-11-24",
                "message_id": "<r1@acme.com>",
            }
        ],
        "review": [
            {
                "message_id": "<s1@unknown.example>",
                "from": "Pat Q <pat@unknown.example>",
                "subject": "Re: Thank you",
                "reason": "from someone afterview does not know (unknown.example)",
            }
        ],
        "seen": 2,
    }
