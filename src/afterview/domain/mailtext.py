"""What an employer's email says: the sender's own words, a date asked for, a verdict.

`afterview inbox sync` reads replies from the user's mailbox; these pure rules read
their text (the body of a `afterview.domain.mail.Message`):

- `reply_text` keeps the sender's own words: lines quoted with ">", the quoted
  history after "On <date>, <name> wrote:", "-----Original Message-----", an Outlook
  header block (From:/Sent:/To:/Subject:) or a "____" rule before From:, the
  signature after "-- ", and "Sent from my iPhone"-style lines are removed.
- `snippet` is that text on one line, cut at a word with "…".
- `date_request` finds a date the employer asks for or promises in the same sentence
  as a cue: DECISION ("we will let you know by Friday, December 4") becomes the
  interview's expected decision date, FOLLOW_UP ("let's talk again on the 12th") the
  day the next follow-up is due.
- `reads_like` tells a rejection or an offer from its wording.

Unambiguous or nothing. A wrong date nags an employer before they said they would
decide, or lets a deadline pass, so a date is read only from forms that mean one day
(ISO dates, a month name with a day, "the 12th", a weekday, "today", "tomorrow"),
resolved against the day the email was written. Anything vaguer ("next week",
"next Friday", "after the 12th", "12/4", two different dates for one cue, a weekday
that disagrees with its date, a date already past, a month and day without a year
more than half a year ahead, "the 30th" where the month has none) is reported as a
date asked for but unclear (`on=None`), and the app asks the user to read the email.
"Soon", "shortly" and "in due course" ask for no date at all.

Why not a general date parser: dateparser's `search_dates` finds dates in ordinary
words ("now", "second", "may", "sat") and guesses the order of day and month in
"4/12"; here a guess nags an employer. Regular expressions over sentences, with the
cue in the same sentence, read only what the rules below allow.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Asked", "DateRequest", "Reading", "date_request", "reads_like", "reply_text", "snippet"]

# Characters read as their plain forms, one for one (so spans in the plain text are
# spans in the text as written): curly quotes, non-breaking spaces, hyphens and dashes.
_PLAIN = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2010": "-", "\u2011": "-",
})  # fmt: skip


def _plain(text: str) -> str:
    return text.translate(_PLAIN)


# ---------------------------------------------------------------------------
# The sender's own words

_ON_WROTE = re.compile(r"^\s*On\b.*\bwrote:\s*$", re.IGNORECASE)
_WROTE_END = re.compile(r"\bwrote:\s*$", re.IGNORECASE)
_ON_START = re.compile(r"^\s*On\s+\S", re.IGNORECASE)
_ORIGINAL = re.compile(r"^\s*-{2,}\s*(?:Original|Forwarded)\s+Message\s*-{2,}\s*$", re.IGNORECASE)
_HEADER = re.compile(r"^\s*\*?(From|Sent|Date|To|Cc|Subject)\s*:\*?\s*\S", re.IGNORECASE)
_RULE = re.compile(r"^\s*_{10,}\s*$")
_SIGNATURE = re.compile(r"^--\s*$")
_MOBILE = re.compile(
    r"^\s*(?:Sent\s+(?:from|via|with)\s+(?:my\s+)?(?:iPhone|iPad|Android|Samsung|Galaxy|"
    r"BlackBerry|mobile|phone|smartphone|Outlook|Mail|Yahoo|Gmail|AOL|Proton|Huawei|Pixel)\b"
    r"|Get\s+Outlook\s+for\s+\w+).{0,60}$",
    re.IGNORECASE,
)


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _outlook_block(lines: list[str], i: int) -> bool:
    """From: at line i followed, within a few lines, by Sent:/Date: and To:/Subject:."""
    first = _HEADER.match(lines[i])
    if first is None or first.group(1).lower() != "from":
        return False
    seen: set[str] = set()
    for line in lines[i + 1 : i + 7]:
        header = _HEADER.match(line)
        if header is not None:
            seen.add(header.group(1).lower())
    return bool(seen & {"sent", "date"}) and bool(seen & {"to", "subject"})


def _next_text_line(lines: list[str], i: int) -> str:
    for line in lines[i + 1 :]:
        if line.strip():
            return line
    return ""


def _history_starts(lines: list[str], i: int) -> bool:
    line = lines[i]
    if _ON_WROTE.match(line) or _ORIGINAL.match(line) or _SIGNATURE.match(line):
        return True
    if _WROTE_END.search(line) and "@" in line:
        return True
    if (
        _ON_START.match(line)
        and i + 1 < len(lines)
        and _WROTE_END.search(lines[i + 1])
        and not _is_quoted(lines[i + 1])
    ):
        return True
    if _RULE.match(line):
        following = _HEADER.match(_next_text_line(lines, i))
        return following is not None and following.group(1).lower() == "from"
    return _outlook_block(lines, i)


def _strip_once(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        if _history_starts(lines, i):
            break
        if _is_quoted(line) or _MOBILE.match(line):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def reply_text(text: str) -> str:
    """The sender's own words: quoted history and signature removed."""
    while True:  # each pass only removes, so this stops; it makes the result a fixed point
        stripped = _strip_once(text)
        if stripped == text:
            return stripped
        text = stripped


