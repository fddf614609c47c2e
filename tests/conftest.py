"""Shared fixtures. Heavy servers (Rasa, the action server) start once per test run."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fake_telegram import FakeTelegram  # noqa: E402
from harness import BotProcess, Stack, start_bot, start_stack  # noqa: E402


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Real Rasa server + real action server on free ports, with a fresh SQLite database."""
    running = start_stack(tmp_path_factory.mktemp("var"))
    yield running
    running.stop()


@pytest.fixture()
def fake_telegram() -> Iterator[FakeTelegram]:
    server = FakeTelegram().start()
    yield server
    server.stop()


@pytest.fixture()
def bot(stack: Stack, fake_telegram: FakeTelegram, tmp_path: Path) -> Iterator[BotProcess]:
    """The real bot process, polling the fake Bot API server."""
    process = start_bot(stack, fake_telegram, tmp_path / "bot.log")
    yield process
    process.stop()
