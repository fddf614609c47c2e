"""Static checks of the Docker files (Dockerfile, .dockerignore, docker-compose.yml, scripts).

Fast and without Docker, so they run in normal CI. Building and running the images is
`make docker-build` and `make docker-smoke` (scripts/docker-build.sh, scripts/docker-smoke.sh).
"""

from __future__ import annotations

import http.server
import importlib.util
import json
import os
import re
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "docker-compose.yml"
DOCKERIGNORE = ROOT / ".dockerignore"
FINAL_TARGETS = ("rasa", "app")
INTERNAL_SERVICES = ("db", "migrate", "actions", "rasa")
PUBLISHED_SERVICES = {"console"}


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    result = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        result.append((word.upper(), rest.strip()))
    return result


def _stages() -> dict[str, list[tuple[str, str]]]:
    """Instructions per stage name (``FROM x AS name``)."""
    stages: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for word, rest in _instructions():
        if word == "FROM":
            match = re.match(r"(\S+)(?:\s+AS\s+(\S+))?", rest, re.IGNORECASE)
            assert match and match.group(2), f"every stage is named: FROM {rest}"
            current = stages.setdefault(match.group(2), [])
        if current is not None:
            current.append((word, rest))
    return stages


def _compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


# --- Dockerfile ----------------------------------------------------------------------------------

def test_dockerfile_takes_the_base_image_as_an_argument() -> None:
    instructions = _instructions()
    first_from = next(i for i, (word, _) in enumerate(instructions) if word == "FROM")
    args_before = [rest for word, rest in instructions[:first_from] if word == "ARG"]
    assert "BASE_IMAGE=python:3.11-slim" in args_before
    froms = [rest for word, rest in instructions if word == "FROM"]
    assert froms[0].startswith("${BASE_IMAGE}")
    # Every stage starts from the base image or from another stage: no second registry image.
    names = set(_stages())
    for rest in froms:
        image = rest.split()[0]
        assert image == "${BASE_IMAGE}" or image in names, rest


def test_dockerfile_is_multi_stage_with_non_root_targets() -> None:
    stages = _stages()
    assert {"base", "rasa-build", "app-build", *FINAL_TARGETS} <= set(stages)
    for target in FINAL_TARGETS:
        users = [rest for word, rest in stages[target] if word == "USER"]
        assert users, f"target {target} sets a USER"
        assert users[-1] not in {"root", "0", "0:0"}, f"target {target} runs as root"
        assert any(word == "HEALTHCHECK" for word, _ in stages[target]), target
        assert any(word == "ENTRYPOINT" for word, _ in stages[target]), target
    # The final targets copy environments from builder stages, never build them themselves.
    for target in FINAL_TARGETS:
        copies = " ".join(rest for word, rest in stages[target] if word == "COPY")
        assert "--from=" in copies
        runs = " ".join(rest for word, rest in stages[target] if word == "RUN")
        assert "pip install" not in runs


def test_dockerfile_copies_the_whole_context_only_into_a_builder_stage() -> None:
    # The context may hold staged build inputs (var/docker-build: a CA bundle, a torch wheel);
    # `COPY . ` into a final target would put them, or a host venv, into the image.
    for name, instructions in _stages().items():
        for word, rest in instructions:
            if word == "COPY" and re.match(r"(--\S+\s+)*\.\s", rest):
                assert name.endswith("-build"), f"COPY . in stage {name}"


def test_dockerfile_sources_and_defaults_exist() -> None:
    text = DOCKERFILE.read_text()
    defaults = dict(re.findall(r"^ARG (\w+)=(\S+)", text, re.MULTILINE))
    ca = ROOT / defaults["EXTRA_CA_CERT"]
    assert ca.is_file() and "BEGIN CERTIFICATE" not in ca.read_text()
    assert (ROOT / defaults["WHEELS_DIR"]).is_dir()
    assert "TORCH_INDEX_URL" in defaults  # torch must never be PyPI's CUDA build
    for word, rest in _instructions():
        if word != "COPY" or "--from=" in rest:
            continue
        sources = [s for s in rest.split()[:-1] if not s.startswith("--")]
        for source in sources:
            if "$" in source:
                continue
            assert (ROOT / source).exists(), f"COPY source {source} is missing"
    for script in ("scripts/docker/entrypoint.sh", "scripts/docker/postgres/entrypoint.sh"):
        assert os.stat(ROOT / script).st_mode & stat.S_IXUSR, f"{script} is not executable"


def test_postgres_image_runs_as_postgres_with_a_healthcheck() -> None:
    text = (ROOT / "scripts/docker/postgres/Dockerfile").read_text()
    assert re.search(r"^ARG BASE_IMAGE=", text, re.MULTILINE)
    assert re.search(r"^USER postgres$", text, re.MULTILINE)
    assert "HEALTHCHECK" in text and "pg_isready" in text


