"""Figures for the overview page, computed from case rows (pure functions, no I/O)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from escalation import CaseSummary

TOP_N = 10
UNKNOWN = "(tidak diisi)"
OTHERS = "lainnya"
RESPONSE_BUCKETS = (
    ("< 1 hari", timedelta(days=1)),
    ("1–3 hari", timedelta(days=3)),
    ("3–7 hari", timedelta(days=7)),
    ("> 7 hari", None),
)


@dataclass(frozen=True)
class Bar:
    """One bar: a label, its count and its length as a percentage of the longest bar."""

    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class Overview:
    """Every chart of the overview page."""

    total: int
    open: int
    urgent: int
    per_week: list[Bar]
    by_kabupaten: list[Bar]
    by_destination: list[Bar]
    by_flag: list[Bar]
    response_time: list[Bar]
    median_response_hours: float | None


def bars(counts: list[tuple[str, int]]) -> list[Bar]:
    peak = max((count for _, count in counts), default=0) or 1
    return [Bar(label, count, round(100.0 * count / peak, 1)) for label, count in counts]


def _top(counter: Counter[str]) -> list[tuple[str, int]]:
    items = counter.most_common()
    head, tail = items[:TOP_N], items[TOP_N:]
    if tail:
        head.append((OTHERS, sum(count for _, count in tail)))
    return head


def _label(value: str | None) -> str:
    value = " ".join((value or "").split())
    return value.title() if value else UNKNOWN


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def build(
    cases: list[CaseSummary], since: date, until: date, tz: ZoneInfo, open_statuses: frozenset[str]
) -> Overview:
    """Charts over ``cases`` (reports filed from ``since`` to ``until``, local dates)."""
    weeks: Counter[date] = Counter()
    start = week_start(since)
    cursor = start
    while cursor <= until:
        weeks[cursor] = 0
        cursor += timedelta(days=7)
    kabupaten: Counter[str] = Counter()
    destination: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    responses: list[timedelta] = []
    waiting = 0
    for case in cases:
        weeks[week_start(case.created_at.astimezone(tz).date())] += 1
        kabupaten[_label(case.kabupaten)] += 1
        destination[_label(case.destination_country)] += 1
        for flag in set(case.screening_flags):
            flags[flag.replace("_", " ")] += 1
        if case.first_response_at is not None:
            responses.append(case.first_response_at - case.created_at)
        else:
            waiting += 1
    response_counts: list[tuple[str, int]] = []
    lower = timedelta(0)
    for label, upper in RESPONSE_BUCKETS:
        n = sum(1 for r in responses if r >= lower and (upper is None or r < upper))
        response_counts.append((label, n))
        lower = upper or lower
    response_counts.append(("belum ditanggapi", waiting))
    median = (
        round(statistics.median(r.total_seconds() for r in responses) / 3600, 1)
        if responses
        else None
    )
    return Overview(
        total=len(cases),
        open=sum(1 for c in cases if c.status in open_statuses),
        urgent=sum(1 for c in cases if c.urgent),
        per_week=bars([(f"{w:%d/%m}", weeks[w]) for w in sorted(weeks)]),
        by_kabupaten=bars(_top(kabupaten)),
        by_destination=bars(_top(destination)),
        by_flag=bars(_top(flags)),
        response_time=bars(response_counts),
        median_response_hours=median,
    )


def local_day_bounds(day: date, tz: ZoneInfo) -> datetime:
    """Midnight of a local date, as an aware datetime."""
    return datetime(day.year, day.month, day.day, tzinfo=tz)
