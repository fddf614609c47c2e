"""Imported lists of licensed recruitment agencies (P3MI) and the look-up the bot uses.

The list is whatever an administrator uploads, stored with the source and date they give;
nothing here claims a list is official. A file that calls itself an example ("CONTOH",
"bukan daftar resmi") is flagged as a sample everywhere it is shown.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalation.accounts import append_audit
from escalation.matching import normalize_company
from escalation.models import AgencyList, LicensedAgency
from escalation.views import AgencyInfo, AgencyListInfo

MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_SOURCE = 255
_NAME_COLUMNS = {
    "nama_perusahaan",
    "nama perusahaan",
    "perusahaan",
    "nama_p3mi",
    "nama p3mi",
    "nama",
    "company",
    "company_name",
    "name",
}
_LICENCE_COLUMNS = {
    "nomor_izin",
    "nomor izin",
    "no_izin",
    "no izin",
    "no. izin",
    "izin",
    "nomor_sip3mi",
    "no_sip3mi",
    "sip3mi",
    "licence_number",
    "license_number",
    "licence",
    "license",
}
_VALID_COLUMNS = {
    "berlaku_sampai",
    "berlaku sampai",
    "berlaku_hingga",
    "berlaku hingga",
    "masa_berlaku",
    "masa berlaku",
    "tanggal_berlaku",
    "valid_until",
    "expiry",
    "expires",
}
_NOTE_COLUMNS = {"catatan", "keterangan", "note", "notes"}
_SAMPLE_MARKERS = re.compile(r"\bcontoh\b|bukan daftar resmi|\bsample\b|\bexample\b", re.I)
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


@dataclass(frozen=True)
class AgencyRecord:
    """One parsed row of an agency list."""

    name: str
    name_key: str
    licence_number: str
    valid_until: date | None


def parse_date(text: str) -> date | None:
    """``YYYY-MM-DD``, ``DD/MM/YYYY``, ``DD-MM-YYYY`` or ``DD.MM.YYYY``; empty is ``None``."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"tanggal tidak dikenali: {text[:30]!r}")


def parse_agency_csv(data: bytes | str) -> tuple[list[AgencyRecord], bool]:
    """Parse an uploaded list; returns the rows and whether the file marks itself a sample.

    Lines starting with ``#`` are comments. The delimiter may be ``,`` or ``;``. Raises
    ``ValueError`` with an Indonesian, user-safe message naming the bad line.
    """
    try:
        return _parse_agency_csv(data)
    except csv.Error:  # a cell over the csv module's field limit, or a broken quote
        raise ValueError(
            "Berkas CSV tidak bisa dibaca: ada sel yang rusak atau terlalu panjang."
        ) from None


def _parse_agency_csv(data: bytes | str) -> tuple[list[AgencyRecord], bool]:
    if isinstance(data, bytes):
        if len(data) > MAX_CSV_BYTES:
            raise ValueError("Berkas terlalu besar (maksimal 5 MB).")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    else:
        text = data.lstrip("\ufeff")
    text = text.replace("\x00", "")  # PostgreSQL cannot store NUL; no list needs it
    lines = text.splitlines()
    comments = [line for line in lines if line.lstrip().startswith("#")]
    body = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not body:
        raise ValueError("Berkas kosong: tidak ada baris data.")
    delimiter = ";" if body[0].count(";") > body[0].count(",") else ","
    reader = csv.reader(io.StringIO("\n".join(body)), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]

    def column(names: set[str], label: str, required: bool = True) -> int | None:
        for index, name in enumerate(header):
            if name in names:
                return index
        if required:
            raise ValueError(f"Kolom '{label}' tidak ditemukan di baris judul.")
        return None

    name_col = column(_NAME_COLUMNS, "nama_perusahaan")
    licence_col = column(_LICENCE_COLUMNS, "nomor_izin")
    valid_col = column(_VALID_COLUMNS, "berlaku_sampai", required=False)
    note_col = column(_NOTE_COLUMNS, "catatan", required=False)
    sample = any(_SAMPLE_MARKERS.search(line) for line in comments)
    records: list[AgencyRecord] = []
    for line_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(records) >= MAX_ROWS:
            raise ValueError(f"Terlalu banyak baris (maksimal {MAX_ROWS}).")

        def cell(index: int | None, row: list[str] = row) -> str:
            return row[index].strip() if index is not None and index < len(row) else ""

        name, licence = cell(name_col), cell(licence_col)
        if note_col is not None and _SAMPLE_MARKERS.search(cell(note_col)):
            sample = True
        key = normalize_company(name)
        if not name or not key:
            raise ValueError(f"Baris {line_no}: nama perusahaan kosong atau terlalu pendek.")
        if not licence:
            raise ValueError(f"Baris {line_no}: nomor izin kosong.")
        try:
            valid_until = parse_date(cell(valid_col))
        except ValueError as exc:
            raise ValueError(f"Baris {line_no}: {exc}.") from None
        records.append(
            AgencyRecord(
                name=name[:500],
                name_key=key[:255],
                licence_number=licence[:255],
                valid_until=valid_until,
            )
        )
    if not records:
        raise ValueError("Berkas kosong: tidak ada baris data.")
    return records, sample


