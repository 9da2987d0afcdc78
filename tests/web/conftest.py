"""What every web test shares: the demo behind the app, a client, and the CSRF token."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from afterview.web.app import create_app
from afterview.web.common import CSRF_COOKIE
from tests.conftest import TODAY
from tests.smtp import Inbox, local_smtp

LOCAL = "http://127.0.0.1:8000"
"""Where the tests' browser finds the app: the address `afterview serve` listens on."""


@pytest.fixture
def av(demo: Afterview) -> Afterview:
    """The demo pipeline, today pinned to TODAY (the root `demo` fixture)."""
    return demo


@pytest.fixture
def client(av: Afterview) -> TestClient:
    """The whole web face on `av`, in-process."""
    return TestClient(create_app(av), base_url=LOCAL)


def csrf(client: TestClient, page: str = "/") -> str:
    """The CSRF token a browser gets from `page` (its cookie, to send back in a form)."""
    client.get(page)
    token = client.cookies.get(CSRF_COOKIE)
    assert isinstance(token, str)
    return token


@dataclass
class Form:
    """A form of a page as a browser would post it: its action, hidden fields, buttons."""

    action: str
    fields: dict[str, str] = field(default_factory=dict)
    buttons: list[str] = field(default_factory=list)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._button: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(values.get("action", "")))
        elif tag == "input" and self.forms and values.get("type") == "hidden":
            self.forms[-1].fields[values.get("name", "")] = values.get("value", "")
        elif tag == "button" and self.forms:
            self._button = []

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._button is not None:
            self.forms[-1].buttons.append("".join(self._button).strip())
            self._button = None


def forms(page: str) -> list[Form]:
    """Every form of an HTML page, its attributes and text unescaped."""
    parser = _Forms()
    parser.feed(page)
    parser.close()
    return parser.forms


FAX_GATEWAY = "{fax}@fax.example.net"


@dataclass
class Served:
    """The app as `afterview serve` builds it (only the documented environment), with a
    real SMTP server on 127.0.0.1 and the demo pipeline."""

    client: TestClient
    av: Afterview
    """The app's own Afterview (built from the environment)."""
    inbox: Inbox
    home: Path


@pytest.fixture
def served(afterview_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    with local_smtp() as (inbox, port):
        monkeypatch.setenv("AFTERVIEW_TODAY", TODAY.isoformat())
        monkeypatch.setenv("AFTERVIEW_SMTP_URL", f"smtp://127.0.0.1:{port}?tls=off")
        monkeypatch.setenv("AFTERVIEW_FAX_GATEWAY", FAX_GATEWAY)
        app = create_app()
        av: Afterview = app.state.afterview
        av.load_demo()
        try:
            yield Served(TestClient(app, base_url=LOCAL), av, inbox, afterview_home)
        finally:
            av.close()
