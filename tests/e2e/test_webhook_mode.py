"""End to end: webhook mode registers itself and checks Telegram's secret-token header."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest
from fake_telegram import FakeTelegram, free_port
from harness import start_bot

pytestmark = pytest.mark.e2e

SECRET = "webhook-secret-for-tests"


def post_update(url: str, update: dict, secret: str | None) -> int:
    request = urllib.request.Request(url, data=json.dumps(update).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    if secret is not None:
        request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_webhook_mode_answers_only_with_the_right_secret(stack, fake_telegram: FakeTelegram,
                                                         tmp_path) -> None:
    port = free_port()
    env = {"WEBHOOK_URL": f"http://127.0.0.1:{port}", "WEBHOOK_PORT": str(port),
           "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_SECRET": SECRET}
    bot = start_bot(stack, fake_telegram, tmp_path / "bot.log", env, ready_method="setWebhook")
    calls = [p for m, p in list(fake_telegram.calls) if m == "setWebhook"]
    assert calls[-1]["url"] == f"http://127.0.0.1:{port}/telegram"
    assert calls[-1]["secret_token"] == SECRET
    url = f"http://127.0.0.1:{port}/telegram"
    update = {"update_id": 1, "message": fake_telegram.message(8880001, text="/start", entities=[
        {"type": "bot_command", "offset": 0, "length": 6}])}
    status = 0
    for _ in range(50):  # the web server may need a moment after setWebhook
        try:
            status = post_update(url, update, "wrong-secret")
            break
        except urllib.error.URLError:
            time.sleep(0.2)
    assert status == 403
    assert post_update(url, dict(update, update_id=2), None) == 403
    assert post_update(url, dict(update, update_id=3), SECRET) == 200
    reply = fake_telegram.wait_for(8880001, lambda m: "Pandu Migran" in m.text)
    assert fake_telegram.count_to(8880001) == 1, "only the update with the right secret counted"
    assert reply.buttons
    bot.stop()
