"""Alembic migrations: up from an empty database, idempotent, and in step with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from esc_helpers import SECRET
from sqlalchemy import create_engine, inspect

from escalation import Escalation
from escalation.database import normalize_url
from escalation.models import Base

TABLES = {
    "reporters",
    "reports",
    "recruiters",
    "recruiter_identifiers",
    "evidence",
    "status_events",
    "event_notes",
    "officers",
    "notifications",
    "ticket_counters",
    "console_accounts",
    "console_sessions",
    "recruiter_verdicts",
    "officer_audit",
    "agency_lists",
    "licensed_agencies",
    "login_throttles",
    "bot_state",
    "alembic_version",
}


def test_upgrade_from_empty_creates_every_table(empty_database_url: str) -> None:
    engine = create_engine(normalize_url(empty_database_url))
    assert inspect(engine).get_table_names() == []
    esc = Escalation(empty_database_url, secret=SECRET)
    esc.migrate()
    esc.migrate()  # a second start changes nothing
    esc.close()
    assert set(inspect(engine).get_table_names()) == TABLES
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0003"
    engine.dispose()


def test_models_match_migrations(database_url: str) -> None:
    engine = create_engine(normalize_url(database_url))
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    engine.dispose()
    assert diff == []
