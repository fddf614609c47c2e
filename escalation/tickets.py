"""Ticket numbers ``LAP-<year>-<6-digit sequence>``, unique under concurrency."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalation.models import TicketCounter
from escalation.sql import insert_ignoring_conflicts

# Tickets follow the Indonesian (WIB) calendar year; Indonesia has no daylight saving time.
WIB = timezone(timedelta(hours=7), "WIB")


def ticket_year(now: datetime) -> int:
    return now.astimezone(WIB).year


def next_ticket(session: Session, now: datetime) -> str:
    """Take the next number of the year inside the caller's transaction.

    PostgreSQL: the counter row is locked with ``SELECT … FOR UPDATE`` until commit.
    SQLite: the transaction already holds the database write lock (``BEGIN IMMEDIATE``).
    """
    year = ticket_year(now)
    query = select(TicketCounter).where(TicketCounter.year == year).with_for_update()
    counter = session.scalars(query).one_or_none()
    if counter is None:
        insert_ignoring_conflicts(session, TicketCounter, [{"year": year, "last": 0}])
        counter = session.scalars(query.execution_options(populate_existing=True)).one()
    counter.last += 1
    session.flush()
    return f"LAP-{year}-{counter.last:06d}"
