"""Throw-away PostgreSQL databases for tests (the server on 127.0.0.1:5432, trust auth)."""

from __future__ import annotations

import secrets

import psycopg

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
PG_SKIP_REASON = f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}"


def pg_admin() -> psycopg.Connection:
    """An autocommit connection to the maintenance database."""
    return psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres",
                           autocommit=True, connect_timeout=2)


def pg_reachable() -> bool:
    try:
        with pg_admin():
            return True
    except psycopg.OperationalError:
        return False


def pg_url(dbname: str) -> str:
    return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{dbname}"


def create_pg_database(prefix: str = "pandu_test") -> str:
    name = f"{prefix}_{secrets.token_hex(5)}"
    with pg_admin() as conn:
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    return name


def drop_pg_database(name: str) -> None:
    with pg_admin() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
