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
from escalation.file_modes import open_private, private_dir, tighten_tree  # noqa: E402

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


def private_var_dir(var_dir: Path) -> None:
    """var/ holds the database, evidence, drafts, the spool, the key and logs: only the service's
    user may read it. Created 0700; what an earlier version left readable is tightened."""
    private_dir(var_dir)
    for name in ("logs", "pids"):
        tighten_tree(var_dir / name)


def write_endpoints(var_dir: Path, action_port: int, database_url: str, action_token: str) -> Path:
    private_dir(var_dir)
    path = var_dir / "endpoints.yml"
    tmp = path.with_suffix(".tmp")
    with os.fdopen(open_private(tmp), "w") as handle:  # holds a token and maybe a DB password
        handle.write(
            "# Written by scripts/stack.py at every start; edit the environment, not this file.\n"
            f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
            f'  token: "{action_token}"\n'
            + tracker_store_yaml(database_url)
        )
    tmp.replace(path)
    return path


QUICK_EXIT_S = 10.0  # a part that dies sooner than this after its start is crash-looping
TICK_S = 0.1  # how often the supervisor looks at its children (a dead bot is noticed this fast)


class Backoff:
    """When to restart a part that died.

    A part that died restarts at once: people are waiting, a danger message among them. Only one
    that keeps dying right after its start (a bad setting, a port taken) waits 2, 4, 8 … up to
    30 s between further tries instead of spinning; running ``QUICK_EXIT_S`` ends the back-off.
    The wait is scheduled, never slept: the supervisor keeps watching the other parts meanwhile.
    """

    def __init__(self) -> None:
        self.quick_exits = 0

    def delay(self, uptime_s: float) -> float:
        """Seconds to wait before restarting a part that ran ``uptime_s`` seconds."""
        if uptime_s >= QUICK_EXIT_S:
            self.quick_exits = 0
            return 0.0
        self.quick_exits += 1
        if self.quick_exits == 1:
            return 0.0  # a kill soon after a start is not yet a crash loop
        return float(min(30, 2 ** min(self.quick_exits - 1, 5)))


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
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.tmp")
    with os.fdopen(open_private(tmp), "w") as handle:
        handle.write(str(pid))
    tmp.replace(path)  # readers never see an empty pid file


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
        self.key, self.name, self.argv, self.env, self.var_dir = key, name, argv, env, var_dir
        self.log_path = var_dir / "logs" / f"{key}.log"
        self.pid_path = var_dir / "pids" / f"{key}.pid"
        self.proc: subprocess.Popen | None = None
        self.restarts = 0
        self.started_at = time.monotonic()
        self.backoff = Backoff()
        self.restart_at: float | None = None  # set while a restart is scheduled

    def start(self) -> None:
        private_dir(self.log_path.parent)
        # Logs may quote what people wrote: private like the rest of var/.
        with os.fdopen(open_private(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND),
                       "ab") as logfile:
            self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=logfile,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        write_pid(self.var_dir, self.key, self.proc.pid)
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
    private_var_dir(var_dir)
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
    bot_backoff = Backoff()
    bot_restart_at: float | None = None
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
            now = time.monotonic()
            if bot is not None and bot_restart_at is None and bot.poll() is not None:
                log(f"the bot stopped (exit code {bot.returncode})")
                if not telegram or bot.returncode == 0:
                    break  # the console chat ended, or the bot was asked to stop
                # Telegram: a crash or an out-of-memory kill must not end the service.
                bot_restarts += 1
                delay = bot_backoff.delay(now - bot_started)
                log(f"restarting the bot (restart #{bot_restarts}"
                    + (f", in {delay:.0f} s: it keeps stopping right after its start)"
                       if delay else ")"))
                bot_restart_at = now + delay
            if bot_restart_at is not None and now >= bot_restart_at:
                bot = subprocess.Popen(bot_argv, cwd=ROOT, env=env)
                write_pid(var_dir, "bot", bot.pid)
                bot_started, bot_restart_at = time.monotonic(), None
            if rasa_watch.due():
                problem = rasa_watch.problem()
                if problem:
                    log(f"Rasa server: {problem}; restarting it")
                    rasa_service.stop()  # the loop below starts it again
            for service in services:
                if service.restart_at is None and not service.alive():
                    service.restarts += 1
                    delay = service.backoff.delay(now - service.started_at)
                    log(f"{service.name} stopped; restarting (restart #{service.restarts}"
                        + (f", in {delay:.0f} s: it keeps stopping right after its start)"
                           if delay else ")"))
                    service.restart_at = now + delay
                if service.restart_at is not None and now >= service.restart_at \
                        and not stopping:
                    service.restart_at = None
                    service.start()
            time.sleep(TICK_S)
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
