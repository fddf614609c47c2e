"""The queue, one case, its evidence, the case actions and the CSV exports."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from console import exports
from console.deadlines import Deadline, deadline_of, queue_order
from console.overview import local_day_bounds
from console.web import (
    STATUS_LABELS,
    clean_text,
    console_of,
    csrf_checked,
    csv_response,
    current_session,
    parse_day,
    render,
)
from escalation import (
    CLOSED_STATUSES,
    FORWARD_TARGETS,
    OPEN_STATUSES,
    TRANSITIONS,
    CaseQuery,
    CaseSummary,
    ConsoleSessionView,
)

log = logging.getLogger(__name__)
router = APIRouter()

STATUS_FILTERS = {
    "terbuka": ("Semua yang terbuka", OPEN_STATUSES),
    "semua": ("Semua status", OPEN_STATUSES | CLOSED_STATUSES),
    **{status: (label, frozenset({status})) for status, label in STATUS_LABELS.items()},
}
ACTIONS = ("take", "ask_info", "forward", "resolve", "reject")
MAX_NOTE = 4000
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filter form, as given in the query string."""

    status: str = "terbuka"
    urgent: str = ""
    kabupaten: str = ""
    negara: str = ""
    perekrut: str = ""
    dari: str = ""
    sampai: str = ""
    q: str = ""

    @classmethod
    def from_request(cls, request: Request) -> QueueFilters:
        params = request.query_params
        values = {
            name: clean_text(params.get(name)).strip()[:200] for name in cls.__dataclass_fields__
        }
        if values["status"] not in STATUS_FILTERS:
            values["status"] = "terbuka"
        return cls(**values)

    def query_string(self) -> str:
        pairs = {
            k: v for k, v in self.__dict__.items() if v and not (k == "status" and v == "terbuka")
        }
        return urlencode(pairs)

    @property
    def active(self) -> bool:
        return bool(self.query_string())


def case_query(filters: QueueFilters, request: Request) -> CaseQuery:
    tz = console_of(request).settings.tz
    since, until = parse_day(filters.dari), parse_day(filters.sampai)
    return CaseQuery(
        statuses=STATUS_FILTERS[filters.status][1],
        urgent={"1": True, "0": False}.get(filters.urgent),
        kabupaten=filters.kabupaten or None,
        destination_country=filters.negara or None,
        recruiter=filters.perekrut or None,
        created_from=local_day_bounds(since, tz) if since else None,
        created_before=local_day_bounds(until + timedelta(days=1), tz) if until else None,
        search=filters.q or None,
    )


def queue_rows(request: Request, query: CaseQuery) -> list[tuple[CaseSummary, Deadline]]:
    """Cases with their deadlines, in queue order."""
    console = console_of(request)
    now = console.now()
    days, tz = console.settings.response_deadline_working_days, console.settings.tz
    rows = [
        (case, deadline_of(case.created_at, case.first_response_at, now, days, tz))
        for case in console.esc.find_cases(query)
    ]
    rows.sort(key=lambda row: queue_order(*row))
    return rows


@router.get("/queue")
def queue(request: Request, session: ConsoleSessionView = Depends(current_session)) -> Response:
    """Open cases, urgent first, then by their first-response deadline."""
    filters = QueueFilters.from_request(request)
    rows = queue_rows(request, case_query(filters, request))
    return render(
        request,
        "queue.html",
        {
            "rows": rows,
            "filters": filters,
            "status_filters": STATUS_FILTERS,
            "facets": console_of(request).esc.case_facets(),
            "deadline_days": console_of(request).settings.response_deadline_working_days,
            "bad_dates": bool(
                (filters.dari and not parse_day(filters.dari))
                or (filters.sampai and not parse_day(filters.sampai))
            ),
        },
    )


@router.get("/queue.csv")
def queue_csv(request: Request, session: ConsoleSessionView = Depends(current_session)) -> Response:
    """The filtered queue as CSV."""
    filters = QueueFilters.from_request(request)
    rows = queue_rows(request, case_query(filters, request))
    log.info("queue exported rows=%d", len(rows))
    day = console_of(request).now().astimezone(console_of(request).settings.tz).date()
    return csv_response(
        exports.queue_csv(rows, console_of(request).settings.tz), f"antrean-{day}.csv"
    )


