"""The one list of destinations: detection, display names, and the shared regex alternation."""

from __future__ import annotations

import re

import pytest

from knowledge_base import DESTINATION_WORDS, country_name, detect_country
from knowledge_base.destinations import COUNTRIES, COUNTRY_NAMES, strip_countries

_ANY = re.compile(rf"\b(?:{DESTINATION_WORDS})\b")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("kerja di hk gaji brp", "hongkong"),
        ("mau ke Hong Kong", "hongkong"),
        ("lowongan pabrik di Taichung", "taiwan"),
        ("kebun sawit Tawau Sabah", "malaysia"),
        ("jadi sopir di arab", "saudi"),
        ("ART ke Arab Saudi", "saudi"),
        ("kerja di Uni Emirat Arab", "uea"),
        ("ke dubai jadi cleaning service", "uea"),
        ("singapore butuh caregiver", "singapura"),
        ("magang japan", "jepang"),
    ],
)
def test_detect_country_reads_cities_aliases_and_raw_spellings(text: str, key: str) -> None:
    assert detect_country(text) == key


@pytest.mark.parametrize("text", ["les bahasa inggris dulu", "belajar bahasa arab di pondok",
                                  "produksi di pabrik Bekasi", "kerja di Surabaya"])
def test_languages_and_home_places_are_not_destinations(text: str) -> None:
    assert detect_country(text) is None


def test_country_name_gives_the_display_name() -> None:
    assert country_name("tawaran ke hk") == "Hong Kong"
    assert country_name("kerja di korsel") == "Korea Selatan"
    assert country_name("kerja di Surabaya") is None


def test_every_country_has_a_display_name() -> None:
    assert set(COUNTRIES) == set(COUNTRY_NAMES)


def test_the_alternation_matches_every_alias_and_not_inside_words() -> None:
    for aliases in COUNTRIES.values():
        for alias in aliases:
            assert _ANY.search(f"kerja di {alias} ya"), alias
    assert not _ANY.search("bagian produksi dan gudang")  # "uk" inside a word


def test_strip_countries_keeps_the_subject() -> None:
    assert strip_countries("biaya ke taiwan berapa") == "biaya ke berapa"
