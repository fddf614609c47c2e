"""The officers' queue and searches: filtered lists of cases as :class:`CaseSummary` rows.

Data functions work inside the caller's transaction and never commit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from escalation import workflow
from escalation.matching import contact_keys, normalize_company, normalize_name, normalize_phone
from escalation.models import Evidence, Recruiter, RecruiterIdentifier, Report
from escalation.models import StatusEvent as StatusEventRow
from escalation.views import CaseFacets, CaseQuery, CaseSummary

REPORTER_ACTOR = "pelapor"
MAX_LIMIT = 5000
_TICKET = re.compile(r"^\s*(?:LAP-)?\d{4}-\d{1,6}\s*$", re.IGNORECASE)
_STRIP_FOR_NAME = re.compile(
    r"https?://\S+|\b\S+\.(?:com|me|id)/\S*|@[\w.]+|\+?\d[\d\s.\-()]{5,}\d", re.IGNORECASE
)

MatchHash = Callable[[str], str]


def lookup_keys(text: str | None) -> set[str]:
    """Recruiter keys for free text a user or officer types: a phone, a handle, a person's
    name or a company name (the text may mix them, as in ``"Pak Budi 0812…"``)."""
    if not text or not text.strip():
        return set()
    text = text[:500]
    keys = contact_keys(text)
    rest = _STRIP_FOR_NAME.sub(" ", text)
    person = normalize_name(rest)
    if person:
        keys.add("name:" + person)
    firm = normalize_company(rest)
    if firm:
        keys.add("company:" + firm)
    return keys


def recruiter_ids_for(session: Session, keys: Iterable[str], match_hash: MatchHash) -> list[int]:
    """Ids of stored recruiter identifiers equal to one of ``keys``."""
    wanted = {match_hash(key): key.split(":", 1)[0] for key in keys}
    if not wanted:
        return []
    rows = session.execute(
        select(Recruiter.id, Recruiter.kind, Recruiter.key_hash).where(
            Recruiter.key_hash.in_(list(wanted))
        )
    ).all()
    return sorted(rid for rid, kind, h in rows if wanted.get(h) == kind)


def _reports_of_recruiters(recruiter_ids: list[int]) -> Select[Any]:
    return select(RecruiterIdentifier.report_id).where(
        RecruiterIdentifier.recruiter_id.in_(recruiter_ids)
    )


def _ci_equals(column: ColumnElement[str | None] | InstrumentedAttribute[str | None],
               value: str) -> ColumnElement[bool]:
    return func.lower(func.trim(column)) == value.strip().lower()


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_cases(session: Session, query: CaseQuery, match_hash: MatchHash) -> list[CaseSummary]:
    """Cases matching ``query``: urgent first, then oldest first."""
    statuses = query.statuses or workflow.OPEN_STATUSES
    stmt = select(Report).where(Report.status.in_(sorted(statuses)))
    if query.urgent is not None:
        stmt = stmt.where(Report.urgent.is_(query.urgent))
    if query.kabupaten and query.kabupaten.strip():
        stmt = stmt.where(_ci_equals(Report.kabupaten, query.kabupaten))
    if query.destination_country and query.destination_country.strip():
        stmt = stmt.where(_ci_equals(Report.destination_country, query.destination_country))
    if query.created_from is not None:
        stmt = stmt.where(Report.created_at >= query.created_from)
    if query.created_before is not None:
        stmt = stmt.where(Report.created_at < query.created_before)
    if query.recruiter_id is not None:
        stmt = stmt.where(Report.id.in_(_reports_of_recruiters([query.recruiter_id])))
    if query.recruiter and query.recruiter.strip():
        ids = recruiter_ids_for(session, lookup_keys(query.recruiter), match_hash)
        pattern = f"%{_escape_like(query.recruiter.strip().lower()[:200])}%"
        stmt = stmt.where(
            or_(
                Report.id.in_(_reports_of_recruiters(ids)) if ids else false(),
                func.lower(Report.recruiter_name).like(pattern, escape="\\"),
                func.lower(Report.company).like(pattern, escape="\\"),
                func.lower(Report.recruiter_contact).like(pattern, escape="\\"),
            )
        )
    phone_filter: str | None = None
    if query.search and query.search.strip():
        term = query.search.strip()[:100]
        phone = None if _TICKET.match(term) else normalize_phone(term)
        if phone is None:
            ticket = term.upper()
            if not ticket.startswith("LAP-") and _TICKET.match(term):
                ticket = "LAP-" + ticket
            stmt = stmt.where(Report.ticket.like(f"%{_escape_like(ticket)}%", escape="\\"))
        else:
            phone_filter = phone
            ids = recruiter_ids_for(session, {"phone:" + phone}, match_hash)
            stmt = stmt.where(
                or_(
                    Report.id.in_(_reports_of_recruiters(ids)) if ids else false(),
                    Report.contact_phone.is_not(None),
                )
            )
    limit = max(1, min(query.limit, MAX_LIMIT))
    stmt = stmt.order_by(Report.urgent.desc(), Report.created_at, Report.id)
    reports = list(session.scalars(stmt if phone_filter else stmt.limit(limit)))
    if phone_filter is not None:
        linked = set()
        ids = recruiter_ids_for(session, {"phone:" + phone_filter}, match_hash)
        if ids:
            linked = set(session.scalars(_reports_of_recruiters(ids)))
        reports = [
            r for r in reports if r.id in linked or normalize_phone(r.contact_phone) == phone_filter
        ][:limit]
    return summaries(session, reports)


def summaries(session: Session, reports: list[Report]) -> list[CaseSummary]:
    """Queue rows for ``reports`` (kept in order), with first-response times and counts."""
    ids = [r.id for r in reports]
    first_response: dict[int, Any] = {}
    evidence_count: dict[int, int] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        first_response.update(
            session.execute(
                select(StatusEventRow.report_id, func.min(StatusEventRow.at))
                .where(
                    StatusEventRow.report_id.in_(chunk),
                    StatusEventRow.actor != REPORTER_ACTOR,
                )
                .group_by(StatusEventRow.report_id)
            ).all()
        )
        evidence_count.update(
            session.execute(
                select(Evidence.report_id, func.count(Evidence.id))
                .where(Evidence.report_id.in_(chunk), Evidence.wiped_at.is_(None))
                .group_by(Evidence.report_id)
            ).all()
        )
    return [
        CaseSummary(
            ticket=r.ticket,
            status=r.status,
            urgent=r.urgent,
            in_danger=r.in_danger,
            minor=r.minor,
            created_at=r.created_at,
            updated_at=r.updated_at,
            closed_at=r.closed_at,
            first_response_at=as_utc(first_response.get(r.id)),
            assigned_officer=r.assigned_officer,
            forwarded_to=r.forwarded_to,
            recruiter_name=r.recruiter_name,
            company=r.company,
            kabupaten=r.kabupaten,
            destination_country=r.destination_country,
            screening_level=r.screening_level,
            screening_flags=list(r.screening_flags or []),
            evidence_count=evidence_count.get(r.id, 0),
            wiped=r.wiped_at is not None,
        )
        for r in reports
    ]


def as_utc(value: Any) -> datetime | None:
    """An aggregate's datetime as aware UTC."""
    # Aggregates bypass the column type, so SQLite hands back a naive UTC datetime or a string.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def facets(session: Session) -> CaseFacets:
    """Distinct kabupaten and destination countries seen in reports (trimmed, sorted)."""

    def distinct(column: InstrumentedAttribute[str | None]) -> list[str]:
        values = session.scalars(select(func.trim(column)).where(column.is_not(None)).distinct())
        seen: dict[str, str] = {}
        for value in values:
            if value:
                seen.setdefault(value.casefold(), value)
        return sorted(seen.values(), key=str.casefold)

    return CaseFacets(
        kabupaten=distinct(Report.kabupaten),
        destination_countries=distinct(Report.destination_country),
    )
