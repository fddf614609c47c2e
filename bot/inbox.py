"""A journal of received updates, so that one fetched but not yet answered survives a killed bot.

With long polling, Telegram forgets an update once the bot asks for the next batch with a higher
offset, and python-telegram-bot asks for it while the previous batch is still being handled. A bot
killed mid-reply (an out-of-memory kill, a deploy, a power cut) has "confirmed" updates it never
answered: the person's message is lost and they wait. Here every update is written to
``var/inbox/<key>.json`` (mode 0600) when it is fetched, and removed when its handling has ended,
or earlier, when its text is handed to Rasa (from then on the lost-answer check of ``bot.state``
covers a crash, and a replay would give Rasa the message twice); at start the bot replays what is
left, in the order received.

At-least-once with a memory: the keys of the last ``DONE_KEPT`` handled updates are kept, so an
update Telegram sends again after a restart (it was handled, but the offset was never confirmed)
is not answered twice, and one already waiting in the journal is not queued twice. A key is the
update id with a digest of the update's content: Telegram may reuse ids (after a quiet week it
picks the next one at random), and a new message under an old id is a new message.

Privacy: an entry holds what the person wrote, so it lives only until the update is handled; an
entry older than ``MAX_AGE_S`` (the bot was down for more than a day) is deleted unread at start
rather than answered out of its time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from telegram.ext import SimpleUpdateProcessor

logger = logging.getLogger(__name__)

DONE_KEPT = 2000
MAX_AGE_S = 24 * 3600


def update_key(update: dict[str, Any]) -> str:
    """``<update_id>-<digest>``: the same update sent twice has the same key, a new one never."""
    digest = hashlib.sha256(json.dumps(update, sort_keys=True, ensure_ascii=False, default=str)
                            .encode()).hexdigest()[:16]
    return f"{update.get('update_id')}-{digest}"


class UpdateJournal:
    """Received updates on disk until handled (see the module docstring)."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._done_file = self.folder / "done.txt"
        self._lock = threading.Lock()
        self._done: list[str] = []
        if self._done_file.is_file():
            self._done = self._done_file.read_text(encoding="utf-8").split()[-DONE_KEPT:]
        self._done_set = set(self._done)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def record(self, update: dict[str, Any]) -> bool:
        """Keep ``update`` (its JSON form) until :meth:`done`; False if it is already handled or
        already waiting (the caller then drops it)."""
        if not isinstance(update.get("update_id"), int):
            return True
        key = update_key(update)
        with self._lock:
            if key in self._done_set or self._path(key).exists():
                return False
            tmp = self.folder / f".{key}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"received": time.time(), "update": update}, f, ensure_ascii=False)
            tmp.replace(self._path(key))
        return True

    def done(self, update: dict[str, Any]) -> None:
        """The update was handled: forget its content, remember its key."""
        key = update_key(update)
        with self._lock:
            self._path(key).unlink(missing_ok=True)
            if key in self._done_set:
                return
            self._done.append(key)
            self._done_set.add(key)
            if len(self._done) > 2 * DONE_KEPT:
                self._done = self._done[-DONE_KEPT:]
                self._done_set = set(self._done)
                self._done_file.write_text("\n".join(self._done) + "\n", encoding="utf-8")
            else:
                with open(self._done_file, "a", encoding="utf-8") as f:
                    f.write(f"{key}\n")

    def requeue(self, stored: dict[str, Any], parsed: dict[str, Any]) -> None:
        """Replace a pending entry by its parsed form (``Update.to_dict()`` of the replayed
        update), so that the key :meth:`done` computes for it matches the file."""
        update_id = stored.get("update_id")
        with self._lock:
            for path in self.folder.glob(f"{update_id}-*.json"):
                try:
                    if json.loads(path.read_text(encoding="utf-8")).get("update") == stored:
                        path.unlink(missing_ok=True)
                except (OSError, ValueError):
                    path.unlink(missing_ok=True)
        self.record(parsed)

    def pending(self, now: float | None = None) -> list[dict[str, Any]]:
        """Updates received but not handled, oldest first; entries past ``MAX_AGE_S`` are deleted."""
        now = time.time() if now is None else now
        out: list[tuple[float, int, dict[str, Any]]] = []
        for path in self.folder.glob("*.json"):
            try:
                entry = json.loads(path.read_text(encoding="utf-8"))
                update = entry["update"]
                update_id = int(update["update_id"])
                received = float(entry.get("received", now))
            except (OSError, ValueError, KeyError, TypeError):
                logger.warning("unreadable journal entry %s removed", path.name)
                path.unlink(missing_ok=True)
                continue
            if now - received > MAX_AGE_S:
                logger.info("update %d waited more than a day; removed unanswered", update_id)
                path.unlink(missing_ok=True)
                continue
            out.append((received, update_id, update))
        return [u for _, _, u in sorted(out, key=lambda row: (row[0], row[1]))]


class JournalingUpdateProcessor(SimpleUpdateProcessor):
    """PTB's plain concurrent processor, marking each update handled in the journal when its
    handling ends (also when a handler failed: PTB's error handlers have run by then)."""

    def __init__(self, journal: UpdateJournal, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self.journal = journal

    async def do_process_update(self, update: object, coroutine: Any) -> None:
        as_dict = update.to_dict() if hasattr(update, "to_dict") else None
        if isinstance(as_dict, dict) and isinstance(as_dict.get("update_id"), int):
            # Webhook updates reach the bot here first; polled ones are recorded when fetched.
            self.journal.record(as_dict)
        try:
            await coroutine
        finally:
            if isinstance(as_dict, dict) and isinstance(as_dict.get("update_id"), int):
                self.journal.done(as_dict)
