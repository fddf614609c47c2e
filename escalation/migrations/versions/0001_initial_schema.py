"""Initial schema: reporters, reports, recruiters, evidence, audit trail, officers, outbox.

The audit trail (``status_events``) is made append-only in the database itself by triggers.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "officers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officers")),
        sa.UniqueConstraint("telegram_user_id", name=op.f("uq_officers_telegram_user_id")),
    )
    op.create_table(
        "recruiters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruiters")),
        sa.UniqueConstraint("kind", "key_hash", name="uq_recruiters_kind_key_hash"),
    )
    op.create_table(
        "reporters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("chat_id_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporters")),
        sa.UniqueConstraint("key", name=op.f("uq_reporters_key")),
    )
    op.create_table(
        "ticket_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_ticket_counters")),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket", sa.String(length=20), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("recruiter_name", sa.Text(), nullable=True),
        sa.Column("recruiter_contact", sa.Text(), nullable=True),
        sa.Column("company", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("kabupaten", sa.String(length=255), nullable=True),
        sa.Column("contact_channel", sa.String(length=255), nullable=True),
        sa.Column("offer_text", sa.Text(), nullable=True),
        sa.Column("destination_country", sa.String(length=255), nullable=True),
        sa.Column("money", sa.Text(), nullable=True),
        sa.Column("status_now", sa.Text(), nullable=True),
        sa.Column("in_danger", sa.Boolean(), nullable=False),
        sa.Column("minor", sa.Boolean(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("contact_allowed", sa.Boolean(), nullable=False),
        sa.Column("notify_updates", sa.Boolean(), nullable=False),
        sa.Column("contact_phone", sa.String(length=64), nullable=True),
        sa.Column("screening_level", sa.String(length=32), nullable=True),
        sa.Column("screening_flags", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("assigned_officer", sa.String(length=64), nullable=True),
        sa.Column("forwarded_to", sa.String(length=20), nullable=True),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("wiped_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["reporters.id"],
            name=op.f("fk_reports_reporter_id_reporters"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_reports_idempotency_key")),
        sa.UniqueConstraint("ticket", name=op.f("uq_reports_ticket")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reports_open_queue", ["status", "urgent", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reports_reporter_id"), ["reporter_id"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("path", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wiped_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_evidence_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint("report_id", "sha256", name="uq_evidence_report_id_sha256"),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_sha256"), ["sha256"], unique=False)

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("ticket", sa.String(length=20), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("telegram_message_id", sa.BigInteger(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_notifications_report_id_reports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notifications_due",
            ["status", "next_attempt_at", "priority"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_notifications_report_id"), ["report_id"], unique=False)

    op.create_table(
        "recruiter_identifiers",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("recruiter_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["recruiter_id"],
            ["recruiters.id"],
            name=op.f("fk_recruiter_identifiers_recruiter_id_recruiters"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_recruiter_identifiers_report_id_reports"),
        ),
        sa.PrimaryKeyConstraint("report_id", "recruiter_id", name=op.f("pk_recruiter_identifiers")),
    )
    with op.batch_alter_table("recruiter_identifiers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recruiter_identifiers_recruiter_id"),
            ["recruiter_id"],
            unique=False,
        )

    op.create_table(
        "status_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_status_events_report_id_reports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_events")),
    )
    with op.batch_alter_table("status_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_events_report_id"), ["report_id"], unique=False)

    op.create_table(
        "event_notes",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["status_events.id"],
            name=op.f("fk_event_notes_event_id_status_events"),
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_event_notes")),
    )
    _create_append_only_triggers()


def downgrade() -> None:
    _drop_append_only_triggers()
    op.drop_table("event_notes")
    with op.batch_alter_table("status_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_events_report_id"))

    op.drop_table("status_events")
    with op.batch_alter_table("recruiter_identifiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recruiter_identifiers_recruiter_id"))

    op.drop_table("recruiter_identifiers")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_report_id"))
        batch_op.drop_index("ix_notifications_due")

    op.drop_table("notifications")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_sha256"))

    op.drop_table("evidence")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_reporter_id"))
        batch_op.drop_index("ix_reports_open_queue")

    op.drop_table("reports")
    op.drop_table("ticket_counters")
    op.drop_table("reporters")
    op.drop_table("recruiters")
    op.drop_table("officers")


def _create_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION status_events_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'status_events is append-only';
            END
            $$
            """
        )
        op.execute(
            "CREATE TRIGGER status_events_append_only BEFORE UPDATE OR DELETE ON status_events "
            "FOR EACH ROW EXECUTE FUNCTION status_events_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER status_events_no_{verb.lower()} BEFORE {verb} ON status_events "
                "BEGIN SELECT RAISE(ABORT, 'status_events is append-only'); END"
            )


def _drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS status_events_append_only ON status_events")
        op.execute("DROP FUNCTION IF EXISTS status_events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS status_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS status_events_no_delete")
