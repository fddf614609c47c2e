"""What the database knows about a company or number a user names: the imported list of licensed
agencies (P3MI) and earlier reports about the same recruiter."""

from __future__ import annotations

import logging
import re
from datetime import date

from actions import services

logger = logging.getLogger(__name__)

COMPANY_RE = re.compile(r"\b(?:PT|CV)\b\.?\s+([^\n?!,;:()]{2,80})", re.IGNORECASE)
STOP_WORDS = {"resmi", "itu", "apa", "apakah", "terdaftar", "legal", "ilegal", "ga", "gak", "tidak",
              "ya", "atau", "bukan", "asli", "beneran", "penipu", "calo", "ini", "bener", "benar",
              "sudah", "udah", "punya", "izin", "ijin", "ada", "di", "yang", "yg", "kah", "dong",
              "min", "kak", "sih", "ke", "untuk", "buat", "aman", "gimana", "bagaimana", "nggak"}
PHONE_RE = re.compile(r"(?<![\w])(?:\+|00)?\d[\d .-]{7,17}\d(?![\w])")


def company_in(text: str) -> str | None:
    """The company name after 'PT'/'CV', up to the first word that is not part of a name."""
    match = COMPANY_RE.search(text)
    if not match:
        return None
    words = []
    for word in match.group(1).split():
        if word.lower().strip(".") in STOP_WORDS:
            break
        words.append(word.strip("."))
        if len(words) == 6:
            break
    return " ".join(words) or None


def phones_in(text: str) -> list[str]:
    return [m.group(0).strip() for m in PHONE_RE.finditer(text)
            if sum(c.isdigit() for c in m.group(0)) >= 9][:3]


def _reported(label: str, info) -> str | None:
    if info is None or info.report_count <= 0:
        return None
    times = "1 kali" if info.report_count == 1 else f"{info.report_count} kali"
    line = f"⚠️ {label} sudah dilaporkan {times} ke petugas lewat bot ini."
    if info.verified_illegal:
        line += " Petugas sudah memastikan perekrut ini ILEGAL. Jangan lanjutkan."
    elif info.matched_kinds == ["name"]:
        line += " (Cocok berdasarkan nama saja; bisa jadi orang lain dengan nama sama.)"
    return line


def agency_lines(company: str) -> list[str]:
    esc = services.escalation()
    lines: list[str] = []
    info = esc.licensed_agency(company)
    lists = esc.agency_lists()
    if info is not None:
        note = (" (CATATAN: daftar ini hanya CONTOH untuk pengujian, bukan daftar resmi.)"
                if info.list_is_sample else "")
        valid = (f", berlaku sampai {info.valid_until:%d-%m-%Y}" if info.valid_until else "")
        state = "" if info.valid_on(date.today()) else " Izinnya SUDAH HABIS — jangan lanjutkan."
        lines.append(
            f"PT {company} ada di daftar P3MI berizin yang kami punya (sumber: {info.list_source}, "
            f"per {info.list_date:%d-%m-%Y}): izin {info.licence_number}{valid}.{state}{note} "
            "Tetap pastikan ada SIP2MI untuk negara tujuan Anda.")
    elif lists:
        newest = lists[0]
        lines.append(
            f"PT {company} tidak ditemukan di daftar P3MI berizin yang kami punya "
            f"(sumber: {newest.source}, per {newest.list_date:%d-%m-%Y}). Itu belum pasti berarti "
            "ilegal (nama bisa ditulis berbeda), tetapi jangan membayar atau menyerahkan dokumen "
            "sebelum Anda memastikannya di SISKOP2MI atau Disnaker/BP3MI.")
    reported = _reported(f"Perusahaan \"{company}\"", esc.recruiter_lookup("PT " + company))
    if reported:
        lines.append(reported)
    return lines


def lookup_lines(text: str) -> list[str]:
    """Lines about a named company or phone number; empty when nothing is known or the DB is down."""
    lines: list[str] = []
    try:
        company = company_in(text)
        if company:
            lines += agency_lines(company)
        esc = services.escalation() if phones_in(text) else None
        if esc is not None:
            for phone in phones_in(text):
                reported = _reported(f"Nomor {phone}", esc.recruiter_lookup(phone))
                if reported:
                    lines.append(reported)
    except Exception:  # never let a look-up failure hide the guidance answer
        logger.warning("agency/recruiter look-up failed", exc_info=True)
    return lines
