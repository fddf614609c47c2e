"""A late answer is preceded by the help numbers, and still delivered (issue 11).

Rasa waits on its action server (while it starts, or when it hangs) for up to minutes before it
answers or fails; the bot's own timeout is 20 s, tried twice. A person in danger gets the help
numbers after ``slow_reply_s`` instead. The stand-in Rasa here is a real HTTP server that accepts
the connection and answers late, as Rasa did while a restarted action server loaded its models.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

import pytest

from bot.conversation import Conversation
from bot.messages import Hotlines
from bot.rasa_client import RasaClient, Reply

HOTLINES = Hotlines(kp2mi="0800-1000", kemlu="+62 812-9007-0800", police="110")
DANGER = "tolong saya dikurung majikan, paspor ditahan, tidak boleh keluar"
ANSWER = "Keselamatan Anda yang paling penting. Hubungi KP2MI 0800-1000."


class LateRasa:
    """Answers the REST channel after ``delay_s`` (never, when None)."""

    def __init__(self) -> None:
        self.delay_s: float | None = 0.0
        self.requests = 0
        self.server: asyncio.Server | None = None

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        await reader.readexactly(length)
        try:
            if head.startswith(b"GET "):  # the tracker: a conversation with nothing in it yet
                body = json.dumps({"events": []}).encode()
            else:
                self.requests += 1
                if self.delay_s is None:
                    await asyncio.sleep(3600)
                await asyncio.sleep(self.delay_s)
                body = json.dumps([{"recipient_id": "x", "text": ANSWER}]).encode()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            await writer.drain()
        finally:
            writer.close()

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"


@pytest.fixture()
async def rasa() -> AsyncIterator[LateRasa]:
    stub = LateRasa()
    stub.server = await asyncio.start_server(stub.handle, "127.0.0.1", 0)
    yield stub
    stub.server.close()


def conversation(url: str, slow_reply_s: float = 0.3, timeout_s: float = 20.0) -> Conversation:
    return Conversation(RasaClient(url, timeout_s), b"k" * 32, HOTLINES, slow_reply_s)


class Chat:
    """What the person sees, with the time each message went out."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.sent: list[tuple[float, str]] = []

    async def send(self, replies: list[Reply]) -> None:
        self.sent += [(time.monotonic() - self.started, r.text) for r in replies]


async def test_a_late_answer_comes_after_the_help_numbers(rasa: LateRasa) -> None:
    rasa.delay_s = 1.5
    conv, chat = conversation(rasa.url), Chat()
    replies = await conv.in_time(7, conv.text(7, DANGER), chat.send)
    await chat.send(replies)
    (notice_at, notice), (answer_at, answer) = chat.sent
    assert notice_at < 1.0, chat.sent
    assert HOTLINES.kp2mi in notice and HOTLINES.kemlu in notice and "tunggu" in notice
    assert answer == ANSWER and answer_at >= 1.4  # Rasa's own answer still arrives
    assert rasa.requests == 1  # nothing was sent to Rasa twice
    await conv.rasa.close()


async def test_an_answer_in_time_comes_alone(rasa: LateRasa) -> None:
    conv, chat = conversation(rasa.url), Chat()
    replies = await conv.in_time(7, conv.text(7, DANGER), chat.send)
    assert [r.text for r in replies] == [ANSWER] and chat.sent == []
    await conv.rasa.close()


async def test_a_hanging_rasa_gives_the_numbers_at_once_then_the_outage_reply(
        rasa: LateRasa) -> None:
    rasa.delay_s = None  # accepts the connection, never answers
    conv, chat = conversation(rasa.url, timeout_s=1.0), Chat()
    replies = await conv.in_time(7, conv.text(7, DANGER), chat.send)
    assert len(chat.sent) == 1 and chat.sent[0][0] < 1.0
    assert HOTLINES.kp2mi in chat.sent[0][1]
    assert "terganggu" in replies[0].text and HOTLINES.kp2mi in replies[0].text
    await conv.rasa.close()


async def test_one_notice_a_minute_per_person(rasa: LateRasa) -> None:
    rasa.delay_s = 0.6
    conv, chat = conversation(rasa.url), Chat()
    for _ in range(2):
        await conv.in_time(7, conv.text(7, "halo"), chat.send)
    await conv.in_time(8, conv.text(8, DANGER), chat.send)
    assert len(chat.sent) == 2  # person 7 once, person 8 once
    await conv.rasa.close()


async def test_a_failing_notice_never_loses_the_answer(rasa: LateRasa) -> None:
    rasa.delay_s = 0.6
    conv = conversation(rasa.url)

    async def broken_send(replies: list[Reply]) -> None:
        raise OSError("telegram unreachable")

    replies = await conv.in_time(7, conv.text(7, DANGER), broken_send)
    assert [r.text for r in replies] == [ANSWER]
    await conv.rasa.close()


async def test_zero_turns_the_notice_off(rasa: LateRasa) -> None:
    rasa.delay_s = 0.6
    conv, chat = conversation(rasa.url, slow_reply_s=0), Chat()
    replies = await conv.in_time(7, conv.text(7, DANGER), chat.send)
    assert [r.text for r in replies] == [ANSWER] and chat.sent == []
    await conv.rasa.close()
