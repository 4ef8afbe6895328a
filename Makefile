# Two commands: `make run` (demo on this machine) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
export GATEHOUSE_DEMO ?= 1

.PHONY: run test bench load clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

pwa/node_modules/.package-lock.json: pwa/package.json pwa/package-lock.json
	npm ci --prefix pwa --no-audit --no-fund

install: $(VENV)/.installed pwa/node_modules/.package-lock.json

run: install
	$(VENV)/bin/gatehouse migrate
	$(VENV)/bin/gatehouse demo
	@echo
	@echo "Open http://$(HOST):$(PORT)/ on this machine (API docs: http://$(HOST):$(PORT)/api/docs)"
	$(VENV)/bin/gatehouse serve --host $(HOST) --port $(PORT)

test: install
	$(PY) -m pytest

bench: install
	$(PY) bench/sync_push.py
	$(PY) bench/sync_pull.py
	$(PY) bench/pwa.py
	$(PY) bench/pull_history.py
	$(PY) bench/first_sync.py
	$(PY) bench/lighthouse.py

load: install  # Locust against gunicorn on PostgreSQL (TEST_DATABASE_URL names the server)
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) pwa/node_modules instance test-artifacts .pytest_cache
