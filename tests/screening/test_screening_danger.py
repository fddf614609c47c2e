"""detect_danger(): now / unsure / none, with tense, negation and hypotheses."""

from __future__ import annotations

import pytest

from screening import detect_danger


@pytest.mark.parametrize("text", [
    "tolong saya dikurung majikan",
    "tulung aku dikunci majikan ra oleh metu",
    "adik saya disuruh nipu orang di kamboja, gak boleh pulang",
    "gw di kapal udh 2 hari gk dikasih makan",
    "temen gw dilecehin majikan, dia nangis gk berani keluar kamar",
    "malam ini ada mobil mau jemput anak tetangga umur 15 thn, mau dibawa ke malaysia",
    "gaji saya tidak dibayar 5 bulan, paspor ditahan agen",
])
def test_danger_now(text: str) -> None:
    assert detect_danger(text).level == "now"


@pytest.mark.parametrize("text", [
    "dulu saya pernah dikurung majikan, sekarang sudah pulang",
    "kalau paspor ditahan majikan harus bagaimana?",
])
def test_past_or_hypothetical_harm_is_unsure_not_now(text: str) -> None:
    assert detect_danger(text).level == "unsure"


def test_a_negated_harm_is_no_danger() -> None:
    assert detect_danger("supaya tidak dikurung agen, apa yang harus dicek?").level == "none"


@pytest.mark.parametrize("text", ["syarat kerja ke taiwan apa saja", "saya tidak dikurung", "", "🙂"])
def test_no_danger(text: str) -> None:
    assert detect_danger(text).level == "none"
