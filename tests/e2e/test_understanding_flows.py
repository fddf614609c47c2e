"""End to end, one test per failure class of the understanding and screening issues: the real bot,
Rasa and action servers, the fake Bot API over HTTP. Messages are new ones in the same spirit."""

from __future__ import annotations

import pytest
from fake_telegram import FakeTelegram

pytestmark = pytest.mark.e2e


def reply_to(tg: FakeTelegram, user: int, text: str, timeout: float = 30) -> str:
    before = tg.count_to(user)
    tg.send_text(user, text)
    return tg.wait_for(user, lambda m: m.method == "sendMessage" and bool(m.text), after=before,
                       timeout=timeout).text


def test_an_offer_described_inside_a_question_is_screened(bot, fake_telegram: FakeTelegram) -> None:
    text = reply_to(fake_telegram, 5560001, "sepupu saya ditawari kerja pabrik di Laos gaji 9 juta, "
                                            "katanya cukup pakai paspor aja, aman gak?")
    assert "Risiko: TINGGI" in text and "tempel" not in text.lower()


def test_a_pasted_one_line_ad_gets_a_risk_line(bot, fake_telegram: FakeTelegram) -> None:
    text = reply_to(fake_telegram, 5560002, "loker CS kamboja 15jt tiket ditanggung, yg minat chat aja")
    assert "Risiko:" in text


def test_asking_for_the_complaint_number_does_not_start_the_report(
        bot, fake_telegram: FakeTelegram) -> None:
    text = reply_to(fake_telegram, 5560003, "no aduan PMI brp ya?")
    assert "nama orang yang merekrut" not in text
    assert "0800-1000" in text


def test_a_plan_is_answered_without_the_danger_template(bot, fake_telegram: FakeTelegram) -> None:
    text = reply_to(fake_telegram, 5560004, "sponsor bilang umur saya mau dituakan di KTP biar bisa "
                                            "berangkat, boleh gak?")
    assert "Keselamatan Anda yang paling penting" not in text
    assert "Sumber:" in text


def test_danger_now_gets_numbers_first_and_an_answer(bot, fake_telegram: FakeTelegram) -> None:
    text = reply_to(fake_telegram, 5560005, "tolong adik saya dikurung majikan di jeddah, "
                                            "paspornya ditahan")
    assert text.startswith("Keselamatan Anda") and "0800-1000" in text and "+62 812 9007 0027" in text


def test_a_follow_up_keeps_the_thread(bot, fake_telegram: FakeTelegram) -> None:
    user = 5560006
    first = reply_to(fake_telegram, user, "apa itu orientasi pra pemberangkatan (OPP)?")
    assert "OPP" in first or "Orientasi" in first
    follow = reply_to(fake_telegram, user, "wajib gak?")
    assert "Baik, tidak apa-apa" not in follow
    assert "OPP" in follow or "orientasi" in follow.lower()


def test_the_users_own_numbers_are_checked(bot, fake_telegram: FakeTelegram) -> None:
    text = reply_to(fake_telegram, 5560007, "umur 45 masih bisa ikut EPS korea?")
    assert "45" in text and "39" in text


def test_small_talk_gets_a_truthful_line(bot, fake_telegram: FakeTelegram) -> None:
    text = reply_to(fake_telegram, 5560008, "kamu robot ya?")
    assert "otomatis" in text and "/lapor" in text


def test_a_clear_wish_to_report_starts_the_form(bot, fake_telegram: FakeTelegram) -> None:
    user = 5560009
    before = fake_telegram.count_to(user)
    fake_telegram.send_text(user, "saya mau lapor calo yang bawa uang saya 10 juta")
    fake_telegram.wait_for(user, lambda m: "nama orang yang merekrut" in m.text, after=before)


def test_a_question_inside_the_report_form_is_answered_and_the_form_asks_again(
        bot, fake_telegram: FakeTelegram) -> None:
    user = 5560010
    before = fake_telegram.count_to(user)
    fake_telegram.send_text(user, "saya mau lapor calo")
    fake_telegram.wait_for(user, lambda m: "nama orang yang merekrut" in (m.text or ""), after=before)
    reply_to(fake_telegram, user, "Pak Xxxx dari desa sebelah")  # the contact question comes next
    before = fake_telegram.count_to(user)
    fake_telegram.send_text(user, "ka mana lapor na?")
    fake_telegram.wait_for(user, lambda m: "langsung sampai ke petugas" in (m.text or ""), after=before)
    fake_telegram.wait_for(user, lambda m: "nomor HP/WhatsApp" in (m.text or ""), after=before)


def test_a_number_asked_right_after_a_danger_message_brings_the_help_numbers(
        bot, fake_telegram: FakeTelegram) -> None:
    user = 5560011
    reply_to(fake_telegram, user, "kawan sy PRT di riyadh dikunci majikan, hp nak dirampas")
    text = reply_to(fake_telegram, user, "nombor mana yg boleh dia call?")
    assert text.startswith("Keselamatan Anda") and "+62 812 9007 0027" in text
