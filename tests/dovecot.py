"""A real IMAP server for the tests: Debian's dovecot, like tests/smtp.py is a real SMTP one.

`/usr/sbin/dovecot -F` runs as a plain child process from a config written into a
temporary folder (sockets, state, log, users and mail all inside it), listening on
free 127.0.0.1 ports only. The `dovecot` session fixture offers STARTTLS on `port` and
TLS on `tls_port`, with a certificate signed by a trustme CA (`ca_file`); the
`dovecot_plain` one has no TLS at all. Each test takes a user of its own
(`new_user()`), so tests share a server but no mailbox. Dovecot refuses to keep mail
as root: under root the mail belongs to the `dovecot` user.
"""

from __future__ import annotations

import datetime as dt
import imaplib
import itertools
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Literal, NoReturn
from urllib.parse import quote

import pytest

from tests.smtp import free_port

DOVECOT = Path("/usr/sbin/dovecot")
DOVEADM = Path("/usr/bin/doveadm")
HOST = "127.0.0.1"
PROBE_USER, PROBE_PASSWORD = "probe@example.test", "probe"
POOL = 100
"""Users written into the passwd-file at start. Dovecot re-reads the file when it
changes, but at most once a second: a test must not wait for that, so there is a pool."""
START_SECONDS = 20.0
SPECIAL_USE_SENT = "Sent"
PLAIN_SENT = "Sent Items"
"""A sent folder without the SPECIAL-USE flag: afterview finds it only through ?sent=."""
UID_FLAGS = re.compile(rb"UID (\d+) FLAGS \(([^)]*)\)|FLAGS \(([^)]*)\) UID (\d+)")
APPENDUID = re.compile(rb"APPENDUID \d+ ([\d:,]+)")
APPEND_BATCH = 500

