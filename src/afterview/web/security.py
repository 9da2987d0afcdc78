"""What keeps the single-user web server its user's alone (docs/architecture.md, "The
local web server").

- Host: only the names the server was started for are answered (Starlette's
  TrustedHostMiddleware), so a page of another site that rebinds its DNS name to
  127.0.0.1 gets a 400 and no data.
- Origin: a state-changing request whose Origin (or, without one, Referer) is present
  and is not this server is refused before it reaches a route.
- Form tokens: a CSRF token is a random nonce and its HMAC under a secret kept in
  AFTERVIEW_HOME, so a cookie planted by another port of 127.0.0.1 is worthless.
- Headers: a Content-Security-Policy that allows the app's own scripts and styles only,
  no framing, no sniffing, and no Referer to other sites, on every response.
- HEAD is answered wherever GET is, without a body.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"x-content-type-options", b"nosniff"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address, IPv6 with or without brackets) names this
    machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str | None = None) -> list[str]:
    """The Host names a server started on `host` answers to: the loopback names, and
    `host` itself (an IPv6 address in brackets, as a Host header writes it)."""
    names = list(LOOPBACK_HOSTS)
    if host:
        try:
            address = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            name = host.lower()
        else:
            name = f"[{address}]" if address.version == 6 else str(address)
        if name not in names:
            names.append(name)
    return names


class SameOrigin:
    """Refuses a state-changing request that says it comes from another origin, and puts
    the security headers on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    response_headers.setdefault(name.decode(), value.decode())
            await send(message)

        if scope["method"] in UNSAFE_METHODS:
            foreign = _foreign_origin(headers, f"{scope['scheme']}://{headers.get('host', '')}")
            if foreign is not None:
                refusal = PlainTextResponse(
                    f"refused: this request came from another site ({foreign}), not from"
                    " afterview's own pages\n",
                    status_code=403,
                )
                await refusal(scope, receive, send_with_headers)
                return
        await self.app(scope, receive, send_with_headers)


def _foreign_origin(headers: Headers, own: str) -> str | None:
    """The origin a request claims when it is not `own`; None when it is, or when the
    request names none (a program, or a browser that sends neither header)."""
    origin = headers.get("origin")
    if origin is not None:
        return None if origin.lower() == own.lower() else origin
    referer = headers.get("referer")
    if referer is None:
        return None
    parts = urlsplit(referer)
    claimed = f"{parts.scheme}://{parts.netloc}"
    return None if claimed.lower() == own.lower() else claimed


class HeadAsGet:
    """HEAD is GET without the body: every page and file answers it (FastAPI's routes
    declare GET only)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


class Signer:
    """Signs and checks the web face's tokens with a secret kept in AFTERVIEW_HOME.

    hmac with SHA-256 from the standard library does this in a few lines; a signing
    library would add a dependency for no more safety."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, purpose: str, payload: str) -> str:
        digest = hmac.new(self._secret, f"{purpose}:{payload}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")

    def sign(self, purpose: str, payload: str) -> str:
        return f"{payload}.{self._mac(purpose, payload)}"

    def unsign(self, purpose: str, token: str) -> str | None:
        """The payload of a token this signer made for `purpose`; None for anything else
        (forged, for another purpose, not ASCII, malformed)."""
        if not token.isascii():
            return None
        payload, dot, mac = token.rpartition(".")
        if not dot or not hmac.compare_digest(mac.encode(), self._mac(purpose, payload).encode()):
            return None
        return payload

    def new_form_token(self) -> str:
        return self.sign("csrf", secrets.token_urlsafe(18))

    def form_token_valid(self, token: str) -> bool:
        return self.unsign("csrf", token) is not None

    def flash(self, lines: Iterable[str]) -> str:
        """A short message for the page a redirect leads to, signed so no other site can
        make afterview say something."""
        payload = base64.urlsafe_b64encode(json.dumps(list(lines)).encode()).decode()
        return self.sign("flash", payload)

    def read_flash(self, token: str) -> list[str]:
        payload = self.unsign("flash", token)
        if payload is None:
            return []
        try:
            lines = json.loads(base64.urlsafe_b64decode(payload.encode()))
        except ValueError:
            return []
        return [line for line in lines if isinstance(line, str)] if isinstance(lines, list) else []
