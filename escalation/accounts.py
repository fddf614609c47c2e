"""Officers' console sign-ins: argon2 password hashes, lock-out per (name, address) and
server-side sessions.

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

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from escalation.errors import AccountLocked, LoginFailed, NotFound
from escalation.models import (
    ConsoleAccount,
    ConsoleSession,
    LoginThrottle,
    Officer,
    OfficerAuditEntry,
)
from escalation.sql import insert_ignoring_conflicts
from escalation.views import ConsoleAccountView, ConsoleSessionView

ROLES = ("petugas", "admin")
ADMIN_USERNAME = "admin"
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
DEFAULT_MAX_FAILURES = 5
DEFAULT_LOCKOUT = timedelta(minutes=15)
# One address may fail this many times max_failures (over any names) before it is locked.
ADDRESS_FAILURE_FACTOR = 4
# Failure counts of a (name, address) key older than this are forgotten; the retention job then
# deletes the row.
FAILURE_MEMORY = timedelta(days=1)
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
    username = normalise_username(username)
    if not _USERNAME.match(username):
        raise NotFound("account")  # no such name can exist (and NUL would upset PostgreSQL)
    query = select(ConsoleAccount).where(ConsoleAccount.username == username)
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


def normalise_username(username: str | None) -> str:
    """The user name as typed, trimmed and lower-cased (what accounts and throttles are keyed on)."""
    return (username or "").strip().lower()


def authenticate(
    session: Session,
    username: str,
    password: str,
    now: datetime,
    *,
    throttle_keys: tuple[str, str],
    max_failures: int,
    lockout: timedelta,
) -> ConsoleAccount:
    """Check a password; raises :class:`LoginFailed` or :class:`AccountLocked`. The caller
    must still commit after these errors, so that the failure counters and locks are stored.

    ``throttle_keys`` are the keyed hashes of (user name, client address) and of the client
    address alone (:meth:`escalation.privacy.Keyring.login_throttle_keys`). Failures are counted
    on those two :class:`LoginThrottle` rows, never on the account, and exactly the same way for
    unknown or inactive names as for real ones, so neither a wrong password nor a lock-out tells
    anyone whether a name exists:

    * a (name, address) key is locked for ``lockout`` after ``max_failures`` failures (counts older
      than :data:`FAILURE_MEMORY` are forgotten); the same name still signs in from another address;
    * an address is locked for ``lockout``, for every name, after
      ``ADDRESS_FAILURE_FACTOR * max_failures`` failures each less than ``lockout`` after the one
      before (password spraying over many names);
    * while either key is locked even the right password is refused. A success clears the
      (name, address) key; the address count stays (a sprayer's own account must not reset it).
    """
    pair_key, address_key = throttle_keys
    pair = _throttle(session, pair_key, now, forget_after=FAILURE_MEMORY)
    address = _throttle(session, address_key, now, forget_after=lockout)
    locks = [t.locked_until for t in (pair, address) if t.locked_until is not None]
    if locks:
        raise AccountLocked(max(locks))
    name = normalise_username(username)
    account = None
    if _USERNAME.match(name):  # other names cannot exist (NUL would upset PostgreSQL)
        account = session.scalars(
            select(ConsoleAccount).where(ConsoleAccount.username == name).with_for_update()
        ).one_or_none()
    if account is None or not account.active:
        _verify(_dummy_hash(), password)
        account = None
    elif not _verify(account.password_hash, password):
        account = None
    if account is None:
        until = now + lockout
        locked = _count_failure(pair, now, max_failures, until)
        address_limit = ADDRESS_FAILURE_FACTOR * max_failures
        locked = _count_failure(address, now, address_limit, until) or locked
        if locked:
            raise AccountLocked(until)
        raise LoginFailed("unknown account or wrong password")
    session.delete(pair)
    account.last_login_at = now
    if _hasher().check_needs_rehash(account.password_hash):
        account.password_hash = _hasher().hash(password)
    return account


def _throttle(
    session: Session, key: str, now: datetime, *, forget_after: timedelta
) -> LoginThrottle:
    """The locked row of a throttle key (created if new); an ended lock and failures older
    than ``forget_after`` are cleared."""
    insert_ignoring_conflicts(
        session, LoginThrottle, [{"key_hash": key, "failures": 0, "updated_at": now}]
    )
    row = session.scalars(
        select(LoginThrottle).where(LoginThrottle.key_hash == key).with_for_update()
    ).one()
    if row.locked_until is not None and row.locked_until <= now:
        row.locked_until, row.failures = None, 0
    elif row.locked_until is None and now - row.updated_at >= forget_after:
        row.failures = 0
    return row


def _count_failure(row: LoginThrottle, now: datetime, limit: int, until: datetime) -> bool:
    """Count one failure; True when it locks the key (until ``until``)."""
    row.failures += 1
    row.updated_at = now
    if row.failures < limit:
        return False
    row.locked_until, row.failures = until, 0
    return True


def purge_login_throttles(session: Session, now: datetime) -> int:
    """Delete throttle rows last updated more than :data:`FAILURE_MEMORY` ago and not locked."""
    result = session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.updated_at < now - FAILURE_MEMORY,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= now),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


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
