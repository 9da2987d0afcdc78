"""What an employer's email says: own words, a date asked for, a rejection or an offer."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afterview.domain.mailtext import (
    Asked,
    DateRequest,
    Reading,
    date_request,
    reads_like,
    reply_text,
    snippet,
)

MONDAY = dt.date(2026, 11, 30)  # the Friday after it is December 4, 2026
FRIDAY = dt.date(2026, 12, 4)

GMAIL_REPLY = """\
Hi Sam,

Thanks again for coming in on Tuesday. The panel enjoyed meeting you, and we will
decide by Friday, December 4.

Best,
Priya

On Tue, Nov 24, 2026 at 4:12 PM Sam Rivera <sam.rivera@example.com> wrote:
> Dear Priya,
>
> Thank you for your time on November 24. Could we speak again on December 1?
>
> Sam
"""

GMAIL_WRAPPED = """\
Hello Sam, let's talk again on the 12th.

On Tue, Nov 24, 2026 at 4:12 PM Priya Natarajan <
priya.natarajan@acme-robotics.com> wrote:

We will let you know by December 20.
"""

OUTLOOK_REPLY = """\
Dear Sam,

Thank you for your patience. We hope to make a decision by Wednesday 9th December.

Kind regards,
Oliver Hughes
Talent Acquisition | Northwind Ltd

________________________________
From: Sam Rivera <sam.rivera@example.com>
Sent: 27 November 2026 09:14
To: Oliver Hughes <oliver.hughes@northwind.co.uk>
Subject: Re: Interview follow-up

Hi Oliver, would it be possible to catch up on 2 December?
"""

OUTLOOK_HEADERS_ONLY = """\
Thanks Sam, we'll be in touch.

From: Sam Rivera <sam.rivera@example.com>
Sent: Friday, November 27, 2026 9:14 AM
To: Oliver Hughes <oliver.hughes@northwind.co.uk>
Subject: RE: Next steps

Could you let me know by December 3?
"""

ORIGINAL_MESSAGE = """\
Sam - please give me a call on Monday 7th December.

-----Original Message-----
From: Sam Rivera [mailto:sam.rivera@example.com]
Sent: Thursday, November 26, 2026 5:02 PM
Subject: Thank you

We will decide by the 10th.
"""

SIGNED = """\
Hi Sam,

Lovely to meet you. We'll get back to you by the 3rd.

--\x20
Jane Okafor | Head of Engineering
Unfortunately I am out of the office on Fridays. Call me on 07700 900123 by Friday.
"""

MOBILE = """\
Thanks Sam, speak soon.

Sent from my iPhone

