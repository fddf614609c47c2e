"""Reports, cases, officers, audit trail and notifications of Pandu Migran.

The bot and the Rasa actions use only what is exported here; SQLAlchemy stays inside.
Nothing here touches the database or the disk at import time.
"""

from escalation.accounts import MIN_PASSWORD_LENGTH
from escalation.database import DEFAULT_DATABASE_URL
from escalation.drafts import EvidenceDrafts
from escalation.errors import (
    AccountLocked,
    DatabaseUnavailable,
    EscalationError,
    LoginFailed,
    NotAuthorized,
    NotFound,
)
from escalation.evidence import MAX_EVIDENCE_BYTES
from escalation.evidence import MSG_SIZE as EVIDENCE_TOO_LARGE
from escalation.matching import normalize_phone, recruiter_keys
from escalation.outbox_file import SpoolQueue
from escalation.privacy import deployment_secret, internal_token, reporter_key
from escalation.service import Escalation
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
    OfficerAuditEntry,
    RecruiterDetail,
    RecruiterIdentifierView,
    RecruiterInfo,
    ReportDraft,
    ReportView,
    StatusEvent,
)
from escalation.workflow import (
    CLOSED_STATUSES,
    FORWARD_TARGETS,
    OPEN_STATUSES,
    TRANSITIONS,
    consent_label,
)

__all__ = [
    "CLOSED_STATUSES",
    "EVIDENCE_TOO_LARGE",
    "MAX_EVIDENCE_BYTES",
    "DEFAULT_DATABASE_URL",
    "FORWARD_TARGETS",
    "MIN_PASSWORD_LENGTH",
    "OPEN_STATUSES",
    "TRANSITIONS",
    "consent_label",
    "internal_token",
    "AccountLocked",
    "AgencyInfo",
    "AgencyListInfo",
    "CaseCard",
    "CaseFacets",
    "CaseQuery",
    "CaseSummary",
    "ConsoleAccountView",
    "ConsoleLogin",
    "ConsoleSessionView",
    "DatabaseUnavailable",
    "Escalation",
    "EscalationError",
    "EvidenceDrafts",
    "EvidenceInfo",
    "LoginFailed",
    "NotAuthorized",
    "NotFound",
    "Notification",
    "OfficerAuditEntry",
    "RecruiterDetail",
    "RecruiterIdentifierView",
    "RecruiterInfo",
    "ReportDraft",
    "ReportView",
    "SpoolQueue",
    "StatusEvent",
    "normalize_phone",
    "recruiter_keys",
    "deployment_secret",
    "reporter_key",
]
