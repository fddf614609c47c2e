"""Reports, cases, officers, audit trail and notifications of Pandu Migran.

The bot and the Rasa actions use only what is exported here; SQLAlchemy stays inside.
Nothing here touches the database or the disk at import time.
"""

from escalation.database import DEFAULT_DATABASE_URL
from escalation.errors import DatabaseUnavailable, EscalationError, NotAuthorized, NotFound
from escalation.matching import normalize_phone, recruiter_keys
from escalation.outbox_file import SpoolQueue
from escalation.privacy import reporter_key
from escalation.service import Escalation
from escalation.views import (
    CaseCard,
    EvidenceInfo,
    Notification,
    ReportDraft,
    ReportView,
    StatusEvent,
)

__all__ = [
    "DEFAULT_DATABASE_URL",
    "CaseCard",
    "DatabaseUnavailable",
    "Escalation",
    "EscalationError",
    "EvidenceInfo",
    "NotAuthorized",
    "NotFound",
    "Notification",
    "ReportDraft",
    "ReportView",
    "SpoolQueue",
    "StatusEvent",
    "normalize_phone",
    "recruiter_keys",
    "reporter_key",
]
