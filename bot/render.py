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

    Short payloads travel as they are; long ones are kept under a short key derived from the
    payload. New keys wait in :meth:`unsaved` until the front end has stored them durably
    (``bot.state``), so a button still works after a restart; a key found nowhere is answered as
    expired, never guessed.
    """

    def __init__(self, capacity: int = 20_000) -> None:
        self._capacity = capacity
        self._payloads: OrderedDict[str, str] = OrderedDict()
        self._unsaved: dict[str, str] = {}

    def encode(self, payload: str) -> str:
        if len(payload.encode()) <= CALLBACK_DATA_LIMIT and not payload.startswith(_STORED_PREFIX):
            return payload
        key = _STORED_PREFIX + hashlib.sha256(payload.encode()).hexdigest()[:24]
        if key not in self._payloads:
            self._unsaved[key] = payload
        self.remember(key, payload)
        return key

    def remember(self, key: str, payload: str) -> None:
        """Hold a payload under its key (also one read back from durable state)."""
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        while len(self._payloads) > self._capacity:
            self._payloads.popitem(last=False)

    def unsaved(self) -> dict[str, str]:
        """Keys minted since the last call, with their payloads (the caller stores them)."""
        minted, self._unsaved = self._unsaved, {}
        return minted

    def decode(self, data: str) -> str | None:
        if data.startswith(_STORED_PREFIX):
            return self._payloads.get(data)
        return data

    @staticmethod
    def is_key(data: str) -> bool:
        return data.startswith(_STORED_PREFIX)


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
