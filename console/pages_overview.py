"""The overview page: reports per week, by place, destination and red flag, response times."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from console import overview
from console.web import console_of, current_session, parse_day, render
from escalation import CLOSED_STATUSES, OPEN_STATUSES, CaseQuery, ConsoleSessionView

router = APIRouter()
DEFAULT_WEEKS = 12
MAX_DAYS = 366 * 2


@router.get("/overview")
def overview_page(
    request: Request, session: ConsoleSessionView = Depends(current_session)
) -> Response:
    """Charts over the reports filed in a date range (default: the last 12 weeks)."""
    console = console_of(request)
    tz = console.settings.tz
    today = console.now().astimezone(tz).date()
    until = parse_day(request.query_params.get("sampai")) or today
    since = parse_day(request.query_params.get("dari")) or until - timedelta(weeks=DEFAULT_WEEKS)
    if since > until:
        since, until = until, since
    since = max(since, until - timedelta(days=MAX_DAYS))
    cases = console.esc.find_cases(
        CaseQuery(
            statuses=OPEN_STATUSES | CLOSED_STATUSES,
            created_from=overview.local_day_bounds(since, tz),
            created_before=overview.local_day_bounds(until + timedelta(days=1), tz),
            limit=5000,
        )
    )
    return render(
        request,
        "overview.html",
        {
            "data": overview.build(cases, since, until, tz, OPEN_STATUSES),
            "since": since,
            "until": until,
        },
    )
