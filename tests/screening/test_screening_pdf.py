"""Offers sent as PDF files: the text layer is read in a limited child process; scans,
broken files and oversized files get a reason the bot turns into a kind message."""

from __future__ import annotations

import pytest

from screening import assess, looks_like_pdf, read_pdf_text
from screening import pdf as pdf_module

OFFER = ("LOWONGAN KERJA ADMIN ONLINE DI KAMBOJA. Gaji 15 juta per bulan, tanpa pengalaman. "
         "Berangkat pakai visa turis lewat Bangkok, paspor dipegang perusahaan. Hubungi admin.")


def make_pdf(lines: list[str], pages: int = 1) -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.set_font("helvetica", size=11)
    for _ in range(pages):
        document.add_page()
        for line in lines:
            document.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def test_the_text_of_an_offer_pdf_is_read_and_screened() -> None:
    result = read_pdf_text(make_pdf([OFFER]))
    assert result.ok, result.reason
    assert "KAMBOJA" in result.text and "visa turis" in result.text
    assert assess(result.text).level == "TINGGI"


def test_a_scan_without_a_text_layer_is_named_as_such() -> None:
    from fpdf import FPDF

    document = FPDF()
    document.add_page()  # a page with no text, as a scanned brochure has
    result = read_pdf_text(bytes(document.output()))
    assert not result.ok and result.reason == "too_little_text"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"hello, not a pdf at all", "not_a_pdf"),
    (b"%PDF-1.7\n" + b"garbage" * 100, "pdf_failed"),
])
def test_bad_files_get_a_reason_and_never_raise(data: bytes, reason: str) -> None:
    assert read_pdf_text(data).reason == reason


def test_an_oversized_file_is_refused_before_parsing() -> None:
    data = b"%PDF-1.7\n" + b"0" * (pdf_module.MAX_PDF_BYTES + 1)
    assert read_pdf_text(data).reason == "too_large"


def test_only_the_first_pages_are_read(monkeypatch) -> None:
    marker = "HALAMAN"
    data = make_pdf([f"{marker} penawaran kerja dengan gaji besar di luar negeri"],
                    pages=pdf_module.MAX_PAGES + 4)
    result = read_pdf_text(data)
    assert result.ok
    assert result.text.count(marker) == pdf_module.MAX_PAGES


def test_a_slow_reader_is_stopped() -> None:
    result = read_pdf_text(make_pdf([OFFER]), timeout_s=0.001)
    assert result.reason == "timeout"


def test_pdf_is_recognised_by_its_bytes_first() -> None:
    assert looks_like_pdf(b"%PDF-1.4 ...")
    assert not looks_like_pdf(b"GIF89a", "application/pdf", "brosur.pdf")
    assert looks_like_pdf(b"", "application/pdf", None)
    assert looks_like_pdf(b"", "", "Brosur.PDF")
    assert not looks_like_pdf(b"", "text/plain", "catatan.txt")
