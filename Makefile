# The two set-up commands: `make run` (app on the embedded demo data) and `make test` (all tests).
VENV ?= .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test store demo bench browser

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Upgrade the schema, then build the store from data/demo/ if it holds no data yet.
store: $(VENV)/.installed
	$(PY) -m lib.store.migrate
	$(PY) -m lib.sync --demo --if-empty

run: store
	$(VENV)/bin/streamlit run app.py

# Rebuild the demo store from scratch.
demo: $(VENV)/.installed
	$(PY) -m lib.sync --demo

# Debian's Chromium for the browser test (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium)

test: $(VENV)/.installed browser
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) bench/run.py --quick
	$(PY) bench/pages.py
