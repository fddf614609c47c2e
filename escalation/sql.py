"""Small portable SQL helpers shared by the data functions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from escalation.models import Base


def insert_ignoring_conflicts(
    session: Session, model: type[Base], rows: list[dict[str, Any]]
) -> None:
    """``INSERT … ON CONFLICT DO NOTHING`` on SQLite and PostgreSQL (safe under concurrency)."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    stmt: Insert
    if dialect == "postgresql":
        stmt = postgresql.insert(model).values(rows).on_conflict_do_nothing()
    else:
        stmt = sqlite.insert(model).values(rows).on_conflict_do_nothing()
    session.execute(stmt)
