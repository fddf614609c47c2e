"""Fixtures: every database test runs on SQLite (a temp file) and on PostgreSQL.

PostgreSQL gets a fresh database ``pandu_test_<random>``, migrated once per session, emptied
before each test and dropped at the end; the migration tests get their own empty database.
Without a server the PostgreSQL cases are skipped.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from esc_helpers import SECRET, FakeClock

from escalation import Escalation, reporter_key

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
PG_SKIP_REASON = f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}"
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
}


def _admin() -> psycopg.Connection:
    return psycopg.connect(
        host=PG_HOST,
        port=PG_PORT,
        user=PG_USER,
        dbname="postgres",
        autocommit=True,
        connect_timeout=2,
    )


def pg_url(dbname: str) -> str:
    return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{dbname}"


def create_pg_database() -> str:
    name = f"pandu_test_{secrets.token_hex(6)}"
    with _admin() as conn:
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    return name


def drop_pg_database(name: str) -> None:
    with _admin() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def pg_available() -> bool:
    try:
        with _admin():
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
