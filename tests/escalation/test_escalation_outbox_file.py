"""SpoolQueue: reports survive a crash on local disk and are filed once the database is back."""

from __future__ import annotations

import json
from pathlib import Path

from esc_helpers import PNG, SECRET, make_draft

from escalation import Escalation, SpoolQueue


def _down(tmp_path: Path, database_url: str) -> Escalation:
    # SQLite cannot open a directory; nothing listens on PostgreSQL port 1.
    url = (
        f"sqlite:///{tmp_path}"
        if database_url.startswith("sqlite")
        else ("postgresql://postgres@127.0.0.1:1/pandu")
    )
    return Escalation(url, evidence_dir=tmp_path / "ev-down", secret=SECRET)


def test_spool_survives_crash_and_drains_when_db_is_back(
    esc: Escalation, database_url: str, alice: str, tmp_path: Path
) -> None:
    spool_dir = tmp_path / "spool"
    before_crash = SpoolQueue(spool_dir)
    draft = make_draft(alice, evidence=[(PNG, "image/png", "bukti.png")], in_danger=True)
    path = before_crash.put(draft, "tg-update-1")
    before_crash.put(draft, "tg-update-1")  # the same report spooled twice stays one file
    before_crash.put(make_draft(alice), "tg-update-2")
    assert path.stat().st_mode & 0o777 == 0o600
    assert json.loads(path.read_text())["idempotency_key"] == "tg-update-1"
    del before_crash  # the bot process dies here

    after_restart = SpoolQueue(spool_dir)
    assert len(after_restart) == 2
    down = _down(tmp_path, database_url)
    assert after_restart.drain(down) == []
    down.close()
    assert len(after_restart) == 2

    filed = after_restart.drain(esc)
    assert len(filed) == 2 and len(after_restart) == 0
    assert after_restart.drain(esc) == []
    reports = esc.reports_of(alice)
    assert sorted(v.ticket for v in reports) == sorted(v.ticket for v in filed)
    urgent = next(v for v in filed if v.urgent)
    assert urgent.evidence_count == 1


def test_crash_after_commit_before_delete_files_once(
    esc: Escalation, alice: str, tmp_path: Path
) -> None:
    spool = SpoolQueue(tmp_path / "spool")
    spool.put(make_draft(alice), "k")
    first = esc.file_report(make_draft(alice), "k")  # committed, then the crash kept the file
    [again] = spool.drain(esc)
    assert again.ticket == first.ticket
    assert len(esc.reports_of(alice)) == 1


def test_refused_or_corrupt_files_set_aside(esc: Escalation, alice: str, tmp_path: Path) -> None:
    spool = SpoolQueue(tmp_path / "spool")
    spool.put(make_draft(alice, evidence=[(b"MZ", "application/x-dosexec", "a.exe")]), "bad")
    (tmp_path / "spool" / "broken.json").write_text("{not json")
    spool.put(make_draft(alice), "good")
    assert len(spool.drain(esc)) == 1
    assert len(spool) == 0
    assert len(list((tmp_path / "spool" / "rejected").iterdir())) == 2