> On 26 Nov 2026, at 17:02, Sam Rivera <sam.rivera@example.com> wrote:
> Please let me know by Friday.
"""


# The sender's own words


def test_a_gmail_reply_keeps_the_greeting_and_body_and_drops_the_history() -> None:
    text = reply_text(GMAIL_REPLY)
    assert text.startswith("Hi Sam,")
    assert "we will\ndecide by Friday, December 4." in text
    assert text.endswith("Priya")
    assert "wrote:" not in text
    assert "December 1" not in text


def test_an_on_wrote_line_wrapped_over_two_lines_ends_the_reply() -> None:
    assert reply_text(GMAIL_WRAPPED) == "Hello Sam, let's talk again on the 12th."


def test_an_outlook_rule_and_header_block_end_the_reply() -> None:
    text = reply_text(OUTLOOK_REPLY)
    assert text.endswith("Talent Acquisition | Northwind Ltd")
    assert "____" not in text
    assert "From:" not in text
    assert reply_text(OUTLOOK_HEADERS_ONLY) == "Thanks Sam, we'll be in touch."


def test_an_original_message_line_ends_the_reply() -> None:
    assert reply_text(ORIGINAL_MESSAGE) == "Sam - please give me a call on Monday 7th December."


def test_a_signature_after_dash_dash_space_is_dropped() -> None:
    assert reply_text(SIGNED) == (
        "Hi Sam,\n\nLovely to meet you. We'll get back to you by the 3rd."
    )


def test_sent_from_my_phone_lines_are_dropped() -> None:
    assert reply_text(MOBILE) == "Thanks Sam, speak soon."
    assert reply_text("Sounds good, thanks.\n\nGet Outlook for iOS") == "Sounds good, thanks."


def test_windows_line_endings_and_quoted_lines_in_between() -> None:
    text = "Hi Sam,\r\n> you asked about Friday\r\nYes, Friday works.\r\n"
    assert reply_text(text) == "Hi Sam,\nYes, Friday works."


def test_a_line_merely_mentioning_from_is_kept() -> None:
    text = "From: the whole team, thank you.\nWe enjoyed the conversation."
    assert reply_text(text) == text


def test_a_reply_without_history_is_itself() -> None:
    assert reply_text("  Thanks, Sam!  \n") == "Thanks, Sam!"
    assert reply_text("") == ""


# Snippets


def test_a_snippet_is_one_line_cut_at_a_word() -> None:
    assert snippet(GMAIL_REPLY, limit=40) == "Hi Sam, Thanks again for coming in on…"
    assert snippet("Short and sweet.") == "Short and sweet."
    assert snippet("Antidisestablishmentarianism", limit=10) == "Antidisest…"


def test_a_snippet_holds_no_quoted_history() -> None:
    assert "December 1" not in snippet(GMAIL_REPLY, limit=1000)
    assert snippet(MOBILE) == "Thanks Sam, speak soon."


def test_a_snippet_limit_is_not_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        snippet("text", limit=-1)


# Dates asked for: read


def request(text: str, written_on: dt.date = MONDAY) -> DateRequest | None:
    return date_request(text, written_on)


def decision(on: str | None, phrase: str) -> DateRequest:
    return DateRequest(Asked.DECISION, None if on is None else dt.date.fromisoformat(on), phrase)


def follow_up(on: str | None, phrase: str) -> DateRequest:
    return DateRequest(Asked.FOLLOW_UP, None if on is None else dt.date.fromisoformat(on), phrase)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Decision cues
        ("We will decide by Friday, December 4.", decision("2026-12-04", "by Friday, December 4")),
        ("We'll let you know by Friday.", decision("2026-12-04", "by Friday")),
        ("We\u2019ll get back to you on Thursday.", decision("2026-12-03", "on Thursday")),
        ("You should hear back from us by 2026-12-08.", decision("2026-12-08", "by 2026-12-08")),
        (
            "The panel hopes to make a choice by December 4th, 2026.",
            decision("2026-12-04", "by December 4th, 2026"),
        ),
        (
            "We aim to finalise the shortlist by the 4th of December.",
            decision("2026-12-04", "by the 4th of December"),
        ),
        (
            "We expect to finalize our decision by Dec. 7.",
            decision("2026-12-07", "by Dec. 7"),
        ),
        ("I'll come back to you on Fri 4 Dec.", decision("2026-12-04", "on Fri 4 Dec.")),
        ("We will update you tomorrow.", decision("2026-12-01", "tomorrow")),
        ("I will let you know today, promise.", decision("2026-11-30", "today")),
        (
            "We'll let you know by end of day Friday.",
            decision("2026-12-04", "by end of day Friday"),
        ),
        (
            "We should have a decision by close of play Thursday.",
            decision("2026-12-03", "by close of play Thursday"),
        ),
        ("We'll be in touch by the 12th.", decision("2026-12-12", "by the 12th")),
        ("We'll have an answer for you on Friday.", decision("2026-12-04", "on Friday")),
        ("We'll revert by Wednesday.", decision("2026-12-02", "by Wednesday")),
        (
            "We will let you know on Wednesday 9th December.",
            decision("2026-12-09", "on Wednesday 9th December"),
        ),
        # Follow-up cues
        ("Let's talk again on the 12th.", follow_up("2026-12-12", "on the 12th")),
        (
            "Please follow up with me on Monday 7th December.",
            follow_up("2026-12-07", "on Monday 7th December"),
        ),
        ("Feel free to give me a call on Tuesday.", follow_up("2026-12-01", "on Tuesday")),
        ("Could you touch base with me on December 10?", follow_up("2026-12-10", "on December 10")),
        ("Do reach out on the 3rd if you have questions.", follow_up("2026-12-03", "on the 3rd")),
        ("Let's catch up on 14 December.", follow_up("2026-12-14", "on 14 December")),
        ("Ping me tomorrow and we'll sort out the paperwork.", follow_up("2026-12-01", "tomorrow")),
        ("Please get in touch this Friday.", follow_up("2026-12-04", "this Friday")),
        (
            "Let's circle back on Thursday, December 3.",
            follow_up("2026-12-03", "on Thursday, December 3"),
        ),
        ("Can we check in again on 2026-12-15?", follow_up("2026-12-15", "on 2026-12-15")),
        ("Let me know your decision by Friday.", follow_up("2026-12-04", "by Friday")),
        ("Happy to reconnect on the 21st.", follow_up("2026-12-21", "on the 21st")),
    ],
)
def test_a_date_in_a_cue_sentence_is_read(text: str, expected: DateRequest) -> None:
    assert request(text) == expected


def test_a_month_and_day_without_a_year_is_the_next_one() -> None:
    assert request("We'll decide by January 8.", dt.date(2026, 12, 10)) == decision(
        "2027-01-08", "by January 8"
    )
    assert request("We will decide by 10 December.", dt.date(2026, 12, 10)) == decision(
        "2026-12-10", "by 10 December"
    )


def test_the_nth_is_the_next_such_day() -> None:
    assert request("Let's talk again on the 3rd.", dt.date(2026, 11, 30)) == follow_up(
        "2026-12-03", "on the 3rd"
    )
    assert request("Let's talk again on the 30th.", dt.date(2026, 11, 30)) == follow_up(
        "2026-11-30", "on the 30th"
    )


def test_the_employer_reaching_out_is_their_decision() -> None:
    assert request("I'll reach out on Thursday with next steps.") == decision(
        "2026-12-03", "on Thursday"
    )
    assert request("We will follow up by the 7th.") == decision("2026-12-07", "by the 7th")


def test_if_you_have_not_heard_by_then_is_the_decision_date() -> None:
    text = "If you haven\u2019t heard from us by Friday, please do follow up."
    assert request(text) == decision("2026-12-04", "by Friday")


def test_an_opening_clause_about_something_else_is_not_read() -> None:
    text = "As I mentioned on Tuesday, we\u2019ll let you know by Friday."
    assert request(text) == decision("2026-12-04", "by Friday")
    text = "Thanks for coming in on Wednesday; we will decide by the 4th."
    assert request(text) == decision("2026-12-04", "by the 4th")


def test_sentences_that_agree_give_their_date() -> None:
    text = "We will decide by Friday, December 4. Either way, we'll let you know by Friday."
    assert request(text) == decision("2026-12-04", "by Friday, December 4")


def test_a_date_wrapped_over_lines_is_read() -> None:
    assert request(GMAIL_REPLY, dt.date(2026, 11, 25)) == decision(
        "2026-12-04", "by Friday, December 4"
    )


# Dates asked for: unclear


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Let's talk again next week.", follow_up(None, "next week")),
        ("We'll let you know next month.", decision(None, "next month")),
        ("We will get back to you in a few days.", decision(None, "in a few days")),
        ("We hope to decide by the end of the week.", decision(None, "by the end of the week")),
        (
            "We will let you know by the end of next week.",
            decision(None, "by the end of next week"),
        ),
        ("Let's speak again early next week.", follow_up(None, "early next week")),
        ("We will let you know next Friday.", decision(None, "next Friday")),
        ("Please follow up on 12/4.", follow_up(None, "on 12/4")),
        ("Please follow up on 4/12/2026.", follow_up(None, "on 4/12/2026")),
        ("Wir melden uns. Let's talk again on 04.12.", follow_up(None, "on 04.12.")),
        ("We'll let you know by December 4 or 5.", decision(None, "by December 4 or 5")),
        ("We'll decide between the 4th and the 7th.", decision(None, "the 4th and the 7th")),
        (
            "We'll get back to you on Thursday, December 4.",
            decision(None, "on Thursday, December 4"),
        ),
        ("We expect a decision on 2025-12-04.", decision(None, "on 2025-12-04")),
        ("We will decide by December 4, 2025.", decision(None, "by December 4, 2025")),
        ("We'll let you know after the 12th.", decision(None, "after the 12th")),
        ("We won't be able to let you know before the 12th.", decision(None, "before the 12th")),
        ("Can we catch up w/c 7 December?", follow_up(None, "w/c 7 December")),
        ("Let's speak again Friday week.", follow_up(None, "Friday week")),
        (
            "We aim to finalise things in a fortnight's time.",
            decision(None, "in a fortnight's time"),
        ),
        ("We will make a decision in the new year.", decision(None, "in the new year")),
        ("We hope to let you know in January.", decision(None, "in January")),
        ("We'll let you know on Monday or Tuesday.", decision(None, "on Monday; Tuesday")),
        ("We'll be in touch on February 30.", decision(None, "on February 30")),
        # Written on a Monday: this Monday, or the next?
        ("Let's speak again on Monday.", follow_up(None, "on Monday")),
    ],
)
def test_a_date_asked_for_but_unclear_is_reported_unclear(text: str, expected: DateRequest) -> None:
    assert request(text) == expected


def test_sentences_that_disagree_are_unclear() -> None:
    text = "We will decide by Friday. Otherwise we'll let you know by the 8th."
    assert request(text) == decision(None, "by Friday; by the 8th")


def test_different_kinds_that_disagree_are_unclear() -> None:
    text = "Let's talk again on the 2nd. We'll make a decision by the 9th."
    assert request(text) == follow_up(None, "on the 2nd; by the 9th")


def test_a_far_away_month_and_day_without_a_year_is_unclear() -> None:
    # Written on December 10: "December 4" is most likely last week's, not next year's.
    assert request("We will decide by December 4.", dt.date(2026, 12, 10)) == decision(
        None, "by December 4"
    )


def test_the_30th_in_a_month_without_one_is_unclear() -> None:
    assert request("Let's speak again on the 30th.", dt.date(2027, 2, 10)) == follow_up(
        None, "on the 30th"
    )


# Dates asked for: none


@pytest.mark.parametrize(
    "text",
    [
        "We will be in touch soon.",
        "We'll get back to you shortly.",
        "Thank you for coming in on Friday, December 4.",
        "The role starts on January 11.",
        "We'll decide at the 2nd panel.",
        "Feel free to reach out with any questions.",
        "Give me a ring on Wednesday at 10.30 if you like.\n\nThanks",
        "Available 24/7, as they say.",
        "",
    ],
)
def test_no_date_is_asked_for(text: str) -> None:
    if "ring" in text:  # a cue and a weekday: read, and "10.30" is a time, not a date
        assert request(text) == follow_up("2026-12-02", "on Wednesday")
    else:
        assert request(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GMAIL_REPLY, decision("2026-12-04", "by Friday, December 4")),
        (GMAIL_WRAPPED, follow_up("2026-12-12", "on the 12th")),
        (OUTLOOK_REPLY, decision("2026-12-09", "by Wednesday 9th December")),
        (OUTLOOK_HEADERS_ONLY, None),
        (ORIGINAL_MESSAGE, follow_up("2026-12-07", "on Monday 7th December")),
        (SIGNED, decision("2026-12-03", "by the 3rd")),
        (MOBILE, None),
    ],
)
def test_quoted_history_never_gives_a_date(text: str, expected: DateRequest | None) -> None:
    assert request(text) == expected


def test_quoted_history_alone_gives_no_date() -> None:
    text = (
        "Thanks!\n\nOn Mon, 30 Nov 2026, Sam <sam@example.com> wrote:\n"
        "> Let's talk again on the 12th."
    )
    assert request(text) is None
    assert request("> We will decide by Friday.\n> Best, Priya") is None


def test_british_phrasing_end_to_end() -> None:
    text = """\
