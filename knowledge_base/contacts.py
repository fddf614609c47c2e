"""Answers to "what is the number of …": the right cards from ``contacts.yml``, with their dates.

``contacts.yml`` owns every number. Each row may list ``asked_as``: the names people use for it
("kbri seoul", "kedutaan korea", "1955"). A row is asked for when one of them is in the message;
the most specific name wins (a row named by "kbri seoul" beats one named by "korea").

Public API::

    from knowledge_base.contacts import asked_contacts, contact_reply
    asked_contacts("nomor kbri di korea brp?")   # -> [kbri_seoul row, …]
    contact_reply("nomor kbri di korea brp?")    # -> (cards with sources and months, ids shown)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from knowledge_base.destinations import canonical_country, country_name, detect_country
from knowledge_base.knowledge import load_contacts, month_label
from knowledge_base.normalize import normalize_text

# A message asks for a contact when it names a channel ("nomor", "wa", "email", "alamat") …
ASKS_FOR_CONTACT = re.compile(
    r"\b(?:no|nomor|nomer|nmr|nombor|nomere|nomornya|nomernya|nomorna|kontak|kontaknya|contact|"
    r"hotline|hotlinenya|call ?center|callcenter|cs|telp|tlp|telepon|telpon|nelpon|hubungi|"
    r"wa|whatsapp|wasap|email|e-mail|surel|alamat|alamate|situs|website|web|aplikasi|apk|app|"
    r"number|phone|numbers)\b")
_MED_OR_BETTER = ("HIGH", "MED-HIGH", "MED")
MAX_CARDS = 3
HOTLINE_ID = "kp2mi_hotline"
KEMLU_ID = "kemlu_pwni"
SAFE_TRAVEL_ID = "kemlu_safe_travel"
# "nomor KBRI di Malaysia": a mission of the named country.
_MISSION = re.compile(r"\b(?:kbri|kjri|kdei|kedutaan|kedubes|konsulat|perwakilan|embassy|consulate)\b")
_MISSION_IDS = ("kbri_", "kjri_", "kdei_")


@lru_cache(maxsize=1)
def _names() -> tuple[tuple[str, str], ...]:
    """(normalised name, contact id), longest names first."""
    pairs = []
    for contact in load_contacts():
        if str(contact.get("confidence", "")).upper() not in _MED_OR_BETTER:
            continue
        for name in contact.get("asked_as") or ():
            pairs.append((normalize_text(str(name)), contact["id"]))
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def asked_contacts(text: str) -> list[dict[str, Any]]:
    """The contact rows a message names, most specific first (at most ``MAX_CARDS``)."""
    normalized = f" {normalize_text(text)} "
    by_id = {c["id"]: c for c in load_contacts()}
    found: list[str] = []
    covered: list[tuple[int, int]] = []
    for name, contact_id in _names():
        for match in re.finditer(rf"(?<=\s){re.escape(name)}(?=\s)", normalized):
            span = (match.start(), match.end())
            # A shorter name inside a longer one already matched ("korea" in "kbri korea")
            # adds nothing.
            if any(start <= span[0] and span[1] <= end and (start, end) != span
                   for start, end in covered) and contact_id not in found:
                continue
            covered.append(span)
            if contact_id not in found:
                found.append(contact_id)
    country = asked_mission_country(text)
    if country:
        missions = [c["id"] for c in load_contacts() if c["id"].startswith(_MISSION_IDS)
                    and canonical_country(str(c.get("country") or "")) == country]
        found = [*[i for i in found if i in missions], *[i for i in missions if i not in found],
                 *[i for i in found if i not in missions]]
    return [by_id[i] for i in found[:MAX_CARDS]]


def asked_mission_country(text: str) -> str | None:
    """The country whose embassy or consulate the message asks about ("kbri di malaysia")."""
    if not _MISSION.search(normalize_text(text)):
        return None
    return detect_country(text)


# "sing wa?", "ari nu WA aya teu?", "emailnya?": another channel of the body just shown.
_CHANNELS = (("whatsapp", re.compile(r"\b(?:wa|whatsapp|wasap|watsap|whatsap)\w*\b")),
             ("email", re.compile(r"\b(?:email|e-mail|surel|imel)\w*\b")),
             ("app", re.compile(r"\b(?:aplikasi|apk|app)\w*\b")))
# "lapornya ke mana?" about a country: that country's hotlines and missions.
WHERE_TO_COMPLAIN = re.compile(
    r"\b(?:lapor|melapor|ngelapor|laporan|ngadu|mengadu|aduan|pengaduan|komplain|complain|"
    r"minta tolong|minta bantuan)\w*\b.{0,20}\b(?:ke ?mana|ka ?mana|kamana|di ?mana|dimana|"
    r"ning ndi|nang ndi|menyang ngendi|nandi|where)\b"
    r"|\b(?:ke ?mana|kamana|ning ndi|nang ndi)\b.{0,12}\b(?:lapor|ngadu|mengadu)\w*\b")


# Asking for a complaint number without naming a body ("nomor pengaduan", "hotline aduan").
_GENERIC_COMPLAINT = re.compile(r"\b(?:pengaduan|aduan|ngadu|mengadu|komplain|complain|hotline)\b")


def contact_ids(rows: list[dict[str, Any]]) -> list[str]:
    return [str(r["id"]) for r in rows]


def channel_follow_up(text: str, shown: list[str]) -> list[dict[str, Any]]:
    """Rows of the channel a follow-up asks for ("sing wa?"), of the bodies just shown."""
    normalized = normalize_text(text)
    contacts = load_contacts()
    bodies = {c.get("body") for c in contacts if c["id"] in shown}
    for kind, pattern in _CHANNELS:
        if pattern.search(normalized):
            return [c for c in contacts if c.get("kind") == kind and c.get("body") in bodies
                    and str(c.get("confidence", "")).upper() in _MED_OR_BETTER][:MAX_CARDS]
    return []


def country_contacts(country: str) -> list[dict[str, Any]]:
    """The trusted rows of one destination country (hotlines and missions), file order."""
    return [c for c in load_contacts()
            if canonical_country(str(c.get("country") or "")) == country
            and str(c.get("confidence", "")).upper() in _MED_OR_BETTER
            and c.get("kind") in ("phone", "whatsapp")][:MAX_CARDS]


def contact_reply(text: str, shown: list[str] | None = None,
                  country: str | None = None) -> tuple[str, list[str]] | None:
    """The reply to a message that asks for a contact and the ids it shows, or None when it
    names no known one.

    ``shown`` are the ids the previous reply showed (a follow-up "sing wa?" asks for another
    channel of the same body); ``country`` is the conversation's country, used when the message
    asks where to complain without naming one. A mission of a country with no checked number
    gets an honest "not in our checked data" with the Kemlu hotline and Safe Travel instead.
    """
    rows = asked_contacts(text) or (channel_follow_up(text, shown) if shown else [])
    place = detect_country(text)
    if rows and place and _GENERIC_COMPLAINT.search(normalize_text(text)) \
            and all(not r.get("country") for r in rows):
        # "sy di taiwan ... ada nomor pengaduan yg bisa bhs indo?": the country's own hotline
        # first (Taiwan's 1955), then the national ones the words named.
        local = [r for r in country_contacts(canonical_country(place)) if r not in rows]
        rows = [*local, *rows][:MAX_CARDS]
    if not rows and WHERE_TO_COMPLAIN.search(normalize_text(text)):
        place = detect_country(text) or country
        rows = country_contacts(canonical_country(place)) if place else []
    if not rows and not asked_mission_country(text):
        return None
    reply = _reply_text(text, rows)
    return (reply, contact_ids(rows)) if reply else None


def _reply_text(text: str, rows: list[dict[str, Any]]) -> str | None:
    country = asked_mission_country(text)
    by_id = {c["id"]: c for c in load_contacts()}
    has_mission = country and any(
        r["id"].startswith(_MISSION_IDS) and canonical_country(str(r.get("country") or "")) == country
        for r in rows)
    if country and not has_mission and KEMLU_ID in by_id:
        lines = [f"Nomor perwakilan RI (KBRI/KJRI) di {country_name(country) or country.title()} belum "
                 f"kami periksa, jadi tidak saya tuliskan di sini. Yang pasti bisa Anda hubungi: "
                 f"hotline Kemlu {by_id[KEMLU_ID]['value']} (24 jam); dari sana Anda disambungkan ke "
                 f"perwakilan terdekat."]
        if SAFE_TRAVEL_ID in by_id:
            lines.append(f"Di aplikasi {by_id[SAFE_TRAVEL_ID]['value']} ada tombol darurat ke "
                         f"KBRI/KJRI terdekat.")
        return "\n".join(lines)
    return contact_card(rows) if rows else None


def contact_line(contact: dict[str, Any], hotline: str = "") -> str:
    """One card: name, value, and where it comes from with its month; a MED row says that the
    number may change and gives ``hotline`` to fall back on."""
    value = contact["value"]
    dated = month_label(str(contact.get("dated") or ""))
    source = str(contact.get("source") or "").strip()
    year = str(contact.get("dated") or "")[:4]
    # The month is shown unless the source already says when it is from.
    where = f"Sumber: {source}" + (f" (per {dated})" if dated and year not in source else "") + "."
    line = f"• {contact['name']}: {value}"
    if str(contact.get("confidence", "")).upper() == "MED" and hotline and hotline != value:
        where += f" Data ini bisa berubah; jika tidak tersambung, hubungi KP2MI {hotline}."
    return f"{line}\n  {where}"


def contact_card(contacts: list[dict[str, Any]]) -> str:
    """The reply to a contact question: each asked row with its source and month."""
    hotline = next((str(c["value"]) for c in load_contacts() if c["id"] == HOTLINE_ID), "")
    lines = ["Kontak yang Anda tanyakan:"]
    lines.extend(contact_line(c, hotline) for c in contacts)
    return "\n".join(lines)
