"""The server's key seals what the database keeps but must not show (a mailbox URL)."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from afterview.adapters.sealing import KEY_FILE, Sealer
from afterview.errors import StorageError


def test_sealed_text_opens_with_the_same_home_only(tmp_path: Path) -> None:
    url = "imaps://sam%40example.org:app pass/word@imap.example.org"
    sealed = Sealer(tmp_path / "home").seal(url)
    assert "example.org" not in sealed
    assert "pass" not in sealed
    assert Sealer(tmp_path / "home").unseal(sealed) == url  # another process, the same key
    key = tmp_path / "home" / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    with pytest.raises(StorageError, match="is not the key this was sealed with; enter it again"):
        Sealer(tmp_path / "other").unseal(sealed)


def test_processes_that_start_at_once_share_one_key(tmp_path: Path) -> None:
    home = tmp_path / "home"
    sealed: list[str] = []
    barrier = threading.Barrier(8)

    def seal() -> None:
        barrier.wait()
        sealed.append(Sealer(home).seal("text"))

    threads = [threading.Thread(target=seal) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {Sealer(home).unseal(one) for one in sealed} == {"text"}
    assert [path.name for path in home.iterdir()] == [KEY_FILE]  # no temporary file left
