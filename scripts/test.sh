#!/usr/bin/env bash
# The whole test suite, in CI order: lint → Rasa data validation → test stories → pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
say() { echo; echo "[test $(date +%H:%M:%S)] $*"; }

say "lint (ruff)"
.venv/bin/ruff check bot actions knowledge_base screening escalation console understanding scripts tests bench

say "types (mypy, settings in pyproject.toml)"
.venv/bin/mypy

say "knowledge base (make kb-check)"
.venv/bin/python -m knowledge_base.check

say "rasa data validate"
.venv-rasa/bin/rasa data validate --config config.yml --domain domain.yml --data nlu --quiet

say "rasa test stories (safety-critical paths), --fail-on-prediction-errors"
model=$(ls -t models/*.tar.gz | head -n1)
out=$(mktemp -d)
.venv-rasa/bin/rasa test core --model "$model" --stories tests/stories --out "$out" \
  --fail-on-prediction-errors --quiet
rm -rf "$out"

say "pytest (unit, integration and end-to-end)"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
