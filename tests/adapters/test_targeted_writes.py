"""Writes go to the records they change: two writers of one account never lose each
other's work, saving then reading gives exactly what was saved, and a write costs the same
statements at 30 records as at 3,000 (real SQLite files and a real PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, text

from afterview.adapters import rows
from afterview.adapters.schema import TABLES
from afterview.adapters.store import SqlStore, writing
from afterview.bootstrap import Afterview
from afterview.config import DATABASE_FILE, AppSettings
from afterview.domain.model import (
    Application,
    Contact,
    Pipeline,
    Status,
    Touch,
    TouchKind,
)
from afterview.services.records import LogTouch
from tests.adapters.test_postgres import pg_url  # noqa: F401 (fixture: a database of its own)
from tests.adapters.test_store import save, url_of
from tests.factories import make_application, make_contact, make_interview, make_profile

DAY = dt.date(2026, 3, 2)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database of the test's own: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return url_of(tmp_path / "data" / "afterview.db")
    found: str = request.getfixturevalue("pg_url")
    return found


@pytest.fixture
def opened(url: str) -> Iterator[SqlStore]:
    store = SqlStore.open(url)
    save(store, Pipeline())  # the first write creates a SQLite file
    yield store
    store.close()


def fresh_read(url: str) -> Pipeline:
    """What another process would read: a store of its own, nothing kept."""
    other = SqlStore.open(url)
    try:
        return other.load()
    finally:
        other.close()


def touch(note: str | None, on: dt.date = DAY, **fields: Any) -> Touch:
    return Touch(TouchKind.NETWORK, on, note=note, **fields)


def add_touch(store: SqlStore, note: str) -> None:
    with store.unit_of_work() as work:
        before = work.pipeline.load()
        work.pipeline.save(before, replace(before, touches=(*before.touches, touch(note))))


def add_touches(store: SqlStore, who: str, count: int) -> Callable[[], None]:
    """A job adding `count` touches, one unit of work each, noted "<who> <n>"."""

    def job() -> None:
        for n in range(count):
            add_touch(store, f"{who} {n}")

    return job


# --- two writers of one account ----------------------------------------------------------------


def run_together(*jobs: Callable[[], object]) -> None:
    """Start every job at once, each in its own thread; re-raise the first failure."""
    start = threading.Barrier(len(jobs))
    failures: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        start.wait()
        try:
            job()
        except BaseException as error:  # pragma: no cover (reported below)
            failures.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def test_two_stores_of_one_account_writing_at_once_lose_nothing(opened: SqlStore, url: str) -> None:
    """Two stores stand for two processes (a worker and a page): each keeps its own
    pipeline, so each must notice the other's writes."""
    second = SqlStore.open(url)
    try:
        opened.load(), second.load()  # both keep a pipeline before the race
        run_together(add_touches(opened, "first", 15), add_touches(second, "second", 15))
        notes = [t.note or "" for t in fresh_read(url).touches]
        assert sorted(notes) == sorted(
            [f"first {n}" for n in range(15)] + [f"second {n}" for n in range(15)]
        )
        for who in ("first", "second"):  # each writer's touches in the order it wrote them
            assert [n for n in notes if n.startswith(who)] == [f"{who} {n}" for n in range(15)]
        assert opened.load().touches == second.load().touches == fresh_read(url).touches
    finally:
        second.close()


def test_two_threads_sharing_one_store_lose_nothing(opened: SqlStore, url: str) -> None:
    """Two browser tabs of one account: one web process, one store, two threads; one adds
    touches while the other adds and removes applications."""
    save(opened, Pipeline(make_profile(), (make_contact(),), (make_application("keep"),)))

    def churn() -> None:
        for n in range(10):
            with opened.unit_of_work() as work:
                before = work.pipeline.load()
                added = make_application(f"app-{n}", interviews=())
                apps = tuple(a for a in before.applications if a.id != f"app-{n - 1}")
                work.pipeline.save(before, replace(before, applications=(*apps, added)))

    run_together(add_touches(opened, "tab", 10), churn)
    for seen in (opened.load(), fresh_read(url)):
        assert [t.note for t in seen.touches] == [f"tab {n}" for n in range(10)]
        assert [a.id for a in seen.applications] == ["keep", "app-9"]


