"""Officers' console sign-ins: argon2 password hashes, lock-out and server-side sessions.

Data functions work inside the caller's transaction and never commit. Only a SHA-256 of a
session token is stored, so a copy of the database does not let anyone sign in.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from escalation.errors import AccountLocked, LoginFailed, NotFound
from escalation.models import ConsoleAccount, ConsoleSession, Officer, OfficerAuditEntry
from escalation.views import ConsoleAccountView, ConsoleSessionView

ROLES = ("petugas", "admin")
ADMIN_USERNAME = "admin"
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
DEFAULT_MAX_FAILURES = 5
DEFAULT_LOCKOUT = timedelta(minutes=15)
# Writing last_seen_at on every request would make each page view a write; a minute is enough
# resolution for an idle timeout counted in hours.
SESSION_TOUCH_INTERVAL = timedelta(seconds=60)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


if TYPE_CHECKING:
    from argon2 import PasswordHasher


_configured_hasher: PasswordHasher | None = None


def use_password_hasher(hasher: PasswordHasher | None) -> None:
    """Replace the argon2 parameters (``None``: the library's RFC 9106 defaults). Tests use
    ``argon2.profiles.CHEAPEST``; hashes made with other parameters still verify."""
    global _configured_hasher
    _configured_hasher = hasher
    _dummy_hash.cache_clear()


def _hasher() -> PasswordHasher:
    global _configured_hasher
    if _configured_hasher is None:
        # Imported here: only the console needs argon2, not every process importing escalation.
        from argon2 import PasswordHasher

        _configured_hasher = PasswordHasher()
    return _configured_hasher


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verified against when the username is unknown, so timing does not reveal which it was.
    return _hasher().hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    """Argon2id hash of a password that passed :func:`check_password`."""
    return _hasher().hash(check_password(password))


def check_username(username: str) -> str:
    """Lower-case a username; ``ValueError`` unless it is 2–32 of ``a-z 0-9 . _ -``."""
    username = (username or "").strip().lower()
    if not _USERNAME.match(username):
        raise ValueError("Nama pengguna 2–32 karakter: huruf kecil, angka, titik, _ atau -.")
    return username


def check_password(password: str) -> str:
    """``ValueError`` (Indonesian, user-safe) for a too short or too long password."""
    if not password or len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValueError(f"Kata sandi maksimal {MAX_PASSWORD_LENGTH} karakter.")
    return password


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"Peran harus salah satu dari: {', '.join(ROLES)}.")
    return role


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def account_view(account: ConsoleAccount) -> ConsoleAccountView:
    return ConsoleAccountView(
        username=account.username,
        name=account.name,
        role=account.role,
        active=account.active,
        telegram_user_id=account.telegram_user_id,
        locked_until=account.locked_until,
        created_at=account.created_at,
        last_login_at=account.last_login_at,
    )


def account_by_username(
    session: Session, username: str, *, for_update: bool = False
) -> ConsoleAccount:
    query = select(ConsoleAccount).where(ConsoleAccount.username == username.strip().lower())
    if for_update:
        query = query.with_for_update()
    account = session.scalars(query).one_or_none()
    if account is None:
        raise NotFound("account")
    return account


def append_audit(
    session: Session, actor: str, action: str, subject: str, note: str | None, now: datetime
) -> None:
    """Add one entry to the append-only officer audit log."""
    session.add(
        OfficerAuditEntry(
            actor=actor[:64], action=action[:32], subject=subject[:64], note=note, at=now
        )
    )


def sync_officer(
    session: Session, account: ConsoleAccount, previous_telegram_id: int | None
) -> None:
    """Keep the Telegram :class:`Officer` row in step with a console account."""
    if previous_telegram_id is not None and previous_telegram_id != account.telegram_user_id:
        old = session.scalars(
            select(Officer).where(Officer.telegram_user_id == previous_telegram_id)
        ).one_or_none()
        if old is not None:
            old.active = False
    if account.telegram_user_id is None:
        return
    officer = session.scalars(
        select(Officer).where(Officer.telegram_user_id == account.telegram_user_id)
    ).one_or_none()
    if officer is None:
        session.add(
            Officer(
                telegram_user_id=account.telegram_user_id,
                name=account.name,
                role=account.role,
                active=account.active,
                created_at=account.created_at,
            )
        )
    else:
        officer.name, officer.role, officer.active = account.name, account.role, account.active


def authenticate(
    session: Session,
    username: str,
    password: str,
    now: datetime,
    *,
    max_failures: int,
    lockout: timedelta,
) -> ConsoleAccount:
    """Check a password, counting failures; raises :class:`LoginFailed` or
    :class:`AccountLocked`. The caller must still commit after these errors, so that the
    failure counter and the lock are stored."""
    account = session.scalars(
        select(ConsoleAccount)
        .where(ConsoleAccount.username == (username or "").strip().lower())
        .with_for_update()
    ).one_or_none()
    if account is None or not account.active:
        _verify(_dummy_hash(), password)
        raise LoginFailed("unknown or inactive account")
    if account.locked_until is not None and account.locked_until > now:
        raise AccountLocked(account.locked_until)
    if not _verify(account.password_hash, password):
        account.failed_logins += 1
        if account.failed_logins >= max_failures:
            account.locked_until = now + lockout
            account.failed_logins = 0
            raise AccountLocked(account.locked_until)
        raise LoginFailed("wrong password")
    account.failed_logins = 0
    account.locked_until = None
    account.last_login_at = now
    if _hasher().check_needs_rehash(account.password_hash):
        account.password_hash = _hasher().hash(password)
    return account


def _verify(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def verify_password(password_hash: str, password: str) -> bool:
    """True if ``password`` matches the stored hash."""
    return _verify(password_hash, password)


def start_session(session: Session, account: ConsoleAccount, now: datetime) -> tuple[str, str]:
    """Create a session; returns ``(token, csrf_token)``."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    session.add(
        ConsoleSession(
            token_hash=token_hash(token),
            account_id=account.id,
            csrf_token=csrf,
            created_at=now,
            last_seen_at=now,
        )
    )
    return token, csrf


def load_session(
    session: Session, token: str, now: datetime, *, idle: timedelta, max_age: timedelta
) -> ConsoleSessionView | None:
    """The live session of ``token``; expired or orphaned sessions are deleted."""
    if not token or len(token) > 128:
        return None
    row = session.get(ConsoleSession, token_hash(token))
    if row is None:
        return None
    account = session.get(ConsoleAccount, row.account_id)
    if (
        account is None
        or not account.active
        or now - row.last_seen_at > idle
        or now - row.created_at > max_age
    ):
        session.delete(row)
        return None
    if now - row.last_seen_at > SESSION_TOUCH_INTERVAL:
        row.last_seen_at = now
    return ConsoleSessionView(
        account=account_view(account), csrf_token=row.csrf_token, created_at=row.created_at
    )


def end_sessions_of(session: Session, account_id: int) -> None:
    session.execute(delete(ConsoleSession).where(ConsoleSession.account_id == account_id))


def end_session(session: Session, token: str) -> None:
    session.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == token_hash(token)))


def purge_expired_sessions(session: Session, now: datetime, *, idle: timedelta) -> None:
    session.execute(delete(ConsoleSession).where(ConsoleSession.last_seen_at < now - idle))
