"""The SQLite store on real files: migrations, WAL and foreign keys, row-level saves,
transactions, and the fast stdlib read path agreeing with SQLAlchemy's."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import stat
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

import afterview
from afterview.adapters import rows, schema, sqlite_reader, store
from afterview.adapters.formats import FORMATS
from afterview.adapters.schema import interviewers
from afterview.adapters.sqlite_reader import SqliteReader
from afterview.adapters.store import (
    SqlPipeline,
    SqlStore,
    StorageError,
    create_engine_for,
    schema_revision,
)
from afterview.bootstrap import Afterview
from afterview.config import DATABASE_FILE, AppSettings
from afterview.domain.document import read_document, write_document
from afterview.domain.model import InterviewKind, Medium, Offer, Pipeline, Status, Touch, TouchKind
from afterview.services.ports import Store
from tests.factories import (
    day,
    make_application,
    make_contact,
    make_interview,
    make_pipeline,
    make_profile,
    make_touch,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "pipeline.json"
USER_TABLES = {*rows.TABLES, "outbox", "inbox_folders", "inbox_messages", "inbox_invites"}
ACCOUNT_TABLES = {
    "accounts",
    "api_tokens",
    "shares",
    "sign_in_attempts",
    "account_mailboxes",
    "worker_digests",
}
"""Server mode's own tables: who signs in, with whom they share, the mailbox the worker
reads for each account and the digests it queued (docs/server.md)."""


def example_raw() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return document


def example_pipeline() -> Pipeline:
    return read_document(example_raw(), formats=FORMATS).pipeline


def rich_pipeline() -> Pipeline:
    """Every kind of record and field, with dates, offsets, nulls and non-ASCII text."""
    acme = make_application(
        "acme-de",
        medium=Medium.EMAIL,
        interest=4,
        job_description="Streaming on Kafka, dbt models — and Airflow.",
        interviews=(
            make_interview(
                "acme-1",
                at="2026-03-04T10:00:00-08:00",
                decision_expected=day("2026-03-11"),
                interviewers=("jane-doe", "omar-said"),
                topics={"jane-doe": "moving the lake to Iceberg"},
            ),
            make_interview(
                "acme-2", at="2026-03-09", kind=InterviewKind.VIDEO, interviewers=("omar-said",)
            ),
        ),
    )
    brightline = make_application(
        "bright-pm",
        company="Brightline",
        role="Product Manager",
        status=Status.OFFER,
        offer=Offer(day("2026-03-10"), day("2026-03-17"), "120k + equity"),
        interviews=(
            make_interview(
                "bright-1", at="2026-03-05T14:30:00+01:00", kind=None, interviewers=("zoe-nunez",)
            ),
        ),
    )
    globex = make_application(
        "globex",
        company="Globex",
        status=Status.REJECTED,
        applied_on=None,
        closed_on=day("2026-03-06"),
        interviews=(),
    )
    contacts = (
        make_contact("jane-doe", medium=Medium.EMAIL, phone="+1 415 555 0101"),
        make_contact(
            "omar-said",
            title=None,
            address="1 Main St\nSpringfield",
            fax="+1 415 555 0199",
            medium=Medium.FAX,
            greeting="Dr. Said",
        ),
        make_contact("zoe-nunez", name="Zoë Núñez", company="Brightline"),
        make_contact("dana-kim", company="Brightline", email=None),
    )
    thanks = make_touch(
        "thank_you",
        "2026-03-05",
        application="acme-de",
        interview="acme-1",
        contact="jane-doe",
        medium=Medium.EMAIL,
        note="Thank you! 🙏",
    )
    touches = (
        thanks,
        make_touch(
            "employer_reply",
            "2026-03-06",
            application="acme-de",
            follow_up_requested_on=day("2026-03-13"),
        ),
        make_touch("network", "2026-03-07", contact="dana-kim"),
        thanks,  # a repeat is a second event, not a duplicate to drop
    )
    profile = make_profile(
        phone="+1 415 555 0100",
        address="12 Elm St\nOakland, CA 94607",
        subdivision="CA",
        strengths=("Cut costs 40%", "Led six people"),
        references=("dana-kim",),
    )
    return make_pipeline(
        acme, brightline, globex, contacts=contacts, touches=touches, profile=profile
    )


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


def save(target: Store, after: Pipeline) -> None:
    with target.unit_of_work() as work:
        work.pipeline.save(work.pipeline.load(), after)


def migrate_to(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("afterview.adapters.migrations")))
    return config


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row of every user table, with its SQLite rowid."""
    with sqlite3.connect(path) as connection:
        return {
            name: connection.execute(f"SELECT rowid, * FROM {name} ORDER BY rowid").fetchall()
            for name in rows.TABLES
        }


