"""render_reply(): one level line, evidence, emergency first, next steps, length."""

from __future__ import annotations

import re

import pytest

from screening import assess, render_reply

RISK_LINE = re.compile(r"^\W*Risiko: (TINGGI|SEDANG|RENDAH)$", re.MULTILINE)

OFFERS = {
    "TINGGI": "Lowongan admin Kamboja gaji $1200, berangkat pakai visa turis, paspor dipegang agen. Japri 0812-0000-1234",
    "SEDANG": "Lowongan pabrik Malaysia, gaji RM 1.800, umur 20-35, minat hubungi 0812-0000-1515.",
    "RENDAH": "PT Bumi Karya Abadi (SIP2MI No. 1187/2025) membuka job order operator pabrik Malaysia. Visa kerja, PK ditandatangani sebelum berangkat, BPJS Ketenagakerjaan, OPP di BP3MI.",
}


@pytest.mark.parametrize("level", ["TINGGI", "SEDANG", "RENDAH"])
def test_exactly_one_risk_line_matching_the_level(level: str) -> None:
    a = assess(OFFERS[level], use_classifier=False)
    assert a.level == level
    reply = render_reply(a)
    assert RISK_LINE.findall(reply) == [level]
    assert reply.count("Risiko:") == 1
    assert len(reply) <= 1500


def test_reply_quotes_the_evidence_and_lists_next_steps() -> None:
    a = assess(OFFERS["TINGGI"], use_classifier=False)
    reply = render_reply(a)
    for flag in a.flags[:3]:
        assert flag.evidence in reply
        assert flag.explanation in reply
    for must in (
        "SISKOP2MI",
        "Disnaker",
        "visa kerja",
        "Pasal 15",
        "BPJS",
        "OPP",
        "0800-1000",
        "/lapor",
    ):
        assert must in reply


def test_rendah_never_says_safe_and_still_lists_checks() -> None:
    reply = render_reply(assess(OFFERS["RENDAH"], use_classifier=False))
    assert "belum berarti aman" in reply
    assert "SISKOP2MI" in reply and "/lapor" in reply


def test_emergency_help_comes_first() -> None:
    a = assess(
        "Tolong, adik saya di Myawaddy dipaksa menipu, paspornya diambil bos, tidak boleh keluar."
    )
    assert a.emergency
    reply = render_reply(a)
    first_lines = "\n".join(reply.splitlines()[:4])
    for must in ("0800-1000", "+62 812 9007 0027", "Safe Travel", "110"):
        assert must in first_lines
    assert reply.index("0800-1000") < reply.index("Risiko:")
    assert len(reply) <= 1500


def test_not_enough_text_reply() -> None:
    reply = render_reply(assess("🙏🙏"))
    assert RISK_LINE.findall(reply) == ["RENDAH"]
    assert "terlalu sedikit" in reply


def test_long_offer_reply_stays_short() -> None:
    text = (
        "Kerja admin Kamboja, visa turis, paspor dipegang agen, umur 17 bisa, jangan bilang keluarga, "
        "potong gaji 10 bulan, DP ke rekening a.n. Budi, lewat speedboat, tanpa kontrak. "
    ) * 20
    reply = render_reply(assess(text))
    assert len(reply) <= 1500
    assert reply.count("Risiko:") == 1