def snippet(text: str, limit: int = 200) -> str:
    """reply_text, whitespace collapsed to single spaces, cut at a word boundary with '…'
    when longer than limit."""
    if limit < 0:
        raise ValueError(f"a snippet's limit is not negative: {limit}")
    words = " ".join(reply_text(text).split())
    if len(words) <= limit:
        return words
    space = words.rfind(" ", 0, limit + 1)
    cut = words[:space] if space > 0 else words[:limit]
    return cut.rstrip(" ,;:-") + "…"


# ---------------------------------------------------------------------------
# Sentences

# Words whose period does not end a sentence ("Fri. Dec. 4", "Mr. Okafor").
_ABBREVIATIONS = frozenset({
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "approx", "e.g", "i.e", "etc", "vs",
})  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+")
_CLAUSE_END = re.compile(r"\s*;\s*|\s+[-\u2013\u2014]+\s+|\s*[\u2013\u2014]\s*")


def _sentences(text: str) -> Iterator[str]:
    """Sentences, and the clauses of a sentence set apart by ';' or a dash."""
    for paragraph in re.split(r"\n\s*\n", text):
        flat = " ".join(paragraph.split())
        start = 0
        for end in _SENTENCE_END.finditer(flat):
            word = re.search(
                r"([\w.]+)[.!?]*$", flat[max(start, end.start() - 20) : end.start() + 1]
            )
            following = flat[end.end() : end.end() + 1]
            if word is not None and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            if following and not following.isupper() and not following.isdigit():
                continue
            yield from _CLAUSE_END.split(flat[start : end.end()].strip())
            start = end.end()
        if flat[start:].strip():
            yield from _CLAUSE_END.split(flat[start:].strip())


# ---------------------------------------------------------------------------
# Cues: what makes a date in a sentence one the employer asks for or promises


class Asked(StrEnum):
    """What the date is for."""

    DECISION = "decision"  # when the employer will decide / get back
    FOLLOW_UP = "follow_up"  # when the employer wants the candidate to follow up / talk again


_EMPLOYER_WILL = (
    r"\b(?:we|i)\s*(?:'ll|'d|will|shall|would|are\s+going\s+to|'re\s+going\s+to|am\s+going\s+to|"
    r"'m\s+going\s+to|aim\s+to|plan\s+to|expect\s+to|hope\s+to|intend\s+to|should\s+be\s+able\s+to|"
    r"will\s+be\s+able\s+to)\s+(?:\w+\s+){0,2}?"
)

