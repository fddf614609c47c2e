"""Container healthcheck of a Pandu Migran part (standard library only; run with python3).

``python3 healthcheck.py [rasa|actions|console|bot]``; without an argument the part is read from
the container's processes. Exit 0 when the part is ready:

- rasa: ``/status`` (with the API token) names a loaded model. Rasa's ``/`` answers before the
  model is loaded (RasaHQ/rasa#8356), so it is not used.
- actions: ``/health``, which the action server opens only after its models and indexes loaded.
- console: ``/healthz``.
- bot: in webhook mode its port accepts connections; in polling mode it has no endpoint and the
  process being alive is all there is (the container stops when the bot does).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import urllib.request
from pathlib import Path

TIMEOUT_S = 4.0


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
        return response.read()


def check_rasa() -> str:
    runtime = Path(os.environ.get("PANDU_RUNTIME_DIR", "/tmp/pandu"))
    token = (runtime / "rasa-api.token").read_text().strip()
    port = os.environ.get("RASA_PORT", "5005")
    status = json.loads(_get(f"http://127.0.0.1:{port}/status?token={token}"))
    if not status.get("model_file"):
        raise RuntimeError("no model loaded")
    return f"model {status['model_file']}"


def check_actions() -> str:
    _get(f"http://127.0.0.1:{os.environ.get('ACTION_SERVER_PORT', '5055')}/health")
    return "ok"


def check_console() -> str:
    _get(f"http://127.0.0.1:{os.environ.get('OFFICER_CONSOLE_PORT', '8080')}/healthz")
    return "ok"


def check_bot() -> str:
    if not os.environ.get("WEBHOOK_URL", "").strip():
        return "polling (no endpoint)"
    port = int(os.environ.get("WEBHOOK_PORT", "8443"))
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_S):
        return f"webhook port {port} open"


CHECKS = {"rasa": check_rasa, "actions": check_actions, "console": check_console,
          "bot": check_bot}


def detect() -> str:
    """The part this container runs, from the command lines of its processes."""
    for proc in sorted(Path("/proc").glob("[0-9]*"), key=lambda p: int(p.name)):
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        words = [a.decode(errors="replace") for a in argv]
        if "--enable-api" in words or any(w.endswith("rasa_start.py") for w in words):
            return "rasa"
        for part in ("actions", "console", "bot"):
            if "-m" in words and part in words:
                return part
    raise RuntimeError("cannot tell which part runs here")


def main(argv: list[str]) -> int:
    try:
        part = argv[1] if len(argv) > 1 else detect()
        detail = CHECKS[part]()
    except Exception as exc:  # any failure means "not ready"
        print(f"unhealthy: {exc}")
        return 1
    print(f"{part} ready: {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
