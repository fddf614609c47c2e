"""Start the Rasa server in its container, configured from the environment as scripts/stack.py does.

Run by ``entrypoint.sh rasa`` with the Rasa environment's Python. It derives the two internal
tokens from the deployment key (``SENDER_ID_SECRET``, else the key file in ``PANDU_VAR_DIR``),
writes the endpoints (action server with its token, SQL tracker store on ``DATABASE_URL``) to a
private runtime folder, keeps the API token there for the healthcheck, and replaces itself by
``rasa run``. Extra arguments are passed on to ``rasa run``.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_DIR = Path(os.environ.get("PANDU_RUNTIME_DIR", "/tmp/pandu"))
TOKEN_FILE = RUNTIME_DIR / "rasa-api.token"


def _load(path: Path, name: str):
    """A module from its file (scripts/stack.py is not in a package)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _privacy():
    """``escalation.privacy`` without running ``escalation/__init__``, which needs the app
    environment (SQLAlchemy 2); privacy and its helpers need only the standard library and
    cryptography, both in the Rasa environment. The real package is used when already loaded."""
    if "escalation" not in sys.modules:
        package = types.ModuleType("escalation")
        package.__path__ = [str(ROOT / "escalation")]
        sys.modules["escalation"] = package
    return importlib.import_module("escalation.privacy")


def main() -> None:
    privacy = _privacy()
    stack = _load(ROOT / "scripts" / "stack.py", "pandu_stack")
    var_dir = Path(os.environ.get("PANDU_VAR_DIR", "/app/var/shared"))
    secret = os.environ.get("SENDER_ID_SECRET")
    rasa_token = privacy.internal_token(var_dir, secret, "rasa-api")
    action_token = privacy.internal_token(var_dir, secret, "action-server")
    action_url = os.environ.get("ACTION_SERVER_URL") or "http://actions:5055/webhook"
    database_url = os.environ.get("DATABASE_URL") or "sqlite:////app/var/shared/pandu.db"

    RUNTIME_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    endpoints = RUNTIME_DIR / "endpoints.yml"
    endpoints.write_text(
        "# Written by scripts/docker/rasa_start.py at every start from the environment.\n"
        f'action_endpoint:\n  url: "{action_url}"\n  token: "{action_token}"\n'
        + stack.tracker_store_yaml(database_url)
    )
    endpoints.chmod(0o600)
    TOKEN_FILE.write_text(rasa_token)
    TOKEN_FILE.chmod(0o600)

    rasa = str(ROOT / ".venv-rasa" / "bin" / "rasa")
    argv = [rasa, "run", "--enable-api", "--auth-token", rasa_token,
            "--port", os.environ.get("RASA_PORT", "5005"), "--model", str(ROOT / "models"),
            "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml"),
            *sys.argv[1:]]
    print(f"[rasa_start] action server {action_url}; tracker store "
          f"{database_url.split('://', 1)[0]}", flush=True)
    os.execv(rasa, argv)


if __name__ == "__main__":
    main()
