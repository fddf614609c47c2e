"""Database tables of the escalation package (SQLAlchemy 2 declarative mapping).

The schema is created and changed only by the Alembic migrations in ``escalation/migrations``;
a test checks that these models and the migrations agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from escalation.errors import AuditTrailImmutable

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, str: String(255)}


class Reporter(Base):
    """A person who reported, known only by a keyed hash of their Telegram id."""

    __tablename__ = "reporters"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    chat_id_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    """The chat to push updates to, AES-GCM encrypted with a key derived from the secret."""
    created_at: Mapped[datetime]


class Report(Base):
    """One filed report and the case that grows from it."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_open_queue", "status", "urgent", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket: Mapped[str] = mapped_column(String(20), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("reporters.id"), index=True)
    recruiter_name: Mapped[str | None] = mapped_column(Text)
    recruiter_contact: Mapped[str | None] = mapped_column(Text)
    company: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    kabupaten: Mapped[str | None]
    contact_channel: Mapped[str | None]
    offer_text: Mapped[str | None] = mapped_column(Text)
    destination_country: Mapped[str | None]
    money: Mapped[str | None] = mapped_column(Text)
    status_now: Mapped[str | None] = mapped_column(Text)
    in_danger: Mapped[bool] = mapped_column(Boolean, default=False)
    minor: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    notify_updates: Mapped[bool] = mapped_column(Boolean, default=True)
    contact_phone: Mapped[str | None] = mapped_column(String(64))
    screening_level: Mapped[str | None] = mapped_column(String(32))
    screening_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    assigned_officer: Mapped[str | None] = mapped_column(String(64))
    forwarded_to: Mapped[str | None] = mapped_column(String(20))
    question: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    wiped_at: Mapped[datetime | None]

    reporter: Mapped[Reporter | None] = relationship()
    evidence: Mapped[list[Evidence]] = relationship(back_populates="report", order_by="Evidence.id")
    events: Mapped[list[StatusEvent]] = relationship(
        back_populates="report", order_by="StatusEvent.id"
    )


class Recruiter(Base):
    """One normalised recruiter identifier (phone, handle, name or company) seen in reports.

    Only a keyed hash of the identifier is stored, so linking still works after retention
    has wiped the reports' text.
    """

    __tablename__ = "recruiters"
    __table_args__ = (UniqueConstraint("kind", "key_hash", name="uq_recruiters_kind_key_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64))
    first_seen_at: Mapped[datetime]


class RecruiterIdentifier(Base):
    """Links a report to a recruiter identifier it names (many-to-many)."""

    __tablename__ = "recruiter_identifiers"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    recruiter_id: Mapped[int] = mapped_column(
        ForeignKey("recruiters.id"), primary_key=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(16))


class Evidence(Base):
    """An evidence file, stored once per content hash under the evidence directory."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("report_id", "sha256", name="uq_evidence_report_id_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    mime: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str | None]
    path: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime]
    wiped_at: Mapped[datetime | None]

    report: Mapped[Report] = relationship(back_populates="evidence")


class StatusEvent(Base):
    """Append-only audit trail: rows are inserted, never updated or deleted.

    Free text (officer notes, the reporter's replies) lives in :class:`EventNote`, so retention
    can wipe it without touching this table. Both an ORM guard and a database trigger refuse
    updates and deletes.
    """

    __tablename__ = "status_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]

    report: Mapped[Report] = relationship(back_populates="events")
    note: Mapped[EventNote | None] = relationship(lazy="joined")


class EventNote(Base):
    """Free text attached to a status event; wiped by retention."""

    __tablename__ = "event_notes"

    event_id: Mapped[int] = mapped_column(ForeignKey("status_events.id"), primary_key=True)
    text: Mapped[str | None] = mapped_column(Text)


class Officer(Base):
    """A case officer allowed to act on cases (in addition to the ids given in the environment)."""

    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    name: Mapped[str]
    role: Mapped[str] = mapped_column(String(32), default="petugas")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class Notification(Base):
    """Outbox row: a message to deliver to the officers or to a reporter, with retries."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_due", "status", "next_attempt_at", "priority"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(64))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    ticket: Mapped[str | None] = mapped_column(String(20))
    payload: Mapped[str] = mapped_column(Text)
    priority: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]


class TicketCounter(Base):
    """Per-year ticket sequence; the row is locked while a number is taken."""

    __tablename__ = "ticket_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class ConsoleAccount(Base):
    """A sign-in of the officers' web console (argon2 password hash, lock-out counters)."""

    __tablename__ = "console_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    password_hash: Mapped[str]
    name: Mapped[str]
    role: Mapped[str] = mapped_column(String(16), default="petugas")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger)
    """Linked :class:`Officer` row, so the same person can also act in Telegram."""
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]


class ConsoleSession(Base):
    """A signed-in browser; only a SHA-256 of the cookie's token is stored."""

    __tablename__ = "console_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("console_accounts.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class RecruiterVerdict(Base):
    """An officer's finding about one recruiter identifier (for example: verified illegal)."""

    __tablename__ = "recruiter_verdicts"

    recruiter_id: Mapped[int] = mapped_column(ForeignKey("recruiters.id"), primary_key=True)
    verified_illegal: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]


class OfficerAuditEntry(Base):
    """Append-only log of officers' actions that are not case transitions (accounts,
    recruiter verdicts, P3MI list imports); guarded like :class:`StatusEvent`."""

    __tablename__ = "officer_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(64), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime]


class AgencyList(Base):
    """One uploaded list of licensed recruitment agencies (P3MI), with its source and date."""

    __tablename__ = "agency_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(255))
    list_date: Mapped[date] = mapped_column(Date)
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    """The file says it is an example, not an official list."""
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    imported_by: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime]


class LicensedAgency(Base):
    """One company of an :class:`AgencyList`; ``name_key`` is the normalised company name."""

    __tablename__ = "licensed_agencies"
    __table_args__ = (Index("ix_licensed_agencies_list_name", "list_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("agency_lists.id"))
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str]
    licence_number: Mapped[str]
    valid_until: Mapped[date | None] = mapped_column(Date)


@event.listens_for(StatusEvent, "before_update")
@event.listens_for(OfficerAuditEntry, "before_update")
@event.listens_for(OfficerAuditEntry, "before_delete")
@event.listens_for(EventNote, "before_delete")
@event.listens_for(StatusEvent, "before_delete")
def _refuse_audit_change(mapper: Any, connection: Any, target: Any) -> None:
    raise AuditTrailImmutable("status events are append-only")


class LoginThrottle(Base):
    """Failed console sign-ins per (user name, client address), kept as a keyed hash of both.

    Unknown user names are counted exactly like real ones, so a lock-out tells nobody whether a
    name exists, and one address cannot lock an officer out at every other address.
    """

    __tablename__ = "login_throttles"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(index=True)


class BotState(Base):
    """Small pieces of the Telegram front end's state that must survive a restart: long button
    payloads, officers' reply prompts, a reporter's pending answer to an officer's question.

    Keys hold no raw Telegram ids (pseudonyms or message ids only); every row expires and the
    retention job deletes expired rows.
    """

    __tablename__ = "bot_state"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(index=True)
