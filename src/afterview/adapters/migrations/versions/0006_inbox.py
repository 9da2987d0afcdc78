"""The inbox: touches keep the email behind them, and the mailbox's reading is remembered.

`touches` gain `message_id` and `snippet`. `inbox_folders` keeps how far each folder
was read (UIDVALIDITY, last UID); `inbox_messages` every message read once, by
Message-ID (metadata and a snippet, never the message), with what became of it;
`inbox_invites` which interview each calendar invitation (by UID) became.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("touches", sa.Column("message_id", sa.Text))
    op.add_column("touches", sa.Column("snippet", sa.Text))
    op.create_table(
        "inbox_folders",
        sa.Column("account_id", sa.Integer, primary_key=True),
        sa.Column("folder", sa.String(10), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("uidvalidity", sa.BigInteger, nullable=False),
        sa.Column("last_uid", sa.BigInteger, nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_inbox_folders_account"),
    )
    op.create_table(
        "inbox_messages",
        sa.Column("account_id", sa.Integer, primary_key=True),
        sa.Column("message_id", sa.String(1000), primary_key=True),
        sa.Column("folder", sa.String(10), nullable=False),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("received_on", sa.Date),
        sa.Column("sender", sa.Text),
        sa.Column("subject", sa.Text),
        sa.Column("snippet", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("application_id", sa.String(200)),
        sa.Column("contact_id", sa.String(200)),
        sa.Column("requested_on", sa.Date),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_inbox_messages_account"),
    )
    op.create_index(
        "ix_inbox_messages_outcome", "inbox_messages", ["account_id", "outcome", "received_on"]
    )
    op.create_table(
        "inbox_invites",
        sa.Column("account_id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(1000), primary_key=True),
        sa.Column("interview_id", sa.String(200), nullable=False),
        sa.Column("sequence", sa.Integer, nullable=False, server_default="0"),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_inbox_invites_account"),
    )


def downgrade() -> None:
    op.drop_table("inbox_invites")
    op.drop_index("ix_inbox_messages_outcome", "inbox_messages")
    op.drop_table("inbox_messages")
    op.drop_table("inbox_folders")
    with op.batch_alter_table("touches") as batch:
        batch.drop_column("snippet")
        batch.drop_column("message_id")
