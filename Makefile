# The two commands: `make run` (the portal with demo data) and `make test` (the whole suite).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON_VERSION ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_PACKAGES := chromium libharfbuzz-subset0 poppler-utils gettext fonts-dejavu-core
UV := $(shell command -v uv 2>/dev/null)
LANGS := fi sv nb

.PHONY: help install system-packages run test lint lock messages demo-data clean

help:
	@echo "make run    start the portal (:8000), the sandbox (:8001), a Celery worker and beat, with demo data"
	@echo "make test   lint, migration check and the whole test suite (browser tests included)"
	@echo "make lock   re-pin requirements.lock.txt from pyproject.toml"
	@echo "make messages  refresh the translation catalogues in locale/"

install: system-packages $(STAMP) locale-compiled

# Debian packages the portal needs (WeasyPrint, browser tests, translations); only as root.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Missing Debian packages (install them as root):$$missing"; fi; \
	fi

$(STAMP): requirements.lock.txt
	@test -x $(PY) || $(PYTHON_VERSION) -m venv $(VENV) || python3 -m venv $(VENV)
ifneq ($(UV),)
	$(UV) pip sync --quiet --python $(PY) requirements.lock.txt
else
	$(PY) -m pip install --quiet -r requirements.lock.txt
endif
	@touch $(STAMP)

.PHONY: locale-compiled
locale-compiled: $(STAMP)
	@$(PY) manage.py compilemessages --ignore '.venv' -v0

run: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) sandbox/manage.py migrate --noinput -v0
	$(PY) sandbox/manage.py seed_sandbox
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  Portal        http://localhost:8000/"
	@echo "  Agent admin   http://localhost:8000/admin/   (demo agent: agent@myropo.example / demo-agent-2026, then an authenticator app)"
	@echo "  API docs      http://localhost:8000/api/docs/"
	@echo "  Health        http://localhost:8000/healthz"
	@echo "  Debtors       log in with bank ID and pick a demo person at the test bank (e.g. Aino Virtanen)"
	@echo "  Sandbox       http://localhost:8001/   (demo people and companies are listed there)"
	@echo "  Ctrl-C stops everything."
	@echo ""
	$(VENV)/bin/honcho start -f Procfile

test: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) sandbox/manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

lock:
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements.lock.txt

messages: $(STAMP)
	$(PY) manage.py makemessages $(addprefix -l ,$(LANGS)) --ignore '.venv/*' --ignore 'sandbox/*' --ignore 'var/*' --ignore 'tests/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv' -v0

clean:
	rm -rf var/portal.sqlite3 var/sandbox.sqlite3 var/celery var/mail var/media var/staticfiles
