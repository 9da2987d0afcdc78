"""The afterview command line: a thin face over the services.

Each command parses its options, makes one call to the composition root's `Afterview`
and renders the result; a refusal's remedy is phrased in the command line's words
(`cli/remedies.py`). Heavy modules (SQLAlchemy, Rich) are imported inside the commands
that need them, so `afterview --help` and `agenda --json` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from afterview.cli import options as opt
from afterview.errors import AfterviewError, InvalidInput

if TYPE_CHECKING:
    from afterview.bootstrap import Afterview
    from afterview.config import AppSettings
    from afterview.domain.model import Contact
    from afterview.server import Server
    from afterview.services.accounts import Accounts, MailboxState

app = typer.Typer(
    name="afterview",
    help="Everything you owe after an interview: what to do today, for whom, by when.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
interview_app = typer.Typer(
    help="Record interviews and who was on the panel.", no_args_is_help=True
)
contact_app = typer.Typer(
    help="The people: interviewers, references, your network.", no_args_is_help=True
)
reference_app = typer.Typer(help="Your references (S9).", no_args_is_help=True)
profile_app = typer.Typer(
    help="You: your name, strengths and holidays.",
    no_args_is_help=True,
)
app.add_typer(interview_app, name="interview")
app.add_typer(contact_app, name="contact")
app.add_typer(reference_app, name="reference")
app.add_typer(profile_app, name="profile")
inbox_app = typer.Typer(
    help="Read your mailbox: employer replies, invitations and thank-yous recorded by themselves.",
    no_args_is_help=True,
)
app.add_typer(inbox_app, name="inbox")
account_app = typer.Typer(
    help="Server mode's accounts (AFTERVIEW_ACCOUNTS=1, on PostgreSQL): add, disable, tokens,"
    " sharing with a coach.",
    no_args_is_help=True,
)
app.add_typer(account_app, name="account")
db_app = typer.Typer(help="The database itself: its schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")

AsOf = Annotated[
    str | None, typer.Option("--as-of", help="The day to plan for (YYYY-MM-DD); default today.")
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON for programs (docs/contracts.md).")]


def _afterview() -> Afterview:
    """Single-user afterview; in server mode (AFTERVIEW_ACCOUNTS=1, or AFTERVIEW_ACCOUNT set
    on a PostgreSQL database), the afterview of the account AFTERVIEW_ACCOUNT names."""
    from afterview.config import AppSettings

    settings = AppSettings.from_environment()
    if settings.accounts or settings.account:
        from afterview.server import command_line_afterview, is_postgres

        if settings.accounts or is_postgres(settings.database_url):
            return command_line_afterview(settings)
    from afterview.bootstrap import Afterview

    return Afterview(settings)


@app.command()
def agenda(as_of: AsOf = None, json: Json = False) -> None:
    """What to do today, for whom, by when, and the rule behind it.

    Example: afterview agenda --as-of 2026-11-25
    """
    view = _afterview().agenda(opt.date_option("--as-of", as_of))
    if json:
        opt.print_json(view.to_json())
        return
    from afterview.cli import render

    render.agenda(view)


@app.command()
def pipeline(as_of: AsOf = None) -> None:
    """Every application at a glance, and the health of the search.

    Stage, next action and its date, days since the last contact (S10, S14).

    Example: afterview pipeline
    """
    from afterview.cli import render

    render.pipeline(_afterview().overview(opt.date_option("--as-of", as_of)))


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="An afterview/1 JSON document.")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace records whose ids exist already.")
    ] = False,
) -> None:
    """Load a pipeline document, checked whole before any write.

    A bad document is refused whole, naming every problem by its path (exit 2).

    Example: afterview import backup.json
    """
    from afterview.services.documents import ImportDocument

    command = ImportDocument(opt.read_bytes(file), str(file), replace)
    report = _afterview().import_document(command)
    opt.say(
        f"Imported {report.applications} applications, {report.interviews} interviews, "
        f"{report.contacts} contacts and {report.touches} touches from {file}."
    )


@app.command()
def export(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Write the whole pipeline as an afterview/1 document.

    A backup, or the input of other tools; `import` reads it back unchanged.

    Example: afterview export -o backup.json
    """
    from afterview.services.documents import dumps

    opt.emit(output, dumps(_afterview().export_document()))


@app.command("import-csv")
def import_csv(
    file: Annotated[
        Path,
        typer.Argument(
            help="A CSV file: JobSync's export, or the generic "
            "layout (company, role, status, applied_on...)."
        ),
    ],
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace applications whose ids exist already.")
    ] = False,
) -> None:
    """Load applications from a spreadsheet or another tracker's CSV export.

    Every row is checked first; a bad row is named by row and column, and nothing is written.

    Example: afterview import-csv jobsync-export.csv
    """
    report = _afterview().import_sheet(opt.read_bytes(file), replace)
    opt.say(f"Imported {report.applications} applications from {file}.")


@app.command("export-csv")
def export_csv(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file instead of stdout.")
    ] = None,
    as_of: AsOf = None,
) -> None:
    """Write the pipeline as CSV: one row per application, with its next action.

    Example: afterview export-csv -o pipeline.csv
    """
    opt.emit(output, _afterview().export_sheet(opt.date_option("--as-of", as_of)))


@app.command("import-vcard")
def import_vcard(
    file: Annotated[
        Path,
        typer.Argument(
            help="Business cards: a .vcf file (vCard 2.1, 3.0 or 4.0), one or many cards."
        ),
    ],
) -> None:
    """Add the people on business cards as contacts (S4).

    A card whose email matches a known contact completes that contact. A bad card
    anywhere means nothing is written.

    Example: afterview import-vcard cards.vcf
    """
    contacts = _afterview().import_cards(opt.read_bytes(file))
    opt.say(f"Imported {len(contacts)} contact(s): {', '.join(c.name for c in contacts)}.")


