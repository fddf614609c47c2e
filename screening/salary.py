"""Find promised salaries in an offer and convert them to rupiah per month.

Rates are deliberately rough (a red flag is about "far above the norm", not about exact money).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Rough rupiah value of one unit; reviewed 2025. Precision does not matter for a 2x-norm test.
IDR_PER_UNIT: dict[str, float] = {
    "idr": 1.0,
    "usd": 16_000.0,
    "myr": 3_600.0,
    "twd": 500.0,
    "hkd": 2_050.0,
    "sgd": 12_000.0,
    "sar": 4_300.0,
    "aed": 4_400.0,
    "qar": 4_400.0,
    "kwd": 52_000.0,
    "jpy": 105.0,
    "krw": 11.5,
    "thb": 450.0,
    "eur": 17_500.0,
    "aud": 10_500.0,
    "gbp": 20_500.0,
}

_NUM = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_MULT = r"(?:jt|juta|jtan|jeti|rb|ribu|k|m|million|juta an|man)"
_CUR_BEFORE = (
    r"(?P<cb>rp\.?|idr|usd|us\$|\$|rm|myr|nt\$|ntd|twd|hk\$|hkd|s\$|sgd|sar|aed|qar|kwd|"
    r"¥|yen|jpy|krw|₩|won|thb|eur|€|aud|a\$|gbp|£)"
)
_CUR_AFTER = (
    r"(?P<ca>rupiah|usd|dolar|dollar|ringgit|rm|myr|nt|ntd|twd|hkd|sgd|riyal|real|sar|dirham|aed|"
    r"qar|kwd|yen|jpy|won|krw|baht|thb|euro|eur|aud|gbp)"
)
_AMOUNT = re.compile(
    rf"(?:{_CUR_BEFORE}\s*)?(?P<num>{_NUM})\s*(?:-|s/?d|sampai|hingga|–)?\s*"
    rf"(?:(?P<num2>{_NUM})\s*)?(?P<mult>{_MULT})?\b\.?\s*(?:{_CUR_AFTER}\b)?"
    r"(?P<per>\s*(?:/|per|se)\s*(?:hari|hr|jam|minggu|mg|bulan|bln|bl|month|thn|tahun|year))?"
)
_SALARY_CONTEXT = re.compile(
    r"gaji|gajih|gj\b|salary|upah|penghasilan|pendapatan|income|take home|thp|bayaran|digaji|"
    r"sebulan|/bln|per bulan|perbulan"
)
_CURRENCY_CODE = {
    "rp": "idr",
    "rp.": "idr",
    "idr": "idr",
    "rupiah": "idr",
    "usd": "usd",
    "us$": "usd",
    "$": "usd",
    "dolar": "usd",
    "dollar": "usd",
    "rm": "myr",
    "myr": "myr",
    "ringgit": "myr",
    "nt$": "twd",
    "ntd": "twd",
    "twd": "twd",
    "nt": "twd",
    "hk$": "hkd",
    "hkd": "hkd",
    "s$": "sgd",
    "sgd": "sgd",
    "sar": "sar",
    "riyal": "sar",
    "real": "sar",
    "aed": "aed",
    "dirham": "aed",
    "qar": "qar",
    "kwd": "kwd",
    "¥": "jpy",
    "yen": "jpy",
    "jpy": "jpy",
    "krw": "krw",
    "₩": "krw",
    "won": "krw",
    "thb": "thb",
    "baht": "thb",
    "eur": "eur",
    "€": "eur",
    "euro": "eur",
    "aud": "aud",
    "a$": "aud",
    "gbp": "gbp",
    "£": "gbp",
}


@dataclass(frozen=True)
class Salary:
    """A promised salary: where it is in the normalised text and its monthly rupiah value."""

    start: int
    end: int
    idr_per_month: float


def _to_float(num: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", num):
        return float(re.sub(r"[.,]", "", num))
    return float(num.replace(",", "."))


def find_salaries(text: str) -> list[Salary]:
    """Return salaries promised in normalised ``text`` (amounts shortly after a salary word).

    Args:
        text: normalised (lower-case) offer text.
    """
    found: list[Salary] = []
    for ctx in _SALARY_CONTEXT.finditer(text):
        window_start = ctx.start()
        window = text[window_start : window_start + 60]
        for m in _AMOUNT.finditer(window):
            if not m.group("num"):
                continue
            value = _value_idr(m)
            if value is None:
                continue
            found.append(Salary(window_start + m.start(), window_start + m.end(), value))
            break
    return found


def _value_idr(m: re.Match[str]) -> float | None:
    amount = _to_float(m.group("num"))
    if m.group("num2"):  # a range "8-12 juta": the top of the range is the promise
        amount = max(amount, _to_float(m.group("num2")))
    mult = (m.group("mult") or "").strip()
    cur_raw = (m.group("cb") or m.group("ca") or "").strip()
    cur = _CURRENCY_CODE.get(cur_raw, "")
    if mult in ("jt", "juta", "jtan", "jeti", "juta an", "million"):
        amount *= 1_000_000
    elif mult in ("rb", "ribu", "k"):
        amount *= 1_000
    elif mult == "man":  # Japanese 万
        amount *= 10_000
        cur = cur or "jpy"
    elif mult == "m" and cur == "idr":
        amount *= 1_000_000
    per = (m.group("per") or "").lower()
    if not cur:
        # A bare number is rupiah only when it is clearly large enough ("gaji 25 juta", "8.000.000").
        if amount < (50_000 if per else 500_000):
            return None
        cur = "idr"
    value = amount * IDR_PER_UNIT[cur]
    if re.search(r"hari|hr", per):
        value *= 26
    elif re.search(r"jam", per):
        value *= 8 * 26
    elif re.search(r"minggu|mg", per):
        value *= 4.3
    elif re.search(r"thn|tahun|year", per):
        value /= 12
    if value < 300_000 or value > 2_000_000_000:
        return None
    return value
