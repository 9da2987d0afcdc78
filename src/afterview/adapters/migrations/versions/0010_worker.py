"""Server mode's worker and feeds: each account's mailbox, the digests the worker has
queued, and each account's calendar feed.

`account_mailboxes` keeps the mailbox each account's inbox is read from, its URL sealed
(it holds a password; the key is in AFTERVIEW_HOME, never in the database) beside a
label safe to show, and how the last reading went. `worker_digests` keeps each
(account, local day) whose digest a worker queued, so a day's digest is queued once
however many workers run. Neither holds a job seeker's records: they are server tables,
outside the wall of migration 0008 (the worker reads them for every account).
`accounts.calendar_epoch` numbers each account's calendar feed address: the address is
signed with the server's key over the account and this number, and raising the number
(Settings, "Rotate") ends the old address.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "accounts", sa.Column("calendar_epoch", sa.Integer, nullable=False, server_default="0")
    )
    op.create_table(
        "account_mailboxes",
        sa.Column("account_id", sa.Integer, primary_key=True),
        sa.Column("sealed_url", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True)),
        sa.Column("problem", sa.Text),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_account_mailboxes_account"
        ),
    )
    op.create_table(
        "worker_digests",
        sa.Column("account_id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_worker_digests_account"),
    )


def downgrade() -> None:
    op.drop_table("worker_digests")
    op.drop_table("account_mailboxes")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("calendar_epoch")
