"""The FastAPI application of the officers' console: :func:`create_app` and start-up work."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from console import pages_admin, pages_auth, pages_cases, pages_overview, pages_recruiters
from console.limits import BodyLimit
from console.settings import ConsoleSettings
from console.web import (
    SESSION_COOKIE,
    STATIC_DIR,
    TEMPLATES_DIR,
    Console,
    SignInRequired,
    login_redirect_target,
    render,
    request_is_secure,
)
from escalation import DatabaseUnavailable, Escalation, NotFound, consent_label

log = logging.getLogger(__name__)

# No inline scripts or styles and nothing from other origins; evidence pages cannot frame us.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DATA_SUFFIXES = (".csv", ".json")
STARLETTE_MESSAGES = {
    400: "Isian formulir tidak bisa dibaca. Periksa isian dan berkas Anda.",
    404: "Halaman tidak ditemukan.",
    405: "Halaman ini tidak bisa dibuka dengan cara itu.",
}
# Sent only on https (directly or from a trusted proxy): browsers ignore it on plain http.
HSTS = "max-age=31536000"


def _utcnow() -> datetime:
    return datetime.now(UTC)


def build_escalation(settings: ConsoleSettings) -> Escalation:
    """The escalation service over the configured database and evidence folder."""
    return Escalation(
        settings.database_url,
        evidence_dir=settings.evidence_dir,
        secret=settings.sender_secret(),
        pool_size=5,
        max_overflow=5,
    )


def prepare(settings: ConsoleSettings, esc: Escalation) -> None:
    """Start-up work: migrate the schema, then create or update the ``admin`` account."""
    esc.migrate()
    if settings.admin_password is not None:
        esc.ensure_console_admin(settings.admin_password.get_secret_value())
        log.info("console admin account ready")
    else:
        log.warning("OFFICER_CONSOLE_ADMIN_PASSWORD is not set: no admin account is created")


def create_app(
    settings: ConsoleSettings,
    escalation: Escalation | None = None,
    *,
    clock: Callable[[], datetime] = _utcnow,
) -> FastAPI:
    """The console app. Without ``escalation`` one is built from ``settings`` and closed at
    shutdown; call :func:`prepare` (or ``python -m console``) before serving."""
    owned = escalation is None
    esc = escalation if escalation is not None else build_escalation(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            esc.close()

    app = FastAPI(
        title="Konsol Petugas Pandu Migran",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    templates.env.filters["local"] = _local_time
    templates.env.filters["filesize"] = _filesize
    templates.env.globals["consent_label"] = consent_label
    app.state.console = Console(settings=settings, esc=esc, templates=templates, clock=clock)

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    for module in (pages_auth, pages_cases, pages_recruiters, pages_overview, pages_admin):
        app.include_router(module.router)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        if request_is_secure(request):
            response.headers["Strict-Transport-Security"] = HSTS
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
        if request.url.path.endswith(DATA_SUFFIXES) or "json" in request.headers.get("accept", ""):
            response: Response = PlainTextResponse("Silakan masuk dulu.", status_code=401)
        else:
            response = RedirectResponse(login_redirect_target(request), status_code=303)
        if SESSION_COOKIE in request.cookies:
            response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # Starlette's class: FastAPI's HTTPException (ours, Indonesian) is a subclass of it, and the
    # router's 404/405 and the form parser's 400 are raised as Starlette's (English).
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail
        if type(exc) is HTTPException:
            message = STARLETTE_MESSAGES.get(exc.status_code, "Permintaan tidak dapat diproses.")
        if request.url.path.endswith(DATA_SUFFIXES):
            return PlainTextResponse(str(message), status_code=exc.status_code, headers=exc.headers)
        response = render(
            request,
            "error.html",
            {"status": exc.status_code, "message": message},
            status_code=exc.status_code,
        )
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return render(
            request,
            "error.html",
            {"status": 404, "message": "Data tidak ditemukan."},
            status_code=404,
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return render(
            request,
            "error.html",
            {"status": 400, "message": "Isian formulir tidak lengkap."},
            status_code=400,
        )

    @app.exception_handler(DatabaseUnavailable)
    async def database_down(request: Request, exc: DatabaseUnavailable) -> Response:
        return PlainTextResponse(
            "Basis data sedang tidak bisa dihubungi. Coba lagi sebentar lagi.", status_code=503
        )

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> PlainTextResponse:
        """Liveness for the process supervisor; shows no data."""
        return PlainTextResponse("ok")

    app.add_middleware(BodyLimit)
    return app


def _local_time(value: datetime | None, tz: object, fmt: str = "%d/%m/%Y %H:%M") -> str:
    if value is None:
        return "-"
    return value.astimezone(tz).strftime(fmt)  # type: ignore[arg-type]


def _filesize(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
