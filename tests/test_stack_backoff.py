"""The supervisor's restart policy (scripts/stack.py): a part that died restarts at once; only one
that keeps dying right after its start backs off."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _stack_module():
    spec = importlib.util.spec_from_file_location("pandu_stack_backoff", ROOT / "scripts" / "stack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


stack = _stack_module()


def test_a_part_that_was_running_restarts_at_once_every_time() -> None:
    backoff = stack.Backoff()
    assert [backoff.delay(uptime) for uptime in (600.0, 25.0, 12.0, 3000.0)] == [0, 0, 0, 0]


def test_a_kill_soon_after_a_start_still_restarts_at_once() -> None:
    backoff = stack.Backoff()
    assert backoff.delay(3.0) == 0  # e.g. the bot killed again while it was coming back
    assert backoff.delay(40.0) == 0


def test_a_crash_loop_backs_off_up_to_30_s_and_running_a_while_ends_the_back_off() -> None:
    backoff = stack.Backoff()
    delays = [backoff.delay(0.5) for _ in range(8)]
    assert delays == [0, 2, 4, 8, 16, 30, 30, 30]
    assert backoff.delay(stack.QUICK_EXIT_S) == 0
    assert backoff.delay(0.5) == 0  # a new start-up failure begins a new count


def test_the_supervisor_notices_a_dead_part_within_a_fraction_of_a_second() -> None:
    assert stack.TICK_S <= 0.2
