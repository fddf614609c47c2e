"""Keyed reporter ids and encrypted chat ids."""

from __future__ import annotations

import re

import pytest
from esc_helpers import SECRET

from escalation import reporter_key
from escalation.privacy import Keyring


def test_reporter_key_is_stable_keyed_hex() -> None:
    key = reporter_key(123456789, SECRET)
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert key == reporter_key(123456789, SECRET)
    assert key != reporter_key(123456780, SECRET)
    assert key != reporter_key(123456789, SECRET + b"other")
    assert "123456789" not in key


def test_short_secret_refused() -> None:
    with pytest.raises(ValueError):
        reporter_key(1, b"short")


def test_chat_id_sealed_and_bound_to_reporter() -> None:
    keys = Keyring(SECRET)
    sealed = keys.seal_chat_id(-1001234567890, "alice")
    assert b"1234567890" not in sealed
    assert keys.open_chat_id(sealed, "alice") == -1001234567890
    with pytest.raises(Exception):  # noqa: B017 - any authentication failure
        keys.open_chat_id(sealed, "mallory")
