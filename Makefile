# The README's two commands are `make run` and `make test`; everything they need is set up from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make run` opens the app on a demo workspace inside the checkout, so it never touches a real one.
DEMO_HOME ?= $(CURDIR)/demo-workspace

.PHONY: run test lint bench system-run system-test clean

run: system-run $(VENV)/.installed
	STUDIO_HOME="$${STUDIO_HOME:-$(DEMO_HOME)}" $(BIN)/studio

test: system-test $(VENV)/.installed-test lint
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

clean:
	rm -rf $(VENV) .cache .mypy_cache .ruff_cache .pytest_cache