def _case_page(
    request: Request, ticket: str, *, error: str | None = None, status_code: int = 200
) -> Response:
    console = console_of(request)
    card = console.esc.case(ticket)
    first_response = next((e.at for e in card.history if e.action in ACTIONS), None)
    deadline = deadline_of(
        card.created_at,
        first_response,
        console.now(),
        console.settings.response_deadline_working_days,
        console.settings.tz,
    )
    allowed = [a for a in ACTIONS if card.status in TRANSITIONS[a].allowed_from]
    return render(
        request,
        "case.html",
        {
            "card": card,
            "deadline": deadline,
            "allowed": allowed,
            "forward_targets": FORWARD_TARGETS,
            "linked": console.esc.linked_reports(card.ticket),
            "identifiers": console.esc.case_recruiters(card.ticket),
            "images": [e for e in card.evidence if e.mime in IMAGE_TYPES and e.path],
            "files": [e for e in card.evidence if e.mime not in IMAGE_TYPES and e.path],
            "error": error,
            "done": request.query_params.get("ok"),
        },
        status_code=status_code,
    )


@router.get("/cases/{ticket}")
def case_page(
    ticket: str, request: Request, session: ConsoleSessionView = Depends(current_session)
) -> Response:
    """Everything about one case, with the actions its status allows."""
    return _case_page(request, ticket)


@router.post("/cases/{ticket}/{action}")
def case_action(
    ticket: str,
    action: str,
    request: Request,
    note: str = Form(""),
    to: str = Form(""),
    session: ConsoleSessionView = Depends(csrf_checked),
) -> Response:
    """Take, ask, forward, resolve or reject: the same calls as the Telegram buttons."""
    if action not in ACTIONS:
        raise HTTPException(status_code=404, detail="Aksi tidak dikenal.")
    esc = console_of(request).esc
    actor = session.account.actor
    note = clean_text(note).strip()[:MAX_NOTE]
    try:
        if action == "take":
            esc.take(ticket, actor)
        elif action == "ask_info":
            if not note:
                raise ValueError("Tulis pertanyaan untuk pelapor.")
            esc.ask_info(ticket, actor, note)
        elif action == "forward":
            if to not in FORWARD_TARGETS:
                raise ValueError("Pilih instansi tujuan.")
            esc.forward(ticket, actor, to, note)
        elif action == "resolve":
            esc.resolve(ticket, actor, note)
        else:
            if not note:
                raise ValueError("Tulis alasan penolakan.")
            esc.reject(ticket, actor, note)
    except ValueError as exc:
        return _case_page(request, ticket, error=str(exc), status_code=409)
    return RedirectResponse(f"/cases/{quote(ticket)}?ok={action}", status_code=303)


@router.get("/cases/{ticket}/evidence/{sha256}")
def evidence(
    ticket: str,
    sha256: str,
    request: Request,
    session: ConsoleSessionView = Depends(current_session),
) -> Response:
    """One evidence file of the case; only files recorded for this case are served."""
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise HTTPException(status_code=404, detail="Berkas tidak ditemukan.")
    path, info = console_of(request).esc.evidence_file(ticket, sha256)
    headers = {}
    if info.mime != "application/pdf":
        # Served as a document of its own, an image or text file can run nothing.
        headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    name = info.filename or f"bukti-{sha256[:12]}"
    media_type = "text/plain; charset=utf-8" if info.mime == "text/plain" else info.mime
    return FileResponse(
        path,
        media_type=media_type,
        filename=name,
        content_disposition_type="inline",
        headers=headers,
    )


@router.get("/cases/{ticket}/audit.csv")
def audit_csv(
    ticket: str, request: Request, session: ConsoleSessionView = Depends(current_session)
) -> Response:
    """The full history of one case as CSV."""
    console = console_of(request)
    card = console.esc.case(ticket)
    return csv_response(exports.audit_csv(card, console.settings.tz), f"riwayat-{card.ticket}.csv")
