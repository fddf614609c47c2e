"""Read the text of a job offer sent as a PDF (a brochure, a "surat penawaran", a contract).

The PDF is parsed by pypdf in a child process with a time and memory limit, so a broken or
hostile file can only cost that child. Scanned PDFs hold no text: the caller asks for a photo.

    read_pdf_text(data) -> OcrResult   # same result type as read_image_text

Run as ``python -m screening.pdf`` it reads a PDF on stdin and prints its text (the child side).
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

from screening.ocr import MIN_TEXT_CHARS, OcrResult

logger = logging.getLogger(__name__)

MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_PAGES = 8
MAX_CHARS = 20_000
TIMEOUT_S = 10.0
MEMORY_LIMIT_BYTES = 768 * 1024 * 1024
MAX_CONCURRENT = 2
BUSY_WAIT_S = 20.0
_slots = threading.BoundedSemaphore(MAX_CONCURRENT)
_PROJECT_ROOT = Path(__file__).resolve().parents[1]


def looks_like_pdf(data: bytes, mime: str = "", filename: str | None = None) -> bool:
    """A PDF by its first bytes (the name and MIME type are what the sender's phone claims)."""
    return data[:1024].lstrip().startswith(b"%PDF-") if data else (
        mime == "application/pdf" or (filename or "").lower().endswith(".pdf"))


def read_pdf_text(data: bytes, timeout_s: float = TIMEOUT_S) -> OcrResult:
    """The text of the first ``MAX_PAGES`` pages. Never raises.

    Reasons for ``ok=False``: ``"empty"``, ``"too_large"``, ``"not_a_pdf"``, ``"busy"``,
    ``"timeout"``, ``"pdf_failed"`` (broken, encrypted or over the memory limit),
    ``"too_little_text"`` (a scan: no text layer).
    """
    if not data:
        return OcrResult("", False, "empty")
    if len(data) > MAX_PDF_BYTES:
        return OcrResult("", False, "too_large")
    if not looks_like_pdf(data):
        return OcrResult("", False, "not_a_pdf")
    if not _slots.acquire(timeout=BUSY_WAIT_S):
        return OcrResult("", False, "busy")
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "screening.pdf"], input=data, capture_output=True,
            cwd=_PROJECT_ROOT, timeout=timeout_s, preexec_fn=_limit_memory if os.name == "posix" else None,
            check=False)
    except subprocess.TimeoutExpired:
        return OcrResult("", False, "timeout")
    except OSError:
        logger.warning("could not start the PDF reader", exc_info=True)
        return OcrResult("", False, "pdf_failed")
    finally:
        _slots.release()
    if completed.returncode != 0:
        logger.info("PDF reader failed (exit %s)", completed.returncode)
        return OcrResult("", False, "pdf_failed")
    text = completed.stdout.decode("utf-8", errors="replace").strip()[:MAX_CHARS]
    if len("".join(text.split())) < MIN_TEXT_CHARS:
        return OcrResult(text, False, "too_little_text")
    return OcrResult(text, True)


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def _extract(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")  # many brochures are "encrypted" with an empty password
    pieces: list[str] = []
    total = 0
    for page in reader.pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        pieces.append(text)
        total += len(text)
        if total >= MAX_CHARS:
            break
    return "\n".join(pieces)[:MAX_CHARS]


if __name__ == "__main__":
    logging.disable(logging.CRITICAL)
    sys.stdout.write(_extract(sys.stdin.buffer.read(MAX_PDF_BYTES + 1)))
