"""Assess a job offer: rule-based red flags, an optional classifier, and one risk level."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from knowledge_base import DESTINATION_WORDS
from screening import indicators as ind
from screening.classifier import ClassifierProtocol, shared_classifier
from screening.normalize import NormalText, normalize
from screening.salary import find_salaries

Level = Literal["TINGGI", "SEDANG", "RENDAH"]

MAX_TEXT_CHARS = 12_000  # longer pastes are cut: an offer never needs more, and regexes stay fast

# Thresholds calibrated on the DEV split (bench/screening_eval.py --calibrate); see README.md.
RULE_T_HIGH = 0.44
RULE_T_MEDIUM = 0.14
COMBINED_RULE_WEIGHT = 0.7
COMBINED_T_HIGH = 0.51
COMBINED_T_MEDIUM = 0.28
# Chosen on offers by outside authors (train + tune splits of bench/data/authors, 2026-12-01): any
# offer whose combined score reaches this is TINGGI when at least one red flag explains it. TINGGI
# recall 0.78 -> 0.85 there, legal offers flagged TINGGI stayed 0, precision 0.966 -> 0.961.
COMBINED_T_HIGH_ANY = 0.45
# The classifier can raise an offer to TINGGI only if the rules found a high-severity flag or
# enough medium ones: the user must always see why an offer is called high-risk.
COMBINED_MIN_RULE_SCORE_FOR_HIGH = 0.40
# Every legal-offer element that is present (licence, work visa, PK, BPJS, OPP, official channel)
# discounts the medium/low flags by this fraction; high-severity flags are never discounted.
LEGAL_ELEMENT_DISCOUNT = 0.15

# Salary caps in rupiah per month above which a promise is "far above the norm".
CAP_SCAM_PRONE = 10_000_000
CAP_DEFAULT = 18_000_000
CAP_HIGH_WAGE_COUNTRY = 45_000_000
SKILLED_CAP_FACTOR = 1.6  # a certified nurse or welder may earn well above an unskilled worker
_HIGH_WAGE_COUNTRY = re.compile(
    r"korea|korsel|jepang|japan|australia|selandia baru|new zealand|jerman|germany|belanda|"
    r"eropa|europe|inggris|amerika|\busa\b|kanada|canada|kapal pesiar|cruise|polandia|inggris"
)
_SKILLED = re.compile(
    r"pengalaman (?:min\.? ?|minimal )?\d|sertifikat|\bstr\b|\bd3\b|\bs1\b|ielts|prometric|"
    r"visa 482|skilled|perawat|nurse|engineer|insinyur|welder|teknisi|electrician|fitter"
)
_ABROAD = re.compile(
    rf"luar negeri|{ind.SCAM_PRONE}|{ind.MIDDLE_EAST}|\b(?:{DESTINATION_WORDS})\b|kapal (?:pesiar|asing)"
)
_SALARY_HYPE = re.compile(
    r"gaji (?:\w+ )?(?:2|dua) digit|puluhan juta|gaji (?:\w+ )?(?:fantastis|menggiurkan|selangit|gede banget|wow)"
)
_COMPANY = re.compile(r"\b(?:pt|p\.t)\.?\s+[a-z][a-z]+(?:\s+[a-z]+){0,3}")

LEGAL_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("izin perusahaan (SIP3MI/SIP2MI) yang bisa dicek di SISKOP2MI", ind.LICENCE),
    (
        "visa kerja",
        r"visa kerja|working visa|work visa|work permit|izin kerja|visa e-?9|\be-?9\b|visa ssw|\barc\b",
    ),
    (
        "perjanjian kerja (PK) yang ditandatangani sebelum berangkat",
        r"perjanjian kerja|\bpk\b|kontrak kerja|employment contract|job ?order|demand letter|perjanjian penempatan",
    ),
    ("BPJS Ketenagakerjaan", r"bpjs|jaminan sosial"),
    ("Orientasi Pra Pemberangkatan (OPP)", r"\bopp\b|orientasi pra|pembekalan akhir|\bpap\b"),
    ("pendaftaran lewat Disnaker, LTSA atau BP3MI", ind.OFFICIAL),
)
_LEGAL_ELEMENTS_RE = tuple((label, re.compile(p)) for label, p in LEGAL_ELEMENTS)
_MIN_WORDS = 4


@dataclass(frozen=True)
class RedFlag:
    """One red flag found in an offer, with the offer's own words as evidence."""

    code: str
    title: str
    explanation: str
    evidence: str
    weight: float
    severity: Literal["high", "medium", "low"]


