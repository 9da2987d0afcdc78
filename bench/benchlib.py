"""What the benchmark scripts share: the machine, timing, tables, and target lines.

Every script ends with one `TARGET` line per target it checks, in the same form,
so `run.py` can gather them into a summary:

    TARGET planner 100k <= 2.000 s: 1.234 s  MET
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


def cpu_model() -> str:
    """The CPU's model name, as /proc/cpuinfo gives it (or the platform's guess)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> str:
    """One line naming the machine and interpreter the numbers come from."""
    return (
        f"{dt.date.today().isoformat()}  {os.cpu_count()} CPUs ({cpu_model()})  "
        f"Python {platform.python_version()} ({sys.executable})  {platform.system()} "
        f"{platform.release()}"
    )


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """Seconds one call takes, and what it returned."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def repeat(action: Callable[[], object], runs: int) -> list[float]:
    """Seconds each of `runs` calls takes, each after a full garbage collection."""
    times = []
    for _ in range(runs):
        gc.collect()
        took, result = timed(action)
        del result
        times.append(took)
    return times


def profile_call(action: Callable[[], T], top: int = 20, sort: str = "tottime") -> tuple[T, str]:
    """Run `action` under cProfile; its result, and the `top` functions by `sort`."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    result = action()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(sort).print_stats(top)
    return result, out.getvalue().split("\n", 4)[-1].rstrip()


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def seconds(value: float) -> str:
    """A duration for a table: ms below a second, s above."""
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table, right-aligned but for the first column."""
    cells = [[str(cell) for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        first, *rest = row
        parts = [first.ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def target(name: str, limit: float, measured: float, unit: str = "s") -> bool:
    """Print the TARGET line of one target; True if it is met."""
    met = measured <= limit
    shown = (
        f"<= {limit * 1000:.0f} ms: {measured * 1000:.1f} ms"
        if unit == "ms"
        else f"<= {limit:.3f} s: {measured:.3f} s"
    )
    print(f"TARGET {name} {shown}  {'MET' if met else 'NOT MET'}")
    return met


def size_label(n: int) -> str:
    """1000 -> 1k, 100000 -> 100k."""
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def parse_sizes(text: str) -> list[int]:
    """'1k,10k,100000' -> [1000, 10000, 100000]."""
    sizes = []
    for part in text.split(","):
        word = part.strip().lower()
        sizes.append(int(word[:-1]) * 1000 if word.endswith("k") else int(word))
    return sizes
