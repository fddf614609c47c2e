"""Evidence type and size checks, and the content-addressed store."""

from __future__ import annotations

from pathlib import Path

import pytest
from esc_helpers import PDF, PNG

from escalation.evidence import MAX_EVIDENCE_BYTES, EvidenceStore, check_evidence, clean_filename

JPEG = b"\xff\xd8\xff\xe0" + b"jpeg-body"
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"body"


@pytest.mark.parametrize(
    ("data", "mime", "expected"),
    [
        (JPEG, "image/jpeg", "image/jpeg"),
        (JPEG, "image/jpg", "image/jpeg"),
        (PNG, "image/png", "image/png"),
        (WEBP, "image/webp", "image/webp"),
        (PDF, "application/pdf", "application/pdf"),
        (b"chat dengan sponsor", "text/plain; charset=utf-8", "text/plain"),
    ],
)
def test_allowed_types(data: bytes, mime: str, expected: str) -> None:
    assert check_evidence(data, mime) == expected


@pytest.mark.parametrize(
    ("data", "mime", "message_part"),
    [
        (b"MZ\x90\x00", "application/x-msdownload", "tidak bisa diterima"),
        (b"<html>", "text/html", "tidak bisa diterima"),
        (b"PK\x03\x04", "application/zip", "tidak bisa diterima"),
        (b"", "image/png", "kosong"),
        (b"MZ\x90\x00 not a png", "image/png", "tidak sesuai"),
        (b"\x00\x01binary", "text/plain", "tidak sesuai"),
        (b"\xff\xd8\xff" + b"0" * MAX_EVIDENCE_BYTES, "image/jpeg", "10 MB"),
    ],
)
def test_refused_with_user_safe_message(data: bytes, mime: str, message_part: str) -> None:
    with pytest.raises(ValueError, match=message_part):
        check_evidence(data, mime)


def test_exactly_max_size_is_allowed() -> None:
    assert check_evidence(b"\xff\xd8\xff" + b"0" * (MAX_EVIDENCE_BYTES - 3), "image/jpeg")


def test_store_is_content_addressed(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    first = store.save(PNG)
    assert store.save(PNG) == first
    path = tmp_path / first[:2] / first
    assert path.read_bytes() == PNG
    assert len(list(tmp_path.rglob("*"))) == 2  # one folder, one file
    assert store.delete(first) and not path.exists()
    assert not store.delete(first)


def test_filename_cleaned() -> None:
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("C:\\Users\\x\\bukti\x07.png") == "bukti.png"
    assert clean_filename("") is None
