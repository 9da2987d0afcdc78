"""The Inbox page: when the mailbox was last read, a button to read it now, and the
messages that wait for the user to confirm or dismiss them (docs/inbox.md).

The page shows the mailbox as user@host, never its URL or password. Confirming records
a reply (from Sent: the thank-you) and never changes a status: a message that reads
like an offer or a rejection links to the application, where the user sets it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from afterview.errors import AfterviewError, InvalidInput
from afterview.services.inbox import Confirm, SyncReport, review_key
from afterview.services.paging import paging
from afterview.services.ports import MailboxFailure
from afterview.web.common import (
    AfterviewDep,
    Csrf,
    flashed,
    redirect_after_post,
    render,
    web_remedy,
)
from afterview.web.paging import page_number, pager

router = APIRouter()


def inbox_page(
    request: Request,
    av: AfterviewDep,
    *,
    problem: AfterviewError | None = None,
    problems: list[str] | None = None,
    failed_item: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    view = av.inbox_view()
    pipeline = av.pipeline()
    shown = paging(len(view.review), page_number(request.query_params.get("page")))
    items = view.review[shown.start : shown.stop]
    names = {a.id: f"{a.company} · {a.role}" for a in pipeline.applications}
    try:
        label = av.inbox_label
        setup_problem = None
    except AfterviewError as error:  # a malformed AFTERVIEW_IMAP_URL: say so, show the rest
        label, setup_problem = None, str(error)
    context = {
        "page": "inbox",
        "label": label,
        "server_mode": getattr(request.app.state, "server", None) is not None,
        "coach_reading": getattr(request.state, "viewing", None) is not None,
        "setup_problem": setup_problem,
        "view": view,
        "items": [(review_key(item.message_id), item) for item in items],
        "pager": pager(request, shown),
        "applications": names,
        "contacts": {c.id: c.name for c in pipeline.contacts},
        "notice": " ".join(flashed(request)) or None,
        "problem": str(problem) if problem else None,
        "remedy": web_remedy(problem.remedy) if problem else None,
        "problems": problems or [],
        "failed_item": failed_item,
    }
    return render(request, "inbox.html", context, status_code)


@router.get("/inbox", response_class=HTMLResponse)
def inbox(request: Request, av: AfterviewDep) -> HTMLResponse:
    return inbox_page(request, av)


@router.post("/inbox/sync", response_model=None)
async def read_now(request: Request, av: AfterviewDep, _: Csrf) -> Response:
    try:
        report = await run_in_threadpool(av.sync_inbox)
    except AfterviewError as error:
        status = 502 if isinstance(error, MailboxFailure) else 400  # the server, not the user
        return inbox_page(request, av, problem=error, status_code=status)
    return redirect_after_post(request, "/inbox", [_read(report)])


def _read(report: SyncReport) -> str:
    seen = report.seen
    said = f"Read {seen:,} new message{'s' * (seen != 1)}"
    if not seen:
        return "No new messages."
    recorded, waiting = len(report.recorded), len(report.review)
    return f"{said}: {recorded} recorded, {waiting} to review."


@router.post("/inbox/confirm", response_model=None)
def confirm(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    message: Annotated[str, Form()],
    application: Annotated[str, Form()] = "",
    contact: Annotated[str, Form()] = "",
    follow_up_on: Annotated[str, Form()] = "",
) -> Response:
    try:
        requested = _day("follow_up_on", follow_up_on)
        command = Confirm(message, application or None, contact or None, requested)
        recorded = av.confirm_inbox(command)
    except InvalidInput as error:
        return inbox_page(
            request, av, problems=list(error.problems), failed_item=message, status_code=400
        )
    kind = "thank-you" if recorded.kind == "thank_you" else "reply"
    company = av.pipeline().application(recorded.application or "").company
    return redirect_after_post(request, "/inbox", [f"Recorded the {kind} on {company}."])


@router.post("/inbox/dismiss", response_model=None)
def dismiss(
    request: Request, av: AfterviewDep, _: Csrf, message: Annotated[str, Form()]
) -> Response:
    item = av.dismiss_inbox(message)
    return redirect_after_post(request, "/inbox", [f"Dismissed “{item.subject or 'a message'}”."])


def _day(name: str, value: str) -> dt.date | None:
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput([f"{name}: not a date (YYYY-MM-DD)"]) from None
