"""Console sign-in throttles per (user name, address) and the bot's durable state.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_throttles",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_login_throttles")),
    )
    op.create_index(
        op.f("ix_login_throttles_updated_at"), "login_throttles", ["updated_at"], unique=False
    )
    op.create_table(
        "bot_state",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_bot_state")),
    )
    op.create_index(op.f("ix_bot_state_expires_at"), "bot_state", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_bot_state_expires_at"), table_name="bot_state")
    op.drop_table("bot_state")
    op.drop_index(op.f("ix_login_throttles_updated_at"), table_name="login_throttles")
    op.drop_table("login_throttles")
