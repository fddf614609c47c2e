"""Sign-in and sign-out."""

from __future__ import annotations

import hmac
import logging
import secrets

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from console.web import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    SignInRequired,
    client_address,
    console_of,
    cookie_secure,
    csrf_checked,
    current_session,
    render,
    safe_next,
)
from escalation import AccountLocked, ConsoleSessionView, LoginFailed

log = logging.getLogger(__name__)
router = APIRouter()


def _admin_missing(request: Request) -> bool:
    console = console_of(request)
    if console.settings.admin_password is not None:
        return False
    return not any(a.is_admin and a.active for a in console.esc.console_accounts())


def _login_page(
    request: Request, *, error: str | None = None, status_code: int = 200, next_url: str = ""
) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        {
            "login_csrf": token,
            "error": error,
            "next_url": safe_next(next_url or request.query_params.get("next")),
            "admin_missing": _admin_missing(request),
            "signed_out": request.query_params.get("keluar") == "1",
        },
        status_code=status_code,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request),
        path="/login",
    )
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    """The sign-in form (signed-in officers go straight to the queue)."""
    try:
        current_session(request)
    except SignInRequired:
        return _login_page(request)
    return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)


@router.post("/login")
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next_url: str = Form("", alias="next"),
) -> Response:
    """Check the password; on success set the session cookie and go to the queue."""
    console = console_of(request)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        return _login_page(
            request,
            error="Formulir kedaluwarsa. Silakan coba masuk lagi.",
            status_code=403,
            next_url=next_url,
        )
    try:
        started = console.esc.console_login(
            username[:64],
            password[:1024],
            client=client_address(request),
            max_failures=console.settings.max_failed_logins,
            lockout=console.settings.lockout,
        )
    except AccountLocked as exc:
        # The same text for every name, known or not: it must not tell whether a name exists.
        until = exc.until.astimezone(console.settings.tz).strftime("%H:%M")  # type: ignore[attr-defined]
        return _login_page(
            request,
            error=(
                "Terlalu banyak percobaan yang salah. Masuk dikunci sementara; "
                f"silakan coba lagi setelah pukul {until}."
            ),
            status_code=429,
            next_url=next_url,
        )
    except LoginFailed:
        return _login_page(
            request,
            error="Nama pengguna atau kata sandi salah.",
            status_code=401,
            next_url=next_url,
        )
    response = RedirectResponse(safe_next(next_url), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        started.token,
        max_age=int(console.settings.session_max_age.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, session: ConsoleSessionView = Depends(csrf_checked)) -> Response:
    """End the session on the server and in the browser."""
    console_of(request).esc.console_logout(request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login?keluar=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def home(session: ConsoleSessionView = Depends(current_session)) -> Response:
    return RedirectResponse("/queue", status_code=303)