_CUES: tuple[tuple[Asked, re.Pattern[str]], ...] = tuple(
    (asked, re.compile(pattern, re.IGNORECASE))
    for asked, pattern in [
        (Asked.DECISION, r"\bdecid(?:e|es|ing)\b"),
        (Asked.DECISION, r"\b(?:be|been|being|is|are)\s+decided\b|\bdecided\s+by\b"),
        (Asked.DECISION, r"(?<!your )(?<!your final )\bdecisions?\b"),
        (Asked.DECISION, r"\blet\s+you\s+know\b"),
        (Asked.DECISION, r"\bget\s+back\s+to\s+you\b"),
        (Asked.DECISION, r"\bcome\s+back\s+to\s+you\b"),
        (Asked.DECISION, r"\bhear(?:d)?\s+back\b|\bheard?\s+(?:back\s+)?from\s+us\b"),
        (Asked.DECISION, r"\bmake\s+(?:a|our|the|my|their)\s+(?:final\s+)?choice\b"),
        (Asked.DECISION, r"\bfinali[sz](?:e|es|ed|ing)\b"),
        (Asked.DECISION, r"\bupdate\s+you\b|\bkeep\s+you\s+(?:updated|posted|informed)\b"),
        (Asked.DECISION, r"\bbe\s+in\s+touch\b|\brevert\b|\boutcome\b|(?<!your )\bfeedback\b"),
        (
            Asked.DECISION,
            r"\b(?:answer|response|news|word)\s+(?:for|to)\s+you\b|\brespond\s+to\s+you\b",
        ),
        (
            Asked.DECISION,
            r"\byou(?:'ll|\s+will|\s+should|\s+can\s+expect\s+to)\s+(?:\w+\s+)?"
            r"(?:hear|receive|get|have)\b",
        ),
        # The employer doing what a candidate's follow-up would: they will get back.
        (
            Asked.DECISION,
            _EMPLOYER_WILL + r"(?:follow[\s-]?up|reach\s+out|circle\s+back|get\s+in\s+touch|"
            r"touch\s+base|check\s+in|contact\s+you|call\s+you|ring\s+you|e-?mail\s+you|"
            r"write\s+to\s+you|ping\s+you|send\s+you|come\s+back)\b",
        ),
        (Asked.FOLLOW_UP, r"\b(?:talk|speak|chat|meet)\s+again\b"),
        (Asked.FOLLOW_UP, r"\bfollow[\s-]?up\b|\bcheck[\s-]in\b|\btouch\s+base\b"),
        (Asked.FOLLOW_UP, r"\breach\s+out\b|\bcircle\s+back\b|\breconnect\b|\bcatch[\s-]?up\b"),
        (Asked.FOLLOW_UP, r"\b(?:call|ring|ping|phone|e-?mail|contact)\s+(?:me|us)\b"),
        (Asked.FOLLOW_UP, r"\bgive\s+(?:me|us)\s+a\s+(?:call|ring|bell|shout|buzz)\b"),
        (
            Asked.FOLLOW_UP,
            r"\bget\s+in\s+touch\b|\bchase\b|\bdrop\s+(?:me|us)\s+a\s+(?:line|note)\b",
        ),
        (Asked.FOLLOW_UP, r"\blet\s+(?:me|us)\s+know\b|\bget\s+back\s+to\s+(?:me|us)\b"),
        (Asked.FOLLOW_UP, r"\bhear\s+from\s+you\b|\byour\s+(?:final\s+)?decision\b"),
        (
            Asked.FOLLOW_UP,
            r"\b(?:let's|let\s+us|shall\s+we|can\s+we|could\s+we)\s+(?:\w+\s+)?"
            r"(?:speak|talk|chat|meet|connect)\b",
        ),
    ]
)

# A cue after one of these words reads as a date not promised: "we won't decide by Friday".
_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer|unable|cannot|\w+n't)\b(?!\s+hesitate)", re.IGNORECASE
)
_CONDITION = re.compile(
    r"\bif\s+you\s+(?:do\s+not|don't|did\s+not|didn't|have\s+not|haven't|not)\b", re.IGNORECASE
)
# A cue told of in the past: "as I let you know on Monday".
_PAST = re.compile(
    r"\b(?:as|when)\s+(?:i|we)\s+(?:\w+\s+)?$|\b(?:i|we)\s+(?:already|previously)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Cue:
    asked: Asked
    start: int
    end: int
    denied: bool  # negated before it: any date it takes is unclear


def _cues(sentence: str) -> list[_Cue]:
    found = [
        (asked, m.start(), m.end())
        for asked, pattern in _CUES
        for m in pattern.finditer(sentence)
        if not _PAST.search(sentence[: m.start()])
    ]
    # A cue inside a longer one ("we will follow up") is the longer one's.
    kept = [
        (asked, start, end)
        for asked, start, end in found
        if not any(s <= start and end <= e and (e - s) > (end - start) for _, s, e in found)
    ]
    cues = []
    for asked, start, end in sorted(set(kept), key=lambda c: c[1]):
        before = sentence[:start]
        conditions = [m.span() for m in _CONDITION.finditer(before)]
        negated = any(
            not any(s <= m.start() < e for s, e in conditions) for m in _NEGATION.finditer(before)
        )
        cues.append(_Cue(asked, start, end, negated))
    return cues


# ---------------------------------------------------------------------------
# Dates

# The period of an abbreviation ("Dec.", "Thurs."), not a sentence's after a whole name.
_ABBR_DOT = r"(?:(?<!\w{5})\.)?"
_WD_FULL = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WD_ABBR = "mon|tues?|wed|thu(?:rs?)?|fri|sat|sun"
_WEEKDAYS = {name: n for n, name in enumerate(_WD_FULL.split("|"))}
_MONTH_NAMES = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May)|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTHS = {
    name: n
    for n, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_MONTH = rf"\b(?P<month>{_MONTH_NAMES})\b{_ABBR_DOT}"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)"
