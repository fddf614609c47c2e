"""The journal of received updates: kept until handled, replayed after a crash, never twice."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path

from bot.inbox import MAX_AGE_S, JournalingUpdateProcessor, UpdateJournal


def _update(update_id: int, text: str = "halo") -> dict:
    return {"update_id": update_id, "message": {"message_id": 1, "date": 0, "text": text,
                                                 "chat": {"id": 5, "type": "private"}}}


def test_an_update_is_kept_privately_until_handled(tmp_path: Path) -> None:
    journal = UpdateJournal(tmp_path)
    assert journal.record(_update(7, "nomor saya 0812"))
    (entry,) = tmp_path.glob("7-*.json")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert [u["update_id"] for u in journal.pending()] == [7]
    journal.done(_update(7, "nomor saya 0812"))
    assert not entry.exists() and journal.pending() == []
    assert "0812" not in "".join(p.read_text() for p in tmp_path.iterdir())


def test_what_was_waiting_or_handled_is_not_taken_twice_even_after_a_restart(tmp_path: Path) -> None:
    journal = UpdateJournal(tmp_path)
    assert journal.record(_update(1)) and journal.record(_update(2))
    assert not journal.record(_update(2))  # sent again while waiting
    journal.done(_update(1))
    again = UpdateJournal(tmp_path)  # a new process
    assert not again.record(_update(1))  # handled before the crash: Telegram sends it again
    assert [u["update_id"] for u in again.pending()] == [2]
    # an old id on a new message (Telegram may reuse ids after a quiet week) is a new message
    assert again.record(_update(1, "pesan baru"))


def test_pending_is_in_the_order_received_and_drops_what_waited_more_than_a_day(tmp_path: Path) -> None:
    journal = UpdateJournal(tmp_path)
    for update_id in (30, 10, 20):
        journal.record(_update(update_id))
        __import__("time").sleep(0.01)
    assert [u["update_id"] for u in journal.pending()] == [30, 10, 20]  # in the order received
    (tmp_path / "broken.json").write_text("{not json")
    later = journal.pending(now=__import__("time").time() + MAX_AGE_S + 60)
    assert later == [] and list(tmp_path.glob("*.json")) == []


def test_the_processor_marks_an_update_done_also_when_its_handler_failed(tmp_path: Path) -> None:
    journal = UpdateJournal(tmp_path)
    processor = JournalingUpdateProcessor(journal, 4)

    class FakeUpdate:
        update_id = 42

        def to_dict(self) -> dict:
            return _update(42)

    async def failing() -> None:
        raise RuntimeError("handler broke")

    async def run() -> None:
        try:
            await processor.process_update(FakeUpdate(), failing())
        except RuntimeError:
            pass

    asyncio.run(run())
    assert journal.pending() == [] and not journal.record(_update(42))


def test_a_replayed_update_is_done_under_the_key_of_its_parsed_form(tmp_path: Path) -> None:
    journal = UpdateJournal(tmp_path)
    stored = _update(9)
    journal.record(stored)
    parsed = {**stored, "message": {**stored["message"], "entities": []}}  # as PTB writes it back
    journal.requeue(stored, parsed)
    journal.done(parsed)
    assert journal.pending() == []
