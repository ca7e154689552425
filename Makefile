# The vocabulary of the project. Every target sets up what it needs itself: a fresh machine
# needs only Python >= 3.11 and Node (for the CDK CLI).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CDK := node_modules/.bin/cdk
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20

.PHONY: install dev test test-unit test-integration test-e2e test-infra lint format typecheck synth \
        bench-coldstart bench-delivery bench-generate test-model clean

install: $(STAMP)

# (Re)create the virtual environment whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

$(CDK): package.json
	npm install --no-audit --no-fund --loglevel=error
	@touch $(CDK)

## Run the whole API locally on http://127.0.0.1:3000 (PHOTOCEN_PORT to change). Ctrl-C stops it.
dev: $(STAMP)
	$(PY) -m photocen.local

## Every test suite: unit, integration (moto), e2e (local stack over HTTP), infra (CDK + cdk-nag).
test: $(STAMP)
	$(PY) -m pytest -q tests/unit tests/integration tests/e2e tests/infra

test-unit: $(STAMP)
	$(PY) -m pytest -q tests/unit
test-integration: $(STAMP)
	$(PY) -m pytest -q tests/integration
test-e2e: $(STAMP)
	$(PY) -m pytest -q tests/e2e
test-infra: $(STAMP)
	$(PY) -m pytest -q tests/infra

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

# The diffusers engine's own environment: torch (the offline CPU wheel, pinned so pip never
# pulls a CUDA build), diffusers, transformers. `make test` never needs it.
MODEL_VENV := .venv-model
MODEL_PY := $(MODEL_VENV)/bin/python
MODEL_STAMP := $(MODEL_VENV)/.installed

$(MODEL_STAMP): model/requirements.txt model/constraints.txt
	@test -x $(MODEL_PY) || $(PYTHON) -m venv $(MODEL_VENV)
	$(MODEL_PY) -m pip install --quiet --upgrade pip
	$(MODEL_PY) -m pip install --quiet -c model/constraints.txt "torch==2.13.0" \
		-r model/requirements.txt "pytest>=8" "pillow>=12"
	@touch $(MODEL_STAMP)

## The inference code's diffusers engine on a tiny random-weight pipeline (no download).
test-model: $(MODEL_STAMP)
	PYTHONPATH=. $(MODEL_PY) -m pytest -q tests/model

## API-side overhead of a generation (p50/p99 over 200 jobs) as a ratio to one DynamoDB call.
bench-generate: $(STAMP)
	$(PY) bench/generate.py

## Import time of each handler as a ratio to a bare `import boto3`, measured in the same run.
bench-coldstart: $(STAMP)
	$(PY) bench/coldstart.py

## Delivery: PhotoCen's pipeline vs libvips (Debian's libvips42, installed here if missing)
## over a size × format matrix, and cached-hit latency through the local gateway.
bench-delivery: $(STAMP)
	@$(PY) -c "import pyvips" 2>/dev/null || { \
	  ldconfig -p | grep -q 'libvips.so.42' || \
	    { apt-get update -qq && apt-get install -y -qq --no-install-recommends libvips42; } || true; \
	  $(PY) -m pip install --quiet -r bench/requirements.txt || true; }
	$(PY) bench/delivery.py

clean:
	rm -rf $(VENV) $(MODEL_VENV) node_modules cdk.out build .pytest_cache .mypy_cache .ruff_cache