@app.command("export-vcard")
def export_vcard(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file instead of stdout.")
    ] = None,
    contact: Annotated[list[str] | None, typer.Option(help="Only this contact (repeat).")] = None,
) -> None:
    """Write your contacts as vCard 3.0, for your address book (S16).

    Example: afterview export-vcard -o network.vcf
    """
    data = _afterview().export_cards(contact or None)
    opt.emit(output, data.decode("utf-8"))


@app.command()
def calendar(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file instead of stdout.")
    ] = None,
    as_of: AsOf = None,
) -> None:
    """Your interviews and open actions as an RFC 5545 calendar (.ics).

    Actions are all-day events on their due-by day; UIDs are stable, so importing
    the file again updates the events instead of doubling them.

    Example: afterview calendar -o afterview.ics
    """
    data = _afterview().calendar(opt.date_option("--as-of", as_of))
    opt.emit(output, data.decode("utf-8"))


@app.command("import-invite")
def import_invite(
    file: Annotated[
        Path, typer.Argument(help="A calendar invitation (.ics) from Google, Outlook or Apple.")
    ],
    application: Annotated[str, typer.Option(help="The application it is for.")],
    interview_id: Annotated[str | None, typer.Option("--id", help="Your id for it.")] = None,
) -> None:
    """Turn a calendar invitation into an interview with its panel (S4).

    Attendees and the organizer become interviewers (matched to contacts by email,
    else created from their names); you are not your own interviewer.

    Example: afterview import-invite invite.ics --application acme-de
    """
    created = _afterview().import_invite(opt.read_bytes(file), application, interview_id)
    opt.say(
        f"Recorded interview {created.id!r} on {created.day.isoformat()} with "
        f"{len(created.interviewers)} interviewer(s)."
    )


@app.command()
def apply(
    company: Annotated[str, typer.Argument(help="The employer, spelled exactly.")],
    role: Annotated[str, typer.Argument(help="The job title, as advertised.")],
    application_id: Annotated[
        str | None, typer.Option("--id", help="Your id for it; default made from company and role.")
    ] = None,
    applied_on: Annotated[str | None, typer.Option(help="YYYY-MM-DD; default today.")] = None,
    medium: Annotated[
        str | None,
        typer.Option(help="How this employer prefers notes: email, mail, fax or phone (S6)."),
    ] = None,
    interest: Annotated[int | None, typer.Option(help="How much you want it, 1 to 5.")] = None,
    description: Annotated[str | None, typer.Option(help="The job description.")] = None,
) -> None:
    """Record a new application (S10: keep them coming).

    Example: afterview apply "Acme Corp" "Senior Data Engineer" --medium email --interest 4
    """
    from afterview.services.records import Apply

    command = Apply(
        company,
        role,
        application_id,
        opt.date_option("--applied-on", applied_on),
        medium,
        interest,
        description,
    )
    created = _afterview().apply(command)
    opt.say(f"Recorded application {created.id!r}: {created.role} at {created.company}.")


@app.command()
def status(
    application: Annotated[str, typer.Argument(help="The application's id.")],
    new_status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS",
            help="applied, interviewing, offer, accepted, declined, rejected or withdrawn.",
        ),
    ],
    on: Annotated[str | None, typer.Option(help="When it happened; default today.")] = None,
    received: Annotated[
        str | None, typer.Option(help="Offer: the day it arrived; default --on.")
    ] = None,
    deadline: Annotated[str | None, typer.Option(help="Offer: the day you must answer.")] = None,
    summary: Annotated[str | None, typer.Option(help="Offer: its terms, in a line.")] = None,
) -> None:
    """Move an application to a new status.

    An offer keeps its deadline (S15); a rejection starts reconnecting (S16).

    Example: afterview status globex-sde offer --deadline 2026-12-04 --summary "$180k"
    """
    from afterview.domain.fields import parse_choice
    from afterview.domain.model import Status
    from afterview.services.records import SetStatus

    command = SetStatus(
        application,
        opt.field("STATUS", lambda: parse_choice(new_status, Status)),
        opt.date_option("--on", on),
        opt.date_option("--received", received),
        opt.date_option("--deadline", deadline),
        summary,
    )
    moved = _afterview().set_status(command)
    opt.say(f"{moved.company} ({moved.id}) is now {moved.status.value}.")


@app.command()
def log(
    kind: Annotated[
        str,
        typer.Argument(
            help="thank_you, call, follow_up, reference_alert, leverage, network or employer_reply."
        ),
    ],
    application: Annotated[str | None, typer.Option(help="The application's id.")] = None,
    interview: Annotated[str | None, typer.Option(help="The interview's id.")] = None,
    contact: Annotated[str | None, typer.Option(help="The contact's id.")] = None,
    on: Annotated[str | None, typer.Option(help="When; default today.")] = None,
    medium: Annotated[str | None, typer.Option(help="email, mail, fax or phone.")] = None,
    note: Annotated[str | None, typer.Option(help="Free text.")] = None,
    follow_up_requested_on: Annotated[
        str | None, typer.Option(help="employer_reply: the day they asked you to follow up.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Record an employer contact the playbook calls too soon."),
    ] = False,
) -> None:
    """Record a touch: a note sent, a call made, a reply received.

    A call or follow-up before the playbook allows it is refused (S13) unless --force.

    Example: afterview log call --application acme-de --note "Decision next week"
    """
    from afterview.domain.fields import parse_choice
    from afterview.domain.model import TouchKind
    from afterview.services.records import LogTouch

    av = _afterview()
    touch_kind = opt.field("KIND", lambda: parse_choice(kind, TouchKind))
    day = opt.date_option("--on", on) or av.today()
    command = LogTouch(
        touch_kind,
        day,
        force,
        application,
        interview,
        contact,
        medium,
        note,
        opt.date_option("--follow-up-requested-on", follow_up_requested_on),
    )
    advice = av.log_touch(command)
    opt.say(f"Recorded {touch_kind.value} on {day.isoformat()}.")
    if advice:
        opt.say(f"Note: {advice}.", style="yellow")


