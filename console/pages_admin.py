"""Administrators: officers' accounts (with their Telegram ids) and the P3MI list import."""

from __future__ import annotations

import logging
import re
from datetime import date

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from console.web import admin_csrf_checked, admin_session, clean_text, console_of, render
from escalation import MIN_PASSWORD_LENGTH, ConsoleSessionView, NotFound

log = logging.getLogger(__name__)
router = APIRouter(prefix="/admin")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
_TELEGRAM_ID = re.compile(r"-?[0-9]{1,19}")


def _telegram_id(text: str) -> int | None:
    """An id typed by an administrator; ASCII digits only, and within the BIGINT column."""
    text = text.strip()
    if not text:
        return None
    if not _TELEGRAM_ID.fullmatch(text) or not -(2**63) < int(text) < 2**63:
        raise ValueError("ID Telegram harus berupa angka.")
    return int(text)


def _officers_page(
    request: Request, *, error: str | None = None, status_code: int = 200
) -> Response:
    return render(
        request,
        "admin_officers.html",
        {
            "accounts": console_of(request).esc.console_accounts(),
            "error": error,
            "done": request.query_params.get("ok"),
            "min_password": MIN_PASSWORD_LENGTH,
        },
        status_code=status_code,
    )


@router.get("")
def admin_home(session: ConsoleSessionView = Depends(admin_session)) -> Response:
    return RedirectResponse("/admin/officers", status_code=303)


@router.get("/officers")
def officers(request: Request, session: ConsoleSessionView = Depends(admin_session)) -> Response:
    """Every console account, and the form to add one."""
    return _officers_page(request)


@router.post("/officers")
def add_officer(
    request: Request,
    username: str = Form(""),
    name: str = Form(""),
    password: str = Form(""),
    role: str = Form("petugas"),
    telegram_user_id: str = Form(""),
    session: ConsoleSessionView = Depends(admin_csrf_checked),
) -> Response:
    """Add an officer; with a Telegram id they can also act in the officers' group."""
    try:
        console_of(request).esc.create_console_account(
            username,
            password,
            name=clean_text(name),
            role=role,
            telegram_user_id=_telegram_id(telegram_user_id),
            officer_id=session.account.actor,
        )
    except ValueError as exc:
        return _officers_page(request, error=str(exc), status_code=400)
    return RedirectResponse("/admin/officers?ok=dibuat", status_code=303)


@router.post("/officers/{username}")
def change_officer(
    username: str,
    request: Request,
    change: str = Form(""),
    telegram_user_id: str = Form(""),
    password: str = Form(""),
    role: str = Form(""),
    session: ConsoleSessionView = Depends(admin_csrf_checked),
) -> Response:
    """Link a Telegram id, set a new password, change the role, or (de)activate."""
    esc = console_of(request).esc
    actor = session.account.actor
    # Account names are matched trimmed and lower-cased: "/admin/officers/ADMIN" is one's own too.
    own = username.strip().lower() == session.account.username
    try:
        if change == "telegram":
            telegram_id = _telegram_id(telegram_user_id)
            esc.update_console_account(
                username,
                officer_id=actor,
                telegram_user_id=telegram_id,
                unlink_telegram=telegram_id is None,
            )
        elif change == "password":
            esc.update_console_account(username, officer_id=actor, password=password)
        elif change == "role":
            if own:
                raise ValueError("Anda tidak bisa mengubah peran akun sendiri.")
            esc.update_console_account(username, officer_id=actor, role=role)
        elif change in ("deactivate", "activate"):
            if own:
                raise ValueError("Anda tidak bisa menonaktifkan akun sendiri.")
            esc.update_console_account(username, officer_id=actor, active=change == "activate")
        else:
            raise ValueError("Perubahan tidak dikenal.")
    except NotFound:
        return _officers_page(request, error="Akun tidak ditemukan.", status_code=404)
    except ValueError as exc:
        return _officers_page(request, error=str(exc), status_code=400)
    return RedirectResponse("/admin/officers?ok=diubah", status_code=303)


def _p3mi_page(request: Request, *, error: str | None = None, status_code: int = 200) -> Response:
    return render(
        request,
        "admin_p3mi.html",
        {
            "lists": console_of(request).esc.agency_lists(),
            "error": error,
            "done": request.query_params.get("ok"),
        },
        status_code=status_code,
    )


@router.get("/p3mi")
def p3mi(request: Request, session: ConsoleSessionView = Depends(admin_session)) -> Response:
    """Imported lists of licensed agencies, and the upload form."""
    return _p3mi_page(request)


@router.post("/p3mi")
async def import_p3mi(
    request: Request,
    source: str = Form(""),
    list_date: str = Form(""),
    file: UploadFile = File(...),
    session: ConsoleSessionView = Depends(admin_csrf_checked),
) -> Response:
    """Import an uploaded CSV as the newest list."""
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    try:
        if len(data) > MAX_UPLOAD_BYTES:
            raise ValueError("Berkas terlalu besar (maksimal 5 MB).")
        try:
            day = date.fromisoformat(list_date)
        except ValueError:
            raise ValueError("Isi tanggal daftar (tanggal terbit daftar resmi).") from None
        imported = await run_in_threadpool(
            console_of(request).esc.import_agency_list,
            data,
            source=clean_text(source),
            list_date=day,
            officer_id=session.account.actor,
        )
    except ValueError as exc:
        return await run_in_threadpool(_p3mi_page, request, error=str(exc), status_code=400)
    log.info("p3mi list imported rows=%d", imported.row_count)
    return RedirectResponse("/admin/p3mi?ok=1", status_code=303)
