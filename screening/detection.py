"""Decide whether a forwarded message is a job ad or recruiter message (high precision)."""

from __future__ import annotations

import re

from knowledge_base import DESTINATION_WORDS, normalize_text
from screening import indicators as ind
from screening.normalize import normalize

# Each group is one kind of evidence; an ad shows several kinds at once.
_AD_WORDS = re.compile(
    r"\b(?:lowongan|loker|lowker|dibutuhkan|dibutuhkan segera|dicari|butuh (?:cepat |segera )?(?:\d+ )?(?:orang|pekerja|tenaga|karyawan|art|prt|admin|cs)|"
    r"rekrut\w*|open (?:recruitment|rekrutmen|lowongan)|hiring|vacancy|job ?order|penempatan|"
    r"info kerja|kerja ke|kerja di luar neg(?:e)?ri|peluang kerja|kesempatan kerja|kuota|program)\b"
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
    rf"\b(?:luar neg(?:e)?ri|{DESTINATION_WORDS}|kapal|abroad|overseas)\b|"
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


# "sing cedek bae, ora usah ning luar negri": abroad is what the person does NOT want.
_NOT_ABROAD = re.compile(
    r"\b(?:ora|tidak|gak|ga|nggak|ndak|teu|mboten|bukan|tanpa)\s+(?:usah|perlu|mau|pengen|ingin|kedah)?\s*"
    r"(?:ke|ning|neng|di|nang|teng|ka)?\s*luar neg(?:e)?ri\b"
)


def looks_like_job_offer(text: str) -> bool:
    """Is ``text`` a job advertisement or a recruiter's offer, rather than ordinary chat?

    Tuned for precision: it needs several kinds of evidence (ad wording, pay, requirements,
    destination, how to apply, job title); a question about work is not an offer.
    """
    norm = _NOT_ABROAD.sub(" ", normalize((text or "")[:8000]).text)
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


# --- offers described inside a question, or one-line ads --------------------------------------
# "teman saya ditawari kerja di pabrik di Laos gaji 9 juta, aman gak?" carries an offer although it is
# a question. These words say that someone made an offer; the kinds above say what it contains.
_OFFERED = re.compile(
    r"\b(?:ditawari\w*|ditawarin\w*|ditawarkan|menawarkan|nawarin|nawari|nawani|nawakake|nawakno|"
    r"nawarake|nawarno|ditawani|ditawake|ditawakake|"
    r"ditawaran|tawaran|nawarkeun|ditawaran|ngajak|diajak|diajakin|dijak|ngajakin|ada yang ajak|"
    r"ada yg ajak|ada yang nawarin|ada yg nawarin|ada info|dapat info|dpt info|dapet info|dapet tawaran|"
    r"dapat tawaran|dapet kerjaan|dapat kerjaan|direkrut|rekrut\w*|loker|lowongan|lowker|dibutuhkan|"
    r"dicari|open|buka|sponsor(?:nya|e|ne)? (?:bilang|ngomong|janji\w*|minta|bilan|ngajak|nawarin|nawari|njaluk|"
    r"ngomong|jare|nyuruh)|"
    r"calo(?:nya|ne)? (?:bilang|ngomong|janji\w*|minta|ngajak|nawarin|njaluk)|agen(?:nya|e)? (?:bilang|janji\w*|minta|njaluk)|"
    r"dijanjikan|dijanjiin|janji\w*|diiming\w*|iming|offer\w*|diofer\w*|posting\w*|diposting|"
    r"ngepost\w*|ngeshare|share loker)\b|"
    # An employer who wants to take the writer on ("majikan baru nak ambil sy kerja kilang",
    # "madam pengin inyong bali maning"): an offer to check, in Malay and Javanese too.
    r"\b(?:nak|mau|mo|arep|pengen|pengin|pingin|ingin|hendak|hayang) (?:ambil|ngambil|ngambil|rekrut|"
    r"pakai|pake|hire|ambek|njupuk) (?:sy|saya|aku|aq|kulo|abdi|inyong|kami|adik|anak)\w*\b|"
    # the recruiter's own chat: "liwat aku bae cepet", "anakmu tak uruske", "saya yang urus semua",
    # "sudah ribuan yg kami berangkatkan"
    r"\b(?:lewat|liwat|via) (?:aku|saya|sy|kulo|abdi|kami)\b|"
    r"\b(?:kami|kita) (?:\w+ )?(?:berangkatkan|berangkatin|seberangkan|sebrangkan|seberangin)\b|"
    r"\b(?:ikut|melu|ikutan) (?:aku|saya|sy|kulo|abdi|kami) (?:aja|saja|bae|wae|ae|mawon|yuk|yok|ayo|kerja|nyambut gawe|gawe)\b|"
    r"\b(?:tak|ta|sy|saya|aku|kulo|abdi|kami) (?:yang |yg |sing |nu )?(?:uruske|urusin|urusi|urus|uruskan|ngurus)\b|"
    r"\b(?:pt|sponsor|calo|agen|agensi|lpk|perusahaan|perekrut|penyalur|yayasan|tekong|bos)\w*\s+(?:\w+\s+)?"
    r"(?:minta|meminta|mintain|narik|mungut|memungut|nyuruh bayar|suruh bayar|minta bayar)\b"
)
_OFFER_DETAILS = (
    _PAY,
    _DESTINATION,
    _JOB_TITLES,
    re.compile(r"\b(?:biaya|bayar|dp|uang|duit|transfer|potong gaji|potongan|fee|jaminan|gratis|free|ditanggung|"
               r"tanpa biaya|tanpa modal|modal)\b"),
    re.compile(r"\b(?:visa|paspor|passport|turis|kunjungan|umroh|umrah|ziarah|visit|berangkat|"
               r"keberangkatan|dijemput|jemput|lewat|via|transit|batam|tanjung pinang|nunukan|entikong|"
               r"minggu depan|secepatnya|langsung berangkat|cepat berangkat|proses cepat)\b"),
)


_ASKS_PLAIN = re.compile(
    r"\b(?:syarat\w*|cara|caranya|gimana|gmn|bagaimana|berapa|brp|apa saja|apa aja|apa bae|apa wae|piye|"
    r"kumaha|naon)\b|\b(?:di ?mana|lewat mana) (?:yang|yg) resmi\b"
)
# A question about the rules, also without a "?" ("biaya nya brapa", "masih bisa kah", "boleh ndak").
_ASKS = re.compile(
    r"\b(?:syarat|cara|caranya|gimana|gmn|bagaimana|berapa|brp|brapa|brpa|bara|apa saja|apa aja|piye|"
    r"kumaha|naon|pripun|kepriwe|priwe|bisa kah|bisakah|bisa ndak|bisa gak|bisa nggak|masih bisa|"
    r"boleh kah|bolehkah|boleh ndak|boleh gak|boleh nggak|apakah|apa bisa|apa boleh|syarat\w*|apa bae|"
    r"apa wae|yang bener|yg bener|lewat mana|di ?mana (?:yang|yg) resmi)\b|"
    # a yes-no question in any register: "wajib kaga?", "aman tidak", "masih buka nggak"
    r"\b(?:boleh|bisa|wajib|harus|real|beneran|bener|benar|aman|resmi|legal|masih buka) "
    r"(?:tidak|kaga|kagak|gak|ga|nggak|ndak|sonde|ora|teu)\b"
)
# A question about a government or official programme ("ada program G to G ke Jerman nggak?",
# "Triple Win itu lewat pemerintah atau swasta?") names the channel, not an offer someone made.
_PROGRAMME = re.compile(
    r"\b(?:program\w*|g ?to ?g|triple ?win|eps|ssw|tokutei\w*|im japan|jalur (?:resmi|pemerintah)|"
    r"lewat pemerintah|skema (?:p2p|g2g))\b"
)
_ASKS_CHANNEL = re.compile(
    # "wonten program … saking pemerintah nggih": asking whether a programme exists, in any register
    r"^\s*(?:ada|wonten|enten|ono|ana|aya|ado)\b|\b(?:dari|saking|ti|seko|soko) pemerintah\b|"
    r"\bada\b.{0,60}\b(?:tidak|nggak|gak|ga|ndak|kah|ora|teu)\b|\b(?:pemerintah|resmi) (?:atau|ato|apa|ta) "
    r"(?:swasta|agen|pt)\b|\bbuka(?:nya)? kapan\b|\bkapan (?:buka|dibuka|daftar|pendaftaran)\b"
)
_HEARSAY = re.compile(r"\b(?:katanya|katane|jarene|jare|cenah|ceunah|kabarnya|denger2|dengar dengar)\b")
_CONTACT_LINE = re.compile(
    rf"{ind.PHONE}|08x+|\b(?:wa|chat|japri|inbox|dm|pm|hubungi|hub|kontak|telp)\s+(?:aja|saja|langsung|"
    r"sekarang|segera|kami|admin|ke|ya)\b|\blink (?:di|in) bio\b"
)
_RECRUITER = re.compile(r"\b(?:sponsor|calo|pt|lpk|agen|agensi|perekrut|tekong|makelar|penyalur|yayasan|"
                        r"bos|mandor|koordinator|perusahaan)\w*\b")
_QUOTE = re.compile(r"[\"“”«»]|:\s*'|^\s*'")


def offer_signals(text: str) -> tuple[bool, int]:
    """(someone made an offer, how many kinds of offer detail) for a message of any length."""
    norm = _NOT_ABROAD.sub(" ", normalize((text or "")[:8000]).text)
    kinds = sum(1 for pattern in _OFFER_DETAILS if pattern.search(norm))
    return bool(_OFFERED.search(norm) or _AD_WORDS.search(norm)), kinds


def carries_offer(text: str) -> bool:
    """Does the message carry a concrete job offer to screen (pasted, one line, or inside a question)?

    An ad (several kinds of evidence) always does. A question does when someone made an offer
    ("ditawari", "sponsor bilang", "loker") and it names at least two kinds of detail (pay, country,
    job, costs, route or departure): "ditawari HK$4.800 sebulan, wajar?" names pay and the offer.
    """
    offered, kinds = offer_signals(text)
    norm = normalize((text or "")[:8000]).text
    # Regional question words in Indonesian ("piro", "sonde", "kagak"): the question patterns are
    # written against Indonesian.
    regional = normalize_text(norm)
    asks = bool(_CHAT.search(norm)) or bool(_ASKS_PLAIN.search(norm)) or bool(_ASKS_PLAIN.search(regional))
    contact = bool(_CONTACT_LINE.search(norm))
    if not contact and _asks_about_programme(norm, regional):
        return False
    # "syarat yang dibutuhkan", "kapan dibuka": a question's words, not an ad's "dibutuhkan segera"
    norm = _QUESTION_USE.sub(" ", norm)
    if looks_like_job_offer(text) and (not asks or contact):
        # An ad ends with how to reach the recruiter ("wa aja 08xx…"), even with a "?" in it. A
        # question about the rules that only names a country and a job ("biaya nya brapa kalo mau
        # kerja ke saudi", "umur 45 masih bisa kah kerja jadi tukang masak") is not one.
        rule_question = bool(_ASKS.search(norm) or _ASKS.search(regional))
        # Money the writer's family sends home ("kirim NT$10.000 tiap bulan lewat toko Indo") is
        # not pay offered.
        if not (rule_question and not _OFFERED.search(norm)
                and (not _PAY.search(norm) or _REMITTANCE.search(norm))):
            return True
    if _RECRUITER.search(norm) and _QUOTE.search(text or "") and kinds >= 1:
        # "ieu sponsor nga-wa abdi: \"…\"": a recruiter's own words, quoted to be checked.
        return True
    if not _OFFERED.search(norm):
        # Hearsay ("katanya", "cenah") is an offer only with enough detail: "gaji PRT HK brp?
        # katanya 4 ribu" asks about the rule, "katanya ke Laos gaji 9 juta tanpa visa" tells one.
        return bool(_HEARSAY.search(norm)) and kinds >= (4 if asks else 2) \
            and not (asks and _REMITTANCE.search(norm))
    words = len(re.findall(r"[a-z0-9]+", norm))
    return kinds >= 2 or (kinds >= 1 and words <= 14 and bool(_PAY.search(norm)))


_REMITTANCE = re.compile(r"\b(?:kirim|ngirim|mengirim|transfer|tf) (?:uang|duit|gaji|dana)\b|\bremit\w*|"
                         r"\bwesel\b|\bkiriman uang\b")
_QUESTION_USE = re.compile(r"\b(?:yang|yg|apa|apa saja|apa aja) (?:harus )?(?:dibutuhkan|diperlukan|dicari)\b|"
                           r"\bbuka(?:nya)? kapan\b|\bkapan (?:di)?buka\w*\b")
# A sum of money named ("gaji 30 juta", "RM1.800"); "katanya gaji gede" names none.
_AMOUNT = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:jt|juta|ribu|rb)\b|\b(?:rm|usd|nt\$|hk\$|sar|\$)\s?\d")
_AD_ONLY = re.compile(r"\b(?:loker|lowongan|lowker|dibutuhkan|dicari|open|buka\w*|rekrut\w*|direkrut|"
                      r"ada info|dapat info|dpt info|dapet info)\b")