@app.command()
def draft(
    interview: Annotated[
        str | None, typer.Option(help="Thank-yous for this interview's panel.")
    ] = None,
    contact: Annotated[str | None, typer.Option(help="Only the note to this contact.")] = None,
    note: Annotated[
        str | None,
        typer.Option(
            help="Another note instead: follow_up, reference_alert, leverage, reconnect or "
            "keep_in_touch."
        ),
    ] = None,
    application: Annotated[str | None, typer.Option(help="The application (with --note).")] = None,
    name_other: Annotated[
        bool,
        typer.Option("--name-other", help="Leverage: name the employer that made the offer (S15)."),
    ] = False,
    json: Json = False,
) -> None:
    """Draft individual notes, each proofread: one thank-you per interviewer (S5, S7).

    Example: afterview draft --interview acme-1
    """
    from afterview.services.notes import OtherNote

    av = _afterview()
    if note is not None:
        checked = [av.other_note(OtherNote(note, application, contact, name_other))]
    elif interview is not None:
        checked = av.thank_you_drafts(interview, contact)
    else:
        raise InvalidInput(["--interview: give an interview (or --note KIND --application ID)"])
    if json:
        opt.print_json({"drafts": [item.to_json() for item in checked]})
        return
    from afterview.cli import render

    render.drafts(checked)


@app.command()
def send(
    interview: Annotated[str, typer.Option(help="Send the thank-yous of this interview.")],
    contact: Annotated[str | None, typer.Option(help="Only the one to this contact.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Send even what proofreading holds back.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would go out; send nothing.")
    ] = False,
    resend: Annotated[
        bool,
        typer.Option("--resend", help="Send again a message whose last attempt was interrupted."),
    ] = False,
    json: Json = False,
) -> None:
    """Deliver each open thank-you by the person's medium, never twice (S5, S6).

    Email goes through AFTERVIEW_SMTP_URL; each note is proofread first and held
    back on problems unless --force; each delivered note is recorded as a touch.

    Example: afterview send --interview acme-1 --dry-run
    """
    from afterview.cli import remedies
    from afterview.services.delivery import SendThankYous

    command = SendThankYous(interview, contact, force, dry_run, resend)
    report = _afterview().send_thank_yous(command)
    if json:
        opt.print_json(report.to_json())
        return
    for sent in report.sent:
        where = sent.file if sent.file and not sent.message_id else sent.message_id
        opt.say(f"sent to {sent.contact} by {sent.medium.value} ({where})")
    for skipped in report.skipped:
        hint = remedies.hint(skipped.remedy)
        who = f" to {skipped.contact}" if skipped.contact else ""
        line = f"not sent{who}: {skipped.reason}" + (f" ({hint})" if hint else "")
        opt.say(line, style="yellow")
    for script in report.scripts:
        sys.stdout.write(f"\n{script}")


@app.command()
def remind(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the digest; send nothing.")
    ] = False,
    resend: Annotated[
        bool,
        typer.Option("--resend", help="Send again a digest whose last attempt was interrupted."),
    ] = False,
) -> None:
    """Email yourself today's due and overdue actions, at most once a day.

    Run it from cron or a systemd timer; it sends nothing when nothing is owed.

    Example: afterview remind --dry-run
    """
    from afterview.cli import remedies
    from afterview.services.reminders import SendDigest

    av = _afterview()
    if av.settings.imap_url and not dry_run:
        _sync_first(av)
    digest = av.send_digest(SendDigest(dry_run, resend))
    if digest.sent:
        opt.say(f"Sent today's digest: {digest.subject}")
        return
    if dry_run:
        sys.stdout.write(f"Subject: {digest.subject}\n\n{digest.body}")
    hint = remedies.hint(digest.remedy)
    opt.say(f"Not sent: {digest.reason}" + (f" ({hint})." if hint else "."), style="yellow")


def _sync_first(av: Afterview) -> None:
    """Read the mailbox before the digest, so that it asks nothing the employer answered; a
    mailbox that cannot be read is said, and the digest goes out all the same."""
    from afterview.errors import AfterviewError

    try:
        report = av.sync_inbox()
    except AfterviewError as error:
        opt.say(f"Could not read the inbox: {error}", style="yellow")
        return
    opt.say(f"Read the inbox: {len(report.recorded)} recorded, {len(report.review)} to review.")


