"""A question asked back inside the report form is answered, not stored as the answer."""

from __future__ import annotations

import pytest

from understanding import is_side_question


@pytest.mark.parametrize("text", [
    "ka mana lapor na?",
    "bisa online ga lapornya?",
    "ini laporannya sampai ke polisi gak?",
    "kemana laporan ini dikirim",
])
def test_questions_about_the_report_are_recognised(text: str) -> None:
    assert is_side_question(text)


@pytest.mark.parametrize("text", [
    "Pak Budi",
    "sponsor namanya Bu Xxxx dari desa sebelah",
    "0812-3456-7890",
    "PT Maju Jaya?",
    "lewati",
    "tidak ada",
    "@agen_hk_resmi",
    "15 juta ke rekening BRI atas nama dia",
])
def test_real_answers_are_kept(text: str) -> None:
    assert not is_side_question(text)
