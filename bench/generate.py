"""Synthetic but realistic afterview/1 pipeline documents, for the benchmarks.

Deterministic: the same (n_applications, seed) always gives the same document.
Shape, per application (averages):

* ~3.1 interviews (phone screen, then video, then onsite rounds), each with a
  panel of 1-4 interviewers drawn from a pool of ~1.5 contacts per application
  (neighbouring applications share people, as agency recruiters and repeat
  employers do); most interviews carry an aware date-time, some only a date;
* a status mix: mostly applied/interviewing (~72%), rejections (~15%, most with
  `closed_on`), withdrawals (~5%), offers accepted or declined (~6%, most with a
  deadline), and OPEN_OFFERS (5) offers in hand, received in the last three weeks;
* ~10 touches: a thank-you to most interviewers, reference alerts, calls and
  follow-ups, employer replies (some asking for a follow-up on a date),
  network touches after rejections, leverage touches on a quarter of the
  applications still interviewing.

Contacts are mostly complete; a few lack a title or the reach their medium needs,
so the planner has `complete_contact` work to do. All dates fall in 2026; the
benchmarks plan for AS_OF (2026-12-01): no touch is later (an offer deadline or an
employer's decision date may be).

`generate_pipeline` builds the domain records straight from the document with a
converter that mirrors `afterview.domain.document.read_document` (without its
checks, which take a minute at 100k applications); `--check` proves the two
agree on a document.

    python bench/generate.py 1000 -o /tmp/pipeline-1k.json [--seed 0] [--check]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from afterview.adapters.formats import FORMATS
from afterview.domain.model import (
    Application,
    Contact,
    Interview,
    InterviewKind,
    Medium,
    Offer,
    Pipeline,
    Profile,
    Status,
    Touch,
    TouchKind,
)

YEAR_START = dt.date(2026, 1, 1)
AS_OF = dt.date(2026, 12, 1)
"""The day the benchmarks plan for. No touch is later (a deadline or decision date may be)."""
LAST_DAY = (AS_OF - YEAR_START).days

FIRST_NAMES = [
    "Aaliyah",
    "Aaron",
    "Abigail",
    "Adrian",
    "Aisha",
    "Alex",
    "Amara",
    "Amir",
    "Ana",
    "Andre",
    "Anika",
    "Ben",
    "Bianca",
    "Carlos",
    "Chen",
    "Chloe",
    "Dana",
    "Daniel",
    "Diego",
    "Elena",
    "Emeka",
    "Erin",
    "Fatima",
    "Felix",
    "Grace",
    "Hana",
    "Hiro",
    "Imani",
    "Isaac",
    "Jamal",
    "Jane",
    "Javier",
    "Jin",
    "Julia",
    "Kai",
    "Kavya",
    "Leah",
    "Liam",
    "Lucia",
    "Malik",
    "Maria",
    "Mateo",
    "Maya",
    "Mei",
    "Nadia",
    "Noah",
    "Nora",
    "Omar",
    "Priya",
    "Rafael",
    "Rosa",
    "Sam",
    "Sara",
    "Sofia",
    "Tariq",
    "Tomas",
    "Uma",
    "Victor",
    "Yara",
    "Zoe",
]
LAST_NAMES = [
    "Adams",
    "Ahmed",
    "Alvarez",
    "Baker",
    "Brooks",
    "Campbell",
    "Chen",
    "Cohen",
    "Diaz",
    "Doe",
    "Edwards",
    "Evans",
    "Fischer",
    "Flores",
    "Garcia",
    "Gupta",
    "Hall",
    "Harris",
    "Hughes",
    "Ito",
    "Jackson",
    "Johnson",
    "Kaur",
    "Kim",
    "Kowalski",
    "Lee",
    "Lopez",
    "Martin",
    "Mendes",
    "Miller",
    "Moore",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Patel",
    "Perez",
    "Quinn",
    "Reyes",
    "Rivera",
    "Roberts",
    "Rossi",
    "Sato",
    "Schmidt",
    "Shah",
    "Silva",
    "Singh",
    "Smith",
    "Tanaka",
    "Taylor",
    "Thomas",
    "Torres",
    "Turner",
    "Walker",
    "Wang",
    "Weber",
    "Wilson",
    "Wright",
    "Young",
    "Zhang",
]
TITLES = (
    "Recruiter",
    "Senior Technical Recruiter",
    "Talent Partner",
    "Engineering Manager",
    "Senior Engineering Manager",
    "Director of Engineering",
    "VP Engineering",
    "Staff Engineer",
    "Principal Engineer",
    "Senior Software Engineer",
    "Head of Data",
    "Data Science Manager",
    "Product Manager",
    "CTO",
    "HR Business Partner",
)
COMPANY_FIRST = [
    "Acme",
    "Bright",
    "North",
    "Blue",
    "Silver",
    "Red",
    "Cedar",
    "Harbor",
    "Summit",
    "Pioneer",
    "Quantum",
    "Atlas",
    "Lumen",
    "Vertex",
    "Granite",
    "Aurora",
    "Evergreen",
    "Ironwood",
    "Keystone",
    "Meridian",
    "Nimbus",
    "Orchid",
    "Polar",
    "Redwood",
    "Sable",
    "Tidal",
    "Umber",
    "Velvet",
    "Willow",
    "Zenith",
    "Coral",
    "Falcon",
    "Golden",
    "Hidden",
    "Indigo",
    "Juniper",
    "Kestrel",
    "Lake",
    "Maple",
    "Nova",
]
COMPANY_SECOND = [
    "line",
    "wind",
    "stone",
    "field",
    "bridge",
    "works",
    "forge",
    "point",
    "path",
    "gate",
    "wave",
    "leaf",
    "peak",
    "river",
    "spring",
    "light",
    "craft",
    "hill",
    "rock",
    "sky",
]
COMPANY_SUFFIX = ("Corp", "Labs", "Analytics", "Systems", "Health", "Logistics", "Bank", "AI")
ROLES = (
    "Data Engineer",
    "Senior Data Engineer",
    "Analytics Engineer",
    "Machine Learning Engineer",
    "Backend Engineer",
    "Senior Backend Engineer",
    "Platform Engineer",
    "Site Reliability Engineer",
    "Staff Engineer",
    "Engineering Manager",
    "Data Scientist",
    "Software Engineer",
)
TOPICS = (
    "moving the lake to Iceberg",
    "the on-call rotation",
    "cutting cloud spend",
    "the streaming migration",
    "hiring plans for next year",
    "their testing culture",
    "the data contracts project",
    "scaling the feature store",
)
OFFSETS = ("-08:00", "-07:00", "-06:00", "-05:00", "-04:00", "+00:00", "+01:00")
STATUS_WEIGHTS = (
    (Status.APPLIED, 30),
    (Status.INTERVIEWING, 42),
    (Status.ACCEPTED, 2),
    (Status.DECLINED, 4),
    (Status.REJECTED, 15),
    (Status.WITHDRAWN, 5),
)
INTERVIEW_COUNTS = ((1, 10), (2, 20), (3, 35), (4, 20), (5, 15))
PANEL_SIZES = ((1, 25), (2, 30), (3, 25), (4, 20))
WINDOW = 6
"""How many neighbouring contacts an application draws its panels from."""
REFERENCES = 3
OPEN_OFFERS = 5
"""Offers in hand on AS_OF (status `offer`), whatever the size of the pipeline.

