"""Plain data objects that cross the package boundary: no SQLAlchemy objects ever leave it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


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
