"""Evidence a reporter sends while the report form is still open, before there is a ticket.

The bot writes the files here as they arrive; the action that files the report takes them. Both
processes share the folder (``var/evidence-drafts``). Files are checked like filed evidence, and a
reporter's folder is named by their pseudonymous key, never by a Telegram id.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

from escalation.evidence import (
    MAX_EVIDENCE_PER_REPORT,
    MSG_TOO_MANY,
    check_evidence,
    clean_filename,
)
from escalation.file_modes import open_private, private_dir, tighten_tree, write_private

DRAFT_TTL_S = 7 * 24 * 3600


class EvidenceDrafts:
    """Per-reporter folders of evidence waiting for a report to be filed (files 0600, folders
    0700: they hold what a reporter sent before anyone reviewed it)."""

    def __init__(self, directory: str | Path = "var/evidence-drafts") -> None:
        self.directory = Path(directory)
        tighten_tree(self.directory)  # what an earlier version left readable to others

    def _folder(self, reporter: str) -> Path:
        return self.directory / hashlib.sha256(reporter.encode()).hexdigest()[:32]

    def add(self, reporter: str, data: bytes, mime: str, filename: str | None) -> int:
        """Keep one file; returns how many the reporter has now. ValueError has a user-safe text."""
        mime = check_evidence(data, mime)
        folder = self._folder(reporter)
        private_dir(self.directory)
        private_dir(folder)
        existing = sorted(folder.glob("*.bin"))
        if len(existing) >= MAX_EVIDENCE_PER_REPORT:
            raise ValueError(MSG_TOO_MANY)
        digest = hashlib.sha256(data).hexdigest()
        target = folder / f"{digest}.bin"
        if not target.exists():
            tmp = folder / f".{digest}.tmp"
            with os.fdopen(open_private(tmp), "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            tmp.replace(target)
            meta = {"mime": mime, "filename": clean_filename(filename), "at": time.time()}
            write_private(folder / f"{digest}.json", json.dumps(meta).encode())
        return len(list(folder.glob("*.bin")))

    def count(self, reporter: str) -> int:
        folder = self._folder(reporter)
        return len(list(folder.glob("*.bin"))) if folder.exists() else 0

    def take(self, reporter: str) -> list[tuple[bytes, str, str]]:
        """The reporter's files as ``(data, mime, filename)``; they stay until ``clear``."""
        folder = self._folder(reporter)
        files: list[tuple[bytes, str, str]] = []
        if not folder.exists():
            return files
        for path in sorted(folder.glob("*.bin")):
            try:
                meta = json.loads(path.with_suffix(".json").read_text())
            except (OSError, ValueError):
                continue
            files.append((path.read_bytes(), meta["mime"], meta.get("filename") or path.name))
        return files

    def clear(self, reporter: str) -> None:
        shutil.rmtree(self._folder(reporter), ignore_errors=True)

    def expire(self, max_age_s: float = DRAFT_TTL_S) -> int:
        """Delete drafts of reports never sent (privacy); returns how many folders went."""
        removed = 0
        if not self.directory.exists():
            return removed
        now = time.time()
        for folder in self.directory.iterdir():
            if folder.is_dir() and now - folder.stat().st_mtime > max_age_s:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed
