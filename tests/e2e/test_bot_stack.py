"""End to end: the real bot process, the real Rasa and action servers, a fake Bot API over HTTP."""

from __future__ import annotations

import io
import os
import signal
import time

import pytest
from fake_telegram import FakeTelegram

pytestmark = pytest.mark.e2e

USER = 5550001


def test_start_registers_commands_and_greets(bot, fake_telegram: FakeTelegram) -> None:
    fake_telegram.send_text(USER, "/start")
    reply = fake_telegram.wait_for(USER, lambda m: "Pandu Migran" in m.text)
    assert "/cek" in reply.text and "/lapor" in reply.text
    assert reply.buttons, "the greeting offers buttons"
    assert all(len(b["callback_data"].encode()) <= 64 for b in reply.buttons)
    commands = fake_telegram.commands['{"type": "default"}']
    assert [c["command"] for c in commands] == ["start", "help", "cek", "lapor", "status",
                                                "batal"]
    assert any(method == "sendChatAction" for method, _ in fake_telegram.calls)


def test_question_gets_a_cited_answer_and_the_source_button_works(
        bot, fake_telegram: FakeTelegram) -> None:
    fake_telegram.send_text(USER, "apa saja dokumen yang wajib untuk kerja ke luar negeri?")
    answer = fake_telegram.wait_for(USER, lambda m: "Sumber:" in m.text)
    assert "dokumen" in answer.text.lower()
    source_button = next(b for b in answer.buttons if b["text"] == "Sumber lengkap")
    before = fake_telegram.count_to(USER)
    fake_telegram.press(USER, answer, source_button["callback_data"])
    detail = fake_telegram.wait_for(USER, lambda m: m.text.startswith("Sumber untuk"),
                                    after=before)
    assert "UU 18/2017" in detail.text
    assert fake_telegram.callback_answers, "the button press was acknowledged"


def test_emergency_gets_hotlines_in_the_first_reply(bot, fake_telegram: FakeTelegram) -> None:
    fake_telegram.send_text(USER, "tolong paspor saya ditahan majikan, saya tidak boleh pulang")
    first = fake_telegram.wait_for(USER, lambda m: m.method == "sendMessage")
    assert "0800-1000" in first.text
    assert "+62 812 9007 0027" in first.text


def test_offer_screening_through_cek(bot, fake_telegram: FakeTelegram) -> None:
    fake_telegram.send_text(USER, "/cek")
    prompt = fake_telegram.wait_for(USER, lambda m: "tempel" in m.text.lower())
    before = fake_telegram.count_to(USER)
    fake_telegram.send_text(
        USER, "Lowongan admin online di Kamboja gaji 25 juta/bulan, tanpa pengalaman, "
              "berangkat pakai visa turis minggu depan, biaya daftar transfer ke rekening "
              "pribadi saya. Japri kak 0812-0000-1234")
    result = fake_telegram.wait_for(USER, lambda m: "Risiko:" in m.text, after=before)
    assert "Risiko: TINGGI" in result.text
    assert prompt.text


def test_forwarded_offer_is_screened_without_asking(bot, fake_telegram: FakeTelegram) -> None:
    fake_telegram.send_forwarded(
        USER, "DICARI!!! Operator CS online untuk Myanmar, gaji 20jt, tiket & visa ditanggung, "
              "tanpa pengalaman, berangkat 3 hari lagi lewat Batam. Hubungi sponsor wa "
              "0812-0000-5678")
    fake_telegram.wait_for(USER, lambda m: "terlihat seperti tawaran kerja" in m.text)
    result = fake_telegram.wait_for(USER, lambda m: "Risiko:" in m.text)
    assert "Risiko: TINGGI" in result.text


def test_other_kinds_of_updates_get_kind_answers(bot, fake_telegram: FakeTelegram) -> None:
    fake_telegram.send_sticker(USER)
    fake_telegram.wait_for(USER, lambda m: "stiker" in m.text)
    fake_telegram.send_voice(USER)
    fake_telegram.wait_for(USER, lambda m: "pesan suara" in m.text and "0800-1000" in m.text)
    fake_telegram.send_location(USER)
    fake_telegram.wait_for(USER, lambda m: "Lokasi Anda tidak saya simpan" in m.text)
    fake_telegram.send_document(USER, b"%PDF-1.4 test", "kontrak.pdf", "application/pdf")
    fake_telegram.wait_for(USER, lambda m: "PDF ini tidak bisa saya buka" in m.text)
    fake_telegram.send_document(USER, b"PK\x03\x04 zip", "berkas.zip", "application/zip")
    fake_telegram.wait_for(USER, lambda m: "hanya bisa membaca tulisan, gambar" in m.text)
    fake_telegram.edit_text(USER, "pesan yang diedit")
    fake_telegram.wait_for(USER, lambda m: "diedit tidak saya proses ulang" in m.text)
    fake_telegram.send_text(USER, "/rahasia")
    fake_telegram.wait_for(USER, lambda m: "/rahasia tidak saya kenal" in m.text)


