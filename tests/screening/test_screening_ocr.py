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