def rows_written(target: SqlStore, before: Pipeline, after: Pipeline) -> int:
    """How many rows one save inserted, updated or deleted (SQLite's own count)."""
    with target.unit_of_work() as work:
        assert work.pipeline.load() == before
        sqlite = work.pipeline.connection.connection.driver_connection
        assert isinstance(sqlite, sqlite3.Connection)
        start = sqlite.total_changes
        work.pipeline.save(before, after)
        return sqlite.total_changes - start


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "afterview.db"


@pytest.fixture
def sqlite_store(db_path: Path) -> Iterator[SqlStore]:
    """A store whose file exists (the first write creates it)."""
    opened = SqlStore.open(url_of(db_path))
    save(opened, Pipeline())
    yield opened
    opened.close()


# --- creation and migration ------------------------------------------------------------


def test_first_use_creates_and_migrates_a_fresh_file(db_path: Path) -> None:
    assert not db_path.parent.exists()
    opened = SqlStore.open(url_of(db_path))
    try:
        assert opened.load() == Pipeline()
        assert not db_path.parent.exists()  # reading nothing creates nothing
        save(opened, Pipeline())
        assert db_path.is_file()
        with sqlite3.connect(db_path) as connection:
            version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            written = connection.execute(
                "SELECT version_num, afterview_version FROM alembic_version"
            )
            assert written.fetchall() == [(store.HEAD_REVISION, afterview.__version__)]
        assert version == [(store.HEAD_REVISION,)]
        assert schema_revision(opened.engine) == store.HEAD_REVISION
        assert opened.load() == Pipeline()
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
        assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
        assert sorted(path.name for path in db_path.parent.iterdir()) == [
            "afterview.db",
            "afterview.db-shm",
            "afterview.db-wal",
        ]  # no temporary file left behind
    finally:
        opened.close()


def test_opening_again_keeps_the_data(db_path: Path) -> None:
    first = SqlStore.open(url_of(db_path))
    save(first, rich_pipeline())
    first.close()
    again = SqlStore.open(url_of(db_path))
    try:
        assert again.load() == rich_pipeline()
    finally:
        again.close()


def test_head_revisions_agree_with_the_migration_scripts() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    head = scripts.get_current_head()
    assert sqlite_reader.HEAD_REVISION == store.HEAD_REVISION == head
    known = sorted(script.revision for script in scripts.walk_revisions())
    assert list(sqlite_reader.KNOWN_REVISIONS) == known


def test_journal_is_wal_and_foreign_keys_are_enforced(
    sqlite_store: SqlStore, db_path: Path
) -> None:
    with sqlite_store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with sqlite3.connect(db_path) as plain:  # WAL is a property of the file itself
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)

    orphan = {
        "account_id": 1,
        "interview_id": "no-such-interview",
        "contact_id": "nobody",
        "position": 0,
        "topic": None,
    }
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), sqlite_store.engine.begin() as c:
        c.execute(interviewers.insert().values(orphan))
    assert snapshot(db_path)["interviewers"] == []


