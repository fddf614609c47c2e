"""The real bot process and an update it cannot parse: polling goes on, the log keeps only its id."""

from __future__ import annotations

import pytest
from fake_telegram import FakeTelegram
from harness import BotProcess

pytestmark = pytest.mark.e2e

USER = 7_310_001
SECRET_TEXT = "Bu Rahasia 0812-9999-0000"


def test_after_a_poll_the_bot_cannot_read_the_next_message_is_answered_and_not_logged(
        bot: BotProcess, fake_telegram: FakeTelegram) -> None:
    # A poll lacking the fields of a newer Bot API: PTB 22 cannot build it.
    broken = fake_telegram.send_raw({"poll": {"id": "p1", "question": SECRET_TEXT}})
    fake_telegram.send_text(USER, "/start")
    reply = fake_telegram.wait_for(USER, lambda m: "Pandu Migran" in m.text, timeout=40)
    assert reply.text
    # a second one, alone in its batch: the offset must move past it as well
    again = fake_telegram.send_raw({"message": {"message_id": 5, "text": SECRET_TEXT}})
    before = fake_telegram.count_to(USER)
    fake_telegram.send_text(USER, "/start")
    fake_telegram.wait_for(USER, lambda m: "Pandu Migran" in m.text, after=before, timeout=40)
    log = bot.log()
    assert SECRET_TEXT not in log  # PTB itself quotes the raw batch in a CRITICAL line
    assert str(broken) in log and str(again) in log
