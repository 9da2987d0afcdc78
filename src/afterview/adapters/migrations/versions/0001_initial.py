"""The first tables: an account, its profile, contacts, applications, interviews, touches.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(200)


def _account_key(*columns: sa.Column[object]) -> list[sa.Column[object]]:
    return [sa.Column("account_id", sa.Integer, primary_key=True), *columns]


def _fk(name: str, local: list[str], table: str, remote: list[str]) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(local, [f"{table}.{column}" for column in remote], name=name)


def upgrade() -> None:
    accounts = op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "profiles",
        *_account_key(
            sa.Column("name", sa.Text, nullable=False),
            sa.Column("email", sa.Text),
            sa.Column("phone", sa.Text),
            sa.Column("address", sa.Text),
            sa.Column("country", sa.String(2), nullable=False),
            sa.Column("subdivision", sa.String(10)),
            sa.Column("strengths", sa.Text, nullable=False),
            sa.Column("document_fields", sa.Text),
        ),
        _fk("fk_profiles_account", ["account_id"], "accounts", ["id"]),
    )
    op.create_table(
        "contacts",
        *_account_key(
            sa.Column("id", ID, primary_key=True),
            sa.Column("position", sa.Integer, nullable=False),
            sa.Column("name", sa.Text, nullable=False),
            sa.Column("title", sa.Text),
            sa.Column("company", sa.Text),
            sa.Column("email", sa.Text),
            sa.Column("phone", sa.Text),
            sa.Column("address", sa.Text),
            sa.Column("fax", sa.Text),
            sa.Column("medium", sa.String(10)),
            sa.Column("document_fields", sa.Text),
        ),
        _fk("fk_contacts_account", ["account_id"], "accounts", ["id"]),
    )
    op.create_table(
        "profile_references",
        *_account_key(
            sa.Column("contact_id", ID, primary_key=True),
            sa.Column("position", sa.Integer, nullable=False),
        ),
        _fk(
            "fk_profile_references_contact",
            ["account_id", "contact_id"],
            "contacts",
            ["account_id", "id"],
        ),
    )
    op.create_table(
        "applications",
        *_account_key(
            sa.Column("id", ID, primary_key=True),
            sa.Column("position", sa.Integer, nullable=False),
            sa.Column("company", sa.Text, nullable=False),
            sa.Column("role", sa.Text, nullable=False),
            sa.Column("status", sa.String(20), nullable=False),
            sa.Column("applied_on", sa.Date),
            sa.Column("closed_on", sa.Date),
            sa.Column("medium", sa.String(10)),
            sa.Column("interest", sa.Integer),
            sa.Column("job_description", sa.Text),
            sa.Column("offer_received_on", sa.Date),
            sa.Column("offer_deadline", sa.Date),
            sa.Column("offer_summary", sa.Text),
            sa.Column("offer_document_fields", sa.Text),
            sa.Column("document_fields", sa.Text),
        ),
        _fk("fk_applications_account", ["account_id"], "accounts", ["id"]),
    )
    op.create_table(
        "interviews",
        *_account_key(
            sa.Column("id", ID, primary_key=True),
            sa.Column("application_id", ID, nullable=False),
            sa.Column("position", sa.Integer, nullable=False),
            sa.Column("starts_at", sa.String(40), nullable=False),
            sa.Column("kind", sa.String(10)),
            sa.Column("decision_expected", sa.Date),
            sa.Column("document_fields", sa.Text),
        ),
        _fk(
            "fk_interviews_application",
            ["account_id", "application_id"],
            "applications",
            ["account_id", "id"],
        ),
    )
    op.create_index("ix_interviews_application", "interviews", ["account_id", "application_id"])
    op.create_table(
        "interviewers",
        *_account_key(
            sa.Column("interview_id", ID, primary_key=True),
            sa.Column("contact_id", ID, primary_key=True),
            sa.Column("position", sa.Integer, nullable=False),
            sa.Column("topic", sa.Text),
        ),
        _fk(
            "fk_interviewers_interview",
            ["account_id", "interview_id"],
            "interviews",
            ["account_id", "id"],
        ),
        _fk(
            "fk_interviewers_contact",
            ["account_id", "contact_id"],
            "contacts",
            ["account_id", "id"],
        ),
    )
    op.create_table(
        "touches",
        *_account_key(
            sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("kind", sa.String(20), nullable=False),
            sa.Column("happened_on", sa.Date, nullable=False),
            sa.Column("application_id", ID),
            sa.Column("interview_id", ID),
            sa.Column("contact_id", ID),
            sa.Column("medium", sa.String(10)),
            sa.Column("note", sa.Text),
            sa.Column("follow_up_requested_on", sa.Date),
            sa.Column("document_fields", sa.Text),
        ),
        _fk(
            "fk_touches_application",
            ["account_id", "application_id"],
            "applications",
            ["account_id", "id"],
        ),
        _fk(
            "fk_touches_interview",
            ["account_id", "interview_id"],
            "interviews",
            ["account_id", "id"],
        ),
        _fk("fk_touches_contact", ["account_id", "contact_id"], "contacts", ["account_id", "id"]),
    )
    op.create_index("ix_touches_application", "touches", ["account_id", "application_id"])
    op.bulk_insert(accounts, [{"id": 1, "name": "local"}])


def downgrade() -> None:
    for table in (
        "touches",
        "interviewers",
        "interviews",
        "applications",
        "profile_references",
        "contacts",
        "profiles",
        "accounts",
    ):
        op.drop_table(table)
