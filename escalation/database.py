"""Engine set-up for SQLite and PostgreSQL, and the one place DB errors are translated."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from escalation.errors import DatabaseUnavailable
from escalation.file_modes import make_private_dirs, open_private, tighten

log = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///var/pandu.db"
SQLITE_BUSY_TIMEOUT_S = 30.0
# SQLite's companions of a database file; each holds recent writes (personal data).
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def normalize_url(database_url: str) -> URL:
    """Parse a database URL; plain ``postgresql://`` and ``postgres://`` use psycopg 3."""
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url[len("postgres://") :]
    url = make_url(database_url)
    if url.drivername in ("postgresql", "postgresql+psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database backend: {url.get_backend_name()}")
    return url


def create_db_engine(database_url: str, *, pool_size: int = 10, max_overflow: int = 20) -> Engine:
    """Create (without connecting) an engine with this package's per-backend settings."""
    url = normalize_url(database_url)
    if url.get_backend_name() == "sqlite":
        db_file = _sqlite_file(url)
        if db_file is not None:
            _prepare_private_sqlite_file(db_file)
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
            pool_size=pool_size,
            max_overflow=max_overflow,
        )
        _configure_sqlite(engine, db_file)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
        connect_args={"connect_timeout": 5, "application_name": "pandu-escalation"},
    )


def _sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for an in-memory database."""
    name = url.database
    if not name or name == ":memory:" or name.startswith("file:") or url.query.get("mode") == "memory":
        return None
    return Path(name)


def _prepare_private_sqlite_file(db_file: Path) -> None:
    """Create the database file 0600 before SQLite does (SQLite then gives its -wal, -shm and
    -journal files the same mode), and tighten one an earlier version left readable."""
    make_private_dirs(db_file.parent)
    if not db_file.exists():
        try:
            os.close(open_private(db_file, os.O_WRONLY | os.O_CREAT))  # empty = a new database
        except OSError:
            pass  # e.g. a directory or no permission: SQLite reports it on the first connect
    tighten_sqlite_files(db_file)


def tighten_sqlite_files(db_file: Path) -> None:
    """Make the database file and its side files private to the service's user."""
    tighten(db_file)
    for suffix in SQLITE_SIDE_FILES:
        tighten(f"{db_file}{suffix}")


def _configure_sqlite(engine: Engine, db_file: Path | None = None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (below) instead of pysqlite's deferred BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        if db_file is not None:
            # Another process (Rasa's tracker store shares the file) may have created the side
            # files, or an earlier version left them readable.
            tighten_sqlite_files(db_file)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock up front: read-then-write transactions (ticket counter,
        # outbox claims) are then serialised instead of failing with SQLITE_BUSY mid-way.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def transaction(
    factory: sessionmaker[Session], lock: threading.Lock | None = None
) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on error; DB outages become
    :class:`DatabaseUnavailable`. ``lock`` (SQLite) serialises this process's writers."""
    try:
        with lock or nullcontext(), factory.begin() as session:
            yield session
    except (OperationalError, InterfaceError) as exc:
        log.warning("database unavailable: %s", type(exc.orig).__name__ if exc.orig else exc)
        raise DatabaseUnavailable("database unavailable") from exc
