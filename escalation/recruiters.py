"""Recruiter look-ups for the bot and the officers' recruiter page, and officers' verdicts.

Identifiers are stored only as keyed hashes; a readable label is recovered from the text of
reports that still hold it (until retention wipes them). Data functions never commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from escalation.accounts import append_audit
from escalation.case_search import (
    MatchHash,
    as_utc,
    lookup_keys,
    recruiter_ids_for,
    summaries,
)
from escalation.errors import NotFound
from escalation.matching import recruiter_keys
from escalation.models import OfficerAuditEntry as AuditRow
from escalation.models import Recruiter, RecruiterIdentifier, RecruiterVerdict, Report
from escalation.views import (
    OfficerAuditEntry,
    RecruiterDetail,
    RecruiterIdentifierView,
    RecruiterInfo,
)

MAX_VERDICT_NOTE = 2000


def subject_of(recruiter_id: int) -> str:
    return f"recruiter:{recruiter_id}"


def lookup(session: Session, text: str, match_hash: MatchHash) -> RecruiterInfo | None:
    """Stored recruiters matching a name, phone, handle or company typed by a user."""
    ids = recruiter_ids_for(session, lookup_keys(text), match_hash)
    if not ids:
        return None
    kinds = sorted(set(session.scalars(select(Recruiter.kind).where(Recruiter.id.in_(ids)))))
    count, first, last = session.execute(
        select(
            func.count(func.distinct(Report.id)),
            func.min(Report.created_at),
            func.max(Report.created_at),
        )
        .join(RecruiterIdentifier, RecruiterIdentifier.report_id == Report.id)
        .where(RecruiterIdentifier.recruiter_id.in_(ids))
    ).one()
    verified = bool(
        session.scalar(
            select(func.count())
            .select_from(RecruiterVerdict)
            .where(
                RecruiterVerdict.recruiter_id.in_(ids),
                RecruiterVerdict.verified_illegal.is_(True),
            )
        )
    )
    return RecruiterInfo(
        report_count=int(count or 0),
        verified_illegal=verified,
        matched_kinds=kinds,
        recruiter_ids=ids,
        first_reported_at=as_utc(first),
        last_reported_at=as_utc(last),
    )


def _labels(reports: list[Report], match_hash: MatchHash) -> dict[str, str]:
    """Readable identifier per key hash, recovered from reports' text."""
    labels: dict[str, str] = {}
    for report in reports:
        if report.wiped_at is not None:
            continue
        for key in recruiter_keys(report.recruiter_name, report.recruiter_contact, report.company):
            labels.setdefault(match_hash(key), key.split(":", 1)[1])
    return labels


def identifier_views(
    session: Session, recruiter_ids: list[int], labels: dict[str, str]
) -> list[RecruiterIdentifierView]:
    if not recruiter_ids:
        return []
    rows = session.execute(
        select(Recruiter.id, Recruiter.kind, Recruiter.key_hash).where(
            Recruiter.id.in_(recruiter_ids)
        )
    ).all()
    counts = dict(
        session.execute(
            select(RecruiterIdentifier.recruiter_id, func.count(RecruiterIdentifier.report_id))
            .where(RecruiterIdentifier.recruiter_id.in_(recruiter_ids))
            .group_by(RecruiterIdentifier.recruiter_id)
        ).all()
    )
    verified = set(
        session.scalars(
            select(RecruiterVerdict.recruiter_id).where(
                RecruiterVerdict.recruiter_id.in_(recruiter_ids),
                RecruiterVerdict.verified_illegal.is_(True),
            )
        )
    )
    order = {"phone": 0, "handle": 1, "name": 2, "company": 3}
    views = [
        RecruiterIdentifierView(
            recruiter_id=rid,
            kind=kind,
            label=labels.get(key_hash),
            report_count=int(counts.get(rid, 0)),
            verified_illegal=rid in verified,
        )
        for rid, kind, key_hash in rows
    ]
    return sorted(views, key=lambda v: (order.get(v.kind, 9), v.label or "", v.recruiter_id))