_YEAR = r"(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
_EOD = (
    r"(?:the\s+)?(?:end\s+of\s+(?:the\s+)?(?:day|play|business)|close\s+of\s+(?:play|business))"
    r"|\b(?-i:EOD|COB|EOP|eod|cob)\b"
)
_PREP = (
    r"(?:no|not)\s+later\s+than|on\s+or\s+before|on\s+or\s+around|ahead\s+of|as\s+of|"
    r"(?:the\s+)?week\s+(?:of|commencing|beginning|starting)|w/[cb]|"
    r"by|on|before|for|until|till|til|after|from|since|beyond|around|about|approximately|"
    r"circa|sometime|some\s+time|starting|following|not|latest"
)
# A date after one of these is a bound or a guess, not the day: "after the 12th".
_VAGUE_PREP = re.compile(
    r"\b(?:until|till|til|after|from|since|beyond|around|about|approximately|circa|as\s+of|"
    r"starting|following|not|week|w/[cb])\b",
    re.IGNORECASE,
)
_WD_BEFORE = rf"(?:\b(?P<wd>{_WD_FULL}|{_WD_ABBR})\b{_ABBR_DOT},?\s+)"
_RANGE = (
    rf"(?P<range>\s*(?:-|\u2013|\u2014|&|/|\bto\b|\bor\b|\band\b|\bthrough\b)\s*(?:the\s+)?"
    rf"\d{{1,2}}{_ORD}?\b(?![:.]\d))?"
)
# What may follow "the 12th" for it to be a day of the month ("the 2nd round" is not).
_AFTER_NTH = (
    r"(?=\s*(?:[.,;:!?)\]\-\u2013\u2014]|$)|\s+(?:at|in|or|and|to|if|when|for|before|as|so|"
    r"please|then|too|also|instead|morning|afternoon|evening|which|would|will|is|works?|"
    r"should|could|with|about|latest|by|between|from|suit|suits|ok|okay|good|that)\b)"
)


def _lead(eod: bool) -> str:
    text = rf"(?P<lead>\b(?:(?:{_PREP})\s+){{1,2}})?"
    if eod:
        text += rf"(?P<eod>(?:{_EOD}),?\s+(?:on\s+)?)?"
    return text


