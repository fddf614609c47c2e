"""Case workflow: transitions, the audit trail, officers and the open-case queue."""

from __future__ import annotations

import pytest
from esc_helpers import make_draft
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from escalation import Escalation, NotAuthorized, NotFound
from escalation.errors import AuditTrailImmutable
from escalation.models import StatusEvent as StatusEventRow


def _reporter_messages(esc: Escalation) -> list[tuple[str, str]]:
    return [(n.kind, n.payload) for n in esc.pending_notifications() if n.target != "officers"]


def test_full_path_with_history_and_reporter_updates(esc: Escalation, alice: str, clock) -> None:
    esc.link_chat(alice, 777)
    ticket = esc.file_report(make_draft(alice), "k").ticket
    esc.pending_notifications()  # officers' card claimed
    assert esc.take(ticket, "off-1").status == "ditangani"
    card = esc.ask_info(ticket, "off-1", "Kapan sponsor meminta uang?")
    assert card.status == "menunggu_info" and card.question == "Kapan sponsor meminta uang?"
    view = esc.status_for_reporter(ticket, alice)
    assert view is not None and view.question == "Kapan sponsor meminta uang?"
    view = esc.add_reporter_reply(ticket, alice, "Tanggal 3 Maret, lewat transfer")
    assert view.status == "ditangani" and view.question is None
    esc.forward(ticket, "off-2", "kp2mi", "dikirim lewat email")
    card = esc.resolve(ticket, "off-2", "perekrut sudah ditindak")
    assert card.status == "selesai" and card.closed_at == clock.now
    assert [(e.who, e.action, e.from_status, e.to_status) for e in card.history] == [
        ("pelapor", "lapor", None, "baru"),
        ("off-1", "take", "baru", "ditangani"),
        ("off-1", "ask_info", "ditangani", "menunggu_info"),
        ("pelapor", "reply", "menunggu_info", "ditangani"),
        ("off-2", "forward", "ditangani", "diteruskan"),
        ("off-2", "resolve", "diteruskan", "selesai"),
    ]
    assert card.history[3].note == "Tanggal 3 Maret, lewat transfer"
    assert card.history[4].note == "[kp2mi] dikirim lewat email"
    assert card.assigned_officer == "off-1" and card.forwarded_to == "kp2mi"
    messages = _reporter_messages(esc)
    assert [kind for kind, _ in messages] == [
        "reporter_update",
        "reporter_question",
        "reporter_update",
        "reporter_update",
    ]
    assert messages[0][1] == f"Laporan {ticket} sedang ditangani petugas."
    assert "Kapan sponsor meminta uang?" in messages[1][1]
    assert "KP2MI" in messages[2][1]
    assert "selesai" in messages[3][1]
    assert "perekrut sudah ditindak" not in " ".join(p for _, p in messages)


def test_no_reporter_updates_when_not_wanted(esc: Escalation, alice: str) -> None:
    esc.link_chat(alice, 777)
    ticket = esc.file_report(make_draft(alice, notify_updates=False), "k").ticket
    esc.take(ticket, "off")
    esc.reject(ticket, "off", "bukan penipuan")
    assert _reporter_messages(esc) == []


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        ([], "ask_info"),
        ([], "forward"),
        ([], "resolve"),
        (["take"], "take"),
        (["take", "ask_info"], "ask_info"),
        (["take", "ask_info"], "forward"),
        (["take", "resolve"], "take"),
        (["take", "resolve"], "reject"),
        (["take", "resolve"], "reply"),
        (["reject"], "resolve"),
        (["reject"], "take"),
    ],
)
def test_invalid_transitions_refused(
    esc: Escalation, alice: str, setup: list[str], action: str
) -> None:
    ticket = esc.file_report(make_draft(alice), "k").ticket
    calls = {
        "take": lambda: esc.take(ticket, "off"),
        "ask_info": lambda: esc.ask_info(ticket, "off", "pertanyaan?"),
        "forward": lambda: esc.forward(ticket, "off", "polisi"),
        "resolve": lambda: esc.resolve(ticket, "off", "ok"),
        "reject": lambda: esc.reject(ticket, "off", "alasan"),
        "reply": lambda: esc.add_reporter_reply(ticket, alice, "info"),
    }
    for step in setup:
        calls[step]()
    before = esc.case(ticket)
    with pytest.raises(ValueError):
        calls[action]()
    after = esc.case(ticket)
    assert (after.status, len(after.history)) == (before.status, len(before.history))


def test_bad_arguments(esc: Escalation, alice: str) -> None:
    ticket = esc.file_report(make_draft(alice), "k").ticket
    esc.take(ticket, "off")
    with pytest.raises(ValueError):
        esc.forward(ticket, "off", "interpol")
    with pytest.raises(ValueError):
        esc.reject(ticket, "off", "  ")
    with pytest.raises(NotAuthorized):
        esc.resolve(ticket, "", "x")
    with pytest.raises(NotFound):
        esc.take("LAP-2026-999999", "off")
    with pytest.raises(NotFound):
        esc.case("LAP-2026-999999")


def test_reply_without_question_only_adds_information(esc: Escalation, alice: str) -> None:
    ticket = esc.file_report(make_draft(alice), "k").ticket
    view = esc.add_reporter_reply(ticket, alice, "Nomor baru sponsor 0813 9999 0000")
    assert view.status == "baru"
    history = esc.case(ticket).history
    assert (history[-1].action, history[-1].from_status, history[-1].to_status) == (
        "reply",
        "baru",
        "baru",
    )


def test_audit_trail_refuses_updates_and_deletes(esc: Escalation, alice: str) -> None:
    ticket = esc.file_report(make_draft(alice), "k").ticket
    esc.take(ticket, "off")
    engine = esc._engine
    with Session(engine) as session:
        row = session.scalars(select(StatusEventRow)).first()
        assert row is not None
        row.actor = "someone-else"
        with pytest.raises(AuditTrailImmutable):
            session.flush()
        session.rollback()
        row = session.scalars(select(StatusEventRow)).first()
        session.delete(row)
        with pytest.raises(AuditTrailImmutable):
            session.flush()
        session.rollback()
    # Below the ORM, the database triggers refuse too.
    for statement in (
        update(StatusEventRow).values(actor="x"),
        delete(StatusEventRow),
        text("UPDATE status_events SET to_status = 'selesai'"),
    ):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(statement)
    assert [e.who for e in esc.case(ticket).history] == ["pelapor", "off"]


def test_open_cases_urgent_first_then_oldest(esc: Escalation, alice: str, clock) -> None:
    old = esc.file_report(make_draft(alice), "old").ticket
    clock.advance(hours=1)
    closed = esc.file_report(make_draft(alice), "closed").ticket
    esc.reject(closed, "off", "duplikat")
    clock.advance(hours=1)
    newer = esc.file_report(make_draft(alice), "newer").ticket
    clock.advance(hours=1)
    urgent = esc.file_report(make_draft(alice, in_danger=True), "urgent").ticket
    esc.take(old, "off")
    assert [c.ticket for c in esc.open_cases()] == [urgent, old, newer]
    assert [c.ticket for c in esc.open_cases(limit=1)] == [urgent]


def test_is_officer_env_or_active_row(esc: Escalation) -> None:
    assert esc.is_officer(11, {11, 12})
    assert not esc.is_officer(13, {11})
    esc.add_officer(13, "Petugas Sari", role="koordinator")
    assert esc.is_officer(13, set())
    esc.deactivate_officer(13)
    assert not esc.is_officer(13, set())
    esc.add_officer(13, "Petugas Sari")
    assert esc.is_officer(13, set())
