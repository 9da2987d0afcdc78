"""Run every benchmark, one fresh process each, and end with a summary of the targets.

    .venv/bin/python bench/run.py            # everything (about 10 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # 1k and 10k only, fewer runs (about 1 minute)
    .venv/bin/python bench/run.py --only planner,cli --log /tmp/bench.log

Steps: the generator's self-check (read_document accepts a 1k document and agrees
with generate_pipeline), then bench_planner.py, bench_import.py, bench_cli.py.
Each prints its own tables; the lines starting TARGET or RESULT are gathered at
the end.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from benchlib import ROOT, machine

HERE = Path(__file__).resolve().parent


def steps(quick: bool) -> dict[str, list[str]]:
    return {
        "generate": ["generate.py", "1000", "-o", "/dev/null", "--check"],
        "planner": ["bench_planner.py", "--profile", "--stress"]
        + (["--sizes", "1k,10k", "--runs", "3"] if quick else []),
        "import": ["bench_import.py"] + (["--sizes", "1k"] if quick else []),
        "cli": ["bench_cli.py"] + (["--runs", "10"] if quick else []),
        "proofreading": ["bench_proofreading.py"],
        "drafting": ["bench_drafting.py"],
        "web": ["bench_web.py"],
        "inbox": ["bench_inbox.py"],
        "fuzz": ["bench_fuzz.py"] + (["--cases", "500"] if quick else []),
    }


def git_state() -> str:
    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = [line for line in git("status", "--porcelain", "src").splitlines() if line]
    return f"{commit}{' + uncommitted changes in src/' if dirty else ''}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, fewer runs")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated: generate,planner,import,cli,proofreading,drafting,web,fuzz",
    )
    parser.add_argument("--log", type=Path, help="also write the whole output here")
    args = parser.parse_args(argv)
    chosen = steps(args.quick)
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        chosen = {name: step for name, step in chosen.items() if name in wanted}
    lines: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    say(f"afterview benchmarks at {git_state()}: {machine()}")
    failed = []
    for name, (script, *script_args) in chosen.items():
        say(f"\n=== {name}: {script} {' '.join(script_args)}")
        started = time.perf_counter()
        with subprocess.Popen(
            [sys.executable, str(HERE / script), *script_args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ) as process:
            assert process.stdout is not None
            for line in process.stdout:
                say(line.rstrip("\n"))
        if process.returncode != 0:
            failed.append(name)
        say(f"=== {name}: exit {process.returncode}, {time.perf_counter() - started:.0f} s")
    say("\n=== summary")
    for line in list(lines):
        if line.startswith(("TARGET", "RESULT")):
            say(line)
    if failed:
        say(f"FAILED: {', '.join(failed)}")
    if args.log:
        args.log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
