"""What every page of the web face shares: the Afterview it serves, rendering, the CSRF
token, dates typed in a form, and how a refusal and its remedy look in a browser.

Every state-changing request carries a CSRF token (double submit: a cookie and a form
field or header that must match, and the token signed with the install's secret, so a
cookie planted by another site is refused; see `security.py`). Jinja autoescapes every
page, and every id put in a URL goes through the `segment` filter.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import escape
from pydantic import BaseModel

from afterview.bootstrap import Afterview
from afterview.domain.fields import FieldError, parse_date
from afterview.errors import (
    AfterviewError,
    Fix,
    InvalidInput,
    NotFound,
    Remedy,
    StorageError,
    StoreBusy,
)
from afterview.services.records import SetProfile
from afterview.web.security import Signer

CSRF_COOKIE = "afterview_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
FLASH_COOKIE = "afterview_flash"


class CsrfRejected(AfterviewError):
    """A state-changing request without the page's token: refused, never guessed at."""


def afterview_of(request: Request) -> Afterview:
    """The Afterview this request is served from: in server mode the signed-in account's
    (set by the gate, web/accounts.py), else the one user's (set by `create_app`)."""
    av: Afterview | None = getattr(request.state, "afterview", None) or (
        request.app.state.afterview
    )
    if av is None:  # server mode, and the gate let no account through: never a fallback
        raise HTTPException(401)
    return av


AfterviewDep = Annotated[Afterview, Depends(afterview_of)]


def as_of_date(value: str | None) -> dt.date | None:
    """A day given as `?as_of=YYYY-MM-DD`, or None for today."""
    if not value:
        return None
    try:
        return parse_date(value)
    except FieldError as error:
        raise InvalidInput([f"as_of: {error}"]) from None


def signer_of(request: Request) -> Signer:
    """The signer of this app's tokens (set by `create_app`)."""
    signer: Signer = request.app.state.signer
    return signer


def _csrf_token(request: Request) -> str:
    """The page's form token: the browser's own when this install signed it, else a new one."""
    signer = signer_of(request)
    cookie = request.cookies.get(CSRF_COOKIE, "")
    return cookie if signer.form_token_valid(cookie) else signer.new_form_token()


async def check_csrf(request: Request) -> None:
    """Dependency of every POST: the cookie's token, signed by this install, must come back
    in a header or a field."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    if not (
        sent.isascii()
        and signer_of(request).form_token_valid(cookie)
        and hmac.compare_digest(cookie.encode(), sent.encode())
    ):
        raise CsrfRejected(
            "this form has expired or did not come from afterview: reload the page and try again"
        )


Csrf = Annotated[None, Depends(check_csrf)]


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A page (or an htmx fragment) with the CSRF token in its forms and its cookie, and
    the problems it shows in the forms' words (`in_words`)."""
    templates: Jinja2Templates = request.app.state.templates
    token = _csrf_token(request)
    said = _context_in_words(context)
    response = templates.TemplateResponse(
        request, name, {**said, "csrf": token}, status_code=status_code
    )
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    if FLASH_COOKIE in request.cookies:
        response.delete_cookie(FLASH_COOKIE)  # shown once
    return response


TOKEN_SLOT = f"csrf-slot-{secrets.token_hex(16)}"
"""Where a page rendered for many requests (`rendered_parts`) has its form token: random
per process, so nothing typed into a record can be it."""


def rendered_parts(request: Request, name: str, context: dict[str, Any]) -> tuple[str, ...]:
    """A page rendered once to be sent many times: its HTML cut where the CSRF token goes,
    so no browser's token is kept with it (`send_parts` puts each request's own in)."""
    templates: Jinja2Templates = request.app.state.templates
    said = _context_in_words(context)
    html = templates.get_template(name).render({**said, "request": request, "csrf": TOKEN_SLOT})
    return tuple(html.split(TOKEN_SLOT))


def send_parts(request: Request, parts: tuple[str, ...], status_code: int = 200) -> HTMLResponse:
    """A page of `rendered_parts` with this browser's token in its forms and its cookie, as
    `render` sends it."""
    token = _csrf_token(request)
    response = HTMLResponse(str(escape(token)).join(parts), status_code)
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    if FLASH_COOKIE in request.cookies:
        response.delete_cookie(FLASH_COOKIE)  # shown once
    return response