def identifiers_of_report(
    session: Session, report: Report, match_hash: MatchHash
) -> list[RecruiterIdentifierView]:
    """The recruiter identifiers one report names."""
    ids = list(
        session.scalars(
            select(RecruiterIdentifier.recruiter_id).where(
                RecruiterIdentifier.report_id == report.id
            )
        )
    )
    return identifier_views(session, ids, _labels([report], match_hash))


def linked_reports(session: Session, report: Report) -> list[Report]:
    """Other reports naming any identifier this report names, oldest first."""
    mine = select(RecruiterIdentifier.recruiter_id).where(
        RecruiterIdentifier.report_id == report.id
    )
    return list(
        session.scalars(
            select(Report)
            .where(
                Report.id.in_(
                    select(RecruiterIdentifier.report_id).where(
                        RecruiterIdentifier.recruiter_id.in_(mine)
                    )
                ),
                Report.id != report.id,
            )
            .order_by(Report.created_at, Report.id)
        )
    )


def audit_entries(session: Session, subject: str, limit: int = 200) -> list[OfficerAuditEntry]:
    rows = session.scalars(
        select(AuditRow).where(AuditRow.subject == subject).order_by(AuditRow.id).limit(limit)
    )
    return [
        OfficerAuditEntry(who=r.actor, action=r.action, subject=r.subject, note=r.note, at=r.at)
        for r in rows
    ]


def detail(session: Session, recruiter_id: int, match_hash: MatchHash) -> RecruiterDetail:
    """One identifier with its reports, the other identifiers of those reports, its verdict
    and its audit history; :class:`NotFound` if unknown."""
    recruiter = session.get(Recruiter, recruiter_id)
    if recruiter is None:
        raise NotFound("recruiter")
    reports = list(
        session.scalars(
            select(Report)
            .join(RecruiterIdentifier, RecruiterIdentifier.report_id == Report.id)
            .where(RecruiterIdentifier.recruiter_id == recruiter_id)
            .order_by(Report.created_at, Report.id)
        )
    )
    labels = _labels(reports, match_hash)
    related_ids = sorted(
        set(
            session.scalars(
                select(RecruiterIdentifier.recruiter_id).where(
                    RecruiterIdentifier.report_id.in_([r.id for r in reports])
                )
            )
        )
        - {recruiter_id}
    )
    (me,) = identifier_views(session, [recruiter_id], labels)
    verdict = session.get(RecruiterVerdict, recruiter_id)
    return RecruiterDetail(
        identifier=me,
        first_seen_at=recruiter.first_seen_at,
        verdict_note=verdict.note if verdict else None,
        verdict_by=verdict.actor if verdict else None,
        verdict_at=verdict.at if verdict else None,
        related=identifier_views(session, related_ids, labels),
        reports=summaries(session, reports),
        history=audit_entries(session, subject_of(recruiter_id)),
    )


def set_verdict(
    session: Session,
    recruiter_id: int,
    actor: str,
    verified_illegal: bool,
    note: str | None,
    now: datetime,
) -> None:
    """Record (or withdraw) an officer's finding that a recruiter is illegal; audit-logged."""
    if session.get(Recruiter, recruiter_id) is None:
        raise NotFound("recruiter")
    note = (note or "").strip()[:MAX_VERDICT_NOTE] or None
    verdict = session.get(RecruiterVerdict, recruiter_id, with_for_update=True)
    if verdict is None:
        verdict = RecruiterVerdict(recruiter_id=recruiter_id, actor=actor, at=now)
        session.add(verdict)
    verdict.verified_illegal = verified_illegal
    verdict.note = note
    verdict.actor = actor
    verdict.at = now
    action = "verify_illegal" if verified_illegal else "unverify_illegal"
    append_audit(session, actor, action, subject_of(recruiter_id), note, now)
