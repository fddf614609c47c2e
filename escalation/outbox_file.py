"""Durable local spool for finished reports while the database is down.

Each report is one JSON file written atomically (temp file, fsync, rename, fsync of the
directory), so a crash never leaves half a report. Draining files them with their
idempotency key and deletes each file only after the database has committed it, so a crash
during draining can at worst file the same report twice with the same key, which
:meth:`Escalation.file_report` turns into one report.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from escalation.errors import DatabaseUnavailable, NotAuthorized
from escalation.file_modes import PRIVATE_FILE, private_dir, tighten_tree
from escalation.views import ReportDraft, ReportView

if TYPE_CHECKING:
    from escalation.service import Escalation

log = logging.getLogger(__name__)

DEFAULT_SPOOL_DIR = "var/spool"
_FORMAT = 1


def _draft_to_json(draft: ReportDraft, idempotency_key: str) -> dict[str, Any]:
    fields = {f.name: getattr(draft, f.name) for f in dataclasses.fields(draft)}
    fields["evidence"] = [
        {"data": base64.b64encode(data).decode("ascii"), "mime": mime, "filename": filename}
        for data, mime, filename in draft.evidence
    ]
    return {"format": _FORMAT, "idempotency_key": idempotency_key, "draft": fields}


def _draft_from_json(doc: dict[str, Any]) -> tuple[ReportDraft, str]:
    fields = dict(doc["draft"])
    fields["evidence"] = [
        (base64.b64decode(item["data"]), item["mime"], item["filename"])
        for item in fields.get("evidence", [])
    ]
    known = {f.name for f in dataclasses.fields(ReportDraft)}
    return ReportDraft(**{k: v for k, v in fields.items() if k in known}), doc["idempotency_key"]


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class SpoolQueue:
    """Reports waiting on local disk to be filed; files are private (mode 0600, folders 0700)."""

    def __init__(self, dir: str | os.PathLike[str] = DEFAULT_SPOOL_DIR) -> None:
        self.dir = Path(dir)
        tighten_tree(self.dir)  # what an earlier version left readable to others

    def _ensure_dirs(self) -> None:
        private_dir(self.dir)

    def _path_for(self, idempotency_key: str) -> Path:
        # Named by the key, so putting the same report twice keeps one file.
        return self.dir / (hashlib.sha256(idempotency_key.encode()).hexdigest()[:32] + ".json")

    def put(self, draft: ReportDraft, idempotency_key: str) -> Path:
        """Write the report durably; returns the file's path."""
        if not idempotency_key:
            raise ValueError("idempotency_key is required")
        self._ensure_dirs()
        target = self._path_for(idempotency_key)
        body = json.dumps(_draft_to_json(draft, idempotency_key), ensure_ascii=False).encode()
        fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-", suffix=".json")
        try:
            os.fchmod(fd, PRIVATE_FILE)
            with os.fdopen(fd, "wb") as handle:
                handle.write(body)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(self.dir)
        log.info("report spooled file=%s", target.name)
        return target

    def pending(self) -> list[Path]:
        """Spooled files, oldest first."""
        if not self.dir.exists():
            return []
        files = [p for p in self.dir.glob("*.json") if not p.name.startswith(".tmp-")]
        return sorted(files, key=lambda p: (p.stat().st_mtime_ns, p.name))

    def __len__(self) -> int:
        return len(self.pending())

    def drain(self, esc: Escalation) -> list[ReportView]:
        """File every spooled report; stops quietly at the first :class:`DatabaseUnavailable`.

        A file that cannot be read, or that the service refuses (``ValueError``,
        :class:`NotAuthorized`), is moved to ``rejected/`` so it does not block the queue.
        """
        filed: list[ReportView] = []
        for path in self.pending():
            try:
                draft, key = _draft_from_json(json.loads(path.read_bytes()))
            except (OSError, ValueError, KeyError, TypeError):
                log.warning("unreadable spool file moved aside file=%s", path.name)
                self._reject(path)
                continue
            try:
                view = esc.file_report(draft, key, announce=True)
            except DatabaseUnavailable:
                log.info("database still unavailable; %d spooled reports wait", len(self))
                break
            except (ValueError, NotAuthorized):
                log.warning("spooled report refused file=%s", path.name)
                self._reject(path)
                continue
            path.unlink()
            _fsync_dir(self.dir)
            filed.append(view)
            log.info("spooled report filed ticket=%s", view.ticket)
        return filed

    def _reject(self, path: Path) -> None:
        rejected = self.dir / "rejected"
        private_dir(rejected)
        os.replace(path, rejected / path.name)
        _fsync_dir(self.dir)
