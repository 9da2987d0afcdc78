"""A throwaway PostgreSQL cluster for the storage tests (docs/testing.md).

One cluster per test session: initdb into a temporary folder, listen on a free
loopback port only (no Unix socket), trust authentication, one database. It is
stopped and its folder deleted when the session ends. initdb refuses to run as
root, so under root the cluster belongs to the `postgres` user.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

PG_USER = "postgres"
DATABASE = "afterview_test"
LOG = "server.log"
INITDB_OPTIONS = ("--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions")
TUNING = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
"""


def _unavailable(reason: str) -> NoReturn:
    """Skip on a developer's machine; in CI a missing component is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests need {reason}")


def _version(bin_dir: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", bin_dir.parent.name))


def find_pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: from PATH, else the newest Debian install."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl and Path(initdb).parent == Path(pg_ctl).parent:
        return Path(initdb).parent
    installed = [
        bin_dir
        for bin_dir in Path("/usr/lib/postgresql").glob("*/bin")
        if (bin_dir / "initdb").is_file() and (bin_dir / "pg_ctl").is_file()
    ]
    return max(installed, key=_version) if installed else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_postgres_user() -> tuple[list[str], pwd.struct_passwd | None]:
    """How to run a command as the cluster's owner: as we are, or (under root) as postgres."""
    if os.geteuid() != 0:
        return [], None
    try:
        owner = pwd.getpwnam(PG_USER)
    except KeyError:
        _unavailable(f"a {PG_USER!r} user to run initdb as (it refuses to run as root)")
    if runuser := shutil.which("runuser"):
        return [runuser, "-u", PG_USER, "--"], owner
    if setpriv := shutil.which("setpriv"):
        ids = [f"--reuid={owner.pw_uid}", f"--regid={owner.pw_gid}", "--clear-groups"]
        return [setpriv, *ids], owner
    _unavailable("runuser or setpriv, to run initdb as the postgres user")


def _run(prefix: list[str], root: Path, *command: str | Path) -> None:
    args = [*prefix, *(str(part) for part in command)]
    done = subprocess.run(args, cwd=root, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        log = root / LOG
        server_log = log.read_text(errors="replace") if log.exists() else ""
        raise RuntimeError(
            f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}{server_log}"
        )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """`postgresql+psycopg://…` of an empty database in a cluster started for this session."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        _unavailable("initdb and pg_ctl (PATH or /usr/lib/postgresql/*/bin)")
    try:
        import psycopg
    except ImportError:
        _unavailable("psycopg (the dev group installs it)")
    prefix, owner = _as_postgres_user()

    root = Path(tempfile.mkdtemp(prefix="afterview-pg-"))
    if owner is not None:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    data, port = root / "data", free_port()
    started = False
    try:
        _run(prefix, root, bin_dir / "initdb", "-D", data, "-U", PG_USER, *INITDB_OPTIONS)
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(TUNING.format(port=port))
        _run(prefix, root, bin_dir / "pg_ctl", "start", "-w", "-t", "60", "-D", data, "-l", LOG)
        started = True
        with psycopg.connect(
            host="127.0.0.1", port=port, user=PG_USER, dbname="postgres", autocommit=True
        ) as admin:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')
        yield f"postgresql+psycopg://{PG_USER}@127.0.0.1:{port}/{DATABASE}"
    finally:
        try:
            if started:
                _run(prefix, root, bin_dir / "pg_ctl", "stop", "-w", "-m", "fast", "-D", data)
        finally:
            shutil.rmtree(root, ignore_errors=True)