def flashed(request: Request) -> list[str]:
    """What the redirect that led here asked the page to say (see `redirect_after_post`)."""
    return signer_of(request).read_flash(request.cookies.get(FLASH_COOKIE, ""))


def redirect_after_post(request: Request, url: str, lines: list[str]) -> RedirectResponse:
    """Post, redirect, show: the page at `url` says `lines` once, and a reload of it sends
    nothing again."""
    response = RedirectResponse(url, status_code=303)
    value = signer_of(request).flash(lines)
    response.set_cookie(FLASH_COOKIE, value, httponly=True, samesite="strict", max_age=60)
    return response


@dataclass(frozen=True)
class WebRemedy:
    """What a page offers to do about a refusal: words, perhaps a link, perhaps a button
    that sends the same form again with one more field set."""

    text: str
    href: str | None = None
    button: str | None = None
    again: dict[str, str] = field(default_factory=dict)


RETRY_FIELDS = {Fix.FORCE: "force", Fix.SEND_ANYWAY: "force", Fix.RESEND: "resend"}
WORDS = {
    Fix.FORCE: "The playbook advises against it, but it is your call.",
    Fix.SEND_ANYWAY: "If you are sure the note is right as it is, send it anyway.",
    Fix.REPLACE: "Tick “Replace records that exist” and upload the file again.",
    Fix.RESEND: "Look in your Sent folder (or the outbox folder for a letter) first.",
    Fix.PROFILE: "Set up your profile first: your name signs every note.",
    Fix.PROFILE_EMAIL: "Add your email address to your profile.",
    Fix.CONTACT_REACH: "Record their {field} first (a business card brings it).",
    Fix.SMTP: "Set AFTERVIEW_SMTP_URL where afterview runs, then start it again.",
    Fix.FAX_GATEWAY: "Set AFTERVIEW_FAX_GATEWAY where afterview runs, then start it again.",
    Fix.IMAP: "Set AFTERVIEW_IMAP_URL where afterview runs, then start it again.",
    Fix.ADD_REFERENCE: "Name a reference in Settings.",
    Fix.RECORD_OFFER: "Record the offer first: set the application's status to offer.",
    Fix.CALL_SCRIPT: "They prefer the phone: call them.",
    Fix.LIST_APPLICATIONS: "The Pipeline lists your applications.",
    Fix.LIST_CONTACTS: "The Network lists the people you know.",
}
LINKS = {
    Fix.PROFILE: "/settings",
    Fix.PROFILE_EMAIL: "/settings",
    Fix.SMTP: "/settings#h-smtp",
    Fix.FAX_GATEWAY: "/settings#h-smtp",
    Fix.IMAP: "/inbox",
    Fix.ADD_REFERENCE: "/settings#h-references",
    Fix.CONTACT_REACH: "/import",
    Fix.RECORD_OFFER: "/pipeline",
    Fix.LIST_APPLICATIONS: "/pipeline",
    Fix.LIST_CONTACTS: "/network",
}
SUBJECT_LINKS = {Fix.CONTACT_REACH: "/contacts/{}/edit"}
"""Where a remedy about one record (its `subject`) is done: that record's own form."""
BUTTONS = {Fix.FORCE: "Do it anyway", Fix.SEND_ANYWAY: "Send anyway", Fix.RESEND: "Send it again"}
REACH_WORDS = {"email": "email address", "address": "postal address", "fax": "fax number"}


def web_remedy(remedy: Remedy | None, form: dict[str, str] | None = None) -> WebRemedy | None:
    """The remedy in a page's terms; a button when the refused form can be sent again."""
    if remedy is None:
        return None
    field = REACH_WORDS.get(remedy.field or "", remedy.field or "details")
    text = WORDS[remedy.fix].format(field=field)
    retry = RETRY_FIELDS.get(remedy.fix)
    if retry is not None and form is not None:
        again = {**{k: v for k, v in form.items() if k != CSRF_FIELD}, retry: "true"}
        return WebRemedy(text, button=BUTTONS[remedy.fix], again=again)
    if remedy.fix in SUBJECT_LINKS and remedy.subject:
        href = SUBJECT_LINKS[remedy.fix].format(quote(remedy.subject, safe=""))
        return WebRemedy(text, href=href)
    return WebRemedy(text, href=LINKS.get(remedy.fix))


# --- A refusal in the forms' words ----------------------------------------------------------
#
# The services name what is wrong by the stored field ("offer.received_on: not a date"), as
# the command line and the API want it; a page names it as its form labels it.

