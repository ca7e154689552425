# The vocabulary of the project. Every target sets up what it needs itself: a fresh machine
# needs only Python >= 3.11 and Node (for the CDK CLI).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CDK := node_modules/.bin/cdk
CHROMIUM ?= /usr/bin/chromium
# Every Python version comes from uv.lock; uv itself is pinned here and in the dev group
# (tests/infra/test_lock.py keeps the two equal).
UV_VERSION := 0.13.8
UV := $(VENV)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20

.PHONY: install php dev test test-unit test-integration test-e2e test-infra test-api test-console test-sdk-js \
        lint format typecheck synth bench-coldstart bench-delivery bench-generate bench-limits \
        bench-search test-model lock lock-model clean demo-sheet bench-engine
.PHONY: test-sdk

install: $(STAMP)

$(UV):
	@echo "==> $(VENV): a virtual environment holding uv $(UV_VERSION)"
	@$(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)" \
		> $(VENV)/uv-install.log 2>&1 || { cat $(VENV)/uv-install.log; exit 1; }

# Sync the environment with uv.lock (exactly: what the lock lacks is removed). --locked fails
# when pyproject.toml and uv.lock disagree instead of silently re-resolving.
$(STAMP): pyproject.toml uv.lock | $(UV)
	@echo "==> $(VENV): the locked dev environment (uv.lock)"
	@$(UV) sync --locked --quiet
	@touch $(STAMP)

$(CDK): package.json package-lock.json
	@echo "==> node_modules: the pinned CDK CLI (package-lock.json)"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $(CDK)

## Move every dependency to the newest release pyproject.toml allows: rewrites uv.lock, syncs
## the venv and regenerates the deps layer's pins (layers/deps/requirements.txt) from the lock.
lock: | $(UV)
	$(UV) lock --upgrade
	$(UV) sync --locked
	$(PY) -m infra.lockfile
	@touch $(STAMP)

## PHP for the documented PHP and WordPress examples (tests/e2e/test_docs_run.py): Debian's
## php-cli, and php-curl (the examples call the API with ext/curl, which php-cli lacks).
## Installed here when missing (CI runs as root on Debian).
php:
	@php -r 'exit(function_exists("curl_init") ? 0 : 1);' 2>/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends php-cli php-curl > /dev/null; }

## Run the whole API locally on http://127.0.0.1:3000 (PHOTOCEN_PORT to change). Ctrl-C stops it.
dev: $(STAMP)
	$(PY) -m devstack

## Every test suite: unit, integration (moto), e2e (local stack over HTTP, the JS SDK's node
## tests included), sdk (the Python SDK, its CLI and MCP server: respx and the local
## stack), api (schemathesis against the local stack), infra (CDK + cdk-nag), and the web
## console in a real browser (test-console).
test: $(STAMP) php test-console
	$(PY) -m pytest -q tests/unit tests/integration tests/e2e tests/sdk tests/api tests/infra

test-unit: $(STAMP)
	$(PY) -m pytest -q tests/unit
test-integration: $(STAMP)
	$(PY) -m pytest -q tests/integration
test-e2e: $(STAMP) php
	$(PY) -m pytest -q tests/e2e
## Schemathesis over /openapi.json against the local stack (tests/api/schemathesis.toml says
## what runs and what is switched off, and why); a few minutes.
test-api: $(STAMP)
	$(PY) -m pytest -q -rP tests/api  # -rP: the run's summary even when it passes
## The Python SDK (sdk/python): drift against /openapi.json, retries, errors, webhooks, MCP,
## and end to end against the local stack.
test-sdk: $(STAMP)
	$(PY) -m pytest -q tests/sdk
test-infra: $(STAMP)
	$(PY) -m pytest -q tests/infra

