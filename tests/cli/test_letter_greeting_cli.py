"""A letter through the front doors: `draft` and `send` greet and close it as a business
letter of the user's country, with the date above the inside address."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader


@pytest.fixture
def afterview(afterview_home: Path) -> Any:
    env = {
        "PATH": os.environ["PATH"],
        "AFTERVIEW_HOME": str(afterview_home),
        "AFTERVIEW_TODAY": "2026-11-25",
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


def test_a_letter_is_drafted_and_sent_as_a_us_business_letter(afterview: Any) -> None:
    added = afterview(
        "interview", "add", "--application", "northwind-ae", "--at", "2026-11-24",
        "--contact", "li-wei", "--id", "northwind-2",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    drafted = afterview("draft", "--interview", "northwind-2", "--json")
    assert drafted.returncode == 0, drafted.stderr
    (draft,) = json.loads(drafted.stdout)["drafts"]
    lines = draft["body"].splitlines()
    assert "Dear Li Wei:" in lines  # family name first: greeted whole, never "Dear Li"
    assert "Sincerely," in lines
    done = afterview("send", "--interview", "northwind-2", "--json")
    assert done.returncode == 0, done.stderr
    (item,) = json.loads(done.stdout)["sent"]
    text = " ".join(PdfReader(item["file"]).pages[0].extract_text().split())
    order = ["November 25, 2026", "400 Market St", "Dear Li Wei:", "Sincerely,"]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, text
    assert positions == sorted(positions)
