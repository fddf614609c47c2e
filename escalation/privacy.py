"""Keyed hashes and encryption, so raw Telegram ids and recruiter contacts are never stored."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from escalation.file_modes import private_dir, tighten, write_private

MIN_SECRET_BYTES = 16
_NONCE_BYTES = 12


def check_secret(secret: bytes) -> bytes:
    """Refuse a missing or short deployment secret."""
    if not isinstance(secret, bytes) or len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"secret must be at least {MIN_SECRET_BYTES} bytes")
    return secret


def _derive(secret: bytes, purpose: str) -> bytes:
    return hmac.new(secret, b"pandu-migran/" + purpose.encode(), hashlib.sha256).digest()


def reporter_key(telegram_user_id: int, secret: bytes) -> str:
    """Keyed HMAC-SHA256 (hex) of a Telegram user id: the only reporter id that is stored."""
    key = _derive(check_secret(secret), "reporter-key/v1")
    return hmac.new(key, str(int(telegram_user_id)).encode(), hashlib.sha256).hexdigest()


def log_id(key: str) -> str:
    """Short, non-reversible tag of a reporter key for log lines."""
    return hashlib.sha256(key.encode()).hexdigest()[:10]


class Keyring:
    """Per-deployment keys derived from one secret."""

    def __init__(self, secret: bytes) -> None:
        check_secret(secret)
        self._match_key = _derive(secret, "recruiter-match/v1")
        self._chat = AESGCM(_derive(secret, "chat-id/v1"))
        self._login_key = _derive(secret, "login-throttle/v1")
        self._login_address_key = _derive(secret, "login-throttle-address/v1")

    def match_hash(self, recruiter_key: str) -> str:
        """Keyed hash of a normalised recruiter key; matching keeps working after retention."""
        return hmac.new(self._match_key, recruiter_key.encode(), hashlib.sha256).hexdigest()

    def login_throttle_keys(self, username: str, address: str) -> tuple[str, str]:
        """Keyed hashes (hex) counting failed console sign-ins: one of ``username + "\\0" +
        address`` (the name already normalised) and one of the address alone, under separate
        keys so the two can never collide. Neither the name nor the address is stored."""
        pair_text = f"{username}\0{address}".encode(errors="replace")
        pair = hmac.new(self._login_key, pair_text, hashlib.sha256)
        alone = hmac.new(self._login_address_key, address.encode(errors="replace"), hashlib.sha256)
        return pair.hexdigest(), alone.hexdigest()

    def seal_chat_id(self, chat_id: int, reporter: str) -> bytes:
        """Encrypt a chat id, bound to its reporter key so rows cannot be swapped."""
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + self._chat.encrypt(nonce, str(int(chat_id)).encode(), reporter.encode())

    def open_chat_id(self, sealed: bytes, reporter: str) -> int:
        """Decrypt a chat id sealed by :meth:`seal_chat_id`."""
        nonce, body = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
        return int(self._chat.decrypt(nonce, body, reporter.encode()))


def deployment_secret(var_dir: str | os.PathLike[str], configured: str | None = None) -> bytes:
    """The deployment key shared by the bot, the action server and the console.

    ``configured`` (SENDER_ID_SECRET) wins; otherwise the key file ``var_dir/sender_id.key`` is
    read, or created once with a random key (written atomically, mode 0600 from the first byte,
    in a 0700 ``var_dir``); a key file or ``var_dir`` left readable to others is tightened.
    """
    if configured and configured.strip():
        return configured.strip().encode()
    path = Path(var_dir) / "sender_id.key"
    private_dir(path.parent)
    if path.exists():
        tighten(path)
        return path.read_bytes().strip()
    key = secrets.token_hex(32).encode()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write_private(tmp, key)
    try:
        os.link(tmp, path)  # first writer wins when two processes start together
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_bytes().strip()


INTERNAL_PURPOSES = ("rasa-api", "action-server")


def internal_token(var_dir: str | os.PathLike[str], configured: str | None, purpose: str) -> str:
    """A token for one internal HTTP hop, derived from the deployment key (never stored apart).

    ``"rasa-api"``: Rasa's HTTP API (``rasa run --auth-token``), used by the bot and the supervisor.
    ``"action-server"``: Rasa's calls to the action server (``token`` of ``action_endpoint``).
    Every process that holds the deployment key computes the same token; nobody else can.
    """
    if purpose not in INTERNAL_PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    key = deployment_secret(var_dir, configured)
    return hmac.new(key, f"pandu-internal:{purpose}".encode(), hashlib.sha256).hexdigest()

