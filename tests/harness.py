"""Starting the real processes for end-to-end tests and benchmarks."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from fake_telegram import FakeTelegram, free_port

ROOT = Path(__file__).resolve().parent.parent
APP_PYTHON = str(ROOT / ".venv" / "bin" / "python")
CONSOLE_ADMIN_PASSWORD = "console-admin-for-tests"


class Stack:
    """Running Rasa and action servers (scripts/stack.py --services-only)."""

    def __init__(self, proc: subprocess.Popen, env: dict[str, str], var_dir: Path,
                 started_s: float) -> None:
        self.proc, self.env, self.var_dir = proc, env, var_dir
        self.rasa_url = env["RASA_URL"]
        self.started_s = started_s

    def pid_of(self, name: str) -> int:
        return int((self.var_dir / "pids" / f"{name}.pid").read_text())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def stack_env(var_dir: Path, secret: str | None = "test-secret-for-pandu-e2e-runs", *,
              database_url: str | None = None, telegram: FakeTelegram | None = None,
              officers: tuple[int | str, str] | None = None, **extra: str) -> dict[str, str]:
    """The environment of a whole stack on free ports with its state under ``var_dir``.

    One owner for what tests and benchmarks start: ``secret`` None leaves the sender-id secret
    to the stack itself (as ``make run`` does); ``telegram`` points the bot at a fake Bot API
    server (without it the bot's token is removed, so only the services start); ``officers`` is
    (officers' chat id, officer user ids).
    """
    env = dict(os.environ)
    env.update({
        "RASA_URL": f"http://127.0.0.1:{free_port()}",
        "ACTION_SERVER_PORT": str(free_port()),
        "OFFICER_CONSOLE_PORT": str(free_port()),
        "OFFICER_CONSOLE_ADMIN_PASSWORD": CONSOLE_ADMIN_PASSWORD,
        "DATABASE_URL": database_url or f"sqlite:///{var_dir / 'pandu.db'}",
        "PANDU_VAR_DIR": str(var_dir),
    })
    if secret is not None:
        env["SENDER_ID_SECRET"] = secret
    if telegram is not None:
        env.update({"TELEGRAM_BOT_TOKEN": telegram.token,
                    "TELEGRAM_API_BASE_URL": telegram.base_url})
    else:
        env.pop("TELEGRAM_BOT_TOKEN", None)
    if officers is not None:
        env.update({"OFFICER_CHAT_ID": str(officers[0]), "OFFICER_USER_IDS": officers[1]})
    env.update(extra)
    return env


def start_stack(var_dir: Path, database_url: str | None = None,
                extra_env: dict[str, str] | None = None, timeout: float = 300) -> Stack:
    env = stack_env(var_dir, database_url=database_url, **(extra_env or {}))
    log_path = var_dir / "stack.log"
    started = time.monotonic()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([APP_PYTHON, "scripts/stack.py", "--services-only"], cwd=ROOT,
                                env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("stack exited early:\n" + log_path.read_text()[-4000:])
        if "READY" in log_path.read_text():
            return Stack(proc, env, var_dir, time.monotonic() - started)
        time.sleep(0.25)
    proc.kill()
    raise RuntimeError("stack not ready in time:\n" + log_path.read_text()[-4000:])


class BotProcess:
    def __init__(self, proc: subprocess.Popen, log_path: Path) -> None:
        self.proc, self.log_path = proc, log_path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_bot(stack: Stack, telegram: FakeTelegram, log_path: Path,
              extra_env: dict[str, str] | None = None,
              ready_method: str = "getUpdates") -> BotProcess:
    """The real bot process, long-polling the fake Bot API server (or ready once it calls
    ``ready_method``, e.g. setWebhook)."""
    env = dict(stack.env)
    env.update({"TELEGRAM_BOT_TOKEN": telegram.token,
                "TELEGRAM_API_BASE_URL": telegram.base_url})
    env.update(extra_env or {})
    polls_before = sum(1 for method, _ in list(telegram.calls) if method == ready_method)
    with open(log_path, "ab") as log:
        proc = subprocess.Popen([APP_PYTHON, "-m", "bot"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        polls = sum(1 for method, _ in list(telegram.calls) if method == ready_method)
        if polls > polls_before:
            return BotProcess(proc, log_path)
        if proc.poll() is not None:
            raise RuntimeError("bot exited:\n" + log_path.read_text()[-4000:])
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"bot never called {ready_method}:\n" + log_path.read_text()[-4000:])
