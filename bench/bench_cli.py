"""Cold-start timings of the `afterview` command, each run a fresh process.

Targets: `afterview --help` <= 150 ms, and `afterview agenda --json` on a store of
1k applications <= 500 ms (median of `--runs` runs, after two warm-up runs that
put the files in the page cache). The store is made once, in a temporary
AFTERVIEW_HOME, by `afterview import` of a generated 1k document.

The project's own modules are byte-compiled first (`python -m compileall -q src`):
this image sets PYTHONDONTWRITEBYTECODE=1, so without that step every run compiles
src/ again. When src/ is not compiled yet, the two targets are also timed before
compiling, to show what that costs.

Also times the floors (the interpreter alone; `import typer`), and reports
`python -X importtime` for `agenda --json`: the ten biggest top-level imports by
cumulative time (median over the runs). hyperfine is used too if it is installed.

    python bench/bench_cli.py [--runs 15] [--no-compile]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from afterview.domain.planner import plan
from afterview.domain.settings import PlaybookSettings
from benchlib import ROOT, VENV_BIN, machine, median, table, target
from generate import AS_OF, generate_document, pipeline_from_document

AFTERVIEW = str(VENV_BIN / "afterview")
PYTHON = str(VENV_BIN / "python")
SIZE = 1000
HELP_TARGET = 0.150
AGENDA_TARGET = 0.500
AGENDA = [AFTERVIEW, "agenda", "--json", "--as-of", AS_OF.isoformat()]


def environment(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("AFTERVIEW_DATABASE_URL", "AFTERVIEW_TODAY")
    }
    env["AFTERVIEW_HOME"] = str(home)
    return env


def run_times(argv: Sequence[str], env: dict[str, str], runs: int, warmup: int = 2) -> list[float]:
    """Wall seconds of each of `runs` fresh processes (after `warmup` untimed ones)."""
    times = []
    for index in range(warmup + runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
        took = time.perf_counter() - started
        if index >= warmup:
            times.append(took)
    return times


def hyperfine(argv: Sequence[str], env: dict[str, str], runs: int) -> float | None:
    """hyperfine's median in seconds, if hyperfine is installed."""
    if shutil.which("hyperfine") is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [
                "hyperfine",
                "-N",
                "--warmup",
                "2",
                "--runs",
                str(runs),
                "--export-json",
                out.name,
                shlex.join(argv),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            check=True,
        )
        return float(json.loads(Path(out.name).read_text())["results"][0]["median"])


def src_compiled() -> bool:
    """Whether every module of src/ has current byte-code beside it already."""
    import importlib.util

    def current(source: Path) -> bool:
        cached = Path(importlib.util.cache_from_source(str(source)))
        return cached.exists() and cached.stat().st_mtime >= source.stat().st_mtime

    return all(current(source) for source in (ROOT / "src").rglob("*.py"))


def compile_src() -> None:
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "src")], check=True)


def prepare_store(home: Path, env: dict[str, str]) -> int:
    """A store of SIZE generated applications in `home`; the number of actions on AS_OF."""
    document = generate_document(SIZE)
    source = home / "pipeline.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    subprocess.run(
        [AFTERVIEW, "import", str(source)], env=env, check=True, stdout=subprocess.DEVNULL
    )
    return len(plan(pipeline_from_document(document), PlaybookSettings(), AS_OF))


def check_agenda(env: dict[str, str], expected: int) -> None:
    """The command prints what the planner plans: as many actions as planned in-process."""
    out = subprocess.run(AGENDA, env=env, capture_output=True, text=True, check=True).stdout
    actions = len(json.loads(out)["actions"])
    if actions != expected:
        raise AssertionError(f"agenda --json printed {actions} actions, expected {expected}")
    print(f"agenda --json on {SIZE} applications prints {actions:,} actions ({len(out):,} bytes)")


def import_times(env: dict[str, str], runs: int) -> list[tuple[str, float, float]]:
    """The top-level imports of `agenda --json`, biggest first: (module, cumulative s, self s)."""
    cumulative: dict[str, list[float]] = collections.defaultdict(list)
    own: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(runs):
        result = subprocess.run(
            [PYTHON, "-X", "importtime", *AGENDA],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=True,
        )
        for line in result.stderr.splitlines():
            if not line.startswith("import time:") or "imported package" in line:
                continue
            self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
            if name.startswith("  "):  # nested: counted in its parent's cumulative time
                continue
            cumulative[name.strip()].append(int(cumulative_us) / 1e6)
            own[name.strip()].append(int(self_us) / 1e6)
    return sorted(
        ((name, median(values), median(own[name])) for name, values in cumulative.items()),
        key=lambda entry: entry[1],
        reverse=True,
    )


