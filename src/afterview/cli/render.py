"""How afterview looks in a terminal: Rich tables, a little colour, nothing noisy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from afterview.domain.model import Pipeline
from afterview.domain.planner import DUE, OVERDUE, UPCOMING, Action, ActionKind
from afterview.services.overview import Overview

UPCOMING_DAYS = 14
RULE_TEXT = {
    ActionKind.ASK_DECISION_DATE: "ask when they will decide",
    ActionKind.COMPLETE_CONTACT: "exact names and titles",
    ActionKind.THANK_YOU: "thank each interviewer in 2 business days",
    ActionKind.ADD_REFERENCES: "have references ready",
    ActionKind.ALERT_REFERENCES: "alert your references",
    ActionKind.FOLLOW_UP_CALL: "call 7-10 days later",
    ActionKind.FOLLOW_UP: "follow up, but don't overdo it",
    ActionKind.KEEP_SEARCHING: "don't stop job-hunting",
    ActionKind.LEVERAGE_OFFER: "use offers as leverage",
    ActionKind.RECONNECT: "don't burn bridges",
    ActionKind.KEEP_IN_TOUCH: "keep your network warm",
}
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


def _action_table(actions: Iterable[Action], as_of: dt.date, colour: str) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, expand=False)
    table.add_column("by", style=colour, no_wrap=True)
    table.add_column("what to do", ratio=3)
    table.add_column("rule", style="dim", ratio=1)
    for action in actions:
        window = _day(action.due_by, as_of)
        if action.state == UPCOMING and action.due_from != action.due_by:
            window = f"{_day(action.due_from, as_of)} to {window}"
        table.add_row(window, action.title, f"{action.rule} {RULE_TEXT[action.kind]}")
    return table


def agenda(actions: list[Action], as_of: dt.date) -> None:
    """Overdue, due today, and the next fortnight, each a small table."""
    out = console()
    horizon = as_of + dt.timedelta(days=UPCOMING_DAYS)
    groups = [
        ("Overdue", "bold red", [a for a in actions if a.state == OVERDUE]),
        ("Due today", "bold yellow", [a for a in actions if a.state == DUE]),
        (
            f"Upcoming (next {UPCOMING_DAYS} days)",
            "cyan",
            [a for a in actions if a.state == UPCOMING and a.due_from <= horizon],
        ),
    ]
    out.print(Text(f"Agenda for {as_of.strftime('%A %d %B %Y')}", style="bold"))
    if not any(group for _, _, group in groups):
        out.print("Nothing owed to anyone. Keep searching, and enjoy the quiet.", style="green")
        return
    for heading, colour, group in groups:
        if group:
            out.print()
            out.print(Text(f"{heading} · {len(group)}", style=colour))
            out.print(_action_table(group, as_of, colour.replace("bold ", "")))
    later = sum(1 for a in actions if a.state == UPCOMING and a.due_from > horizon)
    if later:
        out.print(
            Text(f"\n…and {later} more later (afterview agenda --json lists all).", style="dim")
        )


def pipeline(view: Overview, as_of: dt.date) -> None:
    """One row per application, then the health of the search (S10, S14)."""
    out = console()
    table = Table(
        title=f"Pipeline on {as_of.isoformat()}",
        title_justify="left",
        header_style="bold",
        box=None,
        pad_edge=False,
    )
    for name in ("application", "company · role", "stage", "next action", "by", "quiet"):
        table.add_column(name, no_wrap=name in ("application", "stage", "by"))
    for line in view.lines:
        app = line.application
        stage = Text(app.status.value, style=STAGE_STYLE[app.status.value])
        if app.offer and app.offer.deadline:
            days = (app.offer.deadline - as_of).days
            stage.append(f" ({days}d left)" if days >= 0 else " (deadline passed)", style="bold")
        action = line.next_action
        quiet = "—" if line.days_since_contact is None else f"{line.days_since_contact}d"
        table.add_row(
            app.id,
            f"{app.company} · {app.role}",
            stage,
            action.title if action else Text("—", style="dim"),
            Text(_day(action.due_by, as_of), style=_state_style(action.state)) if action else "",
            quiet,
        )
    out.print(
        table
        if view.lines
        else Text("No applications yet: afterview apply COMPANY ROLE", style="yellow")
    )
    health = view.health
    out.print()
    out.print(Text(f"Health: {health.summary}", style="bold green" if health.good else "bold"))
    for warning in health.warnings:
        out.print(Text(f"  ! {warning}", style="yellow"))


def _state_style(state: str) -> str:
    return {OVERDUE: "bold red", DUE: "yellow", UPCOMING: "cyan"}[state]


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
    for strength in me.strengths:
        out.print(f"  • {strength}")
    names = pipeline.contact_map()
    refs = ", ".join(names[r].name if r in names else r for r in me.references)
    out.print(f"References: {refs or Text('none yet (S9)', style='yellow')}")
