"""Console sign-in throttles: failures per (user name, client address) and per address, the same
for unknown names as for real ones, and purged by the retention job."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text, update

from escalation import AccountLocked, Escalation, LoginFailed
from escalation.models import LoginThrottle

PASSWORD = "petugas-password-123"
A, B = "203.0.113.7", "198.51.100.20"


@pytest.fixture(autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Production argon2 parameters cost ~0.4 s per hash; these tests verify many passwords."""
    from argon2 import PasswordHasher, profiles

    from escalation.accounts import use_password_hasher

    use_password_hasher(PasswordHasher.from_parameters(profiles.CHEAPEST))
    yield
    use_password_hasher(None)


@pytest.fixture(autouse=True)
def accounts(esc: Escalation) -> Escalation:
    """Clean console tables (the shared PostgreSQL database keeps them between tests), then an
    officer ``sari`` and a deactivated account ``lama``."""
    if esc._engine.dialect.name == "postgresql":
        with esc._engine.begin() as db:
            db.execute(
                text(
                    "TRUNCATE login_throttles, console_sessions, console_accounts, officer_audit "
                    "RESTART IDENTITY CASCADE"
                )
            )
    esc.create_console_account("sari", PASSWORD, name="Sari", officer_id="test")
    esc.create_console_account("lama", PASSWORD, name="Lama", officer_id="test")
    esc.update_console_account("lama", officer_id="test", active=False)
    return esc


def _attempt(esc: Escalation, username: str, password: str, client: str = A) -> str:
    """``ok``, ``failed`` or ``locked``."""
    try:
        esc.console_login(username, password, client=client, max_failures=3)
    except AccountLocked:
        return "locked"
    except LoginFailed:
        return "failed"
    return "ok"


def _rows(esc: Escalation) -> int:
    with esc._sessions() as session:
        return int(session.scalar(select(func.count()).select_from(LoginThrottle)) or 0)


@pytest.mark.parametrize("username", ["sari", "tidak-ada", "lama", "  SARI "])
def test_unknown_and_inactive_names_lock_exactly_like_a_real_one(
    esc: Escalation, username: str
) -> None:
    answers = [_attempt(esc, username, "salah-sekali-123") for _ in range(4)]
    assert answers == ["failed", "failed", "locked", "locked"]
    # Locked: the right password (of the inactive account too) gets the same answer.
    assert _attempt(esc, username, PASSWORD) == "locked"


def test_lock_is_per_address_and_ends_after_the_lockout(esc: Escalation, clock) -> None:
    for _ in range(3):
        _attempt(esc, "sari", "salah-sekali-123", A)
    assert _attempt(esc, "sari", PASSWORD, A) == "locked"
    assert _attempt(esc, "sari", PASSWORD, B) == "ok"  # the officer at another address
    clock.advance(minutes=14)
    assert _attempt(esc, "sari", PASSWORD, A) == "locked"
    clock.advance(minutes=2)
    assert _attempt(esc, "sari", PASSWORD, A) == "ok"


def test_locked_error_carries_the_end_of_the_lock(esc: Escalation, clock) -> None:
    for _ in range(2):
        _attempt(esc, "sari", "salah-sekali-123")
    with pytest.raises(AccountLocked) as exc:
        esc.console_login("sari", "salah-sekali-123", client=A, max_failures=3)
    assert exc.value.until == clock() + timedelta(minutes=15)


def test_success_clears_the_key(esc: Escalation) -> None:
    for _ in range(2):
        assert _attempt(esc, "sari", "salah-sekali-123") == "failed"
    assert _attempt(esc, "sari", PASSWORD) == "ok"
    for _ in range(2):
        assert _attempt(esc, "sari", "salah-sekali-123") == "failed"
    assert _attempt(esc, "sari", "salah-sekali-123") == "locked"


def test_the_account_row_is_no_longer_what_locks(esc: Escalation) -> None:
    for _ in range(5):
        _attempt(esc, "sari", "salah-sekali-123")
    (account,) = [a for a in esc.console_accounts() if a.username == "sari"]
    assert account.locked_until is None


def test_spraying_names_from_one_address_locks_the_address(esc: Escalation, clock) -> None:
    # 4 × max_failures = 12 failures over any names, each name below its own limit.
    answers = [_attempt(esc, f"nama{i}", "Password123!") for i in range(12)]
    assert answers == ["failed"] * 11 + ["locked"]
    assert _attempt(esc, "sari", PASSWORD, A) == "locked"  # every name, from that address
    assert _attempt(esc, "sari", PASSWORD, B) == "ok"
    clock.advance(minutes=16)
    assert _attempt(esc, "sari", PASSWORD, A) == "ok"


def test_a_success_does_not_reset_the_address_count(esc: Escalation) -> None:
    for i in range(11):
        assert _attempt(esc, f"nama{i}", "Password123!") == "failed"
    assert _attempt(esc, "sari", PASSWORD) == "ok"  # a sprayer's own account
    assert _attempt(esc, "nama-lain", "Password123!") == "locked"


def test_slow_address_failures_are_forgotten(esc: Escalation, clock) -> None:
    for i in range(30):
        assert _attempt(esc, f"nama{i % 10}-{i}", "Password123!") == "failed"
        clock.advance(minutes=16)  # more than the lockout between two failures


def test_no_name_or_address_is_stored(esc: Escalation) -> None:
    _attempt(esc, "sari", "salah-sekali-123")
    with esc._sessions() as session:
        keys = list(session.scalars(select(LoginThrottle.key_hash)))
    assert len(keys) == 2 and all(len(k) == 64 for k in keys)
    assert not any("sari" in k or A in k for k in keys)


def test_retention_purges_old_unlocked_throttles(esc: Escalation, clock) -> None:
    _attempt(esc, "sari", "salah-sekali-123", A)  # two rows: (sari, A) and A
    for _ in range(3):
        _attempt(esc, "sari", "salah-sekali-123", B)  # (sari, B) locked, B counting
    assert _rows(esc) == 4
    clock.advance(hours=23)
    esc.apply_retention(30)
    assert _rows(esc) == 4  # updated less than a day ago
    clock.advance(hours=2)
    with esc._sessions.begin() as session:  # a lock longer than a day is kept until it ends
        session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.locked_until.is_not(None))
            .values(locked_until=clock() + timedelta(hours=1))
        )
    esc.apply_retention(30)
    assert _rows(esc) == 1
    clock.advance(hours=2)
    assert esc.purge_login_throttles() == 1
    assert _rows(esc) == 0
