"""Server mode's front door (docs/server.md): sign-in, sign-out, and the gate every
other request passes.

The gate is ASGI middleware, not a dependency of each route, so a route that forgets
to ask cannot serve anyone: every path but the sign-in page, static files, the
favicon, `/healthz` and the calendar feed (whose own token says whose it is) needs a
session or an API token. Without one, /api answers
401 and a page sends the browser to sign in. With one, the request carries its
account and that account's afterview (`request.state.account`, `.afterview`).

- Sessions are signed cookies (HttpOnly, SameSite=Lax, Secure over HTTPS) holding the
  account's id, its session epoch (a password change raises it: every older session
  ends), a fresh random id (a new one at each sign-in: no session fixation) and when
  it was made (14 days at most).
- API tokens come as `Authorization: Bearer …` and are looked up by their digest.
- Sign-in attempts are limited per account and per address, counted in the database
  (services/accounts.py), so several web processes count together.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from afterview.errors import AfterviewError
from afterview.web import logs
from afterview.web.common import Csrf, problem_response, render, signer_of

if TYPE_CHECKING:
    from afterview.bootstrap import Afterview
    from afterview.server import Server
    from afterview.services.accounts import Account
    from afterview.web.security import Signer

SESSION_COOKIE = "afterview_session"
VIEWING_COOKIE = "afterview_viewing"
"""Which client's data a coach is reading (signed with the coach's id)."""
LEAVE_PATHS = frozenset({"/clients/leave", "/signout"})
"""What a coach may post while reading a client's data: leave it, or sign out."""
SESSION_DAYS = 14
PUBLIC_PATHS = frozenset({"/signin", "/healthz", "/favicon.ico", "/calendar.ics"})
"""Open to all: a calendar app has no session (the feed checks its own token)."""
PUBLIC_PREFIXES = ("/static/",)

router = APIRouter()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_session(signer: Signer, account: Account) -> str:
    """A session cookie's value for `account`: a new random id every time."""
    payload = json.dumps(
        {
            "a": account.id,
            "e": account.session_epoch,
            "s": secrets.token_urlsafe(16),
            "t": int(_now().timestamp()),
        },
        separators=(",", ":"),
    )
    return signer.sign("session", payload)


def session_account(server: Server, signer: Signer, value: str) -> Account | None:
    """The account a session cookie names, if it is genuine, recent, of the account's
    current epoch, and the account is not disabled."""
    payload = signer.unsign("session", value)
    if payload is None:
        return None
    try:
        data = json.loads(payload)
        account_id, epoch, made = int(data["a"]), int(data["e"]), int(data["t"])
    except (ValueError, KeyError, TypeError):
        return None
    age = _now().timestamp() - made
    if age < 0 or age > SESSION_DAYS * 86_400:
        return None
    account = server.accounts.by_id(account_id)
    if account is None or account.disabled or account.session_epoch != epoch:
        return None
    return account


def _identify(server: Server, signer: Signer, headers: dict[str, str], cookie: str | None) -> Any:
    authorization = headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return server.accounts.account_for_token(token.strip(), _now())
    if cookie:
        return session_account(server, signer, cookie)
    return None


class AccountGate:
    """Lets through only requests that carry a session or an API token (see the module)."""

    def __init__(self, app: ASGIApp, server: Server) -> None:
        self.app = app
        self.server = server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        signer = signer_of(request)
        headers = {key.lower(): value for key, value in request.headers.items()}
        # One trip to a worker thread for the account, the client a coach reads, and the
        # afterview to serve: each is asked of the database (or the server) at every request.
        entered = await run_in_threadpool(_enter, self.server, signer, headers, request.cookies)
        if entered is None:
            await _refusal(request)(scope, receive, send)
            return
        account, client, afterview = entered
        state = scope.setdefault("state", {})
        state["account"] = account
        if client is not None:
            if scope["method"] not in ("GET", "HEAD") and path not in LEAVE_PATHS:
                await _read_only(request)(scope, receive, send)
                return
            state["viewing"] = client
        state["afterview"] = afterview
        await self.app(scope, receive, send)


