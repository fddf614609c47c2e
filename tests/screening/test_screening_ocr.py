"""read_image_text(): OCR on a generated photo-like image; bad input never raises."""

from __future__ import annotations

import io

import pytest

from screening import read_image_text
from screening.ocr import tesseract_available

needs_tesseract = pytest.mark.skipif(
    not tesseract_available(), reason="tesseract with 'ind' and 'eng' data is not installed"
)


def _photo(text: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (1200, 900), (248, 246, 238))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 44)
    for i, line in enumerate(text.splitlines()):
        draw.text((70, 80 + i * 70), line, fill=(20, 20, 20), font=font)
    img = img.rotate(1.5, fillcolor=(220, 220, 215))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


@needs_tesseract
def test_reads_a_generated_offer_image() -> None:
    res = read_image_text(
        _photo(
            "LOWONGAN ADMIN KAMBOJA\nGaji 15 juta per bulan\nBerangkat pakai visa turis\nHubungi kak Rina"
        )
    )
    assert res.ok, res.reason
    text = res.text.lower()
    assert "kamboja" in text and "visa turis" in text


@needs_tesseract
def test_blank_image_is_too_little_text() -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (255, 255, 255)).save(buf, "PNG")
    res = read_image_text(buf.getvalue())
    assert not res.ok and res.reason == "too_little_text"


@pytest.mark.parametrize(
    ("data", "reason"), [(b"", "empty"), (b"not an image at all", "not_an_image")]
)
def test_bad_input_never_raises(data: bytes, reason: str) -> None:
    res = read_image_text(data)
    assert not res.ok and res.reason == reason and res.text == ""


def _bomb_png(side: int) -> bytes:
    """A tiny PNG file that claims ``side`` x ``side`` pixels (a one-colour image compresses well)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit grayscale
    row = b"\x00" + b"\xff" * side
    pixels = zlib.compress(row * 64, 9)  # only the first rows: the header alone must stop it
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_an_image_bomb_is_refused_from_its_header_before_decoding() -> None:
    import resource

    data = _bomb_png(13_000)
    assert len(data) < 200_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = read_image_text(data)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert (result.ok, result.reason) == (False, "too_large")
    assert after - before < 100_000  # KiB: nothing near the 169 MB a decode would take


def test_a_very_long_strip_is_refused_by_its_dimensions() -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (10, 30_000), 255).save(buf, "PNG")
    assert read_image_text(buf.getvalue()).reason == "too_large"


def test_only_a_few_images_are_read_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from screening import ocr

    gate = threading.Event()
    entered = threading.Semaphore(0)

    def slow_read(data: bytes, timeout_s: float) -> ocr.OcrResult:
        entered.release()
        gate.wait(5)
        return ocr.OcrResult("teks", True)

    monkeypatch.setattr(ocr, "_read", slow_read)
    monkeypatch.setattr(ocr, "BUSY_WAIT_S", 0.2)
    workers = [threading.Thread(target=ocr.read_image_text, args=(b"x",))
               for _ in range(ocr.MAX_CONCURRENT)]
    for w in workers:
        w.start()
    for _ in workers:
        assert entered.acquire(timeout=2)
    assert ocr.read_image_text(b"x").reason == "busy"  # every slot is taken
    gate.set()
    for w in workers:
        w.join()
    assert ocr.read_image_text(b"x").ok  # slots are given back


def test_photo_replies_never_show_machine_codes() -> None:
    from bot import messages

    for reason in ("too_large", "not_an_image", "busy", "ocr_unavailable", "too_little_text",
                   "timeout", None):
        text = messages.photo_unreadable(reason)
        assert "_" not in text and "Alasan" not in text and text.strip()
