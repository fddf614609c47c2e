"""The fixed Indonesian texts of the understanding step. Every phone number comes from contacts.yml."""

from __future__ import annotations

from functools import lru_cache

from knowledge_base import load_contacts

DANGER_OPENING = "Keselamatan Anda yang paling penting. Segera minta bantuan:"

# Country → (words that name it, contact id, label). Numbers come from contacts.yml.
COUNTRY_HELP: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("taiwan",), "taiwan_1955", "Taiwan, hotline 1955 (gratis, 24 jam, ada Bahasa Indonesia)"),
    (("hong kong", "hongkong", " hk "), "kjri_hong_kong", "KJRI Hong Kong"),
    (("saudi", "arab", "jeddah", "riyadh", "mekah", "makkah"), "kjri_jeddah", "KJRI Jeddah"),
    (("korea", "korsel", "seoul"), "kbri_seoul", "KBRI Seoul"),
    (("jepang", "japan", "tokyo"), "kbri_tokyo", "KBRI Tokyo"),
)


@lru_cache(maxsize=1)
def contacts() -> dict[str, dict]:
    return {c["id"]: c for c in load_contacts()}


def contact(contact_id: str) -> str:
    return str(contacts()[contact_id]["value"])


def danger_block(message: str) -> str:
    """Help numbers first, from the contacts file only; a country's number where one is named."""
    c = contact
    lines = [
        DANGER_OPENING,
        f"• Call center KP2MI: {c('kp2mi_hotline')} (bebas pulsa dari Indonesia); "
        f"dari luar negeri {c('kp2mi_abroad')}. Jika hanya bisa WhatsApp: {c('kp2mi_whatsapp')}.",
        f"• Hotline Pelindungan WNI Kemlu (24 jam): {c('kemlu_pwni')}, atau tombol darurat di "
        "aplikasi Safe Travel.",
        f"• Polisi di Indonesia: {c('police')}.",
    ]
    lowered = f" {message.lower()} "
    for keys, contact_id, label in COUNTRY_HELP:
        if any(k in lowered for k in keys) and contact_id in contacts():
            lines.append(f"• {label}: {c(contact_id)}.")
    lines.append(
        "Jika bisa, simpan foto paspor, kontrak, dan nomor perekrut. Anda tidak bersalah; korban "
        "perdagangan orang berhak mendapat perlindungan."
    )
    return "\n".join(lines)


def help_line() -> str:
    """The short help line for a message that may be about danger but says it is not now."""
    return (f"Jika ada yang sedang dalam bahaya sekarang, segera hubungi KP2MI {contact('kp2mi_hotline')} "
            f"atau hotline Kemlu {contact('kemlu_pwni')} (24 jam).")


def guess_intro() -> str:
    return "Mungkin ini yang Anda maksud:"


def guess_outro() -> str:
    return (f"Jika bukan ini, tulis pertanyaan Anda dengan kata lain, pilih topik di bawah, atau tanyakan "
            f"ke call center KP2MI {contact('kp2mi_hotline')} (bebas pulsa).")


def outside_text() -> str:
    return (
        "Maaf, saya hanya bisa membantu soal bekerja ke luar negeri secara resmi dan aman: cara "
        "berangkat, dokumen, biaya, mengecek tawaran kerja, dan melapor perekrut yang mencurigakan. "
        f"Untuk hal lain saya tidak tahu. Ada pertanyaan soal kerja ke luar negeri? Tulis saja, atau "
        f"tanyakan ke KP2MI {contact('kp2mi_hotline')}."
    )


def local_job_text() -> str:
    return (
        "Maaf, saya hanya bisa membantu soal bekerja ke luar negeri. Untuk lowongan kerja di dalam negeri, "
        "tanyakan ke Disnaker kabupaten/kota Anda atau bursa kerja resminya. Hati-hati dengan lowongan "
        "yang meminta uang lebih dulu. Jika nanti ingin bekerja ke luar negeri, tanyakan saja di sini."
    )


