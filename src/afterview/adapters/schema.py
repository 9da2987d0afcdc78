"""The tables, as SQLAlchemy Core sees them. Alembic migrations create them; a test
checks that the two agree. Every table of user data carries its account's id."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
    func,
)

metadata = MetaData()

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("email", String(320)),
    Column("password_hash", Text),
    Column("coach", Boolean, nullable=False, server_default=false()),
    Column("disabled", Boolean, nullable=False, server_default=false()),
    Column("session_epoch", Integer, nullable=False, server_default="0"),
    Column("time_zone", String(64)),
    Column("data_version", BigInteger, nullable=False, server_default="0"),
    Column("calendar_epoch", Integer, nullable=False, server_default="0"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("label", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("expires_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_api_tokens_account"),
)

shares = Table(
    "shares",
    metadata,
    Column("client_id", Integer, primary_key=True),
    Column("coach_id", Integer, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ForeignKeyConstraint(["client_id"], ["accounts.id"], name="fk_shares_client"),
    ForeignKeyConstraint(["coach_id"], ["accounts.id"], name="fk_shares_coach"),
)

sign_in_attempts = Table(
    "sign_in_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(400), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

profiles = Table(
    "profiles",
    metadata,
    Column("account_id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("email", Text),
    Column("phone", Text),
    Column("address", Text),
    Column("country", String(2), nullable=False),
    Column("subdivision", String(100)),
    Column("strengths", Text, nullable=False),
    Column("document_fields", Text),
    ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_profiles_account"),
)

contacts = Table(
    "contacts",
    metadata,
    Column("account_id", Integer, primary_key=True),
    Column("id", String(200), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("title", Text),
    Column("company", Text),
    Column("email", Text),
    Column("phone", Text),
    Column("address", Text),
    Column("fax", Text),
    Column("medium", String(10)),
    Column("document_fields", Text),
    Column("greeting", Text),
    ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_contacts_account"),
)

profile_references = Table(
    "profile_references",
    metadata,
    Column("account_id", Integer, primary_key=True),
    Column("contact_id", String(200), primary_key=True),
    Column("position", Integer, nullable=False),
    ForeignKeyConstraint(
        ["account_id", "contact_id"],
        ["contacts.account_id", "contacts.id"],
        name="fk_profile_references_contact",
    ),
)

applications = Table(
    "applications",
    metadata,
    Column("account_id", Integer, primary_key=True),
    Column("id", String(200), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("company", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("applied_on", Date),
    Column("closed_on", Date),
    Column("medium", String(10)),
    Column("interest", Integer),
    Column("job_description", Text),
    Column("offer_received_on", Date),
    Column("offer_deadline", Date),
    Column("offer_summary", Text),
    Column("offer_document_fields", Text),
    Column("document_fields", Text),
    ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_applications_account"),
)

interviews = Table(
    "interviews",
    metadata,
    Column("account_id", Integer, primary_key=True),
    Column("id", String(200), primary_key=True),
    Column("application_id", String(200), nullable=False),
    Column("position", Integer, nullable=False),
    Column("starts_at", String(40), nullable=False),
    Column("kind", String(10)),
    Column("decision_expected", Date),
    Column("document_fields", Text),
    ForeignKeyConstraint(
        ["account_id", "application_id"],
        ["applications.account_id", "applications.id"],
        name="fk_interviews_application",
    ),
)

interviewers = Table(
    "interviewers",
    metadata,
    Column("account_id", Integer, primary_key=True),
    Column("interview_id", String(200), primary_key=True),
    Column("contact_id", String(200), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("topic", Text),
    ForeignKeyConstraint(
        ["account_id", "interview_id"],
        ["interviews.account_id", "interviews.id"],
        name="fk_interviewers_interview",
    ),
    ForeignKeyConstraint(
        ["account_id", "contact_id"],
        ["contacts.account_id", "contacts.id"],
        name="fk_interviewers_contact",
    ),
)

touches = Table(
    "touches",
    metadata,
    Column("account_id", Integer, primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(20), nullable=False),
    Column("happened_on", Date, nullable=False),
    Column("application_id", String(200)),
    Column("interview_id", String(200)),
    Column("contact_id", String(200)),
    Column("medium", String(10)),
    Column("note", Text),
    Column("follow_up_requested_on", Date),
    Column("document_fields", Text),
    Column("message_id", Text),
    Column("snippet", Text),
    ForeignKeyConstraint(
        ["account_id", "application_id"],
        ["applications.account_id", "applications.id"],
        name="fk_touches_application",
    ),
    ForeignKeyConstraint(
        ["account_id", "interview_id"],
        ["interviews.account_id", "interviews.id"],
        name="fk_touches_interview",
    ),
    ForeignKeyConstraint(
        ["account_id", "contact_id"],
        ["contacts.account_id", "contacts.id"],
        name="fk_touches_contact",
    ),
)

outbox = Table(
    "outbox",
    metadata,
    Column("account_id", Integer, primary_key=True),
    Column("id", String(420), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("interview_id", String(200)),
    Column("contact_id", String(200)),
    Column("medium", String(10), nullable=False),
    Column("message_id", String(300), nullable=False, unique=True),
    Column("state", String(12), nullable=False),
    Column("recipient", Text),
    Column("subject", Text),
    Column("body", Text, nullable=False),
    Column("file", Text),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_outbox_account"),
)

inbox_folders = Table(
    "inbox_folders",
    metadata,
    Column("account_id", Integer, primary_key=True),
    Column("folder", String(10), primary_key=True),
    Column("name", Text, nullable=False),
    Column("uidvalidity", BigInteger, nullable=False),
    Column("last_uid", BigInteger, nullable=False),
    Column("read_at", DateTime(timezone=True), nullable=False),
    ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_inbox_folders_account"),
)

inbox_messages = Table(
    "inbox_messages",
    metadata,
    Column("account_id", Integer, primary_key=True),
    Column("message_id", String(1000), primary_key=True),
    Column("folder", String(10), nullable=False),
    Column("outcome", String(12), nullable=False),
    Column("received_on", Date),
    Column("sender", Text),
    Column("subject", Text),
    Column("snippet", Text),
    Column("reason", Text),
    Column("application_id", String(200)),
    Column("contact_id", String(200)),
    Column("requested_on", Date),
    Column("read_at", DateTime(timezone=True), nullable=False),
    ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_inbox_messages_account"),
)

inbox_invites = Table(
    "inbox_invites",
    metadata,
    Column("account_id", Integer, primary_key=True),
    Column("uid", String(1000), primary_key=True),
    Column("interview_id", String(200), nullable=False),
    Column("sequence", Integer, nullable=False, server_default="0"),
    ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_inbox_invites_account"),
)

account_mailboxes = Table(
    "account_mailboxes",
    metadata,
    Column("account_id", Integer, primary_key=True),
    Column("sealed_url", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("synced_at", DateTime(timezone=True)),
    Column("problem", Text),
    ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_account_mailboxes_account"),
)
"""Server mode: the mailbox each account's inbox is read from (its URL sealed: it holds a
password), and how the worker's last reading of it went."""

worker_digests = Table(
    "worker_digests",
    metadata,
    Column("account_id", Integer, primary_key=True),
    Column("day", Date, primary_key=True),
    Column("due_at", DateTime(timezone=True), nullable=False),
    ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_worker_digests_account"),
)
"""Server mode: each account's local day whose digest the worker has queued, and the
minute it was queued at (the account's morning, or the first minute after it that a
worker ran)."""

TABLES = {table.name: table for table in metadata.sorted_tables}

Index("ix_interviews_application", interviews.c.account_id, interviews.c.application_id)
Index("ix_touches_application", touches.c.account_id, touches.c.application_id)
Index("uq_accounts_email", accounts.c.email, unique=True)
Index("ix_sign_in_attempts_key", sign_in_attempts.c.key, sign_in_attempts.c.at)
Index(
    "ix_inbox_messages_outcome",
    inbox_messages.c.account_id,
    inbox_messages.c.outcome,
    inbox_messages.c.received_on,
)
