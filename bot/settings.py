"""Settings of the bot process, read once from the environment in the entry point."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
VAR_DIR = Path("var")


class BotSettings(BaseSettings):
    """Everything the front end needs; secrets have no default."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    telegram_bot_token: str | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        default=DEFAULT_TELEGRAM_API_BASE_URL, alias="TELEGRAM_API_BASE_URL"
    )
    rasa_url: str = Field(default=DEFAULT_RASA_URL, alias="RASA_URL")
    rasa_timeout_s: float = Field(default=20.0, alias="RASA_TIMEOUT_S")
    # After this many seconds without an answer a person gets the help numbers first (0: never).
    rasa_slow_reply_s: float = Field(default=4.0, alias="RASA_SLOW_REPLY_S")
    webhook_url: str | None = Field(default=None, alias="WEBHOOK_URL")
    webhook_listen: str = Field(default="0.0.0.0", alias="WEBHOOK_LISTEN")
    webhook_port: int = Field(default=8443, alias="WEBHOOK_PORT")
    webhook_secret: str | None = Field(default=None, alias="WEBHOOK_SECRET")
    sender_id_secret: str | None = Field(default=None, alias="SENDER_ID_SECRET")
    officer_chat_id: int | None = Field(default=None, alias="OFFICER_CHAT_ID")
    officer_user_ids: str = Field(default="", alias="OFFICER_USER_IDS")
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    var_dir: Path = Field(default=VAR_DIR, alias="PANDU_VAR_DIR")
    retention_days: int = Field(default=365, alias="RETENTION_DAYS")

    @field_validator("telegram_bot_token", "webhook_url", "webhook_secret", "sender_id_secret",
                     mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("officer_chat_id", mode="before")
    @classmethod
    def _blank_chat_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @property
    def telegram_file_base_url(self) -> str:
        """File downloads live beside the Bot API: ``…/bot`` becomes ``…/file/bot``."""
        base = self.telegram_api_base_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file/bot"

    @property
    def officer_ids(self) -> set[int]:
        return {int(part) for part in self.officer_user_ids.replace(";", ",").split(",")
                if part.strip().lstrip("-").isdigit()}

    def sender_secret(self) -> bytes:
        """Key for hashing Telegram ids; generated once and kept under var/ when not given."""
        from escalation import deployment_secret

        return deployment_secret(self.var_dir, self.sender_id_secret)

    def rasa_token(self) -> str:
        """The token of Rasa's HTTP API (the supervisor starts Rasa with the same one)."""
        from escalation import internal_token

        return internal_token(self.var_dir, self.sender_id_secret, "rasa-api")
