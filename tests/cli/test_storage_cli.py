"""Storage in a hostile world, through the front door: the console script in fresh processes,
with only the documented environment variables, on a real SQLite file that is locked by
other imports, truncated, damaged, written by a newer afterview, on a full disk, or
read-only. Each failure is one line that names the file and what to do, never a
traceback, and nothing is half-written."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from afterview import __version__
from afterview.config import DATABASE_FILE
from tests.conftest import SUMMARY
from tests.console import Ran
from tests.smtp import local_smtp

TODAY = "2026-11-25"


def environment(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "AFTERVIEW_HOME": str(home),
        "AFTERVIEW_TODAY": TODAY,
        "NO_COLOR": "1",
        "COLUMNS": "160",
    }


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "afterview", *args]


def afterview(home: Path, *args: str, limit_file_size: int | None = None) -> Ran:
    """`afterview ARGS...` as a person runs it; `limit_file_size` caps every file it writes
    (RLIMIT_FSIZE: the kernel refuses a write past it, as a full disk does)."""

    def cap() -> None:
        if limit_file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    done = subprocess.run(
        command(*args),
        env=environment(home),
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=cap if limit_file_size is not None else None,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return Ran(done.returncode, done.stdout, done.stderr)


def one_line(ran: Ran, *fragments: str, code: int = 1) -> str:
    """The refusal is one line, with every fragment in it, and the exit code."""
    assert ran.code == code, (ran.code, ran.err)
    lines = ran.err.splitlines()
    assert len(lines) == 1, ran.err
    (line,) = lines
    assert line.startswith("error: "), line
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    return line


def document(prefix: str, size: int) -> dict[str, Any]:
    """`size` applications, each with an interview and its interviewer, under unique ids."""
    contacts = [
        {
            "id": f"{prefix}-c{i}",
            "name": f"Person {i}",
            "company": f"{prefix} Co {i}",
            "email": f"p{i}@{prefix}.example.com",
            "phone": "+1 415 555 0100",
        }
        for i in range(size)
    ]
    applications = [
        {
            "id": f"{prefix}-a{i}",
            "company": f"{prefix} Co {i}",
            "role": "Data Engineer",
            "applied_on": "2026-11-02",
            "interviews": [
                {
                    "id": f"{prefix}-i{i}",
                    "at": "2026-11-20T10:00:00-08:00",
                    "interviewers": [f"{prefix}-c{i}"],
                }
            ],
        }
        for i in range(size)
    ]
    return {"format": "afterview/1", "contacts": contacts, "applications": applications}


def write_json(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def stored(home: Path, tmp_path: Path) -> Path:
    """A home holding a few hundred applications; returns its database file."""
    assert (
        afterview(home, "import", str(write_json(tmp_path / "s.json", document("s", 300)))).code
        == 0
    )
    return home / DATABASE_FILE


# --- 1. many imports at once -------------------------------------------------------------------


BUSY = "another afterview command is writing to"


def test_concurrent_imports_each_succeed_or_say_so_in_one_line(home: Path, tmp_path: Path) -> None:
    sizes = [2500, 2500, 2500, 2500, 40, 40, 40, 40]
    documents = {
        f"p{n}": write_json(tmp_path / f"p{n}.json", document(f"p{n}", size))
        for n, size in enumerate(sizes)
    }
    started = time.monotonic()
    imports = {
        prefix: subprocess.Popen(
            command("import", str(path)),
            env=environment(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix, path in documents.items()
    }
    readers = [
        subprocess.Popen(
            command("agenda", "--json"),
            env=environment(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = {prefix: process.communicate(timeout=300) for prefix, process in imports.items()}
    read = [process.communicate(timeout=300) for process in readers]
    elapsed = time.monotonic() - started

    succeeded, refused = set(), set()
    for prefix, (out, err) in results.items():
        assert "Traceback" not in err, err
        if imports[prefix].returncode == 0:
            assert out.startswith("Imported "), out
            succeeded.add(prefix)
        else:
            one_line(Ran(imports[prefix].returncode, out, err), BUSY, str(home / DATABASE_FILE))
            refused.add(prefix)
    for process, (out, err) in zip(readers, read, strict=True):
        assert "Traceback" not in err, err
        assert process.returncode == 0, err
        json.loads(out)
    exported = json.loads(afterview(home, "export").out)
    stored = {application["id"].split("-")[0] for application in exported["applications"]}
    assert stored == succeeded
    expected = sum(sizes[int(prefix[1:])] for prefix in succeeded)
    assert len(exported["applications"]) == len(exported["contacts"]) == expected
    SUMMARY.append(
        f"storage: {len(sizes)} concurrent imports ({sum(sizes)} applications) on one SQLite "
        f"home: {len(succeeded)} imported, {len(refused)} refused in one line, "
        f"3 agendas read alongside, {elapsed:.1f} s"
    )


# --- 2. a database from a newer afterview ------------------------------------------------------


def _as_if_newer(path: Path, *changes: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE alembic_version SET version_num = '0099', afterview_version = '9.9.0'"
        )
        for change in changes:
            connection.execute(change)
    connection.close()


def test_a_newer_database_is_read_but_never_written(
    stored: Path, home: Path, tmp_path: Path
) -> None:
    before = afterview(home, "export").out
    agenda = afterview(home, "agenda", "--json").out
    _as_if_newer(stored, "ALTER TABLE contacts ADD COLUMN nickname TEXT")
    written = digest(stored)

    assert afterview(home, "export").out == before
    assert afterview(home, "agenda", "--json").out == agenda
    assert afterview(home, "pipeline").code == 0
    newer = (
        str(stored),
        "afterview 9.9.0 (schema 0099)",
        f"this afterview ({__version__}) is older",
    )
    one_line(
        afterview(home, "import", str(write_json(tmp_path / "n.json", document("n", 2)))), *newer
    )
    one_line(afterview(home, "apply", "Initech", "Analyst"), *newer, "upgrade afterview")
    assert digest(stored) == written
    with sqlite3.connect(stored) as connection:
        assert connection.execute("SELECT * FROM alembic_version").fetchall() == [("0099", "9.9.0")]
    connection.close()


def test_a_newer_database_whose_tables_moved_says_so_in_one_line(stored: Path, home: Path) -> None:
    _as_if_newer(stored, "ALTER TABLE contacts RENAME COLUMN title TO job_title")
    written = digest(stored)
    for args in (("export",), ("agenda",), ("apply", "Initech", "Analyst")):
        one_line(afterview(home, *args), "afterview 9.9.0 (schema 0099)", "upgrade afterview")
    assert digest(stored) == written


# --- 3. an empty file ----------------------------------------------------------------------------


def test_an_empty_database_file_is_refused_not_started_afresh(home: Path, tmp_path: Path) -> None:
    home.mkdir()
    empty = home / DATABASE_FILE
    empty.write_bytes(b"")
    backup = write_json(tmp_path / "b.json", document("b", 2))
    for args in (
        ("agenda",),
        ("export",),
        ("import", str(backup)),
        ("apply", "Initech", "Analyst"),
    ):
        one_line(afterview(home, *args), f"{empty} is empty (0 bytes)", "afterview export")
    assert empty.read_bytes() == b""
    assert files_in(home) == [DATABASE_FILE]


# --- 4. a damaged file ---------------------------------------------------------------------------


def test_a_damaged_database_is_named_with_how_to_recover_and_left_alone(
    stored: Path, home: Path, tmp_path: Path
) -> None:
    size = stored.stat().st_size
    assert size > 100_000
    with stored.open("r+b") as handle:  # pages in several places: whatever the layout,
        for share in (3, 4, 5, 6, 7):  # the tables a command reads are among them
            handle.seek(size * share // 10)
            handle.write(bytes(range(256)) * 32)
    damaged = digest(stored)
    backup = write_json(tmp_path / "b.json", document("b", 2))
    for args in (
        ("export",),
        ("agenda",),
        ("import", str(backup)),
        ("apply", "Initech", "Analyst"),
    ):
        one_line(
            afterview(home, *args), f"{stored} is damaged", f"sqlite3 {stored} .recover", "backup"
        )
    assert digest(stored) == damaged


# --- 5. a full disk, a read-only file, a read-only home ------------------------------------------


def test_an_import_on_a_full_disk_writes_nothing(stored: Path, home: Path, tmp_path: Path) -> None:
    before = afterview(home, "export").out
    big = write_json(tmp_path / "big.json", document("big", 2000))
    refused = afterview(home, "import", str(big), limit_file_size=stored.stat().st_size + 64_000)
    line = one_line(refused, f"cannot write to {stored}", "nothing was written")
    assert "the disk is full" in line or "the disk refused the write" in line
    assert afterview(home, "export").out == before
    assert afterview(home, "import", str(big)).code == 0  # room again: it all goes in


def _mount_tiny_disk(folder: Path, size: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return mounted.returncode == 0


def test_a_really_full_file_system_says_the_disk_is_full(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if not _mount_tiny_disk(disk, "400k"):
        pytest.skip("mounting a small file system needs root")
    try:
        home = disk / "home"
        small = write_json(tmp_path / "small.json", document("small", 5))
        assert afterview(home, "import", str(small)).code == 0
        before = afterview(home, "export").out
        big = write_json(tmp_path / "big.json", document("big", 3000))
        one_line(afterview(home, "import", str(big)), "the disk is full", "nothing was written")
        assert afterview(home, "export").out == before
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Makes a file or folder read-only for this user, root included (immutable)."""
    made: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() == 0:
            done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
            if done.returncode != 0:
                pytest.skip("root ignores permissions, and chattr is not available here")
        else:
            path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
        made.append(path)

    yield make
    for path in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        path.chmod(0o700 if path.is_dir() else 0o600)


