"""Officers' web console: sign-ins and sessions, recruiter verdicts, an append-only officer
audit log, and the imported lists of licensed recruitment agencies (P3MI).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agency_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("list_date", sa.Date(), nullable=False),
        sa.Column("sample", sa.Boolean(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_lists")),
    )
    op.create_table(
        "console_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_accounts")),
        sa.UniqueConstraint("username", name=op.f("uq_console_accounts_username")),
    )
    op.create_table(
        "officer_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officer_audit")),
    )
    with op.batch_alter_table("officer_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_officer_audit_subject"), ["subject"], unique=False)

    op.create_table(
        "console_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["console_accounts.id"],
            name=op.f("fk_console_sessions_account_id_console_accounts"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_console_sessions")),
    )
    with op.batch_alter_table("console_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_console_sessions_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "licensed_agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.String(length=255), nullable=False),
        sa.Column("licence_number", sa.String(length=255), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["agency_lists.id"],
            name=op.f("fk_licensed_agencies_list_id_agency_lists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licensed_agencies")),
    )
    with op.batch_alter_table("licensed_agencies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_licensed_agencies_list_name", ["list_id", "name_key"], unique=False
        )

    op.create_table(
        "recruiter_verdicts",
        sa.Column("recruiter_id", sa.Integer(), nullable=False),
        sa.Column("verified_illegal", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recruiter_id"],
            ["recruiters.id"],
            name=op.f("fk_recruiter_verdicts_recruiter_id_recruiters"),
        ),
        sa.PrimaryKeyConstraint("recruiter_id", name=op.f("pk_recruiter_verdicts")),
    )
    _create_append_only_triggers()


def downgrade() -> None:
    _drop_append_only_triggers()
    op.drop_table("recruiter_verdicts")
    with op.batch_alter_table("licensed_agencies", schema=None) as batch_op:
        batch_op.drop_index("ix_licensed_agencies_list_name")
    op.drop_table("licensed_agencies")
    with op.batch_alter_table("console_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_console_sessions_account_id"))
    op.drop_table("console_sessions")
    with op.batch_alter_table("officer_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_officer_audit_subject"))
    op.drop_table("officer_audit")
    op.drop_table("console_accounts")
    op.drop_table("agency_lists")


def _create_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION officer_audit_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'officer_audit is append-only';
            END
            $$
            """
        )
        op.execute(
            "CREATE TRIGGER officer_audit_append_only BEFORE UPDATE OR DELETE ON officer_audit "
            "FOR EACH ROW EXECUTE FUNCTION officer_audit_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER officer_audit_no_{verb.lower()} BEFORE {verb} ON officer_audit "
                "BEGIN SELECT RAISE(ABORT, 'officer_audit is append-only'); END"
            )


def _drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS officer_audit_append_only ON officer_audit")
        op.execute("DROP FUNCTION IF EXISTS officer_audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS officer_audit_no_update")
        op.execute("DROP TRIGGER IF EXISTS officer_audit_no_delete")
