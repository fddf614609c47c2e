"""Smoke of the bot container: a fake Telegram Bot API on the compose network (docker-smoke.sh).

Runs in the app image (``tests/fake_telegram.py``, the fake the end-to-end tests use), listening
on all addresses so that the bot container reaches it as ``http://faketg:8081/bot``. Waits for the
bot to poll, writes one message as a user, and exits 0 once the bot answered (prints the reply).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import fake_telegram  # noqa: E402
from aiohttp import web  # noqa: E402

PORT = 8081
USER_ID = 4242
POLL_TIMEOUT_S = 240.0

_tcp_site = web.TCPSite


def _any_address(runner, host, port, **kwargs):
    return _tcp_site(runner, "0.0.0.0", port, **kwargs)


def main() -> int:
    fake_telegram.web.TCPSite = _any_address  # the fake binds 127.0.0.1 for the tests
    fake = fake_telegram.FakeTelegram(port=PORT).start()
    print(f"fake Bot API on 0.0.0.0:{PORT}", flush=True)
    deadline = time.monotonic() + POLL_TIMEOUT_S
    while not any(method == "getUpdates" for method, _ in list(fake.calls)):
        if time.monotonic() > deadline:
            print("FAIL: the bot never polled", flush=True)
            return 1
        time.sleep(0.5)
    started = time.monotonic()
    fake.send_text(USER_ID, "halo")
    try:
        reply = fake.wait_for(USER_ID, timeout=60)
    except TimeoutError as exc:
        print(f"FAIL: {exc}", flush=True)
        return 1
    print(f"REPLY after {(time.monotonic() - started) * 1000:.0f} ms: {reply.text[:200]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
