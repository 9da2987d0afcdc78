"""The wall between accounts, kept by PostgreSQL itself (migration 0008: row-level security).

Two accounts share one database; the suite connects as the superuser `postgres`, which
bypasses row-level security, so every test here also proves that the store works as the
role `afterview_app` instead. Queries below are deliberately unfiltered: the database,
not a WHERE clause, must keep each account's rows to itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from afterview.adapters import schema, store
from afterview.adapters.schema import accounts
from afterview.adapters.store import SqlPipeline, SqlStore, create_engine_for, writing
from afterview.domain.model import Pipeline
from afterview.errors import AfterviewError, StorageError
from afterview.services.ports import InboxView
from tests.adapters import test_postgres
from tests.adapters.test_store import alembic_config, example_pipeline, rich_pipeline, save
from tests.factories import make_contact

pytestmark = pytest.mark.postgres
pg_url = test_postgres.pg_url  # a database of its own for each test

SERVER_TABLES = frozenset(
    {
        "accounts",
        "api_tokens",
        "shares",
        "sign_in_attempts",
        "account_mailboxes",  # the worker reads every account's (the URL sealed)
        "worker_digests",
    }
)
WALLED = tuple(
    table.name
    for table in schema.metadata.sorted_tables
    if "account_id" in table.c and table.name not in SERVER_TABLES
)
"""Every table of one account's data: a table added later is walled, or this fails."""
TWO, THREE = 2, 3


@dataclass
class Server:
    url: str
    engine: Engine
    two: SqlStore
    three: SqlStore


@pytest.fixture
def server(pg_url: str) -> Iterator[Server]:
    """Accounts 2 and 3, with a pipeline each (the same contact ids in both)."""
    local = SqlStore.open(pg_url)  # migrates
    with local.engine.begin() as connection:
        connection.execute(
            accounts.insert(),
            [
                {"id": TWO, "name": "two", "email": "two@example.org"},
                {"id": THREE, "name": "three", "email": "three@example.org"},
            ],
        )
    two, three = SqlStore(local.engine, TWO), SqlStore(local.engine, THREE)
    save(two, rich_pipeline())
    save(three, example_pipeline())
    yield Server(pg_url, local.engine, two, three)
    local.close()


def counts(connection: Connection) -> dict[str, list[int]]:
    """Each walled table's account ids, read without any WHERE."""
    return {
        table: [row[0] for row in connection.execute(text(f"SELECT account_id FROM {table}"))]
        for table in WALLED
    }


def test_each_account_loads_only_its_own(server: Server) -> None:
    assert rich_pipeline().contact_map().keys() & example_pipeline().contact_map().keys()
    assert server.two.load() == rich_pipeline()
    assert server.three.load() == example_pipeline()
    assert SqlStore(server.engine).load() == Pipeline()  # the local account has nothing


def test_an_unfiltered_query_sees_only_the_accounts_rows(server: Server) -> None:
    with server.engine.connect() as connection:
        server.two.enter(connection)
        assert connection.execute(text("SELECT current_user")).scalar() == "afterview_app"
        contacts = connection.execute(text("SELECT * FROM contacts")).mappings().all()
        seen = counts(connection)
    assert sorted(row["id"] for row in contacts) == sorted(rich_pipeline().contact_map())
    assert {row["account_id"] for row in contacts} == {TWO}
    assert all(set(ids) <= {TWO} for ids in seen.values())
    assert all(seen[table] for table in ("contacts", "applications", "touches"))

    with server.engine.connect() as connection:
        server.three.enter(connection)
        ids = connection.execute(text("SELECT id FROM contacts")).scalars().all()
    assert sorted(ids) == sorted(example_pipeline().contact_map())


def test_with_no_account_set_a_query_sees_nothing(server: Server) -> None:
    with server.engine.connect() as connection:
        assert counts(connection) == {table: [] for table in WALLED}
        connection.rollback()
        server.two.enter(connection)
        assert counts(connection)["contacts"]
        connection.rollback()  # the setting ends with its transaction ('' from now on)
        assert counts(connection) == {table: [] for table in WALLED}


def test_a_row_of_another_account_is_refused(server: Server) -> None:
    insert = text(
        "INSERT INTO contacts (account_id, id, position, name)"
        " VALUES (:account, 'newcomer', 99, 'Newcomer')"
    )
    with server.engine.connect() as connection:
        server.two.enter(connection)
        with pytest.raises(DBAPIError, match="row-level security") as refused:
            connection.execute(insert, {"account": THREE})
        assert getattr(refused.value.orig, "sqlstate", None) == "42501"
    with server.engine.connect() as connection:
        server.two.enter(connection)
        connection.execute(insert, {"account": TWO})  # its own account: allowed
        with pytest.raises(DBAPIError, match="row-level security"):
            connection.execute(text("UPDATE contacts SET account_id = 3"))
    with server.engine.connect() as connection:
        server.two.enter(connection)
        assert (
            connection.execute(text("UPDATE contacts SET name = 'X' WHERE account_id = 3")).rowcount
            == 0
        )
        assert connection.execute(text("DELETE FROM outbox WHERE account_id = 3")).rowcount == 0
        assert connection.execute(text("DELETE FROM touches WHERE account_id = 3")).rowcount == 0
        connection.commit()
    assert server.three.load() == example_pipeline()
    assert server.two.load() == rich_pipeline()


