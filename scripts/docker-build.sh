#!/usr/bin/env bash
# Build the Pandu Migran images here: pandu-rasa, pandu-app and pandu-postgres (`make docker-build`).
#
# - Starts dockerd in the background when no daemon answers and we are root.
# - Base image: BASE_IMAGE if set; else python:3.11-slim when it is present or can be pulled; else
#   the local Debian base from scripts/docker-base.sh (no image registry reachable).
# - Stages build inputs in var/docker-build/ (git-ignored, and kept out of the images): the host's
#   CA bundle (EXTRA_CA_BUNDLE, default /etc/ssl/certs/ca-certificates.crt; TLS to the package
#   registries may go through a proxy CA) and a local CPU torch wheel from pip's find-links.
# - Classic builder (DOCKER_BUILDKIT=0), --network host so that RUN steps reach the registries.
# NO_CACHE=1 rebuilds every layer (a cold build). Writes the timings and image sizes to
# var/docker-build/build.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCKER_BUILDKIT=0
TAG=${PANDU_IMAGE_TAG:-latest}
STAGE=var/docker-build
log() { echo "[docker-build $(date +%H:%M:%S)] $*"; }

bash scripts/docker/ensure-daemon.sh

if [ -z "${BASE_IMAGE:-}" ]; then
  if docker image inspect python:3.11-slim >/dev/null 2>&1 || timeout 60 docker pull -q python:3.11-slim >/dev/null 2>&1; then
    BASE_IMAGE=python:3.11-slim
  else
    log "python:3.11-slim cannot be pulled (no registry): using the local Debian base"
    BASE_IMAGE=pandu-base:bookworm
    BASE_IMAGE=$BASE_IMAGE bash scripts/docker-base.sh
  fi
elif ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 && [ "${BASE_IMAGE%%:*}" = pandu-base ]; then
  BASE_IMAGE=$BASE_IMAGE bash scripts/docker-base.sh
fi
log "base image: $BASE_IMAGE"

# --- build inputs -------------------------------------------------------------------------------
rm -rf "$STAGE/wheels"
mkdir -p "$STAGE/wheels"
ca=${EXTRA_CA_BUNDLE-/etc/ssl/certs/ca-certificates.crt}
if [ -n "$ca" ] && [ -s "$ca" ]; then
  cp "$ca" "$STAGE/extra-ca.pem"
  log "extra CA bundle: $ca"
else
  cp scripts/docker/no-extra-ca.pem "$STAGE/extra-ca.pem"
fi
torch_version=$(sed -n 's/^torch==\([^ ;]*\).*/\1/p' requirements/app.lock.txt)
find_links="${PIP_FIND_LINKS:-} $(pip3 config get global.find-links 2>/dev/null || true) ${EXTRA_WHEEL_DIRS:-}"
for dir in $find_links; do
  dir=${dir#file://}
  [ -d "$dir" ] || continue
  for wheel in "$dir"/torch-"$torch_version"+cpu-cp311-cp311-*x86_64.whl; do
    [ -f "$wheel" ] || continue
    ln -f "$wheel" "$STAGE/wheels/" 2>/dev/null || cp "$wheel" "$STAGE/wheels/"
    log "local CPU torch wheel: $wheel"
    break 2
  done
done
ls "$STAGE"/wheels/torch-*.whl >/dev/null 2>&1 || log "no local torch wheel: torch comes from TORCH_INDEX_URL"

args=(--network host ${NO_CACHE:+--no-cache}
      --build-arg "BASE_IMAGE=$BASE_IMAGE"
      --build-arg "EXTRA_CA_CERT=$STAGE/extra-ca.pem"
      --build-arg "WHEELS_DIR=$STAGE/wheels")
# An index from the host's pip configuration, when it is a URL the build can reach (not file://).
for key in index-url extra-index-url; do
  value=$(pip3 config get "global.$key" 2>/dev/null || true)
  env_name=PIP_$(echo "$key" | tr a-z- A-Z_)
  value=${!env_name:-$value}
  urls=$(for url in $value; do case "$url" in http://*|https://*) printf '%s ' "$url";; esac; done)
  [ -n "${urls// /}" ] && args+=(--build-arg "$env_name=${urls% }")
done
[ -n "${TORCH_INDEX_URL:-}" ] && args+=(--build-arg "TORCH_INDEX_URL=$TORCH_INDEX_URL")

build() {  # name target log
  local name=$1 target=$2 started
  started=$(date +%s)
  log "building $name (target $target; log $STAGE/$target.log)"
  if ! docker build "${args[@]}" --target "$target" -t "$name" . >"$STAGE/$target.log" 2>&1; then
    tail -40 "$STAGE/$target.log" >&2
    log "FAILED: $name (see $STAGE/$target.log)"
    exit 1
  fi
  eval "secs_$target=$(( $(date +%s) - started ))"
  log "$name built in $(( $(date +%s) - started )) s"
}

started_all=$(date +%s)
build "pandu-rasa:$TAG" rasa
build "pandu-app:$TAG" app
started=$(date +%s)
log "building pandu-postgres:15 (log $STAGE/postgres.log)"
docker build --network host ${NO_CACHE:+--no-cache} --build-arg "BASE_IMAGE=$BASE_IMAGE" -t pandu-postgres:15 \
  scripts/docker/postgres >"$STAGE/postgres.log" 2>&1 || { tail -40 "$STAGE/postgres.log" >&2; exit 1; }
secs_postgres=$(( $(date +%s) - started ))
total=$(( $(date +%s) - started_all ))
context=$(tr '\r' '\n' <"$STAGE/app.log" | sed -n 's/^Sending build context to Docker daemon *//p' | tail -1)

BASE=$BASE_IMAGE CONTEXT=$context TOTAL=$total TAG=$TAG SECS_RASA=$secs_rasa SECS_APP=$secs_app \
SECS_POSTGRES=$secs_postgres python3 - "$STAGE/build.json" <<'PY'
import json, os, subprocess, sys, time
env = os.environ
def size_mb(image):
    out = subprocess.run(["docker", "image", "inspect", "-f", "{{.Size}}", image],
                         capture_output=True, text=True).stdout.strip()
    return round(int(out) / 1e6) if out else None
images = {f"pandu-rasa:{env['TAG']}": env["SECS_RASA"], f"pandu-app:{env['TAG']}": env["SECS_APP"],
          "pandu-postgres:15": env["SECS_POSTGRES"]}
result = {
    "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    "base_image": env["BASE"], "base_image_mb": size_mb(env["BASE"]),
    "builder": "classic (DOCKER_BUILDKIT=0)", "context_size": env["CONTEXT"],
    "no_cache": bool(env.get("NO_CACHE")),
    "total_wall_s": int(env["TOTAL"]),
    "images": {name: {"wall_s": int(secs), "size_mb": size_mb(name)} for name, secs in images.items()},
}
with open(sys.argv[1], "w") as out:
    json.dump(result, out, indent=2)
print(json.dumps(result, indent=2))
PY
log "done in ${total} s"
docker images --format 'table {{.Repository}}:{{.Tag}}\t{{.Size}}' | grep -E 'pandu|REPOSITORY'