def test_the_log_touch_service_from_two_apps_at_once_keeps_every_touch(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not url.startswith("sqlite"):
        monkeypatch.setenv("AFTERVIEW_DATABASE_URL", url)
    apps = [Afterview(AppSettings.from_environment()) for _ in range(2)]
    try:
        apps[0].log_touch(LogTouch(TouchKind.NETWORK, DAY, note="first"))  # makes the database
        run_together(
            *(
                (
                    lambda av=av, who=who: [
                        av.log_touch(LogTouch(TouchKind.NETWORK, DAY, note=f"{who} {n}"))
                        for n in range(8)
                    ]
                )
                for who, av in zip(("tab", "worker"), apps, strict=True)
            )
        )
        for av in apps:
            notes = sorted(t.note or "" for t in av.pipeline().touches)
            assert notes == sorted(
                ["first"] + [f"tab {n}" for n in range(8)] + [f"worker {n}" for n in range(8)]
            )
    finally:
        for av in apps:
            av.close()


WRITER = """
import sys
from dataclasses import replace
from afterview.adapters.store import SqlStore
from afterview.domain.model import Touch, TouchKind
import datetime as dt

store = SqlStore.open(sys.argv[1])
for n in range(int(sys.argv[3])):
    with store.unit_of_work() as work:
        before = work.pipeline.load()
        added = Touch(TouchKind.NETWORK, dt.date(2026, 3, 2), note=f"{sys.argv[2]} {n}")
        work.pipeline.save(before, replace(before, touches=(*before.touches, added)))
store.close()
"""


def test_two_processes_writing_at_once_lose_nothing(opened: SqlStore, url: str) -> None:
    count = 12
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, url, who, str(count)])
        for who in ("one", "two")
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    notes = sorted(t.note or "" for t in fresh_read(url).touches)
    assert notes == sorted(f"{who} {n}" for who in ("one", "two") for n in range(count))
    assert sorted(t.note or "" for t in opened.load().touches) == notes


def test_a_unit_of_work_that_fails_keeps_nothing_of_it(opened: SqlStore, url: str) -> None:
    add_touch(opened, "kept")

    def failing() -> None:
        with opened.unit_of_work() as work:
            before = work.pipeline.load()
            work.pipeline.save(before, replace(before, touches=(*before.touches, touch("lost"))))
            raise RuntimeError("the use case fails after saving")

    with pytest.raises(RuntimeError):
        failing()
    assert [t.note for t in opened.load().touches] == ["kept"]
    add_touch(opened, "next")  # starts from the stored pipeline, not the one rolled back
    assert [t.note for t in fresh_read(url).touches] == ["kept", "next"]


# --- load(after save(before, after)) == after --------------------------------------------------

CONTACT_IDS = [f"c{n}" for n in range(6)]
APPLICATION_IDS = [f"a{n}" for n in range(6)]


@st.composite
def contacts(draw: st.DrawFn, ids: list[str]) -> tuple[Contact, ...]:
    chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    return tuple(
        make_contact(c, title=draw(st.sampled_from([None, "CTO", "Recruiter"]))) for c in chosen
    )


@st.composite
def applications(
    draw: st.DrawFn, ids: list[str], people: tuple[Contact, ...]
) -> tuple[Application, ...]:
    chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    return tuple(draw(application(a, people)) for a in chosen)


@st.composite
def application(draw: st.DrawFn, app_id: str, people: tuple[Contact, ...]) -> Application:
    names = [c.id for c in people]
    interviews = []
    for k in range(draw(st.integers(0, 2))):
        panel = (
            tuple(draw(st.lists(st.sampled_from(names), unique=True, max_size=2))) if names else ()
        )
        interviews.append(
            make_interview(
                f"{app_id}-{k}",
                at=DAY + dt.timedelta(days=k),
                interviewers=panel,
                topics=dict.fromkeys(panel[:1], "design"),
            )
        )
    return make_application(
        app_id,
        status=draw(st.sampled_from([Status.APPLIED, Status.INTERVIEWING, Status.REJECTED])),
        interviews=tuple(interviews),
        interest=draw(st.none() | st.integers(1, 5)),
    )


