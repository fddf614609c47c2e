"""CSV exports: the filtered queue and one case's audit trail.

Cells that a spreadsheet would read as a formula are prefixed with an apostrophe, so a
recruiter's text cannot run anything when an officer opens the file. Every cell is quoted, and a
formula character right after a separator inside a cell (";=", ",+") is neutralised too: some
spreadsheets split on semicolons and would otherwise start a new cell there.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from console.deadlines import Deadline
from escalation import CaseCard, CaseSummary

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUEUE_HEADER = (
    "tiket",
    "status",
    "mendesak",
    "dibuat",
    "tenggat_tanggapan",
    "keterangan_tenggat",
    "tanggapan_pertama",
    "petugas",
    "diteruskan_ke",
    "perekrut",
    "perusahaan",
    "kabupaten",
    "negara_tujuan",
    "skrining",
    "tanda_bahaya",
    "jumlah_bukti",
)
AUDIT_HEADER = ("tiket", "waktu", "oleh", "aksi", "dari_status", "ke_status", "catatan")


_FORMULA_AFTER_SEPARATOR = re.compile(r"([;,\t\r\n|]\s*)([=+\-@])")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = _FORMULA_AFTER_SEPARATOR.sub(r"\1'\2", text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _when(value: datetime | None, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else ""


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    # A BOM lets spreadsheet programs read the file as UTF-8.
    return "\ufeff" + buffer.getvalue()


def queue_csv(rows: list[tuple[CaseSummary, Deadline]], tz: ZoneInfo) -> str:
    """The queue as shown, one case per line."""
    return _csv(
        QUEUE_HEADER,
        (
            (
                c.ticket,
                c.status,
                "ya" if c.urgent else "tidak",
                _when(c.created_at, tz),
                _when(d.due, tz),
                d.label,
                _when(c.first_response_at, tz),
                c.assigned_officer,
                c.forwarded_to,
                c.recruiter_name,
                c.company,
                c.kabupaten,
                c.destination_country,
                c.screening_level,
                " ".join(c.screening_flags),
                c.evidence_count,
            )
            for c, d in rows
        ),
    )


def audit_csv(card: CaseCard, tz: ZoneInfo) -> str:
    """Every status event of one case, oldest first."""
    return _csv(
        AUDIT_HEADER,
        (
            (card.ticket, _when(e.at, tz), e.who, e.action, e.from_status, e.to_status, e.note)
            for e in card.history
        ),
    )