def test_every_table_of_user_data_belongs_to_an_account(sqlite_store: SqlStore) -> None:
    inspector = inspect(sqlite_store.engine)
    tables = set(inspector.get_table_names())
    assert tables == USER_TABLES | ACCOUNT_TABLES | {"alembic_version"}
    for name in USER_TABLES:
        columns = {column["name"] for column in inspector.get_columns(name)}
        assert "account_id" in columns, name
        assert "account_id" in inspector.get_pk_constraint(name)["constrained_columns"], name
        foreign_keys = inspector.get_foreign_keys(name)
        assert foreign_keys, name
        for foreign_key in foreign_keys:  # no reference can cross into another account
            assert foreign_key["constrained_columns"][0] == "account_id", (name, foreign_key)
    with sqlite_store.engine.connect() as connection:
        accounts = connection.execute(text("SELECT id, name FROM accounts")).all()
    assert [tuple(account) for account in accounts] == [(1, "local")]


def test_migrated_schema_matches_the_metadata(sqlite_store: SqlStore) -> None:
    with sqlite_store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, schema.metadata) == []


def test_a_file_at_an_older_revision_is_upgraded_with_its_data(db_path: Path) -> None:
    db_path.parent.mkdir()
    sqlite3.connect(db_path).close()
    engine = create_engine_for(url_of(db_path))
    migrate_to(engine, "0001")
    older = without_greetings(rich_pipeline())
    write_as_of_revision(engine, older)
    engine.dispose()
    assert SqliteReader.open_if_current(db_path) is None  # the fast path must not read it

    upgraded = SqlStore.open(url_of(db_path))
    try:
        assert schema_revision(upgraded.engine) == store.HEAD_REVISION
        assert upgraded.load() == older
        reader = SqliteReader.open_if_current(db_path)
        assert reader is not None
        assert reader.load() == older
    finally:
        upgraded.close()


def without_greetings(pipeline: Pipeline) -> Pipeline:
    """What a schema before 0005 could hold: no contact has a greeting of their own."""
    return replace(pipeline, contacts=tuple(replace(c, greeting=None) for c in pipeline.contacts))


def write_as_of_revision(engine: Engine, pipeline: Pipeline) -> None:
    """Rows as an older schema stored them: only the columns its tables have."""
    with engine.begin() as connection:
        inspector = inspect(connection)
        for name, table_rows in rows.table_rows(pipeline, store.LOCAL_ACCOUNT).items():
            columns = {column["name"] for column in inspector.get_columns(name)}
            values = [{k: v for k, v in row.items() if k in columns} for row in table_rows.values()]
            if values:
                connection.execute(schema.TABLES[name].insert(), values)


def test_a_file_at_0004_gains_the_greeting_column_and_keeps_its_contacts(
    db_path: Path,
) -> None:
    db_path.parent.mkdir()
    sqlite3.connect(db_path).close()
    engine = create_engine_for(url_of(db_path))
    migrate_to(engine, "0004")
    write_as_of_revision(engine, without_greetings(rich_pipeline()))
    engine.dispose()

    upgraded = SqlStore.open(url_of(db_path))
    try:
        assert schema_revision(upgraded.engine) == store.HEAD_REVISION
        assert upgraded.load() == without_greetings(rich_pipeline())
        save(upgraded, rich_pipeline())
        assert upgraded.load().contact("omar-said").greeting == "Dr. Said"
        with sqlite3.connect(db_path) as plain:
            stored = plain.execute("SELECT id, greeting FROM contacts ORDER BY position")
            assert ("omar-said", "Dr. Said") in stored.fetchall()
    finally:
        upgraded.close()