@inbox_app.command("sync")
def inbox_sync(
    since: Annotated[
        str | None,
        typer.Option(
            help="Only messages that arrived from this day on (YYYY-MM-DD); older ones "
            "are passed over for good (a first sync of a long-used mailbox)."
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Read the new messages of INBOX and Sent (read-only) and record what they say.

    Replies from employers become employer_reply touches (with a date they ask for),
    invitations become interviews, and thank-yous you sent yourself are recorded.
    Anything unsure waits in `afterview inbox review`. The mailbox is AFTERVIEW_IMAP_URL.

    Example: afterview inbox sync --since 2026-11-01
    """
    day = opt.date_option("--since", since)
    report = _afterview().sync_inbox(day)
    if json:
        opt.print_json(report.as_json())
        return
    from afterview.cli import render

    render.inbox_sync(report)


@inbox_app.command("review")
def inbox_review(json: Json = False) -> None:
    """The messages waiting for you to confirm or dismiss them.

    Example: afterview inbox review
    """
    from afterview.services.inbox import review_key

    view = _afterview().inbox_view()
    if json:
        opt.print_json(
            {
                "last_read": view.last_read.isoformat() if view.last_read else None,
                "review": [
                    {
                        "key": review_key(item.message_id),
                        "message_id": item.message_id,
                        "from": item.sender,
                        "subject": item.subject,
                        "on": item.received_on.isoformat() if item.received_on else None,
                        "reason": item.reason,
                        "application": item.application,
                        "contact": item.contact,
                        "snippet": item.snippet,
                    }
                    for item in view.review
                ],
            }
        )
        return
    from afterview.cli import render

    render.inbox_review(view)


@inbox_app.command("confirm")
def inbox_confirm(
    message: Annotated[str, typer.Argument(help="Its key (inbox review shows it) or Message-ID.")],
    application: Annotated[
        str | None, typer.Option(help="The application it is about, if not the one shown.")
    ] = None,
    contact: Annotated[str | None, typer.Option(help="Who wrote it, as a contact's id.")] = None,
    follow_up_on: Annotated[
        str | None, typer.Option(help="The day they asked you to follow up (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Record a message in review as a reply from the employer (from Sent: your thank-you).

    An offer or a rejection is recorded as a reply; set the status yourself with
    `afterview status`.

    Example: afterview inbox confirm 3f9c0a1b --application acme-de --follow-up-on 2026-12-12
    """
    from afterview.services.inbox import Confirm

    requested = opt.date_option("--follow-up-on", follow_up_on)
    recorded = _afterview().confirm_inbox(Confirm(message, application, contact, requested))
    kind = "thank-you" if recorded.kind == "thank_you" else "reply"
    opt.say(f"Recorded the {kind} on {recorded.application}, dated {recorded.on}.")


@inbox_app.command("dismiss")
def inbox_dismiss(
    message: Annotated[str, typer.Argument(help="Its key (inbox review shows it) or Message-ID.")],
) -> None:
    """Take a message off the review list; nothing is recorded.

    Example: afterview inbox dismiss 3f9c0a1b
    """
    item = _afterview().dismiss_inbox(message)
    opt.say(f"Dismissed: {item.subject or item.message_id}")


@app.command()
def proof(
    file: Annotated[Path, typer.Argument(help="The note, as a text file.")],
    application: Annotated[str, typer.Option(help="The application it is about.")],
    contact: Annotated[str | None, typer.Option(help="Who it is to.")] = None,
    json: Json = False,
) -> None:
    """Proofread a note in context: spelling, names, companies, tone, thanks, fit (S3, S7, S8).

    Exits 1 when it finds problems.

    Example: afterview proof note.txt --application acme-de --contact jane-doe
    """
    text = opt.read_text(file)
    problems = _afterview().proofread(text, application, contact)
    if json:
        opt.print_json({"ok": not problems, "problems": [p.to_json() for p in problems]})
    else:
        from afterview.cli import render

        render.proofread(text, problems)
    if problems:
        raise typer.Exit(1)


@app.command()
def script(
    application: Annotated[str, typer.Option(help="The application to call about.")],
    contact: Annotated[str | None, typer.Option(help="Who to ask for.")] = None,
) -> None:
    """The follow-up call, scripted: thanks, the timeline, your strengths, the ask (S11).

    Example: afterview script --application acme-de
    """
    sys.stdout.write(_afterview().call_script(application, contact).body)
    opt.say(f'\nAfterwards: afterview log call --application {application} --note "what they said"')


@interview_app.command("add")
def interview_add(
    application: Annotated[str, typer.Option(help="The application's id.")],
    at: Annotated[str, typer.Option(help="When: 2026-11-20T10:00:00-08:00, or a date.")],
    kind: Annotated[str | None, typer.Option(help="phone, video, onsite or other.")] = None,
    decision_expected: Annotated[
        str | None, typer.Option(help="When they expect to decide (S1).")
    ] = None,
    interviewer: Annotated[
        list[str] | None,
        typer.Option(help="A new interviewer as 'Name; Title; email' (repeat for a panel)."),
    ] = None,
    contact: Annotated[
        list[str] | None, typer.Option(help="A known contact's id (repeat for a panel).")
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            help="What you discussed with someone, in a few words: 'jane-doe=the Q3 roadmap' "
            "or 'Jane Doe=how you plan to scale the team' (repeat for each person)."
        ),
    ] = None,
    interview_id: Annotated[str | None, typer.Option("--id", help="Your id for it.")] = None,
) -> None:
    """Record an interview and everyone on the panel (S4, S5).

    Example: afterview interview add --application acme-de --at 2026-11-20T10:00:00-08:00
    --interviewer "Jane Doe; VP Engineering; jane@acme.com" --contact omar-said
    """
    from afterview.services.records import AddInterview

    command = AddInterview(
        application,
        at,
        tuple(opt.interviewer(text) for text in interviewer or []),
        tuple(contact or []),
        opt.pairs("--topic", topic),
        interview_id,
        kind,
        opt.date_option("--decision-expected", decision_expected),
    )
    created = _afterview().add_interview(command)
    opt.say(
        f"Recorded interview {created.id!r} on {created.day.isoformat()} with "
        f"{len(created.interviewers)} interviewer(s)."
    )


@interview_app.command("edit")
def interview_edit(
    interview: Annotated[str, typer.Argument(help="The interview's id.")],
    at: Annotated[str | None, typer.Option(help="A new time.")] = None,
    kind: Annotated[str | None, typer.Option(help="phone, video, onsite or other.")] = None,
    decision_expected: Annotated[
        str | None, typer.Option(help="When they expect to decide (S1).")
    ] = None,
    interviewer: Annotated[
        list[str] | None, typer.Option(help="Add a new interviewer as 'Name; Title; email'.")
    ] = None,
    contact: Annotated[list[str] | None, typer.Option(help="Add a known contact.")] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            help="What you discussed, in a few words: 'jane-doe=the Q3 roadmap' or "
            "'jane-doe=how you plan to scale the team'."
        ),
    ] = None,
    remove: Annotated[
        list[str] | None,
        typer.Option(help="Take a contact off the panel (their topic goes with them)."),
    ] = None,
) -> None:
    """Change an interview: record the decision date (S1), add someone to the panel or
    take someone off it.

    Example: afterview interview edit acme-1 --decision-expected 2026-12-01
    """
    from afterview.services.records import EditInterview

    av = _afterview()
    panel = None
    if remove:
        _, current = av.pipeline().interview(interview)
        strangers = [r for r in remove if r not in current.interviewers]
        if strangers:
            raise InvalidInput([f"--remove: {strangers[0]!r} is not on the panel of {interview!r}"])
        kept = [p for p in current.interviewers if p not in remove]
        panel = tuple(dict.fromkeys([*kept, *(contact or [])]))
    command = EditInterview(
        interview,
        tuple(opt.interviewer(text) for text in interviewer or []),
        tuple(contact or []),
        opt.pairs("--topic", topic),
        at,
        kind,
        opt.iso("--decision-expected", decision_expected),
        panel,
    )
    changed = av.edit_interview(command)
    opt.say(f"Updated interview {changed.id!r}.")


