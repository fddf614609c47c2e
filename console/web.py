"""What every page shares: the app's services, the signed-in session, CSRF checks, rendering."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from console.settings import ConsoleSettings, normalise_address
from escalation import ConsoleSessionView, Escalation

SESSION_COOKIE = "pandu_console_session"
LOGIN_CSRF_COOKIE = "pandu_console_login_csrf"
CSRF_FIELD = "csrf_token"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

STATUS_LABELS = {
    "baru": "Baru",
    "ditangani": "Ditangani",
    "menunggu_info": "Menunggu info",
    "diteruskan": "Diteruskan",
    "selesai": "Selesai",
    "ditolak": "Ditolak",
}
ACTION_LABELS = {
    "lapor": "Melapor",
    "take": "Mengambil kasus",
    "ask_info": "Meminta informasi",
    "reply": "Pelapor menjawab",
    "forward": "Meneruskan",
    "resolve": "Menyelesaikan",
    "reject": "Menolak",
    "verify_illegal": "Menandai ilegal (terverifikasi)",
    "unverify_illegal": "Mencabut tanda ilegal",
    "create_account": "Membuat akun",
    "update_account": "Mengubah akun",
    "import_p3mi": "Mengimpor daftar P3MI",
}
KIND_LABELS = {"phone": "Telepon", "handle": "Akun medsos", "name": "Nama", "company": "Perusahaan"}


class SignInRequired(Exception):
    """No valid session: pages redirect to /login, data endpoints answer 401."""


@dataclass
class Console:
    """The services of one console app, kept on ``app.state.console``."""

    settings: ConsoleSettings
    esc: Escalation
    templates: Jinja2Templates
    clock: Callable[[], datetime]

    def now(self) -> datetime:
        return self.clock()


def console_of(request: Request) -> Console:
    console: Console = request.app.state.console
    return console


def current_session(request: Request) -> ConsoleSessionView:
    """The signed-in officer, or :class:`SignInRequired`."""
    console = console_of(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise SignInRequired()
    session = console.esc.console_session(
        token, idle=console.settings.session_idle, max_age=console.settings.session_max_age
    )
    if session is None:
        raise SignInRequired()
    request.state.session = session
    return session


def admin_session(
    session: ConsoleSessionView = Depends(current_session),
) -> ConsoleSessionView:
    """The signed-in officer if an administrator, else 403."""
    if not session.account.is_admin:
        raise HTTPException(status_code=403, detail="Halaman ini hanya untuk administrator.")
    return session


async def csrf_checked(
    request: Request, session: ConsoleSessionView = Depends(current_session)
) -> ConsoleSessionView:
    """The session, after checking the form's CSRF token against it (403 on mismatch)."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not hmac.compare_digest(
        sent.encode(), session.csrf_token.encode()
    ):
        raise HTTPException(status_code=403, detail="Formulir kedaluwarsa atau tidak sah.")
    return session


async def admin_csrf_checked(
    session: ConsoleSessionView = Depends(csrf_checked),
) -> ConsoleSessionView:
    if not session.account.is_admin:
        raise HTTPException(status_code=403, detail="Halaman ini hanya untuk administrator.")
    return session


def _from_trusted_proxy(request: Request) -> bool:
    trusted = console_of(request).settings.trusted_proxies
    peer = request.client.host if request.client else ""
    return bool(trusted) and normalise_address(peer) in trusted


def client_address(request: Request) -> str:
    """The address sign-in failures are counted against: the peer's, or, only when the peer is
    listed in OFFICER_CONSOLE_TRUSTED_PROXIES, the right-most ``X-Forwarded-For`` address that
    is not a trusted proxy (the left part of that header is whatever the client wrote)."""
    peer = normalise_address(request.client.host if request.client else "")
    if not _from_trusted_proxy(request):
        return peer
    trusted = console_of(request).settings.trusted_proxies
    hops = [
        normalise_address(hop)
        for header in request.headers.getlist("x-forwarded-for")
        for hop in header.split(",")
        if hop.strip()
    ]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop[:64]
    return peer


def request_is_secure(request: Request) -> bool:
    """Came over https: directly, or ``X-Forwarded-Proto: https`` from a trusted proxy."""
    if request.url.scheme == "https":
        return True
    if not _from_trusted_proxy(request):
        return False
    values = [v for h in request.headers.getlist("x-forwarded-proto") for v in h.split(",")]
    # The right-most value is the one the trusted proxy set; earlier ones may be the client's.
    return bool(values) and values[-1].strip().lower() == "https"


_CONTROL_CHARS = dict.fromkeys([*(c for c in range(32) if chr(c) not in "\t\n\r"), 0x7F])


def clean_text(value: str | None) -> str:
    """Text from a form or a query string without NUL and the other control characters (but
    tab and line breaks): PostgreSQL cannot store NUL, and none of them belongs in a note."""
    return (value or "").translate(_CONTROL_CHARS)


def parse_day(text: str | None) -> date | None:
    """A date typed in a filter, or None when it is empty, malformed or outside 2000–2100 (a day
    after 9999-12-31 or twelve weeks before 0001-01-01 would overflow)."""
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        return None
    if day is not None and not date(2000, 1, 1) <= day <= date(2100, 12, 31):
        return None
    return day


def cookie_secure(request: Request) -> bool:
    """OFFICER_CONSOLE_COOKIE_SECURE when set, else :func:`request_is_secure`."""
    configured = console_of(request).settings.cookie_secure
    return configured if configured is not None else request_is_secure(request)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page with what the layout needs (the session, its CSRF token, labels)."""
    console = console_of(request)
    session: ConsoleSessionView | None = getattr(request.state, "session", None)
    full = {
        "session": session,
        "csrf_token": session.csrf_token if session else "",
        "tz": console.settings.tz,
        "status_labels": STATUS_LABELS,
        "action_labels": ACTION_LABELS,
        "kind_labels": KIND_LABELS,
        "path": request.url.path,
    }
    full.update(context or {})
    return console.templates.TemplateResponse(request, template, full, status_code=status_code)


def login_redirect_target(request: Request) -> str:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return "/login?next=" + quote(target, safe="")


def safe_next(value: str | None) -> str:
    """Only same-site paths: an open redirect would let a phishing link use our login."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/queue"


def csv_response(body: str, filename: str) -> Response:
    return Response(
        content=body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
