"""Recruiter look-up (for the bot), the verified-illegal mark, the P3MI list import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from console_helpers import OFFICER_PASSWORD, SECRET, csrf_of, make_draft
from fastapi.testclient import TestClient

from escalation import Escalation, reporter_key

ALICE = reporter_key(1001, SECRET)
BOB = reporter_key(1002, SECRET)
SAMPLE = Path(__file__).resolve().parents[2] / "bench" / "data" / "p3mi_sample.csv"


def test_recruiter_lookup_matches_phone_handle_name_and_company(esc: Escalation) -> None:
    esc.file_report(make_draft(ALICE), "a")
    esc.file_report(make_draft(BOB, recruiter_contact="0812 3456 7890, tiktok @budi.kerja"), "b")
    by_phone = esc.recruiter_lookup("+62 812-3456-7890")
    assert by_phone is not None and by_phone.report_count == 2
    assert by_phone.matched_kinds == ["phone"]
    assert not by_phone.verified_illegal
    by_handle = esc.recruiter_lookup("@budi.kerja")
    assert by_handle is not None and by_handle.report_count == 1
    by_name = esc.recruiter_lookup("pak budi 0812-3456-7890")
    assert by_name is not None and set(by_name.matched_kinds) == {"name", "phone"}
    by_company = esc.recruiter_lookup("PT. MAJU JAYA")
    assert by_company is not None and by_company.matched_kinds == ["company"]
    assert esc.recruiter_lookup("Siti Aminah") is None
    assert esc.recruiter_lookup("   ") is None


def test_verified_illegal_mark_from_the_console(
    client: TestClient, esc: Escalation, admin: str
) -> None:
    ticket = esc.file_report(make_draft(ALICE), "a").ticket
    phone_id = esc.recruiter_lookup("0812 3456 7890").recruiter_ids[0]
    page = client.get(f"/recruiters/{phone_id}").text
    assert "+6281234567890" in page and ticket in page
    refused = client.post(
        f"/recruiters/{phone_id}/verdict", data={"csrf_token": admin, "verified": "1"}
    )
    assert refused.status_code == 400
    response = client.post(
        f"/recruiters/{phone_id}/verdict",
        data={"csrf_token": admin, "verified": "1", "note": "Putusan PN Indramayu"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    info = esc.recruiter_lookup("081234567890")
    assert info is not None and info.verified_illegal
    detail = esc.recruiter(phone_id)
    assert detail.verdict_by == "console:admin"
    assert [(e.who, e.action, e.note) for e in detail.history] == [
        ("console:admin", "verify_illegal", "Putusan PN Indramayu")
    ]
    assert "ilegal (terverifikasi)" in client.get(f"/cases/{ticket}").text
    # Withdrawing is logged too.
    client.post(
        f"/recruiters/{phone_id}/verdict",
        data={"csrf_token": admin, "verified": "0", "note": "Salah orang"},
    )
    assert not esc.recruiter_lookup("081234567890").verified_illegal
    assert len(esc.recruiter(phone_id).history) == 2


def test_recruiter_search_page(client: TestClient, esc: Escalation, admin: str) -> None:
    esc.file_report(make_draft(ALICE), "a")
    page = client.get("/recruiters", params={"q": "0812 3456 7890"}).text
    assert "Sudah dilaporkan <strong>1</strong> kali" in page


def _import(client: TestClient, csrf: str, data: bytes, **fields: str):
    return client.post(
        "/admin/p3mi",
        data={"csrf_token": csrf, "source": "Uji", "list_date": "2026-01-15", **fields},
        files={"file": ("daftar.csv", data, "text/csv")},
        follow_redirects=False,
    )


def test_p3mi_import_and_licensed_agency(client: TestClient, esc: Escalation, admin: str) -> None:
    assert esc.licensed_agency("PT Contoh Sejahtera Mandiri") is None
    response = _import(client, admin, SAMPLE.read_bytes(), source="Berkas contoh pengujian")
    assert response.status_code == 303, response.text
    agency = esc.licensed_agency("pt. contoh sejahtera mandiri")
    assert agency is not None
    assert agency.name == "PT Contoh Sejahtera Mandiri"
    assert agency.licence_number == "CONTOH-001/2025"
    assert agency.valid_until == date(2027, 12, 31)
    assert agency.list_date == date(2026, 1, 15)
    assert agency.list_source == "Berkas contoh pengujian"
    assert agency.list_is_sample  # the file says it is not an official list
    expired = esc.licensed_agency("Sampel Jaya")
    assert expired is not None and not expired.valid_on(date(2026, 3, 1))
    assert esc.licensed_agency("CV Uji Coba Nusantara").valid_until == date(2028, 12, 31)
    assert esc.licensed_agency("PT Tidak Ada") is None
    page = client.get("/admin/p3mi").text
    assert "CONTOH — bukan daftar resmi" in page and "Berkas contoh pengujian" in page
    assert "CONTOH" in client.get("/recruiters", params={"q": "PT Fiktif Karya Abadi"}).text

    # A newer list replaces the old one for look-ups.
    newer = b"nama_perusahaan;nomor_izin;berlaku_sampai\nPT Baru Resmi;B-1;2030-01-01\n"
    assert _import(client, admin, newer, list_date="2026-02-01").status_code == 303
    assert esc.licensed_agency("PT Contoh Sejahtera Mandiri") is None
    fresh = esc.licensed_agency("Baru Resmi")
    assert fresh is not None and not fresh.list_is_sample
    assert [info.list_date for info in esc.agency_lists()] == [date(2026, 2, 1), date(2026, 1, 15)]


def test_p3mi_import_rejects_bad_files(client: TestClient, esc: Escalation, admin: str) -> None:
    bad = _import(client, admin, b"nama_perusahaan,nomor_izin\nPT Satu,\n")
    assert bad.status_code == 400 and "Baris 2" in bad.text
    no_header = _import(client, admin, b"foo,bar\n1,2\n")
    assert no_header.status_code == 400
    assert esc.agency_lists() == []


def test_petugas_cannot_import(client: TestClient, officer: str) -> None:
    assert _import(client, officer, SAMPLE.read_bytes()).status_code == 403


def test_admin_adds_officer_with_telegram_link(
    client: TestClient, esc: Escalation, admin: str
) -> None:
    response = client.post(
        "/admin/officers",
        data={
            "csrf_token": admin,
            "username": "Rudi",
            "name": "Rudi Hartono",
            "password": OFFICER_PASSWORD,
            "role": "petugas",
            "telegram_user_id": "987654321",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert esc.is_officer(987654321, set())
    other = TestClient(client.app)
    page = other.get("/login")
    ok = other.post(
        "/login",
        data={"username": "rudi", "password": OFFICER_PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert other.get("/queue").status_code == 200
    # Deactivation ends the sessions and the Telegram rights.
    client.post("/admin/officers/rudi", data={"csrf_token": admin, "change": "deactivate"})
    assert not esc.is_officer(987654321, set())
    assert other.get("/queue", follow_redirects=False).status_code == 303
    short = client.post(
        "/admin/officers",
        data={"csrf_token": admin, "username": "x1", "name": "X", "password": "short"},
    )
    assert short.status_code == 400
