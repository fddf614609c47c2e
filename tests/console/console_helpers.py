"""Helpers shared by the console tests (a module name no other test folder uses)."""

from __future__ import annotations

import re
import struct
import zlib
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
from fastapi.testclient import TestClient
from pg import (  # noqa: F401 - re-exported for the console tests
    PG_HOST,
    PG_PORT,
    PG_SKIP_REASON,
    PG_USER,
    drop_pg_database,
    pg_admin,
    pg_url,
)
from pg import create_pg_database as _create_pg_database

from console import ConsoleSettings
from escalation import ReportDraft

SECRET = b"console-test-secret-0123456789abcdef"
ADMIN_PASSWORD = "admin-password-123"
OFFICER_PASSWORD = "petugas-password-123"


def _png(width: int = 240, height: int = 160) -> bytes:
    """A real PNG (a chat-like screenshot in two colours), so the browser test can show it."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter: none
        for x in range(width):
            bubble = 20 <= y % 50 <= 40 and (x < 150 if (y // 50) % 2 == 0 else x > 90)
            row += bytes((220, 248, 198) if bubble else (236, 229, 221))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


PNG = _png()
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class FakeClock:
    """A clock tests move by hand (session expiry, lock-out, deadlines)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def make_settings(database_url: str, var_dir: Path, **overrides: object) -> ConsoleSettings:
    values: dict[str, object] = {
        "database_url": database_url,
        "var_dir": var_dir,
        "admin_password": ADMIN_PASSWORD,
        "sender_id_secret": SECRET.decode(),
    }
    values.update(overrides)
    return ConsoleSettings(_env_file=None, **values)  # type: ignore[arg-type]


def make_draft(reporter: str, **overrides: object) -> ReportDraft:
    fields: dict[str, object] = {
        "recruiter_name": "Pak Budi",
        "recruiter_contact": "WA 0812-3456-7890",
        "company": "PT Maju Jaya",
        "location": "Desa Sukamaju",
        "kabupaten": "Indramayu",
        "contact_channel": "whatsapp",
        "offer_text": "Kerja pabrik di Taiwan, gaji 25 juta, berangkat minggu depan",
        "destination_country": "Taiwan",
        "money": "Rp 15.000.000",
        "screening_level": "tinggi",
        "screening_flags": ["biaya_tinggi", "tanpa_pelatihan"],
    }
    fields.update(overrides)
    return ReportDraft(reporter=reporter, **fields)  # type: ignore[arg-type]


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str) -> str:
    """Sign in through the form; returns the session's CSRF token."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/queue").text)


def create_pg_database() -> str:
    return _create_pg_database("pandu_console_test")


def empty_pg_database(name: str) -> None:
    """TRUNCATE every table but Alembic's (TRUNCATE is not a row delete: the audit triggers
    allow it)."""
    with psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=name, autocommit=True
    ) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
        ]
        conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")  # type: ignore[arg-type]
