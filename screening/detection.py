"""Decide whether a forwarded message is a job ad or recruiter message (high precision)."""

from __future__ import annotations

import re

from screening import indicators as ind
from screening.normalize import normalize

# Each group is one kind of evidence; an ad shows several kinds at once.
_AD_WORDS = re.compile(
    r"\b(?:lowongan|loker|lowker|dibutuhkan|dibutuhkan segera|dicari|butuh (?:cepat |segera )?(?:\d+ )?(?:orang|pekerja|tenaga|karyawan|art|prt|admin|cs)|"
    r"rekrut\w*|open (?:recruitment|rekrutmen|lowongan)|hiring|vacancy|job ?order|penempatan|"
    r"info kerja|kerja ke|kerja di luar negeri|peluang kerja|kesempatan kerja|kuota|program)\b"
)
_PAY = re.compile(
    r"\b(?:gaji|gajih|salary|upah|thp|take home|penghasilan)\b|\b\d+(?:[.,]\d+)?\s?(?:jt|juta)\b|"
    r"\b(?:rm|usd|nt\$|hk\$|sar|\$)\s?\d"
)
_REQUIREMENTS = re.compile(
    r"\b(?:syarat|persyaratan|kualifikasi|ketentuan|usia|umur|pendidikan|tinggi badan|"
    r"pengalaman|minimal|min\.|lulusan|pria|wanita|laki-laki|perempuan|sehat jasmani|experience|"
    r"cowok|cewek|requirements?|no skill|tanpa skill|"
    r"paspor|ktp|kk|ijazah|bisa baca)\b"
)
_DESTINATION = re.compile(
    r"\b(?:luar negeri|malaysia|taiwan|hong ?kong|singapura|singapore|korea|jepang|japan|"
    r"arab|saudi|dubai|qatar|kuwait|turki|kamboja|cambodia|myanmar|thailand|brunei|polandia|"
    r"australia|eropa|kapal|abroad|overseas|kuala lumpur|johor|sabah|sarawak|kuching|penang|tawau)\b|"
    + ind.SCAM_PRONE
    + "|"
    + ind.MIDDLE_EAST
)
_PROCESS = re.compile(
    r"\b(?:berangkat|keberangkatan|daftar|pendaftaran|proses|minat|hubungi|hub|japri|wa|"
    r"whatsapp|kirim cv|kirim data|kontak|call|info lanjut|info lengkap|segera|contact|apply|dm|pm|inbox|visa|tiket|biaya|mess)\b"
)
_JOB_TITLES = re.compile(
    r"\b(?:operator|admin|customer service|\bcs\b|caregiver|perawat|pengasuh|art|prt|"
    r"pembantu|sopir|driver|abk|pabrik|factory|helper|housekeeping|waiter|cleaning|tukang|"
    r"buruh|welder|las|konstruksi|kebun|sawit|cook|juru masak|kasir|marketing|customer support|"
    r"typing|housemaid|nanny|tkw|tki|restoran|toko|kilang|hotel|crew|staff|staf|jaga (?:anak|toko|lansia))\b"
)
# Questions and chit-chat about work are not ads.
_CHAT = re.compile(
    r"\?|\b(?:apakah|gimana|bagaimana|berapa|kenapa|mengapa|boleh tanya|mau tanya|saya mau|aku mau|"
    r"tolong jelaskan|bisa bantu)\b"
)


def looks_like_job_offer(text: str) -> bool:
    """Is ``text`` a job advertisement or a recruiter's offer, rather than ordinary chat?

    Tuned for precision: it needs several kinds of evidence (ad wording, pay, requirements,
    destination, how to apply, job title); a question about work is not an offer.
    """
    norm = normalize((text or "")[:8000]).text
    if len(re.findall(r"[a-z0-9]+", norm)) < 6:
        return False
    kinds = sum(
        1
        for pattern in (_AD_WORDS, _PAY, _REQUIREMENTS, _DESTINATION, _PROCESS, _JOB_TITLES)
        if pattern.search(norm)
    )
    needed = 3
    if len(_CHAT.findall(norm)) >= 1 and not _AD_WORDS.search(norm):
        needed = 4
    return kinds >= needed and bool(_AD_WORDS.search(norm) or _PAY.search(norm))
