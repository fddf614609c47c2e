"""The :class:`Escalation` facade: every public operation is one database transaction."""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Self

from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, selectinload, sessionmaker

from escalation import accounts, agencies, case_search, recruiters, workflow
from escalation import notifications as outbox
from escalation.database import DEFAULT_DATABASE_URL, create_db_engine, transaction
from escalation.errors import LoginFailed, NotAuthorized, NotFound
from escalation.evidence import (
    MAX_EVIDENCE_PER_REPORT,
    MSG_TOO_MANY,
    EvidenceStore,
    check_evidence,
    clean_filename,
)
from escalation.matching import recruiter_keys
from escalation.models import (
    ConsoleAccount,
    EventNote,
    Evidence,
    Officer,
    Recruiter,
    RecruiterIdentifier,
    Report,
    Reporter,
)
from escalation.models import Notification as NotificationRow
from escalation.models import StatusEvent as StatusEventRow
from escalation.privacy import Keyring, log_id
from escalation.sql import insert_ignoring_conflicts
from escalation.state import DurableState
from escalation.tickets import next_ticket
from escalation.views import (
    AgencyInfo,
    AgencyListInfo,
    CaseCard,
    CaseFacets,
    CaseQuery,
    CaseSummary,
    ConsoleAccountView,
    ConsoleLogin,
    ConsoleSessionView,
    EvidenceInfo,
    Notification,
    RecruiterDetail,
    RecruiterIdentifierView,
    RecruiterInfo,
    ReportDraft,
    ReportView,
    StatusEvent,
)
from escalation.views import OfficerAuditEntry as OfficerAuditEntryView

log = logging.getLogger(__name__)