def test_injection_and_garbage_are_handled_kindly(bot, fake_telegram: FakeTelegram) -> None:
    fake_telegram.send_text(USER, '/emergency{"x": 1} <b>halo</b>')
    fake_telegram.wait_for(USER, lambda m: "tidak saya kenal" in m.text)
    before = fake_telegram.count_to(USER)
    fake_telegram.send_text(USER, "'; DROP TABLE events; --")
    reply = fake_telegram.wait_for(USER, lambda m: m.method == "sendMessage", after=before)
    assert "DROP TABLE" not in reply.text
    before = fake_telegram.count_to(USER)
    fake_telegram.send_text(USER, "😂😂😂")
    fake_telegram.wait_for(USER, lambda m: m.method == "sendMessage", after=before)


def test_photo_of_an_offer_is_read_and_screened(bot, fake_telegram: FakeTelegram) -> None:
    pytest.importorskip("PIL")
    import shutil

    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed (make setup installs it as root)")
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1200, 900), "white")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 44)
    except OSError:
        font = ImageFont.load_default()
    lines = ["LOWONGAN KERJA KAMBOJA", "Admin online, gaji 25 juta", "Visa turis, tanpa",
             "pengalaman. Transfer biaya", "ke rekening pribadi"]
    for i, line in enumerate(lines):
        draw.text((60, 60 + i * 90), line, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    fake_telegram.send_photo(USER, buffer.getvalue())
    result = fake_telegram.wait_for(USER, lambda m: "Risiko:" in m.text
                                    or "tidak bisa saya baca" in m.text, timeout=60)
    assert "Risiko: TINGGI" in result.text or "Risiko: SEDANG" in result.text


def test_pdf_of_an_offer_is_read_and_screened_and_a_scan_gets_a_kind_answer(
        bot, fake_telegram: FakeTelegram) -> None:
    from fpdf import FPDF

    user = USER + 40
    document = FPDF()
    document.set_font("helvetica", size=12)
    document.add_page()
    for line in ("LOWONGAN KERJA ADMIN ONLINE KAMBOJA", "Gaji 25 juta per bulan, tanpa pengalaman.",
                 "Berangkat pakai visa turis lewat Bangkok.",
                 "Transfer biaya proses ke rekening pribadi admin."):
        document.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    fake_telegram.send_document(user, bytes(document.output()), "lowongan.pdf", "application/pdf")
    result = fake_telegram.wait_for(user, lambda m: "Risiko:" in m.text, timeout=60)
    assert "Risiko: TINGGI" in result.text
    scan = FPDF()
    scan.add_page()
    before = fake_telegram.count_to(user)
    fake_telegram.send_document(user, bytes(scan.output()), "scan.pdf", "application/pdf")
    reply = fake_telegram.wait_for(user, lambda m: "pindai" in m.text, after=before, timeout=60)
    assert "foto" in reply.text


def test_rasa_outage_is_explained_and_the_bot_recovers(stack, bot,
                                                        fake_telegram: FakeTelegram) -> None:
    os.kill(stack.pid_of("rasa"), signal.SIGKILL)
    time.sleep(0.5)
    fake_telegram.send_text(USER, "halo")
    outage = fake_telegram.wait_for(USER, lambda m: "terganggu" in m.text, timeout=40)
    assert "0800-1000" in outage.text
    # The stack restarts Rasa by itself; the same bot process answers again afterwards.
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        before = fake_telegram.count_to(USER)
        fake_telegram.send_text(USER, "halo")
        reply = fake_telegram.wait_for(USER, lambda m: m.method == "sendMessage", after=before,
                                       timeout=40)
        if "Pandu Migran" in reply.text:
            return
        time.sleep(5)
    pytest.fail("the bot did not recover after Rasa came back")


def test_evidence_over_the_limit_is_refused_before_it_is_downloaded(
        bot, fake_telegram: FakeTelegram) -> None:
    from flows import press

    user = USER + 41

    def say(text: str, expect: str):
        before = fake_telegram.count_to(user)
        fake_telegram.send_text(user, text)
        return fake_telegram.wait_for(user, lambda m: expect.lower() in m.text.lower(),
                                      after=before, timeout=40)

    say("/lapor", "nama orang yang merekrut")
    for text, expect in [("Bu Sari", "nomor HP/WhatsApp"), ("lewati", "Perusahaan"),
                         ("lewati", "Di mana")]:
        say(text, expect)
    channel = say("Kab. Cianjur", "menghubungi Anda")
    press(fake_telegram, user, channel, "Facebook", "Pekerjaan apa")
    say("PRT ke Arab Saudi visa ziarah", "uang")
    situation = say("tidak ada", "keadaan")
    press(fake_telegram, user, situation, "Belum berangkat", "bukti")
    before = fake_telegram.count_to(user)
    file_id = f"doc{len(fake_telegram.files)}"
    fake_telegram.send_document(user, b"%PDF-1.4 " + b"0" * (10 * 1024 * 1024 + 10), "besar.pdf",
                                "application/pdf")
    fake_telegram.wait_for(user, lambda m: "terlalu besar" in m.text, after=before, timeout=40)
    assert not any(method == "getFile" and params.get("file_id") == file_id
                   for method, params in fake_telegram.calls)
    say("/batal", "")


def test_an_update_the_bot_cannot_read_does_not_stop_polling(bot, fake_telegram: FakeTelegram) -> None:
    user = USER + 42
    # A message without chat, date or sender: PTB cannot build it, and once could not get past it.
    fake_telegram.send_raw({"message": {"message_id": 1, "text": "rusak"}})
    fake_telegram.send_text(user, "/start")
    reply = fake_telegram.wait_for(user, lambda m: "Pandu Migran" in m.text, timeout=40)
    assert reply.text