@st.composite
def a_touch(draw: st.DrawFn, pipeline: Pipeline) -> Touch:
    about: dict[str, Any] = {}
    if len(pipeline.applications) > 0 and draw(st.booleans()):
        app = draw(st.sampled_from(pipeline.applications))
        about["application"] = app.id
        if len(app.interviews) > 0 and draw(st.booleans()):
            about["interview"] = draw(st.sampled_from(app.interviews)).id
    if len(pipeline.contacts) > 0 and draw(st.booleans()):
        about["contact"] = draw(st.sampled_from(pipeline.contacts)).id
    return touch(draw(st.sampled_from(["met", "called", "wrote", None])), **about)


def _without(pipeline: Pipeline, contact_id: str | None = None, app: str | None = None) -> Pipeline:
    """The pipeline less a contact or an application, and everything that names it."""
    apps = []
    for found in pipeline.applications:
        if found.id == app:
            continue
        a = found
        if contact_id is not None and any(contact_id in iv.interviewers for iv in a.interviews):
            a = replace(
                a,
                interviews=tuple(
                    replace(
                        iv,
                        interviewers=tuple(p for p in iv.interviewers if p != contact_id),
                        topics={p: t for p, t in iv.topics.items() if p != contact_id},
                    )
                    for iv in a.interviews
                ),
            )
        apps.append(a)
    gone_interviews = {iv.id for a in pipeline.applications if a.id == app for iv in a.interviews}
    profile = pipeline.profile
    if profile is not None and contact_id in profile.references:
        profile = replace(
            profile, references=tuple(r for r in profile.references if r != contact_id)
        )
    return Pipeline(
        profile,
        tuple(c for c in pipeline.contacts if c.id != contact_id),
        tuple(apps),
        tuple(
            t
            for t in pipeline.touches
            if t.contact != contact_id
            and t.application != app
            and t.interview not in gone_interviews
        ),
    )


@st.composite
def an_edit(draw: st.DrawFn, pipeline: Pipeline) -> Pipeline:
    """One change a use case could make, built with `replace` as use cases build them."""
    touches, apps, people = pipeline.touches, pipeline.applications, pipeline.contacts
    choices = ["add touch", "add application", "add contact", "profile"]
    if touches:
        choices += ["remove touch", "change touch", "move touch", "repeat touch"]
    if apps:
        choices += ["remove application", "change application", "move application"]
    if people:
        choices += ["remove contact", "change contact", "move contact"]
    edit = draw(st.sampled_from(choices))
    if edit == "add touch":
        at = draw(st.integers(0, len(touches)))
        added = draw(a_touch(pipeline))
        return replace(pipeline, touches=(*touches[:at], added, *touches[at:]))
    if edit == "add application":
        free = [a for a in [*APPLICATION_IDS, "b0", "b1"] if a not in {x.id for x in apps}]
        if not free:
            return pipeline
        at = draw(st.integers(0, len(apps)))
        added_app = draw(application(draw(st.sampled_from(free)), people))
        return replace(pipeline, applications=(*apps[:at], added_app, *apps[at:]))
    if edit == "add contact":
        free = [c for c in [*CONTACT_IDS, "d0", "d1"] if c not in {x.id for x in people}]
        if not free:
            return pipeline
        at = draw(st.integers(0, len(people)))
        added_contact = make_contact(draw(st.sampled_from(free)))
        return replace(pipeline, contacts=(*people[:at], added_contact, *people[at:]))
    if edit == "profile":
        references = tuple(c.id for c in people[: draw(st.integers(0, 2))])
        return replace(pipeline, profile=make_profile(references=references, phone="555"))
    if edit.endswith("touch"):
        at = draw(st.integers(0, len(touches) - 1))
        rest = (*touches[:at], *touches[at + 1 :])
        if edit == "remove touch":
            return replace(pipeline, touches=rest)
        if edit == "change touch":
            changed = replace(touches[at], note="changed", document_fields=frozenset({"note"}))
            return replace(pipeline, touches=(*touches[:at], changed, *touches[at + 1 :]))
        if edit == "repeat touch":  # the very same object twice
            return replace(pipeline, touches=(*touches, touches[at]))
        to = draw(st.integers(0, len(rest)))
        return replace(pipeline, touches=(*rest[:to], touches[at], *rest[to:]))
    if edit.endswith("application"):
        at = draw(st.integers(0, len(apps) - 1))
        if edit == "remove application":
            return _without(pipeline, app=apps[at].id)
        if edit == "change application":
            changed_app = replace(apps[at], role="Staff Engineer", status=Status.OFFER)
            return replace(pipeline, applications=(*apps[:at], changed_app, *apps[at + 1 :]))
        rest_apps = (*apps[:at], *apps[at + 1 :])
        to = draw(st.integers(0, len(rest_apps)))
        return replace(pipeline, applications=(*rest_apps[:to], apps[at], *rest_apps[to:]))
    at = draw(st.integers(0, len(people) - 1))
    if edit == "remove contact":
        return _without(pipeline, contact_id=people[at].id)
    if edit == "change contact":
        changed_contact = replace(people[at], company="Initech", greeting="Hi")
        return replace(pipeline, contacts=(*people[:at], changed_contact, *people[at + 1 :]))
    rest_people = (*people[:at], *people[at + 1 :])
    to = draw(st.integers(0, len(rest_people)))
    return replace(pipeline, contacts=(*rest_people[:to], people[at], *rest_people[to:]))


