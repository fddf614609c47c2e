"""Company and phone look-ups against a real database (SQLite) through escalation's public API."""

from __future__ import annotations

from datetime import date

import pytest

from actions import lookups, services


@pytest.mark.parametrize("text, company", [
    ("apakah PT Sinar Jaya Abadi resmi?", "Sinar Jaya Abadi"),
    ("pt. maju bersama itu terdaftar gak min", "maju bersama"),
    ("Saya ditawari PT Karya Mandiri, aman kah", "Karya Mandiri"),
    ("gimana cara cek agensi resmi", None),
])
def test_company_name_is_read_from_the_question(text, company) -> None:
    assert lookups.company_in(text) == company


def test_phone_numbers_are_found_but_not_short_numbers() -> None:
    assert lookups.phones_in("hubungi 0812-0000-1234 atau +62 812 0000 5678, gaji 20000000") == [
        "0812-0000-1234", "+62 812 0000 5678"]
    assert lookups.phones_in("umur 25 tahun, 3 bulan") == []


@pytest.fixture()
def esc(tmp_path, monkeypatch):
    from escalation import Escalation, ReportDraft

    engine = Escalation(f"sqlite:///{tmp_path / 'db.sqlite'}", evidence_dir=str(tmp_path / "ev"),
                        secret=b"s" * 32)
    engine.migrate()
    monkeypatch.setattr(services, "escalation", lambda: engine)
    for i in range(2):
        engine.file_report(ReportDraft(reporter=f"tg-r{i}", recruiter_name="Pak Darto",
                                       recruiter_contact="0812-0000-7788",
                                       company="PT Jaya Palsu"), idempotency_key=f"k{i}")
    yield engine
    engine.close()


def test_a_reported_number_is_named_with_its_count(esc) -> None:
    lines = lookups.lookup_lines("nomor +62 812-0000-7788 ini calo bukan?")
    assert any("sudah dilaporkan 2 kali" in line for line in lines)
    assert lookups.lookup_lines("nomor 0812-0000-9999 aman?") == []


def test_agency_list_answers_with_its_source_and_date(esc) -> None:
    csv = "nama,nomor_izin,berlaku_sampai\nPT Sinar Jaya Abadi,KEP-001/2025,2030-01-01\n"
    esc.import_agency_list(csv, source="Uji coba", list_date=date(2026, 11, 1), officer_id="t")
    found = lookups.lookup_lines("apakah PT Sinar Jaya Abadi resmi?")
    assert any("KEP-001/2025" in line and "Uji coba" in line for line in found)
    missing = lookups.lookup_lines("apakah PT Jaya Palsu resmi?")
    assert any("tidak ditemukan" in line for line in missing)
    assert any("sudah dilaporkan 2 kali" in line for line in missing)
