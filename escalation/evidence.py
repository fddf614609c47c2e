"""Evidence files: type and size checks, and a content-addressed store on disk."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from escalation.file_modes import PRIVATE_FILE, private_dir, tighten_tree

ALLOWED_MIME_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/webp", "application/pdf", "text/plain"}
)
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_PER_REPORT = 20
_MAX_FILENAME = 120

MSG_TYPE = "Jenis berkas ini tidak bisa diterima. Kirim foto (JPG, PNG, WEBP), PDF, atau teks."
MSG_SIZE = "Berkas terlalu besar. Ukuran maksimal 10 MB."
MSG_EMPTY = "Berkas kosong. Silakan kirim ulang."
MSG_CONTENT = "Isi berkas tidak sesuai dengan jenisnya. Silakan kirim ulang sebagai foto atau PDF."
MSG_TOO_MANY = f"Satu laporan bisa memuat paling banyak {MAX_EVIDENCE_PER_REPORT} berkas bukti."


def _looks_like(data: bytes, mime: str) -> bool:
    if mime == "image/jpeg":
        return data.startswith(b"\xff\xd8\xff")
    if mime == "image/png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if mime == "image/webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if mime == "application/pdf":
        return data.lstrip()[:5] == b"%PDF-"
    if mime == "text/plain":
        return b"\x00" not in data[:65536]
    return False


def check_evidence(data: bytes, mime: str) -> str:
    """Return the normalised MIME type, or raise ``ValueError`` with a message safe to show
    the reporter (in Indonesian). The declared type must match the file's first bytes."""
    mime = (mime or "").split(";")[0].strip().lower()
    if mime == "image/jpg":
        mime = "image/jpeg"
    if mime not in ALLOWED_MIME_TYPES:
        raise ValueError(MSG_TYPE)
    if not data:
        raise ValueError(MSG_EMPTY)
    if len(data) > MAX_EVIDENCE_BYTES:
        raise ValueError(MSG_SIZE)
    if not _looks_like(data, mime):
        raise ValueError(MSG_CONTENT)
    return mime


def clean_filename(filename: str | None) -> str | None:
    """Keep only a short base name without control characters."""
    if not filename:
        return None
    name = re.sub(r"[\x00-\x1f\x7f]", "", Path(filename.replace("\\", "/")).name).strip()
    return name[:_MAX_FILENAME] or None


class EvidenceStore:
    """Files stored once under ``root/<sha256[:2]>/<sha256>``; files 0600, folders 0700."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        tighten_tree(self.root)  # what an earlier version left readable to others

    @staticmethod
    def relative_path(sha256: str) -> str:
        return f"{sha256[:2]}/{sha256}"

    def path_for(self, sha256: str) -> Path:
        return self.root / self.relative_path(sha256)

    def save(self, data: bytes) -> str:
        """Write ``data`` durably (temp file, fsync, rename) unless already there; return its sha256."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_for(digest)
        if target.exists() and target.stat().st_size == len(data):
            return digest
        private_dir(self.root)
        private_dir(target.parent)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            os.fchmod(fd, PRIVATE_FILE)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return digest

    def delete(self, sha256: str) -> bool:
        """Remove a stored file; ``False`` if it was not there."""
        path = self.path_for(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        _fsync_dir(path.parent)
        return True


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
