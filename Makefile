# Pandu Migran. The two commands: `make run` and `make test`. Both prepare everything first.
SHELL := /bin/bash
.DEFAULT_GOAL := help
APP_PY := .venv/bin/python
RASA := .venv-rasa/bin/rasa
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: help setup run test test-unit test-rasa test-e2e lint kb-check bench bench-faults clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## Create environments, convert the model, build indexes, train Rasa (only what is stale)
	@bash scripts/setup.sh

run: setup ## Start the stack: Telegram with TELEGRAM_BOT_TOKEN, else a console chat
	@$(APP_PY) scripts/stack.py

test: setup ## Everything CI runs: lint, Rasa data checks and test stories, unit and end-to-end tests
	@bash scripts/test.sh

lint: ## ruff over the Python packages, mypy over the packages (settings in pyproject.toml)
	@.venv/bin/ruff check bot actions knowledge_base screening escalation console understanding scripts tests bench
	@.venv/bin/mypy

kb-check: ## Guidance articles: dated, not overdue, hedged, consistent, numbers from contacts.yml
	@$(APP_PY) -m knowledge_base.check --json bench/results/kb_check.json

bench: setup ## Run the benchmarks in bench/ (prints tables, writes bench/results/*.json)
	@bash scripts/bench.sh

bench-faults: setup ## Fault injection: reports while parts are killed (bench/results/faults.json)
	@$(APP_PY) bench/faults.py

clean: ## Remove what set-up built (environments excluded)
	rm -rf var models .rasa results

# --- Docker (issue 15). Not part of `make test`: building takes minutes. -------------------------
.PHONY: docker-base docker-build docker-smoke
docker-base: ## Local Debian base image where no image registry is reachable (debootstrap)
	@bash scripts/docker-base.sh

docker-build: ## Build the images pandu-rasa, pandu-app, pandu-postgres (timings: var/docker-build/)
	@bash scripts/docker-build.sh

docker-smoke: ## Compose up, wait for health, one message through Rasa, console /healthz, down -v
	@bash scripts/docker-smoke.sh
