"""Fixtures: a migrated database (SQLite temp file, and PostgreSQL where reachable), the
escalation service on a hand-moved clock, and a console app with a signed-out client."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from console_helpers import (
    ADMIN_PASSWORD,
    OFFICER_PASSWORD,
    PG_SKIP_REASON,
    SECRET,
    FakeClock,
    create_pg_database,
    drop_pg_database,
    empty_pg_database,
    make_settings,
    pg_admin,
    pg_url,
    sign_in,
)
from fastapi.testclient import TestClient

from console import ConsoleSettings, create_app, prepare
from escalation import Escalation

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def console_pg_database() -> Iterator[str]:
    try:
        with pg_admin():
            pass
    except psycopg.OperationalError:
        pytest.skip(PG_SKIP_REASON)
    name = create_pg_database()
    esc = Escalation(pg_url(name), secret=SECRET)
    try:
        esc.migrate()
    finally:
        esc.close()
    yield name
    drop_pg_database(name)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/pandu.db"
    name = request.getfixturevalue("console_pg_database")
    empty_pg_database(name)
    return pg_url(name)


@pytest.fixture
def clock() -> FakeClock:
    # A Monday morning in Jakarta (01:00 UTC = 08:00 WIB).
    return FakeClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> ConsoleSettings:
    return make_settings(database_url, tmp_path / "var")


@pytest.fixture
def esc(settings: ConsoleSettings, clock: FakeClock) -> Iterator[Escalation]:
    service = Escalation(
        settings.database_url, evidence_dir=settings.evidence_dir, secret=SECRET, clock=clock
    )
    prepare(settings, service)
    yield service
    service.close()


@pytest.fixture
def client(settings: ConsoleSettings, esc: Escalation, clock: FakeClock) -> Iterator[TestClient]:
    app = create_app(settings, esc, clock=clock)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def admin(client: TestClient) -> str:
    """Sign the client in as ``admin``; returns the CSRF token."""
    return sign_in(client, "admin", ADMIN_PASSWORD)


@pytest.fixture
def officer(client: TestClient, esc: Escalation) -> str:
    """Sign the client in as the petugas ``sari``; returns the CSRF token."""
    esc.create_console_account(
        "sari", OFFICER_PASSWORD, name="Sari Petugas", role="petugas", officer_id="test"
    )
    return sign_in(client, "sari", OFFICER_PASSWORD)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Production argon2 parameters cost ~0.4 s per hash here; tests use the cheapest."""
    from argon2 import PasswordHasher, profiles

    from escalation.accounts import use_password_hasher

    use_password_hasher(PasswordHasher.from_parameters(profiles.CHEAPEST))
    yield
    use_password_hasher(None)
