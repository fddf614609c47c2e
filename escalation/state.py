"""Durable key-value state of the Telegram front end, so that a restart loses nothing a person
is in the middle of: long button payloads, officers' reply prompts, and which officer's question
a reporter is answering.

Every entry belongs to a scope and expires; :meth:`DurableState.purge_expired` (run by the
retention sweep) deletes what expired. Callers keep raw Telegram user ids out of keys and values
(use the reporter's pseudonym). Methods raise :class:`DatabaseUnavailable` when the database is
down; the front end then falls back to what it holds in memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from escalation.database import transaction
from escalation.models import BotState

MAX_KEY_LENGTH = 128
MAX_SCOPE_LENGTH = 16


class DurableState:
    """Get, put and take small text values by (scope, key); expired values read as missing."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        write_lock: threading.Lock | None,
        clock: Callable[[], datetime],
    ) -> None:
        self._sessions = sessions
        self._write_lock = write_lock
        self._now = clock

    def put(self, scope: str, key: str, value: str, ttl: timedelta) -> None:
        """Store ``value`` (replacing an older one) until ``ttl`` from now."""
        _check(scope, key)
        expires = self._now() + ttl
        for attempt in (1, 2):
            try:
                with transaction(self._sessions, self._write_lock) as session:
                    row = session.get(BotState, (scope, key), with_for_update=True)
                    if row is None:
                        session.add(BotState(scope=scope, key=key, value=value, expires_at=expires))
                    else:
                        row.value, row.expires_at = value, expires
                return
            except IntegrityError:
                # Another process inserted the same key between our read and write: update it.
                if attempt == 2:
                    raise

    def get(self, scope: str, key: str) -> str | None:
        """The stored value, or ``None`` when there is none or it expired."""
        _check(scope, key)
        with transaction(self._sessions, self._write_lock) as session:
            return session.scalars(
                select(BotState.value).where(
                    BotState.scope == scope,
                    BotState.key == key,
                    BotState.expires_at > self._now(),
                )
            ).one_or_none()

    def take(self, scope: str, key: str) -> str | None:
        """Read and delete in one step (a pending answer is used once)."""
        _check(scope, key)
        with transaction(self._sessions, self._write_lock) as session:
            row = session.get(BotState, (scope, key), with_for_update=True)
            if row is None:
                return None
            value = row.value if row.expires_at > self._now() else None
            session.delete(row)
            return value

    def drop(self, scope: str, key: str) -> None:
        """Forget one entry (nothing happens when there is none)."""
        _check(scope, key)
        with transaction(self._sessions, self._write_lock) as session:
            session.execute(delete(BotState).where(BotState.scope == scope, BotState.key == key))

    def purge_expired(self) -> int:
        """Delete every expired entry; returns how many went."""
        with transaction(self._sessions, self._write_lock) as session:
            result = session.execute(delete(BotState).where(BotState.expires_at <= self._now()))
            return int(getattr(result, "rowcount", 0) or 0)


def _check(scope: str, key: str) -> None:
    if not scope or len(scope) > MAX_SCOPE_LENGTH:
        raise ValueError(f"state scope must be 1..{MAX_SCOPE_LENGTH} characters")
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"state key must be 1..{MAX_KEY_LENGTH} characters")
