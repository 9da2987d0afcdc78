"""What every page of the web face shares: the Afterview it serves, rendering, the CSRF
token, dates typed in a form, and how a refusal and its remedy look in a browser.

Every state-changing request carries a CSRF token (double submit: a cookie and a form
field or header that must match). Jinja autoescapes every page.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from afterview.bootstrap import Afterview
from afterview.domain.fields import FieldError, parse_date
from afterview.errors import AfterviewError, Fix, InvalidInput, NotFound, Remedy

CSRF_COOKIE = "afterview_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


class CsrfRejected(AfterviewError):
    """A state-changing request without the page's token: refused, never guessed at."""


def afterview_of(request: Request) -> Afterview:
    """The Afterview this app serves (set by `create_app`)."""
    av: Afterview = request.app.state.afterview
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


def _csrf_token(request: Request) -> str:
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)


async def check_csrf(request: Request) -> None:
    """Dependency of every POST: the cookie's token must come back in a header or field."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    if not cookie or not hmac.compare_digest(cookie.encode(), sent.encode()):
        raise CsrfRejected(
            "this form has expired or did not come from afterview: reload the page and try again"
        )


Csrf = Annotated[None, Depends(check_csrf)]


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A page (or an htmx fragment) with the CSRF token in its forms and its cookie."""
    templates: Jinja2Templates = request.app.state.templates
    token = _csrf_token(request)
    response = templates.TemplateResponse(
        request, name, {**context, "csrf": token}, status_code=status_code
    )
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
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
    Fix.ADD_REFERENCE: "Name a reference in Settings.",
    Fix.RECORD_OFFER: "Record the offer first.",
    Fix.CALL_SCRIPT: "They prefer the phone: call them.",
    Fix.LIST_APPLICATIONS: "The Pipeline lists your applications.",
    Fix.LIST_CONTACTS: "The Network lists the people you know.",
}
LINKS = {
    Fix.PROFILE: "/settings",
    Fix.PROFILE_EMAIL: "/settings",
    Fix.ADD_REFERENCE: "/settings#h-references",
    Fix.CONTACT_REACH: "/import",
    Fix.LIST_APPLICATIONS: "/pipeline",
    Fix.LIST_CONTACTS: "/network",
}
BUTTONS = {Fix.FORCE: "Do it anyway", Fix.SEND_ANYWAY: "Send anyway", Fix.RESEND: "Send it again"}


def web_remedy(remedy: Remedy | None, form: dict[str, str] | None = None) -> WebRemedy | None:
    """The remedy in a page's terms; a button when the refused form can be sent again."""
    if remedy is None:
        return None
    text = WORDS[remedy.fix].format(field=remedy.field or "details")
    retry = RETRY_FIELDS.get(remedy.fix)
    if retry is not None and form is not None:
        again = {**{k: v for k, v in form.items() if k != CSRF_FIELD}, retry: "true"}
        return WebRemedy(text, button=BUTTONS[remedy.fix], again=again)
    return WebRemedy(text, href=LINKS.get(remedy.fix))


async def error_response(request: Request, error: AfterviewError) -> Response:
    """A refusal as JSON for /api, a fragment for htmx, or a page, with its remedy."""
    status = 403 if isinstance(error, CsrfRejected) else 404 if isinstance(error, NotFound) else 400
    problems = list(error.problems) if isinstance(error, InvalidInput) else [str(error)]
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": problems}, status_code=status)
    form = await _plain_form(request) if request.method == "POST" else None
    context = {
        "problems": problems,
        "remedy": web_remedy(error.remedy, form),
        "action": request.url.path,
    }
    name = "_error.html" if request.headers.get("hx-request") else "error.html"
    return render(request, name, context, status)


async def _plain_form(request: Request) -> dict[str, str] | None:
    """The fields of a posted form that can be posted again (no file uploads)."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form"):
        return None
    form = await request.form()
    return {key: value for key, value in form.multi_items() if isinstance(value, str)}
