"""Outbox data functions: queue, claim with a lease, mark delivered or failed (with backoff).

Each function works inside the caller's transaction and never commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from escalation.errors import NotFound
from escalation.models import Notification

OFFICERS = "officers"
KIND_OFFICER_CARD = "officer_card"
KIND_OFFICER_URGENT = "officer_urgent"
KIND_OFFICER_UPDATE = "officer_update"
KIND_REPORTER_UPDATE = "reporter_update"
KIND_REPORTER_QUESTION = "reporter_question"

PENDING = "pending"
DELIVERED = "delivered"
DEAD = "dead"

DEFAULT_LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
_MAX_ERROR_CHARS = 300


def queue(
    session: Session,
    *,
    kind: str,
    target: str,
    payload: str,
    now: datetime,
    report_id: int | None = None,
    ticket: str | None = None,
    urgent: bool = False,
) -> Notification:
    """Add a message to the outbox; it is sent after the caller's transaction commits."""
    row = Notification(
        kind=kind,
        target=target,
        payload=payload,
        report_id=report_id,
        ticket=ticket,
        priority=0 if urgent else 1,
        status=PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(row)
    return row


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after ``attempts`` failed tries: 30 s, 1 min, 2 min… ≤ 1 h."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def claim_due(
    session: Session, *, now: datetime, limit: int, lease: timedelta = DEFAULT_LEASE
) -> list[Notification]:
    """Lease up to ``limit`` due messages to the caller, urgent first then oldest.

    PostgreSQL skips rows another worker has locked (``FOR UPDATE SKIP LOCKED``); SQLite runs
    the claim under its write lock. A message whose lease expires (worker died) is due again.
    """
    query = (
        select(Notification)
        .where(
            Notification.status == PENDING,
            Notification.next_attempt_at <= now,
            or_(Notification.lease_until.is_(None), Notification.lease_until <= now),
        )
        .order_by(Notification.priority, Notification.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = list(session.scalars(query))
    for row in rows:
        row.lease_until = now + lease
        row.attempts += 1
    session.flush()
    return rows


def _get(session: Session, notification_id: int) -> Notification:
    row = session.get(Notification, notification_id, with_for_update=True)
    if row is None:
        raise NotFound(f"notification {notification_id} not found")
    return row


def mark_delivered(
    session: Session, notification_id: int, telegram_message_id: int | None, now: datetime
) -> bool:
    """Record a successful send; ``False`` (and no change) if it was already recorded."""
    row = _get(session, notification_id)
    if row.status == DELIVERED:
        return False
    row.status = DELIVERED
    row.delivered_at = now
    row.lease_until = None
    row.telegram_message_id = telegram_message_id
    return True


def mark_failed(session: Session, notification_id: int, error: str, now: datetime) -> str:
    """Record a failed send: retry later with backoff, or give up after ``MAX_ATTEMPTS``."""
    row = _get(session, notification_id)
    if row.status != PENDING:
        return row.status
    row.last_error = (error or "")[:_MAX_ERROR_CHARS]
    row.lease_until = None
    if row.attempts >= MAX_ATTEMPTS:
        row.status = DEAD
    else:
        row.next_attempt_at = now + backoff(row.attempts)
    return row.status
