"""The outbox: every message persisted with its Message-ID before it goes out.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("account_id", sa.Integer, primary_key=True),
        sa.Column("id", sa.String(420), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("interview_id", sa.String(200)),
        sa.Column("contact_id", sa.String(200)),
        sa.Column("medium", sa.String(10), nullable=False),
        sa.Column("message_id", sa.String(300), nullable=False, unique=True),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("recipient", sa.Text),
        sa.Column("subject", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("file", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_outbox_account"),
    )


def downgrade() -> None:
    op.drop_table("outbox")
