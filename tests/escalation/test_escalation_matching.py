"""Phone normalisation and recruiter keys (pure functions)."""

from __future__ import annotations

import pytest

from escalation import normalize_phone, recruiter_keys


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("0812.3456.7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("+62-812-3456-7890", "+6281234567890"),
        ("62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("0062 812 3456 7890", "+6281234567890"),
        ("+62 0812 3456 7890", "+6281234567890"),
        ("(0812) 3456-7890", "+6281234567890"),
        ("812 3456 7890", "+6281234567890"),
        ("+60 12-345 6789", "+60123456789"),
        ("0060 12 345 6789", "+60123456789"),
        ("+886 912 345 678", "+886912345678"),
        ("+852 9123 4567", "+85291234567"),
        ("", None),
        (None, None),
        ("12345", None),
        ("bukan nomor", None),
        ("+1234567890123456", None),
    ],
)
def test_normalize_phone(raw: str | None, expected: str | None) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("name", "contact", "company", "expected"),
    [
        ("Pak Budi", None, None, {"name:budi"}),
        ("bu  SRI  Wahyuni", None, None, {"name:sri wahyuni"}),
        ("Sponsor Mbak Sri", None, None, {"name:sri"}),
        ("Mas Agus (sponsor)", None, None, {"name:agus"}),
        ("Kak Rina", None, "PT. Maju Jaya Abadi", {"name:rina", "company:maju jaya abadi"}),
        ("Pak", None, None, set()),
        (None, "WA 0812-3456-7890", None, {"phone:+6281234567890"}),
        (
            None,
            "+62 812 3456 7890 / 0857 1111 2222",
            None,
            {"phone:+6281234567890", "phone:+6285711112222"},
        ),
        (None, "https://wa.me/6281234567890", None, {"phone:+6281234567890"}),
        (
            None,
            "tiktok @Lowongan.Taiwan",
            None,
            {"handle:tiktok:@lowongan.taiwan", "handle:@lowongan.taiwan"},
        ),
        (
            None,
            "https://www.tiktok.com/@abc_kerja",
            None,
            {"handle:tiktok:@abc_kerja", "handle:@abc_kerja"},
        ),
        (
            None,
            "ig: kerja.hk telegram @agen_hk",
            None,
            {
                "handle:instagram:@kerja.hk",
                "handle:@kerja.hk",
                "handle:telegram:@agen_hk",
                "handle:@agen_hk",
            },
        ),
        (None, "FB: Budi Santoso", None, {"handle:facebook:budi santoso"}),
        (None, "email budi@gmail.com", None, set()),
        (None, "+60 12-345 6789", None, {"phone:+60123456789"}),
    ],
)
def test_recruiter_keys(
    name: str | None, contact: str | None, company: str | None, expected: set[str]
) -> None:
    assert recruiter_keys(name, contact, company) == expected


def test_same_recruiter_written_differently_shares_keys() -> None:
    first = recruiter_keys("Pak Budi", "0812-3456-7890", "PT Maju Jaya")
    second = recruiter_keys("budi", "+62 812 3456 7890", "Maju Jaya")
    assert first == second
