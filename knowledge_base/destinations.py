"""Destination countries: the one list of where people go to work, and how they write it.

Every package that needs to know "is a country abroad named here?" imports from this module
(through ``knowledge_base``): the retrieval's country filter, the contact cards, the understanding
step's domain words, the screener's offer detection and the report's destination field.

Risk-specific place lists (scam-prone border regions, the Middle East moratorium) are semantics of
the screener and stay in ``screening``; they are not a second copy of this list.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge_base.normalize import normalize_text

# Canonical country key -> aliases as they look after ``normalize_text`` (which already maps
# "hong kong"/"hk" -> "hongkong", "singapore" -> "singapura", "japan" -> "jepang", "dubai" -> "uea").
COUNTRIES: dict[str, tuple[str, ...]] = {
    "taiwan": ("taiwan", "formosa", "taipei", "taichung", "kaohsiung", "tai wan"),
    "hongkong": ("hongkong", "macau"),
    "malaysia": ("malaysia", "malaysa", "malesia", "malasia", "kuala lumpur", "johor", "sabah", "sarawak",
                 "penang", "kuching", "tawau", "kota kinabalu", "selangor"),
    "singapura": ("singapura",),
    "korea": ("korea", "seoul", "busan"),
    "jepang": ("jepang", "jepun", "nihon", "tokyo", "osaka"),
    "saudi": ("saudi", "arab", "jeddah", "riyadh", "makkah", "mekah", "madinah"),
    "kamboja": ("kamboja", "cambodia", "phnom penh", "sihanoukville"),
    "myanmar": ("myanmar", "burma"),
    "thailand": ("thailand", "bangkok"),
    "laos": ("laos",),
    "vietnam": ("vietnam",),
    "filipina": ("filipina", "philippines", "manila"),
    "brunei": ("brunei",),
    "uea": ("uea", "uae", "uni emirat arab", "emirat", "abu dhabi"),
    "qatar": ("qatar", "katar", "doha"),
    "kuwait": ("kuwait",),
    "oman": ("oman",),
    "bahrain": ("bahrain",),
    "turki": ("turki", "turkey"),
    "polandia": ("polandia", "poland"),
    "hungaria": ("hungaria",),
    "jerman": ("jerman", "germany"),
    "belanda": ("belanda",),
    "australia": ("australia",),
    "selandia baru": ("selandia baru", "new zealand"),
    "inggris": ("inggris", "uk", "england"),
    "amerika": ("amerika", "usa", "amerika serikat"),
    "kanada": ("kanada", "canada"),
    "eropa": ("eropa", "europe"),
    "timur tengah": ("timur tengah", "middle east"),
}

# Display names for a country key (reports, contact cards).
COUNTRY_NAMES: dict[str, str] = {
    "taiwan": "Taiwan", "hongkong": "Hong Kong", "malaysia": "Malaysia", "singapura": "Singapura",
    "korea": "Korea Selatan", "jepang": "Jepang", "saudi": "Arab Saudi", "kamboja": "Kamboja",
    "myanmar": "Myanmar", "thailand": "Thailand", "laos": "Laos", "vietnam": "Vietnam",
    "filipina": "Filipina", "brunei": "Brunei", "uea": "Uni Emirat Arab", "qatar": "Qatar",
    "kuwait": "Kuwait", "oman": "Oman", "bahrain": "Bahrain", "turki": "Turki", "polandia": "Polandia",
    "hungaria": "Hungaria", "jerman": "Jerman", "belanda": "Belanda", "australia": "Australia",
    "selandia baru": "Selandia Baru", "inggris": "Inggris", "amerika": "Amerika Serikat",
    "kanada": "Kanada", "eropa": "Eropa", "timur tengah": "Timur Tengah",
}

# Spellings seen before normalisation, so a pattern also works on lower-cased raw text.
_RAW_SPELLINGS = ("hong ?kong", "hk", "singapore", "japan", "korsel", "dubai")

# One regex alternation (no group, no anchors) of every way a destination is written, for other
# packages' patterns: ``re.compile(rf"\b(?:{DESTINATION_WORDS})\b")``.
DESTINATION_WORDS: str = "|".join(
    sorted({re.escape(a).replace(r"\ ", " ") for aliases in COUNTRIES.values() for a in aliases}
           | set(_RAW_SPELLINGS), key=lambda w: (-len(w), w))
)

_COUNTRY_PATTERNS = [
    # "bahasa inggris/arab/jepang" is a language, not the country.
    (key, re.compile(r"(?<!bahasa )\b(?:" + "|".join(re.escape(a) for a in aliases) + r")\b"))
    for key, aliases in COUNTRIES.items()
]


def detect_country(text: str) -> str | None:
    """The first destination country named in ``text`` (canonical key), or None."""
    normalized = normalize_text(text)
    found = [
        (m.start(), key) for key, pattern in _COUNTRY_PATTERNS if (m := pattern.search(normalized))
    ]
    return min(found)[1] if found else None


def country_name(text: str) -> str | None:
    """The display name of the first country named in ``text`` ("kerja di hk" -> "Hong Kong")."""
    key = detect_country(text)
    return COUNTRY_NAMES.get(key, key.title()) if key else None


@lru_cache(maxsize=1024)
def canonical_country(name: str) -> str:
    """Map an article's country name ("Hong Kong", "korea selatan") to the canonical key."""
    return detect_country(name) or normalize_text(name)


def strip_countries(normalized: str) -> str:
    """``normalized`` with every country name removed (a follow-up keeps the subject, not the place)."""
    for _, pattern in _COUNTRY_PATTERNS:
        normalized = pattern.sub(" ", normalized)
    return " ".join(normalized.split())
