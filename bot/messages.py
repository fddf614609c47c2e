"""Fixed texts of the front end, in plain Indonesian.

Phone numbers are never written here: they come from the contacts file through ``Hotlines``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COMMANDS: list[tuple[str, str]] = [
    ("start", "Mulai dan lihat apa yang bisa dibantu"),
    ("help", "Menu bantuan"),
    ("cek", "Cek tawaran kerja: penipuan atau perdagangan orang?"),
    ("lapor", "Laporkan perekrut atau calo yang mencurigakan"),
    ("status", "Lihat status laporan Anda: /status LAP-…"),
    ("batal", "Batalkan proses yang sedang berjalan"),
]
OFFICER_COMMANDS: list[tuple[str, str]] = [("kasus", "Petugas: daftar kasus terbuka")]

MAX_INPUT_CHARS = 6000


@dataclass(frozen=True)
class Hotlines:
    """The numbers the front end may show, taken from knowledge_base/contacts.yml."""

    kp2mi: str
    kemlu: str
    police: str

    @classmethod
    def from_contacts(cls, contacts: list[dict]) -> Hotlines:
        by_id = {c.get("id"): str(c.get("value")) for c in contacts}
        return cls(kp2mi=by_id["kp2mi_hotline"], kemlu=by_id["kemlu_pwni"],
                   police=by_id.get("police", "110"))


def outage(h: Hotlines) -> str:
    return (
        "Maaf, layanan kami sedang terganggu, jadi pesan Anda belum bisa saya jawab. "
        "Silakan coba lagi beberapa menit lagi; pesan Anda tidak perlu diketik ulang dari awal.\n\n"
        f"Jika mendesak atau ada yang dalam bahaya, hubungi call center KP2MI {h.kp2mi} "
        f"(bebas pulsa dari Indonesia). Dari luar negeri: hotline Kemlu {h.kemlu}. "
        f"Polisi: {h.police}."
    )


def slow_reply(h: Hotlines) -> str:
    """Sent while an answer is late; the answer follows. Not the outage wording: it may still come."""
    return (
        "Pesan Anda sudah saya terima, tetapi jawabannya butuh waktu lebih lama dari biasanya. "
        "Mohon tunggu sebentar; pesan Anda tidak perlu dikirim ulang.\n\n"
        f"Jika mendesak atau ada yang dalam bahaya, jangan menunggu jawaban saya: hubungi call "
        f"center KP2MI {h.kp2mi} (bebas pulsa dari Indonesia). Dari luar negeri: hotline Kemlu "
        f"{h.kemlu}. Polisi: {h.police}."
    )


def sticker() -> str:
    return ("Terima kasih stikernya 🙂 Saya hanya bisa membaca tulisan dan foto. "
            "Silakan tulis pertanyaan Anda, atau ketik /help untuk melihat menu.")


def voice(h: Hotlines) -> str:
    return ("Maaf, saya belum bisa mendengarkan pesan suara atau video. "
            "Mohon tulis pesan Anda dengan teks.\n\n"
            f"Jika Anda atau keluarga dalam bahaya, segera telepon KP2MI {h.kp2mi} "
            f"atau polisi {h.police}.")


def unsupported_file() -> str:
    return ("Maaf, saya hanya bisa membaca tulisan, gambar (foto atau tangkapan layar) dan PDF. "
            "Untuk mengecek lowongan, salin teksnya ke sini atau kirim fotonya.")


def pdf_reading() -> str:
    return "Saya sedang membaca isi PDF Anda. Mohon tunggu sebentar…"


_PDF_REASONS = {
    "too_large": ("PDF ini terlalu besar untuk saya baca (paling besar 10 MB). Kirim foto "
                  "halaman yang berisi tawaran kerja, atau salin teksnya ke sini."),
    "too_little_text": ("PDF ini berisi gambar hasil pindai, jadi tulisannya tidak bisa saya "
                        "ambil. Kirim foto atau tangkapan layar halamannya, atau salin teksnya."),
    "busy": ("Banyak berkas sedang saya baca sekarang. Mohon kirim lagi PDF ini beberapa menit "
             "lagi, atau salin teksnya ke sini."),
}


def pdf_unreadable(reason: str | None) -> str:
    """A kind reply for a PDF that could not be read; never a machine code."""
    return _PDF_REASONS.get(reason or "", (
        "Maaf, PDF ini tidak bisa saya buka. Kirim foto atau tangkapan layar halamannya, "
        "atau salin teksnya ke sini."))


def pdf_read_ok() -> str:
    return "Isi PDF sudah terbaca. Ini hasil pemeriksaannya:"


def location(h: Hotlines) -> str:
    return ("Terima kasih. Lokasi Anda tidak saya simpan. "
            f"Jika Anda dalam bahaya, segera hubungi polisi {h.police} atau KP2MI {h.kp2mi}. "
            f"Jika Anda di luar negeri, hubungi hotline Kemlu {h.kemlu}.")


def contact_shared() -> str:
    return ("Terima kasih. Saya tidak menyimpan kontak yang dikirim di sini. "
            "Jika ingin melaporkan perekrut, ketik /lapor.")


def edited() -> str:
    return ("Saya lihat pesan Anda diubah. Pesan yang diedit tidak saya proses ulang. "
            "Silakan kirim ulang sebagai pesan baru, ya.")


def unknown_command(name: str) -> str:
    shown = re.match(r"[A-Za-z0-9_@]{1,40}", name or "")  # never echo what follows the name
    label = f"/{shown.group(0)}" if shown else "itu"
    lines = [f"Perintah {label} tidak saya kenal. Perintah yang bisa dipakai:"]
    lines += [f"/{cmd} — {desc}" for cmd, desc in COMMANDS]
    return "\n".join(lines)


def empty_message() -> str:
    return "Pesan Anda kosong. Silakan tulis pertanyaan Anda, atau ketik /help untuk melihat menu."


def no_text_in_message() -> str:
    return ("Pesan ini tidak berisi tulisan yang bisa saya baca. "
            "Silakan tulis pertanyaan Anda, atau ketik /help.")


def too_long(limit: int) -> str:
    return (f"Pesan Anda sangat panjang. Saya hanya membaca {limit} karakter pertama. "
            "Jika ada bagian penting di akhir, kirim sebagai pesan terpisah.")


def flood() -> str:
    return ("Anda mengirim banyak pesan sekaligus. Saya jawab satu per satu, mohon tunggu sebentar.")


def button_expired() -> str:
    return "Tombol ini sudah tidak berlaku. Silakan ulangi pertanyaan Anda, atau ketik /help."


def forwarded_offer_note() -> str:
    return "Pesan terusan ini terlihat seperti tawaran kerja, jadi saya periksa tanda bahayanya."


def photo_reading() -> str:
    return "Saya sedang membaca tulisan di gambar Anda. Mohon tunggu sebentar…"


_PHOTO_REASONS = {
    "too_large": ("Gambar ini terlalu besar untuk saya baca. Kirim foto biasa dari kamera HP atau "
                  "tangkapan layar, atau salin teksnya ke sini."),
    "not_an_image": ("File ini bukan gambar yang bisa saya buka. Kirim foto (JPG/PNG) atau salin "
                     "teksnya ke sini."),
    "busy": ("Saya sedang membaca banyak gambar. Coba kirim lagi sebentar lagi, atau salin teksnya "
             "ke sini."),
    "ocr_unavailable": ("Pembaca gambar sedang tidak tersedia. Salin teks tawarannya ke sini, saya "
                        "periksa langsung."),
}


def photo_unreadable(reason: str | None) -> str:
    """A kind reply for a photo that could not be read; never a machine code."""
    return _PHOTO_REASONS.get(reason or "", (
        "Maaf, tulisan di gambar ini tidak bisa saya baca dengan jelas. "
        "Coba foto ulang dengan cahaya terang dan posisi lurus, atau salin teksnya ke sini."))


def photo_read_ok() -> str:
    return "Tulisan di gambar sudah terbaca. Ini hasil pemeriksaannya:"


def officers_only() -> str:
    return "Perintah ini khusus untuk petugas. Jika Anda ingin melapor, ketik /lapor."


def status_usage() -> str:
    return ("Tulis nomor tiket Anda setelah perintahnya, misalnya: /status LAP-2026-000123. "
            "Nomor tiket ada di pesan konfirmasi saat Anda melapor.")