_VAGUE = (
    rf"next\s+(?:week|month|year|{_WD_FULL}|{_WD_ABBR})\b"
    rf"|(?:the\s+)?(?:early|late|later|mid|middle|end|beginning|start)(?:[\s-]+(?:of|in))?"
    rf"[\s-]+(?:the\s+|this\s+|next\s+)?(?:week|month|year|{_MONTH_NAMES})\b"
    r"|(?:this|the\s+coming|the\s+following|later\s+this)\s+(?:week|month)\b"
    r"|(?:the\s+)?(?:week|weekend)\s+after\s+next\b|(?:this|next|the)\s+weekend\b"
    r"|(?:in|within|over|during)\s+(?:the\s+)?(?:next|coming|following)\s+"
    r"(?:few\s+|couple\s+of\s+|\d+\s+|two\s+|three\s+)?"
    r"(?:days?|weeks?|months?|fortnight|working\s+days|business\s+days)\b"
    r"|(?:in|within|over)\s+(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|"
    r"a\s+couple(?:\s+of)?|several|\d+|few)\s+(?:more\s+)?(?:working\s+|business\s+)?"
    r"(?:days?|weeks?|months?|hours?|fortnights?)\b(?:'?s?\s+time)?"
    r"|in\s+a\s+(?:day|week)\s+or\s+(?:two|so)\b|a\s+week\s+or\s+(?:two|so)\b"
    r"|(?:days?|weeks?)\s+from\s+now\b"
    rf"|a\s+(?:week|fortnight)\s+(?:on\s+|from\s+)?(?:today|tomorrow|now|{_WD_FULL})\b"
    rf"|(?:{_WD_FULL})\s+(?:week|next|fortnight)\b"
    r"|(?:(?:in|over|during|at)\s+)?(?:(?:the\s+)?new\s+year|christmas|easter"
    r"|the\s+(?:holidays|festive\s+(?:season|period)|summer|autumn|fall|spring|winter))\b"
    rf"|(?:in|during|by|before|until|after|over)\s+(?:early\s+|late\s+|mid[\s-]?)?"
    rf"(?:{_MONTH_NAMES})\b(?!\.?\s*\d)"
)
_NUMERIC = (
    r"(?<![\d/.:])(?P<num>\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?|\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})?"
    r"|\d{1,2}-\d{1,2}-(?:\d{4}|\d{2}))(?![\d/])"
)

_DATES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in [
        ("iso", _lead(True) + rf"{_WD_BEFORE}?\b(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})\b"),
        (
            "month_day",
            _lead(True) + rf"{_WD_BEFORE}?{_MONTH}\s+(?:the\s+)?{_DAY}{_ORD}?\b(?![:.]\d)"
            rf"{_RANGE}{_YEAR}",
        ),
        (
            "day_month",
            _lead(True) + rf"{_WD_BEFORE}?(?:the\s+)?(?P<range>\d{{1,2}}{_ORD}?\s*"
            rf"(?:-|\u2013|\u2014|&|/|\bto\b|\bor\b|\band\b)\s*(?:the\s+)?)?"
            rf"\b{_DAY}{_ORD}?(?:\s+of)?\s+{_MONTH}{_YEAR}",
        ),
        (
            "nth",
            _lead(True) + rf"(?:{_WD_BEFORE}(?:the\s+)?|\bthe\s+|(?<=\b(?:on|by)\s))"
            rf"{_DAY}{_ORD}{_RANGE}(?:\s+of\s+(?:this|the)\s+month)?{_AFTER_NTH}",
        ),
        (
            "weekday",
            _lead(True) + r"(?P<this>\bthis\s+(?:coming\s+)?|\bcoming\s+)?"
            rf"\b(?P<wd>{_WD_FULL}|(?-i:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun))\b{_ABBR_DOT}",
        ),
        (
            "relative",
            _lead(False) + r"\b(?P<rel>(?:(?:" + _EOD + r"),?\s+)?(?:(?:the\s+)?day\s+after\s+"
            r"tomorrow|tomorrow|today|tonight|later\s+today|this\s+(?:morning|afternoon|evening))"
            r"|" + _EOD + r")(?:\b|(?<=\.))",
        ),
        ("vague", _lead(False) + rf"\b(?P<vague>{_VAGUE})"),
        ("numeric", _lead(False) + _NUMERIC),
    ]
)


@dataclass(frozen=True, slots=True)
class _Date:
    start: int
    end: int
    on: dt.date | None


