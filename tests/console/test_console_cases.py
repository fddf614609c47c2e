"""Queue, case page, actions (same audit trail and outbox as Telegram) and CSV exports."""

from __future__ import annotations

import csv
import io

import pytest
from console_helpers import ADMIN_PASSWORD, PDF, PNG, SECRET, FakeClock, make_draft, sign_in
from fastapi.testclient import TestClient

from escalation import Escalation, reporter_key

ALICE = reporter_key(1001, SECRET)
BOB = reporter_key(1002, SECRET)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_queue_urgent_first_then_by_deadline(
    client: TestClient, esc: Escalation, clock: FakeClock, admin: str
) -> None:
    old = esc.file_report(make_draft(ALICE), "old").ticket
    clock.advance(days=4)  # Friday: the Monday report is one working day late
    urgent = esc.file_report(make_draft(BOB, in_danger=True, kabupaten="Cirebon"), "urgent").ticket
    sign_in(client, "admin", ADMIN_PASSWORD)  # the first session has expired meanwhile
    page = client.get("/queue").text
    assert page.index(urgent) < page.index(old)
    assert "terlambat" in page
    assert "sisa 3 hari" in page


def test_queue_filters_and_phone_search(client: TestClient, esc: Escalation, admin: str) -> None:
    a = esc.file_report(make_draft(ALICE), "a").ticket
    b = esc.file_report(
        make_draft(
            BOB,
            recruiter_name="Bu Rina",
            recruiter_contact="tiktok @rina.kerja",
            company=None,
            kabupaten="Cirebon",
            destination_country="Malaysia",
            contact_allowed=True,
            contact_phone="0857 1111 2222",
        ),
        "b",
    ).ticket
    page = client.get("/queue", params={"kabupaten": "cirebon"}).text
    assert b in page and a not in page
    page = client.get("/queue", params={"negara": "Taiwan"}).text
    assert a in page and b not in page
    # The recruiter's number, written differently.
    page = client.get("/queue", params={"q": "+62 812-3456-7890"}).text
    assert a in page and b not in page
    # The reporter's own contact number.
    page = client.get("/queue", params={"q": "6285711112222"}).text
    assert b in page and a not in page
    page = client.get("/queue", params={"q": b}).text
    assert b in page and a not in page
    page = client.get("/queue", params={"perekrut": "@rina.kerja"}).text
    assert b in page and a not in page
    page = client.get("/queue", params={"urgent": "1"}).text
    assert a not in page and b not in page


def test_case_page_shows_report_consent_evidence_and_linked_reports(
    client: TestClient, esc: Escalation, admin: str
) -> None:
    first = esc.file_report(make_draft(ALICE), "first").ticket
    ticket = esc.file_report(
        make_draft(
            BOB,
            contact_allowed=True,
            contact_phone="0857 1111 2222",
            evidence=[(PNG, "image/png", "chat.png"), (PDF, "application/pdf", "kontrak.pdf")],
        ),
        "second",
    ).ticket
    page = client.get(f"/cases/{ticket}").text
    card = esc.case(ticket)
    png = next(e for e in card.evidence if e.mime == "image/png")
    pdf = next(e for e in card.evidence if e.mime == "application/pdf")
    assert f'<img src="/cases/{ticket}/evidence/{png.sha256}"' in page
    assert f'href="/cases/{ticket}/evidence/{pdf.sha256}"' in page
    assert "0857 1111 2222" in page
    assert "biaya tinggi" in page
    assert f'href="/cases/{first}"' in page  # the other report about the same recruiter
    image = client.get(f"/cases/{ticket}/evidence/{png.sha256}")
    assert image.status_code == 200 and image.content == PNG
    assert image.headers["content-type"] == "image/png"
    # A file of another case is not served through this case.
    assert client.get(f"/cases/{first}/evidence/{png.sha256}").status_code == 404


def test_contact_hidden_without_consent(client: TestClient, esc: Escalation, admin: str) -> None:
    ticket = esc.file_report(
        make_draft(ALICE, contact_allowed=False, contact_phone="0857 9999 0000"), "k"
    ).ticket
    page = client.get(f"/cases/{ticket}").text
    assert "0857 9999 0000" not in page
    assert "Tidak mengizinkan dihubungi" in page


