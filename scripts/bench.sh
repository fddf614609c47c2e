#!/usr/bin/env bash
# Every benchmark in bench/: each prints its table and saves JSON under bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
say() { echo; echo "[bench $(date +%H:%M:%S)] $*"; }

say "understanding and screening on outside authors' test split, old pipeline beside new (about 6 min)"
.venv/bin/python bench/understanding_eval.py --split test --baseline-ref "${BENCH_BASELINE_REF:-228559d72d8bb95a81f28844c81cc5c2a3fb17ae}"
say "end-to-end latency and throughput (about 3 min)"
.venv/bin/python bench/e2e_latency.py
say "guidance retrieval (about 2 min)"
.venv/bin/python bench/kb_eval.py
say "offer screening (under 1 min)"
.venv/bin/python bench/screening_eval.py
say "reports under load (about 1 min)"
.venv/bin/python bench/escalation_load.py
if [ "${BENCH_NLU:-0}" = 1 ]; then
  say "intent pipelines (DIET cross-validation takes over an hour on 2 cores)"
  .venv-rasa/bin/python -W ignore bench/nlu_pipelines.py
else
  say "intent pipelines skipped (BENCH_NLU=1 make bench runs them; over an hour with DIET)"
fi