ContactName = Annotated[str | None, typer.Option(help="Full name, spelled exactly (S4).")]
Title = Annotated[str | None, typer.Option(help="Job title, exactly as on the card (S4).")]
Company = Annotated[str | None, typer.Option(help="Employer.")]
Email = Annotated[str | None, typer.Option(help="Email address.")]
Phone = Annotated[str | None, typer.Option(help="Phone number.")]
Address = Annotated[str | None, typer.Option(help="Postal address (use \\n between lines).")]
Fax = Annotated[str | None, typer.Option(help="Fax number.")]
MediumOption = Annotated[
    str | None, typer.Option(help="How to reach them: email, mail, fax or phone (S6).")
]
Greeting = Annotated[
    str | None,
    typer.Option(
        help='How a note addresses them, after "Dear": "Dr. Katz", "Carol", "Ms. Nguyễn"'
        " (without it, afterview reads the name and uses the full name when unsure)."
    ),
]


def _say_greeting(contact: Contact, country: str) -> None:
    """How notes will greet the contact, so a wrong guess is seen before a note goes out."""
    from afterview.domain.greetings import greeting, salutation_mark

    opt.say(
        f"Notes will greet them: “Dear {greeting(contact, False, country)},” by email,"
        f" “Dear {greeting(contact, True, country)}{salutation_mark(country)}” on paper"
        + ("" if contact.greeting else " (set --greeting to change it)"),
        style="dim",
    )


@contact_app.command("add")
def contact_add(
    name: Annotated[str, typer.Argument(help="Full name, spelled exactly (S4).")],
    title: Title = None,
    company: Company = None,
    email: Email = None,
    phone: Phone = None,
    address: Address = None,
    fax: Fax = None,
    medium: MediumOption = None,
    greeting: Greeting = None,
    contact_id: Annotated[str | None, typer.Option("--id", help="Your id for them.")] = None,
) -> None:
    """Add a person from their business card (S4).

    Example: afterview contact add "Jane Doe" --title "VP Engineering" --company "Acme Corp"
    --email jane@acme.com
    """
    from afterview.services.records import AddContact

    command = AddContact(
        name, contact_id, title, company, email, phone, opt.lines(address), fax, medium, greeting
    )
    av = _afterview()
    created = av.add_contact(command)
    opt.say(f"Added contact {created.id!r}: {created.name}.")
    _say_greeting(created, _country(av))


@contact_app.command("edit")
def contact_edit(
    contact: Annotated[str, typer.Argument(help="The contact's id.")],
    name: ContactName = None,
    title: Title = None,
    company: Company = None,
    email: Email = None,
    phone: Phone = None,
    address: Address = None,
    fax: Fax = None,
    medium: MediumOption = None,
    greeting: Greeting = None,
) -> None:
    """Correct or complete a contact; an empty value ("") clears a field.

    Example: afterview contact edit omar-said --title "Data Platform Lead"
    """
    from afterview.services.records import EditContact

    command = EditContact(
        contact, name, title, company, email, phone, opt.lines(address), fax, medium, greeting
    )
    av = _afterview()
    changed = av.edit_contact(command)
    opt.say(f"Updated contact {changed.id!r}.")
    _say_greeting(changed, _country(av))


def _country(av: Afterview) -> str:
    profile = av.pipeline().profile
    return profile.country if profile else "US"


@contact_app.command("list")
def contact_list() -> None:
    """Everyone you know through your search.

    Example: afterview contact list
    """
    from afterview.cli import render

    render.contacts(_afterview().pipeline())