READING = (("agenda", "--json"), ("export",), ("pipeline",), ("calendar",))


@pytest.mark.parametrize("what", ["file", "home"])
def test_a_read_only_database_or_home_is_read_and_refuses_writes_in_one_line(
    stored: Path, home: Path, tmp_path: Path, what: str, read_only: Callable[[Path], None]
) -> None:
    seen = {args: afterview(home, *args).out for args in READING}
    read_only(stored if what == "file" else home)
    for args in READING:
        ran = afterview(home, *args)
        assert ran.code == 0, ran.err
        assert ran.out == seen[args]
    part = stored if what == "file" else home
    new = write_json(tmp_path / "n.json", document("n", 2))
    writes: tuple[tuple[str, ...], ...] = (("import", str(new)), ("apply", "Initech", "Analyst"))
    for write in writes:
        one_line(afterview(home, *write), f"{part} is read-only", "make it writable")
    assert afterview(home, "export").out == seen[("export",)]


# --- 6. a refused import leaves no trace ----------------------------------------------------------


def test_a_refused_import_creates_no_home_and_no_database(home: Path, tmp_path: Path) -> None:
    bad = document("bad", 2)
    bad["applications"][1]["applied_on"] = "not a date"
    one_line(
        afterview(home, "import", str(write_json(tmp_path / "bad.json", bad))),
        "applications[1].applied_on",
        code=2,
    )
    assert not home.exists()
    assert afterview(home, "agenda").code == 0
    assert afterview(home, "export").code == 0
    assert not (home / DATABASE_FILE).exists()  # reading nothing writes nothing
    assert (
        afterview(home, "import", str(write_json(tmp_path / "good.json", document("g", 2)))).code
        == 0
    )
    assert (home / DATABASE_FILE).is_file()


