"""Today: what is owed now (a new user first sees the first steps, `/start`).

Every row carries what resolves it: a Done that records the closing touch, or a small
form that changes the record the action waits on (S1's decision date, S4's missing
details, S9's reference). Each form is post-redirect-show without JavaScript. With htmx
the row gives way in place (to its Undo after a Done, to nothing once resolved, to itself
again when still open) and the server sends the sections' counts out of band; a change
that opened or moved other rows says so, with a link to Today whole. A refused form comes
back as typed, the wrong field named in the page's words.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterview.domain.actions import ActionKind
from afterview.domain.fields import FieldError, parse_choice, parse_date
from afterview.domain.model import Pipeline, Touch, TouchKind
from afterview.errors import AfterviewError, InvalidInput
from afterview.services.agenda import AgendaRow, AgendaView
from afterview.services.paging import paging
from afterview.services.records import EditContact, EditInterview, LogTouch
from afterview.services.touches import DeleteTouch
from afterview.web.common import (
    FLASH_COOKIE,
    AfterviewDep,
    Csrf,
    WebRemedy,
    as_of_date,
    flashed,
    marked,
    redirect_after_post,
    render,
    rendered_parts,
    send_parts,
    web_remedy,
)
from afterview.web.paging import page_number, pager

router = APIRouter()
SECTION_ROWS = 20
"""A section longer than this shows its first rows, says how many more there are and
links to the section alone, a page at a time (`/?section=overdue&page=2`)."""
SECTIONS = ("overdue", "due", "upcoming")
DETAIL_FIELDS = ("title", "email", "address", "fax", "phone")
LABELS = {
    "decision_expected": "Decision expected by",
    "reference": "Reference",
    "title": "Title",
    "email": "Email",
    "address": "Postal address",
    "fax": "Fax number",
    "phone": "Phone number",
}
"""Each inline form's fields as the page names them."""

Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class Retry:
    """A row's form refused: what was typed, each wrong field's reasons, and the rest."""

    key: Key
    form: Mapping[str, str]
    invalid: Mapping[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    remedy: WebRemedy | None = None


def _htmx(request: Request) -> bool:
    return bool(request.headers.get("hx-request"))


def _key(kind: ActionKind, application: str = "", interview: str = "", contact: str = "") -> Key:
    return (kind.value, application, interview, contact)


@dataclass(frozen=True)
class Kept:
    """Today as rendered (cut where each browser's form token goes), and exactly what it
    was rendered from: the pipeline and the planned actions, held so neither object can
    be freed and its identity reused while the page is kept."""

    pipeline: Pipeline | None
    actions: Sequence[object]
    as_of: dt.date
    parts: tuple[str, ...]


class TodayPages:
    """The Today pages this process rendered last, one for each viewer and query (LRU).

    A page is sent again only when it would come out the same: the agenda's pipeline is
    the very object it was rendered from (a store hands back the same Pipeline until the
    account's data changes, in any process: a write raises the data version every read
    checks), the actions are the very list the plans kept (a new day, playbook or holidays
    plans again), and the day is the same. The key names the viewer (the account, its
    email, whether a coach reads a client, which) and the query, so no page is ever
    another account's, and each answer puts in its own browser's form token."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._kept: OrderedDict[Hashable, Kept] = OrderedDict()

    def get(self, key: Hashable, view: AgendaView) -> tuple[str, ...] | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                return None
            if (
                kept.pipeline is not view.pipeline
                or kept.actions is not view.actions
                or kept.as_of != view.as_of
            ):
                del self._kept[key]  # rendered from what is no longer current
                return None
            self._kept.move_to_end(key)
            return kept.parts

    def put(self, key: Hashable, view: AgendaView, parts: tuple[str, ...]) -> None:
        with self._lock:
            self._kept[key] = Kept(view.pipeline, view.actions, view.as_of, parts)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)


def _viewer(request: Request) -> Hashable:
    """Whose Today this is, as the page shows it: the signed-in account (its email and
    whether it coaches are in the header) and the client a coach reads; None for the one
    user of single-user mode."""
    account = getattr(request.state, "account", None)
    viewing = getattr(request.state, "viewing", None)
    if account is None:
        return None
    client = None if viewing is None else (viewing.id, viewing.email)
    return (account.id, account.email, account.coach, client)


@router.get("/", response_class=HTMLResponse, response_model=None)
def today(
    request: Request,
    av: AfterviewDep,
    as_of: str | None = None,
    undo: str = "",
    section: str | None = None,
    page: str | None = None,
) -> Response:
    """Today; `undo` names the touch a Done just recorded, offered back without JavaScript;
    `section` shows one section alone, a page at a time."""
    pipeline = av.pipeline()  # read once, for the first steps and the agenda
    if av.first_steps(pipeline).needed:
        return RedirectResponse("/start", status_code=303)
    if section is not None and section not in SECTIONS:
        raise InvalidInput([f"section: one of {', '.join(SECTIONS)}"])
    number = page_number(page)
    view = av.agenda(as_of_date(as_of), pipeline)
    pages: TodayPages | None = getattr(request.app.state, "today_pages", None)
    if pages is None or undo or FLASH_COOKIE in request.cookies:
        # A page that says something once (a notice, an Undo) is rendered for itself.
        return _page(request, av, view.as_of, undo=undo, only=section, number=number, view=view)
    key = (_viewer(request), request.url.query)
    parts = pages.get(key, view)
    if parts is None:
        parts = rendered_parts(
            request, "today.html", _context(request, view, only=section, number=number)
        )
        pages.put(key, view, parts)
    return send_parts(request, parts)


def _page(
    request: Request,
    av: AfterviewDep,
    as_of: dt.date | None = None,
    *,
    undo: str = "",
    retry: Retry | None = None,
    status_code: int = 200,
    only: str | None = None,
    number: int = 1,
    view: AgendaView | None = None,
) -> HTMLResponse:
    view = view if view is not None else av.agenda(as_of)
    context = _context(request, view, undo=undo, retry=retry, only=only, number=number)
    return render(request, "today.html", context, status_code)


def _context(
    request: Request,
    view: AgendaView,
    *,
    undo: str = "",
    retry: Retry | None = None,
    only: str | None = None,
    number: int = 1,
) -> dict[str, Any]:
    """What today.html shows: the view's sections (or one, a page of it), and what the
    request brought (a notice, an Undo, a refused form)."""
    rows, start, pages = SECTION_ROWS, 0, None
    if only is not None:
        (section,) = [s for s in view.sections if s.state == only]
        shown = paging(len(section.actions), number)
        rows, start, pages = shown.size, shown.start, pager(request, shown)
    return {
        "view": view,
        "as_of": view.as_of,
        "rows": rows,
        "start": start,
        "only": only,
        "pager": pages,
        "page": "today",
        "notice": " ".join(flashed(request)) or None,
        "undo": undo,
        "retry": retry,
        "stray": retry if retry and view.find(retry.key) is None else None,  # its row is gone
    }


# --- What took a row's place ------------------------------------------------------------


def _update(
    request: Request,
    av: AfterviewDep,
    before: AgendaView,
    key: Key,
    said: list[str],
    logged: tuple[Touch, str] | None = None,
) -> Response:
    """With htmx: what takes the row's place (its Undo, the row itself while still open,
    or nothing) and, out of band, the counts of the sections on the page."""
    after = av.agenda()
    found = after.find(key)
    alone = "section=" in request.headers.get("hx-current-url", "")  # one section, paged
    context: dict[str, Any] = {
        "view": after,
        "rows": sys.maxsize if alone else SECTION_ROWS,
        "row": found[1] if found and logged is None else None,
        "undone": logged,
        "states": {section.state for section in before.sections if section.actions},
        "changed": _others(before, key) != _others(after, key),
        "said": " ".join(said),
    }
    return render(request, "_today_update.html", context)


def _others(view: AgendaView, key: Key) -> list[tuple[str, Key, str]]:
    """What the page shows besides the row with this key."""
    return [shown for shown in view.shown(SECTION_ROWS) if shown[1] != key]


def _refused(
    request: Request,
    av: AfterviewDep,
    key: Key,
    form: Mapping[str, str],
    problems: tuple[str, ...] | list[str],
    remedy: WebRemedy | None = None,
) -> Response:
    """The row again as typed, each wrong field named in the page's words: in place with
    htmx, on Today whole without."""
    sorted_out = marked(problems, tuple(form))
    named = [f"{LABELS[name]}: {'; '.join(why)}" for name, why in sorted_out["invalid"].items()]
    retry = Retry(key, form, sorted_out["invalid"], [*named, *sorted_out["problems"]], remedy)
    if not _htmx(request):
        return _page(request, av, retry=retry, status_code=400)
    found = av.agenda().find(key)
    if found is None:  # resolved meanwhile (another tab): show Today whole
        return Response(headers={"HX-Redirect": "/"})
    return render(request, "_action.html", {"row": found[1], "retry": retry, "htmx": True}, 400)


def _row_closed_by(
    view: AgendaView, kind: TouchKind, application: str, interview: str, contact: str
) -> AgendaRow | None:
    """Today's row of the action a touch of this kind about these records closes."""
    for section in view.sections:
        for action in section.actions:
            row = view.row(action)
            if row.closed_by is kind and row.key[1:] == (application, interview, contact):
                return row
    return None


