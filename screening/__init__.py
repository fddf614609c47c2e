"""Job-offer screener: red flags of trafficking (TPPO) and job fraud in overseas job offers.

Public API (pure; nothing here does I/O at import, ``assess`` does no I/O once warmed up):

    from screening import assess, render_reply, looks_like_job_offer, read_image_text
    a = assess(text)            # -> Assessment(level, score, flags, emergency, ...)
    reply = render_reply(a)     # Indonesian reply with one "Risiko: X" line
"""

from screening.assessment import Assessment, RedFlag, assess, warm_up
from screening.detection import looks_like_job_offer
from screening.ocr import OcrResult, read_image_text
from screening.reply import render_reply

__all__ = [
    "Assessment",
    "OcrResult",
    "RedFlag",
    "assess",
    "looks_like_job_offer",
    "read_image_text",
    "render_reply",
    "warm_up",
]