@dataclass(frozen=True)
class Assessment:
    """The result of screening one offer."""

    level: Level
    score: float
    flags: list[RedFlag] = field(default_factory=list)
    emergency: bool = False
    classifier_probability: float | None = None
    missing: list[str] = field(default_factory=list)
    rule_score: float = 0.0
    enough_text: bool = True


@dataclass(frozen=True)
class RuleResult:
    """What the rules alone say about an offer."""

    flags: list[RedFlag]
    score: float
    missing: list[str]
    emergency: bool
    enough_text: bool


def assess(text: str, *, use_classifier: bool = True) -> Assessment:
    """Screen a job offer and return its risk level, red flags and missing legal elements.

    Never raises for any string input (empty, emoji-only, very long). The first call with
    ``use_classifier=True`` loads (or trains) the classifier once; call ``warm_up()`` at start-up
    to do that ahead of time. Without a classifier the rules alone decide.

    Args:
        text: the offer as pasted, forwarded or read from an image.
        use_classifier: combine the rules with the text classifier when it is available.
    """
    rules = assess_rules(text)
    if not rules.enough_text:
        return Assessment(level="RENDAH", score=0.0, missing=rules.missing, enough_text=False)
    classifier = shared_classifier() if use_classifier else None
    if classifier is None:
        return Assessment(
            level=rules_level(rules),
            score=round(rules.score, 4),
            flags=rules.flags,
            emergency=rules.emergency,
            missing=rules.missing,
            rule_score=rules.score,
        )
    probs = classifier.predict_proba(normalize(text[:MAX_TEXT_CHARS]).text)
    level, score = combine(rules, probs)
    return Assessment(
        level=level,
        score=round(score, 4),
        flags=rules.flags,
        emergency=rules.emergency,
        classifier_probability=round(probs["TINGGI"], 4),
        missing=rules.missing,
        rule_score=rules.score,
    )


def rules_level(rules: RuleResult) -> Level:
    """The level the rules alone give (used when no classifier is available)."""
    if rules.score >= RULE_T_HIGH or _high_flag_count(rules) >= 2:
        return "TINGGI"
    if rules.score >= RULE_T_MEDIUM:
        return "SEDANG"
    return "RENDAH"


def combine(rules: RuleResult, probs: dict[str, float]) -> tuple[Level, float]:
    """Blend the rule score with the classifier's risk and apply the safety guards."""
    clf_risk = probs.get("TINGGI", 0.0) + 0.5 * probs.get("SEDANG", 0.0)
    score = COMBINED_RULE_WEIGHT * rules.score + (1 - COMBINED_RULE_WEIGHT) * clf_risk
    strong_rules = _high_flag_count(rules) >= 1 or rules.score >= COMBINED_MIN_RULE_SCORE_FOR_HIGH
    if (score >= COMBINED_T_HIGH and strong_rules) or _high_flag_count(rules) >= 2 or (
            score >= COMBINED_T_HIGH_ANY and rules.flags):
        level: Level = "TINGGI"
    elif score >= COMBINED_T_MEDIUM:
        level = "SEDANG"
    else:
        level = "RENDAH"
    return level, score


def _high_flag_count(rules: RuleResult) -> int:
    return sum(1 for f in rules.flags if f.severity == "high")


def assess_rules(text: str) -> RuleResult:
    """Run every indicator over ``text`` and score the red flags found (no classifier)."""
    norm = normalize((text or "")[:MAX_TEXT_CHARS])
    words = re.findall(r"[a-z0-9]+", norm.text)
    if len(words) < _MIN_WORDS:
        return RuleResult([], 0.0, [], False, enough_text=False)

    flags: list[RedFlag] = []
    for indicator in ind.INDICATORS:
        flag = _match_indicator(indicator, norm)
        if flag is not None:
            flags.append(flag)
    for computed in (_salary_flag(norm), _licence_flag(norm)):
        if computed is not None:
            flags.append(computed)

    codes = {f.code for f in flags}
    dropped = {ind.SUPERSEDES[c] for c in codes if c in ind.SUPERSEDES}
    flags = [f for f in flags if f.code not in dropped]
    present, missing = _legal_elements(norm.text)
    score = _score(flags, present)
    flags.sort(key=lambda f: (-f.weight, f.code))
    emergency = any(ind.INDICATORS_BY_CODE[f.code].emergency for f in flags)
    return RuleResult(flags, score, missing, emergency, enough_text=True)


