"""Request bodies are bounded before anything parses them (console.limits.BodyLimit)."""

from __future__ import annotations

import asyncio

from console.limits import FORM_LIMIT, UPLOAD_LIMIT, BodyLimit


class _Recorder:
    def __init__(self) -> None:
        self.sent: list[dict] = []

    async def __call__(self, message: dict) -> None:
        self.sent.append(message)

    @property
    def status(self) -> int:
        return next(m["status"] for m in self.sent if m["type"] == "http.response.start")


def _scope(path: str, headers: list[tuple[bytes, bytes]] | None = None) -> dict:
    return {"type": "http", "method": "POST", "path": path, "headers": headers or []}


def _reading_app(reads: list[int]):
    async def app(scope, receive, send):
        while True:
            message = await receive()
            reads.append(len(message.get("body", b"")))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
    return app


def _chunks(total: int, size: int = 64 * 1024):
    pulled = {"n": 0}

    async def receive() -> dict:
        pulled["n"] += 1
        sent = (pulled["n"] - 1) * size
        left = total - sent
        body = b"x" * max(0, min(size, left))
        return {"type": "http.request", "body": body, "more_body": left > size}
    return receive, pulled


def test_a_declared_length_over_the_limit_is_refused_before_any_byte_is_read() -> None:
    reads: list[int] = []
    receive, pulled = _chunks(1_500_000_000)
    send = _Recorder()
    scope = _scope("/cases/LAP-1/note", [(b"content-length", b"1500000000")])
    asyncio.run(BodyLimit(_reading_app(reads))(scope, receive, send))
    assert send.status == 413 and pulled["n"] == 0 and reads == []


def test_a_streamed_body_is_cut_off_at_the_limit() -> None:
    reads: list[int] = []
    receive, pulled = _chunks(50 * 1024 * 1024)  # chunked: no Content-Length
    send = _Recorder()
    asyncio.run(BodyLimit(_reading_app(reads))(_scope("/cases/LAP-1/note"), receive, send))
    assert send.status == 413
    assert sum(reads) <= FORM_LIMIT and pulled["n"] * 64 * 1024 <= FORM_LIMIT + 64 * 1024


def test_an_anonymous_upload_goes_to_sign_in_without_its_body_being_read() -> None:
    reads: list[int] = []
    receive, pulled = _chunks(UPLOAD_LIMIT - 10)
    send = _Recorder()
    asyncio.run(BodyLimit(_reading_app(reads))(_scope("/admin/p3mi"), receive, send))
    assert send.status == 303 and pulled["n"] == 0
    location = dict(next(m for m in send.sent if m["type"] == "http.response.start")["headers"])
    assert location[b"location"] == b"/login"


def test_a_normal_form_passes_untouched() -> None:
    reads: list[int] = []
    receive, _ = _chunks(2000)
    send = _Recorder()
    asyncio.run(BodyLimit(_reading_app(reads))(_scope("/login"), receive, send))
    assert send.status == 200 and sum(reads) == 2000
