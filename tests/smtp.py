"""A real SMTP server for the tests: aiosmtpd on a free 127.0.0.1 port, keeping what it gets."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class Inbox:
    """An SMTP handler that keeps each message and its envelope's recipients.

    `replies` scripts its answers to DATA ("421 Try again later" first, say); `stall`
    makes it wait that many seconds before answering, to catch a sender mid-send."""

    def __init__(self, replies: list[str] | None = None, stall: float = 0.0) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.replies = replies or []
        self.stall = stall
        self.data_started = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.data_started.set()
        if self.stall:
            await asyncio.sleep(self.stall)
        if self.replies:
            reply = self.replies.pop(0)
            if not reply.startswith("250"):
                return reply
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def local_smtp(inbox: Inbox | None = None, **options: Any) -> Iterator[tuple[Inbox, int]]:
    """A server running for the block: its inbox, and its port. `options` go to aiosmtpd
    (tls_context=..., require_starttls=True, authenticator=...)."""
    received = inbox or Inbox()
    port = free_port()
    controller = Controller(received, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield received, port
    finally:
        controller.stop()
