"""Every face reads the same answers: the Network page, Today, `/api/agenda` and
`afterview agenda --json` never disagree, and a changed playbook.toml reaches them all
without a restart."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from afterview.cli.app import main
from afterview.domain.model import TouchKind
from afterview.services.records import AddContact, LogTouch
from tests.conftest import TODAY

KEEP_IN_TOUCH_DAYS = 90
"""S16's default: check in with a network contact ninety days after the last touch."""


def _text(fragment: str) -> str:
    """What a reader sees of an HTML fragment: no tags, entities decoded, spaces folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def network_row(page: str, name: str) -> list[str]:
    """The cells of the Network page's row for `name`, as text."""
    rows = [row for row in re.findall(r"<tr>.*?</tr>", page, re.S) if name in _text(row)]
    assert len(rows) == 1, f"{name} has {len(rows)} rows on the Network page"
    return [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", rows[0], re.S)]


def today_row(page: str, title: str) -> str | None:
    """The Today page's action whose title starts with `title`, as text (None if absent)."""
    rows = [_text(row) for row in re.findall(r'<li class="action"[^>]*>.*?</li>', page, re.S)]
    found = [row for row in rows if title in row]
    assert len(found) <= 1
    return found[0] if found else None


def check_ins(agenda: dict[str, object]) -> dict[str, dict[str, str]]:
    """The agenda's keep_in_touch actions, by contact."""
    actions = agenda["actions"]
    assert isinstance(actions, list)
    return {a["contact"]: a for a in actions if a["kind"] == "keep_in_touch"}


def test_network_and_today_agree(client: TestClient, av: Afterview) -> None:
    # A reference alerted long ago: a touch, but not a network touch.
    av.add_contact(AddContact("Rosa Marsh", id="rosa-marsh", company="Brightline"))
    av.add_reference("rosa-marsh")
    alerted = dt.date(2026, 1, 5)
    av.log_touch(LogTouch(TouchKind.REFERENCE_ALERT, alerted, contact="rosa-marsh"))
    # Someone from a past process kept warm: a network touch, then (maybe) later ones.
    av.log_touch(LogTouch(TouchKind.NETWORK, dt.date(2026, 10, 1), contact="tom-becker"))
    last_tom = max(t.on for t in av.pipeline().touches if t.contact == "tom-becker")

    agenda = client.get("/api/agenda").json()
    assert agenda == av.agenda(TODAY).to_json()
    planned = check_ins(agenda)
    network = client.get("/network").text
    today = client.get("/").text

    # The reference: no keep-in-touch date anywhere.
    assert "rosa-marsh" not in planned
    last, check_in = network_row(network, "Rosa Marsh")[2:]
    assert last == "Mon 05 Jan 2026"
    assert check_in == "reach out when you can"
    assert (alerted + dt.timedelta(days=KEEP_IN_TOUCH_DAYS)).strftime("%d %b %Y") not in network
    assert today_row(today, "Check in with Rosa Marsh") is None

    # Raj (the demo's network touch, 96 days ago): due, on the same date on every face.
    raj = planned["raj-patel"]
    assert raj["due_from"] == (TODAY - dt.timedelta(days=96 - KEEP_IN_TOUCH_DAYS)).isoformat()
    assert raj["state"] == "due"
    assert network_row(network, "Raj Patel")[3] == "Thu 26 Nov 2026 (due)"  # its due_by
    raj_today = today_row(today, "Check in with Raj Patel")
    assert raj_today is not None
    assert raj_today.startswith(f"by {dt.date.fromisoformat(raj['due_by']):%a %d %b} ")
    assert "Due now" in today[: today.index("Check in with Raj Patel")]

    # Tom: ninety days after his last touch, past Today's horizon, same date on the Network.
    tom = planned["tom-becker"]
    assert tom["due_from"] == (last_tom + dt.timedelta(days=KEEP_IN_TOUCH_DAYS)).isoformat()
    tom_by = dt.date.fromisoformat(tom["due_by"])
    assert network_row(network, "Tom Becker")[3] == f"{tom_by:%a %d %b %Y}"
    assert today_row(today, "Check in with Tom Becker") is None  # after the next 14 days

    # Every row of the Network page: the agenda's date, or none.
    for contact in av.pipeline().contacts:
        if contact.name not in network:
            continue
        shown = network_row(network, contact.name)[3]
        action = planned.get(contact.id)
        if action is None:
            assert shown == "reach out when you can", contact.id
        else:
            assert shown.startswith(f"{dt.date.fromisoformat(action['due_by']):%a %d %b %Y}")


def cli_agenda(capsys: pytest.CaptureFixture[str]) -> object:
    """What `afterview agenda --json --as-of 2026-11-25` prints, run in-process."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        main(["agenda", "--json", "--as-of", TODAY.isoformat()])
    assert exited.value.code == 0
    return json.loads(capsys.readouterr().out)


def test_playbook_toml_is_seen_without_a_restart(
    client: TestClient, av: Afterview, capsys: pytest.CaptureFixture[str]
) -> None:
    params = {"as_of": TODAY.isoformat()}
    before = client.get("/api/agenda", params=params).json()
    assert before == cli_agenda(capsys)

    (av.settings.home / "playbook.toml").write_text("thank_you_business_days = 5\n")

    after = client.get("/api/agenda", params=params).json()
    assert after != before
    assert after == cli_agenda(capsys)
    thank_yous = [a for a in after["actions"] if a["kind"] == "thank_you"]
    assert thank_yous
    was = {(a["interview"], a["contact"]): a["due_by"] for a in before["actions"]}
    for action in thank_yous:
        assert action["due_by"] > was[action["interview"], action["contact"]]
