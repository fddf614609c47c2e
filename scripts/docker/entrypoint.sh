#!/usr/bin/env bash
# Entry point of the Pandu Migran images. The first argument names the part:
#   rasa (rasa image) | actions | bot | console | migrate (app image) | anything else: run as is.
set -euo pipefail
cd /app
part=${1:-}
[ $# -gt 0 ] && shift
case "$part" in
  rasa)
    exec /app/.venv-rasa/bin/python /app/scripts/docker/rasa_start.py "$@" ;;
  actions)
    exec /app/.venv/bin/python -m actions --host 0.0.0.0 --port "${ACTION_SERVER_PORT:-5055}" "$@" ;;
  bot)
    if [ -z "${TELEGRAM_BOT_TOKEN:-}" ]; then
      echo "[entrypoint] TELEGRAM_BOT_TOKEN is not set: the bot needs it in a container (set it in .env)" >&2
      exit 64
    fi
    exec /app/.venv/bin/python -m bot "$@" ;;
  console)
    exec /app/.venv/bin/python -m console --host 0.0.0.0 --port "${OFFICER_CONSOLE_PORT:-8080}" "$@" ;;
  migrate)
    exec /app/.venv/bin/python -m escalation migrate "$@" ;;
  "")
    echo "usage: entrypoint.sh rasa|actions|bot|console|migrate|COMMAND..." >&2; exit 64 ;;
  *)
    exec "$part" "$@" ;;
esac
