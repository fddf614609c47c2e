"""normalize(): informal spelling is undone, evidence maps back to the original words."""

from __future__ import annotations

import pytest

from screening.normalize import normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("GRATISSS 🔥🔥", "gratis"),
        ("k4mboja", "kamboja"),
        ("V I S A  T U R I S", "visa turis"),
        ("𝗩𝗜𝗦𝗔 𝗧𝗨𝗥𝗜𝗦", "visa turis"),
        ("gaji Rp30jt, SIP3MI, P3MI", "gaji rp30jt, sip3mi, p3mi"),
        ("Kérja   di\tMalaysia", "kerja di malaysia"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_evidence_is_cut_from_the_original_text() -> None:
    n = normalize("Ayo!! 𝗩𝗜𝗦𝗔  TURIS 😀 aja")
    start = n.text.index("visa turis")
    assert n.evidence(start, start + len("visa turis")) == "𝗩𝗜𝗦𝗔 TURIS"
