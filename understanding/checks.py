"""Compare the numbers in a user's message (age, wage, fee) with the rule, and say the verdict first.

The limits are data (``knowledge_base/limits.yml``, each with its rule and source date); this module
only finds the user's numbers and words the verdict in plain Indonesian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge_base import load_contacts, load_limits, spoken_numbers

_AGE = re.compile(
    r"\b(?:umur|usia|umure|umurku|umurnya|yuswa|yuswane|umurna|age|aged|berumur|usiaku|usianya)\b\D{0,12}?"
    r"(\d{1,2})\b|\b(\d{1,2})\s*(?:tahun|thn|th|taun|tahunan|years?|yo)\b(?!\s*(?:lalu|kemarin|yang lalu|"
    r"kerja|kontrak|di|lagi|ke depan|pengalaman))"
)
_AGE_CONTEXT = re.compile(r"umur|usia|yuswa|\bage\b|berumur|\banak\w*\b|\bsaya\b|\baku\b|\bkulo\b|lulus|sma|smk|smp")
_KOREA = re.compile(r"korea|korsel|\beps\b|topik")
_JAPAN_NURSE = re.compile(r"(?:jepang|japan|ijepa).*(?:perawat|nurse|kangoshi)|(?:perawat|nurse|kangoshi).*(?:jepang|japan|ijepa)")
_HK = re.compile(r"hong ?kong|\bhk\b|hk\$")
_MALAYSIA = re.compile(r"malaysia|\bmalay\b|\bmy\b|\brm\s?\d|ringgit|johor|kuala lumpur|\bkl\b|sabah|sarawak|penang|selangor")
_TAIWAN = re.compile(r"taiwan|\bnt\$|\bntd\b|formosa|taipei")
_DOMESTIC = re.compile(
    r"\bart\b|\bprt\b|\bplrt\b|pembantu|rumah tangga|house ?maid|\bmaid\b|helper|domestic|pengasuh|babysitter|"
    r"baby sitter|nanny|jaga (?:anak|bayi|lansia|nenek|kakek|orang tua|jompo|oma|opa)|lansia|jompo|caregiver|"
    r"care giver|perawat (?:lansia|orang tua|jompo)|masak|juru masak|sopir (?:keluarga|pribadi)|"
    r"tukang kebun|perawat taman|cleaning|kebersihan|\babk\b|kapal ikan|perikanan|kebun|ladang|sawit|"
    r"perkebunan|\btkw\b"
)
_FEE_CONTEXT = re.compile(
    r"biaya|bayar|dibayar|membayar|bayarnya|dipungut|pungut|minta|dimintai|diminta|setor|transfer|ongkos|"
    r"uang|fee|potong|potongan|dp\b|tebus|mbayar|mayar|nyetor"
)
_RUPIAH = re.compile(
    r"(?:rp\.?\s*)?(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)\s*(juta|jt|jtan|jeti|rb|ribu|k)?\b"
)


@dataclass(frozen=True)
class Verdict:
    """One sentence that says what the user's number means under the rule."""

    key: str
    text: str


def _limits() -> dict:
    return load_limits()


def _ages(text: str, scope: str = "") -> list[int]:
    """Ages in ``text``; "25 tahun" counts when age is the subject here or of the earlier question."""
    ages = []
    earlier_about_age = bool(re.search(r"umur|usia|yuswa|\bage\b", scope))
    for m in _AGE.finditer(text):
        value = int(m.group(1) or m.group(2))
        if m.group(2) and not earlier_about_age \
                and not _AGE_CONTEXT.search(text[max(0, m.start() - 40):m.end() + 10]):
            continue
        if 10 <= value <= 70:
            ages.append(value)
    return ages