def _what(touch: Touch) -> str:
    """A touch in a sentence's words, as its Undo names it: "the call of Tue 24 Nov"."""
    return f"the {touch.kind.value.replace('_', ' ')} of {touch.on.strftime('%a %d %b')}"


# --- Done and its Undo --------------------------------------------------------------------


@router.post("/actions/done", response_model=None)
def done(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    kind: Annotated[str, Form()],
    application: Annotated[str | None, Form()] = None,
    interview: Annotated[str | None, Form()] = None,
    contact: Annotated[str | None, Form()] = None,
    force: Annotated[bool, Form()] = False,
) -> Response:
    """Record the touch that closes an action; the row leaves Today, and an Undo stands in
    its place (with htmx) or on top of Today (without)."""
    try:
        touch = parse_choice(kind, TouchKind)
    except FieldError as error:
        raise InvalidInput([f"kind: {error}"]) from None
    command = LogTouch(
        touch,
        force=force,
        application=application or None,
        interview=interview or None,
        contact=contact or None,
    )
    before = av.agenda() if _htmx(request) else None
    logged = av.log_undoable(command)
    lines = ["Marked done.", *([logged.advice] if logged.advice else [])]
    if before is None:
        return redirect_after_post(request, "/?undo=" + quote(logged.key, safe=""), lines)
    row = _row_closed_by(before, touch, application or "", interview or "", contact or "")
    key = row.key if row else ("", "", "", "")
    return _update(request, av, before, key, lines, (logged.touch, logged.key))