def list_info(row: AgencyList) -> AgencyListInfo:
    return AgencyListInfo(
        id=row.id,
        source=row.source,
        list_date=row.list_date,
        sample=row.sample,
        row_count=row.row_count,
        imported_by=row.imported_by,
        imported_at=row.imported_at,
    )


def import_list(
    session: Session,
    records: list[AgencyRecord],
    *,
    sample: bool,
    source: str,
    list_date: date,
    actor: str,
    now: datetime,
) -> AgencyListInfo:
    """Store a parsed list as a new version (older versions stay, for the record)."""
    source = " ".join((source or "").split())[:MAX_SOURCE]
    if not source:
        raise ValueError("Sumber daftar wajib diisi (misalnya nama instansi dan tautan).")
    row = AgencyList(
        source=source,
        list_date=list_date,
        sample=sample,
        row_count=len(records),
        imported_by=actor,
        imported_at=now,
    )
    session.add(row)
    session.flush()
    session.add_all(
        LicensedAgency(
            list_id=row.id,
            name=r.name,
            name_key=r.name_key,
            licence_number=r.licence_number,
            valid_until=r.valid_until,
        )
        for r in records
    )
    note = f"{len(records)} perusahaan; tanggal daftar {list_date.isoformat()}; sumber: {source}"
    if sample:
        note += " (CONTOH, bukan daftar resmi)"
    append_audit(session, actor, "import_p3mi", f"agency_list:{row.id}", note, now)
    return list_info(row)


def newest_list(session: Session) -> AgencyList | None:
    return session.scalars(
        select(AgencyList).order_by(AgencyList.list_date.desc(), AgencyList.id.desc()).limit(1)
    ).one_or_none()


def find_agency(session: Session, name: str) -> AgencyInfo | None:
    """The company named ``name`` on the newest list (``PT``/``CV`` and punctuation ignored)."""
    key = normalize_company((name or "")[:500])
    if not key:
        return None
    current = newest_list(session)
    if current is None:
        return None
    rows = list(
        session.scalars(
            select(LicensedAgency).where(
                LicensedAgency.list_id == current.id, LicensedAgency.name_key == key
            )
        )
    )
    if not rows:
        return None
    best = max(rows, key=lambda r: (r.valid_until is None, r.valid_until or date.min))
    return AgencyInfo(
        name=best.name,
        licence_number=best.licence_number,
        valid_until=best.valid_until,
        list_date=current.list_date,
        list_source=current.source,
        list_is_sample=current.sample,
    )


def all_lists(session: Session) -> list[AgencyListInfo]:
    rows = session.scalars(
        select(AgencyList).order_by(AgencyList.list_date.desc(), AgencyList.id.desc())
    )
    return [list_info(row) for row in rows]
