"""The front end's state: database first for durability, memory when the database is down."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from bot.state import ANSWER, BUTTON, PROMPT, FrontState


class FakeStore:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], str] = {}
        self.down = False

    def _check(self) -> None:
        if self.down:
            raise RuntimeError("database unavailable")

    def put(self, scope: str, key: str, value: str, ttl: timedelta) -> None:
        self._check()
        self.rows[(scope, key)] = value

    def get(self, scope: str, key: str) -> str | None:
        self._check()
        return self.rows.get((scope, key))

    def take(self, scope: str, key: str) -> str | None:
        self._check()
        return self.rows.pop((scope, key), None)


async def _call(fn: Any, *args: Any) -> Any:
    return fn(*args)


def test_values_reach_the_store_and_a_new_front_end_reads_them() -> None:
    store = FakeStore()

    async def scenario() -> None:
        await FrontState(store, _call).put(PROMPT, "-100:7", "ask")
        assert store.rows == {(PROMPT, "-100:7"): "ask"}
        fresh = FrontState(store, _call)  # as after a restart
        assert await fresh.get(PROMPT, "-100:7") == "ask"
        assert await fresh.take(PROMPT, "-100:7") == "ask"
        assert await fresh.take(PROMPT, "-100:7") is None
        assert await FrontState(store, _call).get(PROMPT, "-100:7") is None

    asyncio.run(scenario())


def test_an_outage_loses_nothing_in_this_process() -> None:
    store = FakeStore()
    store.down = True

    async def scenario() -> None:
        state = FrontState(store, _call)
        await state.put(ANSWER, "tg-abc", "LAP-2026-000001")  # no exception reaches the person
        assert await state.take(ANSWER, "tg-abc") == "LAP-2026-000001"
        assert await state.take(ANSWER, "tg-abc") is None
        assert await state.get(BUTTON, "k:x") is None

    asyncio.run(scenario())


def test_memory_values_expire() -> None:
    now = [0.0]
    state = FrontState(None, _call, clock=lambda: now[0])

    async def scenario() -> None:
        await state.put(ANSWER, "tg-abc", "LAP-2026-000001")
        now[0] += timedelta(days=3, seconds=1).total_seconds()
        assert await state.get(ANSWER, "tg-abc") is None

    asyncio.run(scenario())
