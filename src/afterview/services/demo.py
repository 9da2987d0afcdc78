"""A realistic demo pipeline, dated around a given day so its agenda always has work in it.

Sam Rivera, a data engineer in Oakland, is three weeks into a search: a panel at
Acme yesterday, a phone screen at Northwind last week, an offer from Globex with a
deadline, a rejection from Initech, a fresh application, and an old colleague to
keep warm. Every action kind of the playbook shows up somewhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from afterview.domain.calendar import PACKAGE_HOLIDAYS, HolidaySource, business_calendar
from afterview.domain.document import FORMAT
from afterview.services.documents import ImportReport, merge_document
from afterview.services.ports import Ports

PROFILE = {
    "name": "Sam Rivera",
    "email": "sam.rivera@example.org",
    "phone": "+1 415 555 0100",
    "address": "12 Elm St\nOakland, CA 94607",
    "country": "US",
    "subdivision": "CA",
    "strengths": [
        "Cut pipeline costs 40% at Brightline by moving batch jobs to streaming",
        "Led a team of six through a zero-downtime Kafka migration",
        "Built the data-quality checks that caught 95% of bad loads before dashboards",
    ],
    "references": ["dana-kim"],
}

CONTACTS: list[dict[str, Any]] = [
    {
        "id": "jane-doe",
        "name": "Jane Doe",
        "title": "VP Engineering",
        "company": "Acme Corp",
        "email": "jane.doe@acme.example.com",
    },
    {
        "id": "omar-said",
        "name": "Omar Said",
        "title": "Data Platform Lead",
        "company": "Acme Corp",
        "email": "omar.said@acme.example.com",
    },
    {
        "id": "priya-natarajan",
        "name": "Priya Natarajan",
        "company": "Acme Corp",
        "email": "priya@acme.example.com",
    },
    {
        "id": "li-wei",
        "name": "Li Wei",
        "title": "Head of Analytics",
        "company": "Northwind Analytics",
        "address": "400 Market St\nSan Francisco, CA 94105",
        "medium": "mail",
    },
    {
        "id": "marta-lopez",
        "name": "Marta López",
        "title": "Engineering Manager",
        "company": "Globex",
        "email": "marta.lopez@globex.example.com",
    },
    {
        "id": "tom-becker",
        "name": "Tom Becker",
        "title": "CTO",
        "company": "Initech",
        "email": "tom@initech.example.com",
    },
    {
        "id": "ana-silva",
        "name": "Ana Silva",
        "title": "Senior Engineer",
        "company": "Initech",
        "email": "ana@initech.example.com",
    },
    {
        "id": "ken-ito",
        "name": "Ken Ito",
        "title": "Recruiter",
        "company": "Hooli",
        "email": "ken.ito@hooli.example.com",
        "phone": "+1 650 555 0142",
    },
    {
        "id": "dana-kim",
        "name": "Dana Kim",
        "title": "Director of Data",
        "company": "Brightline",
        "email": "dana@brightline.example.com",
        "phone": "+1 510 555 0199",
    },
    {
        "id": "raj-patel",
        "name": "Raj Patel",
        "title": "Staff Engineer",
        "company": "Brightline",
        "email": "raj@brightline.example.com",
    },
]


def demo_document(today: dt.date, holidays: HolidaySource = PACKAGE_HOLIDAYS) -> dict[str, Any]:
    """The demo pipeline as an afterview/1 document, dated relative to `today`."""
    calendar = business_calendar("US", "CA", holidays)

    def days(n: int) -> str:
        return (today + dt.timedelta(days=n)).isoformat()

    def business(n: int) -> dt.date:
        return calendar.shift(today, n)

    def at(day: dt.date, time: str) -> str:
        return f"{day.isoformat()}T{time}-08:00"

    acme_day, northwind_day = business(-1), business(-6)
    hooli_day, initech_day = business(-15), business(-12)
    applications = [
        {
            "id": "acme-de",
            "company": "Acme Corp",
            "role": "Senior Data Engineer",
            "status": "interviewing",
            "applied_on": days(-21),
            "medium": "email",
            "interest": 5,
            "job_description": "Own our lakehouse: streaming pipelines on Kafka, dbt models, "
            "Airflow orchestration, and data quality for the analytics team.",
            "interviews": [
                {
                    "id": "acme-1",
                    "at": at(acme_day, "10:00:00"),
                    "kind": "onsite",
                    "interviewers": ["jane-doe", "omar-said", "priya-natarajan"],
                    "topics": {
                        "jane-doe": "moving the lake to Iceberg",
                        "omar-said": "on-call load for the streaming jobs",
                    },
                }
            ],
        },
        {
            "id": "northwind-ae",
            "company": "Northwind Analytics",
            "role": "Analytics Engineer",
            "status": "interviewing",
            "applied_on": days(-18),
            "medium": "mail",
            "interest": 3,
            "interviews": [
                {
                    "id": "northwind-1",
                    "at": at(northwind_day, "15:30:00"),
                    "kind": "phone",
                    "decision_expected": days(10),
                    "interviewers": ["li-wei"],
                }
            ],
        },
        {
            "id": "globex-sde",
            "company": "Globex",
            "role": "Data Engineer II",
            "status": "offer",
            "applied_on": days(-30),
            "interest": 4,
            "offer": {
                "received_on": days(-2),
                "deadline": days(9),
                "summary": "$182k base, 10% bonus, hybrid",
            },
            "interviews": [
                {
                    "id": "globex-1",
                    "at": at(business(-9), "11:00:00"),
                    "kind": "video",
                    "decision_expected": days(-3),
                    "interviewers": ["marta-lopez"],
                }
            ],
        },
        {
            "id": "initech-pe",
            "company": "Initech",
            "role": "Platform Engineer",
            "status": "rejected",
            "applied_on": days(-35),
            "closed_on": days(-1),
            "interviews": [
                {
                    "id": "initech-1",
                    "at": at(initech_day, "09:00:00"),
                    "kind": "video",
                    "decision_expected": days(-5),
                    "interviewers": ["tom-becker"],
                },
                {
                    "id": "initech-2",
                    "at": at(business(-8), "13:00:00"),
                    "kind": "onsite",
                    "decision_expected": days(-4),
                    "interviewers": ["tom-becker", "ana-silva"],
                },
            ],
        },
        {
            "id": "hooli-de",
            "company": "Hooli",
            "role": "Data Engineer",
            "status": "interviewing",
            "applied_on": days(-28),
            "medium": "phone",
            "interest": 3,
            "interviews": [
                {
                    "id": "hooli-1",
                    "at": at(hooli_day, "14:00:00"),
                    "kind": "phone",
                    "decision_expected": days(-7),
                    "interviewers": ["ken-ito"],
                }
            ],
        },
        {
            "id": "umbrella-dl",
            "company": "Umbrella Health",
            "role": "Data Lead",
            "status": "applied",
            "applied_on": days(-5),
            "interest": 2,
        },
    ]
    touches = [
        {
            "kind": "thank_you",
            "on": acme_day.isoformat(),
            "application": "acme-de",
            "interview": "acme-1",
            "contact": "jane-doe",
            "medium": "email",
        },
        {
            "kind": "thank_you",
            "on": calendar.shift(northwind_day, 1).isoformat(),
            "application": "northwind-ae",
            "interview": "northwind-1",
            "contact": "li-wei",
            "medium": "mail",
        },
        {
            "kind": "thank_you",
            "on": business(-8).isoformat(),
            "application": "globex-sde",
            "interview": "globex-1",
            "contact": "marta-lopez",
            "medium": "email",
        },
        {
            "kind": "reference_alert",
            "on": business(-8).isoformat(),
            "application": "globex-sde",
            "contact": "dana-kim",
        },
        {
            "kind": "thank_you",
            "on": calendar.shift(initech_day, 1).isoformat(),
            "application": "initech-pe",
            "interview": "initech-1",
            "contact": "tom-becker",
        },
        {
            "kind": "thank_you",
            "on": business(-7).isoformat(),
            "application": "initech-pe",
            "interview": "initech-2",
            "contact": "tom-becker",
        },
        {
            "kind": "thank_you",
            "on": business(-7).isoformat(),
            "application": "initech-pe",
            "interview": "initech-2",
            "contact": "ana-silva",
        },
        {
            "kind": "thank_you",
            "on": calendar.shift(hooli_day, 1).isoformat(),
            "application": "hooli-de",
            "interview": "hooli-1",
            "contact": "ken-ito",
            "medium": "email",
        },
        {
            "kind": "reference_alert",
            "on": calendar.shift(hooli_day, 1).isoformat(),
            "application": "hooli-de",
            "contact": "dana-kim",
        },
        {
            "kind": "call",
            "on": business(-6).isoformat(),
            "application": "hooli-de",
            "contact": "ken-ito",
            "note": "Ken said the team meets on Thursday.",
        },
        {
            "kind": "employer_reply",
            "on": business(-5).isoformat(),
            "application": "hooli-de",
            "contact": "ken-ito",
            "note": "Still interviewing; check back in a week.",
        },
        {
            "kind": "network",
            "on": days(-96),
            "contact": "raj-patel",
            "note": "Coffee; he may know people at Acme.",
        },
    ]
    return {
        "format": FORMAT,
        "profile": PROFILE,
        "contacts": CONTACTS,
        "applications": applications,
        "touches": touches,
    }


def load_demo(ports: Ports) -> ImportReport:
    """The demo pipeline, dated around today, into the (empty) store."""
    return merge_document(ports, demo_document(ports.clock.today(), ports.holidays))
