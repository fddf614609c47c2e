"""Turning assistant replies into Telegram messages: splitting and inline keyboards."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from bot.rasa_client import Button

TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
_STORED_PREFIX = "k:"


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split a long reply into pieces Telegram accepts, at paragraph, line or word breaks."""
    text = text.strip()
    if not text:
        return []
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 2:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces


class CallbackStore:
    """Maps button payloads to callback data of at most 64 bytes.

    Short payloads travel as they are; long ones are kept here under a short key. Keys do not survive
    a restart: the bot then answers that the button expired instead of guessing.
    """

    def __init__(self, capacity: int = 20_000) -> None:
        self._capacity = capacity
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def encode(self, payload: str) -> str:
        if len(payload.encode()) <= CALLBACK_DATA_LIMIT and not payload.startswith(_STORED_PREFIX):
            return payload
        key = _STORED_PREFIX + hashlib.sha256(payload.encode()).hexdigest()[:24]
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        while len(self._payloads) > self._capacity:
            self._payloads.popitem(last=False)
        return key

    def decode(self, data: str) -> str | None:
        if data.startswith(_STORED_PREFIX):
            return self._payloads.get(data)
        return data


def keyboard_rows(buttons: list[Button], store: CallbackStore) -> list[list[tuple[str, str]]]:
    """Buttons as rows of (title, callback data): short titles share a row, long ones stand alone."""
    rows: list[list[tuple[str, str]]] = []
    row: list[tuple[str, str]] = []
    for button in buttons:
        item = (button.title[:60], store.encode(button.payload))
        if len(button.title) > 18:
            if row:
                rows.append(row)
                row = []
            rows.append([item])
            continue
        row.append(item)
        if len(row) == 2:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return rows
