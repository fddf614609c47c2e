"""The project's packages as the action server holds them: loaded once per process."""

from __future__ import annotations

import logging
import os
import threading
import time
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)
_lock = threading.Lock()


@lru_cache(maxsize=1)
def knowledge_base():
    """The guidance search (embedding model + faiss + BM25); built when stale."""
    from knowledge_base import KnowledgeBase

    with _lock:
        started = time.monotonic()
        kb = KnowledgeBase.load()
        logger.info("knowledge base loaded in %.1f s", time.monotonic() - started)
        return kb


@lru_cache(maxsize=1)
def understander():
    """The understanding step over the loaded knowledge base."""
    from understanding import Understander

    return Understander(knowledge_base())


@lru_cache(maxsize=1)
def contacts() -> dict[str, dict]:
    from knowledge_base import load_contacts

    return {c["id"]: c for c in load_contacts()}


def contact(contact_id: str) -> str:
    return str(contacts()[contact_id]["value"])


def warm_up() -> None:
    """Load everything before the server says it is healthy, so no user waits for it."""
    contacts()
    knowledge_base()
    from screening import assess

    assess("lowongan kerja ke taiwan, gaji besar, visa turis")
    understander().handle("halo, syarat kerja ke taiwan apa saja?", {})
    try:
        escalation()
    except Exception:  # the database may be down at start; reports then go to the spool
        logger.exception("database not reachable at start; reports will be spooled")


def officer_ids() -> set[int]:
    raw = os.environ.get("OFFICER_USER_IDS", "")
    return {int(p) for p in raw.replace(";", ",").split(",") if p.strip().lstrip("-").isdigit()}


def var_dir() -> str:
    return os.environ.get("PANDU_VAR_DIR", "var")


# A circuit breaker: after a failed connection, calls fail at once for this long instead of each
# waiting for its own connection timeout (answers and danger help never wait on the database).
DB_RETRY_AFTER_S = 15.0
_db_state: dict[str, Any] = {"esc": None, "failed_at": None}
_db_lock = threading.Lock()


def escalation():
    """Reports and cases on DATABASE_URL; the schema is upgraded once per process.

    Raises DatabaseUnavailable at once while the breaker is open (a recent failure).
    """
    from escalation import DEFAULT_DATABASE_URL, DatabaseUnavailable, Escalation

    esc = _db_state["esc"]
    if esc is not None:
        return esc
    with _db_lock:
        if _db_state["esc"] is not None:
            return _db_state["esc"]
        failed_at = _db_state["failed_at"]
        if failed_at is not None and time.monotonic() - failed_at < DB_RETRY_AFTER_S:
            raise DatabaseUnavailable("database not reachable (retrying shortly)")
        esc = Escalation(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
                         evidence_dir=os.path.join(var_dir(), "evidence"),
                         secret=_secret())
        try:
            esc.migrate()
        except Exception as exc:
            esc.close()
            _db_state["failed_at"] = time.monotonic()
            raise DatabaseUnavailable("database not reachable") from exc
        _db_state["esc"], _db_state["failed_at"] = esc, None
        return esc


def reset_escalation() -> None:
    """Forget the database handle and the breaker (tests)."""
    with _db_lock:
        _db_state["esc"], _db_state["failed_at"] = None, None


@lru_cache(maxsize=1)
def evidence_drafts():
    from escalation import EvidenceDrafts

    return EvidenceDrafts(os.path.join(var_dir(), "evidence-drafts"))


@lru_cache(maxsize=1)
def spool():
    from escalation import SpoolQueue

    return SpoolQueue(os.path.join(var_dir(), "spool"))


def _secret() -> bytes:
    """The deployment key (SENDER_ID_SECRET, or the one generated under var/)."""
    from escalation import deployment_secret

    return deployment_secret(var_dir(), os.environ.get("SENDER_ID_SECRET"))
