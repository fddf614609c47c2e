"""How long a danger message waits while the bot process itself restarts.

The whole stack runs under its supervisor (``scripts/stack.py``, Telegram mode against the fake Bot
API server). Each round ``kill -9``s the bot and at once sends a danger message; measured from the
kill: when the supervisor started a new bot (its pid file), the new bot's first Bot API call
(``getMe``: Python imports and set-up are done), its first ``getUpdates`` (polling started) and the
reply with the help number. Rounds follow each other ``--gap`` seconds apart, as kills did in the
fault run (so a restart back-off shows).

    .venv/bin/python bench/bot_restart.py [--rounds 3] [--gap 20] [--stack scripts/stack.py]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_telegram import FakeTelegram  # noqa: E402
from harness import stack_env  # noqa: E402

HELP = "0800-1000"
DANGER = "tolong saya dikurung majikan, paspor ditahan, tidak boleh keluar"


class TimedTelegram(FakeTelegram):
    """The fake Bot API server, noting when each method was called."""

    def __init__(self) -> None:
        super().__init__()
        self.timed: list[tuple[float, str]] = []

    async def _api(self, request):  # type: ignore[no-untyped-def]
        self.timed.append((time.monotonic(), request.match_info["method"]))
        return await super()._api(request)

    def first_after(self, method: str, after: float) -> float | None:
        return next((at for at, name in list(self.timed) if name == method and at > after), None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--gap", type=float, default=20.0, help="seconds between kills")
    parser.add_argument("--output", default=None, help="write the rounds as JSON here")
    parser.add_argument("--stack", default="scripts/stack.py",
                        help="the supervisor to run (e.g. an older copy, to compare)")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="pandu-restart-"))
    tg = TimedTelegram().start()
    env = stack_env(var_dir, "restart-bench-secret-0123456789", telegram=tg)
    log_path = var_dir / "stack.log"
    with open(log_path, "wb") as log:
        stack = subprocess.Popen([str(ROOT / ".venv" / "bin" / "python"), args.stack],
                                 cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                 start_new_session=True)
    pid_file = var_dir / "pids" / "bot.pid"
    rounds: list[dict] = []
    try:
        deadline = time.monotonic() + 300
        while tg.first_after("getUpdates", 0) is None:
            if time.monotonic() > deadline or stack.poll() is not None:
                raise SystemExit("stack did not start:\n" + log_path.read_text()[-3000:])
            time.sleep(0.2)
        time.sleep(3)
        for number in range(args.rounds):
            user = 9100 + number
            old_pid = int(pid_file.read_text())
            killed = time.monotonic()
            os.kill(old_pid, signal.SIGKILL)
            tg.send_text(user, DANGER)
            new_pid_at = None
            while time.monotonic() - killed < 60:
                try:
                    if int(pid_file.read_text()) != old_pid:
                        new_pid_at = time.monotonic()
                        break
                except (OSError, ValueError):
                    pass
                time.sleep(0.01)
            reply = tg.wait_for(user, lambda m: HELP in m.text, timeout=60)
            row = {
                "round": number + 1,
                "supervisor_restarted_s": round(new_pid_at - killed, 2) if new_pid_at else None,
                "first_api_call_s": round((tg.first_after("getMe", killed) or killed) - killed, 2),
                "first_get_updates_s": round((tg.first_after("getUpdates", new_pid_at or killed)
                                              or killed) - killed, 2),
                "reply_s": round(reply.at - killed, 2),
            }
            rounds.append(row)
            print(json.dumps(row), flush=True)
            if number + 1 < args.rounds:
                time.sleep(max(0.0, args.gap - (time.monotonic() - killed)))
    finally:
        stack.send_signal(signal.SIGTERM)
        try:
            stack.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(stack.pid, signal.SIGKILL)
        tg.stop()
    print("\n| round | supervisor restarted (s) | first API call (s) | first getUpdates (s) "
          "| danger reply (s) |\n|---|---|---|---|---|")
    for row in rounds:
        print(f"| {row['round']} | {row['supervisor_restarted_s']} | {row['first_api_call_s']} "
              f"| {row['first_get_updates_s']} | {row['reply_s']} |")
    if args.output:
        Path(args.output).write_text(json.dumps(rounds, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
