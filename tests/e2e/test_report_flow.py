"""End to end: a full report with a photo, the officers' side in Telegram, the reporter sees every step."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_telegram import FakeTelegram
from flows import answer, button, file_report
from harness import start_bot

pytestmark = pytest.mark.e2e

REPORTER = 7770001
OTHER_USER = 7770002
OFFICER = 4242
NOT_OFFICER = 5151
OFFICERS_CHAT = -1001234567


@pytest.fixture()
def officer_bot(stack, fake_telegram: FakeTelegram, tmp_path: Path):
    process = start_bot(stack, fake_telegram, tmp_path / "bot.log",
                        {"OFFICER_CHAT_ID": str(OFFICERS_CHAT),
                         "OFFICER_USER_IDS": str(OFFICER)})
    yield process
    process.stop()


def test_report_reaches_officers_and_reporter_follows_every_step(
        officer_bot, stack, fake_telegram: FakeTelegram) -> None:
    tg = fake_telegram
    ticket = file_report(tg, REPORTER)

    card = tg.wait_for(OFFICERS_CHAT, lambda m: ticket in m.text and m.buttons, timeout=30)
    assert "Pak Darto" in card.text and "TINGGI" in card.text
    tg.wait_for(OFFICERS_CHAT, lambda m: m.method == "sendPhoto" and ticket in m.text)

    # Someone who is not an officer presses a button: refused, nothing changes.
    tg.press(NOT_OFFICER, card, button(card, "Ambil kasus"))
    status = answer(tg, REPORTER, f"/status {ticket}", ticket)
    assert "menunggu diperiksa" in status.text

    before = tg.count_to(REPORTER)
    tg.press(OFFICER, card, button(card, "Ambil kasus"))
    tg.wait_for(REPORTER, lambda m: "sedang ditangani" in m.text, after=before)

    before_group = tg.count_to(OFFICERS_CHAT)
    tg.press(OFFICER, card, button(card, "Minta info"))
    prompt = tg.wait_for(OFFICERS_CHAT, lambda m: "pertanyaan untuk pelapor" in m.text,
                         after=before_group)
    before = tg.count_to(REPORTER)
    tg.reply_to(OFFICER, prompt, "Kapan terakhir Pak Darto menghubungi Anda?")
    question = tg.wait_for(REPORTER, lambda m: "Kapan terakhir" in m.text, after=before)
    before_group = tg.count_to(OFFICERS_CHAT)
    before = tg.count_to(REPORTER)
    tg.press(REPORTER, question, button(question, "Jawab pertanyaan"))
    tg.wait_for(REPORTER, lambda m: "tulis jawaban Anda" in m.text, after=before)
    answer(tg, REPORTER, "Kemarin sore lewat WhatsApp", "sudah diteruskan ke petugas")
    tg.wait_for(OFFICERS_CHAT, lambda m: "Kemarin sore" in m.text, after=before_group)

    before_group = tg.count_to(OFFICERS_CHAT)
    tg.press(OFFICER, card, button(card, "Selesai"))
    prompt = tg.wait_for(OFFICERS_CHAT, lambda m: "catatan penyelesaian" in m.text,
                         after=before_group)
    before = tg.count_to(REPORTER)
    tg.reply_to(OFFICER, prompt, "Sudah diteruskan ke Polres, perekrut ditangkap.")
    tg.wait_for(REPORTER, lambda m: "sudah selesai ditangani" in m.text, after=before)

    history = answer(tg, REPORTER, f"/status {ticket}", ticket)
    assert "selesai" in history.text.lower()
    refused = [a for a in tg.callback_answers if a.get("show_alert")]
    assert refused and "tidak berwenang" in refused[0].get("text", "")

    # Another user learns nothing about this ticket.
    other = answer(tg, OTHER_USER, f"/status {ticket}", ticket)
    assert "tidak ditemukan" in other.text
    assert "Darto" not in other.text

    # Officers list cases; a non-officer is refused.
    listing = answer(tg, OFFICER, "/kasus", "kasus")
    assert ticket not in listing.text or "selesai" not in listing.text
    refusal = answer(tg, NOT_OFFICER, "/kasus", "khusus untuk petugas")
    assert ticket not in refusal.text

    # Every button of the form was answered without Rasa's slot filler tripping over JSON braces.
    rasa_log = (stack.var_dir / "logs" / "rasa.log").read_text()
    assert "interpolator" not in rasa_log


def test_cancel_in_the_middle_of_a_report_sends_nothing(officer_bot,
                                                         fake_telegram: FakeTelegram) -> None:
    tg = fake_telegram
    answer(tg, OTHER_USER, "/lapor", "nama orang yang merekrut")
    answer(tg, OTHER_USER, "Bu Rina", "nomor HP/WhatsApp")
    answer(tg, OTHER_USER, "/batal", "dibatalkan")
    status = answer(tg, OTHER_USER, "/status", "laporan")
    assert "Belum ada laporan" in status.text


def test_cancel_with_nothing_running_gets_a_reply_and_the_next_report_starts(
        officer_bot, fake_telegram: FakeTelegram) -> None:
    """/batal on a fresh conversation used to loop in Rasa (no reply at all, then the outage text)."""
    tg = fake_telegram
    fresh = OTHER_USER + 55
    answer(tg, fresh, "/batal", "tidak ada yang perlu dibatalkan")
    answer(tg, fresh, "/lapor", "nama orang yang merekrut")
    answer(tg, fresh, "/batal", "dibatalkan")
    answer(tg, fresh, "/cek", "tempel")
    answer(tg, fresh, "/batal", "pemeriksaan tawaran dibatalkan")