def test_a_coach_reads_but_cannot_write(server: Server) -> None:
    coach = SqlStore(server.engine, TWO, read_only=True)
    assert coach.load() == rich_pipeline()
    assert coach.load_outbox() == []
    assert coach.inbox_view() == InboxView(None, [], 0)

    with pytest.raises(AfterviewError, match="read only: a coach cannot change"):
        save(coach, Pipeline())

    # Forced past afterview, straight to the database: refused there too.
    with pytest.raises(DBAPIError, match="row-level security"):
        force_a_contact_in(coach)
    with pytest.raises(DBAPIError, match="row-level security"):
        force_sql(coach, "UPDATE contacts SET name = 'Renamed'")
    assert force_sql(coach, "DELETE FROM contacts") == 0  # finds nothing it may delete
    assert server.two.load() == rich_pipeline()


def test_a_refusal_through_the_store_is_one_storage_error(server: Server) -> None:
    coach = SqlStore(server.engine, TWO, read_only=True)
    with pytest.raises(StorageError, match="the database refused: new row violates"):
        force_sql(coach, "UPDATE contacts SET name = 'Renamed'", translated=True)


def force_a_contact_in(coach: SqlStore) -> None:
    """What a unit of work would do, without afterview's own refusal."""
    with writing(coach.engine) as raw:
        coach.enter(raw)
        work = SqlPipeline(raw, coach.account_id)
        before = work.load()
        assert before == rich_pipeline()
        work.save(before, Pipeline(before.profile, (*before.contacts, make_contact("new-one"))))


def force_sql(coach: SqlStore, sql: str, translated: bool = False) -> int:
    """Run `sql` in a write transaction set up as the coach's store sets them up."""
    with coach._translated() if translated else nullcontext(), writing(coach.engine) as raw:
        coach.enter(raw)
        return raw.execute(text(sql)).rowcount


def test_a_coach_store_on_sqlite_refuses_to_write_too(tmp_path: Path) -> None:
    coach = SqlStore.open(f"sqlite:///{tmp_path / 'afterview.db'}", read_only=True)
    try:
        assert coach.load() == Pipeline()
        with pytest.raises(AfterviewError, match="read only"):
            save(coach, Pipeline(contacts=(make_contact("x"),)))
        assert not (tmp_path / "afterview.db").exists()
    finally:
        coach.close()


def test_migrations_run_as_the_owner_and_the_store_as_the_role(pg_url: str) -> None:
    engine = create_engine_for(pg_url)
    owner = create_engine(pg_url)
    try:
        with owner.begin() as connection:  # 0007: the role is not granted here yet
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0007")
        walled = SqlStore(engine, TWO)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT current_user")).scalar() == "postgres"
        assert walled.load() == Pipeline()  # migrates, then switches
        with engine.connect() as connection:
            assert connection.execute(text("SELECT current_user")).scalar() == "afterview_app"
        assert store.schema_revision(engine) == store.HEAD_REVISION

        with owner.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0007")
            secured = connection.execute(
                text("SELECT count(*) FROM pg_class WHERE relrowsecurity OR relforcerowsecurity")
            ).scalar()
            policies = connection.execute(text("SELECT count(*) FROM pg_policies")).scalar()
        assert (secured, policies) == (0, 0)
        fresh = create_engine_for(pg_url)
        try:
            SqlStore(fresh)
            with fresh.connect() as connection:  # no longer granted: no switch
                assert connection.execute(text("SELECT current_user")).scalar() == "postgres"
        finally:
            fresh.dispose()
    finally:
        owner.dispose()
        engine.dispose()


def test_the_migration_creates_the_role_when_the_cluster_has_none(pg_url: str) -> None:
    owner = create_engine(pg_url)
    try:
        with owner.connect() as connection:
            transaction = connection.begin()
            try:
                connection.execute(text("ALTER ROLE afterview_app RENAME TO afterview_aside"))
            except DBAPIError:  # this cluster never had it
                transaction.rollback()
                transaction = connection.begin()
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            made = connection.execute(
                text("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'afterview_app'")
            ).all()
            assert [tuple(row) for row in made] == [(False,)]
            transaction.rollback()  # the cluster's role, as it was
    finally:
        owner.dispose()