@router.post("/actions/undo", response_model=None)
def undo(request: Request, av: AfterviewDep, _: Csrf, key: Annotated[str, Form()]) -> Response:
    """Take back the touch a Done recorded: its action is owed again, its row back in the
    Undo's place and the counts with it (the Undo's htmx door; `/touches/undo` is the
    same without JavaScript)."""
    before = av.agenda()
    removed = av.delete_touch(DeleteTouch(key))
    lines = [f"Undone: {_what(removed)} is not recorded."]
    if not _htmx(request):
        return redirect_after_post(request, "/", lines)
    row = _row_closed_by(
        av.agenda(),
        removed.kind,
        removed.application or "",
        removed.interview or "",
        removed.contact or "",
    )
    if row is None:  # owed again, but not among Today's rows: show Today whole
        return Response(headers={"HX-Redirect": "/"})
    return _update(request, av, before, row.key, lines)


# --- What a form resolves -----------------------------------------------------------------


@router.post("/actions/decision-date", response_model=None)
def decision_date(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    interview: Annotated[str, Form()],
    application: Annotated[str, Form()] = "",
    decision_expected: Annotated[str, Form()] = "",
) -> Response:
    """S1: the day the employer expects to decide, recorded on the interview."""
    key = _key(ActionKind.ASK_DECISION_DATE, application, interview)
    form = {"decision_expected": decision_expected}
    typed = decision_expected.strip()
    if not typed:
        return _refused(request, av, key, form, ["decision_expected: type the day they named"])
    try:
        day = parse_date(typed)
    except FieldError as error:
        return _refused(request, av, key, form, [f"decision_expected: {error}"])
    before = av.agenda() if _htmx(request) else None
    try:
        saved = av.revise_interview(EditInterview(interview, decision_expected=day))
    except InvalidInput as error:
        return _refused(request, av, key, form, error.problems)
    company = saved.application.company
    lines = [f"Recorded that {company} expects to decide by {day.strftime('%a %d %b %Y')}."]
    if before is None:
        return redirect_after_post(request, "/", lines)
    return _update(request, av, before, key, lines)


@router.post("/actions/contact", response_model=None)
async def contact_details(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    contact: Annotated[str, Form()],
    application: Annotated[str, Form()] = "",
    interview: Annotated[str, Form()] = "",
) -> Response:
    """S4: the interviewer's missing details (the fields the row offered), saved to the
    contact; the row stays while something is still missing."""
    posted = await request.form()
    form = {name: value for name in DETAIL_FIELDS if isinstance(value := posted.get(name), str)}
    key = _key(ActionKind.COMPLETE_CONTACT, application, interview, contact)
    given = {name: value.strip() for name, value in form.items() if value.strip()}
    if form and not given:
        return _refused(request, av, key, form, [f"{next(iter(form))}: type what you know"])
    before = av.agenda() if _htmx(request) else None
    try:
        saved = av.edit_contact(EditContact(contact, **given))
    except InvalidInput as error:
        return _refused(request, av, key, form, error.problems)
    recorded = " and ".join(LABELS[name].lower() for name in given) or "details"
    lines = [f"Saved {saved.name}'s {recorded}."]
    if before is None:
        return redirect_after_post(request, "/", lines)
    return _update(request, av, before, key, lines)


@router.post("/actions/reference", response_model=None)
def reference(
    request: Request, av: AfterviewDep, _: Csrf, reference: Annotated[str, Form()] = ""
) -> Response:
    """S9: someone known named as a reference."""
    key = _key(ActionKind.ADD_REFERENCES)
    form = {"reference": reference}
    if not reference:
        return _refused(request, av, key, form, ["reference: choose who"])
    before = av.agenda() if _htmx(request) else None
    try:
        av.add_reference(reference)
        name = av.contact(reference).contact.name
    except AfterviewError as error:
        remedy = web_remedy(error.remedy)
        return _refused(request, av, key, form, [str(error)], remedy)
    lines = [f"{name} is one of your references now."]
    if before is None:
        return redirect_after_post(request, "/", lines)
    return _update(request, av, before, key, lines)