def test_a_file_at_0005_gains_the_emails_behind_touches_and_keeps_its_touches(
    db_path: Path,
) -> None:
    db_path.parent.mkdir()
    sqlite3.connect(db_path).close()
    engine = create_engine_for(url_of(db_path))
    migrate_to(engine, "0005")
    write_as_of_revision(engine, rich_pipeline())
    engine.dispose()

    upgraded = SqlStore.open(url_of(db_path))
    try:
        assert upgraded.load() == rich_pipeline()
        reply = Touch(
            TouchKind.EMPLOYER_REPLY,
            dt.date(2026, 11, 30),
            application=rich_pipeline().applications[0].id,
            message_id="<reply-1@acme.example>",
            snippet="Thanks, Sam: we will decide by Friday.",
        )
        grown = replace(rich_pipeline(), touches=(*rich_pipeline().touches, reply))
        save(upgraded, grown)
        assert upgraded.load().touches[-1] == reply
        with sqlite3.connect(db_path) as plain:
            stored = plain.execute("SELECT message_id, snippet FROM touches ORDER BY seq DESC")
            assert stored.fetchone() == (reply.message_id, reply.snippet)
    finally:
        upgraded.close()


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Call Jane on Friday.\n" * 200, encoding="utf-8")
    with pytest.raises(StorageError, match="not a database"):
        SqlStore.open(url_of(notes))
    assert notes.read_text(encoding="utf-8") == "Call Jane on Friday.\n" * 200


# --- round trips ---------------------------------------------------------------------------


def test_example_document_round_trips_through_a_unit_of_work(sqlite_store: SqlStore) -> None:
    save(sqlite_store, example_pipeline())
    loaded = sqlite_store.load()
    assert loaded == example_pipeline()
    assert write_document(loaded) == example_raw()  # which fields were spelled out survives too


@pytest.mark.parametrize(
    "pipeline",
    [
        Pipeline(),
        Pipeline(profile=make_profile()),
        make_pipeline(make_application()),
        rich_pipeline(),
    ],
    ids=["empty", "profile-only", "one-application", "rich"],
)
def test_factory_pipelines_round_trip(sqlite_store: SqlStore, pipeline: Pipeline) -> None:
    save(sqlite_store, pipeline)
    assert sqlite_store.load() == pipeline


def test_round_trip_keeps_values_and_their_types(sqlite_store: SqlStore) -> None:
    save(sqlite_store, rich_pipeline())
    loaded = sqlite_store.load()
    acme, brightline, _ = loaded.applications
    assert acme.interviews[0].at == rich_pipeline().applications[0].interviews[0].at
    assert acme.interviews[0].at.isoformat() == "2026-03-04T10:00:00-08:00"
    assert acme.interviews[1].at == day("2026-03-09")
    assert brightline.offer == Offer(day("2026-03-10"), day("2026-03-17"), "120k + equity")
    assert loaded.touches[0].note == "Thank you! 🙏"
    assert loaded.contacts[2].name == "Zoë Núñez"
    assert [touch.on for touch in loaded.touches] == [
        day("2026-03-05"),
        day("2026-03-06"),
        day("2026-03-07"),
        day("2026-03-05"),
    ]


def test_fast_reader_and_sqlalchemy_read_the_same_pipeline(
    sqlite_store: SqlStore, db_path: Path
) -> None:
    def through_sqlalchemy() -> Pipeline:
        with sqlite_store.engine.connect() as connection:
            return SqlPipeline(connection, store.LOCAL_ACCOUNT).load()

    save(sqlite_store, rich_pipeline())
    reader = SqliteReader.open_if_current(db_path)
    assert reader is not None
    assert reader.load() == through_sqlalchemy() == sqlite_store.load() == rich_pipeline()

    save(sqlite_store, example_pipeline())
    assert reader.load() == through_sqlalchemy() == example_pipeline()
    assert write_document(reader.load()) == write_document(through_sqlalchemy()) == example_raw()


def test_fast_reader_reads_a_missing_file_as_empty_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "afterview.db"
    reader = SqliteReader.open_if_current(missing)
    assert reader is not None
    assert reader.load() == Pipeline()
    assert reader.load_outbox() == []
    assert not missing.parent.exists()