def _weekday(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(n for full, n in _WEEKDAYS.items() if full.startswith(name[:3]))


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")[:3]]


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _next_month_day(month: int, day: int, written_on: dt.date) -> dt.date | None:
    """The first month/day on or after written_on; None when that is half a year away
    or more (an earlier date written without its year, most likely)."""
    for year in range(written_on.year, written_on.year + 2):
        date = _day(year, month, day)
        if date is not None and date >= written_on:
            return date if (date - written_on).days <= 183 else None
    return None


def _next_nth(day: int, written_on: dt.date) -> dt.date | None:
    """The next `day` of a month on or after written_on: this month's or next month's.
    None when the month that should have it does not ("the 30th" in February)."""
    this = _day(written_on.year, written_on.month, day)
    if this is None:
        return None
    if this >= written_on:
        return this
    year, month = divmod(written_on.year * 12 + written_on.month, 12)
    return _day(year, month + 1, day)


def _next_weekday(weekday: int, written_on: dt.date) -> dt.date | None:
    """The next such weekday strictly after written_on; None when written_on is one
    ("by Friday", written on a Friday: today or in a week?)."""
    ahead = (weekday - written_on.weekday()) % 7
    return written_on + dt.timedelta(days=ahead) if ahead else None


def _resolve(kind: str, match: re.Match[str], written_on: dt.date) -> dt.date | None:
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    if _VAGUE_PREP.search(groups.get("lead", "")) or "range" in groups:
        return None
    date: dt.date | None = None
    if kind == "iso":
        date = _day(int(groups["y"]), int(groups["m"]), int(groups["d"]))
    elif kind in {"month_day", "day_month"}:
        month, day = _month(groups["month"]), int(groups["d"])
        if "y" in groups:
            date = _day(int(groups["y"]), month, day)
        else:
            date = _next_month_day(month, day, written_on)
    elif kind == "nth":
        date = _next_nth(int(groups["d"]), written_on)
    elif kind == "weekday":
        return _next_weekday(_weekday(groups["wd"]), written_on)
    elif kind == "relative":
        words = groups["rel"].lower()
        ahead = 2 if "after tomorrow" in words else 1 if "tomorrow" in words else 0
        return written_on + dt.timedelta(days=ahead)
    if date is None or date < written_on:
        return None
    if "wd" in groups and date.weekday() != _weekday(groups["wd"]):
        return None
    return date


def _numeric_date(text: str, before: str) -> bool:
    """Whether "12/4", "04.12." or "4-12-26" is written as a date (and not 24/7 or a time)."""
    parts = [int(p) for p in re.split(r"[/.-]", text) if p]
    first, second = parts[0], parts[1]
    if text == "24/7" or re.search(r"\bat\s*$", before, re.IGNORECASE):
        return False
    return 1 <= first <= 31 and 1 <= second <= 31 and min(first, second) <= 12


def _dates(sentence: str, written_on: dt.date) -> list[_Date]:
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _DATES:
        for m in pattern.finditer(sentence):
            if kind == "numeric" and not _numeric_date(m["num"], sentence[: m.start("num")]):
                continue
            found.append((m.start(), m.end(), kind, m))
    dates: list[_Date] = []
    taken_until = -1
    for start, end, kind, match in sorted(found, key=lambda f: (f[0], -f[1])):
        if start < taken_until:
            continue
        on = None if kind in {"vague", "numeric"} else _resolve(kind, match, written_on)
        dates.append(_Date(start, end, on))
        taken_until = end
    return dates


# ---------------------------------------------------------------------------
# A date asked for


@dataclass(frozen=True, slots=True)
class DateRequest:
    """A date the employer asked for or promised.

    `on` is None when a date was asked for but is unclear; `phrase` holds the words it
    came from, as written ("on the 12th", "next week"; several, joined by "; ", when
    the email names more than one).
    """

    asked: Asked
    on: dt.date | None
    phrase: str


def _distance(cue: _Cue, date: _Date) -> tuple[int, int]:
    gap = max(cue.start - date.end, date.start - cue.end, 0)
    return gap, 0 if cue.start <= date.start else 1  # a tie goes to the cue before the date


def _clause_of(sentence: str, position: int) -> int:
    """Which comma-separated part of the sentence a position is in."""
    return sentence.count(",", 0, position)


def _requests(sentence: str, written_on: dt.date) -> list[DateRequest]:
    plain = _plain(sentence)
    cues = _cues(plain)
    if not cues:
        return []
    dates = _dates(plain, written_on)
    # Commas inside a date ("Friday, December 4, 2026") do not part clauses.
    spans = [(d.start, d.end) for d in dates]
    commaless = "".join(
        " " if c == "," and any(s <= i < e for s, e in spans) else c for i, c in enumerate(plain)
    )
    cue_clauses = {_clause_of(commaless, c.start) for c in cues}
    first_cue_clause = min(
        (
            _clause_of(commaless, d.start)
            for d in dates
            if _clause_of(commaless, d.start) in cue_clauses
        ),
        default=None,
    )
    requests = []
    for date in dates:
        clause = _clause_of(commaless, date.start)
        # An opening clause without a cue tells of something else: "As I said on Monday, ..."
        if first_cue_clause is not None and clause < first_cue_clause:
            continue
        cue = min(cues, key=lambda c: _distance(c, date))
        on = None if cue.denied else date.on
        phrase = " ".join(sentence[date.start : date.end].split()).strip(" ,")
        requests.append(DateRequest(cue.asked, on, phrase))
    return requests


def date_request(text: str, written_on: dt.date) -> DateRequest | None:
    """Only in reply_text(text). None when no sentence asks for / promises a date."""
    requests = [
        request
        for sentence in _sentences(reply_text(text))
        for request in _requests(sentence, written_on)
    ]
    if not requests:
        return None
    first = requests[0]
    if all(r.on is not None and (r.asked, r.on) == (first.asked, first.on) for r in requests):
        return first
    kinds = {r.asked for r in requests}
    asked = first.asked if len(kinds) > 1 else kinds.pop()
    phrases = list(dict.fromkeys(r.phrase for r in requests))
    return DateRequest(asked, None, "; ".join(phrases))


# ---------------------------------------------------------------------------
# A rejection or an offer


class Reading(StrEnum):
    """What a reply reads like."""

    REJECTION = "rejection"
    OFFER = "offer"


_NOT_THE_JOB = (
    r"(?!\s+(?:you\s+)?(?:an?\s+|the\s+|some\s+)?(?:\w+\s+)?(?:interview|call|chat|meeting|slot|"
    r"times?|visit|tour|conversation|coffee|lunch|feedback|opportunity\s+to\s+interview)\b)"
)
_REJECTION = re.compile(
    r"\bunfortunately\b|\bregret\s+to\s+(?:inform|tell|advise|let\s+you\s+know)\b"
    r"|\bnot\s+(?:be\s+)?(?:moving|move)\s+forward\b|\bnot\s+to\s+(?:move|moving)\s+forward\b"
    r"|\bdecided\s+not\s+to\s+(?:proceed|progress|continue|move\s+forward|take\b)"
    r"|\b(?:move|moving|go|going|proceed|proceeding)\s+(?:forward\s+)?with\s+(?:other|another"
    r"|a\s+different)\s+(?:candidates?|applicants?)\b"
    r"|\bpursu(?:e|ing)\s+other\s+(?:candidates?|applicants?)\b"
    r"|\b(?:position|role|vacancy|post|job)\s+has\s+(?:now\s+|already\s+)?been\s+filled\b"
    r"|\b(?:will\s+not|won't|not)\s+be\s+progressing\b|\bunsuccessful\b"
    r"|\bnot\s+been\s+successful\b|\bnot\s+(?:been\s+)?selected\b"
    r"|\bnot\s+(?:in\s+a\s+position|able)\s+to\s+(?:offer|extend|make)\b"
    r"|\bunable\s+to\s+(?:offer|extend)\b",
    re.IGNORECASE,
)
_OFFER = re.compile(
    r"\b(?:pleased|happy|delighted|thrilled|excited|glad)\s+to\s+(?:be\s+able\s+to\s+)?"
    r"(?:formally\s+)?offer\b"
    + _NOT_THE_JOB
    + r"|\boffer\s+of\s+employment\b|\bextend\s+(?:you\s+)?(?:an|a\s+formal|our)\s+offer\b"
    r"|\boffer\s+letter\b|\bformal\s+offer\b"
    r"|\b(?:would|'d)\s+(?:like|love)\s+to\s+offer\s+you\b" + _NOT_THE_JOB,
    re.IGNORECASE,
)


def reads_like(subject: str, text: str) -> Reading | None:
    """A rejection or an offer, read from the subject and the sender's own words (never
    from quoted history); a rejection's wording wins over an offer's."""
    words = " ".join(_plain(f"{subject}\n{reply_text(text)}").split())
    if _REJECTION.search(words):
        return Reading.REJECTION
    if _OFFER.search(words):
        return Reading.OFFER
    return None
