# The two quick-start commands: `make demo` (kg demo on the embedded store) and `make test` (the whole suite).
# Each works on a fresh machine with Python 3.11+, make and apt: it creates .venv and installs what it needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
STAMP  := $(VENV)/.installed

.PHONY: demo test lint install system-deps node-deps bench clean readme

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "kg needs Python 3.11+"'
	@$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@# an editable install compiles nothing, and PYTHONDONTWRITEBYTECODE (set on some machines) stops imports
	@# from caching bytecode: compile kg once here, as a normal install would (≈ 0.2 s off every kg command)
	$(BIN)/python -m compileall -q kg
	@touch $@

install: $(STAMP)

# Debian packages the tests use: headless Chromium for the page tests, Node.js/npm for Neo4j's Cypher linter.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	@touch $@

node-deps: system-deps node_modules/.installed

demo: $(STAMP)
	$(BIN)/kg demo

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) system-deps node-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# README.md = docs/readme/*.md assembled, with the parts cog generates from the code (option reference,
# named queries, quality figures from docs/quality.md); edit the sections, then run this
readme: $(STAMP)
	$(BIN)/python docs/make_readme.py

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf out .pytest_cache .ruff_cache
