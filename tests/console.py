"""`afterview ARGS...` in this process, as the console script runs it: exit code and output."""

from __future__ import annotations

import contextlib
import io
from typing import NamedTuple

import pytest

from afterview.cli.app import main


class Ran(NamedTuple):
    """What a command did: its exit code and what it printed."""

    code: int
    out: str
    err: str


def afterview_cli(*args: str) -> Ran:
    """Run `afterview ARGS...` through `main`, the console script's entry point."""
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.raises(SystemExit) as exited,
    ):
        main(list(args))
    code = exited.value.code
    return Ran(code if isinstance(code, int) else 0, out.getvalue(), err.getvalue())
