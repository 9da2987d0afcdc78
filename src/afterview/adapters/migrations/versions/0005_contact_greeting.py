"""How to address a contact in a note ("Dr. Katz"), when their name does not say.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("contacts", sa.Column("greeting", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("greeting")
