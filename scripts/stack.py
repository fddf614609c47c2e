"""Start the whole stack: Rasa server, action server and the bot (Telegram or console).

Usage: ``python scripts/stack.py [--services-only] [--console]``. Ctrl-C stops everything together.
Crashed servers are restarted; the bot tells users about the outage meanwhile.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
APP_PYTHON = ROOT / ".venv" / "bin" / "python"
DEFAULT_DATABASE_URL = "sqlite:///var/pandu.db"


def log(message: str) -> None:
    print(f"[stack {time.strftime('%H:%M:%S')}] {message}", flush=True)


def tracker_store_yaml(database_url: str) -> str:
    """Rasa's SQL tracker store on the same database as the rest of the project."""
    url = urlparse(database_url)
    scheme = url.scheme.split("+", 1)[0]
    if scheme == "sqlite":
        path = database_url.split(":///", 1)[1] if ":///" in database_url else "var/pandu.db"
        path = str((ROOT / path).resolve()) if not path.startswith("/") else path
        return f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{path}"\n'
    if scheme in {"postgresql", "postgres"}:
        lines = ["tracker_store:", "  type: SQL", '  dialect: "postgresql"',
                 f'  url: "{url.hostname or "127.0.0.1"}"', f'  port: {url.port or 5432}',
                 f'  db: "{url.path.lstrip("/")}"']
        if url.username:
            lines.append(f'  username: "{unquote(url.username)}"')
        if url.password:
            lines.append(f'  password: "{unquote(url.password)}"')
        return "\n".join(lines) + "\n"
    raise SystemExit(f"DATABASE_URL scheme {scheme!r} is not supported (sqlite or postgresql)")


def write_endpoints(var_dir: Path, action_port: int, database_url: str, action_token: str) -> Path:
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / "endpoints.yml"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        "# Written by scripts/stack.py at every start; edit the environment, not this file.\n"
        f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
        f'  token: "{action_token}"\n'
        + tracker_store_yaml(database_url)
    )
    tmp.chmod(0o600)  # holds a token and maybe a database password
    tmp.replace(path)
    return path


HEALTHY_S = 120  # a part that ran this long before dying restarts without the earlier back-off


def latest_model() -> Path:
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SystemExit("No trained model under models/. Run `make setup` (or `make run`).")
    return models[-1]


class RasaWatch:
    """Notices a Rasa server that runs but cannot serve safely.

    Two cases, both fixed by a restart: the model is gone (``model_file`` null in ``/status``), or
    Rasa fell back to its in-memory tracker store because the database was down at start (its log
    says so); conversations would then not survive a restart and retention could not reach them.
    """

    FALLBACK = b"InMemoryTrackerStore"
    INTERVAL_S = 10.0

    def __init__(self, service: Service, status_url: str) -> None:
        self.service, self.status_url = service, status_url
        self.next_at = time.monotonic() + self.INTERVAL_S
        self.log_offset = 0
        self.seen_start = service.started_at

    def due(self) -> bool:
        if time.monotonic() < self.next_at or not self.service.alive():
            return False
        self.next_at = time.monotonic() + self.INTERVAL_S
        return True

    def problem(self) -> str | None:
        if self.service.started_at != self.seen_start:  # a new process: read its log from here
            self.seen_start = self.service.started_at
        try:
            with open(self.service.log_path, "rb") as log_file:
                log_file.seek(self.log_offset)
                new = log_file.read()
                self.log_offset = log_file.tell()
        except OSError:
            new = b""
        if self.FALLBACK in new:
            return "it fell back to an in-memory tracker store (database unreachable at start)"
        try:
            with urllib.request.urlopen(self.status_url, timeout=3) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            # Rasa answers 409 Conflict on /status when no model is loaded.
            return "its model is missing" if exc.code == 409 else None
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return None  # busy or starting: the process check handles a dead server
        if b'"model_file":null' in body.replace(b" ", b"") or b"model_file" not in body:
            return "its model is missing"
        return None


def write_pid(var_dir: Path, key: str, pid: int) -> None:
    path = var_dir / "pids" / f"{key}.pid"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(pid))


