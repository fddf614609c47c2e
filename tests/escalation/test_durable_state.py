"""The front end's durable state: values by (scope, key) that expire and are purged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from esc_helpers import FakeClock

from escalation import Escalation


def test_put_get_and_replace(esc: Escalation) -> None:
    esc.state.put("prompt", "-100:7", '["ask", "LAP-2026-000001", 42]', timedelta(days=7))
    assert esc.state.get("prompt", "-100:7") == '["ask", "LAP-2026-000001", 42]'
    esc.state.put("prompt", "-100:7", "newer", timedelta(days=7))
    assert esc.state.get("prompt", "-100:7") == "newer"
    assert esc.state.get("prompt", "-100:8") is None
    assert esc.state.get("button", "-100:7") is None, "scopes are separate"


def test_take_reads_once(esc: Escalation) -> None:
    esc.state.put("answer", "tg-abc", "LAP-2026-000003", timedelta(days=3))
    assert esc.state.take("answer", "tg-abc") == "LAP-2026-000003"
    assert esc.state.take("answer", "tg-abc") is None
    assert esc.state.get("answer", "tg-abc") is None


def test_expired_values_read_as_missing_and_are_purged(esc: Escalation, clock: FakeClock) -> None:
    esc.state.put("button", "k:old", "/show_passage{}", timedelta(hours=1))
    esc.state.put("button", "k:new", "/show_passage{}", timedelta(days=30))
    clock.advance(hours=2)
    assert esc.state.get("button", "k:old") is None
    assert esc.state.take("button", "k:old") is None
    esc.state.put("button", "k:other", "x", timedelta(minutes=1))
    clock.advance(minutes=5)
    assert esc.state.purge_expired() == 1
    assert esc.state.get("button", "k:new") == "/show_passage{}"


def test_state_survives_a_new_process_object(database_url: str, clock: FakeClock) -> None:
    from esc_helpers import SECRET

    first = Escalation(database_url, secret=SECRET, clock=clock)
    first.state.put("question", "tg-x:55", "LAP-2026-000009", timedelta(days=30))
    first.close()
    second = Escalation(database_url, secret=SECRET, clock=clock)
    try:
        assert second.state.get("question", "tg-x:55") == "LAP-2026-000009"
    finally:
        second.close()


@pytest.mark.parametrize(("scope", "key"), [("", "k"), ("s" * 17, "k"), ("button", ""),
                                            ("button", "k" * 129)])
def test_bad_scopes_and_keys_are_refused(esc: Escalation, scope: str, key: str) -> None:
    with pytest.raises(ValueError):
        esc.state.put(scope, key, "v", timedelta(days=1))