## The web console (/console) in Debian's headless Chromium, driven by Playwright for Python
## (tests/console; pinned in uv.lock to the release built for that Chromium; it downloads no
## browser). Installs Debian's chromium when /usr/bin/chromium is missing (CI: root, Debian).
## Screenshots of each page: build/console-screenshots/ (PHOTOCEN_SCREENSHOTS to change).
test-console: $(STAMP)
	@test -x $(CHROMIUM) || { echo "==> installing Debian's chromium"; apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PHOTOCEN_CHROMIUM=$(CHROMIUM) PHOTOCEN_REQUIRE_BROWSER=1 \
	  $(PY) -m pytest -q -rP tests/console

## The JavaScript SDK's own tests (node's test runner, a fake fetch; no stack). tests/e2e runs
## them too, and its e2e tests against the local stack.
test-sdk-js:
	node --test sdk/js/test/

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

## Synthesize the CloudFormation template (no AWS account, no Docker: local bundling), with cdk-nag.
synth: $(STAMP) $(CDK)
	$(CDK) synth --quiet

# The diffusers engine's own environment: torch (the offline CPU wheel, so pip never pulls a
# CUDA build), diffusers, transformers. Locked by model/requirements.lock (the complete
# closure, installed with --no-deps); `make lock-model` rewrites it. `make test` never needs it.
MODEL_VENV := .venv-model
MODEL_PY := $(MODEL_VENV)/bin/python
MODEL_STAMP := $(MODEL_VENV)/.installed

$(MODEL_STAMP): model/requirements.lock
	@echo "==> $(MODEL_VENV): the locked model environment (model/requirements.lock)"
	@test -x $(MODEL_PY) || $(PYTHON) -m venv $(MODEL_VENV)
	@$(MODEL_PY) -m pip install --quiet --disable-pip-version-check --no-deps \
		-r model/requirements.lock > $(MODEL_VENV)/install.log 2>&1 \
		|| { cat $(MODEL_VENV)/install.log; exit 1; }
	@$(MODEL_PY) -m pip check
	@touch $(MODEL_STAMP)

## The inference code's diffusers engine on a tiny random-weight pipeline (no download), and the
## local embedder's numpy BERT against transformers' BertModel (tests/model/test_minilm_parity.py).
test-model: $(MODEL_STAMP)
	PYTHONPATH=. $(MODEL_PY) -m pytest -q tests/model

## Re-resolve the model environment from model/requirements.in (newest allowed releases) and
## write its lock and the SageMaker artifact's pins (model/requirements.txt).
lock-model: | $(UV)
	rm -rf build/model-lock && $(PYTHON) -m venv build/model-lock
	build/model-lock/bin/pip install --quiet --disable-pip-version-check -r model/requirements.in
	$(PY) -m infra.lockfile model build/model-lock/bin/python

## API-side overhead of a generation (p50/p99 over 200 jobs) as a ratio to one DynamoDB call.
bench-generate: $(STAMP)
	$(PY) bench/generate.py

## The procedural engine's p50 per 512x512 picture (plain, each style, quality, purpose) as a
## ratio to PNG-encoding the picture, measured in the same run.
bench-engine: $(STAMP)
	$(PY) bench/engine.py

## 24 local generations (subjects x styles x purposes) on a labelled contact sheet:
## docs/demo-sheet.png. Run again after changing the procedural engine.
demo-sheet: $(STAMP)
	$(PY) -m devstack.demo_sheet docs/demo-sheet.png

## Search: the bare local index query (10,000 and 100,000 x 384 vectors) and the bare query
## embedding (all-MiniLM-L6-v2 with numpy), p50/p99 as ratios to a bare matrix-vector product.
bench-search: $(STAMP)
	$(PY) bench/search_index.py
	$(PY) bench/search_route.py

## Import time of each handler as a ratio to a bare `import boto3`, measured in the same run.
bench-coldstart: $(STAMP)
	$(PY) bench/coldstart.py

## Delivery: PhotoCen's pipeline vs libvips (Debian's libvips42, installed here if missing)
## over a size × format matrix, and cached-hit latency through the local gateway.
## What the limits gate costs per request, against the cost of the delivery's charge.
bench-limits: $(STAMP)
	$(PY) bench/limits.py

bench-delivery: $(STAMP)
	@$(UV) sync --locked --inexact --group bench --quiet
	@ldconfig -p | grep -q 'libvips.so.42' || \
	  { apt-get update -qq && apt-get install -y -qq --no-install-recommends libvips42; } || true
	$(PY) bench/delivery.py

clean:
	rm -rf $(VENV) $(MODEL_VENV) node_modules cdk.out build .pytest_cache .mypy_cache .ruff_cache
