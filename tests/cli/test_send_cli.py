"""`afterview send` through its front door: the console script in a fresh process, with
only the environment variables the README documents, against a real local SMTP server.

Email, a letter by post and a fax each go out once; nothing here calls a service with
options a person could not give.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.smtp import Inbox, local_smtp


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    with local_smtp() as server:
        yield server


@pytest.fixture
def afterview(afterview_home: Path, inbox: tuple[Inbox, int]) -> Any:
    """`afterview ARGS...` as a person runs it, on the demo made by `afterview demo`."""
    _, port = inbox
    env = {
        "PATH": os.environ["PATH"],
        "AFTERVIEW_HOME": str(afterview_home),
        "AFTERVIEW_TODAY": "2026-11-25",
        "AFTERVIEW_SMTP_URL": f"smtp://127.0.0.1:{port}?tls=off",
        "AFTERVIEW_FAX_GATEWAY": "{fax}@fax.example.net",
        "NO_COLOR": "1",
        "COLUMNS": "160",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "afterview", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert "Traceback" not in done.stderr, done.stderr
        return done

    assert run("demo").returncode == 0
    env["AFTERVIEW_HOME"] = str(afterview_home / "demo")
    return run


def sent(done: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    assert done.returncode == 0, done.stderr
    report: list[dict[str, Any]] = json.loads(done.stdout)["sent"]
    return report


def test_an_email_goes_out_once(afterview: Any, inbox: tuple[Inbox, int]) -> None:
    received, _ = inbox
    (item,) = sent(afterview("send", "--interview", "acme-1", "--contact", "omar-said", "--json"))
    assert (item["contact"], item["medium"], item["file"]) == ("omar-said", "email", None)
    (message,) = received.messages
    assert message["To"] == "Omar Said <omar.said@acme.example.com>"
    assert message["Message-ID"] == item["message_id"]
    again = afterview("send", "--interview", "acme-1", "--contact", "omar-said")
    assert "not sent to omar-said: already thanked on 2026-11-25" in again.stdout
    assert len(received.messages) == 1


def test_a_letter_is_a_pdf_in_the_outbox_folder(
    afterview: Any, inbox: tuple[Inbox, int], afterview_home: Path
) -> None:
    added = afterview(
        "interview", "add", "--application", "northwind-ae", "--at", "2026-11-24",
        "--contact", "li-wei", "--id", "northwind-2",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    dry = afterview("send", "--interview", "northwind-2", "--dry-run")
    assert "would send by mail to Li Wei" not in dry.stdout  # the address, not the name
    assert "dry run: would send by mail to 400 Market St" in dry.stdout
    (item,) = sent(afterview("send", "--interview", "northwind-2", "--json"))
    outbox = afterview_home / "demo" / "outbox"
    assert item["file"] == str(outbox / "thank_you-northwind-2-li-wei.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(item["file"]).pages)
    assert "Li Wei" in text
    assert "400 Market St" in text
    assert "San Francisco, CA 94105" in text
    assert inbox[0].messages == []
    assert sent(afterview("send", "--interview", "northwind-2", "--json")) == []


def test_a_fax_reaches_the_gateway_with_its_pdf(afterview: Any, inbox: tuple[Inbox, int]) -> None:
    received, _ = inbox
    edited = afterview(
        "contact", "edit", "priya-natarajan", "--fax", "+1 (650) 555-0177", "--medium", "fax",
        "--title", "Staff Engineer", "--address", "1 Acme Way\\nPalo Alto, CA 94301",
    )  # fmt: skip
    assert edited.returncode == 0, edited.stderr
    (item,) = sent(
        afterview("send", "--interview", "acme-1", "--contact", "priya-natarajan", "--json")
    )
    assert item["medium"] == "fax"
    (message,) = received.messages
    assert message["To"] == "Priya Natarajan <16505550177@fax.example.net>"
    (attachment,) = list(message.iter_attachments())
    pages = PdfReader(io.BytesIO(attachment.get_content())).pages
    assert pages[0].extract_text().startswith("FAX")
    assert "Priya Natarajan" in pages[1].extract_text()


def test_without_a_gateway_a_fax_says_what_to_set(
    afterview: Any, inbox: tuple[Inbox, int], afterview_home: Path
) -> None:
    afterview("contact", "edit", "omar-said", "--fax", "+1 650 555 0101", "--medium", "fax")
    env = {
        "PATH": os.environ["PATH"],
        "AFTERVIEW_HOME": str(afterview_home / "demo"),
        "AFTERVIEW_TODAY": "2026-11-25",
        "NO_COLOR": "1",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "afterview",
            "send",
            "--interview",
            "acme-1",
            "--contact",
            "omar-said",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.strip() == (
        "not sent to omar-said: no email-to-fax gateway is set up "
        "(set AFTERVIEW_FAX_GATEWAY, e.g. {fax}@fax.example.net)"
    )
