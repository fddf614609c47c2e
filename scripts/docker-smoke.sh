#!/usr/bin/env bash
# Smoke test of the compose stack (`make docker-smoke`; not part of `make test`: it needs the
# images from `make docker-build` and takes a few minutes on 2 cores).
#
# Starts docker-compose.yml under its own project name, waits until every service is healthy,
# sends messages to Rasa's REST webhook from inside the network (docker exec in the Rasa
# container), checks that the action server answered them and that the conversation is in
# PostgreSQL, opens the console's /healthz on its published port, checks that no internal
# service publishes a port, runs the bot container against a fake Bot API (the one of the
# end-to-end tests; SMOKE_BOT=0 skips it), then `docker-compose down -v`. KEEP=1 leaves the stack running.
# Writes timings and memory per container to var/docker-build/smoke.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-pandu-smoke}
export OFFICER_CONSOLE_HOST_PORT=${SMOKE_CONSOLE_PORT:-18080}
TIMEOUT_S=${SMOKE_TIMEOUT_S:-420}
OUT=var/docker-build/smoke.json
mkdir -p var/docker-build
COMPOSE=(docker-compose)
command -v docker-compose >/dev/null || COMPOSE=(docker compose)
log() { echo "[docker-smoke $(date +%H:%M:%S)] $*"; }
fail() { log "FAIL: $*"; "${COMPOSE[@]}" ps || true; for s in migrate actions rasa console; do
  echo "--- logs $s"; "${COMPOSE[@]}" logs --no-color --tail 30 "$s" 2>/dev/null || true; done; exit 1; }

bash scripts/docker/ensure-daemon.sh
for image in "pandu-app:${PANDU_IMAGE_TAG:-latest}" "pandu-rasa:${PANDU_IMAGE_TAG:-latest}" \
             "${PANDU_POSTGRES_IMAGE:-pandu-postgres:15}"; do
  docker image inspect "$image" >/dev/null 2>&1 || { log "image $image is missing: run make docker-build"; exit 1; }
done

cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then
    log "KEEP=1: stack left running (stop it: COMPOSE_PROJECT_NAME=$COMPOSE_PROJECT_NAME docker-compose down -v)"
  else
    log "docker-compose down -v"
    docker rm -f "${COMPOSE_PROJECT_NAME}_faketg" >/dev/null 2>&1 || true
    "${COMPOSE[@]}" --profile telegram down -v --remove-orphans >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

started=$(date +%s)
log "docker-compose up -d (project $COMPOSE_PROJECT_NAME)"
"${COMPOSE[@]}" up -d --no-build 2>&1 | sed 's/^/  /'

health() { docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$1" 2>/dev/null || echo missing; }
declare -A ready_at=()
services=(db actions rasa console)
while :; do
  now=$(( $(date +%s) - started ))
  for s in "${services[@]}"; do
    [ -n "${ready_at[$s]:-}" ] && continue
    id=$("${COMPOSE[@]}" ps -q "$s" 2>/dev/null || true)
    [ -n "$id" ] || continue
    state=$(health "$id")
    if [ "$state" = healthy ]; then ready_at[$s]=$now; log "$s healthy after ${now} s"; fi
    [ "$state" = unhealthy ] && fail "$s is unhealthy"
  done
  migrate_id=$("${COMPOSE[@]}" ps -a -q migrate 2>/dev/null || true)
  if [ -n "$migrate_id" ] && [ "$(docker inspect -f '{{.State.Status}}' "$migrate_id")" = exited ] \
     && [ "$(docker inspect -f '{{.State.ExitCode}}' "$migrate_id")" != 0 ]; then
    fail "the migrations failed"
  fi
  [ ${#ready_at[@]} -eq ${#services[@]} ] && break
  [ "$now" -gt "$TIMEOUT_S" ] && fail "not healthy within $TIMEOUT_S s"
  sleep 2
done
all_ready=$(( $(date +%s) - started ))
log "all services healthy after ${all_ready} s"

# One conversation through Rasa's REST channel, from inside the network.
ask() {  # sender message -> prints the reply texts (JSON list)
  "${COMPOSE[@]}" exec -T rasa python3 - "$1" "$2" <<'PY'
import json, sys, time, urllib.request
body = json.dumps({"sender": sys.argv[1], "message": sys.argv[2]}).encode()
request = urllib.request.Request("http://127.0.0.1:5005/webhooks/rest/webhook", data=body,
                                 headers={"Content-Type": "application/json"})
started = time.monotonic()
with urllib.request.urlopen(request, timeout=60) as response:
    replies = json.loads(response.read())
print(json.dumps({"ms": round((time.monotonic() - started) * 1000),
                  "texts": [r.get("text", "") for r in replies]}))
PY
}
sender=smoke-$(date +%s)
greet=$(ask "$sender" "halo") || fail "Rasa's REST webhook did not answer"
log "halo -> $greet"
question=$(ask "$sender" "berapa biaya resmi untuk kerja ke luar negeri?") || fail "no answer to the question"
log "question -> $(echo "$question" | cut -c1-300)"
python3 -c 'import json,sys; [sys.exit(f"empty reply: {r}") for r in sys.argv[1:] if not any(json.loads(r)["texts"])]' \
  "$greet" "$question" || fail "Rasa gave an empty reply"

# The replies came through the action server (custom actions in the tracker) and the
# conversation is stored in PostgreSQL (Rasa's SQL tracker store).
actions_run=$("${COMPOSE[@]}" exec -T rasa sh -c 'python3 - "$0"' "$sender" <<'PY'
import json, sys, urllib.request
token = open("/tmp/pandu/rasa-api.token").read().strip()
url = f"http://127.0.0.1:5005/conversations/{sys.argv[1]}/tracker?token={token}"
events = json.loads(urllib.request.urlopen(url, timeout=10).read())["events"]
builtin = {"action_listen", "action_session_start", "action_restart", "action_back",
           "action_extract_slots", "action_deactivate_loop", "action_unlikely_intent",
           "action_two_stage_fallback", "action_default_ask_affirmation",
           "action_default_ask_rephrase"}
print(" ".join(sorted({e["name"] for e in events if e.get("event") == "action"
                       and e["name"].startswith("action_") and e["name"] not in builtin})))
PY
) || fail "could not read the tracker"
log "custom actions run: $actions_run"
[ -n "$actions_run" ] || fail "no custom action ran (is the action server reached?)"
stored=$("${COMPOSE[@]}" exec -T db psql -U pandu -d pandu -tAc \
  "select count(*) from events where sender_id = '$sender'" 2>/dev/null | tr -d '[:space:]') || stored=0
log "events stored in PostgreSQL for the conversation: $stored"
[ "${stored:-0}" -gt 0 ] || fail "the conversation is not in PostgreSQL"

# The console, on its published port from the host.
console=$(python3 -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$OFFICER_CONSOLE_HOST_PORT/healthz', timeout=10).read().decode())") \
  || fail "console /healthz on 127.0.0.1:$OFFICER_CONSOLE_HOST_PORT did not answer"
log "console /healthz -> $console"
[ "$console" = ok ] || fail "console /healthz said: $console"

# Internal services publish no port.
for s in db rasa actions; do
  published=$(docker inspect -f '{{range $p, $b := .NetworkSettings.Ports}}{{if $b}}{{$p}} {{end}}{{end}}' \
    "$("${COMPOSE[@]}" ps -q "$s")")
  [ -z "$published" ] || fail "$s publishes $published"
done
log "db, rasa, actions publish no port"

# The bot container (profile telegram), polling a fake Bot API on the internal network.
bot_reply=skipped
if [ "${SMOKE_BOT:-1}" = 1 ]; then
  docker rm -f "${COMPOSE_PROJECT_NAME}_faketg" >/dev/null 2>&1 || true
  docker run -d --name "${COMPOSE_PROJECT_NAME}_faketg" --network "${COMPOSE_PROJECT_NAME}_backend" \
    --network-alias faketg --entrypoint /app/.venv/bin/python "pandu-app:${PANDU_IMAGE_TAG:-latest}" \
    /app/scripts/docker/fake_telegram_driver.py >/dev/null
  TELEGRAM_BOT_TOKEN=123456:TEST-token TELEGRAM_API_BASE_URL=http://faketg:8081/bot \
    "${COMPOSE[@]}" --profile telegram up -d --no-build bot 2>&1 | sed 's/^/  /'
  code=$(timeout 300 docker wait "${COMPOSE_PROJECT_NAME}_faketg" || echo timeout)
  bot_reply=$(docker logs "${COMPOSE_PROJECT_NAME}_faketg" 2>&1 | grep -E '^(REPLY|FAIL)' | tail -1)
  log "bot through the fake Bot API: ${bot_reply:-no output} (exit $code)"
  if [ "$code" != 0 ]; then
    docker logs --tail 20 "${COMPOSE_PROJECT_NAME}_faketg" 2>&1 || true
    "${COMPOSE[@]}" --profile telegram logs --no-color --tail 30 bot || true
    fail "the bot did not answer through the fake Bot API"
  fi
fi

mem=$(docker stats --no-stream --format '{{.Name}}={{.MemUsage}}' $("${COMPOSE[@]}" ps -q) | sed 's| / .*||')
log "memory: $(echo $mem)"
ready=$(for s in "${services[@]}"; do printf '%s=%s ' "$s" "${ready_at[$s]}"; done)
BOT_REPLY=$bot_reply GREET=$greet QUESTION=$question MEM=$mem READY=$ready ALL_READY=$all_ready ACTIONS_RUN=$actions_run \
STORED=$stored python3 - "$OUT" <<'PY'
import json, os, sys, time
env = os.environ
project = env["COMPOSE_PROJECT_NAME"]
memory = {}
for item in env["MEM"].split():
    name, usage = item.split("=", 1)
    name = name.removeprefix(project + "_").removeprefix(project + "-").rsplit("_", 1)[0]
    if name != "migrate":  # exited
        memory[name] = usage
json.dump({
    "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "result": "pass",
    "healthy_after_s": {k: int(v) for k, v in (i.split("=") for i in env["READY"].split())},
    "all_healthy_after_s": int(env["ALL_READY"]),
    "rasa_reply_ms": {"greeting": json.loads(env["GREET"])["ms"],
                      "question": json.loads(env["QUESTION"])["ms"]},
    "custom_actions_run": env["ACTIONS_RUN"].split(), "events_in_postgres": int(env["STORED"]),
    "bot_via_fake_bot_api": env["BOT_REPLY"][:120],
    "memory": memory,
}, open(sys.argv[1], "w"), indent=2)
PY
log "PASS (results in $OUT)"
