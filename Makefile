# Ouderpartner — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
# Offline tool commands (no server) need no production secret.
TOOL := DEBUG=1 SQLITE_PATH=:memory: $(PY)

.PHONY: run test lint format check-chromium check-pango check-nginx pytest messages compilemessages openapi assets bench check-wrk clean audit

$(VENV)/bin/uv:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.runtime: requirements.lock | $(VENV)/bin/uv
	$(VENV)/bin/uv pip install -q --python $(PY) -r requirements.lock
	touch $@

$(VENV)/.test: requirements-test.lock | $(VENV)/bin/uv
	$(VENV)/bin/uv pip install -q --python $(PY) -r requirements-test.lock
	touch $@ $(VENV)/.runtime

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	$(PY) scripts/build_assets.py

compilemessages:
	$(TOOL) manage.py compilemessages_po

var/secret_key:
	mkdir -p var
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

## make run: the app with demo data on SQLite, one process, HTTP and WebSockets on $(HOST):$(PORT).
run: $(VENV)/.runtime assets var/secret_key check-pango
	$(MAKE) --no-print-directory compilemessages
	export SECRET_KEY="$$(cat var/secret_key)"; \
	$(PY) manage.py migrate --noinput -v0 && \
	$(PY) manage.py collectstatic --noinput -v0 && \
	$(PY) manage.py load_demo && \
	echo "" && echo "  Ouderpartner runs at http://$(HOST):$(PORT)/  (stop with Ctrl+C)" && \
	$(PY) manage.py demo_logins && \
	exec $(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --no-access-log --lifespan off --ws-per-message-deflate false --ws-max-size 65536

## make test: installs what the tests need, then lint, migrations check, OpenAPI check and the whole suite.
test: $(VENV)/.test assets check-chromium check-pango check-nginx
	$(MAKE) --no-print-directory compilemessages
	$(MAKE) --no-print-directory lint
	$(TOOL) manage.py makemigrations --check --dry-run -v0
	set -o pipefail; $(TOOL) manage.py spectacular --validate --fail-on-warn --file /dev/stdout 2>/dev/null | diff -q - docs/openapi.yaml >/dev/null \
		|| { echo "docs/openapi.yaml is out of date: run 'make openapi' and commit it."; exit 1; }
	$(MAKE) --no-print-directory pytest

PYTEST_ARGS ?= -n 2

pytest:
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Browser tests need Debian's Chromium. As root it is installed here; otherwise we say what to run.
check-chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing Chromium and fonts for the browser tests (apt-get)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
		else \
			echo "The browser tests need Chromium at $(CHROMIUM). Install it with:"; \
			echo "    sudo apt-get install chromium fonts-dejavu-core"; \
			echo "(or set CHROMIUM=/path/to/chromium)"; exit 1; \
		fi; \
	fi

# PDF posters and reports (WeasyPrint) need Pango from Debian, and fonts for every parent language
# (Noto: Arabic, Ethiopic for Tigrinya, …). As root they are installed here.
PANGO_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core
check-pango:
	@if ! dpkg -s $(PANGO_PACKAGES) >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing Pango and fonts for PDF output (apt-get)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PANGO_PACKAGES) >/dev/null; \
		elif ! ldconfig -p 2>/dev/null | grep -q libpangoft2; then \
			echo "PDF output needs Pango. Install it with:"; \
			echo "    sudo apt-get install $(PANGO_PACKAGES)"; exit 1; \
		fi; \
	fi

# The deployment test (tests/test_deployment.py) runs nginx with deploy/nginx/ouderpartner.conf in front of
# two app processes. As root it is installed here; without it that test is skipped with its reason.
check-nginx:
	@if ! command -v nginx >/dev/null && ! [ -x /usr/sbin/nginx ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing nginx for the deployment test (apt-get)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
		else \
			echo "The deployment test needs nginx (it is skipped without): sudo apt-get install nginx"; \
		fi; \
	fi

## make messages: extract the interface strings into the Dutch and English catalogues.
messages: $(VENV)/.test
	$(TOOL) manage.py makemessages -l nl --ignore=node_modules --ignore=.venv --ignore=static --ignore=staticfiles --no-obsolete

## make audit: known vulnerabilities in the locked Python and npm packages (pip-audit, npm audit; these ask
## PyPI and npm, so not part of make test, which works offline) and bandit over our code. Fails on findings;
## prints NOT CHECKED when a vulnerability service cannot be reached (AUDIT_STRICT=1 fails then too).
audit: $(VENV)/.test
	$(PY) scripts/audit.py

openapi: $(VENV)/.test
	$(TOOL) manage.py spectacular --validate --file docs/openapi.yaml

## make bench: every benchmark in bench/ (bench/run.py), one after another; writes bench/results.md.
## BENCH_ARGS="--only NAME ..." or "--skip NAME ..." runs some; "--list" shows them and what they need.
BENCH_ARGS ?=
bench: $(VENV)/.test assets check-pango check-wrk
	@$(MAKE) --no-print-directory check-chromium || echo "(the benchmarks that need Chromium are listed as not run)"
	$(MAKE) --no-print-directory compilemessages
	$(PY) bench/run.py $(BENCH_ARGS)

# The page-throughput benchmark drives the server with wrk (Debian). As root it is installed here.
check-wrk:
	@if ! command -v wrk >/dev/null; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing wrk for the benchmarks (apt-get)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else \
			echo "The page benchmark needs wrk: sudo apt-get install wrk (make bench lists it as not run without)."; \
		fi; \
	fi

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
