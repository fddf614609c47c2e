"""Guidance answers as the action shapes them."""

from __future__ import annotations

from actions.actions import short_title, with_verified_date


def test_the_source_line_says_when_it_was_checked() -> None:
    text = "Tidak boleh.\nSumber: UU 18/2017 Pasal 30."
    assert with_verified_date(text, "2026-11") == (
        "Tidak boleh.\nSumber: UU 18/2017 Pasal 30; diperiksa 2026-11.")
    assert with_verified_date(text, None) == text
    assert with_verified_date("Tanpa sumber", "2026-11") == "Tanpa sumber"


def test_button_titles_are_cut_at_a_word() -> None:
    title = short_title("Apakah pembebasan biaya ini berlaku untuk semua negara tujuan PMI?")
    assert len(title) <= 57 and title.endswith("…") and not title.endswith(" …")
    assert short_title("Pendek") == "Pendek"