@st.composite
def starts(draw: st.DrawFn) -> Pipeline:
    people = draw(contacts(CONTACT_IDS))
    apps = draw(applications(APPLICATION_IDS, people))
    pipeline = Pipeline(make_profile(), people, apps)
    touches = tuple(draw(a_touch(pipeline)) for _ in range(draw(st.integers(0, 8))))
    return replace(pipeline, touches=touches)


def write_as_before(store: SqlStore, pipeline: Pipeline) -> None:
    """Replace the account's rows with `pipeline` numbered 0, 1, 2… as every store written
    before targeted writes has them (and raise the version: nothing kept stays current)."""
    with writing(store.engine) as connection:
        store.enter(connection)
        for name in reversed(rows.TABLES):
            connection.execute(TABLES[name].delete().where(TABLES[name].c.account_id == 1))
        for name, found in rows.table_rows(pipeline, 1).items():
            if found:
                connection.execute(TABLES[name].insert(), list(found.values()))
        connection.execute(text("UPDATE accounts SET data_version = data_version + 1"))


def same(found: Pipeline, expected: Pipeline) -> None:
    """Equal, and equal in what equality leaves out (each record's document fields)."""
    assert found == expected
    assert repr(found) == repr(expected)


@pytest.mark.parametrize("dense", [True, False], ids=["numbered-0-1-2", "written-afresh"])
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_saving_then_reading_gives_exactly_what_was_saved(
    opened: SqlStore, url: str, dense: bool, data: st.DataObject
) -> None:
    start = data.draw(starts())
    if dense:
        write_as_before(opened, start)
    else:
        save(opened, start)
    same(fresh_read(url), start)
    current = start
    for _ in range(data.draw(st.integers(1, 4))):
        with opened.unit_of_work() as work:
            before = work.pipeline.load()
            same(before, current)
            after = data.draw(an_edit(before))
            if data.draw(st.booleans()):  # a second change in the same transaction
                work.pipeline.save(before, after)
                before, after = after, data.draw(an_edit(after))
            work.pipeline.save(before, after)
        same(opened.load(), after)
        same(fresh_read(url), after)
        current = after


# --- what one write costs ----------------------------------------------------------------------


def sized(count: int) -> Pipeline:
    """`count` records: a third contacts, a third applications (one interview each with one
    of the contacts), a third touches."""
    third = count // 3
    people = tuple(make_contact(f"person-{n}") for n in range(third))
    apps = tuple(
        make_application(
            f"app-{n}", interviews=(make_interview(f"iv-{n}", interviewers=(f"person-{n}",)),)
        )
        for n in range(third)
    )
    touches = tuple(
        touch(f"note {n}", application=f"app-{n}", contact=f"person-{n}") for n in range(third)
    )
    return Pipeline(make_profile(), people, apps, touches)


