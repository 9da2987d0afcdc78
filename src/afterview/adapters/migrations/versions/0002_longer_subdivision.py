"""Room for every subdivision the holidays package knows ("São Paulo Capital" is 17 long).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.alter_column("subdivision", existing_type=sa.String(10), type_=sa.String(100))


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.alter_column("subdivision", existing_type=sa.String(100), type_=sa.String(10))
