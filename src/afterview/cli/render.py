"""How afterview looks in a terminal: Rich tables, a little colour, nothing noisy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from afterview.domain.actions import DUE, OVERDUE, UPCOMING, ActionKind
from afterview.domain.model import Pipeline
from afterview.domain.phrasing import strength_sentence
from afterview.domain.proofreading import Problem
from afterview.services.agenda import AgendaRow, AgendaView
from afterview.services.inbox import SyncReport
from afterview.services.notes import CheckedDraft
from afterview.services.overview import ApplicationLine, Overview
from afterview.services.ports import InboxView

SECTION_ROWS = 40
"""A section longer than this is cut short: a screenful is what a morning can use."""
RULE_TEXT = {
    ActionKind.ASK_DECISION_DATE: "ask the timeline",
    ActionKind.COMPLETE_CONTACT: "exact names, titles",
    ActionKind.THANK_YOU: "thank each one",
    ActionKind.ADD_REFERENCES: "have references",
    ActionKind.ALERT_REFERENCES: "alert references",
    ActionKind.FOLLOW_UP_CALL: "call to follow up",
    ActionKind.FOLLOW_UP: "follow up, gently",
    ActionKind.KEEP_SEARCHING: "keep searching",
    ActionKind.LEVERAGE_OFFER: "use your offers",
    ActionKind.RECONNECT: "no burnt bridges",
    ActionKind.KEEP_IN_TOUCH: "keep in touch",
}
"""A few words on each rule, beside its seed tag (the numbers are the playbook's to say)."""
STATE_COLOUR = {OVERDUE: "red", DUE: "yellow", UPCOMING: "cyan"}
STAGE_STYLE = {
    "applied": "cyan",
    "interviewing": "blue",
    "offer": "bold green",
    "accepted": "green",
    "declined": "dim",
    "rejected": "red",
    "withdrawn": "dim",
}


def console() -> Console:
    return Console(highlight=False)


def _day(day: dt.date, as_of: dt.date) -> str:
    if day == as_of:
        return "today"
    return day.strftime("%a %d %b")


def _title(row: AgendaRow, as_of: dt.date) -> Text:
    action = row.action
    title = Text(action.title)
    if action.state == UPCOMING and action.due_from != action.due_by:
        title.append(f"  from {_day(action.due_from, as_of)}", style="dim")
    return title


def agenda(view: AgendaView) -> None:
    """Overdue, due now, and the next fortnight, as sections of one table."""
    out = console()
    as_of = view.as_of
    out.print(Text(f"Agenda for {as_of.strftime('%A %d %B %Y')}", style="bold"))
    if view.empty:
        out.print("Nothing owed to anyone. Keep searching, and enjoy the quiet.", style="green")
        return
    table = Table(box=None, pad_edge=False, show_header=False, padding=(0, 1))
    table.add_column("by", no_wrap=True, min_width=10)
    table.add_column("what to do", ratio=1)
    table.add_column("rule", style="dim", no_wrap=True)
    for section in view.sections:
        count = len(section.actions)
        if not count:
            continue
        colour = STATE_COLOUR[section.state]
        table.add_row("", "", "")
        table.add_row(
            Text(section.heading, style=f"bold {colour}"),
            Text(f"{count} action{'s' * (count != 1)}", style=colour),
            "",
        )
        for row in section.rows(SECTION_ROWS):
            table.add_row(
                Text(_day(row.action.due_by, as_of), style=colour),
                _title(row, as_of),
                f"{row.action.rule} {RULE_TEXT[row.action.kind]}",
            )
        if count > SECTION_ROWS:
            hidden = count - SECTION_ROWS
            table.add_row(
                "", Text(f"...and {hidden} more (agenda --json lists them all)", style="dim"), ""
            )
    out.print(table)
    later = view.later
    note = f"Upcoming shows the next {view.horizon_days} days"
    out.print(
        Text(
            f"\n{note}; {later} more later (agenda --json lists all)." if later else f"\n{note}.",
            style="dim",
        )
    )


def pipeline(view: Overview) -> None:
    """One row per application, then the health of the search (S10, S14)."""
    out = console()
    if not view.lines:
        out.print(Text("No applications yet: afterview apply COMPANY ROLE", style="yellow"))
    else:
        out.print(_pipeline_table(view))
    health = view.health
    out.print()
    out.print(Text(f"Health: {health.summary}", style="bold green" if health.good else "bold"))
    for warning in health.warnings:
        out.print(Text(f"  ! {warning}", style="yellow"))


def _pipeline_table(view: Overview) -> Table:
    as_of = view.as_of
    table = Table(
        title=f"Pipeline on {as_of.isoformat()}",
        title_justify="left",
        title_style="bold",
        header_style="bold",
        box=None,
        pad_edge=False,
    )
    for name in ("id", "employer", "stage", "next action", "by", "quiet"):
        table.add_column(
            name,
            no_wrap=name in ("id", "stage", "by", "quiet"),
            ratio=2 if name == "next action" else None,
        )
    for line in view.lines:
        app, action = line.application, line.next_action
        employer = Text(app.company)
        employer.append(f"\n{app.role}", style="dim")
        quiet = "-" if line.days_since_contact is None else f"{line.days_since_contact}d"
        table.add_row(
            app.id,
            employer,
            _stage(line),
            action.title if action else Text("-", style="dim"),
            Text(_day(action.due_by, as_of), style=STATE_COLOUR[action.state]) if action else "",
            quiet,
        )
    return table


def _stage(line: ApplicationLine) -> Text:
    status = line.application.status.value
    stage = Text(status, style=STAGE_STYLE[status])
    days = line.offer_days_left
    if days is not None:
        stage.append(f" ({days}d left)" if days >= 0 else " (deadline passed)", style="bold")
    return stage


def contacts(pipeline: Pipeline) -> None:
    out = console()
    table = Table(header_style="bold", box=None, pad_edge=False)
    for name in ("id", "name", "title", "company", "reach"):
        table.add_column(name)
    for contact in pipeline.contacts:
        reach = " · ".join(v for v in (contact.email, contact.phone, contact.fax) if v)
        table.add_row(
            contact.id,
            contact.name,
            contact.title or Text("no title", style="yellow"),
            contact.company or "",
            reach,
        )
    out.print(table if pipeline.contacts else "No contacts yet: afterview contact add NAME")


def profile(pipeline: Pipeline) -> None:
    out = console()
    me = pipeline.profile
    if me is None:
        out.print("No profile yet: afterview profile set --name 'Your Name'", style="yellow")
        return
    region = me.country + (f"-{me.subdivision}" if me.subdivision else "")
    out.print(Text(me.name, style="bold"), Text(f"  {region}", style="dim"))
    for value in (me.email, me.phone, me.address):
        if value:
            out.print(value)
    strengths(me.strengths)
    names = pipeline.contact_map()
    refs = ", ".join(names[r].name if r in names else r for r in me.references)
    out.print(f"References: {refs or Text('none yet (S9)', style='yellow')}")


def strengths(typed: Sequence[str]) -> None:
    """Each strength as typed, and the sentence notes will say it with."""
    out = console()
    if typed:
        out.print(Text("Strengths, and how your notes will say them:", style="bold"))
    for strength in typed:
        out.print(f"  • {strength}")
        out.print(Text(f"    → {strength_sentence(strength)}", style="green"))
    if typed:
        out.print(
            Text(
                "  To say one your own way, type it as a sentence ending in a period "
                '("I have led data teams for ten years.").',
                style="dim",
            )
        )


WHOLE_NOTE = frozenset({"no_thanks", "no_fit"})
PROBLEM_LABEL = {
    "spelling": "spelling (S8)",
    "name": "name (S4)",
    "company": "company name",
    "other_company": "another employer named",
    "placeholder": "placeholder left in",
    "repeated_word": "repeated word",
    "tone": "tone (S3)",
    "no_thanks": "no thanks (S7)",
    "no_fit": "no reason you fit (S7)",
}


def _highlighted(text: str, problems: Sequence[Problem]) -> Text:
    marked = Text(text)
    for problem in problems:
        if problem.end - problem.start < len(text):
            marked.stylize("bold white on red", problem.start, problem.end)
    return marked


def _problem_lines(problems: Sequence[Problem]) -> Text:
    lines = Text()
    for problem in problems:
        lines.append("  ✗ ", style="red")
        lines.append(f"{PROBLEM_LABEL.get(problem.kind, problem.kind)}: ", style="bold")
        if problem.kind in WHOLE_NOTE:
            lines.append("the note as a whole", style="italic")
        else:
            shown = problem.text if len(problem.text) <= 40 else problem.text[:37] + "..."
            lines.append(repr(shown))
        if problem.suggestion:
            lines.append(" → ", style="dim")
            lines.append(problem.suggestion, style="green")
        lines.append("\n")
    return lines


def drafts(checked: Sequence[CheckedDraft]) -> None:
    """One panel per note, headed by who it is for, footed by the proofreading verdict."""
    out = console()
    for item in checked:
        draft = item.draft
        head = (
            f"{draft.kind.replace('_', ' ')} · {draft.medium.value} · "
            f"{(draft.to or 'no address recorded').splitlines()[0]}"
        )
        if draft.subject:
            head += f" · “{draft.subject}”"
        verdict = (
            Text("✓ proofread: no problems", style="green")
            if item.ok
            else Text(f"✗ proofread: {len(item.problems)} problem(s), held back", style="bold red")
        )
        body = _highlighted(draft.body.rstrip(), item.problems)
        if draft.cover:
            body = Text(draft.cover.rstrip() + "\n\n" + "─" * 40 + "\n\n") + body
        out.print(
            Panel(
                body,
                title=head,
                title_align="left",
                subtitle=verdict,
                subtitle_align="left",
                border_style="green" if item.ok else "red",
                padding=(1, 2),
            )
        )
        if not item.ok:
            out.print(_problem_lines(item.problems))
        for warning in draft.warnings:
            out.print(Text(f"  ! {warning}", style="bold yellow"))


def proofread(text: str, problems: Sequence[Problem]) -> None:
    """The note with its problems highlighted in place, then the list of them."""
    out = console()
    out.print(
        Panel(
            _highlighted(text.rstrip(), problems),
            padding=(1, 2),
            border_style="green" if not problems else "red",
        )
    )
    if problems:
        out.print(_problem_lines(problems))
    else:
        out.print(Text("✓ no problems found", style="green"))


def inbox_sync(report: SyncReport) -> None:
    """What a sync recorded, and what waits for review."""
    out = console()
    read = f"{report.seen} new message{'s' * (report.seen != 1)}"
    out.print(Text(f"Read {report.mailbox}: {read}", style="bold"))
    if report.recorded:
        table = Table(box=None, pad_edge=False, padding=(0, 1), header_style="dim")
        for column in ("recorded", "on", "application", "interview", "contact"):
            table.add_column(column, no_wrap=column != "contact")
        for row in report.recorded:
            table.add_row(
                Text(INBOX_KINDS.get(row.kind, row.kind), style="green"),
                row.on.isoformat() if row.on else "",
                row.application or "",
                row.interview or "",
                row.contact or "",
            )
        out.print(table)
    else:
        out.print("Nothing to record.", style="dim")
    if report.review:
        waiting = len(report.review)
        out.print(
            Text(
                f"{waiting} message{'s' * (waiting != 1)} to review: afterview inbox review",
                style="yellow",
            )
        )


INBOX_KINDS = {"employer_reply": "reply", "thank_you": "thank-you", "interview": "interview"}


def inbox_review(view: InboxView) -> None:
    """The messages waiting for the user, with what afterview made of each."""
    from afterview.services.inbox import review_key

    out = console()
    read = view.last_read.astimezone().strftime("%d %b %Y %H:%M") if view.last_read else "never"
    out.print(Text(f"Inbox last read: {read}", style="dim"))
    if not view.review:
        out.print("Nothing waits for review.", style="green")
        return
    table = Table(box=None, pad_edge=False, padding=(0, 1), header_style="dim")
    table.add_column("key", no_wrap=True, style="bold")
    table.add_column("on", no_wrap=True)
    table.add_column("from / subject", ratio=2)
    table.add_column("why", ratio=2, style="yellow")
    table.add_column("about", no_wrap=True)
    for item in view.review:
        said = Text(item.sender or "(no sender)")
        said.append(f"\n{item.subject or '(no subject)'}", style="dim")
        table.add_row(
            review_key(item.message_id),
            item.received_on.isoformat() if item.received_on else "",
            said,
            item.reason or "",
            item.application or "",
        )
    out.print(table)
    out.print(
        Text(
            "afterview inbox confirm KEY [--application ID] records one; "
            "afterview inbox dismiss KEY drops it.",
            style="dim",
        )
    )