def _score(flags: list[RedFlag], legal_present: int) -> float:
    keep_high = 1.0
    keep_rest = 1.0
    for f in flags:
        if f.severity == "high":
            keep_high *= 1 - f.weight
        else:
            keep_rest *= 1 - f.weight
    discount = max(0.0, 1 - LEGAL_ELEMENT_DISCOUNT * legal_present)
    rest = (1 - keep_rest) * discount
    return 1 - keep_high * (1 - rest)


def _match_indicator(indicator: ind.Indicator, norm: NormalText) -> RedFlag | None:
    if not indicator.compiled:
        return None
    text = norm.text
    if any(p.search(text) for p in indicator.compiled_unless):
        return None
    if indicator.compiled_also and not any(p.search(text) for p in indicator.compiled_also):
        return None
    for pattern in indicator.compiled:
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            if indicator.negatable and ind.is_negated(
                text, m.start(), emergency=indicator.emergency
            ):
                continue
            evidence = norm.evidence(m.start(), m.end())
            if indicator.compiled_also:
                evidence = _with_context(indicator, norm, evidence)
            return RedFlag(
                code=indicator.code,
                title=indicator.title,
                explanation=indicator.explanation,
                evidence=evidence,
                weight=indicator.weight,
                severity=indicator.severity,
            )
    return None


def _with_context(indicator: ind.Indicator, norm: NormalText, evidence: str) -> str:
    """Add the co-occurring words ("Kamboja" for an admin job) to the evidence."""
    for p in indicator.compiled_also:
        m = p.search(norm.text)
        if m:
            other = norm.evidence(m.start(), m.end())
            if other and other.lower() not in evidence.lower():
                return f"{evidence} … {other}"
    return evidence


def _salary_flag(norm: NormalText) -> RedFlag | None:
    text = norm.text
    base = ind.INDICATORS_BY_CODE["unrealistic_salary"]
    if re.search(ind.SCAM_PRONE, text) or re.search(ind.SCAM_JOB, text):
        cap = CAP_SCAM_PRONE
    elif _HIGH_WAGE_COUNTRY.search(text):
        cap = CAP_HIGH_WAGE_COUNTRY
    else:
        cap = CAP_DEFAULT
    if cap != CAP_SCAM_PRONE and _SKILLED.search(text):
        cap = int(cap * SKILLED_CAP_FACTOR)
    salaries = find_salaries(text)
    best = max(salaries, key=lambda s: s.idr_per_month, default=None)
    if best is not None and best.idr_per_month > cap:
        high = best.idr_per_month > 2 * cap
        return RedFlag(
            code=base.code,
            title=base.title,
            explanation=base.explanation,
            evidence=norm.evidence(best.start, best.end),
            weight=0.35 if high else base.weight,
            severity="high" if high else "medium",
        )
    hype = _SALARY_HYPE.search(text)
    if hype and not ind.is_negated(text, hype.start()):
        return RedFlag(
            base.code,
            base.title,
            base.explanation,
            norm.evidence(*hype.span()),
            base.weight,
            "medium",
        )
    return None


def _licence_flag(norm: NormalText) -> RedFlag | None:
    """An offer of work abroad that names no licensed placement company (P3MI)."""
    text = norm.text
    if re.search(ind.LICENCE, text) or re.search(ind.OFFICIAL, text) or not _ABROAD.search(text):
        return None
    base = ind.INDICATORS_BY_CODE["no_company_licence"]
    company = _COMPANY.search(text)
    if company and not ind.is_negated(text, company.start()):  # "gak usah pakai PT" names none
        return RedFlag(
            base.code,
            "Perusahaan tanpa nomor izin",
            "Nama perusahaan disebut tanpa izin SIP3MI/SIP2MI; cek dulu apakah terdaftar di SISKOP2MI.",
            norm.evidence(*company.span()),
            0.12,
            "medium",
        )
    return RedFlag(base.code, base.title, base.explanation, "", base.weight, base.severity)


def _legal_elements(text: str) -> tuple[int, list[str]]:
    present = 0
    missing: list[str] = []
    for label, pattern in _LEGAL_ELEMENTS_RE:
        found = any(not ind.is_negated(text, m.start()) for m in pattern.finditer(text))
        if found:
            present += 1
        else:
            missing.append(label)
    return present, missing


def warm_up() -> bool:
    """Load (or train) the shared classifier now; return whether it is available."""
    return shared_classifier() is not None


__all__ = [
    "Assessment",
    "ClassifierProtocol",
    "Level",
    "RedFlag",
    "RuleResult",
    "assess",
    "assess_rules",
    "combine",
    "rules_level",
    "warm_up",
]