PHASES = """
import json, sys, time
started = time.perf_counter()
marks = {}
from afterview.cli.app import main
marks["import the CLI (typer, afterview.cli.app)"] = time.perf_counter()
from afterview.bootstrap import Afterview
from afterview.services.agenda import AgendaView
from afterview.domain.planner import plan
import datetime as dt
marks["import the agenda's modules"] = time.perf_counter()
av = Afterview()
pipeline = av.ports.reader.load()
marks["load the store (sqlite3 reader)"] = time.perf_counter()
day = dt.date.fromisoformat(sys.argv[1])
playbook, holidays = av.ports.playbook.current(), av.ports.holidays
actions = av.ports.plans.actions(pipeline, playbook, day, holidays)
marks["plan (first call: calendar and holidays)"] = time.perf_counter()
view = AgendaView(day, actions)
text = json.dumps(view.to_json(), ensure_ascii=False) + "\\n"
marks["to_json + json.dumps"] = time.perf_counter()
sys.stdout.write(text)
sys.stdout.flush()
marks["write to stdout"] = time.perf_counter()
extra = {}
begin = time.perf_counter()
plan(pipeline, playbook, day, holidays)
extra["(plan again, warm calendar)"] = time.perf_counter() - begin
previous, phases = started, {}
for name, mark in marks.items():
    phases[name] = mark - previous
    previous = mark
phases.update(extra)
sys.stderr.write(json.dumps(phases))
"""
"""`agenda --json` step by step, as cli/app.py does it, in one fresh process."""


def phases(env: dict[str, str], runs: int) -> list[tuple[str, float]]:
    """The median seconds of each step of `agenda --json` in a fresh process."""
    samples: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(runs):
        result = subprocess.run(
            [PYTHON, "-c", PHASES, AS_OF.isoformat()],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=True,
        )
        for name, value in json.loads(result.stderr.strip().splitlines()[-1]).items():
            samples[name].append(value)
    return [(name, median(values)) for name, values in samples.items()]


def by_package(ranked: list[tuple[str, float, float]]) -> list[tuple[str, float, int]]:
    """Top-level import times summed by root package: (package, seconds, entries)."""
    totals: dict[str, float] = collections.defaultdict(float)
    counts: collections.Counter[str] = collections.Counter()
    for name, cumulative, _ in ranked:
        root = name.split(".")[0]
        totals[root] += cumulative
        counts[root] += 1
    return sorted(
        ((root, total, counts[root]) for root, total in totals.items()),
        key=lambda entry: entry[1],
        reverse=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (>= 10)")
    parser.add_argument("--no-compile", action="store_true", help="do not byte-compile src/")
    args = parser.parse_args(argv)
    runs = max(10, args.runs)
    print(f"CLI cold-start benchmark: {machine()}")
    print(f"median of {runs} fresh processes each, after 2 warm-up runs\n")
    rows: list[list[str]] = []
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="afterview-cli-") as tmp:
        home = Path(tmp)
        env = environment(home)
        expected = prepare_store(home, env)
        check_agenda(env, expected)
        commands: list[tuple[str, list[str]]] = [
            ("python -c pass (interpreter floor)", [PYTHON, "-c", "pass"]),
            ("python -c 'import typer' (framework floor)", [PYTHON, "-c", "import typer"]),
            ("afterview --help", [AFTERVIEW, "--help"]),
            (f"afterview agenda --json ({SIZE // 1000}k apps)", AGENDA),
            (f"afterview agenda, table ({SIZE // 1000}k apps)", AGENDA[:2] + AGENDA[3:]),
            (f"afterview export ({SIZE // 1000}k apps)", [AFTERVIEW, "export"]),
        ]
        targeted = {"afterview --help", f"afterview agenda --json ({SIZE // 1000}k apps)"}
        if not args.no_compile and not src_compiled():
            for name, command in commands:
                if name in targeted:
                    times = run_times(command, env, max(5, runs // 3))
                    rows.append([f"{name}, src/ NOT byte-compiled", f"{median(times) * 1000:.0f}"])
                    rows[-1] += [f"{min(times) * 1000:.0f}", f"{max(times) * 1000:.0f}", ""]
        if not args.no_compile:
            compile_src()
        compiled = src_compiled()
        print(f"src/ byte-compiled: {compiled}\n")
        for name, command in commands:
            times = run_times(command, env, runs)
            results[name] = median(times)
            fine = hyperfine(command, env, runs) if name in targeted else None
            rows.append(
                [
                    name,
                    f"{median(times) * 1000:.0f}",
                    f"{min(times) * 1000:.0f}",
                    f"{max(times) * 1000:.0f}",
                    f"{fine * 1000:.0f}" if fine is not None else "",
                ]
            )
        print(table(["command", "median ms", "min ms", "max ms", "hyperfine ms"], rows))
        if shutil.which("hyperfine") is None:
            print("(hyperfine is not installed: medians are from subprocess.run)")
        ranked = import_times(env, max(5, runs // 3))
        steps = phases(env, max(5, runs // 3))
    print("\npython -X importtime, agenda --json: top-level imports by cumulative time (median)")
    print(
        table(
            ["module", "cumulative ms", "self ms"],
            [[name, f"{cum * 1000:.1f}", f"{own * 1000:.1f}"] for name, cum, own in ranked[:10]],
        )
    )
    print("\nthe same, summed by root package (all top-level entries):")
    print(
        table(
            ["package", "cumulative ms", "top-level entries"],
            [[root, f"{total * 1000:.1f}", str(n)] for root, total, n in by_package(ranked)[:8]],
        )
    )
    print("\nagenda --json step by step in one fresh process (median; mirrors cli/app.py):")
    print(table(["step", "ms"], [[name, f"{value * 1000:.1f}"] for name, value in steps]))
    print()
    target("cli --help", HELP_TARGET, results["afterview --help"], unit="ms")
    target(
        f"cli agenda --json {SIZE // 1000}k",
        AGENDA_TARGET,
        results[f"afterview agenda --json ({SIZE // 1000}k apps)"],
        unit="ms",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
