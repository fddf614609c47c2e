"""Retention: personal data of long-closed reports is wiped, statuses and counts stay."""

from __future__ import annotations

from pathlib import Path

from esc_helpers import PDF, PNG, make_draft

from escalation import Escalation, ReportDraft


def test_wipes_personal_data_of_old_closed_reports(
    esc: Escalation, alice: str, bob: str, clock, evidence_dir: Path
) -> None:
    esc.link_chat(alice, 1)
    old = esc.file_report(
        make_draft(
            alice,
            contact_allowed=True,
            contact_phone="0811222333",
            evidence=[(PNG, "image/png", "chat budi.png"), (PDF, "application/pdf", "k.pdf")],
        ),
        "old",
    ).ticket
    esc.take(old, "off")
    esc.ask_info(old, "off", "Siapa nama lengkap sponsor?")
    esc.add_reporter_reply(old, alice, "Budi Santoso, rumahnya dekat masjid")
    esc.resolve(old, "off", "sudah dilaporkan")
    shared = esc.file_report(make_draft(bob, evidence=[(PNG, "image/png", "sama.png")]), "open")
    recent = esc.file_report(make_draft(bob), "recent").ticket
    clock.advance(days=20)
    esc.reject(recent, "off", "duplikat")
    clock.advance(days=11)

    assert esc.apply_retention(30) == 1
    card = esc.case(old)
    assert card.wiped and card.status == "selesai"
    for value in (
        card.recruiter_name,
        card.recruiter_contact,
        card.company,
        card.location,
        card.offer_text,
        card.money,
        card.contact_phone,
        card.question,
    ):
        assert value is None
    assert card.kabupaten == "Indramayu" and card.screening_level == "tinggi"
    assert [e.action for e in card.history] == ["lapor", "take", "ask_info", "reply", "resolve"]
    assert all(e.note is None for e in card.history)
    assert len(card.evidence) == 2 and all(e.filename is None for e in card.evidence)
    png_sha, pdf_sha = (e.sha256 for e in card.evidence)
    assert (evidence_dir / png_sha[:2] / png_sha).exists()  # still evidence of an open report
    assert not (evidence_dir / pdf_sha[:2] / pdf_sha).exists()
    assert esc.status_for_reporter(old, alice) is None
    assert esc.case(recent).recruiter_name == "Pak Budi"  # closed only 11 days ago
    assert esc.case(shared.ticket).evidence[0].filename == "sama.png"
    # Hashed recruiter keys survive, so new reports still see the old one.
    assert esc.recruiter_matches(ReportDraft(reporter=bob, recruiter_contact="081234567890")) == 3
    assert esc.apply_retention(30) == 0


def test_open_reports_are_never_wiped(esc: Escalation, alice: str, clock) -> None:
    ticket = esc.file_report(make_draft(alice), "k").ticket
    clock.advance(days=400)
    assert esc.apply_retention(0) == 0
    assert esc.case(ticket).recruiter_name == "Pak Budi"


def test_retention_deletes_idle_conversations_in_rasas_tracker_store(esc: Escalation, clock) -> None:
    from sqlalchemy import text

    engine = esc._engine  # the same database Rasa's SQL tracker store writes to
    with engine.begin() as db:
        db.execute(text("DROP TABLE IF EXISTS events"))
        db.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
                        "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
                        "action_name VARCHAR(255), data TEXT)"))
    now = clock().timestamp()
    rows = [(1, "old-reporter", now - 40 * 86400, '{"text": "nama sponsor Budi, 0812..."}'),
            (2, "old-reporter", now - 35 * 86400, '{"text": "uang 5 juta"}'),
            (3, "active", now - 40 * 86400, '{"text": "halo"}'),
            (4, "active", now - 86400, '{"text": "status?"}')]
    try:
        with engine.begin() as db:
            for rid, sender, ts, data in rows:
                db.execute(text("INSERT INTO events (id, sender_id, type_name, timestamp, data) "
                                "VALUES (:i, :s, 'user', :t, :d)"), {"i": rid, "s": sender, "t": ts, "d": data})
        assert esc.purge_conversations(30) == 1
        with engine.begin() as db:
            left = db.execute(text("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id")).all()
        assert dict(left) == {"active": 2}  # a conversation still in use keeps its history
        assert esc.purge_conversations(30) == 0
    finally:
        with engine.begin() as db:
            db.execute(text("DROP TABLE IF EXISTS events"))


def test_purging_conversations_without_a_tracker_table_is_a_no_op(esc: Escalation) -> None:
    assert esc.purge_conversations(30) == 0