An offer is open for a few weeks, so a job seeker holds a handful at once; older
offers were accepted or declined. The number is held constant on purpose: every
open offer is news for every application still interviewing (`leverage_offer` is
one action per pair), so offers that grow with the pipeline make planning
quadratic. `bench_planner.py --stress` measures exactly that.
"""


def _weighted(pairs: tuple[tuple[Any, int], ...]) -> tuple[list[Any], list[int]]:
    return [value for value, _ in pairs], [weight for _, weight in pairs]


def _company(index: int) -> str:
    first = COMPANY_FIRST[index % len(COMPANY_FIRST)]
    second = COMPANY_SECOND[(index // len(COMPANY_FIRST)) % len(COMPANY_SECOND)]
    combos = len(COMPANY_FIRST) * len(COMPANY_SECOND)
    suffix = COMPANY_SUFFIX[(index // combos) % len(COMPANY_SUFFIX)]
    name = f"{first}{second} {suffix}"
    rounds = index // (combos * len(COMPANY_SUFFIX))
    return f"{name} {rounds + 1}" if rounds else name


def _domain(company: str) -> str:
    return company.lower().replace(" ", "-") + ".example.com"


def _day(offset: int) -> str:
    return (YEAR_START + dt.timedelta(days=offset)).isoformat()


class _Generator:
    """One document's worth of choices, all from one seeded random stream."""

    def __init__(self, n_applications: int, seed: int, open_offers: int) -> None:
        self.n = n_applications
        self.rng = random.Random(seed)
        # The day each open offer arrived, keyed by its application's index: the last three weeks.
        self.offer_days = {
            index: LAST_DAY - self.rng.randrange(1, 22)
            for index in self.rng.sample(range(n_applications), min(open_offers, n_applications))
        }
        self.first_offer_day = min(self.offer_days.values(), default=LAST_DAY + 1)
        self.n_companies = max(20, (n_applications * 4) // 5)
        self.n_contacts = max(WINDOW, (n_applications * 3) // 2)
        self.app_company = [self.rng.randrange(self.n_companies) for _ in range(n_applications)]
        self.contacts: list[dict[str, Any]] = []
        self.touches: list[dict[str, Any]] = []
        self.reference_ids: list[str] = []
        self.statuses, self.status_weights = _weighted(STATUS_WEIGHTS)
        self.counts, self.count_weights = _weighted(INTERVIEW_COUNTS)
        self.panels, self.panel_weights = _weighted(PANEL_SIZES)

    # -- people ---------------------------------------------------------------------

    def contact(self, index: int) -> dict[str, Any]:
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        company = _company(self.app_company[min(self.n - 1, (index * 2) // 3)])
        contact: dict[str, Any] = {
            "id": f"{first}-{last}-{index}".lower(),
            "name": f"{first} {last}",
            "company": company,
        }
        if rng.random() < 0.93:
            contact["title"] = rng.choice(TITLES)
        if rng.random() < 0.94:
            contact["email"] = f"{first}.{last}{index}@{_domain(company)}".lower()
        if rng.random() < 0.35:
            contact["phone"] = f"+1 415 555 {rng.randrange(100, 200):04d}"
        roll = rng.random()
        if roll < 0.06:
            contact["medium"] = "mail"
            if rng.random() < 0.8:
                contact["address"] = f"{rng.randrange(1, 999)} Market St\nSan Francisco, CA 94105"
        elif roll < 0.09:
            contact["medium"] = "fax"
            if rng.random() < 0.8:
                contact["fax"] = f"+1 415 555 {rng.randrange(100, 200):04d}"
        elif roll < 0.13:
            contact["medium"] = "phone"
            contact.setdefault("phone", f"+1 510 555 {rng.randrange(100, 200):04d}")
        return contact

    def references(self) -> None:
        for number in range(1, REFERENCES + 1):
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            reference = {
                "id": f"ref-{number}-{first}-{last}".lower(),
                "name": f"{first} {last}",
                "title": "Director",
                "company": "Brightline",
                "email": f"{first}.{last}@brightline.example.com".lower(),
                "phone": f"+1 510 555 {190 + number:04d}",
            }
            self.contacts.append(reference)
            self.reference_ids.append(reference["id"])

    def profile(self) -> dict[str, Any]:
        return {
            "name": "Sam Rivera",
            "email": "sam@example.org",
            "phone": "+1 415 555 0100",
            "address": "12 Elm St\nOakland, CA 94607",
            "country": "US",
            "subdivision": "CA",
            "strengths": [
                "Cut pipeline costs 40% at Brightline",
                "Led the move from nightly batches to streaming",
            ],
            "references": list(self.reference_ids),
        }

    # -- applications -----------------------------------------------------------------

    def application(self, index: int) -> dict[str, Any]:
        rng = self.rng
        company = _company(self.app_company[index])
        app_id = f"app-{index:06d}"
        status: Status = rng.choices(self.statuses, self.status_weights)[0]
        # Open applications started any time up to October (some still interviewing in
        # December); settled ones started early enough to have settled by AS_OF.
        applied = rng.randrange(0, 280 if status.awaiting_decision else 220)
        received = self.offer_days.get(index)
        if received is not None:
            status = Status.OFFER
            applied = received - rng.randrange(45, 70)
        application: dict[str, Any] = {
            "id": app_id,
            "company": company,
            "role": rng.choice(ROLES),
            "status": status.value,
            "applied_on": _day(applied),
        }
        if rng.random() < 0.3:
            application["medium"] = rng.choice(("email", "email", "mail", "fax"))
        if rng.random() < 0.6:
            application["interest"] = rng.randrange(1, 6)
        if rng.random() < 0.2:
            application["job_description"] = (
                f"{company} is hiring: build and run data pipelines in Python and SQL."
            )
        until = received - 3 if received is not None else None
        interviews, days = self.interviews(index, app_id, applied, until)
        application["interviews"] = interviews
        last = days[-1]
        if status in (Status.OFFER, Status.ACCEPTED, Status.DECLINED):
            if received is None:
                received = last + rng.randrange(3, 11)
            offer: dict[str, Any] = {"received_on": _day(received)}
            if rng.random() < 0.75:
                offer["deadline"] = _day(received + rng.randrange(5, 15))
            if rng.random() < 0.5:
                offer["summary"] = f"${rng.randrange(140, 220)}k base, remote-friendly"
            application["offer"] = offer
            if status is not Status.OFFER:
                application["closed_on"] = _day(received + rng.randrange(1, 8))
        elif (status is Status.REJECTED and rng.random() < 0.9) or (
            status is Status.WITHDRAWN and rng.random() < 0.6
        ):
            application["closed_on"] = _day(last + rng.randrange(4, 21))
        self.application_touches(application, status, interviews, days)
        return application

    def interviews(
        self, index: int, app_id: str, applied: int, until: int | None = None
    ) -> tuple[list[dict[str, Any]], list[int]]:
        """The interviews of one application; none after day `until` (except the first)."""
        rng = self.rng
        count = rng.choices(self.counts, self.count_weights)[0]
        start = (index * 3) // 2
        window = [self.contacts[(start + k) % self.n_contacts] for k in range(WINDOW)]
        interviews, days = [], []
        day = applied + rng.randrange(5, 26)
        for number in range(count):
            kind = "phone" if number == 0 else ("video" if number == 1 else "onsite")
            size = rng.choices(self.panels, self.panel_weights)[0]
            panel = [contact["id"] for contact in rng.sample(window, size)]
            interview: dict[str, Any] = {"id": f"{app_id}-i{number + 1}"}
            if rng.random() < 0.85:
                hour = rng.randrange(9, 17)
                interview["at"] = f"{_day(day)}T{hour:02d}:00:00{rng.choice(OFFSETS)}"
            else:
                interview["at"] = _day(day)
            if rng.random() < 0.9:
                interview["kind"] = kind if rng.random() < 0.95 else "other"
            if rng.random() < 0.55:
                interview["decision_expected"] = _day(min(364, day + rng.randrange(3, 15)))
            interview["interviewers"] = panel
            if rng.random() < 0.3:
                interview["topics"] = {panel[0]: rng.choice(TOPICS)}
            interviews.append(interview)
            days.append(day)
            day += rng.randrange(3, 15)
            if until is not None and day > until:
                break
        return interviews, days

    # -- touches ----------------------------------------------------------------------

    def touch(self, kind: str, on: int, **fields: Any) -> None:
        """Record a touch, unless its day is still to come on AS_OF (it has not happened)."""
        if on <= LAST_DAY:
            self.touches.append({"kind": kind, "on": _day(on), **fields})

    def application_touches(
        self,
        application: dict[str, Any],
        status: Status,
        interviews: list[dict[str, Any]],
        days: list[int],
    ) -> None:
        rng = self.rng
        app_id = application["id"]
        for interview, day in zip(interviews, days, strict=True):
            for contact_id in interview["interviewers"]:
                if rng.random() < 0.85:
                    self.touch(
                        "thank_you",
                        day + rng.choice((0, 1, 1, 2)),
                        application=app_id,
                        interview=interview["id"],
                        contact=contact_id,
                        medium="email",
                    )
        for reference in self.reference_ids:
            if rng.random() < 0.55:
                self.touch(
                    "reference_alert",
                    days[0] + rng.randrange(0, 3),
                    application=app_id,
                    contact=reference,
                )
        if len(days) > 1 and rng.random() < 0.3:
            self.touch("call", days[0] + rng.randrange(7, 11), application=app_id)
        latest = days[-1]
        if status.awaiting_decision:
            self.follow_ups(app_id, latest)
        elif rng.random() < 0.3:
            self.touch("employer_reply", latest + rng.randrange(3, 15), application=app_id)
        if status is Status.REJECTED and "closed_on" in application:
            closed = dt.date.fromisoformat(application["closed_on"])
            closed_day = (closed - YEAR_START).days
            seen = sorted({c for interview in interviews for c in interview["interviewers"]})
            for contact_id in seen:
                if rng.random() < 0.5:
                    self.touch(
                        "network",
                        closed_day + rng.randrange(0, 6),
                        contact=contact_id,
                        note="Thanked them for their time; asked to stay in touch",
                    )
        if rng.random() < 0.15:
            contact_id = rng.choice(interviews[0]["interviewers"])
            self.touch("network", latest + rng.randrange(10, 45), contact=contact_id)
        if status is Status.INTERVIEWING and rng.random() < 0.25:
            # Told about the offers in hand (not necessarily about the latest one).
            told = max(latest + 1, self.first_offer_day + rng.randrange(0, 14))
            self.touch("leverage", told, application=app_id, note="Mentioned my offer")

    def follow_ups(self, app_id: str, latest: int) -> None:
        """S11-S13 as people really do them: a call, maybe follow-ups, maybe a reply."""
        rng = self.rng
        last = latest
        if rng.random() < 0.65:
            last = latest + rng.randrange(7, 11)
            self.touch("call", last, application=app_id, note="Restated my strengths")
            for _ in range(2):
                if rng.random() >= 0.4:
                    break
                last += rng.randrange(7, 15)
                self.touch("follow_up", last, application=app_id, medium="email")
        if rng.random() < 0.45:
            reply_day = last + rng.randrange(1, 10)
            reply: dict[str, Any] = {"application": app_id}
            if rng.random() < 0.3:
                reply["follow_up_requested_on"] = _day(reply_day + rng.randrange(5, 15))
                reply["note"] = "They asked me to check back"
            self.touch("employer_reply", reply_day, **reply)

    def document(self) -> dict[str, Any]:
        self.contacts = [self.contact(index) for index in range(self.n_contacts)]
        self.references()
        applications = [self.application(index) for index in range(self.n)]
        self.touches.sort(key=lambda touch: touch["on"])  # a stable sort: a real log's order
        return {
            "format": "afterview/1",
            "profile": self.profile(),
            "contacts": self.contacts,
            "applications": applications,
            "touches": self.touches,
        }


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: building millions of records goes ~40% faster."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def generate_document(
    n_applications: int, seed: int = 0, open_offers: int = OPEN_OFFERS
) -> dict[str, Any]:
    """An afterview/1 document (plain JSON data) with `n_applications` applications."""
    if n_applications < 1:
        raise ValueError("n_applications must be at least 1")
    with gc_paused():
        return _Generator(n_applications, seed, open_offers).document()


# -- the fast converter: document -> domain records, as read_document would build them ---


class _Converter:
    """read_document's construction without its checks.

    Like read_document (and the store's loader), it makes a new object for every
    date and every set of field names. `share=True` shares equal ones instead: a
    third less memory, and a faster planner, but not what the application sees.
    """

    def __init__(self, share: bool = False) -> None:
        self.share = share
        self.dates: dict[str, dt.date] = {}
        self.moments: dict[str, dt.date | dt.datetime] = {}
        self.field_sets: dict[tuple[str, ...], frozenset[str]] = {}

    def date(self, value: str) -> dt.date:
        if not self.share:
            return dt.date.fromisoformat(value)
        found = self.dates.get(value)
        if found is None:
            found = self.dates[value] = dt.date.fromisoformat(value)
        return found

    def moment(self, value: str) -> dt.date | dt.datetime:
        if not self.share:
            return (
                dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
            )
        found = self.moments.get(value)
        if found is None:
            found = self.moments[value] = (
                dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
            )
        return found

    def given(self, raw: dict[str, Any]) -> frozenset[str]:
        if not self.share:
            return frozenset(raw)
        key = tuple(raw)
        found = self.field_sets.get(key)
        if found is None:
            found = self.field_sets[key] = frozenset(key)
        return found

    def values(
        self, raw: dict[str, Any], parsers: dict[str, Callable[[Any], Any]]
    ) -> dict[str, Any]:
        """The fields that say something, parsed (read_document drops nulls and empties)."""
        values: dict[str, Any] = {}
        for key, value in raw.items():
            if value is None or value in ([], {}):
                continue
            parser = parsers.get(key)
            values[key] = parser(value) if parser else value
        return values


def pipeline_from_document(document: dict[str, Any], share: bool = False) -> Pipeline:
    """The Pipeline that read_document would build from this (valid) document, fast."""
    c = _Converter(share)
    profile = None
    if document.get("profile") is not None:
        raw = document["profile"]
        values = c.values(raw, {"strengths": tuple, "references": tuple})
        profile = Profile(document_fields=c.given(raw), **values)
    contact_parsers: dict[str, Callable[[Any], Any]] = {"medium": Medium}
    contacts = tuple(
        Contact(document_fields=c.given(raw), **c.values(raw, contact_parsers))
        for raw in document.get("contacts") or ()
    )
    offer_parsers: dict[str, Callable[[Any], Any]] = {
        "received_on": c.date,
        "deadline": c.date,
    }
    interview_parsers: dict[str, Callable[[Any], Any]] = {
        "at": c.moment,
        "kind": InterviewKind,
        "decision_expected": c.date,
        "interviewers": tuple,
        "topics": dict,
    }

    def offer(raw: dict[str, Any]) -> Offer:
        return Offer(document_fields=c.given(raw), **c.values(raw, offer_parsers))

    def interviews(raw: list[dict[str, Any]]) -> tuple[Interview, ...]:
        return tuple(
            Interview(document_fields=c.given(item), **c.values(item, interview_parsers))
            for item in raw
        )

    application_parsers: dict[str, Callable[[Any], Any]] = {
        "status": Status,
        "applied_on": c.date,
        "closed_on": c.date,
        "medium": Medium,
        "offer": offer,
        "interviews": interviews,
    }
    applications = tuple(
        Application(document_fields=c.given(raw), **c.values(raw, application_parsers))
        for raw in document.get("applications") or ()
    )
    touch_parsers: dict[str, Callable[[Any], Any]] = {
        "kind": TouchKind,
        "on": c.date,
        "medium": Medium,
        "follow_up_requested_on": c.date,
    }
    touches = tuple(
        Touch(document_fields=c.given(raw), **c.values(raw, touch_parsers))
        for raw in document.get("touches") or ()
    )
    return Pipeline(profile, contacts, applications, touches)


def generate_pipeline(
    n: int, seed: int = 0, open_offers: int = OPEN_OFFERS, share: bool = False
) -> Pipeline:
    """The Pipeline of `generate_document(n, seed)`, equal to what read_document builds."""
    document = generate_document(n, seed, open_offers)
    with gc_paused():
        return pipeline_from_document(document, share)


def summary(document: dict[str, Any]) -> dict[str, int]:
    """Counts of what a document holds."""
    applications = document["applications"]
    return {
        "applications": len(applications),
        "interviews": sum(len(a.get("interviews") or ()) for a in applications),
        "contacts": len(document["contacts"]),
        "touches": len(document["touches"]),
    }


def _all_records(pipeline: Pipeline) -> Iterable[object]:
    yield pipeline.profile
    yield from pipeline.contacts
    for application in pipeline.applications:
        yield application
        yield application.offer
        yield from application.interviews
    yield from pipeline.touches


def check(document: dict[str, Any]) -> None:
    """Fail unless read_document accepts the document and agrees with the fast converter."""
    from afterview.domain.document import read_document

    checked = read_document(document, formats=FORMATS).pipeline
    fast = pipeline_from_document(document)
    if checked != fast:
        raise AssertionError("generate_pipeline differs from read_document")
    for slow_record, fast_record in zip(_all_records(checked), _all_records(fast), strict=True):
        slow_fields = getattr(slow_record, "document_fields", None)
        if slow_fields != getattr(fast_record, "document_fields", None):
            raise AssertionError(f"document_fields differ on {slow_record!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("applications", type=int, help="how many applications (e.g. 1000)")
    parser.add_argument("-o", "--output", type=Path, help="write here (default: stdout)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--open-offers", type=int, default=OPEN_OFFERS, help="offers in hand (status offer)"
    )
    parser.add_argument(
        "--check", action="store_true", help="also run read_document on it (slow at 100k)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    document = generate_document(args.applications, args.seed, args.open_offers)
    took = time.perf_counter() - started
    text = json.dumps(document, indent=None, ensure_ascii=False)
    if args.output is None:
        sys.stdout.write(text + "\n")
    else:
        args.output.write_text(text + "\n", encoding="utf-8")
    counts = ", ".join(f"{value} {name}" for name, value in summary(document).items())
    print(f"generated {counts} in {took:.2f} s", file=sys.stderr)
    if args.check:
        started = time.perf_counter()
        check(document)
        took = time.perf_counter() - started
        print(
            f"read_document accepts it, and agrees with generate_pipeline ({took:.2f} s)",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
