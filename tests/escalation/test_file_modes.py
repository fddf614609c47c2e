"""Personal data on disk is private to the service's user: files 0600, folders 0700, whatever the
umask, and files or folders left looser by an earlier version are tightened at start-up."""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from esc_helpers import PNG, SECRET, make_draft
from sqlalchemy import text

from escalation import EvidenceDrafts, SpoolQueue, deployment_secret
from escalation.database import create_db_engine
from escalation.evidence import EvidenceStore

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The common default: new files 0644 and folders 0755 unless the code says otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def loose(path: Path, *, folder: bool = False) -> Path:
    """A file or folder as an earlier version left it: readable by everybody."""
    if folder:
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o755)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
        path.chmod(0o644)
    return path


# ----- the SQLite database -----------------------------------------------------------------------


def _write_something(url: str) -> None:
    engine = create_db_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE IF NOT EXISTS t (x TEXT)"))
            conn.execute(text("INSERT INTO t VALUES ('Pak Sponsor')"))
        with engine.connect() as conn:  # a second connection, while the WAL is still there
            assert conn.execute(text("SELECT count(*) FROM t")).scalar() >= 1
            db = Path(url.split(":///", 1)[1])
            for suffix in ("", "-wal", "-shm", "-journal"):
                path = Path(f"{db}{suffix}")
                if path.exists():
                    assert mode(path) == 0o600, path
            assert Path(f"{db}-wal").exists()  # WAL mode: the file that holds recent writes
    finally:
        engine.dispose()


def test_a_new_sqlite_database_and_its_folder_are_private(tmp_path: Path) -> None:
    db = tmp_path / "var" / "pandu.db"
    _write_something(f"sqlite:///{db}")
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700


def test_an_existing_world_readable_database_is_tightened_when_the_engine_starts(
        tmp_path: Path) -> None:
    db = tmp_path / "pandu.db"
    other = sqlite3.connect(db)  # e.g. left by an earlier version, still open in another process
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("CREATE TABLE t (x TEXT)")
    other.commit()
    try:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").chmod(0o644)
        _write_something(f"sqlite:///{db}")
        for suffix in ("", "-wal", "-shm"):
            assert mode(Path(f"{db}{suffix}")) == 0o600, suffix
    finally:
        other.close()


# ----- evidence of filed reports ---------------------------------------------------------------


def test_stored_evidence_and_its_folders_are_private(tmp_path: Path) -> None:
    root = tmp_path / "var" / "evidence"
    store = EvidenceStore(root)
    digest = store.save(PNG)
    path = store.path_for(digest)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert mode(root) == 0o700
    assert mode(root.parent) == 0o700  # var/, created for it


def test_existing_evidence_is_tightened_at_start(tmp_path: Path) -> None:
    root = loose(tmp_path / "evidence", folder=True)
    shard = loose(root / "ab", folder=True)
    old = loose(shard / ("ab" + "0" * 62))
    EvidenceStore(root)
    assert (mode(root), mode(shard), mode(old)) == (0o700, 0o700, 0o600)


# ----- evidence of reports still being written (drafts) ----------------------------------------


def test_draft_evidence_files_and_folders_are_private(tmp_path: Path) -> None:
    directory = tmp_path / "var" / "evidence-drafts"
    drafts = EvidenceDrafts(directory)
    assert drafts.add("reporter-key-1", PNG, "image/png", "bukti.png") == 1
    folders = [p for p in directory.iterdir() if p.is_dir()]
    assert len(folders) == 1
    files = sorted(folders[0].iterdir())
    assert {p.suffix for p in files} == {".bin", ".json"}
    for path in files:
        assert mode(path) == 0o600, path.name
    assert mode(folders[0]) == 0o700
    assert mode(directory) == 0o700
    assert mode(directory.parent) == 0o700


def test_existing_drafts_are_tightened_at_start(tmp_path: Path) -> None:
    directory = loose(tmp_path / "evidence-drafts", folder=True)
    folder = loose(directory / ("f" * 32), folder=True)
    data = loose(folder / "abc.bin")
    meta = loose(folder / "abc.json")
    EvidenceDrafts(directory)
    assert [mode(p) for p in (directory, folder, data, meta)] == [0o700, 0o700, 0o600, 0o600]


# ----- the spool of reports waiting for the database -------------------------------------------


def test_spooled_reports_and_their_folders_are_private(tmp_path: Path) -> None:
    spool_dir = tmp_path / "var" / "spool"
    queue = SpoolQueue(spool_dir)
    path = queue.put(make_draft("reporter-key-1"), "tg-update-1")
    assert mode(path) == 0o600
    assert mode(spool_dir) == 0o700
    assert mode(spool_dir.parent) == 0o700
    queue._reject(path)
    assert mode(spool_dir / "rejected") == 0o700
    assert mode(spool_dir / "rejected" / path.name) == 0o600


def test_an_existing_spool_is_tightened_at_start(tmp_path: Path) -> None:
    spool_dir = loose(tmp_path / "spool", folder=True)
    waiting = loose(spool_dir / "0123.json")
    rejected = loose(spool_dir / "rejected", folder=True)
    refused = loose(rejected / "4567.json")
    SpoolQueue(spool_dir)
    assert [mode(p) for p in (spool_dir, waiting, rejected, refused)] == \
        [0o700, 0o600, 0o700, 0o600]


# ----- the deployment key ------------------------------------------------------------------------


def test_a_generated_deployment_key_and_its_folder_are_private(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    key = deployment_secret(var_dir)
    assert len(key) >= 32
    assert mode(var_dir / "sender_id.key") == 0o600
    assert mode(var_dir) == 0o700
    assert deployment_secret(var_dir) == key


def test_an_existing_readable_key_and_var_folder_are_tightened(tmp_path: Path) -> None:
    var_dir = loose(tmp_path / "var", folder=True)
    key_file = var_dir / "sender_id.key"
    key_file.write_bytes(SECRET)
    key_file.chmod(0o644)
    assert deployment_secret(var_dir) == SECRET
    assert (mode(key_file), mode(var_dir)) == (0o600, 0o700)


# ----- the supervisor's var/ folder, logs and pid files ----------------------------------------


def _stack_module():
    spec = importlib.util.spec_from_file_location("pandu_stack_under_test",
                                                  ROOT / "scripts" / "stack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_supervisor_keeps_var_its_logs_and_pid_files_private(tmp_path: Path) -> None:
    stack = _stack_module()
    var_dir = loose(tmp_path / "var", folder=True)
    old_log = loose(var_dir / "logs" / "rasa.log")
    (var_dir / "logs").chmod(0o755)
    stack.private_var_dir(var_dir)
    assert (mode(var_dir), mode(var_dir / "logs"), mode(old_log)) == (0o700, 0o700, 0o600)
    stack.write_pid(var_dir, "bot", 1234)
    assert (mode(var_dir / "pids"), mode(var_dir / "pids" / "bot.pid")) == (0o700, 0o600)
    service = stack.Service("echo", "echo", ["/bin/true"], dict(os.environ), var_dir)
    service.start()
    assert service.proc is not None
    service.proc.wait(10)
    assert mode(var_dir / "logs" / "echo.log") == 0o600
