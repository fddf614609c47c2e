"""Settings of the officers' console process, read once from the environment in the entry point."""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from escalation import DEFAULT_DATABASE_URL

DEFAULT_PORT = 8080
DEFAULT_HOST = "127.0.0.1"
DEFAULT_RESPONSE_DEADLINE_WORKING_DAYS = 3
DEFAULT_SESSION_IDLE_HOURS = 8.0
DEFAULT_SESSION_MAX_HOURS = 24.0
DEFAULT_MAX_FAILED_LOGINS = 5
DEFAULT_LOCKOUT_MINUTES = 15
DEFAULT_TIMEZONE = "Asia/Jakarta"


def normalise_address(text: str) -> str:
    """An IP address in its canonical form (``2001:DB8::1`` is ``2001:db8::1``); anything else
    only trimmed."""
    text = text.strip()
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return text


class ConsoleSettings(BaseSettings):
    """Everything the console needs; the admin password and the secret have no default."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    port: int = Field(default=DEFAULT_PORT, alias="OFFICER_CONSOLE_PORT")
    admin_password: SecretStr | None = Field(default=None, alias="OFFICER_CONSOLE_ADMIN_PASSWORD")
    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    var_dir: Path = Field(default=Path("var"), alias="PANDU_VAR_DIR")
    sender_id_secret: SecretStr | None = Field(default=None, alias="SENDER_ID_SECRET")
    response_deadline_working_days: int = Field(
        default=DEFAULT_RESPONSE_DEADLINE_WORKING_DAYS,
        alias="RESPONSE_DEADLINE_WORKING_DAYS",
        ge=1,
        le=60,
    )
    session_idle_hours: float = Field(
        default=DEFAULT_SESSION_IDLE_HOURS, alias="OFFICER_CONSOLE_SESSION_IDLE_HOURS", gt=0
    )
    session_max_hours: float = Field(
        default=DEFAULT_SESSION_MAX_HOURS, alias="OFFICER_CONSOLE_SESSION_MAX_HOURS", gt=0
    )
    cookie_secure: bool | None = Field(default=None, alias="OFFICER_CONSOLE_COOKIE_SECURE")
    """``None``: Secure cookies exactly when the request came over https."""
    max_failed_logins: int = Field(
        default=DEFAULT_MAX_FAILED_LOGINS, alias="OFFICER_CONSOLE_MAX_FAILED_LOGINS", ge=1
    )
    lockout_minutes: float = Field(
        default=DEFAULT_LOCKOUT_MINUTES, alias="OFFICER_CONSOLE_LOCKOUT_MINUTES", gt=0
    )
    timezone: str = Field(default=DEFAULT_TIMEZONE, alias="OFFICER_CONSOLE_TIMEZONE")
    trusted_proxies_text: str = Field(default="", alias="OFFICER_CONSOLE_TRUSTED_PROXIES")
    """Comma-separated addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto
    are believed (empty: none, the peer address is the client)."""

    @field_validator("admin_password", "sender_id_secret", "cookie_secure", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)
        return value

    @property
    def evidence_dir(self) -> Path:
        return self.var_dir / "evidence"

    @property
    def session_idle(self) -> timedelta:
        return timedelta(hours=self.session_idle_hours)

    @property
    def session_max_age(self) -> timedelta:
        return timedelta(hours=self.session_max_hours)

    @property
    def lockout(self) -> timedelta:
        return timedelta(minutes=self.lockout_minutes)

    @property
    def trusted_proxies(self) -> frozenset[str]:
        """OFFICER_CONSOLE_TRUSTED_PROXIES as a set of normalised addresses."""
        return frozenset(
            normalise_address(a) for a in self.trusted_proxies_text.split(",") if a.strip()
        )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def sender_secret(self) -> bytes:
        """The deployment key: SENDER_ID_SECRET, else the key file under var/ (created once,
        shared with the bot and the action server)."""
        from escalation import deployment_secret

        configured = self.sender_id_secret.get_secret_value() if self.sender_id_secret else None
        return deployment_secret(self.var_dir, configured)
