"""Fault injection: people in the middle of reports while the harness kills the stack's parts.

The whole stack runs under its supervisor (``scripts/stack.py`` in Telegram mode against the fake
Bot API server). ``--users`` simulated people each file a complete report, answering every
question the way a person would: when no reply comes, or the bot says it has a problem, they wait
a moment and send the same answer again. Meanwhile the harness ``kill -9``s the bot, the action
server and the Rasa server in turn at random moments, a danger probe asks for help every few
seconds, and image bombs arrive as photos.

Counted: reports lost (a person who finished without a ticket, or a ticket not in the database),
duplicate tickets (two reports from one person), officer cards missing or doubled, the longest
time a person waited for any reply, danger replies with the help numbers (latency), and peak
memory per process. ``make bench-faults`` runs it; ``--quick`` is the short version.

    .venv/bin/python bench/faults.py [--users 12] [--kills 9] [--parts bot,actions,rasa] [--quick]
                                     [--output results.json]

``tests/e2e/test_faults_quick.py`` runs a small configuration of it in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from fake_telegram import FakeTelegram, SentMessage  # noqa: E402
from harness import stack_env  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "faults.json"
OFFICERS_CHAT = -100777
OUTAGE = ("gangguan", "sedang bermasalah", "coba lagi", "belum bisa")
PARTS = ("bot", "actions", "rasa")
HELP = "0800-1000"


def _png_bomb(side: int = 13_000) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    pixels = zlib.compress((b"\x00" + b"\xff" * side) * 64, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


class Person:
    """One simulated reporter: patient, re-sends an answer when the bot does not reply."""

    def __init__(self, tg: FakeTelegram, user: int) -> None:
        self.tg, self.user = tg, user
        self.longest_wait = 0.0
        self.resends = 0
        self.tickets: list[str] = []
        self.unfinished = 0
        self.errors: list[str] = []

    def _wait(self, before: int, expect: str, timeout: float) -> SentMessage | None:
        deadline = time.monotonic() + timeout
        seen = before
        while time.monotonic() < deadline:
            got = self.tg.messages_to(self.user)[seen:]
            for m in got:
                if expect.lower() in m.text.lower():
                    return m
            time.sleep(0.1)
        return None

    def step(self, send, expect: str, tries: int = 8) -> SentMessage:
        time.sleep(random.uniform(0.5, 2.0))  # a person reads and types
        for attempt in range(tries):
            before = self.tg.count_to(self.user)
            started = time.monotonic()
            send()
            reply = self._wait(before, expect, 20)
            replied_at = min((m.at for m in self.tg.messages_to(self.user)[before:]),
                             default=time.monotonic())
            self.longest_wait = max(self.longest_wait, replied_at - started)
            if reply is not None:
                return reply
            self.resends += 1
            time.sleep(2 + attempt)
        last = [m.text[:120] for m in self.tg.messages_to(self.user)[-3:]]
        raise RuntimeError(f"no '{expect}' after {tries} tries; last replies: {last}")

    def text(self, text: str, expect: str) -> SentMessage:
        return self.step(lambda: self.tg.send_text(self.user, text), expect)

    def press(self, message: SentMessage, title: str, expect: str) -> SentMessage:
        data = next(b["callback_data"] for b in message.buttons if b["text"] == title)
        return self.step(lambda: self.tg.press(self.user, message, data), expect)

    def keep_reporting(self, stop: threading.Event, at_most: int = 4) -> None:
        """File reports one after another until the faults are over (at least one)."""
        for _ in range(at_most):
            self.file_report()
            if stop.is_set():
                break

    def file_report(self) -> None:
        try:
            self.text("/batal", "")  # a clean start whatever happened before
            self.text("/lapor", "nama orang yang merekrut")
            self.text(f"Pak Sponsor {self.user}", "nomor HP/WhatsApp")
            self.text(f"0812-{self.user % 10000:04d}-7788", "Perusahaan atau agensi")
            self.text("PT Maju Sejahtera Abadi", "Di mana perekrutan")
            channel = self.text("Desa Sukamaju, Kab. Indramayu", "menghubungi Anda pertama")
            self.press(channel, "WhatsApp", "Pekerjaan apa yang ditawarkan")
            self.text("Admin online di Kamboja, gaji 20 juta, visa turis", "membayar uang")
            situation = self.text("Rp 5 juta ke rekening pribadi", "keadaan Anda sekarang")
            evidence = self.press(situation, "Belum berangkat", "bukti")
            consent = self.press(evidence, "Tidak ada bukti", "Boleh petugas menghubungi")
            summary = self.press(consent, "Anonim, tapi kabari status", "Ringkasan laporan")
            receipt = self.press(summary, "Kirim laporan", "LAP-")
            match = re.search(r"LAP-[A-Z0-9-]+", receipt.text)
            if match:
                self.tickets.append(match.group(0))
            else:
                self.unfinished += 1
        except Exception as exc:  # counted, never fatal for the run
            self.unfinished += 1
            self.errors.append(f"{type(exc).__name__}: {exc}"[:300])


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _pid(var_dir: Path, part: str) -> int | None:
    try:
        return int((var_dir / "pids" / f"{part}.pid").read_text())
    except (OSError, ValueError):
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument("--kills", type=int, default=9)
    parser.add_argument("--bombs", type=int, default=6)
    parser.add_argument("--parts", default=",".join(PARTS),
                        help="the parts that are killed, in turn (comma-separated; default: all)")
    parser.add_argument("--quick", action="store_true", help="4 people, 3 kills, 2 bombs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args()
    if args.quick:
        args.users, args.kills, args.bombs = 4, 3, 2
    victims = tuple(part.strip() for part in args.parts.split(",") if part.strip())
    if not victims or set(victims) - set(PARTS):
        parser.error(f"--parts takes some of {', '.join(PARTS)}")
    random.seed(args.seed)

    var_dir = Path(tempfile.mkdtemp(prefix="pandu-faults-"))
    tg = FakeTelegram().start()
    env = stack_env(var_dir, "faults-bench-secret-0123456789", telegram=tg,
                    officers=(OFFICERS_CHAT, "424242"))
    log_path = var_dir / "stack.log"
    with open(log_path, "wb") as log:
        stack = subprocess.Popen([str(ROOT / ".venv" / "bin" / "python"), "scripts/stack.py"],
                                 cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                 start_new_session=True)
    results: dict = {}
    try:
        deadline = time.monotonic() + 300
        while not any(m == "getUpdates" for m, _ in list(tg.calls)):
            if time.monotonic() > deadline or stack.poll() is not None:
                raise SystemExit("stack did not start:\n" + log_path.read_text()[-3000:])
            time.sleep(0.5)

        people = [Person(tg, 5000 + i) for i in range(args.users)]
        peaks = {part: 0.0 for part in PARTS}
        danger_ms: list[float] = []
        danger_missed = 0
        probes: list[dict] = []  # each probe: when it was sent and how long its reply took
        kills: list[dict] = []
        done = threading.Event()

        def sample_memory() -> None:
            while not done.is_set():
                for part in PARTS:
                    pid = _pid(var_dir, part)
                    if pid:
                        peaks[part] = max(peaks[part], _rss_mb(pid))
                time.sleep(0.5)

        def danger_probe() -> None:
            nonlocal danger_missed
            user = 9000
            while not done.is_set():
                user += 1
                before = tg.count_to(user)
                started = time.monotonic()
                tg.send_text(user, "tolong saya dikurung majikan, paspor ditahan, tidak boleh keluar")
                probe: dict = {"at_s": round(started - t0, 1), "ms": None}
                try:
                    reply = tg.wait_for(user, lambda m: HELP in m.text, after=before, timeout=15)
                    danger_ms.append((reply.at - started) * 1000)
                    probe["ms"] = round(danger_ms[-1])
                except TimeoutError:
                    danger_missed += 1
                probes.append(probe)
                time.sleep(3)

        def chaos() -> None:
            order = [victims[i % len(victims)] for i in range(args.kills)]
            random.shuffle(order)
            for part in order:
                if done.wait(random.uniform(6, 14)):
                    return
                pid = _pid(var_dir, part)
                if pid:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        continue
                    killed = time.monotonic()
                    kill = {"part": part, "at_s": round(killed - t0, 1), "restarted_after_s": None}
                    kills.append(kill)
                    # how soon the supervisor started a new process (its pid file)
                    while time.monotonic() - killed < 60 and not done.is_set():
                        if _pid(var_dir, part) not in (None, pid):
                            kill["restarted_after_s"] = round(time.monotonic() - killed, 2)
                            break
                        time.sleep(0.02)

        def bombs() -> None:
            data = _png_bomb()
            for i in range(args.bombs):
                if done.wait(random.uniform(3, 10)):
                    return
                tg.send_photo(8000 + i, data)

        t0 = time.monotonic()
        def chaos_then_flag() -> None:
            chaos()
            chaos_over.set()

        helpers = [threading.Thread(target=f, daemon=True)
                   for f in (sample_memory, danger_probe, chaos_then_flag, bombs)]
        chaos_over = threading.Event()
        workers = [threading.Thread(target=p.keep_reporting, args=(chaos_over,)) for p in people]
        for t in helpers + workers:
            t.start()
            time.sleep(0.2)
        for t in workers:
            t.join(900)
        done.set()
        seconds = time.monotonic() - t0
        time.sleep(5)  # let the outbox deliver the last officer cards

        db = sqlite3.connect(var_dir / "pandu.db")
        tickets_db = [row[0] for row in db.execute("SELECT ticket FROM reports WHERE ticket IS NOT NULL")]
        db.close()
        cards = [m.text for m in tg.messages_to(OFFICERS_CHAT)]
        got = [t for p in people for t in p.tickets]
        lost = [t for t in got if t not in tickets_db]
        results = {
            "users": args.users, "kills": kills, "bombs": args.bombs, "seconds": round(seconds, 1),
            "reports_finished": len(got), "reports_unfinished": sum(p.unfinished for p in people),
            "reports_lost": len(lost), "lost_tickets": lost,
            "errors": [e for p in people for e in p.errors],
            # the database holds more reports than people were given tickets: a double filing
            "duplicate_reports": max(0, len(tickets_db) - len(set(got))),
            "tickets_in_db": len(tickets_db),
            "officer_cards_missing": sum(1 for t in got if not any(t in c for c in cards)),
            "officer_cards_doubled": sum(1 for t in got
                                         if sum(1 for c in cards if t in c and "Laporan baru" in c) > 1),
            "longest_wait_s": round(max((p.longest_wait for p in people), default=0), 1),
            "resends": sum(p.resends for p in people),
            "danger_replies": len(danger_ms), "danger_missed": danger_missed,
            "danger_p50_ms": round(sorted(danger_ms)[len(danger_ms) // 2], 1) if danger_ms else None,
            "danger_max_ms": round(max(danger_ms), 1) if danger_ms else None,
            "danger_probes": probes,
            "peak_rss_mb": {k: round(v) for k, v in peaks.items()},
        }
    finally:
        stack.send_signal(signal.SIGTERM)
        try:
            stack.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(stack.pid, signal.SIGKILL)
        tg.stop()
    print(json.dumps(results, indent=2))
    print("\n| fault run | value |\n|---|---|")
    for key in ("users", "seconds", "reports_finished", "reports_unfinished", "reports_lost", "duplicate_reports", "officer_cards_missing",
                "officer_cards_doubled", "longest_wait_s", "resends", "danger_replies",
                "danger_missed", "danger_p50_ms", "danger_max_ms", "peak_rss_mb"):
        print(f"| {key} | {results.get(key)} |")
    print(f"| kills | {', '.join(k['part'] for k in results.get('kills', []))} |")
    restarts = ", ".join(str(k.get("restarted_after_s")) for k in results.get("kills", []))
    print(f"| restarted after (s) | {restarts} |")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