def test_actions_write_the_audit_trail_and_notify_the_reporter(
    client: TestClient, esc: Escalation, admin: str
) -> None:
    ticket = esc.file_report(make_draft(ALICE), "k").ticket
    esc.link_chat(ALICE, 555)
    esc.pending_notifications()  # the officers' card, delivered elsewhere
    steps = [
        ("take", {}),
        ("ask_info", {"note": "Kapan Anda dihubungi?"}),
    ]
    for action, data in steps:
        response = client.post(
            f"/cases/{ticket}/{action}", data={"csrf_token": admin, **data}, follow_redirects=False
        )
        assert response.status_code == 303, response.text
    esc.add_reporter_reply(ticket, ALICE, "Minggu lalu")
    for action, data in [
        ("forward", {"to": "polisi", "note": "Dugaan TPPO"}),
        ("resolve", {"note": "Ditangani polisi"}),
    ]:
        response = client.post(
            f"/cases/{ticket}/{action}", data={"csrf_token": admin, **data}, follow_redirects=False
        )
        assert response.status_code == 303, response.text
    card = esc.case(ticket)
    assert card.status == "selesai"
    officer_events = [(e.who, e.action) for e in card.history if e.who != "pelapor"]
    assert officer_events == [
        ("console:admin", "take"),
        ("console:admin", "ask_info"),
        ("console:admin", "forward"),
        ("console:admin", "resolve"),
    ]
    assert any(e.note == "[polisi] Dugaan TPPO" for e in card.history)
    to_reporter = [n for n in esc.pending_notifications() if n.target == ALICE]
    assert [n.kind for n in to_reporter] == [
        "reporter_update",
        "reporter_question",
        "reporter_update",
        "reporter_update",
    ]
    assert all(n.chat_id == 555 for n in to_reporter)
    page = client.get(f"/cases/{ticket}").text
    assert "console:admin" in page and "Kasus ini sudah ditutup" in page


def test_reject_needs_a_reason_and_wrong_order_is_explained(
    client: TestClient, esc: Escalation, admin: str
) -> None:
    ticket = esc.file_report(make_draft(ALICE), "k").ticket
    response = client.post(f"/cases/{ticket}/reject", data={"csrf_token": admin, "note": " "})
    assert response.status_code == 409
    assert "alasan" in response.text
    response = client.post(f"/cases/{ticket}/resolve", data={"csrf_token": admin, "note": "x"})
    assert response.status_code == 409
    assert esc.case(ticket).status == "baru"
    response = client.post(
        f"/cases/{ticket}/reject",
        data={"csrf_token": admin, "note": "Bukan perekrutan"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert esc.case(ticket).status == "ditolak"


def test_unknown_case_is_404(client: TestClient, admin: str) -> None:
    assert client.get("/cases/LAP-2099-999999").status_code == 404


def test_queue_csv_export_follows_filters_and_defuses_formulas(
    client: TestClient, esc: Escalation, admin: str
) -> None:
    a = esc.file_report(make_draft(ALICE, recruiter_name='=HYPERLINK("x")'), "a").ticket
    b = esc.file_report(make_draft(BOB, kabupaten="Cirebon"), "b").ticket
    response = client.get("/queue.csv", params={"kabupaten": "Indramayu"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _rows(response.text)
    assert [r["tiket"] for r in rows] == [a]
    assert rows[0]["perekrut"].startswith("'=")
    assert rows[0]["keterangan_tenggat"] == "sisa 3 hari"
    assert b in client.get("/queue.csv").text


def test_audit_csv_has_the_full_history(client: TestClient, esc: Escalation, admin: str) -> None:
    ticket = esc.file_report(make_draft(ALICE), "a").ticket
    client.post(f"/cases/{ticket}/take", data={"csrf_token": admin})
    client.post(f"/cases/{ticket}/reject", data={"csrf_token": admin, "note": "duplikat"})
    rows = _rows(client.get(f"/cases/{ticket}/audit.csv").text)
    assert [(r["oleh"], r["aksi"], r["ke_status"]) for r in rows] == [
        ("pelapor", "lapor", "baru"),
        ("console:admin", "take", "ditangani"),
        ("console:admin", "reject", "ditolak"),
    ]
    assert rows[-1]["catatan"] == "duplikat"


def test_overview_renders_charts(
    client: TestClient, esc: Escalation, clock: FakeClock, admin: str
) -> None:
    esc.file_report(make_draft(ALICE), "a")
    esc.file_report(make_draft(BOB, destination_country="Malaysia"), "b")
    clock.advance(hours=5)
    page = client.get("/overview")
    assert page.status_code == 200
    assert "Indramayu" in page.text and "Malaysia" in page.text and "biaya tinggi" in page.text
    assert "<svg" in page.text


@pytest.mark.parametrize("params", [{"sampai": "9999-12-31"}, {"dari": "0001-01-01"},
                                    {"dari": "2026-13-45"}, {"sampai": "9" * 40}])
def test_out_of_range_dates_in_the_queue_filter_get_a_page_not_an_error(
        client: TestClient, esc: Escalation, admin: str, params: dict) -> None:
    response = client.get("/queue", params=params)
    assert response.status_code == 200
    export = client.get("/queue.csv", params=params)
    assert export.status_code in (200, 400)