def _enter(
    server: Server, signer: Signer, headers: dict[str, str], cookies: dict[str, str]
) -> tuple[Account, Account | None, Afterview] | None:
    """Who sends this request, the client a coach reads (if any), and the afterview that
    serves it (the client's, read-only, or the account's own); None for nobody."""
    account = _identify(server, signer, headers, cookies.get(SESSION_COOKIE))
    if account is None:
        return None
    client = _client_read(server, signer, account, cookies.get(VIEWING_COOKIE))
    if client is not None:
        return account, client, server.afterview_for(client.id, True)
    return account, None, server.afterview_for(account.id)


def viewing_value(signer: Signer, coach: Account, client: Account) -> str:
    return signer.sign(f"viewing:{coach.id}", str(client.id))


def _client_read(server: Server, signer: Signer, coach: Account, value: str | None) -> Any:
    """The client whose data the coach reads now: named by a cookie signed for this coach,
    and only while the client still shares with them (a revoked share ends it at once)."""
    if not value or not coach.coach:
        return None
    payload = signer.unsign(f"viewing:{coach.id}", value)
    if payload is None or not payload.isdigit():
        return None
    client = server.accounts.by_id(int(payload))
    if client is None or client.disabled or client.id == coach.id:
        return None
    return client if server.accounts.may_read(coach.id, client.id) else None


def _read_only(request: Request) -> Response:
    problem = "read only: a coach cannot change a client's records"
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": [problem]}, 403)
    return problem_response(request, [problem], 403)


def _refusal(request: Request) -> Response:
    if request.url.path == "/api" or request.url.path.startswith("/api/"):
        return JSONResponse(
            {"error": ["sign in first: send a session cookie or Authorization: Bearer <token>"]},
            401,
            {"WWW-Authenticate": 'Bearer realm="afterview"'},
        )
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/signin?next={quote(wanted, safe='')}", 303)


def _local(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another site)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(character) < 0x20 for character in target):
        return "/"  # a browser reads "/\\evil.example" as another site
    return target


def _sign_in_page(
    request: Request, next_path: str, email: str = "", problem: str | None = None, status: int = 200
) -> HTMLResponse:
    context = {"page": "signin", "next": _local(next_path), "email": email, "problem": problem}
    return render(request, "signin.html", context, status)


@router.get("/signin", response_class=HTMLResponse)
def sign_in_form(request: Request, next: str = "/") -> HTMLResponse:
    return _sign_in_page(request, next)


@router.post("/signin", response_model=None)
def sign_in(
    request: Request,
    _: Csrf,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    server: Server = request.app.state.server
    address = request.client.host if request.client else "unknown"
    try:
        account = server.accounts.sign_in(email.strip().lower(), password, address, _now())
    except AfterviewError as error:
        logs.event("sign_in", ok=False, address=address, reason=type(error).__name__)
        return _sign_in_page(request, next, email, str(error), 400)
    logs.event("sign_in", ok=True, address=address, account=account.id)
    response = RedirectResponse(_local(next), 303)
    response.set_cookie(
        SESSION_COOKIE,
        new_session(signer_of(request), account),
        max_age=SESSION_DAYS * 86_400,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/signout", response_model=None)
def sign_out(request: Request, _: Csrf) -> Response:
    response = RedirectResponse("/signin", 303)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")
    return response


@router.get("/healthz", include_in_schema=False)
def healthz(request: Request) -> JSONResponse:
    """For a load balancer: 200 when the database answers, 503 when it does not."""
    server: Server | None = getattr(request.app.state, "server", None)
    if server is None:
        return JSONResponse({"ok": True})
    try:
        server.check()
    except Exception:  # the database is down: say so, never a traceback
        return JSONResponse({"ok": False, "database": "unreachable"}, 503)
    return JSONResponse({"ok": True})
