"""Job-offer screener: red flags of trafficking (TPPO) and job fraud in overseas job offers.

Public API (pure; nothing here does I/O at import, ``assess`` does no I/O once warmed up):

    from screening import assess, render_reply, looks_like_job_offer, read_image_text
    from screening import detect_danger, carries_offer
    a = assess(text)            # -> Assessment(level, score, flags, emergency, ...)
    reply = render_reply(a)     # Indonesian reply with one "Risiko: X" line
"""

from screening.assessment import Assessment, RedFlag, assess, warm_up
from screening.danger import Danger, detect_danger, is_urgent, mentions_minor
from screening.danger_detector import THRESHOLD as DANGER_DETECTOR_THRESHOLD
from screening.danger_detector import danger_probability
from screening.detection import carries_offer, forward_carries_offer, looks_like_job_offer
from screening.learned import Detector
from screening.learned import read_yaml as read_author_yaml
from screening.ocr import OcrResult, read_image_text
from screening.offer_detector import THRESHOLD as OFFER_DETECTOR_THRESHOLD
from screening.offer_detector import offer_probability
from screening.pdf import MAX_PDF_BYTES, looks_like_pdf, read_pdf_text
from screening.reply import render_reply

__all__ = [
    "Detector",
    "read_author_yaml",
    "DANGER_DETECTOR_THRESHOLD",
    "danger_probability",
    "OFFER_DETECTOR_THRESHOLD",
    "Assessment",
    "Danger",
    "OcrResult",
    "RedFlag",
    "assess",
    "carries_offer",
    "forward_carries_offer",
    "detect_danger",
    "is_urgent",
    "mentions_minor",
    "looks_like_job_offer",
    "offer_probability",
    "read_image_text",
    "read_pdf_text",
    "looks_like_pdf",
    "MAX_PDF_BYTES",
    "render_reply",
    "warm_up",
]
