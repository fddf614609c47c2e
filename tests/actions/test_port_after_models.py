"""The action server opens its port only once its models are loaded (issue 11).

Sanic binds and listens before its ``before_server_start`` listeners run. An action server that
loaded its models there accepted Rasa's calls while it was still loading (10-20 s after a
restart), so Rasa, and a person in danger with it, waited instead of being refused at once and
getting the outage reply with the help numbers. The real entry point runs here with a stand-in
for the model loading that looks at the port while it "loads".
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from fake_telegram import free_port

ROOT = Path(__file__).resolve().parents[2]

ENTRY = """
import socket, sys, time
import actions.__main__ as entry

def loading_models():
    with socket.socket() as probe:
        probe.settimeout(1.0)
        state = "accepting" if probe.connect_ex(("127.0.0.1", PORT)) == 0 else "refused"
    print("while loading: " + state, flush=True)
    time.sleep(1.0)  # still loading: a call now must be refused, not left waiting

entry.warm_up = loading_models
sys.argv = ["actions", "--port", str(PORT)]
entry.main()
"""


def test_the_port_is_refused_while_the_models_load_and_open_after(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PANDU_VAR_DIR": str(tmp_path),
           "SENDER_ID_SECRET": "port-test-secret-0123456789", "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "actions.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", ENTRY.replace("PORT", str(port))],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        healthy = False
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    healthy = r.status == 200
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                time.sleep(0.2)
        text = log.read_text(errors="replace")
        assert "while loading: refused" in text, text[-2000:]
        assert healthy, text[-2000:]  # ... and it serves once the models are in
    finally:
        proc.kill()
        proc.wait(10)