@reference_app.command("add")
def reference_add(contact: Annotated[str, typer.Argument(help="The contact's id.")]) -> None:
    """Name a contact as one of your references (S9).

    Example: afterview reference add dana-kim
    """
    _afterview().add_reference(contact)
    opt.say(f"{contact!r} is now one of your references.")


@profile_app.command("set")
def profile_set(
    name: ContactName = None,
    email: Email = None,
    phone: Phone = None,
    address: Address = None,
    country: Annotated[
        str | None, typer.Option(help="ISO country code for business days, e.g. US, GB, IN.")
    ] = None,
    subdivision: Annotated[str | None, typer.Option(help="State or region, e.g. CA.")] = None,
    strength: Annotated[
        list[str] | None,
        typer.Option(
            help="Why you fit, in a line (repeat; replaces the list): a phrase such as "
            "'Skilled in SQL' or 'Led a team of 8', or your own sentence ending in a period."
        ),
    ] = None,
) -> None:
    """Set who you are: the name on your notes, your strengths, your holidays.

    Each strength is shown with the sentence your notes will say it with.

    Example: afterview profile set --name "Sam Rivera" --strength "Skilled in SQL"
    """
    from afterview.services.records import SetProfile

    command = SetProfile(name, email, phone, opt.lines(address), country, subdivision, strength)
    _afterview().set_profile(command)
    opt.say("Profile saved.")
    if strength:
        from afterview.cli import render

        render.strengths(strength)


@profile_app.command("show")
def profile_show() -> None:
    """Show your profile and references.

    Example: afterview profile show
    """
    from afterview.cli import render

    render.profile(_afterview().pipeline())


