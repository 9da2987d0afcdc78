"""Time drafting: the thank-yous for a panel of five and of twelve, proofread, as
`afterview draft` does.

Warm: the templates are compiled and the dictionary loaded by a first call; then the
best and median of `--runs` calls. Targets: a panel of 5, and of 12, in <= 200 ms warm,
with no two notes of a panel more than 0.60 alike (variation.MAX_SIMILARITY).

    python bench/bench_drafting.py [--runs 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import statistics

from afterview.adapters.formats import FORMATS
from afterview.adapters.speller import PySpellChecker
from afterview.adapters.templates import FileTemplates
from afterview.domain.document import read_document
from afterview.domain.model import Pipeline
from afterview.domain.notes import thank_you_drafts
from afterview.domain.proofreading import context_for, proofread
from afterview.domain.variation import similarity
from afterview.services.demo import demo_document
from benchlib import machine, seconds, target, timed

TODAY = dt.date(2026, 11, 25)


def panel_of_five() -> Pipeline:
    """The demo pipeline, with two more interviewers on Acme's panel."""
    document = demo_document(TODAY)
    document["contacts"] += [
        {
            "id": "lee-park",
            "name": "Lee Park",
            "title": "Analytics Lead",
            "company": "Acme Corp",
            "email": "lee.park@acme.example.com",
        },
        {
            "id": "sara-cohen",
            "name": "Sara Cohen",
            "title": "Recruiter",
            "company": "Acme Corp",
            "email": "sara.cohen@acme.example.com",
        },
    ]
    document["applications"][0]["interviews"][0]["interviewers"] += ["lee-park", "sara-cohen"]
    return read_document(document, formats=FORMATS).pipeline


def panel_of_twelve() -> Pipeline:
    """The demo pipeline with twelve on Acme's panel, half of them with a topic recorded."""
    document = demo_document(TODAY)
    titles = ("Analytics Lead", "Recruiter", "Staff Engineer", "Head of Data", None)
    topics = ("their on-call rotation", "how they plan to scale the team", "Q3 roadmap")
    interview = document["applications"][0]["interviews"][0]
    for n in range(9):
        person = f"panel-{n}"
        document["contacts"].append(
            {
                "id": person,
                "name": f"{('Lee', 'Sara', 'Ravi', 'Mia', 'Tom', 'Ana', 'Kai', 'Eve', 'Ned')[n]} "
                f"{('Park', 'Cohen', 'Shah', 'Lund', 'Reyes', 'Costa', 'Berg', 'Moss', 'Hale')[n]}",
                "title": titles[n % len(titles)],
                "company": "Acme Corp",
                "email": f"{person}@acme.example.com",
            }
        )
        interview["interviewers"].append(person)
        if n % 2 == 0:
            interview["topics"][person] = topics[n % len(topics)]
    return read_document(document, formats=FORMATS).pipeline


def draft_and_proofread(
    pipeline: Pipeline, templates: FileTemplates, speller: PySpellChecker
) -> int:
    problems = 0
    for draft in thank_you_drafts(pipeline, "acme-1", templates, TODAY):
        context = context_for(pipeline, "acme-de", draft.contact)
        problems += len(proofread(draft.body, context, speller))
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(f"drafting benchmark: {machine()}")
    templates, speller = FileTemplates(), PySpellChecker()
    met = True
    for size, pipeline in ((5, panel_of_five()), (12, panel_of_twelve())):
        proofed = functools.partial(draft_and_proofread, pipeline, templates, speller)
        drafted = functools.partial(thank_you_drafts, pipeline, "acme-1", templates, TODAY)
        cold, problems = timed(proofed)
        draft_only = [timed(drafted)[0] for _ in range(args.runs)]
        warm = [timed(proofed)[0] for _ in range(args.runs)]
        drafts = thank_you_drafts(pipeline, "acme-1", templates, TODAY)
        worst = max(similarity(a.body, b.body) for a in drafts for b in drafts if a is not b)
        warned = sum(bool(draft.warnings) for draft in drafts)
        print(
            f"first call, panel of {size} (templates compiled, dictionary loaded): {seconds(cold)}"
        )
        print(
            f"draft only, panel of {size}:        best {seconds(min(draft_only))}, "
            f"median {seconds(statistics.median(draft_only))}"
        )
        print(
            f"draft + proofread, panel of {size}: best {seconds(min(warm))}, "
            f"median {seconds(statistics.median(warm))}; problems found: {problems}"
        )
        print(
            f"most alike two notes of the panel: {worst:.2f} (guard: <= 0.60); "
            f"notes warned as too alike: {warned}"
        )
        met &= target(f"drafting panel of {size} warm", 0.200, statistics.median(warm))
        met &= worst <= 0.60
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