def age_verdicts(text: str, scope: str = "") -> list[Verdict]:
    """``scope`` adds the programme and country of earlier turns ("syarat umur ka korea" → "40 taun?")."""
    limits = _limits()
    ages = _ages(text, scope)
    scope = f"{text} {scope}"
    if not ages:
        return []
    age = ages[0]
    minimum = limits["min_age"]
    out: list[Verdict] = []
    if age < minimum["value"]:
        out.append(Verdict("age", (
            f"Umur {age} tahun belum boleh bekerja ke luar negeri: syarat minimal "
            f"{minimum['value']} tahun ({minimum['rule']}). Perekrut yang memberangkatkan orang di "
            "bawah umur bisa dipidana. Jangan mau umurnya \"dituakan\" di KTP atau paspor.")))
        return out
    if _KOREA.search(scope):
        eps = limits["eps_age"]
        if age > eps["max"]:
            out.append(Verdict("age", (
                f"Umur {age} tahun di atas batas program G to G Korea (EPS): {eps['min']}–{eps['max']} "
                f"tahun ({eps['rule']}). Jadi Anda belum bisa ikut EPS; tanyakan jalur lain ke BP3MI.")))
        else:
            out.append(Verdict("age", (
                f"Umur {age} tahun masih masuk batas umur EPS Korea ({eps['min']}–{eps['max']} tahun, "
                f"{eps['rule']}).")))
        return out
    if _JAPAN_NURSE.search(scope):
        nurse = limits["ijepa_nurse_max_age"]
        word = "di atas" if age > nurse["value"] else "masih di bawah"
        out.append(Verdict("age", (
            f"Umur {age} tahun {word} batas {nurse['value']} tahun untuk kandidat perawat G to G Jepang "
            f"({nurse['rule']}; syarat bisa berubah tiap tahun, pastikan ke KP2MI).")))
        return out
    out.append(Verdict("age", (
        f"Umur {age} tahun sudah memenuhi umur minimal {minimum['value']} tahun ({minimum['rule']}). "
        "Beberapa negara dan jenis pekerjaan meminta umur lebih tinggi; tanyakan ke BP3MI.")))
    return out


_HKD = re.compile(r"(?:hk\$|hkd|hk)\s?(\d{1,2}(?:[.,]\d{3})|\d{3,5})\b|\b(\d{1,2}(?:[.,]\d{3})|\d{3,5})\s?"
                  r"(?:hkd|hk\$|dolar hk|dollar hk|dolar hongkong|dollar hongkong)")
_MYR = re.compile(r"\b(?:rm|myr)\s?(\d{1,2}(?:[.,]\d{3})|\d{3,5})\b|\b(\d{1,2}(?:[.,]\d{3})|\d{3,5})\s?"
                  r"(?:ringgit|rm\b|myr)")


def _money(pattern: re.Pattern[str], text: str) -> int | None:
    m = pattern.search(text)
    if not m:
        return None
    return int(re.sub(r"[.,]", "", m.group(1) or m.group(2)))


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def wage_verdicts(text: str) -> list[Verdict]:
    limits = _limits()
    hkd = _money(_HKD, text)
    if hkd is not None and (_HK.search(text) or "hk" in text):
        hk = limits["hk_domestic_min_wage"]
        if hkd < hk["value"]:
            return [Verdict("wage", (
                f"HK${_thousands(hkd)} sebulan di bawah upah minimum pekerja rumah tangga asing di Hong "
                f"Kong: HK${_thousands(hk['value'])} untuk kontrak yang ditandatangani sejak {hk['since']} "
                f"(per {hk['source_date']}). Tawaran di bawah itu tidak sesuai aturan Hong Kong."))]
        return [Verdict("wage", (
            f"HK${_thousands(hkd)} sebulan sudah sesuai upah minimum pekerja rumah tangga asing di Hong "
            f"Kong (HK${_thousands(hk['value'])} sejak {hk['since']}, per {hk['source_date']})."))]
    myr = _money(_MYR, text)
    if myr is not None and _DOMESTIC.search(text):
        my = limits["malaysia_domestic_mou_wage"]
        if myr < my["value"]:
            return [Verdict("wage", (
                f"RM{_thousands(myr)} sebulan di bawah gaji minimum PRT dalam MoU Indonesia–Malaysia "
                f"(RM{_thousands(my['value'])}, {my['rule']}); upah minimum nasional Malaysia "
                f"RM{_thousands(my['national_minimum'])} sejak {my['national_since']}."))]
    return []


def _rupiah_amounts(text: str) -> list[int]:
    amounts = []
    for m in _RUPIAH.finditer(text):
        number, unit = m.group(1), (m.group(2) or "")
        context = text[max(0, m.start() - 50):m.end() + 20]
        if not _FEE_CONTEXT.search(context):
            continue
        if re.search(r"(?:hk|nt|rm|sar|usd|\$|ringgit|dolar|dollar|won|yen)\s*$", text[max(0, m.start() - 6):m.start()]):
            continue
        try:
            if unit in ("juta", "jt", "jtan", "jeti"):
                value = float(number.replace(",", ".")) * 1_000_000
            elif unit in ("rb", "ribu", "k"):
                value = float(number.replace(",", ".")) * 1_000
            else:
                value = float(number.replace(".", "").replace(",", ""))
        except ValueError:
            continue
        if value >= 100_000 and (m.group(0).lower().startswith("rp") or unit):
            amounts.append(int(value))
    return amounts


