"""Drive one checkout's bot message handling against its Rasa server; used by understanding_eval.py.

Run with ``PYTHONPATH=<checkout root>`` so that ``bot`` is that checkout's own front end: the old
pipeline is measured the way users met it (its pasted-offer gate included), the new one likewise.

Input (JSON lines): {"id": ..., "turns": [{"channel": "text"|"cek"|"forward", "text": ...}, ...]}
Output (JSON lines): {"id": ..., "replies": [[{"text", "buttons"}...] per turn], "ms": [...]}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid


async def run(rasa_url: str, inputs: list[dict], concurrency: int) -> list[dict]:
    from bot import messages
    from bot.conversation import Conversation
    from bot.rasa_client import RasaClient
    from knowledge_base import load_contacts
    from screening import forward_carries_offer

    rasa = RasaClient(rasa_url, timeout_s=60.0)
    conversation = Conversation(rasa, b"eval-secret-for-understanding-runs",
                                messages.Hotlines.from_contacts(load_contacts()))
    semaphore = asyncio.Semaphore(concurrency)
    results: list[dict] = []

    async def one(item: dict) -> None:
        user = uuid.uuid4().int % 10**12 + 10**12
        replies, latencies = [], []
        async with semaphore:
            for turn in item["turns"]:
                started = time.perf_counter()
                try:
                    if turn["channel"] == "cek":
                        got = await conversation.command(user, "cek")
                        got += await conversation.text(user, turn["text"])
                    elif turn["channel"] == "forward":
                        # As bot/telegram_app.py: a forward that looks like an offer is screened.
                        if forward_carries_offer(turn["text"]):
                            got = [messages_note(messages)] + await conversation.offer(user, turn["text"])
                        else:
                            got = await conversation.text(user, turn["text"])
                    else:
                        got = await conversation.text(user, turn["text"])
                    replies.append([{"text": r.text, "buttons": [b.__dict__ if hasattr(b, "__dict__")
                                                                  else b for b in (r.buttons or [])]}
                                    for r in got])
                except Exception as exc:  # a failed turn is recorded, never fatal
                    replies.append([{"text": f"<error {type(exc).__name__}: {exc}>", "buttons": []}])
                latencies.append((time.perf_counter() - started) * 1000)
        results.append({"id": item["id"], "replies": replies, "ms": latencies})

    await asyncio.gather(*(one(item) for item in inputs))
    await rasa.close()
    return results


class messages_note:  # noqa: N801 - a tiny stand-in Reply for the forwarded-offer note
    def __init__(self, messages) -> None:
        self.text = messages.forwarded_offer_note()
        self.buttons = []


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rasa-url", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    with open(args.input, encoding="utf-8") as f:
        inputs = [json.loads(line) for line in f if line.strip()]
    results = asyncio.run(run(args.rasa_url, inputs, args.concurrency))
    with open(args.output, "w", encoding="utf-8") as f:
        for row in results:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"driver: {len(results)} conversations", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
