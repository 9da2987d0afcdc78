"""Backup and restore from Settings: the download is `afterview export`'s document, a
restore imports it whole or not at all, and the two make a round trip."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from afterview.services.documents import dumps
from afterview.web.app import create_app
from tests.conftest import TODAY, MakeAfterview
from tests.web.conftest import LOCAL, csrf


def _restore(client: TestClient, data: bytes, mode: str | None = None) -> httpx.Response:
    fields = {"csrf": csrf(client, "/settings")} | ({"mode": mode} if mode else {})
    files = {"file": ("afterview-backup.json", data, "application/json")}
    response: httpx.Response = client.post("/settings/restore", data=fields, files=files)
    return response


def test_settings_offers_a_download_and_a_restore_form(client: TestClient) -> None:
    text = client.get("/settings").text
    assert 'href="/settings/backup"' in text
    assert "Download a backup" in text
    assert 'action="/settings/restore" enctype="multipart/form-data"' in text
    assert re.search(r'value="merge"\s+checked', text)


def test_the_backup_is_exactly_what_export_writes(client: TestClient, av: Afterview) -> None:
    response = client.get("/settings/backup")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-disposition"] == (
        f'attachment; filename="afterview-backup-{TODAY.isoformat()}.json"'
    )
    assert response.text == dumps(av.export_document())


def test_a_backup_restores_into_a_fresh_home_as_the_same_export(
    client: TestClient, av: Afterview, make_afterview: MakeAfterview, tmp_path: Path
) -> None:
    backup = client.get("/settings/backup").content
    home = tmp_path / "elsewhere"
    fresh = make_afterview(home=home, database_url=f"sqlite:///{home / 'afterview.db'}")
    other = TestClient(create_app(fresh), base_url=LOCAL)
    response = _restore(other, backup)
    assert response.status_code == 200  # followed the redirect back to Settings
    assert str(response.url).endswith("/settings")
    assert "Restored from afterview-backup.json: 6 applications" in response.text
    assert other.get("/settings/backup").content == backup
    assert fresh.export_document() == av.export_document()
    assert "Restored from" not in other.get("/settings").text  # said once


def test_a_refused_restore_lists_every_problem_and_writes_nothing(
    client: TestClient, av: Afterview
) -> None:
    before = av.export_document()
    response = _restore(client, client.get("/settings/backup").content)  # every id is taken
    assert response.status_code == 400
    assert "Nothing was restored; fix these and upload again:" in response.text
    assert response.text.count("<li>") >= 2
    assert "Choose “Replace” and upload the backup again." in response.text
    assert av.export_document() == before


def test_not_json_is_named_and_writes_nothing(client: TestClient, av: Afterview) -> None:
    before = av.export_document()
    response = _restore(client, b"{not json")
    assert response.status_code == 400
    assert "afterview-backup.json: not JSON" in response.text
    assert av.export_document() == before


def test_replace_overwrites_records_that_exist(client: TestClient, av: Afterview) -> None:
    backup = client.get("/settings/backup").content
    response = _restore(client, backup, mode="replace")
    assert response.status_code == 200
    assert "Restored from afterview-backup.json" in response.text
    assert client.get("/settings/backup").content == backup


def test_a_restore_without_a_file_or_a_known_mode_is_refused(client: TestClient) -> None:
    token = csrf(client, "/settings")
    response = client.post("/settings/restore", data={"csrf": token}, files={"x": ("", b"")})
    assert response.status_code == 400
    assert "File: choose a backup to restore" in response.text
    response = _restore(client, b"{}", mode="everything")
    assert response.status_code == 400
    assert "Records that exist already: must be one of merge, replace" in response.text


def test_a_restore_without_the_form_token_is_refused(client: TestClient, av: Afterview) -> None:
    before = av.export_document()
    files = {"file": ("b.json", client.get("/settings/backup").content, "application/json")}
    response = client.post("/settings/restore", data={"mode": "replace"}, files=files)
    assert response.status_code == 403
    assert av.export_document() == before
