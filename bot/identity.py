"""Pseudonymous ids: Rasa's trackers never see a raw Telegram id."""

from __future__ import annotations

import hashlib
import hmac


def sender_id(telegram_user_id: int, secret: bytes) -> str:
    """Keyed hash of a Telegram user id, stable for one deployment secret."""
    digest = hmac.new(secret, str(telegram_user_id).encode(), hashlib.sha256).hexdigest()
    return "tg-" + digest[:32]
