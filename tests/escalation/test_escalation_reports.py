"""Filing reports: tickets, idempotency, ownership, evidence, recruiter links."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from esc_helpers import PDF, PNG, SECRET, make_draft

from escalation import (
    DatabaseUnavailable,
    Escalation,
    NotAuthorized,
    NotFound,
    ReportDraft,
    reporter_key,
)

TICKET = re.compile(r"LAP-2026-\d{6}")


def test_ticket_format_and_first_status(esc: Escalation, alice: str) -> None:
    view = esc.file_report(make_draft(alice), "k-1")
    assert view.ticket == "LAP-2026-000001"
    assert view.status == "baru"
    assert "LAP-2026-000001" in view.status_text
    assert esc.file_report(make_draft(alice), "k-2").ticket == "LAP-2026-000002"


def test_tickets_unique_under_20_concurrent_threads(esc: Escalation) -> None:
    start = threading.Barrier(20)

    def file(i: int) -> str:
        reporter = reporter_key(5000 + i, SECRET)
        start.wait()
        return esc.file_report(make_draft(reporter), f"concurrent-{i}").ticket

    with ThreadPoolExecutor(max_workers=20) as pool:
        tickets = list(pool.map(file, range(20)))
    assert all(TICKET.fullmatch(t) for t in tickets)
    assert sorted(tickets) == [f"LAP-2026-{n:06d}" for n in range(1, 21)]


def test_same_idempotency_key_gives_same_report(esc: Escalation, alice: str) -> None:
    first = esc.file_report(make_draft(alice), "update-42")
    again = esc.file_report(make_draft(alice, recruiter_name="changed"), "update-42")
    assert again.ticket == first.ticket
    assert again.recruiter_name == "Pak Budi"
    assert len(esc.reports_of(alice)) == 1
    assert len(esc.pending_notifications()) == 1


def test_same_idempotency_key_concurrently_files_once(esc: Escalation, alice: str) -> None:
    start = threading.Barrier(8)

    def file(_: int) -> str:
        start.wait()
        return esc.file_report(make_draft(alice), "double-tap").ticket

    with ThreadPoolExecutor(max_workers=8) as pool:
        tickets = set(pool.map(file, range(8)))
    assert len(tickets) == 1
    assert len(esc.reports_of(alice)) == 1


def test_idempotency_key_of_another_reporter_refused(esc: Escalation, alice: str, bob: str) -> None:
    esc.file_report(make_draft(alice), "shared-key")
    with pytest.raises(NotAuthorized):
        esc.file_report(make_draft(bob), "shared-key")


def test_status_for_reporter_is_no_oracle(esc: Escalation, alice: str, bob: str) -> None:
    ticket = esc.file_report(make_draft(alice), "k").ticket
    assert esc.status_for_reporter(ticket, alice) is not None
    assert esc.status_for_reporter(ticket, bob) is None
    assert esc.status_for_reporter("LAP-2026-999999", alice) is None
    with pytest.raises(NotFound):
        esc.add_reporter_reply(ticket, bob, "halo")
    with pytest.raises(NotFound):
        esc.add_evidence(ticket, PNG, "image/png", "x.png", bob)


def test_reports_of_newest_first(esc: Escalation, alice: str, bob: str, clock) -> None:
    first = esc.file_report(make_draft(alice), "a1").ticket
    clock.advance(minutes=5)
    second = esc.file_report(make_draft(alice), "a2").ticket
    esc.file_report(make_draft(bob), "b1")
    assert [v.ticket for v in esc.reports_of(alice)] == [second, first]
    assert esc.reports_of(reporter_key(42, SECRET)) == []


def test_contact_phone_only_kept_when_contact_allowed(esc: Escalation, alice: str) -> None:
    no = esc.file_report(make_draft(alice, contact_phone="0811000111"), "no")
    yes = esc.file_report(
        make_draft(alice, contact_phone="0811000111", contact_allowed=True), "yes"
    )
    assert esc.case(no.ticket).contact_phone is None
    assert esc.case(yes.ticket).contact_phone == "0811000111"


def test_urgent_report_queues_urgent_card(esc: Escalation, alice: str) -> None:
    view = esc.file_report(make_draft(alice, minor=True), "u")
    assert view.urgent
    [note] = esc.pending_notifications()
    assert note.kind == "officer_urgent" and note.target == "officers"
    assert note.ticket == view.ticket and "MENDESAK" in note.payload


def test_evidence_with_report_and_dedupe(esc: Escalation, alice: str, evidence_dir: Path) -> None:
    draft = make_draft(alice, evidence=[(PNG, "image/png", "a.png"), (PNG, "image/png", "b.png")])
    view = esc.file_report(draft, "ev")
    assert view.evidence_count == 1
    sha = esc.add_evidence(view.ticket, PNG, "image/png", "again.png", alice)
    assert esc.case(view.ticket).evidence[0].sha256 == sha
    esc.add_evidence(view.ticket, PDF, "application/pdf", "kontrak.pdf", alice)
    other = esc.file_report(make_draft(alice, evidence=[(PNG, "image/png", "c.png")]), "ev2")
    card = esc.case(view.ticket)
    assert [e.mime for e in card.evidence] == ["image/png", "application/pdf"]
    assert esc.case(other.ticket).evidence[0].sha256 == sha
    files = [p for p in evidence_dir.rglob("*") if p.is_file()]
    assert len(files) == 2  # PNG stored once for both reports, plus the PDF
    assert (evidence_dir / sha[:2] / sha).read_bytes() == PNG


def test_bad_evidence_refused_before_filing(esc: Escalation, alice: str) -> None:
    with pytest.raises(ValueError, match="tidak bisa diterima"):
        esc.file_report(make_draft(alice, evidence=[(b"MZ", "application/x-dosexec", "a")]), "x")
    assert esc.reports_of(alice) == []
    ticket = esc.file_report(make_draft(alice), "ok").ticket
    with pytest.raises(ValueError, match="10 MB"):
        esc.add_evidence(
            ticket, b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf", "b", alice
        )


def test_recruiter_matches_across_spellings(esc: Escalation, alice: str, bob: str) -> None:
    first = esc.file_report(
        make_draft(
            alice, recruiter_name="Pak Budi", recruiter_contact="0812-3456-7890", company=None
        ),
        "m1",
    )
    assert esc.recruiter_matches(first.ticket) == 0
    esc.file_report(
        make_draft(
            bob, recruiter_name="Sponsor Budi", recruiter_contact="+62 812 3456 7890", company=None
        ),
        "m2",
    )
    esc.file_report(
        make_draft(
            bob, recruiter_name="Mbak Sri", recruiter_contact="tiktok @kerja_tw", company=None
        ),
        "m3",
    )
    assert esc.recruiter_matches(first.ticket) == 1
    probe = ReportDraft(reporter=alice, recruiter_contact="wa.me/6281234567890")
    assert esc.recruiter_matches(probe) == 2
    assert esc.recruiter_matches(ReportDraft(reporter=alice, recruiter_contact="@kerja_tw")) == 1
    assert esc.recruiter_matches(ReportDraft(reporter=alice, recruiter_name="Ibu Ani")) == 0
    assert esc.case(first.ticket).linked_reports_count == 1
    with pytest.raises(NotFound):
        esc.recruiter_matches("LAP-2026-424242")


def test_database_unavailable_is_reported(tmp_path: Path, alice: str) -> None:
    for url in (f"sqlite:///{tmp_path}", "postgresql://postgres@127.0.0.1:1/nowhere"):
        esc = Escalation(url, evidence_dir=tmp_path / "ev", secret=SECRET)
        with pytest.raises(DatabaseUnavailable):
            esc.file_report(make_draft(alice), "k")
        esc.close()
