"""The project's packages as the action server holds them: loaded once per process."""

from __future__ import annotations

import logging
import os
import threading
import time
from functools import lru_cache

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


def officer_ids() -> set[int]:
    raw = os.environ.get("OFFICER_USER_IDS", "")
    return {int(p) for p in raw.replace(";", ",").split(",") if p.strip().lstrip("-").isdigit()}