# --- .dockerignore -------------------------------------------------------------------------------

def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """Docker's pattern syntax: ``**/`` any folders (or none), ``*`` and ``?`` within a name."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def _ignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last matching pattern wins; a pattern matches a path or a parent of it."""
    parts = path.split("/")
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        regex = _pattern_regex(pattern.lstrip("!").strip("/"))
        if any(regex.match("/".join(parts[:n])) for n in range(1, len(parts) + 1)):
            ignored = not negate
    return ignored


def _patterns() -> list[str]:
    return [line.strip() for line in DOCKERIGNORE.read_text().splitlines()
            if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("path", [
    ".git/HEAD", ".venv/bin/python", ".venv-rasa/bin/rasa", "var/kb/index.json",
    "var/embedding-model/multilingual-e5-small/model.safetensors", "models/pandu.tar.gz",
    ".rasa/cache/x", "results/story.txt", ".env", "bot/__pycache__/settings.cpython-311.pyc",
    ".pytest_cache/v/x", ".ruff_cache/x", ".mypy_cache/x", "bench/results/console_queue.png",
    "var/docker-build/app.log", "var/docker-build/build.json",
])
def test_dockerignore_excludes_the_heavy_and_private_folders(path: str) -> None:
    assert _ignored(path, _patterns()), path


@pytest.mark.parametrize("path", [
    "bot/__main__.py", "requirements/app.lock.txt", "requirements/rasa.lock.txt", "nlu/intents/greet.yml",
    "bench/data/kb_eval.yml", "bench/results/kb_eval.json", "knowledge_base/contacts.yml",
    "scripts/docker/entrypoint.sh", "scripts/docker/no-extra-ca.pem", "scripts/docker/wheels/README.md",
    "var/docker-build/extra-ca.pem", "var/docker-build/wheels/torch-2.13.0+cpu-cp311-cp311-x.whl",
    ".env.example", "config.yml", "domain.yml",
])
def test_dockerignore_keeps_what_the_build_needs(path: str) -> None:
    assert not _ignored(path, _patterns()), path


# --- docker-compose.yml --------------------------------------------------------------------------

def test_compose_parses_and_has_the_parts() -> None:
    services = _compose()["services"]
    assert {"db", "migrate", "actions", "rasa", "console", "bot"} <= set(services)
    for name, service in services.items():
        assert "image" in service, name  # built by make docker-build, never pulled from a hub


def test_compose_services_have_healthchecks() -> None:
    services = _compose()["services"]
    for name, service in services.items():
        if name == "migrate":  # one-shot: the others wait for it to complete
            continue
        check = service.get("healthcheck")
        assert check and check.get("test"), f"{name} has no healthcheck"
        test = check["test"]
        if "/app/scripts/docker/healthcheck.py" in test:
            assert test[-1] in {"rasa", "actions", "console", "bot"}
    assert "healthcheck.py" in " ".join(services["rasa"]["healthcheck"]["test"])  # not Rasa's "/"


def test_compose_publishes_only_the_console() -> None:
    compose = _compose()
    services = compose["services"]
    for name, service in services.items():
        if name not in PUBLISHED_SERVICES:
            assert not service.get("ports"), f"{name} publishes a port"
    for port in services["console"]["ports"]:
        assert str(port).startswith("127.0.0.1:"), "the console is published on loopback only"
    assert compose["networks"]["backend"].get("internal") is True
    for name in INTERNAL_SERVICES:
        assert services[name]["networks"] == ["backend"], f"{name} is reachable from outside"


def test_compose_waits_for_readiness_and_migrations() -> None:
    services = _compose()["services"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("actions", "rasa", "console"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["bot"]["depends_on"]["rasa"]["condition"] == "service_healthy"
    assert services["bot"].get("profiles") == ["telegram"]  # only started with a bot token
    shared = {name for name, s in services.items() if "shared-var:/app/var/shared" in s.get("volumes", [])}
    assert {"actions", "rasa", "console", "bot"} <= shared  # one deployment key for all parts


def test_compose_environment_has_no_secret_defaults_but_the_dev_password() -> None:
    text = COMPOSE.read_text()
    assert "env_file" not in text  # a missing .env must not stop `docker-compose up`
    assert re.search(r"SENDER_ID_SECRET: \$\{SENDER_ID_SECRET:-\}", text)


# --- scripts -------------------------------------------------------------------------------------

SHELL_SCRIPTS = ["scripts/docker-base.sh", "scripts/docker-build.sh", "scripts/docker-smoke.sh",
                 "scripts/docker/entrypoint.sh", "scripts/docker/ensure-daemon.sh",
                 "scripts/docker/postgres/entrypoint.sh"]


@pytest.mark.parametrize("script", SHELL_SCRIPTS)
def test_shell_scripts_parse(script: str) -> None:
    subprocess.run(["bash", "-n", str(ROOT / script)], check=True)


def test_makefile_has_docker_targets_outside_make_test() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in ("docker-base", "docker-build", "docker-smoke"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
    test_recipe = re.search(r"^test:.*\n((?:\t.*\n)*)", makefile, re.MULTILINE)
    assert test_recipe and "docker" not in test_recipe.group(0)


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def status_server() -> Iterator[tuple[int, dict]]:
    """A stand-in for Rasa's /status: answers with ``state["body"]``."""
    state: dict = {"body": {"model_file": None}, "paths": []}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state["paths"].append(self.path)
            body = json.dumps(state["body"]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], state
    server.shutdown()
    server.server_close()


def test_rasa_healthcheck_needs_a_loaded_model(status_server, tmp_path, monkeypatch) -> None:
    port, state = status_server
    (tmp_path / "rasa-api.token").write_text("tok\n")
    monkeypatch.setenv("PANDU_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("RASA_PORT", str(port))
    health = _load(ROOT / "scripts/docker/healthcheck.py", "pandu_healthcheck")
    assert health.main(["healthcheck.py", "rasa"]) == 1  # Rasa answers, but without a model
    state["body"] = {"model_file": "pandu.tar.gz"}
    assert health.main(["healthcheck.py", "rasa"]) == 0
    assert state["paths"][-1] == "/status?token=tok"


def test_rasa_start_writes_endpoints_from_the_environment(tmp_path, monkeypatch) -> None:
    from escalation import internal_token  # the real package, before rasa_start looks for it

    monkeypatch.setenv("PANDU_RUNTIME_DIR", str(tmp_path / "run"))
    monkeypatch.setenv("PANDU_VAR_DIR", str(tmp_path / "shared"))
    monkeypatch.setenv("SENDER_ID_SECRET", "test-secret-0123456789")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://pandu:pw@db/pandu")
    monkeypatch.setenv("ACTION_SERVER_URL", "http://actions:5055/webhook")
    calls: list[list[str]] = []
    module = _load(ROOT / "scripts/docker/rasa_start.py", "pandu_rasa_start")
    monkeypatch.setattr(module.os, "execv", lambda path, argv: calls.append(argv))
    monkeypatch.setattr(module.sys, "argv", ["rasa_start.py"])
    module.main()
    endpoints = yaml.safe_load((tmp_path / "run" / "endpoints.yml").read_text())
    assert endpoints["action_endpoint"] == {
        "url": "http://actions:5055/webhook",
        "token": internal_token(tmp_path, "test-secret-0123456789", "action-server"),
    }
    assert endpoints["tracker_store"]["dialect"] == "postgresql"
    assert endpoints["tracker_store"]["url"] == "db"
    argv = calls[0]
    rasa_token = internal_token(tmp_path, "test-secret-0123456789", "rasa-api")
    assert argv[argv.index("--auth-token") + 1] == rasa_token
    assert (tmp_path / "run" / "rasa-api.token").read_text() == rasa_token


def test_rasa_start_needs_nothing_of_the_app_environment(tmp_path) -> None:
    """The Rasa image has the Rasa environment only (SQLAlchemy 1.4, no pydantic 2, ...): deriving
    the tokens must not import the escalation package's database side."""
    script = str(ROOT / "scripts/docker/rasa_start.py")
    code = (
        "import os, sys, runpy\n"
        "os.execv = lambda path, argv: print(argv[argv.index('--auth-token') + 1])\n"
        "sys.argv = ['rasa_start.py']\n"
        f"runpy.run_path({script!r}, run_name='__main__')\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'pydantic', 'escalation.service', 'escalation.database')\n"
        "               if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    env = {**os.environ, "PANDU_RUNTIME_DIR": str(tmp_path / "run"),
           "PANDU_VAR_DIR": str(tmp_path / "shared"), "DATABASE_URL": "sqlite:////tmp/x.db"}
    env.pop("SENDER_ID_SECRET", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         cwd=tmp_path, timeout=60)
    assert out.returncode == 0, out.stderr
    token, heavy = out.stdout.strip().splitlines()[-2:]
    assert heavy == "HEAVY []"
    assert (tmp_path / "shared" / "sender_id.key").is_file()  # the key is created once, shared
    assert (tmp_path / "run" / "rasa-api.token").read_text() == token
