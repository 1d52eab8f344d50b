# Stratus: `make demo` runs a real task on the embedded default; `make test` runs every test.
# Each target installs what it needs, idempotently.

SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
SKYVERN_SDK ?= skyvern==1.0.56
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
export LITELLM_LOCAL_MODEL_COST_MAP := True
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup chromium demo test lint format unit integration e2e static-aws bench serve clean

setup: $(STAMP) chromium

$(STAMP): pyproject.toml constraints.txt
	@python3 -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "installing Debian's python3-venv"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv >/dev/null; }
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -e '.[dev]'
	# the official Skyvern SDK, for compatibility tests: its client needs only httpx and pydantic
	$(PIP) install -q --no-deps $(SKYVERN_SDK)
	touch $(STAMP)

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "installing Debian's chromium"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	fi

demo: setup
	$(PY) -m stratus.demo

serve: setup
	$(VENV)/bin/stratus serve

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

static-aws: $(STAMP)
	@bash scripts/static_aws.sh

test: setup lint static-aws
	$(PY) -m pytest -q -p no:cacheprovider

unit: $(STAMP)
	$(PY) -m pytest -q tests/unit

integration: setup
	$(PY) -m pytest -q tests/integration

e2e: setup
	$(PY) -m pytest -q tests/e2e

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) .stratus .pytest_cache .ruff_cache
