"""Normalised recruiter identifiers, so reports about the same recruiter can be linked.

Pure functions, no I/O. A key looks like ``"phone:+6281234567890"``, ``"handle:tiktok:@abc"``,
``"handle:@abc"``, ``"name:budi santoso"`` or ``"company:maju jaya"``.
"""

from __future__ import annotations

import re
import unicodedata

HONORIFICS = frozenset(
    {
        "pak",
        "bu",
        "ibu",
        "mas",
        "mbak",
        "kak",
        "bang",
        "sponsor",
        "bapak",
        "bpk",
        "mba",
        "kakak",
        "abang",
        "sdr",
        "saudara",
    }
)
COMPANY_FORMS = frozenset({"pt", "cv", "ud", "tbk", "persero", "p3mi", "pptkis", "lpk"})
MIN_NAME_LENGTH = 3

_PLATFORMS = {
    "tiktok": "tiktok",
    "tik tok": "tiktok",
    "tt": "tiktok",
    "facebook": "facebook",
    "fb": "facebook",
    "instagram": "instagram",
    "ig": "instagram",
    "telegram": "telegram",
    "tg": "telegram",
    "whatsapp": "whatsapp",
    "wa": "whatsapp",
}
_URL_HANDLE = re.compile(
    r"(?:https?://)?(?:www\.|m\.|web\.)?"
    r"(tiktok\.com|facebook\.com|fb\.com|instagram\.com|t\.me)/(@?[\w.]+)",
    re.IGNORECASE,
)
_URL_PLATFORM = {
    "tiktok.com": "tiktok",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "instagram.com": "instagram",
    "t.me": "telegram",
}
_WA_LINK = re.compile(r"(?:wa\.me|api\.whatsapp\.com/send\?phone=)/?\+?(\d{8,15})", re.IGNORECASE)
_PHONE_CANDIDATE = re.compile(r"(?<![\w@])(?:\+|00)?\d[\d\s.\-()]{6,20}\d(?!\w)")
_PLATFORM_WORDS = r"tik tok|tiktok|facebook|instagram|telegram|whatsapp|fb|ig|tt|tg|wa"
_PLATFORM_HANDLE = re.compile(
    rf"\b({_PLATFORM_WORDS})\b\s*[:=\-]?\s*(@?[\w.]+(?: (?!(?:{_PLATFORM_WORDS})\b)[\w.]+)*)",
    re.IGNORECASE,
)
_BARE_HANDLE = re.compile(r"(?<![\w.])@([A-Za-z0-9_][\w.]{1,63})")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)


def normalize_phone(raw: str | None) -> str | None:
    """Return a phone number in E.164 form (``"+62812…"``), or ``None`` if it is not one.

    Indonesian numbers written as ``0812…``, ``62812…``, ``+62 812…``, ``0062…``,
    ``+62 0812…`` or ``812…`` become ``+62812…``; numbers with another country code
    (``+60``, ``+886``, ``+852``…) keep it. Spaces, dashes, dots and brackets are ignored.
    """
    if not raw:
        return None
    text = raw.strip()
    plus = text.startswith("+")
    digits = re.sub(r"\D", "", text)
    if not digits:
        return None
    if plus:
        pass
    elif digits.startswith("00"):
        digits = digits[2:]
    elif digits.startswith("62"):
        pass
    elif digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8") and 9 <= len(digits) <= 12:
        digits = "62" + digits
    elif len(digits) < 10:
        return None
    if digits.startswith("620"):
        digits = "62" + digits[3:]
    if not 8 <= len(digits) <= 15:
        return None
    if digits.startswith("62") and len(digits) < 10:
        return None
    return "+" + digits


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def normalize_name(raw: str | None) -> str | None:
    """Lower-case a person's name and drop honorifics (pak, bu, mbak, sponsor…)."""
    if not raw:
        return None
    words = [w for w in _fold(raw).replace("_", " ").split() if w not in HONORIFICS]
    name = " ".join(words)
    return name if len(name) >= MIN_NAME_LENGTH else None


def normalize_company(raw: str | None) -> str | None:
    """Lower-case a company name and drop legal forms (PT, CV, Tbk…)."""
    if not raw:
        return None
    words = [w for w in _fold(raw).replace("_", " ").split() if w not in COMPANY_FORMS]
    name = " ".join(words)
    return name if len(name) >= MIN_NAME_LENGTH else None


def _handle_keys(platform: str | None, handle: str) -> set[str]:
    handle = handle.strip().rstrip(".").casefold()
    if not handle:
        return set()
    if " " in handle:  # a display name ("FB: Budi Santoso") rather than an @handle
        name = " ".join(handle.split())
        return {f"handle:{platform}:{name}"} if platform else set()
    if not handle.startswith("@"):
        handle = "@" + handle
    if len(handle) < 3:
        return set()
    keys = {f"handle:{handle}"}
    if platform:
        keys.add(f"handle:{platform}:{handle}")
    return keys


def contact_keys(contact: str | None) -> set[str]:
    """Extract phone and social-media handle keys from a free-text contact."""
    if not contact:
        return set()
    keys: set[str] = set()
    rest = contact
    for match in _WA_LINK.finditer(contact):
        phone = normalize_phone("+" + match.group(1))
        if phone:
            keys.add("phone:" + phone)
    rest = _WA_LINK.sub(" ", rest)
    for match in _URL_HANDLE.finditer(rest):
        platform = _URL_PLATFORM[match.group(1).lower()]
        keys |= _handle_keys(platform, match.group(2))
    rest = _URL_HANDLE.sub(" ", rest)
    for match in _PHONE_CANDIDATE.finditer(rest):
        phone = normalize_phone(match.group(0))
        if phone:
            keys.add("phone:" + phone)
    rest = _PHONE_CANDIDATE.sub(" ", rest)
    for segment in re.split(r"[,;/\n|]", rest):
        for found in _PLATFORM_HANDLE.finditer(segment):
            platform = _PLATFORMS[" ".join(found.group(1).lower().split())]
            if platform != "whatsapp":
                keys |= _handle_keys(platform, found.group(2))
        segment = _PLATFORM_HANDLE.sub(" ", segment)
        for bare in _BARE_HANDLE.finditer(segment):
            keys |= _handle_keys(None, bare.group(1))
    return keys


def recruiter_keys(
    name: str | None, contact: str | None = None, company: str | None = None
) -> set[str]:
    """All normalised keys naming one recruiter: phones, handles, person name and company."""
    keys = contact_keys(contact)
    person = normalize_name(name)
    if person:
        keys.add("name:" + person)
    firm = normalize_company(company)
    if firm:
        keys.add("company:" + firm)
    return keys
