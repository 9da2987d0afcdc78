"""Which afterview brought the schema to its revision, so an older afterview can say so.

The release is kept beside the revision, in a column of Alembic's own table (Alembic reads
and writes only `version_num`); an afterview that finds a revision it does not know reads
it to name the release that wrote the database.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("alembic_version", sa.Column("afterview_version", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("alembic_version") as batch:
        batch.drop_column("afterview_version")