def unknown_text() -> str:
    """In the domain, but nothing in the guidance comes close: say so, and where to ask."""
    return (
        "Maaf, pertanyaan ini belum tercakup dalam panduan saya, jadi saya tidak mau menebak. "
        f"Silakan tanyakan ke call center KP2MI {contact('kp2mi_hotline')} (bebas pulsa), atau ke "
        "Disnaker kabupaten/kota Anda atau kantor BP3MI terdekat."
    )


def smalltalk_text(kind: str) -> str:
    if kind == "identity":
        return ("Saya asisten otomatis (program komputer), bukan manusia. Jawaban saya diambil dari aturan "
                "resmi dan selalu menyebut sumbernya. Laporan yang Anda kirim lewat /lapor dibaca dan "
                "ditangani petugas sungguhan.")
    if kind == "language":
        return ("Saya paling paham Bahasa Indonesia, dan saya berusaha mengerti bahasa Jawa, Sunda, "
                "dan bahasa daerah lain. Silakan tulis dengan bahasa yang nyaman bagi Anda. Jawaban "
                "saya dalam Bahasa Indonesia, dengan kalimat yang sederhana.")
    if kind == "creator":
        return ("Saya Pandu Migran, asisten otomatis sumber terbuka untuk calon pekerja migran Indonesia. "
                "Saya bukan kantor pemerintah; untuk urusan resmi hubungi KP2MI "
                f"{contact('kp2mi_hotline')}. Laporan lewat /lapor ditangani petugas.")
    if kind == "thanks":
        return ("Sama-sama. Semoga lancar dan selamat. Kalau ada yang ingin ditanyakan lagi, silakan "
                "tulis saja.")
    if kind == "bye":
        return ("Terima kasih sudah bertanya. Hati-hati dengan tawaran kerja yang terlalu mudah. Kapan pun "
                "Anda ragu, kembali ke sini atau ketik /help.")
    if kind == "greet":
        return ("Halo, saya Pandu Migran. Silakan tulis pertanyaan Anda tentang kerja ke luar negeri, "
                "tempel tawaran kerja yang ingin dicek, atau ketik /lapor untuk melaporkan perekrut.")
    if kind == "laugh":
        return "😊 Ada lagi yang bisa saya bantu? Tulis saja pertanyaan Anda."
    return ("Baik. Ada lagi yang bisa saya bantu? Anda bisa bertanya, mengecek tawaran kerja (/cek), atau "
            "melapor perekrut (/lapor).")


def report_offer_text() -> str:
    return "Jika Anda ingin melaporkan perekrut ini ke petugas, tekan tombol di bawah atau ketik /lapor."


def side_question_text() -> str:
    return ("Laporan yang sedang Anda isi di sini langsung sampai ke petugas, dan Anda bisa mengikuti "
            f"perkembangannya dengan /status. Jika ingin menelepon: KP2MI {contact('kp2mi_hotline')} "
            "(bebas pulsa). Mari lanjutkan laporannya; ketik \"lewati\" jika tidak tahu jawabannya, "
            "atau /batal untuk berhenti.")


def check_prompt_text() -> str:
    return ("Silakan tempel (paste) teks lowongan atau pesan dari perekrut di sini. Anda juga bisa "
            "meneruskan (forward) pesannya atau mengirim foto brosurnya. Ketik /batal untuk membatalkan.")


def offer_note() -> str:
    return "Pesan Anda berisi tawaran kerja, jadi saya periksa tanda bahayanya:"


def earlier_offer_text(level: str, flags: int) -> str:
    return (f"Tawaran yang tadi Anda kirim saya nilai Risiko: {level}"
            + (f" ({flags} tanda bahaya)." if flags else ".")
            + " Tawaran kerja resmi selalu lewat P3MI berizin atau program G to G, dengan visa kerja dan "
            "perjanjian kerja. Cek izinnya di SISKOP2MI atau tanyakan ke BP3MI.")
