#!/usr/bin/env bash
# Make sure a Docker daemon answers. As root, where Debian's docker.io is installed but no daemon
# runs (no systemd in a container or CI sandbox), start dockerd in the background.
# Installs docker.io and docker-compose with apt when missing and we are root.
set -euo pipefail
if ! command -v docker >/dev/null || ! command -v docker-compose >/dev/null || ! command -v dockerd >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[docker] installing docker.io and docker-compose (Debian's packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      docker.io docker-compose >/dev/null
  fi
fi
if docker info >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v dockerd >/dev/null; then
  echo "[docker] no Docker daemon answers, and it cannot be started from here (need root and dockerd)" >&2
  exit 1
fi
log=${DOCKERD_LOG:-/var/log/pandu-dockerd.log}
echo "[docker] starting dockerd in the background (log $log)"
nohup dockerd >"$log" 2>&1 &
for _ in $(seq 1 60); do
  docker info >/dev/null 2>&1 && exit 0
  sleep 1
done
echo "[docker] dockerd did not come up within 60 s; see $log" >&2
exit 1
