"""The contract as outside testers use it: `make run` with a token serves Telegram through
TELEGRAM_API_BASE_URL, and Ctrl-C stops every process."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from fake_telegram import FakeTelegram
from harness import ROOT, stack_env

pytestmark = pytest.mark.e2e


def test_make_run_serves_telegram_and_stops_on_ctrl_c(fake_telegram: FakeTelegram,
                                                      tmp_path) -> None:
    var_dir = tmp_path / "var"
    env = stack_env(var_dir, None, telegram=fake_telegram)
    log = open(tmp_path / "make-run.log", "wb")
    proc = subprocess.Popen(["make", "run"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not any(m == "getUpdates" for m, _ in list(fake_telegram.calls)):
            assert proc.poll() is None, (tmp_path / "make-run.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "make run never polled Telegram"
            time.sleep(0.5)
        fake_telegram.send_text(9990001, "/start")
        reply = fake_telegram.wait_for(9990001, lambda m: "Pandu Migran" in m.text, timeout=60)
        assert reply.buttons
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("make run did not stop on Ctrl-C")
        log.close()
    output = (tmp_path / "make-run.log").read_text()
    assert "stopped" in output
    pids = (tmp_path / "var" / "pids")
    for pid_file in pids.glob("*.pid"):
        pid = int(pid_file.read_text())
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
