"""Turning what was typed into values, and the CLI's plain output and error lines."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

from afterview.domain.fields import FieldError, parse_date
from afterview.errors import InvalidInput

if TYPE_CHECKING:
    from afterview.services.records import NewInterviewer

T = TypeVar("T")


OPTION_OF_FIELD = {
    "job_description": "--description",
    "strengths": "--strength",
    "received_on": "--received",
    "interviewers": "--contact/--interviewer",
}
FIELD_HEAD = re.compile(r"^([a-z_]+)(\[\d+\])?(?=[.:])")


def as_options(problems: tuple[str, ...]) -> list[str]:
    """Problems named by record field ("email: ...") renamed for the CLI ("--email: ...")."""

    def option(match: re.Match[str]) -> str:
        name = match.group(1)
        return OPTION_OF_FIELD.get(name, "--" + name.replace("_", "-")) + (match.group(2) or "")

    return [FIELD_HEAD.sub(option, problem, count=1) for problem in problems]


def field(name: str, parse: Callable[[], T]) -> T:
    """Run a parser; its complaint becomes a problem that names the option."""
    try:
        return parse()
    except FieldError as error:
        raise InvalidInput([f"{name}: {error}"]) from None


def date_option(name: str, value: str | None) -> dt.date | None:
    return None if value is None else field(name, lambda: parse_date(value))


def iso(name: str, value: str | None) -> str | None:
    """A date option, checked here and passed on as text ("" passes, to clear the field)."""
    if value == "":
        return value
    day = date_option(name, value)
    return day.isoformat() if day else None


def pairs(name: str, values: list[str] | None) -> dict[str, str]:
    """`key=text` options as a mapping."""
    found: dict[str, str] = {}
    for value in values or []:
        key, sep, text = value.partition("=")
        if not sep or not key.strip() or not text.strip():
            raise InvalidInput([f"{name}: {value!r} is not 'who=text'"])
        found[key.strip()] = text.strip()
    return found


def interviewer(text: str) -> NewInterviewer:
    """An interviewer typed as `Name; Title; email` (title and email optional)."""
    from afterview.services.records import NewInterviewer

    parts = [part.strip() for part in text.split(";")]
    if len(parts) > 3 or not parts[0]:
        raise InvalidInput([f"--interviewer: {text!r} is not 'Name; Title; email'"])
    name, title, email = (parts + [""] * 3)[:3]
    return NewInterviewer(name, title or None, email or None)


def lines(value: str | None) -> str | None:
    """A multi-line value typed on one line with \\n between the lines."""
    return None if value is None else value.replace("\\n", "\n")


def print_json(data: object) -> None:
    """Compact JSON for programs: the C encoder, several times faster than indent=2."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput([f"{path}: no such file"]) from None
    except OSError as error:
        raise InvalidInput([f"{path}: cannot read it ({error.strerror})"]) from None


def read_text(path: Path) -> str:
    """The file's text exactly (CRLF kept), so character offsets match the file."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InvalidInput([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput([f"{path}: cannot read it ({error})"]) from None


def write_file(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InvalidInput([f"--output: cannot write {path} ({error.strerror})"]) from None


def emit(output: Path | None, text: str) -> None:
    """A command's output: to the file given with -o, else to stdout."""
    if output is None:
        sys.stdout.write(text)
        return
    write_file(output, text)
    say(f"Wrote {output}.")


def _colour(stream: object) -> bool:
    return not os.environ.get("NO_COLOR") and bool(getattr(stream, "isatty", lambda: False)())


def say(text: str, style: str = "green") -> None:
    codes = {"green": "32", "yellow": "33", "dim": "2", "red": "31"}
    if _colour(sys.stdout):
        text = f"\033[{codes[style]}m{text}\033[0m"
    sys.stdout.write(text + "\n")


def fail_lines(
    problems: list[str] | tuple[str, ...], code: int, hint: str | None = None
) -> NoReturn:
    """Each problem on a line of its own, then what to do about them, and exit."""
    colour = _colour(sys.stderr)
    lines = [(f"error: {problem}", "31") for problem in problems]
    if hint:
        lines.append((f"hint: {hint}", "33"))
    for line, code_colour in lines:
        sys.stderr.write((f"\033[{code_colour}m{line}\033[0m" if colour else line) + "\n")
    sys.exit(code)
