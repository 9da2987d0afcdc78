"""Time the planner: `plan(pipeline, PlaybookSettings(), as_of)` at 1k, 10k and 100k applications.

Generation is not timed. Each size is planned once first (the business-day
calendar then holds every date it needs, as it does after the first call in a
process), then timed `--runs` times after a full garbage collection; the best run
counts. Growth must be linear (time per application roughly constant) and 100k
applications (~310k interviews, ~1M touches) must plan in at most 2 s.

    python bench/bench_planner.py [--sizes 1k,10k,100k] [--runs 5] [--profile] [--stress]

--profile  cProfile one run at the largest size and print the top functions.
--stress   also plan pipelines whose open offers grow with the pipeline (5% of the
           applications): `leverage_offer` is one action per (offer, application
           still interviewing) pair, so this shows the quadratic case.
"""

from __future__ import annotations

import argparse
import collections
import gc
import itertools
import sys
from functools import partial

from afterview.domain.actions import Action
from afterview.domain.model import Pipeline
from afterview.domain.planner import plan
from afterview.domain.settings import PlaybookSettings
from benchlib import (
    machine,
    parse_sizes,
    peak_rss_mb,
    profile_call,
    repeat,
    seconds,
    size_label,
    table,
    target,
    timed,
)
from generate import AS_OF, OPEN_OFFERS, generate_pipeline

TARGET_SIZE = 100_000
TARGET_SECONDS = 2.0
LINEAR_SLACK = 1.5
"""Ten times the applications may take at most 15 times as long (a quadratic term gives 100)."""
LINEAR_FROM = 10_000
"""Growth is judged from this size up. Below it the whole pipeline fits in the CPU caches
and each application costs less (about 50 us against 70-100 us here): a memory effect,
shown but not judged."""
SETTINGS = PlaybookSettings()


def plan_once(pipeline: Pipeline) -> list[Action]:
    return plan(pipeline, SETTINGS, AS_OF)


def interviews_of(pipeline: Pipeline) -> int:
    return sum(len(application.interviews) for application in pipeline.applications)


def measure(sizes: list[int], runs: int, open_offers: int | None) -> list[dict[str, float]]:
    """Plan each size; print a table row per size; return the numbers."""
    results: list[dict[str, float]] = []
    rows = []
    for n in sizes:
        offers = OPEN_OFFERS if open_offers is None else max(1, n * open_offers // 100)
        generated, pipeline = timed(partial(generate_pipeline, n, 0, offers))
        run = partial(plan_once, pipeline)
        warm, actions = timed(run)
        count = len(actions)
        del actions
        times = repeat(run, runs if n < 50_000 else 3)
        best = min(times)
        gc.collect()
        gc.disable()
        no_gc = min(repeat(run, 2))
        gc.enable()
        per_app = best / n
        results.append({"n": n, "best": best, "per_app": per_app, "actions": count})
        rows.append(
            [
                size_label(n),
                f"{interviews_of(pipeline):,}",
                f"{len(pipeline.touches):,}",
                f"{offers}",
                f"{count:,}",
                seconds(generated),
                seconds(warm),
                seconds(best),
                seconds(sorted(times)[len(times) // 2]),
                seconds(no_gc),
                f"{per_app * 1e6:.1f}",
            ]
        )
        del pipeline, run
        gc.collect()
    print(
        table(
            [
                "apps",
                "interviews",
                "touches",
                "offers",
                "actions",
                "generate",
                "1st plan",
                "best",
                "median",
                "best, no gc",
                "us/app",
            ],
            rows,
        )
    )
    return results


def check_linear(
    results: list[dict[str, float]], label: str, judge_from: int = LINEAR_FROM
) -> bool:
    """Each step up in size may cost at most LINEAR_SLACK times more per application."""
    linear = True
    for smaller, larger in itertools.pairwise(results):
        growth = larger["per_app"] / smaller["per_app"]
        judged = smaller["n"] >= judge_from
        ok = growth <= LINEAR_SLACK
        verdict = "linear" if ok else "NOT linear"
        if judged:
            linear = linear and ok
        else:
            verdict += f"; not judged: below {size_label(judge_from)} the pipeline fits in cache"
        print(
            f"{label}: {size_label(int(smaller['n']))} -> {size_label(int(larger['n']))}: "
            f"time per application x{growth:.2f} ({verdict})"
        )
    return linear


def profile(n: int, top: int = 20) -> None:
    """cProfile one planning run at size n; print the top functions by own time."""
    pipeline = generate_pipeline(n)
    plan_once(pipeline)
    gc.collect()
    actions, report = profile_call(partial(plan_once, pipeline), top)
    kinds = collections.Counter(action.kind.value for action in actions)
    print(
        f"\nactions by kind at {size_label(n)}: " + ", ".join(f"{k} {v}" for k, v in kinds.items())
    )
    print(f"\ncProfile of plan() at {size_label(n)} (profiling roughly doubles the time):")
    print(report)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[1000, 10_000, TARGET_SIZE])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per size (3 at 100k)")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest size")
    parser.add_argument("--stress", action="store_true", help="offers grow with the pipeline")
    args = parser.parse_args(argv)
    print(f"planner benchmark: {machine()}")
    print(f"as_of {AS_OF}, default playbook settings, {OPEN_OFFERS} open offers\n")
    results = measure(args.sizes, args.runs, None)
    print()
    linear = check_linear(results, "growth")
    if args.stress:
        stress_sizes = [n for n in args.sizes if n <= 10_000] or [1000]
        print("\nstress: open offers = 5% of the applications (leverage_offer pairs grow as n^2)")
        stress = measure(stress_sizes, args.runs, 5)
        check_linear(stress, "stress growth", judge_from=0)
    if args.profile:
        profile(max(args.sizes))
    print(f"\npeak memory {peak_rss_mb():,.0f} MB")
    verdict = "MET" if linear else "NOT MET"
    print(f"TARGET planner linear growth (<= x{LINEAR_SLACK} per application per x10): {verdict}")
    largest = max(results, key=lambda row: row["n"])
    if largest["n"] >= TARGET_SIZE:
        target(f"planner {size_label(TARGET_SIZE)}", TARGET_SECONDS, largest["best"])
    else:
        print(f"TARGET planner {size_label(TARGET_SIZE)}: not measured (largest size run: ", end="")
        print(f"{size_label(int(largest['n']))}, {largest['best']:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
