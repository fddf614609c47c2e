"""End-to-end latency and throughput of the bot, beside Rasa's own REST latency, in one run.

Starts the real stack (Rasa + action server) and the real bot process against the local fake Bot API
server, then measures update-in → first-reply-out for 1 chat and for 40 concurrent chats × 5
messages, and the same messages sent straight to Rasa's REST channel. Also records the cold start of
the servers with a trained model. Prints a table and writes bench/results/e2e_latency.json.

Run: .venv/bin/python bench/e2e_latency.py   (or `make bench`)
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from fake_telegram import FakeTelegram  # noqa: E402
from harness import start_bot, start_stack  # noqa: E402

MESSAGES = [
    "halo kak",
    "apa saja syarat kerja ke luar negeri yang resmi?",
    "brp biaya penempatan ke taiwan",
    "apakah paspor boleh dipegang agen?",
    "makasih ya",
]
CHATS = 40
PER_CHAT = 5


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    return {"n": len(ordered), "p50_ms": round(pick(0.50) * 1000, 1),
            "p95_ms": round(pick(0.95) * 1000, 1), "p99_ms": round(pick(0.99) * 1000, 1),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1)}


def bot_round_trip(telegram: FakeTelegram, chat_id: int, text: str) -> float:
    before = telegram.count_to(chat_id)
    started = time.monotonic()
    telegram.send_text(chat_id, text)
    reply = telegram.wait_for(chat_id, lambda m: m.method == "sendMessage", after=before,
                              timeout=60)
    return reply.at - started


def chat_session(telegram: FakeTelegram, chat_id: int, count: int) -> list[float]:
    return [bot_round_trip(telegram, chat_id, MESSAGES[i % len(MESSAGES)]) for i in range(count)]


def rasa_session(client: httpx.Client, url: str, sender: str, count: int) -> list[float]:
    times = []
    for i in range(count):
        started = time.monotonic()
        response = client.post(url, json={"sender": sender, "message": MESSAGES[i % len(MESSAGES)]})
        response.raise_for_status()
        times.append(time.monotonic() - started)
    return times


def run_concurrent(fn, chats: int) -> tuple[list[float], float]:
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=chats) as pool:
        results = list(pool.map(fn, range(chats)))
    elapsed = time.monotonic() - started
    return [t for chat in results for t in chat], elapsed


def main() -> int:
    var_dir = Path(tempfile.mkdtemp(prefix="pandu-bench-"))
    stack = start_stack(var_dir)
    telegram = FakeTelegram().start()
    bot = start_bot(stack, telegram, var_dir / "bot.log")
    results: dict = {"cold_start_servers_s": round(stack.started_s, 1)}
    try:
        url = stack.rasa_url + "/webhooks/rest/webhook"
        # Warm up both paths (first parses trace lazily-built code).
        for i in range(3):
            bot_round_trip(telegram, 900 + i, "halo")
        with httpx.Client(timeout=60) as client:
            rasa_session(client, url, "warmup", 3)

            single_bot = chat_session(telegram, 1000, 40)
            single_rasa = rasa_session(client, url, "single", 40)

            bot_times, bot_elapsed = run_concurrent(
                lambda i: chat_session(telegram, 2000 + i, PER_CHAT), CHATS)
            with httpx.Client(timeout=60, limits=httpx.Limits(max_connections=CHATS)) as pool:
                rasa_times, rasa_elapsed = run_concurrent(
                    lambda i: rasa_session(pool, url, f"conc-{i}", PER_CHAT), CHATS)
    finally:
        bot.stop()
        telegram.stop()
        stack.stop()

    results["single_chat"] = {"bot": percentiles(single_bot), "rasa_rest": percentiles(single_rasa)}
    results["concurrent"] = {
        "chats": CHATS, "messages_per_chat": PER_CHAT,
        "bot": percentiles(bot_times) | {"messages_per_s": round(len(bot_times) / bot_elapsed, 1)},
        "rasa_rest": percentiles(rasa_times)
        | {"messages_per_s": round(len(rasa_times) / rasa_elapsed, 1)},
    }
    for key in ("single_chat", "concurrent"):
        block = results[key]
        block["p95_ratio_bot_over_rasa"] = round(block["bot"]["p95_ms"] / block["rasa_rest"]["p95_ms"], 2)

    print(f"\nCold start (Rasa + action server ready, trained model): {results['cold_start_servers_s']} s")
    header = f"{'scenario':<28}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'msg/s':>8}"
    print(header)
    print("-" * len(header))
    for key, label in (("single_chat", "1 chat"), ("concurrent", f"{CHATS} chats x {PER_CHAT}")):
        for side in ("bot", "rasa_rest"):
            row = results[key][side]
            print(f"{label + ' ' + ('bot (end to end)' if side == 'bot' else 'Rasa REST'):<28}"
                  f"{row['p50_ms']:>9}{row['p95_ms']:>9}{row['p99_ms']:>9}"
                  f"{row.get('messages_per_s', ''):>8}")
        print(f"{label + ' p95 ratio bot/Rasa':<28}{results[key]['p95_ratio_bot_over_rasa']:>9}")
    out = ROOT / "bench" / "results" / "e2e_latency.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    results["measured_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nsaved {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
