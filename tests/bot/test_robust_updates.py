"""An update python-telegram-bot cannot parse neither stalls long polling nor reaches the log.

Runs PTB's real ``ExtBot.get_updates`` and ``Updater`` against the fake Bot API server."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import pytest
from fake_telegram import FakeTelegram
from telegram.ext import ApplicationBuilder, ExtBot
from telegram.request import HTTPXRequest

from bot.robust_updates import ReadableUpdatesRequest, install_log_redaction

SECRET_TEXT = "Bu Rahasia 0812-9999-0000"
# A poll lacking the fields of a newer Bot API (no options, no counts): PTB cannot build it.
BROKEN_POLL = {"poll": {"id": "p1", "question": SECRET_TEXT}}


@pytest.fixture(autouse=True)
def no_redaction_left_behind() -> Iterator[None]:
    yield
    for name in ("telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Updater"):
        ptb_logger = logging.getLogger(name)
        for found in [f for f in ptb_logger.filters if type(f).__name__ == "RedactReceivedData"]:
            ptb_logger.removeFilter(found)


@pytest.fixture()
def telegram() -> Iterator[FakeTelegram]:
    server = FakeTelegram().start()
    yield server
    server.stop()


def _bot(telegram: FakeTelegram, request: HTTPXRequest) -> ExtBot:
    return ExtBot(telegram.token, base_url=telegram.base_url, get_updates_request=request)


async def test_plain_ptb_cannot_get_past_the_broken_update_and_logs_its_content(
        telegram: FakeTelegram, caplog: pytest.LogCaptureFixture) -> None:
    """What the guard is for (if PTB changes this, the guard may go)."""
    telegram.send_raw(BROKEN_POLL)
    bot = _bot(telegram, HTTPXRequest())
    async with bot:
        with caplog.at_level(logging.CRITICAL), pytest.raises(Exception):  # noqa: B017
            await bot.get_updates(timeout=0)
    assert SECRET_TEXT in caplog.text


async def test_broken_updates_become_empty_ones_and_the_good_ones_get_through(
        telegram: FakeTelegram, caplog: pytest.LogCaptureFixture) -> None:
    broken = telegram.send_raw(BROKEN_POLL)
    good = telegram.send_text(4242, "halo")
    also_broken = telegram.send_raw({"message": {"message_id": 1, "text": SECRET_TEXT}})
    bot = _bot(telegram, ReadableUpdatesRequest())
    async with bot:
        with caplog.at_level(logging.INFO):
            updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [broken, good, also_broken]
    assert updates[0].effective_message is None and updates[0].poll is None
    assert updates[1].message is not None and updates[1].message.text == "halo"
    assert updates[2].effective_message is None  # the last one too, so the offset moves past it
    assert f"update_id {broken}" in caplog.text and f"update_id {also_broken}" in caplog.text
    assert SECRET_TEXT not in caplog.text


async def test_polling_goes_on_after_a_broken_update(telegram: FakeTelegram,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    bot = _bot(telegram, ReadableUpdatesRequest(read_timeout=5))
    app = ApplicationBuilder().bot(bot).build()
    seen: list[str] = []

    from telegram.ext import MessageHandler, filters

    async def on_text(update, context) -> None:  # type: ignore[no-untyped-def]
        seen.append(update.message.text)

    app.add_handler(MessageHandler(filters.TEXT, on_text))
    telegram.send_raw(BROKEN_POLL)
    telegram.send_text(4242, "pertama")
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        telegram.send_text(4242, "kedua")
        for _ in range(100):
            if len(seen) == 2:
                break
            await asyncio.sleep(0.05)
        await app.updater.stop()
        await app.stop()
    assert seen == ["pertama", "kedua"]
    polls = [m for m, _ in telegram.calls if m == "getUpdates"]
    assert len(polls) < 20, "polling did not spin on the same batch"
    assert SECRET_TEXT not in caplog.text


async def test_ptb_log_lines_that_quote_received_data_keep_only_the_update_ids(
        telegram: FakeTelegram, caplog: pytest.LogCaptureFixture) -> None:
    install_log_redaction()
    install_log_redaction()  # twice is harmless
    broken = telegram.send_raw(BROKEN_POLL)
    bot = _bot(telegram, HTTPXRequest())  # no request guard: PTB's own error path
    async with bot:
        # INFO as in the bot (at DEBUG, PTB logs every API call with its parameters and answer)
        with caplog.at_level(logging.INFO), pytest.raises(Exception):  # noqa: B017
            await bot.get_updates(timeout=0)
    assert SECRET_TEXT not in caplog.text
    assert f"[{broken}]" in caplog.text and "content not logged" in caplog.text
    for name in ("telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Updater"):
        assert len([f for f in logging.getLogger(name).filters
                    if type(f).__name__ == "RedactReceivedData"]) == 1
