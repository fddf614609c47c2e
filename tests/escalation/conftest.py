"""Fixtures: every database test runs on SQLite (a temp file) and on PostgreSQL.

PostgreSQL gets a fresh database ``pandu_test_<random>``, migrated once per session, emptied
before each test and dropped at the end; the migration tests get their own empty database.
Without a server the PostgreSQL cases are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from esc_helpers import SECRET, FakeClock
from pg import (
    PG_HOST,
    PG_PORT,
    PG_SKIP_REASON,
    PG_USER,
    create_pg_database,
    drop_pg_database,
    pg_admin,
    pg_url,
)

from escalation import Escalation, reporter_key

APP_TABLES = {
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
    "bot_state",
    "login_throttles",
}


@pytest.fixture(scope="session")
def pg_available() -> bool:
    try:
        with pg_admin():
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(scope="session")
def pg_database(pg_available: bool) -> Iterator[str]:
    """One fresh, migrated PostgreSQL database for the session; tests empty it before use."""
    if not pg_available:
        pytest.skip(PG_SKIP_REASON)
    name = create_pg_database()
    esc = Escalation(pg_url(name), secret=SECRET)
    try:
        esc.migrate()
    finally:
        esc.close()
    yield name
    drop_pg_database(name)


def empty_pg_tables(name: str) -> None:
    """TRUNCATE is not a row delete, so the audit trail's append-only trigger allows it."""
    tables = ", ".join(t for t in sorted(APP_TABLES))
    with psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=name, autocommit=True
    ) as conn:
        conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")  # type: ignore[arg-type]


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of a database with no tables at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/pandu.db"
        return
    if not request.getfixturevalue("pg_available"):
        pytest.skip(PG_SKIP_REASON)
    name = create_pg_database()
    yield pg_url(name)
    drop_pg_database(name)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of a freshly migrated database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/pandu.db"
        esc = Escalation(url, secret=SECRET)
        esc.migrate()
        esc.close()
        yield url
        return
    name = request.getfixturevalue("pg_database")
    empty_pg_tables(name)
    yield pg_url(name)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))


@pytest.fixture
def evidence_dir(tmp_path: Path) -> Path:
    return tmp_path / "evidence"


@pytest.fixture
def esc(database_url: str, evidence_dir: Path, clock: FakeClock) -> Iterator[Escalation]:
    service = Escalation(database_url, evidence_dir=evidence_dir, secret=SECRET, clock=clock)
    yield service
    service.close()


@pytest.fixture
def alice() -> str:
    return reporter_key(1001, SECRET)


@pytest.fixture
def bob() -> str:
    return reporter_key(1002, SECRET)