class Statements:
    """Every statement an engine runs while recording, with its parameters."""

    def __init__(self, store: SqlStore) -> None:
        self.seen: list[tuple[str, Any]] = []
        self.recording = False
        event.listen(store.engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, many: bool) -> None:
        if self.recording:
            self.seen.append((" ".join(sql.split()), params if many else [params]))

    def during(self, job: Callable[[], None]) -> list[tuple[str, Any]]:
        self.seen, self.recording = [], True
        try:
            job()
        finally:
            self.recording = False
        return self.seen


def writes(statements: list[tuple[str, Any]]) -> list[tuple[str, int]]:
    """The INSERTs, UPDATEs and DELETEs: the table and how many rows each names."""
    found = []
    for sql, params in statements:
        verb = sql.split()[0].upper()
        if verb in ("INSERT", "UPDATE", "DELETE"):
            table = sql.split()[2 if verb != "UPDATE" else 1]
            found.append((f"{verb} {table}", len(params)))
    return found


def cost_of(url: str, count: int, change: Callable[[Pipeline], Pipeline]) -> list[tuple[str, Any]]:
    store = SqlStore.open(url)
    try:
        save(store, sized(count))
        store.load()
        statements = Statements(store)

        def write() -> None:
            with store.unit_of_work() as work:
                before = work.pipeline.load()
                work.pipeline.save(before, change(before))

        return statements.during(write)
    finally:
        store.close()


def _added(p: Pipeline) -> Pipeline:
    return replace(p, touches=(*p.touches, touch("new", application="app-1")))


def _middle_touch_removed(p: Pipeline) -> Pipeline:
    middle = len(p.touches) // 2
    return replace(p, touches=p.touches[:middle] + p.touches[middle + 1 :])


def _touch_put_between(p: Pipeline) -> Pipeline:
    middle = len(p.touches) // 2
    return replace(p, touches=(*p.touches[:middle], touch("between"), *p.touches[middle:]))


def _first_application_changed(p: Pipeline) -> Pipeline:
    first, *rest = p.applications
    return replace(p, applications=(replace(first, status=Status.OFFER), *rest))


def _first_application_removed(p: Pipeline) -> Pipeline:
    return replace(
        p,
        applications=p.applications[1:],
        touches=tuple(t for t in p.touches if t.application != p.applications[0].id),
    )


@pytest.mark.parametrize(
    ("change", "written"),
    [
        (_added, [("INSERT touches", 1)]),
        (_middle_touch_removed, [("DELETE touches", 1)]),
        (_touch_put_between, [("INSERT touches", 1)]),
        (_first_application_changed, [("UPDATE applications", 1)]),
        (
            _first_application_removed,
            [
                ("DELETE touches", 1),
                ("DELETE interviewers", 1),
                ("DELETE interviews", 1),
                ("DELETE applications", 1),
            ],
        ),
    ],
    ids=["touch added", "touch removed", "touch put between", "status", "application removed"],
)
def test_one_change_costs_the_same_statements_at_30_and_3000_records(
    url: str, tmp_path: Path, change: Callable[[Pipeline], Pipeline], written: list[Any]
) -> None:
    if url.startswith("sqlite"):
        small, large = url, url_of(tmp_path / "large" / DATABASE_FILE)
    else:
        small = large = url  # one database: the second `save` replaces the first's rows
    at_30, at_3000 = cost_of(small, 30, change), cost_of(large, 3000, change)
    assert [sql for sql, _ in at_30] == [sql for sql, _ in at_3000]
    for statements in (at_30, at_3000):
        assert writes(statements) == [*written, ("UPDATE accounts", 1)]
        reads = [sql for sql, _ in statements if sql.upper().startswith("SELECT")]
        assert all("FROM accounts" in sql or "set_config" in sql for sql in reads), reads
