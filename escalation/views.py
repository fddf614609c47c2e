"""Plain data objects that cross the package boundary: no SQLAlchemy objects ever leave it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class ReportDraft:
    """A finished report as collected by the conversation, before it is filed.

    Every text field is free text as the reporter gave it. ``reporter`` is the keyed hash from
    :func:`escalation.reporter_key`, never a raw Telegram id. ``contact_phone`` is only stored
    when ``contact_allowed`` is true. ``evidence`` holds ``(data, mime, filename)`` tuples.
    """

    reporter: str
    recruiter_name: str | None = None
    recruiter_contact: str | None = None
    company: str | None = None
    location: str | None = None
    kabupaten: str | None = None
    contact_channel: str | None = None
    offer_text: str | None = None
    destination_country: str | None = None
    money: str | None = None
    status_now: str | None = None
    in_danger: bool = False
    minor: bool = False
    anonymous: bool = False
    contact_allowed: bool = False
    notify_updates: bool = True
    contact_phone: str | None = None
    screening_level: str | None = None
    screening_flags: list[str] = field(default_factory=list)
    evidence: list[tuple[bytes, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ReportView:
    """What a reporter may see about one of their own reports."""

    ticket: str
    status: str
    status_text: str
    urgent: bool
    created_at: datetime
    updated_at: datetime
    recruiter_name: str | None
    company: str | None
    destination_country: str | None
    evidence_count: int
    question: str | None
    """The officer's open question while the status is ``menunggu_info``, else ``None``."""
    forwarded_to: str | None
    wiped: bool


@dataclass(frozen=True)
class StatusEvent:
    """One immutable entry of a case's audit trail."""

    who: str
    action: str
    from_status: str | None
    to_status: str
    note: str | None
    at: datetime


@dataclass(frozen=True)
class EvidenceInfo:
    """One stored evidence file; ``path`` is relative to the evidence directory."""

    sha256: str
    mime: str
    size: int
    filename: str | None
    path: str | None


@dataclass(frozen=True)
class CaseCard:
    """What an officer sees about a case."""

    ticket: str
    status: str
    urgent: bool
    in_danger: bool
    minor: bool
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    assigned_officer: str | None
    forwarded_to: str | None
    recruiter_name: str | None
    recruiter_contact: str | None
    company: str | None
    location: str | None
    kabupaten: str | None
    contact_channel: str | None
    offer_text: str | None
    destination_country: str | None
    money: str | None
    status_now: str | None
    anonymous: bool
    contact_allowed: bool
    contact_phone: str | None
    screening_level: str | None
    screening_flags: list[str]
    question: str | None
    linked_reports_count: int
    evidence: list[EvidenceInfo]
    history: list[StatusEvent]
    wiped: bool
    notify_updates: bool = True


@dataclass(frozen=True)
class Notification:
    """One message waiting in the outbox, claimed for the caller until its lease runs out.

    ``target`` is ``"officers"`` or a reporter key; for a reporter, ``chat_id`` is the chat
    linked with :meth:`Escalation.link_chat`.
    """

    id: int
    kind: str
    target: str
    ticket: str | None
    payload: str
    attempts: int
    chat_id: int | None


@dataclass(frozen=True)
class CaseQuery:
    """Filters of the officers' queue; text filters are case-insensitive.

    ``statuses`` empty means the open statuses. ``recruiter`` is a name, phone, handle or
    company matched like :meth:`Escalation.recruiter_lookup` (and as a substring of the
    report's recruiter fields). ``search`` is a ticket or a phone number (the recruiter's or
    the reporter's contact). Dates are aware datetimes; ``created_before`` is exclusive.
    """

    statuses: frozenset[str] = frozenset()
    urgent: bool | None = None
    kabupaten: str | None = None
    destination_country: str | None = None
    recruiter: str | None = None
    recruiter_id: int | None = None
    created_from: datetime | None = None
    created_before: datetime | None = None
    search: str | None = None
    limit: int = 500


@dataclass(frozen=True)
class CaseSummary:
    """One row of the officers' queue, overview and linked-report lists."""

    ticket: str
    status: str
    urgent: bool
    in_danger: bool
    minor: bool
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    first_response_at: datetime | None
    """When an officer first acted on the case (take, ask, forward, resolve or reject)."""
    assigned_officer: str | None
    forwarded_to: str | None
    recruiter_name: str | None
    company: str | None
    kabupaten: str | None
    destination_country: str | None
    screening_level: str | None
    screening_flags: list[str]
    evidence_count: int
    wiped: bool


@dataclass(frozen=True)
class CaseFacets:
    """Distinct values officers can filter on (for the filter form's suggestions)."""

    kabupaten: list[str]
    destination_countries: list[str]


@dataclass(frozen=True)
class RecruiterInfo:
    """What the bot may say about a recruiter a user asks about.

    ``report_count`` counts distinct reports naming any matched identifier (wiped reports
    included: only keyed hashes are kept). ``matched_kinds`` says how it matched (``phone``,
    ``handle``, ``name``, ``company``): a match on a common name alone is weak evidence.
    """

    report_count: int
    verified_illegal: bool
    matched_kinds: list[str]
    recruiter_ids: list[int]
    first_reported_at: datetime | None
    last_reported_at: datetime | None


@dataclass(frozen=True)
class RecruiterIdentifierView:
    """One recruiter identifier; ``label`` is readable only while a report still holds it."""

    recruiter_id: int
    kind: str
    label: str | None
    report_count: int
    verified_illegal: bool


@dataclass(frozen=True)
class OfficerAuditEntry:
    """One entry of the officers' audit log (accounts, recruiter verdicts, list imports)."""

    who: str
    action: str
    subject: str
    note: str | None
    at: datetime


@dataclass(frozen=True)
class RecruiterDetail:
    """Everything about one recruiter identifier, for the officers' recruiter page."""

    identifier: RecruiterIdentifierView
    first_seen_at: datetime
    verdict_note: str | None
    verdict_by: str | None
    verdict_at: datetime | None
    related: list[RecruiterIdentifierView]
    """Other identifiers named in the same reports (the same person's phone, handle, company)."""
    reports: list[CaseSummary]
    history: list[OfficerAuditEntry]


@dataclass(frozen=True)
class AgencyInfo:
    """A company found on the newest imported list of licensed agencies (P3MI)."""

    name: str
    licence_number: str
    valid_until: date | None
    list_date: date
    list_source: str
    list_is_sample: bool
    """The list says it is an example, not an official list: never present it as official."""

    def valid_on(self, day: date) -> bool:
        """True when the licence has no end date or has not ended on ``day``."""
        return self.valid_until is None or self.valid_until >= day


@dataclass(frozen=True)
class AgencyListInfo:
    """One imported list of licensed agencies."""

    id: int
    source: str
    list_date: date
    sample: bool
    row_count: int
    imported_by: str
    imported_at: datetime


@dataclass(frozen=True)
class ConsoleAccountView:
    """An officer's console sign-in (never the password hash)."""

    username: str
    name: str
    role: str
    active: bool
    telegram_user_id: int | None
    locked_until: datetime | None
    created_at: datetime
    last_login_at: datetime | None

    @property
    def actor(self) -> str:
        """The officer id recorded in audit trails for console actions."""
        return f"console:{self.username}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class ConsoleSessionView:
    """A valid console session: who, and the CSRF token every form must send back."""

    account: ConsoleAccountView
    csrf_token: str
    created_at: datetime


@dataclass(frozen=True)
class ConsoleLogin:
    """A new session after a successful sign-in; ``token`` goes into the cookie only."""

    token: str
    session: ConsoleSessionView