def fee_verdicts(text: str) -> list[Verdict]:
    limits = _limits()
    if not _DOMESTIC.search(text):
        return []
    amounts = _rupiah_amounts(text)
    if not amounts:
        return []
    amount = max(amounts)
    shown = f"Rp{amount:,.0f}".replace(",", ".")
    if _TAIWAN.search(text):
        cap = limits["taiwan_fee_cap"]
        return [Verdict("fee", (
            f"Untuk PRT/perawat ke Taiwan ada batas biaya penempatan: paling banyak "
            f"Rp{cap['rupiah']:,} ditambah NT${cap['nt_low']:,}–NT${cap['nt_high']:,} (dua sumber "
            f"berbeda, per {cap['source_date']}); {shown} harus ada rinciannya dan tidak boleh lebih dari "
            "itu. Pastikan batas terbaru ke BP3MI atau KDEI Taipei."
        ).replace(",", "."))]
    zero = limits["zero_cost"]
    return [Verdict("fee", (
        f"Pekerjaan ini termasuk jabatan yang dibebaskan dari biaya penempatan ({zero['rule']}): "
        f"tiket, visa, pelatihan, paspor, medical dan jasa perusahaan tidak boleh dibebankan kepada "
        f"Anda. Permintaan {shown} patut dicurigai; tanyakan ke BP3MI dan laporkan bila terus diminta. "
        "Aturan ini bisa berbeda per negara tujuan.")
    )]


# "kalau nggak ada di daftar?", "PT ne ora ono ning website": a company missing from the official
# list of licensed agencies.
_NOT_LISTED = re.compile(
    r"\b(?:tidak|tdk|gak|ga|gk|nggak|ngga|enggak|ndak|nda|ora|ra|teu|henteu|mboten|belum|blm|"
    r"ngak)\s+(?:ada|ono|onok|aya|wonten|terdaftar|tercatat|muncul|ketemu|nemu|kedaftar|"
    r"kecatat|ketemu namanya|ditemukan)\b(?:\s+\w+){0,4}?\s*(?:di|ning|nang|neng|dina|ing|dalam|"
    r"nang njero)?\s*(?:daftar|daftarnya|list|website|web|situs|siskop2mi|siskop|sistem|aplikasi)\b"
    r"|\b(?:pt|perusahaan|agensi|p3mi|lpk)\w*\b.{0,40}\b(?:tidak|gak|ga|nggak|ndak|ora|teu|"
    r"belum)\s+(?:terdaftar|tercatat|resmi)\b")


def listing_verdicts(text: str) -> list[Verdict]:
    """A company not on the official list: say what that means before any passage."""
    if not _NOT_LISTED.search(text):
        return []
    site = next((str(c["value"]) for c in load_contacts() if c["id"] == "siskop2mi"), "")
    return [Verdict("not_listed", (
        f"Jika nama perusahaan tidak ada di daftar P3MI resmi di SISKOP2MI ({site}), "
        "anggap perusahaan itu belum terbukti resmi. Jangan membayar dan jangan menyerahkan dokumen "
        "asli. Tanyakan ke Disnaker, LTSA, atau BP3MI terdekat, dan laporkan jika perekrut tetap "
        "memaksa."))]


def rule_verdicts(text: str, context: str = "") -> list[Verdict]:
    """Every verdict the message's own numbers allow, age first; never raises.

    ``context`` is the earlier question of a short follow-up: it names the programme or country,
    never the numbers (those come from this message only).
    """
    lowered = spoken_numbers((text or "").lower()[:4000])  # "umur sembilan belas tahun" -> 19
    scope = (context or "").lower()[:1000]
    out: list[Verdict] = []
    for check in (lambda t: age_verdicts(t, scope), wage_verdicts, fee_verdicts, listing_verdicts):
        try:
            out.extend(check(lowered))
        except (KeyError, ValueError, TypeError):  # a malformed limit must never break a reply
            continue
    return out