@app.command()
def serve(
    host: Annotated[
        str,
        typer.Option(help="Address to listen on: this machine only (127.0.0.1, localhost or ::1)."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    accounts: Annotated[
        bool,
        typer.Option(
            "--accounts",
            help="Server mode (PostgreSQL): every page needs a sign-in, each account sees "
            "only its own data, and --host may be any address (as AFTERVIEW_ACCOUNTS=1).",
        ),
    ] = False,
) -> None:
    """The web UI: today's actions and the pipeline, in your browser.

    It listens on this machine only (127.0.0.1, localhost or ::1) and answers no
    other site: there is no sign-in, so it is for you alone. With --accounts (server
    mode, on PostgreSQL) it asks everyone to sign in, and may listen on the network.

    Example: afterview serve --port 8000
    """
    from afterview.web.security import is_loopback

    if accounts or _settings().accounts:
        _serve_accounts(host, port)
        return
    if not is_loopback(host):
        raise InvalidInput(
            [
                f"--host: {host} would open afterview to the network without a sign-in,"
                " for anyone to read and change your pipeline; use 127.0.0.1 (the"
                " default), localhost or ::1"
            ]
        )
    import uvicorn

    from afterview.web.app import create_app

    shown = f"[{host.strip('[]')}]" if ":" in host else host
    opt.say(f"afterview on http://{shown}:{port}/ (Ctrl+C to stop)")
    app = create_app(_afterview(), host=host)
    uvicorn.run(app, host=host.strip("[]"), port=port, log_level="warning")


def _settings() -> AppSettings:
    from afterview.config import AppSettings

    return AppSettings.from_environment()


def _serve_accounts(host: str, port: int) -> None:
    """`serve` in server mode: one app for every account, behind the sign-in."""
    from dataclasses import replace

    import uvicorn

    from afterview.server import Server
    from afterview.web import logs
    from afterview.web.app import create_app

    logs.configure()
    server = Server(replace(_settings(), accounts=True))
    server.check()
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    opt.say(f"afterview (server mode) on http://{shown}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(
        create_app(server=server, host=host),
        host=host.strip("[]"),
        port=port,
        log_level="warning",
        proxy_headers=True,  # behind a TLS proxy: https, so session cookies are Secure
    )


@app.command()
def demo(
    as_of: AsOf = None,
    serve_it: Annotated[bool, typer.Option("--serve", help="Then open the web UI on it.")] = False,
    port: Annotated[int, typer.Option(help="Port for --serve.")] = 8000,
) -> None:
    """Show afterview on a realistic demo pipeline.

    The demo lives in a throwaway home, AFTERVIEW_HOME/demo, remade on each run.

    Example: afterview demo --serve
    """
    from afterview.bootstrap import create_demo_home
    from afterview.cli import render

    av = _afterview()
    day = opt.date_option("--as-of", as_of) or av.today()
    demo_av = create_demo_home(av.settings, day)
    home = demo_av.settings.home
    render.pipeline(demo_av.overview())
    opt.say("")
    render.agenda(demo_av.agenda())
    opt.say(
        f"\nThe demo lives in {home}. Explore it with:\n  AFTERVIEW_HOME={home} afterview pipeline",
        style="dim",
    )
    if serve_it:
        import uvicorn

        from afterview.web.app import create_app

        opt.say(f"\nThe web UI on the demo: http://127.0.0.1:{port}/ (Ctrl+C to stop)")
        uvicorn.run(create_app(demo_av), host="127.0.0.1", port=port, log_level="warning")


# --- server mode: accounts and the database -------------------------------------------------------

AccountEmail = Annotated[str, typer.Argument(help="The account's email address.")]
With = Annotated[str, typer.Option("--with", help="The coach's account email.")]


def _server() -> Server:
    """Server mode's composition root: for the account and worker commands, a PostgreSQL
    database is enough (AFTERVIEW_ACCOUNTS=1 then only matters to `serve`); refused on a
    SQLite file."""
    from afterview.config import AppSettings
    from afterview.server import Server, is_postgres

    settings = AppSettings.from_environment()
    if not (settings.accounts or is_postgres(settings.database_url)):
        raise InvalidInput(
            [
                "AFTERVIEW_ACCOUNTS: accounts are for server mode; set AFTERVIEW_ACCOUNTS=1 and"
                " AFTERVIEW_DATABASE_URL to a PostgreSQL database"
            ]
        )
    return Server(settings)


def _accounts() -> Accounts:
    """The accounts of server mode; refused in single-user mode."""
    return _server().accounts


def _own_email() -> str:
    from afterview.config import AppSettings

    email = AppSettings.from_environment().account
    if not email:
        raise InvalidInput(["AFTERVIEW_ACCOUNT: set it to the email of the account to work on"])
    return email


def _new_password() -> str:
    """From a prompt (typed twice, never shown) at a terminal; else stdin's first line."""
    if sys.stdin.isatty():
        typed: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        return typed
    return sys.stdin.readline().rstrip("\r\n")


def _when(moment: object) -> str:
    import datetime as dt

    if isinstance(moment, dt.datetime):
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return ""


def _iso(moment: object) -> str | None:
    import datetime as dt

    return moment.isoformat() if isinstance(moment, dt.datetime) else None


TimeZone = Annotated[
    str | None,
    typer.Option(
        "--time-zone",
        help="Where the account's mornings are (e.g. Europe/London): its digest goes at 07:00"
        " there (default: UTC).",
    ),
]


@account_app.command("add")
def account_add(
    email: AccountEmail,
    coach: Annotated[bool, typer.Option("--coach", help="A coach's account.")] = False,
    time_zone: TimeZone = None,
) -> None:
    """Add an account; its password is asked for (or read from stdin's first line).

    The password is never an argument: it would stay in the shell's history.

    Example: afterview account add sam@example.org --time-zone Europe/London
    """
    from afterview.services.accounts import checked_time_zone

    zone = checked_time_zone(time_zone)  # checked before anything is written
    accounts = _accounts()
    added = accounts.add(email, _new_password(), coach)
    if zone is not None:
        added = accounts.set_time_zone(added.email, zone)
    opt.say(f"Added the {'coach ' if added.coach else ''}account {added.email}.")


@account_app.command("time-zone")
def account_time_zone(
    email: AccountEmail,
    zone: Annotated[str, typer.Argument(help="An IANA time zone name, e.g. America/Chicago.")],
) -> None:
    """Set where the account's mornings are: the worker sends its digest at 07:00 there.

    Example: afterview account time-zone sam@example.org Europe/London
    """
    changed = _accounts().set_time_zone(email, zone)
    opt.say(f"{changed.email} now has its mornings in {changed.time_zone}.")


@account_app.command("enable")
def account_enable(email: AccountEmail) -> None:
    """Let a disabled account sign in again (with a new sign-in: its old sessions stay ended).

    Example: afterview account enable sam@example.org
    """
    enabled = _accounts().enable(email)
    opt.say(f"Enabled {enabled.email}.")


@account_app.command("mailbox")
def account_mailbox(
    email: AccountEmail,
    remove: Annotated[
        bool, typer.Option("--remove", help="Stop reading the account's mailbox.")
    ] = False,
) -> None:
    """Set the mailbox the worker reads the account's inbox from: its URL
    (imaps://user:app-password@host) is asked for, or read from stdin's first line, and
    stored sealed with the key in AFTERVIEW_HOME.

    The URL holds a password: it is never an argument, and never shown again.

    Example: afterview account mailbox sam@example.org
    """
    server = _server()
    account = server.accounts.named(email)
    if remove:
        removed = server.remove_mailbox(account.id)
        opt.say(
            f"{account.email}'s mailbox will not be read any more."
            if removed
            else f"{account.email} has no mailbox to stop reading."
        )
        return
    if sys.stdin.isatty():
        url: str = typer.prompt("Mailbox URL (imaps://user:app-password@host)", hide_input=True)
    else:
        url = sys.stdin.readline().rstrip("\r\n")
    label = server.set_mailbox(account.id, url)
    opt.say(f"The worker will read {label} for {account.email}.")


@account_app.command("list")
def account_list(json: Json = False) -> None:
    """Every account: email, coach or not, disabled or not, its time zone, the mailbox the
    worker reads for it, when it was made.

    Example: afterview account list
    """
    server = _server()
    found = server.accounts.list()
    mailboxes = server.mailbox_states()
    if json:
        opt.print_json(
            [
                {
                    "id": account.id,
                    "email": account.email,
                    "coach": account.coach,
                    "disabled": account.disabled,
                    "time_zone": account.time_zone,
                    "mailbox": _mailbox_json(mailboxes.get(account.id)),
                    "created_at": _iso(account.created_at),
                }
                for account in found
            ]
        )
        return
    from rich.table import Table

    from afterview.cli import render

    table = Table(header_style="bold", box=None, pad_edge=False)
    for name in ("email", "coach", "disabled", "time zone", "mailbox", "created"):
        table.add_column(name)
    for account in found:
        table.add_row(
            account.email,
            "coach" if account.coach else "",
            "disabled" if account.disabled else "",
            account.time_zone or "UTC",
            _mailbox_cell(mailboxes.get(account.id)),
            _when(account.created_at),
        )
    render.console().print(table if found else "No accounts yet: afterview account add EMAIL")


def _mailbox_json(state: MailboxState | None) -> dict[str, object] | None:
    if state is None:
        return None
    return {"label": state.label, "read_at": _iso(state.read_at), "problem": state.problem}


def _mailbox_cell(state: MailboxState | None) -> str:
    """The mailbox, when the worker last read it, and what stopped it (in red)."""
    if state is None:
        return ""
    from rich.markup import escape

    read = f"read {_when(state.read_at)}" if state.read_at else "not read yet"
    cell = f"{escape(state.label)}\n[dim]{read}[/dim]"
    return cell + (f"\n[red]{escape(state.problem)}[/red]" if state.problem else "")


@account_app.command("disable")
def account_disable(email: AccountEmail) -> None:
    """Refuse the account's sign-ins and tokens from now on; its sessions end.

    Example: afterview account disable sam@example.org
    """
    disabled = _accounts().disable(email)
    opt.say(f"Disabled {disabled.email}.")


@account_app.command("password")
def account_password(email: AccountEmail) -> None:
    """Set a new password for the account (read as `account add` reads it); every session
    of the account ends.

    Example: afterview account password sam@example.org
    """
    changed = _accounts().reset_password(email, _new_password())
    opt.say(f"New password set for {changed.email}; its sessions have ended.")


@account_app.command("token")
def account_token(
    email: AccountEmail,
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
    days: Annotated[
        int | None, typer.Option(help="Valid for this many days (default: until revoked).")
    ] = None,
) -> None:
    """A new API token for the account, printed this once (only its digest is kept).

    Example: afterview account token sam@example.org --label laptop --days 90
    """
    token = _accounts().new_token(email, label, days)
    sys.stdout.write(token + "\n")
    sys.stderr.write("Keep it now: it is shown only this once.\n")


@account_app.command("tokens")
def account_tokens(email: AccountEmail, json: Json = False) -> None:
    """The account's API tokens (never the tokens themselves): id, label, dates.

    Example: afterview account tokens sam@example.org
    """
    found = _accounts().tokens(email)
    if json:
        opt.print_json(
            [
                {
                    "id": token.id,
                    "label": token.label,
                    "created_at": _iso(token.created_at),
                    "expires_at": _iso(token.expires_at),
                    "revoked_at": _iso(token.revoked_at),
                }
                for token in found
            ]
        )
        return
    from rich.table import Table

    from afterview.cli import render

    table = Table(header_style="bold", box=None, pad_edge=False)
    for name in ("id", "label", "created", "expires", "revoked"):
        table.add_column(name)
    for token in found:
        table.add_row(
            str(token.id),
            token.label or "",
            _when(token.created_at),
            _when(token.expires_at) or "never",
            _when(token.revoked_at),
        )
    render.console().print(table if found else f"No tokens yet: afterview account token {email}")


@account_app.command("revoke")
def account_revoke(
    email: AccountEmail,
    token_id: Annotated[int, typer.Argument(help="The token's id (afterview account tokens).")],
) -> None:
    """Revoke one of the account's API tokens: it is refused from now on.

    Example: afterview account revoke sam@example.org 3
    """
    _accounts().revoke_token(email, token_id)
    opt.say(f"Revoked token {token_id} of {email.strip().lower()}.")


@account_app.command("share")
def account_share(coach: With) -> None:
    """Let a coach read the data of the account AFTERVIEW_ACCOUNT names.

    Example: afterview account share --with coach@example.org
    """
    accounts, email = _accounts(), _own_email()
    accounts.share(email, coach)
    opt.say(f"{email} now shares with the coach {coach.strip().lower()}.")


@account_app.command("unshare")
def account_unshare(coach: With) -> None:
    """Stop sharing the data of the account AFTERVIEW_ACCOUNT names with a coach.

    Example: afterview account unshare --with coach@example.org
    """
    accounts, email = _accounts(), _own_email()
    accounts.unshare(email, coach)
    opt.say(f"{email} no longer shares with {coach.strip().lower()}.")


@app.command("worker")
def worker(
    until_idle: Annotated[
        bool,
        typer.Option("--until-idle", help="Stop once no job is waiting (default: when stopped)."),
    ] = False,
    retry_wait: Annotated[
        int,
        typer.Option(
            "--retry-wait", min=1, help="Seconds before a digest the server refused is tried again."
        ),
    ] = 60,
) -> None:
    """Server mode's background work: each account's digest at 07:00 in its time zone, and
    each account's mailbox read every 15 minutes. Run one or several (under systemd);
    each job runs in one of them. Stops at SIGINT or SIGTERM, after the job at hand.

    Example: afterview worker
    """
    from afterview.worker import Worker, configure_logging

    server = _server()
    configure_logging()
    Worker.open(server.settings, retry_wait=retry_wait).run(until_idle=until_idle)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database of AFTERVIEW_DATABASE_URL to the newest schema, and say its revision.

    Example: afterview db upgrade
    """
    from afterview.config import AppSettings
    from afterview.server import upgrade_database

    before, after = upgrade_database(AppSettings.from_environment().database_url)
    if before == after:
        opt.say(f"The database is at revision {after} already.")
    else:
        opt.say(f"Upgraded the database from revision {before or 'none'} to {after}.")


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the CLI; an AfterviewError becomes red lines (what, and what to do) and an exit code."""
    try:
        app(args=argv, prog_name="afterview")
    except AfterviewError as error:
        from afterview.cli.remedies import hint

        if isinstance(error, InvalidInput):
            problems = list(error.problems)
            problems = opt.as_options(error.problems) if error.from_fields else problems
        else:
            problems = [str(error)]
        opt.fail_lines(problems, error.exit_code, hint(error.remedy))
    sys.exit(0)