Dear Sam,

Many thanks for attending the interview on Tuesday \u2013 the panel were very impressed.
We are still interviewing, so we will not be making a decision until the 9th; I will
let you know the outcome on Thursday 10th December.

Kind regards,
Fiona
"""
    # A bound and a day: read by the user, not guessed.
    assert request(text) == decision(None, "until the 9th; on Thursday 10th December")
    text = """\
Dear Sam,

Many thanks for attending the interview on Tuesday \u2013 the panel were very impressed.
We are still interviewing this week, so I will let you know the outcome on Thursday
10th December at the latest. Do ring me if you have any questions in the meantime.

Kind regards,
Fiona
"""
    assert request(text) == decision("2026-12-10", "on Thursday 10th December")


# A rejection or an offer


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        (
            "Your application",
            "Unfortunately, we have decided to move forward with other candidates.",
        ),
        ("Re: Interview", "We regret to inform you that the position has been filled."),
        (
            "Update",
            "After careful consideration we will not be moving forward with your application.",
        ),
        ("Update", "We have decided not to proceed with your application at this time."),
        ("Update", "The team has chosen to pursue other candidates whose experience is closer."),
        ("Update", "I\u2019m sorry to say you have not been successful on this occasion."),
        ("Update", "We will not be progressing your application further."),
        ("Your application \u2013 unsuccessful", "Thank you for your interest in Northwind."),
        ("Update", "You were not selected for the next round."),
        ("Update", "We are not in a position to offer you the role."),
        ("Update", "We\u2019re not moving forward with your candidacy."),
        ("UPDATE", "UNFORTUNATELY THE ROLE HAS BEEN FILLED."),
    ],
)
def test_a_rejection_reads_like_one(subject: str, text: str) -> None:
    assert reads_like(subject, text) is Reading.REJECTION


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("Good news", "We are pleased to offer you the position of Senior Engineer."),
        ("Good news", "I\u2019m delighted to offer you the role."),
        ("Offer", "Please find attached your offer letter."),
        ("Next steps", "We would like to offer you the position, starting in January."),
        ("Next steps", "We'd like to extend you an offer."),
        ("Next steps", "We'd love to extend an offer to you."),
        ("Formal offer of employment", "Details attached."),
        ("Next steps", "A formal offer will follow by email."),
        ("Next steps", "We are happy to offer you a salary of \u00a365,000."),
    ],
)
def test_an_offer_reads_like_one(subject: str, text: str) -> None:
    assert reads_like(subject, text) is Reading.OFFER


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("Thanks", "Thank you for offering your time on Tuesday."),
        ("Next steps", "We would like to offer you a second interview."),
        ("Next steps", "We are pleased to offer you an interview slot on Friday."),
        ("Re: Interview", "Lovely to meet you. We'll be in touch soon."),
    ],
)
def test_neither(subject: str, text: str) -> None:
    assert reads_like(subject, text) is None


def test_a_quoted_rejection_does_not_count() -> None:
    text = (
        "Hi Sam, we would like to offer you the role!\n\n"
        "On Mon, 2 Nov 2026 at 10:00, Other Co <jobs@other.example> wrote:\n"
        "> Unfortunately we will not be moving forward."
    )
    assert reads_like("Re: Your application", text) is Reading.OFFER
    assert reads_like("Catch-up", "> Unfortunately the position has been filled.") is None


def test_a_rejection_is_read_before_an_offer() -> None:
    text = "We are not in a position to offer you the role; we were pleased to offer an interview."
    assert reads_like("Update", text) is Reading.REJECTION


# Laws

WRITTEN_ON = st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
LINES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60).filter(
    lambda line: not line.lstrip().startswith(">")
)
DATE_WORDS = st.sampled_from(
    [
        "by Friday", "on the 12th", "tomorrow", "on December 4", "by 4 January 2027",
        "on 2026-12-04", "next week", "by Fri 4 Dec", "on Monday", "today", "on the 31st",
        "by February 29", "12/4", "by end of day Tuesday", "on Saturday, December 5",
    ]
)  # fmt: skip
CUES = st.sampled_from(
    ["We will decide", "Let's talk again", "I'll let you know", "Please follow up", "Call me"]
)


@given(written_on=WRITTEN_ON, cue=CUES, words=st.lists(DATE_WORDS, min_size=1, max_size=3))
def test_no_date_is_before_the_email(written_on: dt.date, cue: str, words: list[str]) -> None:
    text = " ".join(f"{cue} {w}." for w in words)
    found = date_request(text, written_on)
    assert found is not None
    assert found.on is None or found.on >= written_on


@given(written_on=WRITTEN_ON, n=st.integers(1, 31))
def test_the_nth_lands_on_that_day_within_a_month(written_on: dt.date, n: int) -> None:
    found = date_request(f"Let's talk again on the {n}{ORDINAL.get(n, 'th')}.", written_on)
    assert found is not None
    assert found.asked is Asked.FOLLOW_UP
    if found.on is not None:
        assert found.on.day == n
        assert 0 <= (found.on - written_on).days < 31
    else:  # no such day this month, or none the next month when this month's is past
        assert n > 28


@given(written_on=WRITTEN_ON, weekday=st.integers(0, 6))
def test_a_weekday_lands_on_it_within_a_week(written_on: dt.date, weekday: int) -> None:
    found = date_request(f"We will decide by {WEEKDAYS[weekday]}.", written_on)
    assert found is not None
    if written_on.weekday() == weekday:
        assert found.on is None
    else:
        assert found.on is not None
        assert found.on.weekday() == weekday
        assert 1 <= (found.on - written_on).days <= 6


@given(body=st.lists(LINES, max_size=6), quoted=st.lists(LINES, min_size=1, max_size=4))
def test_reply_text_is_idempotent(body: list[str], quoted: list[str]) -> None:
    text = "\n".join(body + [f"> {line} QUOTEDWORD" for line in quoted])
    once = reply_text(text)
    assert reply_text(once) == once
    assert "QUOTEDWORD" not in once


@given(text=st.text(max_size=300))
def test_reply_text_is_idempotent_on_any_text(text: str) -> None:
    once = reply_text(text)
    assert reply_text(once) == once


@given(
    body=st.lists(LINES, max_size=8),
    quoted=st.lists(LINES, min_size=1, max_size=4),
    limit=st.integers(0, 250),
)
def test_a_snippet_fits_and_holds_no_quoted_line(
    body: list[str], quoted: list[str], limit: int
) -> None:
    lines = [*body[:2], *(f">{line} QUOTEDWORD" for line in quoted), *body[2:]]
    cut = snippet("\n".join(lines), limit)
    assert len(cut) <= limit + 1
    assert "QUOTEDWORD" not in cut
    assert "\n" not in cut
