"""The first-response deadline of a case, counted in working days (Monday to Friday).

Public holidays are not counted as such: an officer team that wants them excluded can raise
``RESPONSE_DEADLINE_WORKING_DAYS`` around holiday periods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from escalation import CaseSummary


@dataclass(frozen=True)
class Deadline:
    """Where a case stands against its first-response deadline."""

    due: datetime
    label: str
    overdue: bool
    answered: bool


def add_working_days(start: datetime, days: int, tz: ZoneInfo) -> datetime:
    """``start`` moved ``days`` working days ahead (same local time of day)."""
    local = start.astimezone(tz)
    day = local
    added = 0
    while added < days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            added += 1
    return day


def working_days_between(start: datetime, end: datetime, tz: ZoneInfo) -> int:
    """Working days after ``start``'s local date up to and including ``end``'s."""
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    count = 0
    while first < last:
        first += timedelta(days=1)
        if first.weekday() < 5:
            count += 1
    return count


def deadline_of(
    created_at: datetime,
    first_response_at: datetime | None,
    now: datetime,
    days: int,
    tz: ZoneInfo,
) -> Deadline:
    """A case's first-response deadline and the words the queue shows for it."""
    due = add_working_days(created_at, days, tz)
    if first_response_at is not None:
        late = first_response_at > due
        return Deadline(
            due=due,
            label="ditanggapi terlambat" if late else "sudah ditanggapi",
            overdue=False,
            answered=True,
        )
    if now > due:
        late_days = (now.astimezone(tz).date() - due.astimezone(tz).date()).days
        label = f"terlambat {late_days} hari" if late_days >= 1 else "terlambat"
        return Deadline(due=due, label=label, overdue=True, answered=False)
    left = working_days_between(now, due, tz)
    label = "jatuh tempo hari ini" if left == 0 else f"sisa {left} hari"
    return Deadline(due=due, label=label, overdue=False, answered=False)


def queue_order(case: CaseSummary, deadline: Deadline) -> tuple[bool, bool, datetime, str]:
    """Urgent first; then cases still waiting for a first response, nearest deadline first;
    then the rest, oldest first."""
    return (not case.urgent, deadline.answered, deadline.due, case.ticket)