FIELD_WORDS = {
    # the profile
    "name": "Name",
    "email": "Email",
    "phone": "Phone",
    "address": "Address",
    "country": "Country",
    "subdivision": "State or region",
    "strengths": "Strengths",
    "references": "References",
    # an application, its offer and its interviews
    "id": "Id",
    "company": "Company",
    "role": "Role",
    "status": "Status",
    "applied_on": "Applied on",
    "closed_on": "Closing date",
    "medium": "How they like to be reached",
    "interest": "Interest",
    "job_description": "Job description",
    "offer": "Offer",
    "offer.received_on": "Offer received on",
    "offer.deadline": "Deadline to answer",
    "offer.summary": "Offer summary",
    "received_on": "Offer received on",
    "deadline": "Deadline to answer",
    "summary": "Offer summary",
    "interviews": "Interviews",
    "at": "Date and time",
    "kind": "Kind",
    "decision_expected": "Decision expected",
    "interviewers": "The panel",
    "topics": "What you discussed",
    # a contact
    "title": "Title",
    "fax": "Fax",
    "greeting": "Greeting",
    # a note, call or reply (a touch)
    "on": "Day",
    "application": "Application",
    "interview": "Interview",
    "contact": "Contact",
    "note": "Note",
    "follow_up_requested_on": "They asked you to follow up on",
    # the pages' own fields
    "as_of": "Day shown",
    "q": "Search",
    "page": "Page",
    "file": "File",
    "mode": "Records that exist already",
    "text": "The note",
    "subject": "Subject",
    "profile": "Your profile",
    "touch": "Touch",
    "reference": "Reference",
    "panel": "The panel",
    "tz": "Time zone",
    "keep": "Which record to keep",
    "other": "The other record",
    # a backup's parts
    "format": "Format",
    "key": "Key",
    "message_id": "Message-ID",
    "state": "State",
    "recipient": "Recipient",
    "body": "Text",
    "attempts": "Attempts",
    "last_error": "Last error",
}
"""Each stored field (and each form field a page names in a refusal) as its form labels it."""
RECORD_WORDS = {
    "applications": "Application",
    "interviews": "interview",
    "contacts": "Contact",
    "touches": "Touch",
    "outbox": "Sent note",
}
RECORD = re.compile(r"(applications|contacts|touches|outbox|interviews)\[(\d+)\](?:\.|\Z)")
ENTRY = re.compile(r"([a-z_]+)\[(\d+)\]\Z")
PATH = re.compile(r"[a-z][a-z_]*(?:\[\d+\])?(?:\.[^\s:]+)*")
STORED_NAME = re.compile(
    r"\b(?:" + "|".join(name for name in FIELD_WORDS if "_" in name and "." not in name) + r")\b"
)


def field_words(path: str) -> str | None:
    """A field's path ("applications[0].offer.received_on", "decision_expected") in the
    forms' words ("Application 1, Offer received on"); None when it is not one."""
    if not PATH.fullmatch(path):
        return None
    parts: list[str] = []
    rest = path.removeprefix("profile.")
    if rest != path:
        parts.append("Your profile")
    while found := RECORD.match(rest):
        parts.append(f"{RECORD_WORDS[found[1]]} {int(found[2]) + 1}")
        rest = rest[found.end() :]
    if rest:
        field = _field_words(rest)
        if field is None and not parts:
            return None
        field = field or f"“{rest}”"
        parts.append(field[0].lower() + field[1:] if parts else field)
    return ", ".join(parts)


def _field_words(rest: str) -> str | None:
    """One field within its record: a plain one, an entry of a list, a topic by its key."""
    if rest in FIELD_WORDS:
        return FIELD_WORDS[rest]
    if entry := ENTRY.fullmatch(rest):
        named = FIELD_WORDS.get(entry[1])
        return f"{named}, entry {int(entry[2]) + 1}" if named else None
    name, _, key = rest.partition(".")
    if name == "topics" and key:
        return f"What you discussed with {key}"
    return None


def in_words(problem: str) -> str:
    """A problem as a page says it: its field as the form labels it, no stored name."""
    path, sep, reason = problem.partition(": ")
    named = field_words(path) if sep else None
    if named is None:
        named, reason = "", problem
    reason = STORED_NAME.sub(lambda found: f"“{FIELD_WORDS[found[0]]}”", reason)
    return f"{named}: {reason}" if named else reason


