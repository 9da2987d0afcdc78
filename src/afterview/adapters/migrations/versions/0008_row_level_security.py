"""Server mode's wall between accounts, kept by PostgreSQL itself (row-level security).

The store works as the NOLOGIN role `afterview_app` (it runs `SET ROLE afterview_app` on
every connection, so that even a superuser's URL is walled: superusers bypass row-level
security, the role they switch to does not). Every table of user data lets a query see
and change only the rows of the account named by the transaction's `afterview.account`
setting; with `afterview.read_only` set to `on` (a coach reading a client's records) it
may see them but change nothing. A missing or empty setting means no rows, never an error
and never all rows. Server tables (accounts, api_tokens, shares, sign_in_attempts) are not
walled by row.

The role belongs to the cluster, not the database: it is created when missing and granted
to the user that runs the migrations (the tables' owner). FORCE ROW LEVEL SECURITY walls
the owner too: a later migration that changes data as a non-superuser owner must set
`afterview.account` first, or lift FORCE for its own transaction.

SQLite has one account and no roles: nothing to do there.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ROLE = "afterview_app"
WALLED = (
    "profiles",
    "contacts",
    "profile_references",
    "applications",
    "interviews",
    "interviewers",
    "touches",
    "outbox",
    "inbox_folders",
    "inbox_messages",
    "inbox_invites",
)
ACCOUNT = "account_id = nullif(current_setting('afterview.account', true), '')::int"
"""The transaction's account (a setting that ended with its transaction reads as '')."""
WRITABLE = f"{ACCOUNT} AND coalesce(current_setting('afterview.read_only', true), '') <> 'on'"
POLICIES = (
    ("account_select", f"FOR SELECT USING ({ACCOUNT})"),
    ("account_insert", f"FOR INSERT WITH CHECK ({WRITABLE})"),
    # An update may find the account's rows, and is refused (an error, not zero rows) when
    # the transaction may only read.
    ("account_update", f"FOR UPDATE USING ({ACCOUNT}) WITH CHECK ({WRITABLE})"),
    ("account_delete", f"FOR DELETE USING ({WRITABLE})"),
)


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN
                CREATE ROLE {ROLE} NOLOGIN;
            END IF;
        EXCEPTION WHEN duplicate_object THEN
            NULL;  -- another database of the cluster made it first
        END
        $$
        """
    )
    # A superuser may switch to any role; anyone else is granted it (with SET, the default).
    # UPDATE on sequences: server mode moves the accounts' sequence past the local account.
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                EXECUTE format('GRANT {ROLE} TO %I', current_user);
            END IF;
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO {ROLE}', current_schema());
            EXECUTE format(
                'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO {ROLE}',
                current_schema()
            );
            EXECUTE format(
                'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO {ROLE}',
                current_schema()
            );
        END
        $$
        """
    )
    op.execute(f"ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {ROLE}")
    for table in WALLED:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        for name, rule in POLICIES:
            op.execute(f"CREATE POLICY {name} ON {table} {rule}")


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    for table in WALLED:
        for name, _rule in POLICIES:
            op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    # The role stays (other databases of the cluster may use it); this database stops
    # granting it anything, so the store no longer switches to it here.
    op.execute(f"ALTER DEFAULT PRIVILEGES REVOKE ALL ON SEQUENCES FROM {ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM {ROLE}")
    op.execute(
        f"""
        DO $$
        BEGIN
            EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM {ROLE}',
                current_schema());
            EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM {ROLE}', current_schema());
            EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM {ROLE}', current_schema());
        END
        $$
        """
    )
