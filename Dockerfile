# Multi-stage image for the three processes. Untested here (no Docker engine on the build machines);
# it mirrors scripts/setup.sh and scripts/stack.py. Build a target with: docker build --target bot .
FROM python:3.11-slim-bookworm AS base
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 RASA_TELEMETRY_ENABLED=false \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
RUN apt-get update && apt-get install -y --no-install-recommends \
        tesseract-ocr tesseract-ocr-ind build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 pandu
WORKDIR /app

# --- Rasa server environment -----------------------------------------------------------------
FROM base AS rasa-env
COPY requirements/rasa.lock.txt requirements/
RUN python -m venv /app/.venv-rasa \
    && /app/.venv-rasa/bin/pip install -r requirements/rasa.lock.txt \
    && /app/.venv-rasa/bin/pip install --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2

# --- App environment (bot, actions, knowledge base, screening, escalation) --------------------
FROM base AS app-env
COPY requirements/app.lock.txt requirements/
RUN python -m venv /app/.venv && /app/.venv/bin/pip install -r requirements/app.lock.txt
COPY . /app
RUN .venv/bin/python -m knowledge_base.convert_model --out var/embedding-model/multilingual-e5-small \
    && .venv/bin/python -m knowledge_base build \
    && .venv/bin/python -m screening train \
    && chown -R pandu:pandu /app/var

# --- Target: Rasa server (model trained at build time) ----------------------------------------
FROM rasa-env AS rasa
COPY config.yml domain.yml credentials.yml endpoints.yml /app/
COPY nlu /app/nlu
RUN .venv-rasa/bin/rasa train --config config.yml --domain domain.yml --data nlu --out models \
    && chown -R pandu:pandu /app
USER pandu
EXPOSE 5005
CMD [".venv-rasa/bin/rasa", "run", "--enable-api", "--port", "5005", "--model", "models", \
     "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"]

# --- Target: action server ---------------------------------------------------------------------
FROM app-env AS actions
USER pandu
EXPOSE 5055
CMD [".venv/bin/python", "-m", "actions", "--host", "0.0.0.0", "--port", "5055"]

# --- Target: Telegram bot ----------------------------------------------------------------------
FROM app-env AS bot
USER pandu
CMD [".venv/bin/python", "-m", "bot"]

# --- Target: officers' web console --------------------------------------------------------------
FROM app-env AS console
USER pandu
EXPOSE 8080
CMD [".venv/bin/python", "-m", "console", "--host", "0.0.0.0", "--port", "8080"]
