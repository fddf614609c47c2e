""""What is the number of …" gets the right card from contacts.yml, with its source and month."""

from __future__ import annotations

import pytest

from knowledge_base import load_contacts
from knowledge_base.contacts import ASKS_FOR_CONTACT, asked_contacts, contact_reply

VALUES = {c["id"]: str(c["value"]) for c in load_contacts()}


@pytest.mark.parametrize("question, first", [
    ("no aduan PMI brp ya?", "kp2mi_hotline"),
    ("nomor call center kp2mi berapa", "kp2mi_hotline"),
    ("wa kp2mi brp min", "kp2mi_whatsapp"),
    ("nomer whatsapp pengaduan bp2mi", "kp2mi_whatsapp"),
    ("kontak kemlu buat wni bermasalah", "kemlu_pwni"),
    ("nomor kbri di korea brp?", "kbri_seoul"),
    ("nomor kedutaan indonesia di jepang", "kbri_tokyo"),
    ("kjri hongkong nomernya brp", "kjri_hong_kong"),
    ("nomor polisi buat lapor calo", "police"),
    ("hotline 1955 taiwan itu nomor apa", "taiwan_1955"),
    ("no telp labour department hong kong", "hk_labour_department"),
    ("nomor kdei taipei", "kdei_taipei"),
])
def test_the_asked_contact_comes_first_with_its_number(question: str, first: str) -> None:
    assert ASKS_FOR_CONTACT.search(question.lower())
    rows = asked_contacts(question)
    assert rows and rows[0]["id"] == first
    reply, ids = contact_reply(question)
    assert VALUES[first] in reply and "Sumber:" in reply and ids[0] == first


def test_both_complaint_channels_come_for_a_general_complaint_number() -> None:
    reply, _ = contact_reply("no aduan PMI brp ya?")
    assert VALUES["kp2mi_hotline"] in reply and VALUES["kp2mi_whatsapp"] in reply
    # The WhatsApp number rests on one media source: the reply says it may change.
    assert "bisa berubah" in reply


def test_a_card_shows_the_month_of_its_source_when_the_source_does_not() -> None:
    reply, _ = contact_reply("nomor kbri tokyo")
    assert "Januari 2024" in reply


def test_a_mission_without_a_checked_number_is_not_guessed() -> None:
    reply, ids = contact_reply("nomer kbri malaysia dong")
    assert ids == []
    assert "belum kami periksa" in reply
    assert VALUES["kemlu_pwni"] in reply
    assert not any(VALUES[i] in reply for i in VALUES if i.startswith(("kbri", "kjri")))


@pytest.mark.parametrize("text", ["sponsor minta nomor ktp saya", "nomor paspor saya hilang",
                                  "gaji di taiwan berapa"])
def test_messages_that_name_no_contact_get_no_card(text: str) -> None:
    assert contact_reply(text) is None


def test_every_asked_as_row_is_trusted_and_every_date_is_a_month_or_year() -> None:
    import re

    for contact in load_contacts():
        if contact.get("asked_as"):
            assert str(contact["confidence"]).upper() in ("HIGH", "MED-HIGH", "MED"), contact["id"]
        if "dated" in contact:
            assert re.fullmatch(r"20\d{2}(-(0[1-9]|1[0-2]))?", str(contact["dated"])), contact["id"]


@pytest.mark.parametrize("follow_up", ["sing wa?", "ari nu WA aya teu?", "bisa wa gk?"])
def test_a_follow_up_asks_for_another_channel_of_the_same_body(follow_up: str) -> None:
    reply, ids = contact_reply(follow_up, ["kp2mi_hotline"])
    assert ids == ["kp2mi_whatsapp"] and VALUES["kp2mi_whatsapp"] in reply
    assert contact_reply(follow_up) is None  # without a contact just shown it names nothing


def test_where_to_complain_about_a_country_gives_that_countrys_contacts() -> None:
    reply, ids = contact_reply("lapornya ke mana?", country="hong kong")
    assert set(ids) == {"kjri_hong_kong", "hk_labour_department"}
    _, ids = contact_reply("kalau di taiwan lapor kemana?")
    assert ids[0] == "taiwan_1955"
    assert contact_reply("lapornya ke mana?") is None  # no country: the guidance answers


@pytest.mark.parametrize("question, first", [
    ("sy di taiwan jd caregiver, majikan ga kasih libur 8 bulan. ada nomor pengaduan yg bisa bhs indo?",
     "taiwan_1955"),
    ("adik sy di hongkong gaji ga dibayar, hotline aduan apa?", "kjri_hong_kong"),
])
def test_a_complaint_number_asked_from_a_country_gives_that_countrys_hotline_first(question, first) -> None:
    reply = contact_reply(question)
    assert reply is not None
    text, ids = reply
    assert ids[0] == first and VALUES[first] in text
    assert "kp2mi_hotline" in ids  # the national line still comes with it


def test_a_complaint_number_without_a_country_stays_the_national_lines() -> None:
    _, ids = contact_reply("nomor pengaduan pmi brp?")
    assert ids[:2] == ["kp2mi_hotline", "kp2mi_whatsapp"]
