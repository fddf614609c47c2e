"""Guidance answers as the action shapes them."""

from __future__ import annotations

from actions.actions import short_title


def test_button_titles_are_cut_at_a_word() -> None:
    title = short_title("Apakah pembebasan biaya ini berlaku untuk semua negara tujuan PMI?")
    assert len(title) <= 57 and title.endswith("…") and not title.endswith(" …")
    assert short_title("Pendek") == "Pendek"