def port_taken(port: int) -> bool:
    """Whether something already listens on 127.0.0.1:``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_http(url: str, timeout_s: float, ok=lambda body: True) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200 and ok(response.read()):
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.5)
    return False


class Service:
    """A child process that is restarted when it dies."""

    def __init__(self, key: str, name: str, argv: list[str], env: dict[str, str],
                 var_dir: Path) -> None:
        self.key, self.name, self.argv, self.env = key, name, argv, env
        self.log_path = var_dir / "logs" / f"{key}.log"
        self.pid_path = var_dir / "pids" / f"{key}.pid"
        self.proc: subprocess.Popen | None = None
        self.restarts = 0
        self.started_at = time.monotonic()

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        logfile = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=logfile,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.pid_path.parent.mkdir(parents=True, exist_ok=True)
        self.pid_path.write_text(str(self.proc.pid))
        self.started_at = time.monotonic()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services-only", action="store_true",
                        help="start Rasa and the action server, not the bot")
    parser.add_argument("--console", action="store_true", help="console chat even with a token")
    args = parser.parse_args()

    env = dict(os.environ)
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    env.setdefault("PYTHONUNBUFFERED", "1")
    var_dir = ROOT / env.get("PANDU_VAR_DIR", "var")
    rasa_url = env.setdefault("RASA_URL", "http://127.0.0.1:5005")
    rasa_port = urlparse(rasa_url).port or 5005
    action_port = int(env.setdefault("ACTION_SERVER_PORT", "5055"))
    database_url = env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    console_port = int(env.get("OFFICER_CONSOLE_PORT") or 8080)
    from escalation.privacy import internal_token

    secret = env.get("SENDER_ID_SECRET")
    rasa_token = internal_token(var_dir, secret, "rasa-api")
    endpoints = write_endpoints(var_dir, action_port, database_url,
                                internal_token(var_dir, secret, "action-server"))
    logs = var_dir / "logs"

    taken = [port for port in (action_port, rasa_port, console_port) if port_taken(port)]
    if taken:
        # Another process (often an earlier stack left behind) holds our ports: starting now would
        # report "healthy" against it while our own servers crash-loop.
        log(f"port(s) {', '.join(map(str, taken))} on 127.0.0.1 are already in use by another "
            "process. Stop it (or set other ports) and start again.")
        return 2

    services = [
        Service("actions", "action server",
                [str(APP_PYTHON), "-m", "actions", "--port", str(action_port)], env, var_dir),
        Service("rasa", "Rasa server", [str(RASA_BIN), "run", "--enable-api", "--auth-token", rasa_token,
                                "--port", str(rasa_port),
                                "--interface", "127.0.0.1", "--model", str(latest_model()),
                                "--endpoints", str(endpoints), "--credentials",
                                str(ROOT / "credentials.yml"), "--cors", "http://127.0.0.1"],
                env, var_dir),
        Service("console", "officers' console",
                [str(APP_PYTHON), "-m", "console", "--port", str(console_port)], env, var_dir),
    ]
    stopping = False

    def stop_all(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop_all)
    signal.signal(signal.SIGINT, stop_all)
    # Closing the terminal must stop the children too, never orphan them on their ports.
    signal.signal(signal.SIGHUP, stop_all)

    started = time.monotonic()
    var_dir.mkdir(parents=True, exist_ok=True)
    migrated = subprocess.run([str(APP_PYTHON), "-m", "escalation", "migrate"], cwd=ROOT, env=env,
                              capture_output=True, text=True)
    if migrated.returncode != 0:
        log("database migration failed (is DATABASE_URL reachable?); reports will wait in the "
            "spool until it is:\n" + migrated.stderr[-1500:])
    log("starting the action server and the Rasa server (Rasa loads its model in ~15-30 s; "
        f"logs in {logs})")
    for service in services:
        service.start()
    ready_action = wait_http(f"http://127.0.0.1:{action_port}/health", 120)
    status_url = f"http://127.0.0.1:{rasa_port}/status?token={rasa_token}"
    ready_rasa = wait_http(status_url, 240,
                           ok=lambda body: b"model_file" in body and b'"model_file":null' not in body)
    ready_console = wait_http(f"http://127.0.0.1:{console_port}/login", 60)
    if not ready_console:
        log(f"the officers' console did not answer on port {console_port}; see {logs}/console.log")
    else:
        log(f"officers' console: http://127.0.0.1:{console_port}")
    if not (ready_action and ready_rasa):
        log("a server did not start; see the logs above. Stopping.")
        for service in services:
            service.stop()
        return 1
    log(f"servers ready after {time.monotonic() - started:.1f} s")

    bot: subprocess.Popen | None = None
    bot_restarts = 0
    bot_started = time.monotonic()
    telegram = False
    if not args.services_only:
        bot_argv = [str(APP_PYTHON), "-m", "bot"] + (["--console"] if args.console else [])
        telegram = not args.console and bool(env.get("TELEGRAM_BOT_TOKEN"))
        log(f"starting the bot ({'Telegram' if telegram else 'console chat'})")
        bot = subprocess.Popen(bot_argv, cwd=ROOT, env=env)
        write_pid(var_dir, "bot", bot.pid)
    else:
        print("READY", flush=True)

    rasa_service = next(service for service in services if service.key == "rasa")
    rasa_watch = RasaWatch(rasa_service, status_url)
    try:
        while not stopping:
            if bot is not None and bot.poll() is not None:
                log(f"the bot stopped (exit code {bot.returncode})")
                if not telegram or bot.returncode == 0:
                    break  # the console chat ended, or the bot was asked to stop
                # Telegram: a crash or an out-of-memory kill must not end the service.
                if time.monotonic() - bot_started > HEALTHY_S:
                    bot_restarts = 0
                bot_restarts += 1
                log(f"restarting the bot (restart #{bot_restarts})")
                time.sleep(min(30, 2 ** min(bot_restarts, 5)))
                if stopping:
                    break
                bot = subprocess.Popen(bot_argv, cwd=ROOT, env=env)
                write_pid(var_dir, "bot", bot.pid)
                bot_started = time.monotonic()
                continue
            if rasa_watch.due():
                problem = rasa_watch.problem()
                if problem:
                    log(f"Rasa server: {problem}; restarting it")
                    rasa_service.stop()  # the loop below starts it again, with back-off
            for service in services:
                if not service.alive() and not stopping:
                    if time.monotonic() - service.started_at > HEALTHY_S:
                        service.restarts = 0  # back-off starts again after a healthy period
                    service.restarts += 1
                    log(f"{service.name} stopped; restarting (restart #{service.restarts})")
                    time.sleep(min(30, 2 ** min(service.restarts, 5)))
                    service.start()
            time.sleep(0.5)
    finally:
        if bot is not None and bot.poll() is None:
            bot.send_signal(signal.SIGINT)
            try:
                bot.wait(timeout=15)
            except subprocess.TimeoutExpired:
                bot.kill()
        for service in services:
            service.stop()
        log("stopped")
    return 0 if bot is None or bot.returncode in (0, None, -signal.SIGINT) else bot.returncode


if __name__ == "__main__":
    sys.exit(main())