# --- 7. what afterview makes in the home is the user's alone -----------------------------------


def mailing(home: Path, port: int) -> Callable[..., Ran]:
    """`afterview ARGS...` with a mail server and a fax gateway set, as a person runs it."""

    def run(*args: str) -> Ran:
        env = {
            **environment(home),
            "AFTERVIEW_SMTP_URL": f"smtp://127.0.0.1:{port}?tls=off",
            "AFTERVIEW_FAX_GATEWAY": "{fax}@fax.example.net",
        }
        done = subprocess.run(command(*args), env=env, capture_output=True, text=True, check=False)
        assert "Traceback" not in done.stderr, done.stderr
        return Ran(done.returncode, done.stdout, done.stderr)

    return run


def test_every_file_afterview_makes_in_the_home_is_private(home: Path, tmp_path: Path) -> None:
    with local_smtp() as (_, port):
        assert afterview(home, "demo").code == 0
        demo = mailing(home / "demo", port)
        added = demo(
            "interview", "add", "--application", "northwind-ae", "--at", "2026-11-24",
            "--contact", "li-wei", "--id", "northwind-2",
        )  # fmt: skip
        assert added.code == 0, added.err
        sent = demo("send", "--interview", "northwind-2", "--json")  # a letter: a PDF
        assert json.loads(sent.out)["sent"][0]["medium"] == "mail"
        assert demo("remind").code == 0
        assert demo("calendar").code == 0
        own = home / "own"
        assert (
            afterview(own, "import", str(write_json(tmp_path / "d.json", document("d", 3)))).code
            == 0
        )
        assert afterview(own, "agenda").code == 0
    export = tmp_path / "exported" / "backup.json"
    export.parent.mkdir()
    assert afterview(own, "export", "-o", str(export)).code == 0

    made = [home, *home.rglob("*")]
    assert home / "demo" / "outbox" / "thank_you-northwind-2-li-wei.pdf" in made
    assert home / "demo" / DATABASE_FILE in made
    assert home / "own" / DATABASE_FILE in made
    loose = {
        str(path.relative_to(home.parent)): oct(stat.S_IMODE(path.stat().st_mode))
        for path in made
        if stat.S_IMODE(path.stat().st_mode) != (0o700 if path.is_dir() else 0o600)
    }
    assert loose == {}
    # What the user writes elsewhere keeps their usual permissions (the umask is untouched).
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(export.stat().st_mode) == 0o666 & ~umask


