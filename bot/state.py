"""The front end's state that must survive a restart, kept in the database with a memory fallback.

What lives here: long button payloads (``button``), officers' reply prompts (``prompt``), the
officer's question a reporter was asked to answer (``answer``) and the question messages delivered
to reporters (``question``). Keys carry pseudonyms or message ids, never a reporter's Telegram id.
When the database is down the value is still kept in memory, so the person in front of the bot
loses nothing; only a restart during an outage forgets it.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, Protocol

logger = logging.getLogger(__name__)

BUTTON = "button"
PROMPT = "prompt"
ANSWER = "answer"
QUESTION = "question"
TTL = {
    BUTTON: timedelta(days=30),
    PROMPT: timedelta(days=7),
    ANSWER: timedelta(days=3),
    QUESTION: timedelta(days=30),
}
MEMORY_CAPACITY = 20_000


class Store(Protocol):
    """What :class:`escalation.state.DurableState` offers."""

    def put(self, scope: str, key: str, value: str, ttl: timedelta) -> None: ...
    def get(self, scope: str, key: str) -> str | None: ...
    def take(self, scope: str, key: str) -> str | None: ...


Runner = Callable[..., Awaitable[Any]]


class FrontState:
    """Async get/put/take by (scope, key): written to the database and to memory, read from
    memory first. Database errors are logged and never reach the person."""

    def __init__(self, store: Store | None, run: Runner,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._run = run
        self._clock = clock
        self._memory: OrderedDict[tuple[str, str], tuple[str, float]] = OrderedDict()

    async def put(self, scope: str, key: str, value: str) -> None:
        ttl = TTL[scope]
        self._remember(scope, key, value, ttl)
        if self._store is None:
            return
        try:
            await self._run(self._store.put, scope, key, value, ttl)
        except Exception:  # noqa: BLE001 - an outage must not cost the reply
            logger.warning("could not store %s state (database?); kept in memory", scope)

    async def get(self, scope: str, key: str) -> str | None:
        held = self._recall(scope, key)
        if held is not None or self._store is None:
            return held
        try:
            value: str | None = await self._run(self._store.get, scope, key)
        except Exception:  # noqa: BLE001
            logger.warning("could not read %s state (database?)", scope)
            return None
        if value is not None:
            self._remember(scope, key, value, TTL[scope])
        return value

    async def take(self, scope: str, key: str) -> str | None:
        held = self._recall(scope, key)
        self._memory.pop((scope, key), None)
        if self._store is None:
            return held
        try:
            stored: str | None = await self._run(self._store.take, scope, key)
        except Exception:  # noqa: BLE001
            logger.warning("could not take %s state (database?)", scope)
            return held
        return held if held is not None else stored

    def _remember(self, scope: str, key: str, value: str, ttl: timedelta) -> None:
        self._memory[(scope, key)] = (value, self._clock() + ttl.total_seconds())
        self._memory.move_to_end((scope, key))
        while len(self._memory) > MEMORY_CAPACITY:
            self._memory.popitem(last=False)

    def _recall(self, scope: str, key: str) -> str | None:
        item = self._memory.get((scope, key))
        if item is None:
            return None
        value, expires = item
        if expires <= self._clock():
            self._memory.pop((scope, key), None)
            return None
        return value