def _empty_database(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")


def _older_revision(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('0001')")


@pytest.mark.parametrize(
    "make", [_empty_database, _older_revision], ids=["no-tables-of-ours", "older-revision"]
)
def test_fast_reader_declines_a_file_that_is_not_migrated(tmp_path: Path, make: Any) -> None:
    path = tmp_path / "afterview.db"
    make(path)
    assert SqliteReader.open_if_current(path) is None


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty (0 bytes)"), (b"this is a text file\n" * 300, "file is not a database")],
    ids=["zero-bytes", "not-sqlite"],
)
def test_fast_reader_refuses_what_is_not_a_database(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "afterview.db"
    path.write_bytes(content)
    with pytest.raises(StorageError, match=re.escape(message)):
        SqliteReader.open_if_current(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afterview.db"]


def test_the_app_reads_through_the_fast_path_once_the_file_is_current(
    afterview: Afterview,
) -> None:
    save(afterview.ports.store, rich_pipeline())
    fresh = Afterview(AppSettings.from_environment())
    try:
        assert isinstance(fresh.ports.reader, SqliteReader)
        assert fresh.ports.reader.load() == rich_pipeline()
        assert "store" not in fresh.__dict__  # no SQLAlchemy store was opened to read
    finally:
        fresh.close()


# --- row-level saves --------------------------------------------------------------------


def test_saving_an_unchanged_pipeline_writes_nothing(sqlite_store: SqlStore, db_path: Path) -> None:
    save(sqlite_store, rich_pipeline())
    before = snapshot(db_path)
    assert rows_written(sqlite_store, rich_pipeline(), rich_pipeline()) == 0
    assert snapshot(db_path) == before


def test_changing_one_contact_rewrites_only_its_row(sqlite_store: SqlStore, db_path: Path) -> None:
    pipeline = rich_pipeline()
    save(sqlite_store, pipeline)
    before = snapshot(db_path)
    omar = pipeline.contacts[1]
    changed = replace(
        pipeline,
        contacts=(
            pipeline.contacts[0],
            replace(omar, title="Head of Data"),
            *pipeline.contacts[2:],
        ),
    )

    assert rows_written(sqlite_store, pipeline, changed) == 1
    after = snapshot(db_path)
    assert {name for name in rows.TABLES if after[name] != before[name]} == {"contacts"}
    changed_rows = [row for row in after["contacts"] if row not in before["contacts"]]
    assert len(changed_rows) == 1
    rowid, _account, contact_id, *_ = changed_rows[0]
    assert contact_id == "omar-said"
    assert rowid == next(row[0] for row in before["contacts"] if row[2] == "omar-said")
    assert "Head of Data" in changed_rows[0]
    assert sqlite_store.load() == changed


def test_removing_an_interviewer_deletes_that_row(sqlite_store: SqlStore, db_path: Path) -> None:
    pipeline = rich_pipeline()
    save(sqlite_store, pipeline)
    before = snapshot(db_path)
    acme = pipeline.applications[0]
    first = acme.interviews[0]
    slimmer = replace(first, interviewers=("jane-doe",), topics=dict(first.topics))
    changed = replace(
        pipeline,
        applications=(
            replace(acme, interviews=(slimmer, acme.interviews[1])),
            *pipeline.applications[1:],
        ),
    )

    assert rows_written(sqlite_store, pipeline, changed) == 1
    after = snapshot(db_path)
    panel = [(row[2], row[3]) for row in after["interviewers"]]
    assert ("acme-1", "omar-said") not in panel
    assert ("acme-1", "jane-doe") in panel
    assert ("acme-2", "omar-said") in panel  # the same person on another panel stays
    assert len(after["interviewers"]) == len(before["interviewers"]) - 1
    assert after["contacts"] == before["contacts"]  # the person is still a contact
    assert sqlite_store.load() == changed


def test_dropping_an_application_keeps_later_touches_pointing_right(sqlite_store: SqlStore) -> None:
    """Touches are stored by position: dropping an early one shifts the later ones."""
    first = make_application("first", interviews=(make_interview("first-1"),))
    second = make_application("second", company="Globex", interviews=(make_interview("second-1"),))
    thanks_first = make_touch(
        "thank_you", "2026-03-03", application="first", interview="first-1", contact="jane-doe"
    )
    thanks_second = make_touch(
        "thank_you", "2026-03-04", application="second", interview="second-1", contact="jane-doe"
    )
    both = make_pipeline(first, second, touches=(thanks_first, thanks_second))
    save(sqlite_store, both)

    only_second = make_pipeline(second, touches=(thanks_second,))
    save(sqlite_store, only_second)
    assert sqlite_store.load() == only_second


def test_moving_records_around_saves_their_new_order(sqlite_store: SqlStore) -> None:
    pipeline = rich_pipeline()
    save(sqlite_store, pipeline)
    shuffled = replace(
        pipeline,
        contacts=tuple(reversed(pipeline.contacts)),
        applications=tuple(reversed(pipeline.applications)),
        touches=pipeline.touches[1:] + pipeline.touches[:1],
    )
    save(sqlite_store, shuffled)
    assert sqlite_store.load() == shuffled


# --- transactions and sharing -----------------------------------------------------------


def test_an_error_in_the_block_after_save_rolls_everything_back(
    sqlite_store: SqlStore, db_path: Path
) -> None:
    save(sqlite_store, rich_pipeline())
    before = snapshot(db_path)
    with (  # noqa: PT012
        pytest.raises(RuntimeError, match="the mail server said no"),
        sqlite_store.unit_of_work() as work,
    ):
        work.pipeline.save(work.pipeline.load(), example_pipeline())
        assert work.pipeline.load() == example_pipeline()  # written inside the transaction...
        raise RuntimeError("the mail server said no")
    assert snapshot(db_path) == before  # ...and gone after it
    assert sqlite_store.load() == rich_pipeline()


def test_a_save_that_fails_half_way_leaves_the_database_as_before(
    sqlite_store: SqlStore, db_path: Path
) -> None:
    pipeline = rich_pipeline()
    save(sqlite_store, pipeline)
    before = snapshot(db_path)
    assert pipeline.profile is not None
    acme = pipeline.applications[0]
    ghost_panel = replace(acme.interviews[1], interviewers=("omar-said", "no-such-contact"))
    broken = replace(
        pipeline,
        profile=replace(pipeline.profile, name="Samantha Rivera"),  # written first...
        applications=(
            replace(acme, interviews=(acme.interviews[0], ghost_panel)),
            *pipeline.applications[1:],
        ),  # ...then this row breaks a foreign key
    )
    with pytest.raises(IntegrityError):
        save(sqlite_store, broken)
    assert snapshot(db_path) == before
    assert sqlite_store.load() == pipeline


def test_two_stores_on_one_file_see_each_others_commits(db_path: Path) -> None:
    one, two = SqlStore.open(url_of(db_path)), SqlStore.open(url_of(db_path))
    try:
        assert two.load() == Pipeline()
        save(one, rich_pipeline())
        assert two.load() == rich_pipeline()
        save(two, example_pipeline())
        assert one.load() == example_pipeline()
    finally:
        one.close()
        two.close()


def assert_writers_take_turns(first: SqlStore, second: SqlStore) -> None:
    """While one unit of work is open, a second waits for it, then sees what it wrote."""
    holding, release, second_in = threading.Event(), threading.Event(), threading.Event()

    def add(work: Any, contact_id: str) -> Pipeline:
        before: Pipeline = work.pipeline.load()
        work.pipeline.save(
            before, replace(before, contacts=(*before.contacts, make_contact(contact_id)))
        )
        return before

    def writer_one() -> None:
        with first.unit_of_work() as work:
            holding.set()
            release.wait(10)
            add(work, "first-writer")

    def writer_two() -> Pipeline:
        with second.unit_of_work() as work:
            second_in.set()
            return add(work, "second-writer")

    with ThreadPoolExecutor(max_workers=2) as pool:
        one = pool.submit(writer_one)
        try:
            assert holding.wait(10)
            two = pool.submit(writer_two)
            assert not second_in.wait(0.5), "a second unit of work ran inside the first"
        finally:
            release.set()
        one.result(timeout=20)
        seen_by_second = two.result(timeout=20)
    assert [contact.id for contact in seen_by_second.contacts] == ["first-writer"]
    assert [contact.id for contact in first.load().contacts] == ["first-writer", "second-writer"]


def test_units_of_work_on_one_file_take_turns(db_path: Path) -> None:
    one, two = SqlStore.open(url_of(db_path)), SqlStore.open(url_of(db_path))
    try:
        assert_writers_take_turns(one, two)
    finally:
        one.close()
        two.close()


def test_accounts_in_one_database_are_kept_apart(sqlite_store: SqlStore, db_path: Path) -> None:
    with sqlite_store.engine.begin() as connection:
        connection.execute(text("INSERT INTO accounts (id, name) VALUES (2, 'second')"))
    other = SqlStore(sqlite_store.engine, account_id=2)
    save(sqlite_store, rich_pipeline())
    save(other, example_pipeline())  # the same ids, in another account
    assert sqlite_store.load() == rich_pipeline()
    assert other.load() == example_pipeline()
    assert SqliteReader(db_path, account_id=2).load() == example_pipeline()
    save(other, Pipeline())
    assert sqlite_store.load() == rich_pipeline()


# --- where the database lives -----------------------------------------------------------


def test_the_database_lives_in_the_home_by_default(afterview_home: Path) -> None:
    settings = AppSettings.from_environment()
    assert settings.database_url == url_of(afterview_home / DATABASE_FILE)
    app = Afterview(settings)
    try:
        save(app.ports.store, rich_pipeline())
    finally:
        app.close()
    assert (afterview_home / DATABASE_FILE).is_file()


def test_database_url_overrides_the_default_path(
    afterview_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere" / "jobs.db"
    monkeypatch.setenv("AFTERVIEW_DATABASE_URL", url_of(elsewhere))
    settings = AppSettings.from_environment()
    assert settings.database_url == url_of(elsewhere)
    assert settings.sqlite_path == elsewhere

    app = Afterview(settings)
    try:
        save(app.ports.store, rich_pipeline())
    finally:
        app.close()
    assert elsewhere.is_file()
    assert not (afterview_home / DATABASE_FILE).exists()
    reader = SqliteReader.open_if_current(elsewhere)
    assert reader is not None
    assert reader.load() == rich_pipeline()


def test_first_writes_at_once_from_several_threads_make_one_database(tmp_path: Path) -> None:
    """A fresh home's web UI may get two first writes at once: each thread's migration runs
    in turn (Alembic keeps its scripts in shared state), and every write lands."""
    path = tmp_path / "afterview.db"
    stores = [SqlStore.open(f"sqlite:///{path}") for _ in range(4)]
    failures: list[BaseException] = []
    start = threading.Barrier(len(stores))

    def first_write(store: SqlStore, number: int) -> None:
        start.wait()
        try:
            with store.unit_of_work() as work:
                before = work.pipeline.load()
                contact = make_contact(f"c{number}", name=f"Person {number}")
                work.pipeline.save(before, replace(before, contacts=(*before.contacts, contact)))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=first_write, args=(s, n)) for n, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    reader = SqlStore.open(f"sqlite:///{path}")
    try:
        assert sorted(c.id for c in reader.load().contacts) == ["c0", "c1", "c2", "c3"]
    finally:
        reader.close()
        for store in stores:
            store.close()
