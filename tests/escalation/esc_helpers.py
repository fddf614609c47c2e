"""Helpers shared by the escalation tests (a module name no other test folder uses)."""

from __future__ import annotations

from datetime import datetime, timedelta

from escalation import ReportDraft

SECRET = b"test-secret-for-pandu-migran-0123456789"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"fake-png-body" * 4
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n"


class FakeClock:
    """A clock tests move by hand (backoff, leases, retention)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def make_draft(reporter: str, **overrides: object) -> ReportDraft:
    """A plausible report; tests override what they check."""
    fields: dict[str, object] = {
        "recruiter_name": "Pak Budi",
        "recruiter_contact": "WA 0812-3456-7890",
        "company": "PT Maju Jaya",
        "location": "Desa Sukamaju",
        "kabupaten": "Indramayu",
        "contact_channel": "whatsapp",
        "offer_text": "Kerja pabrik di Taiwan, gaji 25 juta, berangkat minggu depan tanpa pelatihan",
        "destination_country": "Taiwan",
        "money": "Rp 15.000.000 ke rekening BRI 1234",
        "screening_level": "tinggi",
        "screening_flags": ["biaya_tinggi", "tanpa_pelatihan"],
    }
    fields.update(overrides)
    return ReportDraft(reporter=reporter, **fields)  # type: ignore[arg-type]
