"""Domain exceptions of the escalation package."""

from __future__ import annotations


class EscalationError(Exception):
    """Base class of every error this package raises on purpose."""


class NotFound(EscalationError):
    """The ticket (or officer, or notification) does not exist."""


class NotAuthorized(EscalationError):
    """The caller may not act on this object (for example an idempotency key owned by someone else)."""


class DatabaseUnavailable(EscalationError):
    """The database cannot be reached or is locked; the caller should queue the work and retry."""


class AuditTrailImmutable(EscalationError):
    """Raised when code tries to change or delete a status event: the audit trail is append-only."""


class LoginFailed(EscalationError):
    """Wrong username or password for the officers' console (deliberately not saying which)."""


class AccountLocked(LoginFailed):
    """Too many wrong passwords in a row: sign-in is refused until ``until``."""

    def __init__(self, until: object) -> None:
        super().__init__("account locked")
        self.until = until
