# Bolt-NL. The two commands: `make run` (the whole product) and `make test` (the whole suite).
# Each installs what it needs: .venv with pinned packages, the Dutch spaCy pipeline, a trained model.
SHELL := /bin/bash
PYTHON ?= python3.10
VENV := .venv
BIN := $(VENV)/bin
DEPS := $(VENV)/.deps-installed
SPACY_NL := var/spacy_nl/config.cfg
MODEL := models/bolt-nl.tar.gz
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL ?= 2
# libraries' deprecation warnings stay quiet; our own (bot/, actions/) are shown again by bot/__init__.py
export PYTHONWARNINGS ?= ignore::DeprecationWarning
export RASA_TELEMETRY_ENABLED ?= false

.PHONY: help install model run test test-fast lint lock browser browser-deps validate bench clean audit

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(DEPS): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check pip==24.0 setuptools==70.3.0 wheel==0.45.1
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	@touch $@

install: $(DEPS) $(SPACY_NL) ## create .venv with the pinned packages and the Dutch spaCy pipeline

$(SPACY_NL): $(DEPS)
	$(BIN)/python -m bot spacy-model var/spacy_nl

model: install ## train the model if it is missing or data/config changed (Rasa's fingerprint)
	$(BIN)/python -m bot train

run: model ## run bot (5005) and actions (5055) on the embedded SQLite default
	@bash scripts/run.sh

browser: ## Debian chromium for the browser tests (Playwright drives it; never `playwright install`)
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

AXE := tests/browser_deps/node_modules/axe-core/axe.min.js
$(AXE): tests/browser_deps/package-lock.json
	cd tests/browser_deps && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

browser-deps: $(AXE) ## axe-core for the accessibility tests (npm ci from tests/browser_deps/package-lock.json)

test: model browser browser-deps ## run the whole test suite
	@bash scripts/test.sh

test-fast: install ## unit tests without servers or model training (under a minute): -m "not servers and not slow"
	@bash scripts/test.sh tests/unit -m "not servers and not slow" -q

lint: $(DEPS) ## ruff check + ruff format --check + mypy bot actions (settings in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot actions

PIP_TOOLS_VENV := var/pip-tools
PIP_TOOLS_VERSION := 7.6.2
lock: ## requirements.lock (hashes) from requirements.in within constraints.txt; needs the package index online
	@test -x $(PIP_TOOLS_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(PIP_TOOLS_VENV) && \
	  $(PIP_TOOLS_VENV)/bin/pip install --quiet --disable-pip-version-check pip-tools==$(PIP_TOOLS_VERSION); }
	@# PyPI only (no local wheel folders from pip.conf), so the hashes are those of the registry's files
	PIP_CONFIG_FILE=/dev/null $(if $(wildcard /etc/ssl/certs/ca-certificates.crt),PIP_CERT=/etc/ssl/certs/ca-certificates.crt) \
	  $(PIP_TOOLS_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --resolver=backtracking requirements.in -o requirements.lock

validate: install ## check the help content and the training data
	$(BIN)/python -m bot check-kb
	$(BIN)/python -m bot validate

bench: model ## write bench/REPORT.md and bench/results.json
	$(BIN)/python -m bench

AUDIT_VENV := var/pip-audit
PIP_AUDIT_VERSION := 2.10.1
audit: ## known vulnerabilities of the pinned packages (needs the advisory service online; not part of CI)
	@test -x $(AUDIT_VENV)/bin/pip-audit || { $(PYTHON) -m venv $(AUDIT_VENV) && \
	  $(AUDIT_VENV)/bin/pip install --quiet --disable-pip-version-check pip-audit==$(PIP_AUDIT_VERSION); }
	@# --strict: a package that could not be checked (advisory service unreachable) fails the audit, never "no findings"
	$(AUDIT_VENV)/bin/pip-audit --strict --no-deps --disable-pip --progress-spinner off -r requirements.lock \
	  || { echo "make audit: findings above, or the advisory service was unreachable (README: Dependencies)" >&2; exit 1; }

clean: ## remove models and local state (not .venv)
	rm -rf models var .pytest_cache
