"""Read the text of a photographed or screenshotted job ad (Tesseract "ind+eng").

This is the only module of the package that does I/O (it runs the tesseract program).
"""

from __future__ import annotations

import io
import logging
import os
import re
import threading
from dataclasses import dataclass

logger = logging.getLogger(__name__)

MAX_SIDE_PX = 1600
MIN_TEXT_CHARS = 20
MAX_IMAGE_BYTES = 20 * 1024 * 1024
# Checked from the header, before any pixel is decoded: a 13000x13000 PNG of 684 KB would need
# ~500 MB to decode. A phone photo is about 12 MP; a long screenshot 1080x20000 is 21.6 MP.
MAX_PIXELS = 40_000_000
MAX_DIMENSION_PX = 25_000
# At most this many images are decoded and read at once in one process; a caller that cannot get
# a slot within BUSY_WAIT_S gets reason "busy" (the bot asks to try again) instead of piling up.
MAX_CONCURRENT = 2
BUSY_WAIT_S = 20.0
LANGUAGES = "ind+eng"
_slots = threading.BoundedSemaphore(MAX_CONCURRENT)


@dataclass(frozen=True)
class OcrResult:
    """Text read from an image; ``ok`` is False (with a ``reason``) when nothing usable was read."""

    text: str
    ok: bool
    reason: str | None = None


def read_image_text(data: bytes, timeout_s: float = 8.0) -> OcrResult:
    """Read the text in an image: grayscale, downscale to 1,600 px on the long side, run Tesseract.

    Never raises. Reasons for ``ok=False``: ``"empty"``, ``"too_large"`` (bytes, pixels or
    dimensions, checked before decoding), ``"busy"`` (too many images at once), ``"not_an_image"``,
    ``"ocr_unavailable"`` (tesseract not installed), ``"timeout"``, ``"ocr_failed"``,
    ``"too_little_text"``.

    Args:
        data: the image file's bytes (JPEG, PNG, WebP…).
        timeout_s: stop Tesseract after this many seconds.
    """
    if not data:
        return OcrResult("", False, "empty")
    if len(data) > MAX_IMAGE_BYTES:
        return OcrResult("", False, "too_large")
    if not _slots.acquire(timeout=BUSY_WAIT_S):
        return OcrResult("", False, "busy")
    try:
        return _read(data, timeout_s)
    finally:
        _slots.release()


def _read(data: bytes, timeout_s: float) -> OcrResult:
    try:
        from PIL import Image, ImageOps, UnidentifiedImageError
    except ImportError:
        return OcrResult("", False, "ocr_unavailable")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard, as a second line
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size  # from the header: nothing decoded yet
            if width * height > MAX_PIXELS or max(width, height) > MAX_DIMENSION_PX:
                return OcrResult("", False, "too_large")
            img.draft("L", (MAX_SIDE_PX, MAX_SIDE_PX))  # JPEG: decode at a reduced size
            img.load()
            image = ImageOps.exif_transpose(img).convert("L")
    except Image.DecompressionBombError:
        return OcrResult("", False, "too_large")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return OcrResult("", False, "not_an_image")
    scale = MAX_SIDE_PX / max(image.size)
    if scale < 1:
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
            Image.Resampling.LANCZOS,
        )
    image = ImageOps.autocontrast(image)
    return _run_tesseract(image, timeout_s)


def _run_tesseract(image: object, timeout_s: float) -> OcrResult:
    try:
        import pytesseract
    except ImportError:
        return OcrResult("", False, "ocr_unavailable")
    # One OpenMP thread: the bot shares a small machine, and Tesseract's threads do not help here.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        text = pytesseract.image_to_string(
            image, lang=LANGUAGES, config="--psm 3", timeout=timeout_s
        )
    except pytesseract.TesseractNotFoundError:
        return OcrResult("", False, "ocr_unavailable")
    except RuntimeError as exc:  # pytesseract signals its timeout with RuntimeError
        if "timeout" in str(exc).lower():
            return OcrResult("", False, "timeout")
        logger.warning("tesseract failed", exc_info=True)
        return OcrResult("", False, "ocr_failed")
    except pytesseract.TesseractError:
        logger.warning("tesseract failed", exc_info=True)
        return OcrResult("", False, "ocr_failed")
    text = _tidy(text)
    if len(re.findall(r"\w", text)) < MIN_TEXT_CHARS:
        return OcrResult(text, False, "too_little_text")
    return OcrResult(text, True, None)


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def tesseract_available() -> bool:
    """Whether the tesseract program and the "ind" and "eng" data are installed."""
    try:
        import pytesseract

        langs = set(pytesseract.get_languages(config=""))
    except Exception:  # any failure means "not usable here"
        return False
    return {"ind", "eng"} <= langs
