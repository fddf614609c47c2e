"""The bad-input corpus (tests/bad_input.py, 200+ cases) through the real bot, Rasa and actions.

Every private-chat case gets a kind reply within the time limit: Indonesian text, no traceback,
no machine code, no echo of markup as markup. Group and channel cases get no reply to the sender.
After the whole corpus, the bot still answers a plain question: nothing was lost or stuck.
"""

from __future__ import annotations

import re

import pytest
from bad_input import cases, push_case
from fake_telegram import FakeTelegram

pytestmark = pytest.mark.e2e

USER = 777001
_MACHINE = re.compile(r"Traceback|Exception|Error:|not_an_image|too_little_text|too_large|"
                      r"ocr_failed|ocr_unavailable|\bNone\b|\{\"|utter_|action_")


def test_every_bad_input_gets_a_kind_reply_and_the_bot_keeps_working(
        bot, fake_telegram: FakeTelegram) -> None:
    failures: list[str] = []
    corpus = cases()
    assert len(corpus) >= 200
    for index, (case_id, kind, payload) in enumerate(corpus):
        user = USER + index  # one person per case: a flood warning never hides a reply
        before = fake_telegram.count_to(user)
        expects_reply = push_case(fake_telegram, user, kind, payload)
        if not expects_reply:
            continue
        try:
            reply = fake_telegram.wait_for(user, lambda m: m.method in ("sendMessage", "sendPhoto")
                                           and bool(m.text), after=before, timeout=25)
        except TimeoutError:
            failures.append(f"{case_id}: no reply")
            continue
        if _MACHINE.search(reply.text):
            failures.append(f"{case_id}: machine text in reply: {reply.text[:160]!r}")
    assert not failures, "\n".join(failures[:40]) + "\n" + bot.log()[-3000:]
    # after it all (group and channel messages got no reply) the bot is alive and answers
    fresh = USER + len(corpus) + 1
    fake_telegram.send_text(fresh, "syarat kerja ke taiwan apa saja?")
    reply = fake_telegram.wait_for(fresh, lambda m: m.method == "sendMessage", timeout=30)
    assert "taiwan" in reply.text.lower()
    assert bot.proc.poll() is None, "the bot process died"