# --- 8. the outbox survives a backup ----------------------------------------------------------


def test_a_restored_backup_never_sends_the_same_digest_twice(tmp_path: Path) -> None:
    first, restored = tmp_path / "first", tmp_path / "restored"
    with local_smtp() as (inbox, port):
        assert afterview(first, "demo").code == 0
        demo = mailing(first / "demo", port)
        plain = demo("export").out
        assert '"outbox"' not in plain  # nothing sent: the document is as it always was
        assert demo("remind").out.startswith("Sent today's digest")
        assert len(inbox.messages) == 1
        backup = tmp_path / "backup.json"
        assert demo("export", "-o", str(backup)).code == 0
        document = json.loads(backup.read_text(encoding="utf-8"))
        (entry,) = document["outbox"]
        assert entry["key"] == f"digest/{TODAY}"
        assert entry["state"] == "sent"
        assert entry["message_id"] == inbox.messages[0]["Message-ID"]
        assert {key: value for key, value in document.items() if key != "outbox"} == json.loads(
            plain
        )

        again = mailing(restored, port)
        assert again("import", str(backup)).code == 0
        assert again("export").out == backup.read_text(encoding="utf-8")
        assert "already sent today" in again("remind").out
        assert len(inbox.messages) == 1
        assert again("import", "--replace", str(backup)).code == 0  # again: nothing changes
        assert again("export").out == backup.read_text(encoding="utf-8")


def test_a_bad_outbox_entry_is_named_by_its_path_and_nothing_is_written(
    home: Path, tmp_path: Path
) -> None:
    good = {"key": "digest/2026-11-24", "kind": "digest", "medium": "email",
            "message_id": "<1@example.org>", "state": "sent", "body": "…"}  # fmt: skip
    broken = {
        **document("o", 2),
        "outbox": [good, {**good, "key": ""}, {**good, "key": "x", "state": "gone"}],
    }
    ran = afterview(home, "import", str(write_json(tmp_path / "o.json", broken)))
    assert ran.code == 2
    assert ran.err.splitlines() == [
        "error: outbox[1].key: must not be blank",
        "error: outbox[1].message_id: '<1@example.org>' appears twice",
        "error: outbox[2].state: must be one of drafted, sending, sent, failed, uncertain",
        "error: outbox[2].message_id: '<1@example.org>' appears twice",
    ]
    assert not home.exists()


def test_an_outbox_entry_holding_a_nul_is_refused_as_any_text_is(
    home: Path, tmp_path: Path
) -> None:
    """PostgreSQL keeps no NUL: a SQLite backup holding one could not be restored there."""
    entry = {"key": "digest/2026-11-24", "kind": "digest", "medium": "email",
             "message_id": "<1@example.org>", "state": "sent", "body": "Today\x00"}  # fmt: skip
    ran = afterview(
        home,
        "import",
        str(write_json(tmp_path / "o.json", {**document("o", 1), "outbox": [entry]})),
    )
    assert ran.code == 2
    assert ran.err == "error: outbox[0].body: contains a NUL character\n"
    assert not home.exists()
