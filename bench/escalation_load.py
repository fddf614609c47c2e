"""Load test of the escalation store: 200 reports filed by 50 concurrent users.

For SQLite (a temp file) and PostgreSQL (a fresh ``pandu_bench_<random>`` database at
127.0.0.1:5432, dropped afterwards), 50 threads each file 4 reports while 2 delivery workers
drain the outbox at the same time. Checks: every report stored, no duplicate ticket, every
officers' card delivered exactly once. Prints a table and writes
``bench/results/escalation_load.json``.

Usage: ``.venv/bin/python bench/escalation_load.py [--users 50] [--reports 200]``
"""

from __future__ import annotations

import argparse
import json
import platform
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import sqlalchemy  # noqa: E402

from escalation import Escalation, ReportDraft, reporter_key  # noqa: E402

SECRET = b"bench-secret-not-for-production-0123456789"
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
RESULTS = ROOT / "bench" / "results" / "escalation_load.json"
OFFICER_KINDS = {"officer_card", "officer_urgent"}
DELIVERY_WORKERS = 2
DEADLINE_S = 300.0
SOLO_REPORTS = 20
PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def _draft(user: int, n: int) -> ReportDraft:
    evidence = []
    if n % 4 == 0:  # every fourth report carries a small screenshot
        evidence = [(PNG_HEAD + f"user-{user}-report-{n}".encode() * 64, "image/png", "bukti.png")]
    return ReportDraft(
        reporter=reporter_key(100_000 + user, SECRET),
        recruiter_name=f"Pak Sponsor {user % 17}",
        recruiter_contact=f"WA 0812-{user % 23:04d}-{n:04d}",
        company="PT Maju Jaya" if user % 3 == 0 else None,
        location="Desa Sukamaju",
        kabupaten="Indramayu",
        contact_channel="whatsapp",
        offer_text="Kerja pabrik di Taiwan, gaji 25 juta, berangkat minggu depan",
        destination_country="Taiwan",
        money="Rp 15.000.000",
        in_danger=(user * 7 + n) % 25 == 0,
        screening_level="tinggi",
        screening_flags=["biaya_tinggi"],
        evidence=evidence,
    )


