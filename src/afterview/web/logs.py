"""Server mode's log: one JSON object a line, on standard error, never a secret.

Each request is one line (`event: request`: method, path, status, milliseconds, the
account's id); each sign-in one more (`event: sign_in`, ok or not, the address). The
path is logged without its query string (a calendar token travels there), and no
line holds a password, a token, a cookie or an email address. A log shipper (journald,
Loki, CloudWatch) reads them as they are. The standard library's `logging` and `json`
do this in a few lines; a structured-logging library would add a dependency for it.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOGGER = logging.getLogger("afterview.server")


class JsonLines(logging.Formatter):
    """A record as one JSON object: time, level, event and the record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        return json.dumps(line, separators=(",", ":"), default=str)


def configure() -> None:
    """Send the server's log to standard error as JSON lines (once)."""
    if not any(isinstance(h.formatter, JsonLines) for h in LOGGER.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonLines())
        LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False


def event(name: str, **fields: object) -> None:
    LOGGER.info(name, extra={"fields": fields})


class RequestLog:
    """One line per request, written when its answer has gone."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sent(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sent)
        finally:
            account = getattr(scope.get("state", {}).get("account"), "id", None)
            event(
                "request",
                method=scope["method"],
                path=scope["path"],
                status=status,
                ms=round((time.perf_counter() - started) * 1000, 1),
                account=account,
            )
