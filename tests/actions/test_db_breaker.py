"""The action server's database handle: a down database fails fast, and comes back by itself."""

from __future__ import annotations

import time

import pytest

from actions import services
from escalation import DatabaseUnavailable


@pytest.fixture(autouse=True)
def _fresh_handle():
    services.reset_escalation()
    yield
    services.reset_escalation()


def test_a_down_database_is_tried_once_then_fails_fast_until_the_retry_time(
        monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    attempts = []

    def failing_migrate(self) -> None:
        attempts.append(time.monotonic())
        raise OSError("connection refused")

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    monkeypatch.setattr("escalation.Escalation.migrate", failing_migrate)
    with pytest.raises(DatabaseUnavailable):
        services.escalation()
    started = time.monotonic()
    for _ in range(20):
        with pytest.raises(DatabaseUnavailable):
            services.escalation()
    assert len(attempts) == 1  # the breaker is open: no new connection attempt
    assert time.monotonic() - started < 0.5

    monkeypatch.setattr(services, "DB_RETRY_AFTER_S", 0.0)
    monkeypatch.setattr("escalation.Escalation.migrate", lambda self: None)
    esc = services.escalation()  # the database is back: the next call connects
    assert esc is services.escalation()
    esc.close()
