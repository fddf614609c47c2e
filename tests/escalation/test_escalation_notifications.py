"""Outbox: claimed once under concurrency, leases, retries with backoff, chats."""

from __future__ import annotations

import threading
from collections import Counter

from esc_helpers import SECRET, make_draft

from escalation import Escalation, reporter_key
from escalation.notifications import MAX_ATTEMPTS


def test_two_concurrent_workers_never_share_a_message(esc: Escalation) -> None:
    for i in range(30):
        esc.file_report(make_draft(reporter_key(i, SECRET)), f"n-{i}")
    sent: Counter[int] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(2)

    def worker() -> None:
        start.wait()
        while batch := esc.pending_notifications(limit=4):
            for note in batch:
                with lock:
                    sent[note.id] += 1
                esc.mark_delivered(note.id, 1000 + note.id)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(sent) == 30 and set(sent.values()) == {1}
    assert esc.pending_notifications() == []


def test_failed_message_retried_with_backoff(esc: Escalation, alice: str, clock) -> None:
    esc.file_report(make_draft(alice), "k")
    [note] = esc.pending_notifications()
    assert note.attempts == 1
    esc.mark_failed(note.id, "TimedOut")
    assert esc.pending_notifications() == []
    clock.advance(seconds=29)
    assert esc.pending_notifications() == []
    clock.advance(seconds=2)
    [again] = esc.pending_notifications()
    assert (again.id, again.attempts) == (note.id, 2)
    esc.mark_failed(note.id, "TimedOut")
    clock.advance(seconds=45)
    assert esc.pending_notifications() == []  # second backoff is 60 s
    clock.advance(seconds=20)
    [third] = esc.pending_notifications()
    esc.mark_delivered(third.id, 99)
    esc.mark_delivered(third.id, 99)  # a repeated confirmation changes nothing
    clock.advance(hours=2)
    assert esc.pending_notifications() == []


def test_gives_up_after_max_attempts(esc: Escalation, alice: str, clock) -> None:
    esc.file_report(make_draft(alice), "k")
    for _ in range(MAX_ATTEMPTS):
        [note] = esc.pending_notifications()
        esc.mark_failed(note.id, "Forbidden: bot was blocked by the user")
        clock.advance(hours=2)
    assert esc.pending_notifications() == []


def test_expired_lease_is_claimed_again(esc: Escalation, alice: str, clock) -> None:
    esc.file_report(make_draft(alice), "k")
    [note] = esc.pending_notifications(lease_seconds=60)
    assert esc.pending_notifications() == []  # leased to the first worker
    clock.advance(seconds=61)  # that worker died without reporting back
    [again] = esc.pending_notifications()
    assert again.id == note.id


def test_urgent_messages_first(esc: Escalation, alice: str) -> None:
    esc.file_report(make_draft(alice), "normal")
    esc.file_report(make_draft(alice, in_danger=True), "urgent")
    kinds = [n.kind for n in esc.pending_notifications()]
    assert kinds == ["officer_urgent", "officer_card"]


def test_reporter_messages_carry_the_linked_chat(esc: Escalation, alice: str, bob: str) -> None:
    assert esc.reporter_chat(alice) is None
    esc.link_chat(alice, 555)
    esc.link_chat(alice, 556)  # a new chat replaces the old one
    assert esc.reporter_chat(alice) == 556
    a = esc.file_report(make_draft(alice), "a").ticket
    b = esc.file_report(make_draft(bob), "b").ticket
    esc.pending_notifications()
    esc.take(a, "off")
    esc.take(b, "off")  # bob never linked a chat: nothing can be sent to him
    notes = esc.pending_notifications()
    assert [(n.kind, n.target, n.chat_id, n.ticket) for n in notes] == [
        ("reporter_update", alice, 556, a)
    ]
