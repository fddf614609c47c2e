"""End to end: a message the bot fetched but never answered before it was killed is answered by
the next process (bot/inbox.py), once."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from fake_telegram import FakeTelegram
from harness import start_bot

pytestmark = pytest.mark.e2e

USER = 7_320_001


def test_a_message_fetched_before_a_crash_is_answered_after_the_restart(
        stack, fake_telegram: FakeTelegram, tmp_path: Path) -> None:
    # What a killed bot leaves behind: the update on disk, already confirmed at Telegram (the
    # fake server will never send it again), its reply never sent.
    inbox = Path(stack.env["PANDU_VAR_DIR"]) / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    update = {"update_id": 990_001, "message": fake_telegram.message(USER, text="/start", entities=[
        {"type": "bot_command", "offset": 0, "length": 6}])}
    (inbox / "990001-test.json").write_text(json.dumps({"received": time.time(), "update": update}))
    bot = start_bot(stack, fake_telegram, tmp_path / "bot.log")
    try:
        reply = fake_telegram.wait_for(USER, lambda m: "Pandu Migran" in m.text, timeout=60)
        assert reply.text
        deadline = time.monotonic() + 10
        while list(inbox.glob("990001-*.json")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not list(inbox.glob("990001-*.json"))  # its content left with the answer
        # A message sent now is answered as usual, and the replayed one is not answered again:
        # the second /start brings as many messages as the first.
        time.sleep(1.5)
        first = fake_telegram.count_to(USER)
        fake_telegram.send_text(USER, "/start")
        fake_telegram.wait_for(USER, lambda m: "Pandu Migran" in m.text, after=first, timeout=40)
        time.sleep(1.5)
        assert fake_telegram.count_to(USER) == 2 * first
    finally:
        bot.stop()
