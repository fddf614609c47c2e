#!/usr/bin/env bash
# Build the local Debian 12 (bookworm) base image where no image registry is reachable:
# debootstrap from Debian's packages, then `docker import`. Idempotent: an existing image is kept
# unless FORCE=1. About 45-90 s the first time.
#
#   bash scripts/docker-base.sh                 # -> pandu-base:bookworm
#   BASE_IMAGE=my-base:1 FORCE=1 bash scripts/docker-base.sh
#
# The image has Python 3.11 (python3, python3-venv, python3-pip) and ca-certificates, the same
# Python that the official python:3.11-slim image gives; the Dockerfile works on either.
set -euo pipefail

NAME=${BASE_IMAGE:-pandu-base:bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm

if [ "${FORCE:-0}" != 1 ] && docker image inspect "$NAME" >/dev/null 2>&1; then
  echo "[docker-base] $NAME already exists (FORCE=1 rebuilds it)"
  exit 0
fi
if ! command -v debootstrap >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[docker-base] installing debootstrap"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  else
    echo "[docker-base] debootstrap is missing: sudo apt-get install debootstrap" >&2
    exit 1
  fi
fi
if [ "$(id -u)" != 0 ]; then
  echo "[docker-base] debootstrap needs root (run with sudo)" >&2
  exit 1
fi

started=$(date +%s)
root=$(mktemp -d /var/tmp/pandu-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "[docker-base] debootstrap $SUITE into $root (from $MIRROR)"
debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
  "$SUITE" "$root" "$MIRROR" >"$root.log" 2>&1 || { tail -20 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"

# The same apt sources as Debian's own images (with updates and security), and what the
# official images do to stay small: no caches, no docs, no man pages, no recommends.
cat > "$root/etc/apt/sources.list" <<SOURCES
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb http://deb.debian.org/debian-security $SUITE-security main
SOURCES
cat > "$root/etc/apt/apt.conf.d/90pandu-docker" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
APT
cat > "$root/etc/dpkg/dpkg.cfg.d/90pandu-docker" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
DPKG
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/*/changelog* \
  "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/log/*.log "$root"/tmp/*
: > "$root/etc/machine-id"

echo "[docker-base] importing as $NAME"
tar --numeric-owner -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["python3"]' \
  --message "debootstrap --variant=minbase $SUITE with python3, python3-venv, python3-pip, ca-certificates" \
  - "$NAME" >/dev/null
docker run --rm "$NAME" python3 -c 'import sys, venv, ssl; print("[docker-base] python", sys.version.split()[0])'
echo "[docker-base] $NAME built in $(( $(date +%s) - started )) s ($(docker image inspect -f '{{.Size}}' "$NAME" | awk '{printf "%.0f MB", $1/1e6}'))"