DEFAULT_EVIDENCE_DIR = "var/evidence"
REPORTER_ACTOR = "pelapor"
MAX_IDEMPOTENCY_KEY = 128
MAX_ACTOR = 64
MAX_REPORTER_KEY = 64
_DRAFT_TEXT_LIMITS = {
    "recruiter_name": 500,
    "recruiter_contact": 1000,
    "company": 500,
    "location": 500,
    "kabupaten": 200,
    "contact_channel": 200,
    "offer_text": 8000,
    "destination_country": 200,
    "money": 1000,
    "status_now": 2000,
    "contact_phone": 64,
    "screening_level": 32,
}
_REPORTER_UPDATE_ACTIONS = frozenset({"take", "forward", "resolve", "reject"})


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _clean_text(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value[:limit] if value else None


class Escalation:
    """Reports, cases, officers, audit trail and outbox, behind one small API.

    Creating the object creates the engine but does not connect; call :meth:`migrate` once
    at start-up. Methods raise :class:`DatabaseUnavailable` when the database is down.
    """

    def __init__(
        self,
        database_url: str = DEFAULT_DATABASE_URL,
        evidence_dir: str | os.PathLike[str] = DEFAULT_EVIDENCE_DIR,
        *,
        secret: bytes,
        clock: Callable[[], datetime] = _utcnow,
        pool_size: int = 10,
        max_overflow: int = 20,
    ) -> None:
        self._keys = Keyring(secret)
        self._engine = create_db_engine(
            database_url, pool_size=pool_size, max_overflow=max_overflow
        )
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        self._store = EvidenceStore(evidence_dir)
        self._now = clock
        # SQLite has one writer at a time: queue this process's threads on a lock instead of
        # letting them poll the database lock (long tails under load). None for PostgreSQL.
        self._write_lock = threading.Lock() if self._engine.dialect.name == "sqlite" else None
        self.state = DurableState(self._sessions, self._write_lock, clock)
        """The front end's durable state (button payloads, prompts); see :mod:`escalation.state`."""

    # ----------------------------------------------------------------- lifecycle

    def migrate(self) -> None:
        """Upgrade the schema to the newest Alembic revision (safe to run on every start)."""
        from escalation.migrations.runner import upgrade_head

        upgrade_head(self._engine)

    def check(self) -> None:
        """Raise :class:`DatabaseUnavailable` if the database does not answer."""
        with transaction(self._sessions, self._write_lock) as session:
            session.execute(text("SELECT 1"))

    def close(self) -> None:
        """Close pooled connections."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- reports

    def file_report(
        self, draft: ReportDraft, idempotency_key: str, *, announce: bool = False
    ) -> ReportView:
        """File a finished report and queue the officers' card; commits.

        ``announce`` also queues a message telling the reporter the ticket (for reports that were
        held in the spool while the database was down, so the reporter has not seen it yet).
        Filing again with the same ``idempotency_key`` returns the first report unchanged.
        Raises ``ValueError`` (user-safe message) for bad evidence, :class:`NotAuthorized`
        if the key belongs to another reporter's report.
        """
        if not idempotency_key or len(idempotency_key) > MAX_IDEMPOTENCY_KEY:
            raise ValueError("idempotency_key must be 1–128 characters")
        if not draft.reporter or len(draft.reporter) > MAX_REPORTER_KEY:
            raise ValueError("draft.reporter must be a reporter key of 1–64 characters")
        if len(draft.evidence) > MAX_EVIDENCE_PER_REPORT:
            raise ValueError(MSG_TOO_MANY)
        checked = [
            (data, check_evidence(data, mime), clean_filename(name))
            for data, mime, name in draft.evidence
        ]
        stored = [(self._store.save(data), len(data), mime, name) for data, mime, name in checked]
        try:
            with transaction(self._sessions, self._write_lock) as session:
                existing = _report_by_key(session, draft.reporter, idempotency_key)
                if existing is not None:
                    return _report_view(session, existing)
                view = self._insert_report(session, draft, idempotency_key, stored, announce)
        except IntegrityError:
            # A concurrent call with the same key won the race; return its report.
            with transaction(self._sessions, self._write_lock) as session:
                existing = _report_by_key(session, draft.reporter, idempotency_key)
                if existing is None:
                    raise
                return _report_view(session, existing)
        log.info("report filed ticket=%s reporter=%s", view.ticket, log_id(draft.reporter))
        return view

    def _insert_report(
        self,
        session: Session,
        draft: ReportDraft,
        idempotency_key: str,
        stored: list[tuple[str, int, str, str | None]],
        announce: bool = False,
    ) -> ReportView:
        now = self._now()
        reporter = _get_or_create_reporter(session, draft.reporter, now)
        texts = {
            name: _clean_text(getattr(draft, name), limit)
            for name, limit in _DRAFT_TEXT_LIMITS.items()
        }
        if not draft.contact_allowed:
            texts["contact_phone"] = None
        report = Report(
            # The real number is taken last, so the counter row stays locked only briefly.
            ticket="tmp-" + uuid.uuid4().hex[:16],
            idempotency_key=idempotency_key,
            reporter_id=reporter.id,
            **texts,
            in_danger=bool(draft.in_danger),
            minor=bool(draft.minor),
            anonymous=bool(draft.anonymous),
            contact_allowed=bool(draft.contact_allowed),
            notify_updates=bool(draft.notify_updates),
            screening_flags=[str(flag)[:64] for flag in draft.screening_flags][:50],
            status=workflow.BARU,
            urgent=bool(draft.in_danger or draft.minor),
            created_at=now,
            updated_at=now,
        )
        session.add(report)
        session.flush()
        seen: set[str] = set()
        for sha256, size, mime, filename in stored:
            if sha256 in seen:
                continue
            seen.add(sha256)
            session.add(_evidence_row(report.id, sha256, size, mime, filename, now))
        keys = recruiter_keys(report.recruiter_name, report.recruiter_contact, report.company)
        self._link_recruiter_keys(session, report.id, keys, now)
        _append_event(session, report, REPORTER_ACTOR, "lapor", None, workflow.BARU, None, now)
        reasons = [
            reason
            for flag, reason in ((report.in_danger, "dalam bahaya"), (report.minor, "anak"))
            if flag
        ]
        linked = _count_linked_reports(session, report.id)
        report.ticket = next_ticket(session, now)
        outbox.queue(
            session,
            kind=outbox.KIND_OFFICER_URGENT if report.urgent else outbox.KIND_OFFICER_CARD,
            target=outbox.OFFICERS,
            payload=workflow.officer_card_text(
                ticket=report.ticket,
                urgent_reasons=reasons,
                recruiter_name=report.recruiter_name,
                recruiter_contact=report.recruiter_contact,
                company=report.company,
                location=report.location,
                kabupaten=report.kabupaten,
                destination_country=report.destination_country,
                offer_text=report.offer_text,
                money=report.money,
                screening_level=report.screening_level,
                screening_flags=report.screening_flags,
                linked_reports=linked,
                evidence_count=len(seen),
                contact_allowed=bool(report.contact_allowed),
                notify_updates=bool(report.notify_updates),
            ),
            now=now,
            report_id=report.id,
            ticket=report.ticket,
            urgent=report.urgent,
        )
        if announce and report.notify_updates:
            outbox.queue(
                session,
                kind=outbox.KIND_REPORTER_UPDATE,
                target=draft.reporter,
                payload=workflow.filed_late_text(report.ticket),
                now=now,
                report_id=report.id,
                ticket=report.ticket,
            )
        session.flush()
        return _report_view(session, report)

    def _link_recruiter_keys(
        self, session: Session, report_id: int, keys: Iterable[str], now: datetime
    ) -> None:
        by_hash = {self._keys.match_hash(key): key.split(":", 1)[0] for key in keys}
        if not by_hash:
            return
        insert_ignoring_conflicts(
            session,
            Recruiter,
            [{"kind": kind, "key_hash": h, "first_seen_at": now} for h, kind in by_hash.items()],
        )
        rows = session.execute(
            select(Recruiter.id, Recruiter.kind, Recruiter.key_hash).where(
                Recruiter.key_hash.in_(list(by_hash))
            )
        ).all()
        for recruiter_id, kind, key_hash in rows:
            if by_hash.get(key_hash) == kind:
                session.add(
                    RecruiterIdentifier(report_id=report_id, recruiter_id=recruiter_id, kind=kind)
                )

    def add_evidence(
        self, ticket: str, data: bytes, mime: str, filename: str, reporter: str
    ) -> str:
        """Attach a file to the reporter's own open report; returns its sha256.

        The same content is stored once. Raises ``ValueError`` (user-safe message) for a
        wrong type, an empty or too large file, or too many files; :class:`NotFound` if the
        ticket does not exist or is not the reporter's.
        """
        mime = check_evidence(data, mime)
        name = clean_filename(filename)
        sha256 = self._store.save(data)
        with transaction(self._sessions, self._write_lock) as session:
            report = _own_report(session, ticket, reporter, for_update=True)
            if report is None:
                raise NotFound(ticket)
            if report.wiped_at is not None or report.status in workflow.CLOSED_STATUSES:
                raise ValueError("Laporan ini sudah ditutup, jadi tidak bisa menambah bukti.")
            existing = {ev.sha256 for ev in report.evidence}
            if sha256 not in existing:
                if len(existing) >= MAX_EVIDENCE_PER_REPORT:
                    raise ValueError(MSG_TOO_MANY)
                now = self._now()
                session.add(_evidence_row(report.id, sha256, len(data), mime, name, now))
                report.updated_at = now
        log.info("evidence added ticket=%s sha256=%s", ticket, sha256[:12])
        return sha256

    def status_for_reporter(self, ticket: str, reporter: str) -> ReportView | None:
        """The reporter's own report, or ``None`` when it is missing *or* someone else's."""
        with transaction(self._sessions, self._write_lock) as session:
            report = _own_report(session, ticket, reporter)
            return None if report is None else _report_view(session, report)

    def reports_of(self, reporter: str) -> list[ReportView]:
        """All reports of one reporter, newest first."""
        with transaction(self._sessions, self._write_lock) as session:
            reports = session.scalars(
                select(Report)
                .join(Reporter, Report.reporter_id == Reporter.id)
                .where(Reporter.key == reporter)
                .order_by(Report.created_at.desc(), Report.id.desc())
                .options(selectinload(Report.evidence))
            )
            return [_report_view(session, report) for report in reports]

    def recruiter_matches(self, draft_or_ticket: ReportDraft | str) -> int:
        """How many *other* reports name the same recruiter (phone, handle, name or company)."""
        with transaction(self._sessions, self._write_lock) as session:
            if isinstance(draft_or_ticket, str):
                report_id = session.scalars(
                    select(Report.id).where(Report.ticket == draft_or_ticket)
                ).one_or_none()
                if report_id is None:
                    raise NotFound(draft_or_ticket)
                return _count_linked_reports(session, report_id)
            draft = draft_or_ticket
            keys = recruiter_keys(draft.recruiter_name, draft.recruiter_contact, draft.company)
            hashes = [self._keys.match_hash(key) for key in keys]
            if not hashes:
                return 0
            return (
                session.scalar(
                    select(func.count(func.distinct(RecruiterIdentifier.report_id)))
                    .join(Recruiter, Recruiter.id == RecruiterIdentifier.recruiter_id)
                    .where(Recruiter.key_hash.in_(hashes))
                )
                or 0
            )

    # ----------------------------------------------------------------- officers' view

    def open_cases(self, limit: int = 20) -> list[CaseCard]:
        """Open cases, urgent first, then oldest first."""
        with transaction(self._sessions, self._write_lock) as session:
            reports = session.scalars(
                select(Report)
                .where(Report.status.in_(workflow.OPEN_STATUSES))
                .order_by(Report.urgent.desc(), Report.created_at, Report.id)
                .limit(limit)
                .options(selectinload(Report.evidence), selectinload(Report.events))
            )
            return [_case_card(session, report) for report in reports]

    def case(self, ticket: str) -> CaseCard:
        """Everything about one case, with its history; :class:`NotFound` if unknown."""
        with transaction(self._sessions, self._write_lock) as session:
            report = _report_by_ticket(session, ticket)
            return _case_card(session, report)

    def is_officer(self, telegram_user_id: int, env_ids: set[int]) -> bool:
        """True if the id is in the environment's list or an active officer row."""
        if telegram_user_id in env_ids:
            return True
        with transaction(self._sessions, self._write_lock) as session:
            return bool(
                session.scalar(
                    select(func.count(Officer.id)).where(
                        Officer.telegram_user_id == telegram_user_id, Officer.active.is_(True)
                    )
                )
            )

    def add_officer(self, telegram_user_id: int, name: str, role: str = "petugas") -> None:
        """Register (or re-activate) an officer."""
        with transaction(self._sessions, self._write_lock) as session:
            officer = session.scalars(
                select(Officer).where(Officer.telegram_user_id == telegram_user_id)
            ).one_or_none()
            if officer is None:
                session.add(
                    Officer(
                        telegram_user_id=telegram_user_id,
                        name=name,
                        role=role,
                        active=True,
                        created_at=self._now(),
                    )
                )
            else:
                officer.name, officer.role, officer.active = name, role, True

    def deactivate_officer(self, telegram_user_id: int) -> None:
        """Withdraw an officer's access; their past actions stay in the audit trail."""
        with transaction(self._sessions, self._write_lock) as session:
            officer = session.scalars(
                select(Officer).where(Officer.telegram_user_id == telegram_user_id)
            ).one_or_none()
            if officer is None:
                raise NotFound("officer")
            officer.active = False

    # ----------------------------------------------------------------- case actions

    def take(self, ticket: str, officer_id: str) -> CaseCard:
        """An officer takes a new case: ``baru`` → ``ditangani``."""
        return self._act(ticket, "take", officer_id, None)

    def ask_info(self, ticket: str, officer_id: str, question: str) -> CaseCard:
        """Ask the reporter a question: ``ditangani`` → ``menunggu_info``."""
        if not question or not question.strip():
            raise ValueError("question is required")
        return self._act(ticket, "ask_info", officer_id, question.strip())

    def forward(self, ticket: str, officer_id: str, to: str, note: str = "") -> CaseCard:
        """Record that the case went to ``polisi``, ``kp2mi`` or ``disnaker``."""
        if to not in workflow.FORWARD_TARGETS:
            raise ValueError(f"forward target must be one of {sorted(workflow.FORWARD_TARGETS)}")
        return self._act(ticket, "forward", officer_id, note.strip() or None, forward_to=to)

    def resolve(self, ticket: str, officer_id: str, note: str) -> CaseCard:
        """Close the case as handled: → ``selesai``."""
        return self._act(ticket, "resolve", officer_id, (note or "").strip() or None)

    def reject(self, ticket: str, officer_id: str, reason: str) -> CaseCard:
        """Close the case as not actionable: → ``ditolak``; a reason is required."""
        if not reason or not reason.strip():
            raise ValueError("reason is required")
        return self._act(ticket, "reject", officer_id, reason.strip())

    def add_reporter_reply(self, ticket: str, reporter: str, text: str) -> ReportView:
        """The reporter answers (or adds information); a pending question is answered
        (``menunggu_info`` → ``ditangani``). :class:`NotFound` if not the reporter's ticket."""
        if not text or not text.strip():
            raise ValueError("text is required")
        with transaction(self._sessions, self._write_lock) as session:
            report = _own_report(session, ticket, reporter, for_update=True)
            if report is None:
                raise NotFound(ticket)
            self._apply(session, report, "reply", REPORTER_ACTOR, text.strip()[:4000])
            return _report_view(session, report)

    def _act(
        self,
        ticket: str,
        action: str,
        officer_id: str,
        note: str | None,
        forward_to: str | None = None,
    ) -> CaseCard:
        if not officer_id or len(str(officer_id)) > MAX_ACTOR:
            raise NotAuthorized("officer_id is required")
        with transaction(self._sessions, self._write_lock) as session:
            report = _report_by_ticket(session, ticket, for_update=True)
            self._apply(session, report, action, str(officer_id), note, forward_to)
            card = _case_card(session, report)
        log.info("case %s ticket=%s status=%s", action, ticket, card.status)
        return card

    def _apply(
        self,
        session: Session,
        report: Report,
        action: str,
        actor: str,
        note: str | None,
        forward_to: str | None = None,
    ) -> None:
        """Change the status, append the audit event and queue the notifications."""
        now = self._now()
        before = report.status
        after = workflow.next_status(action, before)
        report.status = after
        report.updated_at = now
        if action == "take":
            report.assigned_officer = actor
        elif action == "ask_info":
            report.question = note
        elif action == "reply":
            report.question = None
        elif action == "forward":
            report.forwarded_to = forward_to
        if after in workflow.CLOSED_STATUSES:
            report.closed_at = now
            report.question = None
        event_note = f"[{forward_to}] {note}" if forward_to and note else (forward_to or note)
        _append_event(session, report, actor, action, before, after, event_note, now)

        reporter_key = report.reporter.key if report.reporter else None
        if action == "reply":
            outbox.queue(
                session,
                kind=outbox.KIND_OFFICER_UPDATE,
                target=outbox.OFFICERS,
                payload=workflow.reporter_reply_text(report.ticket, note),
                now=now,
                report_id=report.id,
                ticket=report.ticket,
                urgent=report.urgent,
            )
        elif reporter_key and report.notify_updates:
            if action == "ask_info":
                kind, payload = (
                    outbox.KIND_REPORTER_QUESTION,
                    workflow.question_text(report.ticket, note or ""),
                )
            elif action in _REPORTER_UPDATE_ACTIONS:
                kind = outbox.KIND_REPORTER_UPDATE
                payload = workflow.status_text(report.ticket, after, report.forwarded_to)
            else:
                return
            outbox.queue(
                session,
                kind=kind,
                target=reporter_key,
                payload=payload,
                now=now,
                report_id=report.id,
                ticket=report.ticket,
            )

    # ----------------------------------------------------------------- officers' console

    def find_cases(self, query: CaseQuery | None = None) -> list[CaseSummary]:
        """Cases matching ``query`` (default: every open case), urgent first, then oldest."""
        with transaction(self._sessions, self._write_lock) as session:
            return case_search.find_cases(session, query or CaseQuery(), self._keys.match_hash)

    def case_facets(self) -> CaseFacets:
        """Distinct kabupaten and destination countries, for filter suggestions."""
        with transaction(self._sessions, self._write_lock) as session:
            return case_search.facets(session)

    def linked_reports(self, ticket: str) -> list[CaseSummary]:
        """Other reports naming the same recruiter (any shared identifier), oldest first."""
        with transaction(self._sessions, self._write_lock) as session:
            report = _report_by_ticket(session, ticket)
            return case_search.summaries(session, recruiters.linked_reports(session, report))

    def case_recruiters(self, ticket: str) -> list[RecruiterIdentifierView]:
        """The recruiter identifiers (phone, handle, name, company) a case names."""
        with transaction(self._sessions, self._write_lock) as session:
            report = _report_by_ticket(session, ticket)
            return recruiters.identifiers_of_report(session, report, self._keys.match_hash)

    def evidence_file(self, ticket: str, sha256: str) -> tuple[Path, EvidenceInfo]:
        """Where one evidence file of a case is on disk; :class:`NotFound` when it is not
        part of the case, was wiped, or is missing from the store."""
        with transaction(self._sessions, self._write_lock) as session:
            report = _report_by_ticket(session, ticket)
            row = session.scalars(
                select(Evidence).where(
                    Evidence.report_id == report.id,
                    Evidence.sha256 == sha256,
                    Evidence.wiped_at.is_(None),
                )
            ).one_or_none()
            if row is None:
                raise NotFound("evidence")
            info = EvidenceInfo(
                sha256=row.sha256,
                mime=row.mime,
                size=row.size,
                filename=row.filename,
                path=row.path,
            )
        path = self._store.path_for(info.sha256)
        if not path.is_file():
            raise NotFound("evidence file")
        return path, info

    def recruiter_lookup(self, text: str) -> RecruiterInfo | None:
        """Match a name, phone, handle or company a user asks about against stored
        recruiters; ``None`` when no report names it. Used by the bot ("sudah dilaporkan N
        kali"); wiped reports still count, as only keyed hashes are matched."""
        with transaction(self._sessions, self._write_lock) as session:
            return recruiters.lookup(session, text, self._keys.match_hash)

    def recruiter(self, recruiter_id: int) -> RecruiterDetail:
        """One recruiter identifier with its reports, related identifiers and verdict."""
        with transaction(self._sessions, self._write_lock) as session:
            return recruiters.detail(session, recruiter_id, self._keys.match_hash)

    def mark_recruiter(
        self, recruiter_id: int, officer_id: str, *, verified_illegal: bool, note: str
    ) -> RecruiterDetail:
        """Record (or withdraw) that a recruiter is verified illegal; a note is required and
        the change goes to the officer audit log."""
        if not officer_id or len(officer_id) > MAX_ACTOR:
            raise NotAuthorized("officer_id is required")
        if not note or not note.strip():
            raise ValueError("note is required")
        with transaction(self._sessions, self._write_lock) as session:
            recruiters.set_verdict(
                session, recruiter_id, officer_id, verified_illegal, note, self._now()
            )
            return recruiters.detail(session, recruiter_id, self._keys.match_hash)

    def officer_audit(self, subject: str) -> list[OfficerAuditEntryView]:
        """Officer audit entries about one subject (``recruiter:<id>``, ``account:<user>``…)."""
        with transaction(self._sessions, self._write_lock) as session:
            return recruiters.audit_entries(session, subject)

    def import_agency_list(
        self, csv_data: bytes | str, *, source: str, list_date: date, officer_id: str
    ) -> AgencyListInfo:
        """Import a list of licensed agencies (CSV: company name, licence number, valid
        until) as the newest version. ``ValueError`` (Indonesian, user-safe) for a bad file."""
        records, sample = agencies.parse_agency_csv(csv_data)
        with transaction(self._sessions, self._write_lock) as session:
            return agencies.import_list(
                session,
                records,
                sample=sample,
                source=source,
                list_date=list_date,
                actor=officer_id,
                now=self._now(),
            )

    def agency_lists(self) -> list[AgencyListInfo]:
        """Imported agency lists, newest first (the first one answers look-ups)."""
        with transaction(self._sessions, self._write_lock) as session:
            return agencies.all_lists(session)

    def licensed_agency(self, name: str) -> AgencyInfo | None:
        """The company on the newest imported P3MI list whose normalised name equals
        ``name`` (legal forms and punctuation ignored), or ``None``. Check
        ``list_is_sample`` and ``valid_on(today)`` before telling a user it is licensed."""
        with transaction(self._sessions, self._write_lock) as session:
            return agencies.find_agency(session, name)

    # ----------------------------------------------------------------- console accounts

    def create_console_account(
        self,
        username: str,
        password: str,
        *,
        name: str,
        role: str = "petugas",
        telegram_user_id: int | None = None,
        officer_id: str,
    ) -> ConsoleAccountView:
        """Add a console sign-in; with ``telegram_user_id`` the person also becomes an
        officer in Telegram. ``ValueError`` (user-safe) for bad input or a taken username."""
        username = accounts.check_username(username)
        name = " ".join((name or "").split())[:255]
        if not name:
            raise ValueError("Nama wajib diisi.")
        role = accounts.check_role(role)
        password_hash = accounts.hash_password(password)
        with transaction(self._sessions, self._write_lock) as session:
            taken = session.scalar(
                select(func.count(ConsoleAccount.id)).where(ConsoleAccount.username == username)
            )
            if taken:
                raise ValueError("Nama pengguna sudah dipakai.")
            account = ConsoleAccount(
                username=username,
                password_hash=password_hash,
                name=name,
                role=role,
                active=True,
                telegram_user_id=telegram_user_id,
                failed_logins=0,
                created_at=self._now(),
            )
            session.add(account)
            session.flush()
            accounts.sync_officer(session, account, None)
            accounts.append_audit(
                session, officer_id, "create_account", f"account:{username}", role, self._now()
            )
            return accounts.account_view(account)

    def update_console_account(
        self,
        username: str,
        *,
        officer_id: str,
        name: str | None = None,
        role: str | None = None,
        active: bool | None = None,
        password: str | None = None,
        telegram_user_id: int | None = None,
        unlink_telegram: bool = False,
    ) -> ConsoleAccountView:
        """Change an account; ``None`` leaves a field as it is. A new password or
        deactivation ends the account's sessions; the linked Telegram officer follows."""
        new_hash = accounts.hash_password(password) if password is not None else None
        if role is not None:
            accounts.check_role(role)
        with transaction(self._sessions, self._write_lock) as session:
            account = accounts.account_by_username(session, username, for_update=True)
            previous_telegram = account.telegram_user_id
            changes = []
            if name is not None and " ".join(name.split()):
                account.name = " ".join(name.split())[:255]
                changes.append("nama")
            if role is not None and role != account.role:
                account.role = role
                changes.append(f"peran={role}")
            if active is not None and active != account.active:
                account.active = active
                changes.append("aktif" if active else "nonaktif")
                if not active:
                    accounts.end_sessions_of(session, account.id)
            if new_hash is not None:
                account.password_hash = new_hash
                account.failed_logins, account.locked_until = 0, None
                accounts.end_sessions_of(session, account.id)
                changes.append("kata sandi")
            if unlink_telegram:
                account.telegram_user_id = None
                changes.append("telegram dilepas")
            elif telegram_user_id is not None and telegram_user_id != previous_telegram:
                account.telegram_user_id = telegram_user_id
                changes.append("telegram ditautkan")
            accounts.sync_officer(session, account, previous_telegram)
            if changes:
                accounts.append_audit(
                    session,
                    officer_id,
                    "update_account",
                    f"account:{account.username}",
                    ", ".join(changes),
                    self._now(),
                )
            return accounts.account_view(account)

    def console_accounts(self) -> list[ConsoleAccountView]:
        """Every console account, by username."""
        with transaction(self._sessions, self._write_lock) as session:
            rows = session.scalars(select(ConsoleAccount).order_by(ConsoleAccount.username))
            return [accounts.account_view(row) for row in rows]

    def ensure_console_admin(self, password: str) -> ConsoleAccountView:
        """Create the ``admin`` account, or set its password, role and activity (start-up)."""
        accounts.check_password(password)
        with transaction(self._sessions, self._write_lock) as session:
            account = session.scalars(
                select(ConsoleAccount)
                .where(ConsoleAccount.username == accounts.ADMIN_USERNAME)
                .with_for_update()
            ).one_or_none()
            now = self._now()
            if account is None:
                account = ConsoleAccount(
                    username=accounts.ADMIN_USERNAME,
                    password_hash=accounts.hash_password(password),
                    name="Administrator",
                    role="admin",
                    active=True,
                    failed_logins=0,
                    created_at=now,
                )
                session.add(account)
                session.flush()
                accounts.append_audit(
                    session, "system", "create_account", "account:admin", "admin", now
                )
            else:
                if not accounts.verify_password(account.password_hash, password):
                    account.password_hash = accounts.hash_password(password)
                    accounts.end_sessions_of(session, account.id)
                    accounts.append_audit(
                        session, "system", "update_account", "account:admin", "kata sandi", now
                    )
                account.role, account.active = "admin", True
                account.failed_logins, account.locked_until = 0, None
            return accounts.account_view(account)

    def console_login(
        self,
        username: str,
        password: str,
        *,
        client: str,
        max_failures: int = accounts.DEFAULT_MAX_FAILURES,
        lockout: timedelta = accounts.DEFAULT_LOCKOUT,
    ) -> ConsoleLogin:
        """Check a password and open a session. Raises :class:`LoginFailed`, or
        :class:`AccountLocked` after ``max_failures`` wrong passwords for this name from the
        client address ``client``, or after ``4 × max_failures`` from that address over any
        names (for ``lockout``; see :func:`escalation.accounts.authenticate`)."""
        keys = self._keys.login_throttle_keys(accounts.normalise_username(username), client)
        failure: LoginFailed | None = None
        with transaction(self._sessions, self._write_lock) as session:
            now = self._now()
            try:
                account = accounts.authenticate(
                    session,
                    username,
                    password,
                    now,
                    throttle_keys=keys,
                    max_failures=max_failures,
                    lockout=lockout,
                )
            except LoginFailed as exc:
                failure = exc  # raised after the commit, so the failure counters are kept
            else:
                accounts.purge_expired_sessions(session, now, idle=timedelta(days=30))
                token, csrf = accounts.start_session(session, account, now)
                view = accounts.account_view(account)
        if failure is not None:
            log.info("console sign-in refused (%s)", type(failure).__name__)
            raise failure
        log.info("console sign-in account=%s", log_id(view.username))
        return ConsoleLogin(
            token=token, session=ConsoleSessionView(account=view, csrf_token=csrf, created_at=now)
        )

    def purge_login_throttles(self) -> int:
        """Delete sign-in throttles not updated for a day and not locked; returns how many."""
        with transaction(self._sessions, self._write_lock) as session:
            return accounts.purge_login_throttles(session, self._now())

    def console_session(
        self, token: str, *, idle: timedelta, max_age: timedelta
    ) -> ConsoleSessionView | None:
        """The session of a cookie token, or ``None`` when unknown, idle longer than
        ``idle``, older than ``max_age`` or of a deactivated account."""
        with transaction(self._sessions, self._write_lock) as session:
            return accounts.load_session(session, token, self._now(), idle=idle, max_age=max_age)

    def console_logout(self, token: str) -> None:
        """End a session (idempotent)."""
        with transaction(self._sessions, self._write_lock) as session:
            accounts.end_session(session, token)

    # ----------------------------------------------------------------- outbox

    def pending_notifications(
        self, limit: int = 50, lease_seconds: float = outbox.DEFAULT_LEASE.total_seconds()
    ) -> list[Notification]:
        """Claim due messages for this worker for ``lease_seconds``; report back with
        :meth:`mark_delivered` or :meth:`mark_failed`. Two workers never get the same message
        while its lease runs. Messages to a reporter without a linked chat are dropped."""
        now = self._now()
        claimed: list[Notification] = []
        with transaction(self._sessions, self._write_lock) as session:
            rows = outbox.claim_due(
                session, now=now, limit=limit, lease=timedelta(seconds=lease_seconds)
            )
            for row in rows:
                chat_id = None
                if row.target != outbox.OFFICERS:
                    chat_id = self._chat_of(session, row.target)
                    if chat_id is None:
                        row.status = outbox.DEAD
                        row.last_error = "reporter has no linked chat"
                        row.lease_until = None
                        continue
                claimed.append(
                    Notification(
                        id=row.id,
                        kind=row.kind,
                        target=row.target,
                        ticket=row.ticket,
                        payload=row.payload,
                        attempts=row.attempts,
                        chat_id=chat_id,
                    )
                )
        return claimed

    def mark_delivered(self, notification_id: int, telegram_message_id: int | None) -> None:
        """Record that a claimed message was sent (idempotent)."""
        with transaction(self._sessions, self._write_lock) as session:
            outbox.mark_delivered(session, notification_id, telegram_message_id, self._now())

    def mark_failed(self, notification_id: int, error: str) -> None:
        """Record a failed send; it is retried with exponential backoff, then given up."""
        with transaction(self._sessions, self._write_lock) as session:
            status = outbox.mark_failed(session, notification_id, error, self._now())
        if status == outbox.DEAD:
            log.warning("notification %s given up after retries", notification_id)

    # ----------------------------------------------------------------- reporter chats

    def link_chat(self, reporter: str, chat_id: int) -> None:
        """Remember (encrypted) which chat receives this reporter's updates."""
        with transaction(self._sessions, self._write_lock) as session:
            row = _get_or_create_reporter(session, reporter, self._now())
            row.chat_id_sealed = self._keys.seal_chat_id(chat_id, reporter)

    def reporter_chat(self, reporter: str) -> int | None:
        """The linked chat of a reporter, or ``None``."""
        with transaction(self._sessions, self._write_lock) as session:
            return self._chat_of(session, reporter)

    def _chat_of(self, session: Session, reporter: str) -> int | None:
        sealed = session.scalars(
            select(Reporter.chat_id_sealed).where(Reporter.key == reporter)
        ).one_or_none()
        return None if sealed is None else self._keys.open_chat_id(sealed, reporter)

    # ----------------------------------------------------------------- retention

    def apply_retention(self, days: int) -> int:
        """Wipe personal data of reports closed more than ``days`` days ago; returns how many.

        Names, contacts, free text, notes, message payloads and evidence files go; the
        ticket, statuses, flags, timestamps, counts and hashed recruiter keys stay. Old console
        sign-in throttles go too (:meth:`purge_login_throttles`).
        """
        if days < 0:
            raise ValueError("days must be >= 0")
        self.purge_login_throttles()
        now = self._now()
        cutoff = now - timedelta(days=days)
        with transaction(self._sessions, self._write_lock) as session:
            reports = list(
                session.scalars(
                    select(Report)
                    .where(
                        Report.status.in_(workflow.CLOSED_STATUSES),
                        Report.closed_at < cutoff,
                        Report.wiped_at.is_(None),
                    )
                    .with_for_update()
                )
            )
            report_ids = [report.id for report in reports]
            shas: set[str] = set()
            for report in reports:
                for name in (*_DRAFT_TEXT_LIMITS, "question"):
                    if name not in (
                        "kabupaten",
                        "destination_country",
                        "contact_channel",
                        "screening_level",
                    ):
                        setattr(report, name, None)
                report.reporter_id = None
                report.wiped_at = now
                for ev in report.evidence:
                    shas.add(ev.sha256)
                    ev.filename, ev.path, ev.wiped_at = None, None, now
            if report_ids:
                event_ids = select(StatusEventRow.id).where(
                    StatusEventRow.report_id.in_(report_ids)
                )
                session.execute(
                    update(EventNote).where(EventNote.event_id.in_(event_ids)).values(text=None)
                )
                session.execute(
                    update(NotificationRow)
                    .where(NotificationRow.report_id.in_(report_ids))
                    .values(payload="", last_error=None)
                )
                session.execute(
                    update(NotificationRow)
                    .where(
                        NotificationRow.report_id.in_(report_ids),
                        NotificationRow.status == outbox.PENDING,
                    )
                    .values(status=outbox.DEAD)
                )
        if shas:
            with transaction(self._sessions, self._write_lock) as session:
                still_used = set(
                    session.scalars(
                        select(Evidence.sha256).where(
                            Evidence.sha256.in_(shas), Evidence.wiped_at.is_(None)
                        )
                    )
                )
            for sha256 in shas - still_used:
                self._store.delete(sha256)
        if report_ids:
            log.info("retention wiped %d reports closed before %s", len(report_ids), cutoff.date())
        return len(report_ids)


    # Rasa's SQL tracker store keeps every turn of every conversation (form answers included) in
    # the table "events" of the same database.
    RASA_EVENTS_TABLE = "events"

    def purge_conversations(self, days: int) -> int:
        """Delete Rasa's stored conversations that have been idle for more than ``days`` days.

        The reporter's words in the report form live in Rasa's tracker store too; retention must
        take them with the report's personal data. Returns how many conversations went; 0 when
        Rasa keeps its conversations elsewhere (no such table here).
        """
        if days < 0:
            raise ValueError("days must be >= 0")
        from sqlalchemy import inspect

        if not inspect(self._engine).has_table(self.RASA_EVENTS_TABLE):
            return 0
        cutoff = (self._now() - timedelta(days=days)).timestamp()
        idle = (f"SELECT sender_id FROM {self.RASA_EVENTS_TABLE} GROUP BY sender_id "
                "HAVING MAX(timestamp) < :cutoff")
        with transaction(self._sessions, self._write_lock) as session:
            senders = list(session.execute(text(idle), {"cutoff": cutoff}).scalars())
            for start in range(0, len(senders), 500):
                chunk = senders[start:start + 500]
                session.execute(
                    text(f"DELETE FROM {self.RASA_EVENTS_TABLE} WHERE sender_id IN :ids")
                    .bindparams(bindparam("ids", expanding=True)),
                    {"ids": chunk},
                )
        if senders:
            log.info("retention deleted %d conversations idle since before %s", len(senders),
                     datetime.fromtimestamp(cutoff, UTC).date())
        return len(senders)


# --------------------------------------------------------------------- data functions


def _get_or_create_reporter(session: Session, key: str, now: datetime) -> Reporter:
    insert_ignoring_conflicts(session, Reporter, [{"key": key, "created_at": now}])
    return session.scalars(select(Reporter).where(Reporter.key == key)).one()


def _own_report(
    session: Session, ticket: str, reporter: str, *, for_update: bool = False
) -> Report | None:
    query = (
        select(Report)
        .join(Reporter, Report.reporter_id == Reporter.id)
        .where(Report.ticket == ticket, Reporter.key == reporter)
        .options(selectinload(Report.evidence))
    )
    if for_update:
        query = query.with_for_update(of=Report)
    return session.scalars(query).one_or_none()


def _report_by_ticket(session: Session, ticket: str, *, for_update: bool = False) -> Report:
    if "\x00" in ticket:  # no ticket has one, and PostgreSQL refuses it in a query
        raise NotFound(ticket)
    query = select(Report).where(Report.ticket == ticket)
    if for_update:
        query = query.with_for_update()
    report = session.scalars(query).one_or_none()
    if report is None:
        raise NotFound(ticket)
    return report


def _evidence_row(
    report_id: int, sha256: str, size: int, mime: str, filename: str | None, now: datetime
) -> Evidence:
    return Evidence(
        report_id=report_id,
        sha256=sha256,
        mime=mime,
        size=size,
        filename=filename,
        path=EvidenceStore.relative_path(sha256),
        created_at=now,
    )


def _append_event(
    session: Session,
    report: Report,
    actor: str,
    action: str,
    from_status: str | None,
    to_status: str,
    note: str | None,
    now: datetime,
) -> None:
    event = StatusEventRow(
        report_id=report.id,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        at=now,
    )
    session.add(event)
    session.flush()
    if note:
        session.add(EventNote(event_id=event.id, text=note))


def _count_linked_reports(session: Session, report_id: int) -> int:
    mine = aliased(RecruiterIdentifier)
    other = aliased(RecruiterIdentifier)
    return (
        session.scalar(
            select(func.count(func.distinct(other.report_id)))
            .select_from(mine)
            .join(other, other.recruiter_id == mine.recruiter_id)
            .where(mine.report_id == report_id, other.report_id != report_id)
        )
        or 0
    )


def _report_view(session: Session, report: Report) -> ReportView:
    return ReportView(
        ticket=report.ticket,
        status=report.status,
        status_text=workflow.status_text(report.ticket, report.status, report.forwarded_to),
        urgent=report.urgent,
        created_at=report.created_at,
        updated_at=report.updated_at,
        recruiter_name=report.recruiter_name,
        company=report.company,
        destination_country=report.destination_country,
        evidence_count=len(report.evidence),
        question=report.question if report.status == workflow.MENUNGGU_INFO else None,
        forwarded_to=report.forwarded_to,
        wiped=report.wiped_at is not None,
    )


def _case_card(session: Session, report: Report) -> CaseCard:
    events = session.scalars(
        select(StatusEventRow)
        .where(StatusEventRow.report_id == report.id)
        .order_by(StatusEventRow.id)
    ).unique()
    return CaseCard(
        ticket=report.ticket,
        status=report.status,
        urgent=report.urgent,
        in_danger=report.in_danger,
        minor=report.minor,
        created_at=report.created_at,
        updated_at=report.updated_at,
        closed_at=report.closed_at,
        assigned_officer=report.assigned_officer,
        forwarded_to=report.forwarded_to,
        recruiter_name=report.recruiter_name,
        recruiter_contact=report.recruiter_contact,
        company=report.company,
        location=report.location,
        kabupaten=report.kabupaten,
        contact_channel=report.contact_channel,
        offer_text=report.offer_text,
        destination_country=report.destination_country,
        money=report.money,
        status_now=report.status_now,
        anonymous=report.anonymous,
        contact_allowed=report.contact_allowed,
        notify_updates=bool(report.notify_updates),
        contact_phone=report.contact_phone,
        screening_level=report.screening_level,
        screening_flags=list(report.screening_flags or []),
        question=report.question,
        linked_reports_count=_count_linked_reports(session, report.id),
        evidence=[
            EvidenceInfo(
                sha256=ev.sha256, mime=ev.mime, size=ev.size, filename=ev.filename, path=ev.path
            )
            for ev in report.evidence
        ],
        history=[
            StatusEvent(
                who=ev.actor,
                action=ev.action,
                from_status=ev.from_status,
                to_status=ev.to_status,
                note=ev.note.text if ev.note else None,
                at=ev.at,
            )
            for ev in events
        ],
        wiped=report.wiped_at is not None,
    )


def _report_by_key(session: Session, reporter: str, idempotency_key: str) -> Report | None:
    report = session.scalars(
        select(Report)
        .where(Report.idempotency_key == idempotency_key)
        .options(selectinload(Report.reporter), selectinload(Report.evidence))
    ).one_or_none()
    if report is not None and (report.reporter is None or report.reporter.key != reporter):
        raise NotAuthorized("idempotency key already used by another reporter")
    return report
