"""The store in server mode, on a real PostgreSQL cluster the suite starts itself.

Each test gets a database of its own in the session's cluster, dropped afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, make_url, text

from afterview.adapters import rows, schema, store
from afterview.adapters.store import SqlStore, StorageError, create_engine_for, schema_revision
from afterview.bootstrap import Afterview
from afterview.config import DATABASE_FILE, AppSettings
from afterview.domain.model import Pipeline
from afterview.errors import InvalidInput
from afterview.services.documents import (
    ImportDocument,
    ImportReport,
    export_document,
    merge_document,
)
from tests.adapters.test_store import (
    assert_writers_take_turns,
    example_pipeline,
    example_raw,
    migrate_to,
    rich_pipeline,
    save,
)
from tests.factories import make_contact
from tests.fakes import FakePorts

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(postgres_url: str) -> Iterator[str]:
    """A brand-new, empty database of its own for one test."""
    server = make_url(postgres_url)
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[SqlStore]:
    opened = SqlStore.open(pg_url)
    yield opened
    opened.close()


def test_migrations_build_the_schema_from_nothing(pg_url: str) -> None:
    engine = create_engine_for(pg_url)
    try:
        assert inspect(engine).get_table_names() == []
        assert schema_revision(engine) is None
    finally:
        engine.dispose()

    opened = SqlStore.open(pg_url)
    try:
        assert schema_revision(opened.engine) == store.HEAD_REVISION
        tables = set(inspect(opened.engine).get_table_names())
        inbox = {"inbox_folders", "inbox_messages", "inbox_invites"}
        server_tables = {"accounts", "api_tokens", "shares", "sign_in_attempts"}
        server_tables |= {"account_mailboxes", "worker_digests"}
        assert tables == set(rows.TABLES) | {"alembic_version", "outbox"} | inbox | server_tables
        with opened.engine.connect() as connection:
            accounts = connection.execute(text("SELECT id, name FROM accounts")).all()
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, schema.metadata)
        assert [tuple(account) for account in accounts] == [(1, "local")]
        assert differences == []
        assert opened.load() == Pipeline()
    finally:
        opened.close()


def test_opening_a_migrated_database_again_keeps_its_data(pg_url: str) -> None:
    first = SqlStore.open(pg_url)
    save(first, rich_pipeline())
    first.close()
    again = SqlStore.open(pg_url)
    try:
        assert again.load() == rich_pipeline()
    finally:
        again.close()


def test_example_document_imports_and_exports_exactly(pg_store: SqlStore, pg_url: str) -> None:
    report = merge_document(FakePorts(store=pg_store), example_raw())
    assert report == ImportReport(contacts=3, applications=1, interviews=1, touches=2)
    assert export_document(FakePorts(store=pg_store)) == example_raw()

    fresh = SqlStore.open(pg_url)  # a new connection: what was committed, not what is cached
    try:
        assert export_document(FakePorts(store=fresh)) == example_raw()
        assert fresh.load() == example_pipeline()
    finally:
        fresh.close()


def test_dates_come_back_as_dates(pg_store: SqlStore) -> None:
    merge_document(FakePorts(store=pg_store), example_raw())
    loaded = pg_store.load()
    application = loaded.applications[0]
    interview = application.interviews[0]
    assert type(application.applied_on) is dt.date
    assert application.applied_on == dt.date(2026, 11, 2)
    assert type(interview.decision_expected) is dt.date
    assert interview.at == dt.datetime.fromisoformat("2026-11-20T10:00:00-08:00")
    assert interview.at.isoformat() == "2026-11-20T10:00:00-08:00"
    assert [type(touch.on) for touch in loaded.touches] == [dt.date, dt.date]
    assert loaded.touches[1].follow_up_requested_on == dt.date(2026, 12, 5)

    with pg_store.engine.connect() as connection:
        columns = connection.execute(
            text(
                "SELECT table_name || '.' || column_name, data_type"
                " FROM information_schema.columns WHERE column_name IN"
                " ('applied_on', 'closed_on', 'happened_on', 'decision_expected')"
            )
        ).all()
    kinds: dict[str, str] = {str(column): str(kind) for column, kind in columns}
    assert kinds == {
        "applications.applied_on": "date",
        "applications.closed_on": "date",
        "touches.happened_on": "date",
        "interviews.decision_expected": "date",
    }


def test_a_second_import_of_the_same_ids_is_refused_and_writes_nothing(pg_store: SqlStore) -> None:
    merge_document(FakePorts(store=pg_store), example_raw())

    with pytest.raises(InvalidInput) as again:
        merge_document(FakePorts(store=pg_store), example_raw())
    assert any("jane-doe" in problem for problem in again.value.problems)
    assert any("acme-de" in problem for problem in again.value.problems)
    assert export_document(FakePorts(store=pg_store)) == example_raw()

    mixed = example_raw()
    mixed["contacts"] = [{"id": "new-person", "name": "New Person"}]
    mixed["touches"] = []
    del mixed["profile"]
    with pytest.raises(InvalidInput, match="acme-de"):
        merge_document(FakePorts(store=pg_store), mixed)
    assert "new-person" not in pg_store.load().contact_map()  # the good part was not kept
    assert export_document(FakePorts(store=pg_store)) == example_raw()


@pytest.mark.parametrize("pipeline", [Pipeline(), rich_pipeline()], ids=["empty", "rich"])
def test_factory_pipelines_round_trip(pg_store: SqlStore, pipeline: Pipeline) -> None:
    save(pg_store, pipeline)
    assert pg_store.load() == pipeline


def test_a_profile_in_any_supported_subdivision_is_stored(pg_store: SqlStore) -> None:
    """Subdivisions come from the holidays package; some names are long."""
    document = {
        "format": "afterview/1",
        "profile": {"name": "Aroha Ngata", "country": "NZ", "subdivision": "South Canterbury"},
    }
    merge_document(FakePorts(store=pg_store), document)
    assert export_document(FakePorts(store=pg_store)) == {
        **document,
        "contacts": [],
        "applications": [],
        "touches": [],
    }


def test_a_database_at_the_first_revision_is_upgraded_with_its_data(pg_url: str) -> None:
    engine = create_engine_for(pg_url)
    migrate_to(engine, "0001")
    save(SqlStore(engine), rich_pipeline())
    engine.dispose()

    upgraded = SqlStore.open(pg_url)
    try:
        assert schema_revision(upgraded.engine) == store.HEAD_REVISION
        assert upgraded.load() == rich_pipeline()
    finally:
        upgraded.close()


def test_dropping_an_application_and_its_touches_saves_cleanly(pg_store: SqlStore) -> None:
    pipeline = rich_pipeline()
    save(pg_store, pipeline)
    acme, *others = pipeline.applications
    without_acme = Pipeline(
        pipeline.profile,
        pipeline.contacts,
        tuple(others),
        tuple(touch for touch in pipeline.touches if touch.application != acme.id),
    )
    save(pg_store, without_acme)
    assert pg_store.load() == without_acme


def test_sequential_units_of_work_both_commit(pg_store: SqlStore, pg_url: str) -> None:
    with pg_store.unit_of_work() as work:
        before = work.pipeline.load()
        work.pipeline.save(before, Pipeline(contacts=(make_contact("first"),)))
    with pg_store.unit_of_work() as work:
        before = work.pipeline.load()
        assert [contact.id for contact in before.contacts] == ["first"]
        work.pipeline.save(before, Pipeline(contacts=(*before.contacts, make_contact("second"))))

    other = SqlStore.open(pg_url)
    try:
        assert [contact.id for contact in other.load().contacts] == ["first", "second"]
    finally:
        other.close()


def test_units_of_work_on_one_account_take_turns(pg_store: SqlStore, pg_url: str) -> None:
    other = SqlStore.open(pg_url)
    try:
        assert_writers_take_turns(pg_store, other)
    finally:
        other.close()


def test_the_app_on_a_postgres_url_reads_and_writes_there_only(
    pg_url: str, afterview_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERVIEW_DATABASE_URL", pg_url)
    settings = AppSettings.from_environment()
    assert settings.sqlite_path is None
    app = Afterview(settings)
    try:
        app.import_document(ImportDocument(json.dumps(example_raw()).encode(), "example.json"))
        assert app.ports.reader is app.ports.store  # no SQLite fast path for a server
        assert app.export_document() == example_raw()
    finally:
        app.close()
    assert not (afterview_home / DATABASE_FILE).exists()


def test_an_unreachable_server_is_a_storage_error() -> None:
    with socket.socket() as taken:  # bound, never listening: connections are refused
        taken.bind(("127.0.0.1", 0))
        url = f"postgresql+psycopg://postgres@127.0.0.1:{taken.getsockname()[1]}/afterview"
        with pytest.raises(StorageError, match="cannot open the database"):
            SqlStore.open(url)


def test_a_pipeline_kept_between_reads_is_read_again_after_a_write_elsewhere(
    pg_url: str,
) -> None:
    """Two stores stand for two web processes: one keeps the pipeline it read, until the
    other writes (the account's data version moves)."""
    reader, writer = SqlStore.open(pg_url), SqlStore.open(pg_url)
    try:
        save(writer, example_pipeline())
        first = reader.load()
        assert reader.load() is first  # nothing written since: the same pipeline, kept
        grown = replace(
            example_pipeline(), contacts=(*example_pipeline().contacts, make_contact("new-one"))
        )
        save(writer, grown)
        assert reader.load() == grown
    finally:
        reader.close()
        writer.close()
