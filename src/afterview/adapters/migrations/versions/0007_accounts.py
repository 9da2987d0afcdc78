"""Server mode's accounts: who may sign in, their API tokens, and whom they share with.

`accounts` gains an email (unique; the local account has none), an Argon2 password
hash, whether the account is a coach's, whether it is disabled, and a session epoch
(raised by a password change, so every older session ends). `api_tokens` keeps each
personal token's SHA-256 only. `shares` says which coach may read which job seeker's
data. `sign_in_attempts` keeps failed sign-ins for the rate limit (in the database, so
that several web processes count together).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: a batch (copy) of `accounts` would break SQLite's foreign keys.
    op.add_column("accounts", sa.Column("email", sa.String(320)))
    op.add_column("accounts", sa.Column("password_hash", sa.Text))
    false = sa.false()
    op.add_column("accounts", sa.Column("coach", sa.Boolean, nullable=False, server_default=false))
    op.add_column(
        "accounts", sa.Column("disabled", sa.Boolean, nullable=False, server_default=false)
    )
    op.add_column(
        "accounts", sa.Column("session_epoch", sa.Integer, nullable=False, server_default="0")
    )
    op.add_column("accounts", sa.Column("time_zone", sa.String(64)))
    op.create_index("uq_accounts_email", "accounts", ["email"], unique=True)
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("account_id", sa.Integer, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.Text),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_api_tokens_account"),
    )
    op.create_table(
        "shares",
        sa.Column("client_id", sa.Integer, primary_key=True),
        sa.Column("coach_id", sa.Integer, primary_key=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.ForeignKeyConstraint(["client_id"], ["accounts.id"], name="fk_shares_client"),
        sa.ForeignKeyConstraint(["coach_id"], ["accounts.id"], name="fk_shares_coach"),
    )
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_sign_in_attempts_key", "sign_in_attempts", ["key", "at"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_attempts_key", "sign_in_attempts")
    op.drop_table("sign_in_attempts")
    op.drop_table("shares")
    op.drop_table("api_tokens")
    op.drop_index("uq_accounts_email", "accounts")
    with op.batch_alter_table("accounts") as batch:
        for column in ("time_zone", "session_epoch", "disabled", "coach", "password_hash", "email"):
            batch.drop_column(column)