def _asks_about_programme(norm: str, regional: str) -> bool:
    """A short question about an official programme, with no offer in it beyond ad-like words.

    "Bagaimana lulusan SMA bekerja di Jerman? Ada program resminya nggak?" names a programme and a
    country; "program" is also an ad word, so without this it read as a pasted ad.
    """
    if len(re.findall(r"[a-z0-9]+", norm)) > 40 or not _PROGRAMME.search(norm):
        return False
    if not (_ASKS_CHANNEL.search(norm) or _ASKS_CHANNEL.search(regional) or _ASKS.search(regional)):
        return False
    # Someone's offer ("sponsor bilang ada program…") or a salary is an offer to screen; ad words
    # alone ("lowongan", "buka", "rekrutmen") are what a question about a programme names anyway.
    bare = _AD_ONLY.sub(" ", _AD_WORDS.sub(" ", norm))
    return not _OFFERED.search(bare) and not _AMOUNT.search(norm)


FORWARD_THRESHOLD = 0.5  # a forward is something the person received: a lower bar than typed text


def forward_carries_offer(text: str) -> bool:
    """Should a *forwarded* message be screened as an offer?

    A forward is what someone received from a recruiter, a group or a friend, so it is screened
    when it looks like an ad, carries an offer the way a question would, or the learned detector
    gives it at least ``FORWARD_THRESHOLD`` (the typed-text threshold is higher).
    """
    if looks_like_job_offer(text) or carries_offer(text):
        return True
    from screening.offer_detector import offer_probability

    probability = offer_probability(text)
    if probability is not None and probability >= FORWARD_THRESHOLD:
        return True
    # A forwarded smuggling or trafficking service ("kami boleh hantar lewat jalan tikus, RM1.800
    # seorang") names no job but carries a high-severity red flag: screened too.
    from screening.assessment import assess_rules

    return any(flag.severity == "high" for flag in assess_rules(text).flags)
