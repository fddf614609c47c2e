"""Request bodies are bounded before anything parses them.

A pure ASGI middleware: a POST whose declared length is over the limit is refused at once (413);
a body that grows over the limit while streaming (chunked, or a lying Content-Length) is cut off
and refused; an upload to a signed-in-only form is refused (303 to the sign-in page) *before* its
body is read when the request carries no valid session. Nothing is written to disk on the way.
"""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie
from typing import Any

from console.pages_admin import MAX_UPLOAD_BYTES
from console.web import SESSION_COOKIE

UPLOAD_PATHS = ("/admin/p3mi",)
UPLOAD_LIMIT = MAX_UPLOAD_BYTES + 256 * 1024  # the file plus the form's other fields
FORM_LIMIT = 256 * 1024  # every other form: notes, replies, passwords
_BODY_METHODS = {"POST", "PUT", "PATCH"}


class BodyTooLarge(Exception):
    """The body went over its limit while it was being read."""


class BodyLimit:
    """Wrap an ASGI app so that no request body over its limit is ever read in full."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        limit = UPLOAD_LIMIT if path in UPLOAD_PATHS else FORM_LIMIT
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _plain(send, 413, "Berkas atau isian terlalu besar.")
            return
        if path in UPLOAD_PATHS and not _signed_in(scope, headers):
            await _redirect(send, "/login")
            return

        received = 0
        started = False

        async def limited_receive() -> dict:
            nonlocal received
            message = await receive()
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message: dict) -> None:
            nonlocal started
            if message.get("type") == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _plain(send, 413, "Berkas atau isian terlalu besar.")


def _signed_in(scope: dict, headers: dict[bytes, bytes]) -> bool:
    raw = headers.get(b"cookie", b"").decode("latin-1")
    try:
        cookie = SimpleCookie(raw)
    except CookieError:
        return False
    morsel = cookie.get(SESSION_COOKIE)
    if morsel is None or not morsel.value:
        return False
    app = scope.get("app")
    console = getattr(getattr(app, "state", None), "console", None)
    if console is None:
        return True  # cannot check here: the route's own sign-in check still runs
    try:
        session = console.esc.console_session(
            morsel.value, idle=console.settings.session_idle,
            max_age=console.settings.session_max_age)
    except Exception:  # the database is down: the route will say so
        return True
    return session is not None


async def _plain(send: Any, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send: Any, location: str) -> None:
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode()), (b"content-length", b"0"),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": b""})
