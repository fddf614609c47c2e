"""Conversations the end-to-end tests and benchmarks share."""

from __future__ import annotations

import io
import re

from fake_telegram import FakeTelegram, SentMessage


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def answer(tg: FakeTelegram, user: int, text: str, expect: str, timeout: float = 30) -> SentMessage:
    before = tg.count_to(user)
    tg.send_text(user, text)
    return tg.wait_for(user, lambda m: expect.lower() in m.text.lower(), after=before,
                       timeout=timeout)


def button(message: SentMessage, title: str) -> str:
    return next(b["callback_data"] for b in message.buttons if b["text"] == title)


def press(tg: FakeTelegram, user: int, message: SentMessage, title: str,
          expect: str) -> SentMessage:
    """Press one of the bot's buttons, as a person would, and wait for the reply."""
    before = tg.count_to(user)
    tg.press(user, message, button(message, title))
    return tg.wait_for(user, lambda m: expect.lower() in m.text.lower(), after=before)


def file_report(tg: FakeTelegram, reporter: int) -> str:
    """A complete report with a photo through the bot; returns the ticket."""
    answer(tg, reporter, "/lapor", "nama orang yang merekrut")
    answer(tg, reporter, "Pak Darto (sponsor)", "nomor HP/WhatsApp")
    answer(tg, reporter, "0812-0000-7788", "Perusahaan atau agensi")
    answer(tg, reporter, "PT Maju Sejahtera Abadi", "Di mana perekrutan")
    channel = answer(tg, reporter, "Desa Sukamaju, Kab. Indramayu", "menghubungi Anda pertama")
    press(tg, reporter, channel, "WhatsApp", "Pekerjaan apa yang ditawarkan")
    answer(tg, reporter, "Jadi admin online di Kamboja, gaji 20 juta, visa turis", "membayar uang")
    situation = answer(tg, reporter, "Rp 5 juta ke rekening pribadi a.n. Darto",
                       "keadaan Anda sekarang")
    asked = press(tg, reporter, situation, "Belum berangkat", "bukti")
    assert "Selesai" in [b["text"] for b in asked.buttons]
    before = tg.count_to(reporter)
    tg.send_photo(reporter, jpeg_bytes())
    received = tg.wait_for(reporter, lambda m: "Bukti diterima (1 berkas)" in m.text,
                           after=before)
    consent = press(tg, reporter, received, "Selesai", "Boleh petugas menghubungi")
    summary = press(tg, reporter, consent, "Anonim, tapi kabari status", "Ringkasan laporan")
    assert "Pak Darto" in summary.text and "1 berkas" in summary.text
    receipt = press(tg, reporter, summary, "Kirim laporan", "Nomor tiket")
    match = re.search(r"LAP-[A-Z0-9-]+", receipt.text)
    assert match, receipt.text
    assert "3 hari kerja" in receipt.text
    return match.group(0)