def _context_in_words(context: dict[str, Any]) -> dict[str, Any]:
    """A page's problems in its own words: the lists of problems, each field's reasons."""
    said = dict(context)
    for key in ("problems", "restore_problems"):
        if isinstance(said.get(key), (list, tuple)):
            said[key] = [_said(problem) for problem in said[key]]
    if isinstance(said.get("mail_problem"), str):
        said["mail_problem"] = in_words(said["mail_problem"])
    if isinstance(said.get("invalid"), Mapping):
        said["invalid"] = {
            name: [_said(reason) for reason in reasons] for name, reasons in said["invalid"].items()
        }
    return said


def _said(problem: object) -> object:
    return in_words(problem) if isinstance(problem, str) else problem


async def error_response(request: Request, error: AfterviewError) -> Response:
    """A refusal as JSON for /api, a fragment for htmx, or a page, with its remedy."""
    status = _status(error)
    problems = list(error.problems) if isinstance(error, InvalidInput) else [str(error)]
    if request.url.path.startswith("/api/"):
        response: Response = JSONResponse({"error": problems}, status_code=status)
        return _retry_later(error, response)
    form = await _plain_form(request) if request.method == "POST" else None
    response = problem_response(request, problems, status, web_remedy(error.remedy, form))
    return _retry_later(error, response)


def problem_response(
    request: Request, problems: list[str], status: int, remedy: WebRemedy | None = None
) -> HTMLResponse:
    """Problems shown to a person: the part of a page htmx swaps in, else a whole page
    that says what to do next (never JSON: only the API answers JSON)."""
    context = {"problems": problems, "remedy": remedy, "action": own_path(request)}
    name = "_error.html" if request.headers.get("hx-request") else "error.html"
    return render(request, name, context, status)


def _status(error: AfterviewError) -> int:
    """403 for a forged form, 404 for an unknown record, 503 when the database cannot be
    used now (busy, full, read-only: not the user's input), else 400."""
    if isinstance(error, CsrfRejected):
        return 403
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, StorageError):
        return 503
    return 400


def _retry_later(error: AfterviewError, response: Response) -> Response:
    if isinstance(error, StoreBusy):
        response.headers["Retry-After"] = "2"  # another command is writing; it will finish
    return response


class ProfileForm(BaseModel):
    """The profile form as posted, Settings' or the first steps' (which has no phone or
    address: a field a form does not have is left as it is)."""

    name: str = ""
    email: str = ""
    phone: str | None = None
    address: str | None = None
    country: str = ""
    subdivision: str = ""
    strengths: str = ""

    def typed(self) -> dict[str, str]:
        """The fields the form has, as typed (to show again on a refusal)."""
        return {key: value for key, value in self.model_dump().items() if value is not None}


def profile_command(form: Mapping[str, str]) -> SetProfile:
    """The profile as a form typed it (Settings, or the first steps): each field it has,
    trimmed; strengths one per line; the country US when left empty."""
    fields = {
        key: form[key].strip()
        for key in ("name", "email", "phone", "address", "subdivision")
        if key in form
    }
    strengths = [line.strip() for line in form.get("strengths", "").splitlines() if line.strip()]
    return SetProfile(
        **fields, country=form.get("country", "").strip() or "US", strengths=strengths
    )


def marked(
    problems: tuple[str, ...] | list[str],
    fields: tuple[str, ...],
    field_of: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Problems ("field: reason") by the form field they belong to, for a form that marks
    each wrong field; the rest go on top. `field_of` maps a record's field to the form's
    ("applied_on" to "applied")."""
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for problem in problems:
        name, _, reason = problem.partition(": ")
        name = (field_of or {}).get(name, name)
        if reason and name in fields:
            by_field.setdefault(name, []).append(reason)
        else:
            general.append(problem)
    return {"invalid": by_field, "problems": general}


def own_path(request: Request) -> str:
    """The path of this request as the browser sent it (its ids still encoded)."""
    raw = request.scope.get("raw_path")
    return raw.decode("latin-1") if isinstance(raw, bytes) else quote(request.url.path)


async def _plain_form(request: Request) -> dict[str, str] | None:
    """The fields of a posted form that can be posted again (no file uploads)."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form"):
        return None
    form = await request.form()
    return {key: value for key, value in form.multi_items() if isinstance(value, str)}