Security = Literal["off", "starttls", "tls"]

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = {host}
{users}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_uid = {uid}
mail_gid = {gid}
mail_location = maildir:{root}/mail/%u
mail_fsync = never
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
{ssl}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = home={root}/mail/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox {sent} {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox "{plain_sent}" {{
    auto = subscribe
  }}
}}
service anvil {{
  {anvil_chroot}
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
protocol imap {{
  mail_max_userip_connections = 100
}}
service imap-login {{
  {chroot}
  inet_listener imap {{
    address = {host}
    port = {port}
  }}
  inet_listener imaps {{
    address = {host}
    port = {tls_port}
    ssl = yes
  }}
}}
"""
TLS = "ssl = yes\nssl_cert = <{root}/server.pem\nssl_key = <{root}/server.pem"


def _unavailable(reason: str) -> NoReturn:
    """Skip on a developer's machine; in CI a missing component is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"IMAP tests cannot run without {reason}", pytrace=False)
    pytest.skip(f"IMAP tests need {reason}")


def _quoted(name: str) -> str:
    """A mailbox name as an IMAP quoted string (imaplib sends arguments as they are)."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Dovecot:
    """One running dovecot: where it listens, its users, and their mailboxes."""

    host = HOST

    def __init__(self, root: Path, tls: bool) -> None:
        self.root = root
        self.port = free_port()
        self.tls_port: int | None = free_port() if tls else None
        self.ca_file: str | None = str(root / "ca.pem") if tls else None
        self.passwords: dict[str, str] = {}
        self._unused: list[str] = []
        self._numbers = itertools.count(1)
        self._process: subprocess.Popen[bytes] | None = None

    # --- What a test uses --------------------------------------------------------------

    def url(
        self,
        user: str,
        tls: Security = "off",
        sent: str | None = None,
        password: str | None = None,
    ) -> str:
        """AFTERVIEW_IMAP_URL for `user` (with their password unless another is given):
        `tls="off"` plain on `port`, `"starttls"` upgraded on `port`, `"tls"` on `tls_port`."""
        secret = self.passwords[user] if password is None else password
        who = f"{quote(user, safe='')}:{quote(secret, safe='')}"
        if tls == "tls":
            if self.tls_port is None:
                raise ValueError("this dovecot has no TLS port")
            url = f"imaps://{who}@{self.host}:{self.tls_port}"
        else:
            url = f"imap://{who}@{self.host}:{self.port}"
        options = [f"tls={tls}"] if tls == "off" else []
        if sent is not None:
            options.append(f"sent={quote(sent, safe='')}")
        return url + ("?" + "&".join(options) if options else "")

    def new_user(self) -> tuple[str, str]:
        """A user nobody has used yet (an empty mailbox), and their password: it holds
        `@`, `/` and a space, as app passwords may."""
        if not self._unused:
            self._add_users(POOL)
        user = self._unused.pop(0)
        return user, self.passwords[user]

    def append(
        self,
        user: str,
        folder: str,
        raw: bytes,
        when: dt.datetime | None = None,
        flags: Iterable[str] = (),
    ) -> int:
        """Puts one message into `folder` (IMAP APPEND); `when` is its INTERNALDATE.
        Returns its UID."""
        date = imaplib.Time2Internaldate(when) if when is not None else None
        with self._session(user) as imap:
            status, data = imap.append(_quoted(folder), "(" + " ".join(flags) + ")", date, raw)
        found = APPENDUID.search(data[0] or b"")
        assert status == "OK", data
        assert found, data
        return int(found[1])

    def append_many(
        self,
        user: str,
        folder: str,
        raws: Iterable[bytes],
        when: dt.datetime | None = None,
        flags: Iterable[str] = (),
    ) -> list[int]:
        """`append` for many messages: MULTIAPPEND (RFC 3502) with LITERAL+ over one
        connection, as one APPEND per message waits for the server's go-ahead each time
        (2,000 messages: under two seconds instead of eight). Returns their UIDs."""
        head = b" (" + " ".join(flags).encode() + b")"
        if when is not None:
            head += b" " + imaplib.Time2Internaldate(when).encode()
        uids: list[int] = []
        with self._session(user) as imap:
            messages = list(raws)
            for start in range(0, len(messages), APPEND_BATCH):
                command = bytearray(b"M1 APPEND " + _quoted(folder).encode())
                for raw in messages[start : start + APPEND_BATCH]:
                    command += head + b" {%d+}\r\n" % len(raw) + raw
                imap.send(bytes(command) + b"\r\n")
                while not (line := imap.readline()).startswith(b"M1 "):
                    assert line, "dovecot closed the connection"
                found = APPENDUID.search(line)
                assert line.startswith(b"M1 OK"), line
                assert found, line
                uids.extend(_uid_set(found[1].decode()))
        return uids

    def flags(self, user: str, folder: str) -> list[tuple[int, frozenset[str]]]:
        """Each message's UID and flags (\\Recent left out: it belongs to a session)."""
        with self._session(user) as imap:
            status, data = imap.select(_quoted(folder), readonly=True)
            assert status == "OK", data
            status, data = imap.uid("FETCH", "1:*", "(FLAGS)")
            assert status == "OK", data
        found = []
        for line in data:
            if not isinstance(line, bytes) or not (match := UID_FLAGS.search(line)):
                continue
            uid = match[1] or match[4]
            names = (match[2] if match[1] else match[3]).decode().split()
            found.append((int(uid), frozenset(names) - {"\\Recent"}))
        return sorted(found)

    def create(self, user: str, folder: str) -> None:
        with self._session(user) as imap:
            status, data = imap.create(_quoted(folder))
            assert status == "OK", data

    def set_uidvalidity(self, user: str, folder: str, uidvalidity: int) -> None:
        """Gives `folder` a new UIDVALIDITY, keeping its messages (as a server does when
        it rebuilds a folder): its old UIDs mean nothing any more."""
        self._doveadm("mailbox", "update", "-u", user, "--uid-validity", str(uidvalidity), folder)

    def uidvalidity(self, user: str, folder: str) -> int:
        out = self._doveadm("mailbox", "status", "-u", user, "uidvalidity", folder)
        return int(out.rpartition("uidvalidity=")[2])

    @property
    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    # --- Running it ------------------------------------------------------------------------

    def start(self) -> None:
        uid, gid = _mail_owner()
        (self.root / "mail").mkdir()
        os.chown(self.root / "mail", uid, gid)
        if self.ca_file is not None:
            _certificates(self.root)
        (self.root / "users").write_text(f"{PROBE_USER}:{{PLAIN}}{PROBE_PASSWORD}\n")
        self._add_users(POOL, wait=False)
        users, chroot = "", ""
        if os.geteuid() != 0:  # dovecot as an ordinary user: every service runs as them
            me = pwd.getpwuid(os.geteuid()).pw_name
            users = f"default_internal_user = {me}\ndefault_login_user = {me}"
            chroot = "chroot ="
        config = CONFIG.format(
            root=self.root,
            host=self.host,
            users=users,
            uid=uid,
            gid=gid,
            ssl=TLS.format(root=self.root) if self.ca_file else "ssl = no",
            sent=SPECIAL_USE_SENT,
            plain_sent=PLAIN_SENT,
            chroot=chroot,
            anvil_chroot=chroot,
            port=self.port,
            tls_port=self.tls_port or free_port(),
        )
        if self.tls_port is None:  # no TLS: no imaps listener at all
            config = re.sub(r"  inet_listener imaps \{.*?\n  \}\n", "", config, flags=re.S)
        (self.root / "dovecot.conf").write_text(config)
        with (self.root / "stdout.log").open("wb") as output:
            self._process = subprocess.Popen(
                [DOVECOT, "-F", "-c", self.root / "dovecot.conf"],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_until_ready()

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def _wait_until_ready(self) -> None:
        """Until the probe user can log in: then the listeners and auth are up."""
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert self._process is not None
            if self._process.poll() is not None:
                output = (self.root / "stdout.log").read_text(errors="replace")
                raise RuntimeError(f"dovecot stopped at start:\n{output}{self.log}")
            try:
                with self._session(PROBE_USER, PROBE_PASSWORD, timeout=2):
                    return
            except (OSError, imaplib.IMAP4.error):
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"dovecot did not start in time:\n{self.log[-4000:]}"
                    ) from None
                time.sleep(0.02)

    def _add_users(self, count: int, wait: bool = True) -> None:
        """`count` more users in the passwd-file (waiting for dovecot to read it again)."""
        added = []
        for _ in range(count):
            number = next(self._numbers)
            user = f"seeker{number}@example.test"
            self.passwords[user] = f"p@ss/ word-{number:04d}!"
            added.append(f"{user}:{{PLAIN}}{self.passwords[user]}\n")
        with (self.root / "users").open("a") as users:
            users.writelines(added)
        first = added[0].partition(":")[0]
        self._unused.extend(line.partition(":")[0] for line in added)
        deadline = time.monotonic() + 5
        while wait:
            try:
                with self._session(first):
                    return
            except imaplib.IMAP4.error:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    @contextmanager
    def _session(
        self, user: str, password: str | None = None, timeout: float = 10
    ) -> Iterator[imaplib.IMAP4]:
        imap = imaplib.IMAP4(self.host, self.port, timeout=timeout)
        try:
            imap.login(user, self.passwords[user] if password is None else password)
            yield imap
        except BaseException:
            imap.shutdown()
            raise
        imap.logout()

    def _doveadm(self, *args: str) -> str:
        done = subprocess.run(
            [DOVEADM, "-c", self.root / "dovecot.conf", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"doveadm {' '.join(args)}: {done.stderr}{done.stdout}")
        return done.stdout.strip()


def _uid_set(text: str) -> list[int]:
    """The UIDs of an IMAP uid-set such as `1:3,7`."""
    uids: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition(":")
        uids.extend(range(int(first), int(last or first) + 1))
    return uids


def _mail_owner() -> tuple[int, int]:
    """Who owns the mail: ourselves, or under root (which dovecot refuses) its own user."""
    if os.geteuid() != 0:
        return os.geteuid(), os.getegid()
    try:
        owner = pwd.getpwnam("dovecot")
    except KeyError:
        _unavailable("a 'dovecot' user to own the mail (dovecot refuses to keep it as root)")
    return owner.pw_uid, owner.pw_gid


def _certificates(root: Path) -> None:
    """A trustme CA (ca.pem) and the server's key and certificate chain (server.pem)."""
    try:
        import trustme
    except ImportError:
        _unavailable("trustme (the dev group installs it)")
    authority = trustme.CA()
    authority.cert_pem.write_to_path(str(root / "ca.pem"))
    server = authority.issue_cert(HOST, "localhost")
    server.private_key_and_cert_chain_pem.write_to_path(str(root / "server.pem"))


@contextmanager
def running_dovecot(tls: bool = True) -> Iterator[Dovecot]:
    """A dovecot running for the block (TLS on both ports when `tls`, else none)."""
    if not DOVECOT.is_file() or not DOVEADM.is_file():
        _unavailable(f"{DOVECOT} and {DOVEADM} (Debian's dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="afterview-dovecot-"))
    root.chmod(0o755)  # dovecot's own users read the passwd-file and reach the sockets
    server = Dovecot(root, tls)
    try:
        server.start()
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """A dovecot for the session: STARTTLS on `port`, TLS on `tls_port` (trust `ca_file`)."""
    with running_dovecot(tls=True) as server:
        yield server


@pytest.fixture(scope="session")
def dovecot_plain() -> Iterator[Dovecot]:
    """A dovecot without TLS (`ssl = no`): it offers no STARTTLS."""
    with running_dovecot(tls=False) as server:
        yield server
