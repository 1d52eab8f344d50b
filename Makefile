# Stratus: `make demo` runs a real task on the embedded default; `make test` runs every test.
# Each target installs what it needs, idempotently.

SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
# Playwright's browsers folder, where Debian's ffmpeg is linked for recording video
PLAYWRIGHT_DIR ?= .playwright
SKYVERN_SDK ?= skyvern==1.0.56
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
export LITELLM_LOCAL_MODEL_COST_MAP := True
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup chromium ffmpeg eslint demo test lint format unit integration e2e static-aws bench crash-soak serve clean

setup: $(STAMP) chromium ffmpeg

$(STAMP): pyproject.toml constraints.txt
	@python3 -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "installing Debian's python3-venv"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv >/dev/null; }
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -e '.[dev]'
	# the official Skyvern SDK, for compatibility tests: its client needs only httpx and pydantic
	$(PIP) install -q --no-deps $(SKYVERN_SDK)
	# MiniWoB++ task pages for tests/integration/miniwob_tasks and the snapshot bench: only
	# its html/ folder is used; its dependencies (gymnasium, selenium...) drive a browser
	# of their own, so they are left out
	$(PIP) install -q --no-deps -c constraints.txt miniwob==1.1.0
	touch $(STAMP)

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "installing Debian's chromium"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	fi

# Playwright records video through ffmpeg; Debian's is linked where Playwright looks for
# its own build (which `playwright install` would download), and Stratus points it there
ffmpeg: $(STAMP)
	@if ! command -v ffmpeg >/dev/null; then \
	  echo "installing Debian's ffmpeg"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq ffmpeg >/dev/null; \
	fi
	@PYTHONPATH=layers/core $(PY) -m stratus.adapters.playwright_ffmpeg $(PLAYWRIGHT_DIR) >/dev/null

demo: setup
	$(PY) -m stratus.demo

serve: setup
	$(VENV)/bin/stratus serve

# the scripts run inside web pages are linted with ESLint (pinned in package.json)
JS_LINTED := eslint.config.js layers/core/stratus/agent/snapshot.js \
  layers/core/stratus/agent/page_activity.js layers/core/stratus/planner/page_reader.js

lint: $(STAMP) eslint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	node_modules/.bin/eslint $(JS_LINTED)
	$(VENV)/bin/mypy

eslint:
	@if ! command -v npm >/dev/null; then \
	  echo "installing Debian's nodejs and npm"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	@[ -x node_modules/.bin/eslint ] || npm install --no-audit --no-fund --loglevel=error

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

static-aws: $(STAMP)
	@bash scripts/static_aws.sh

# pytest on two processes: the suite spends about half its time waiting on browsers,
# servers and timers, time the other process fills. A file's tests stay on one process, so
# its module-scoped browsers and servers start once. PYTEST_WORKERS=0 runs it in one.
PYTEST_WORKERS ?= 2
test: setup lint static-aws
	$(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadfile

unit: $(STAMP)
	$(PY) -m pytest -q tests/unit

integration: setup
	$(PY) -m pytest -q tests/integration

e2e: setup
	$(PY) -m pytest -q tests/e2e

# the crash harness of `make test` kills the server 6 times; this runs it with 24 kills
crash-soak: setup
	STRATUS_CRASH_KILLS=24 $(PY) -m pytest -q -p no:cacheprovider -s tests/e2e/test_crash_harness.py

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) .stratus .pytest_cache .ruff_cache .mypy_cache $(PLAYWRIGHT_DIR)
