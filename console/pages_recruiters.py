"""Recruiter search and pages, the verified-illegal mark, and the P3MI licence check."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from console.web import clean_text, console_of, csrf_checked, current_session, render
from escalation import ConsoleSessionView, NotFound

router = APIRouter()
MAX_QUERY = 200
MAX_ID = 2**31 - 1  # recruiters.id is a 32-bit INTEGER; larger numbers cannot even be queried


def _checked_id(recruiter_id: int) -> int:
    if not 1 <= recruiter_id <= MAX_ID:
        raise NotFound("recruiter")
    return recruiter_id


@router.get("/recruiters")
def recruiter_search(
    request: Request, session: ConsoleSessionView = Depends(current_session)
) -> Response:
    """Look up a name, phone, handle or company: earlier reports and the P3MI list."""
    esc = console_of(request).esc
    q = clean_text(request.query_params.get("q")).strip()[:MAX_QUERY]
    info = esc.recruiter_lookup(q) if q else None
    identifiers = [esc.recruiter(rid).identifier for rid in info.recruiter_ids] if info else []
    return render(
        request,
        "recruiters.html",
        {
            "q": q,
            "info": info,
            "identifiers": identifiers,
            "agency": esc.licensed_agency(q) if q else None,
            "agency_lists": esc.agency_lists()[:1],
            "today": console_of(request).now().astimezone(console_of(request).settings.tz).date(),
        },
    )


def _recruiter_page(
    request: Request, recruiter_id: int, *, error: str | None = None, status_code: int = 200
) -> Response:
    return render(
        request,
        "recruiter.html",
        {
            "detail": console_of(request).esc.recruiter(recruiter_id),
            "error": error,
            "done": request.query_params.get("ok"),
        },
        status_code=status_code,
    )


@router.get("/recruiters/{recruiter_id}")
def recruiter_page(
    recruiter_id: int, request: Request, session: ConsoleSessionView = Depends(current_session)
) -> Response:
    """Every identifier and report of one recruiter, and its verdict history."""
    return _recruiter_page(request, _checked_id(recruiter_id))


@router.post("/recruiters/{recruiter_id}/verdict")
def recruiter_verdict(
    recruiter_id: int,
    request: Request,
    verified: str = Form(""),
    note: str = Form(""),
    session: ConsoleSessionView = Depends(csrf_checked),
) -> Response:
    """Mark (or unmark) a recruiter as verified illegal; a note is required."""
    recruiter_id = _checked_id(recruiter_id)
    note = clean_text(note)
    if not note.strip():
        return _recruiter_page(
            request, recruiter_id, error="Tulis catatan dasar verifikasi.", status_code=400
        )
    console_of(request).esc.mark_recruiter(
        recruiter_id, session.account.actor, verified_illegal=verified == "1", note=note[:2000]
    )
    return RedirectResponse(f"/recruiters/{recruiter_id}?ok=1", status_code=303)
