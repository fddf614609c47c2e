"""The supervisor (scripts/stack.py): restarts a crashed bot, stops everything on SIGHUP, and refuses
to start on ports another process holds."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from fake_telegram import FakeTelegram
from harness import APP_PYTHON, ROOT, stack_env

pytestmark = pytest.mark.e2e


def _env(var_dir: Path, **extra: str) -> dict[str, str]:
    return stack_env(var_dir, "test-secret-for-the-supervisor", **extra)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purpose
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _logs(var_dir: Path, log_path: Path) -> str:
    """The supervisor's log and the end of each part's log, for a failure message."""
    parts = [log_path.read_text(errors="replace")[-3000:]]
    for part in sorted((var_dir / "logs").glob("*.log")):
        parts.append(f"--- {part.name} ---\n" + part.read_text(errors="replace")[-1500:])
    return "\n".join(parts)


def _wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_port_held_by_another_process_stops_the_start_with_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        env = _env(tmp_path, ACTION_SERVER_PORT=str(port))
        done = subprocess.run([APP_PYTHON, "scripts/stack.py", "--services-only"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"{port}" in done.stdout and "already in use" in done.stdout
    assert not (tmp_path / "pids").exists()  # nothing was started


def test_a_crashed_bot_is_restarted_and_sighup_stops_every_part(tmp_path: Path,
                                                                 fake_telegram: FakeTelegram) -> None:
    env = _env(tmp_path, TELEGRAM_BOT_TOKEN=fake_telegram.token,
               TELEGRAM_API_BASE_URL=fake_telegram.base_url)
    log_path = tmp_path / "stack.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([APP_PYTHON, "scripts/stack.py"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    pids = tmp_path / "pids"
    try:
        # The supervisor itself allows the action server 120 s, Rasa 240 s and the console 60 s
        # (scripts/stack.py); on a busy two-core CI machine the start can take most of that.
        assert _wait(lambda: (pids / "bot.pid").is_file()
                     and any(m == "getUpdates" for m, _ in list(fake_telegram.calls)), 480), \
            _logs(tmp_path, log_path)
        first = int((pids / "bot.pid").read_text())
        os.kill(first, signal.SIGKILL)  # an out-of-memory kill looks like this
        assert _wait(lambda: int((pids / "bot.pid").read_text()) != first, 30), \
            log_path.read_text()[-3000:]
        second = int((pids / "bot.pid").read_text())
        assert _wait(lambda: _alive(second), 10)
        assert proc.poll() is None  # the stack is still serving
        children = [int((pids / f"{k}.pid").read_text()) for k in ("actions", "rasa", "console")]
        children.append(second)

        proc.send_signal(signal.SIGHUP)  # the terminal was closed
        proc.wait(60)
        assert _wait(lambda: not any(_alive(pid) for pid in children), 30), \
            [pid for pid in children if _alive(pid)]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def test_a_deleted_model_is_noticed_and_rasa_restarted(tmp_path: Path) -> None:
    import json
    import urllib.request

    from harness import start_stack

    from escalation import internal_token

    stack = start_stack(tmp_path)
    try:
        token = internal_token(tmp_path, stack.env.get("SENDER_ID_SECRET"), "rasa-api")
        status = f"{stack.rasa_url}/status?token={token}"
        request = urllib.request.Request(f"{stack.rasa_url}/model?token={token}", method="DELETE")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 204  # even a token holder's mistake must not end the service

        def model_back() -> bool:
            try:
                with urllib.request.urlopen(status, timeout=3) as response:
                    return bool(json.loads(response.read()).get("model_file"))
            except OSError:
                return False

        assert not model_back()  # the model is really gone
        assert _wait(model_back, 150), (tmp_path / "stack.log").read_text()[-2000:]
        assert "model is missing" in (tmp_path / "stack.log").read_text()
    finally:
        stack.stop()