def _mark_all_delivered(esc: Escalation) -> None:
    """Clear the baseline's messages so only the concurrent run's cards are counted."""
    with esc._engine.begin() as conn:
        conn.execute(sqlalchemy.text("UPDATE notifications SET status = 'delivered'"))


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def run(backend: str, url: str, evidence_dir: Path, users: int, reports: int) -> dict[str, Any]:
    """File ``reports`` reports from ``users`` threads while two workers deliver the cards."""
    esc = Escalation(url, evidence_dir=evidence_dir, secret=SECRET, pool_size=20, max_overflow=40)
    esc.migrate()
    # Baseline: one thread alone, so the concurrent numbers can be read as queueing.
    solo: list[float] = []
    for n in range(SOLO_REPORTS):
        t0 = time.perf_counter()
        esc.file_report(_draft(users + 1, n), f"solo-{n}")
        solo.append(time.perf_counter() - t0)
    _mark_all_delivered(esc)
    per_user = [reports // users + (1 if u < reports % users else 0) for u in range(users)]
    latencies: list[float] = []
    tickets: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()
    filing_done = threading.Event()
    delivered: Counter[int] = Counter()
    delivered_kinds: Counter[str] = Counter()
    start = threading.Barrier(users + DELIVERY_WORKERS)

    def user(u: int) -> None:
        start.wait()
        for n in range(per_user[u]):
            t0 = time.perf_counter()
            try:
                view = esc.file_report(_draft(u, n), f"bench-{u}-{n}")
            except Exception as exc:  # noqa: BLE001 - counted and reported below
                with lock:
                    errors.append(type(exc).__name__)
                continue
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                tickets.append(view.ticket)

    def deliver() -> None:
        start.wait()
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            batch = esc.pending_notifications(limit=10)
            if not batch:
                if filing_done.is_set():
                    return
                time.sleep(0.01)
                continue
            for note in batch:
                with lock:
                    delivered[note.id] += 1
                    delivered_kinds[note.kind] += 1
                esc.mark_delivered(note.id, 10_000 + note.id)

    wall0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=users + DELIVERY_WORKERS) as pool:
        workers = [pool.submit(deliver) for _ in range(DELIVERY_WORKERS)]
        filers = [pool.submit(user, u) for u in range(users)]
        for future in filers:
            future.result()
        filing_wall = time.perf_counter() - wall0
        filing_done.set()
        for future in workers:
            future.result()
    total_wall = time.perf_counter() - wall0

    engine = sqlalchemy.create_engine(esc._engine.url)
    with engine.connect() as conn:
        stored = conn.scalar(
            sqlalchemy.text("SELECT count(*) FROM reports WHERE idempotency_key LIKE 'bench-%'")
        )
        distinct = conn.scalar(sqlalchemy.text("SELECT count(DISTINCT ticket) FROM reports"))
        distinct -= SOLO_REPORTS
        undelivered = conn.scalar(
            sqlalchemy.text("SELECT count(*) FROM notifications WHERE status <> 'delivered'")
        )
    engine.dispose()
    esc.close()

    officer_cards = sum(delivered_kinds[k] for k in OFFICER_KINDS)
    result = {
        "backend": backend,
        "users": users,
        "reports": reports,
        "stored": stored,
        "distinct_tickets": distinct,
        "returned_tickets_unique": len(set(tickets)) == len(tickets) == reports,
        "errors": dict(Counter(errors)),
        "officer_cards_delivered": officer_cards,
        "delivered_more_than_once": sum(1 for c in delivered.values() if c > 1),
        "undelivered": undelivered,
        "solo_p50_ms": round(statistics.median(solo) * 1000, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(_percentile(latencies, 95) * 1000, 1) if latencies else None,
        "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
        "filing_wall_s": round(filing_wall, 2),
        "total_wall_s": round(total_wall, 2),
        "reports_per_s": round(reports / filing_wall, 1),
    }
    result["ok"] = bool(
        stored == reports
        and distinct == reports
        and result["returned_tickets_unique"]
        and not errors
        and officer_cards == reports
        and result["delivered_more_than_once"] == 0
        and undelivered == 0
    )
    return result


def _pg_admin() -> psycopg.Connection:
    return psycopg.connect(
        host=PG_HOST,
        port=PG_PORT,
        user=PG_USER,
        dbname="postgres",
        autocommit=True,
        connect_timeout=3,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--reports", type=int, default=200)
    args = parser.parse_args()

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="pandu-bench-") as tmp:
        tmp_path = Path(tmp)
        results.append(
            run(
                "sqlite",
                f"sqlite:///{tmp_path}/bench.db",
                tmp_path / "ev-sqlite",
                args.users,
                args.reports,
            )
        )
        try:
            admin = _pg_admin()
        except psycopg.OperationalError:
            print(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}; skipped", file=sys.stderr)
            results.append({"backend": "postgresql", "skipped": "not reachable", "ok": None})
        else:
            name = f"pandu_bench_{secrets.token_hex(6)}"
            admin.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
            try:
                results.append(
                    run(
                        "postgresql",
                        f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}",
                        tmp_path / "ev-pg",
                        args.users,
                        args.reports,
                    )
                )
            finally:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
                admin.close()

    columns = [
        ("backend", "backend"),
        ("stored", "stored"),
        ("distinct_tickets", "tickets"),
        ("officer_cards_delivered", "cards sent"),
        ("delivered_more_than_once", "dup sends"),
        ("solo_p50_ms", "solo p50 ms"),
        ("p50_ms", "p50 ms"),
        ("p95_ms", "p95 ms"),
        ("max_ms", "max ms"),
        ("reports_per_s", "reports/s"),
        ("ok", "ok"),
    ]
    print(" | ".join(f"{title:>11}" for _, title in columns))
    print("-+-".join("-" * 11 for _ in columns))
    for row in results:
        print(" | ".join(f"{str(row.get(key, '-')):>11}" for key, _ in columns))

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "benchmark": "escalation_load",
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "delivery_workers": DELIVERY_WORKERS,
        "results": results,
    }
    RESULTS.write_text(json.dumps(document, indent=2) + "\n")
    print(f"saved {RESULTS.relative_to(ROOT)}")
    return 0 if all(r.get("ok") is not False for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
