"""docs/cli.md's reference is what `scripts/make-cli-docs.py` writes from the parsers: it cannot go stale."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from tests.conftest import REPO


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_cli_docs", REPO / "scripts" / "make-cli-docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_reference_is_the_generated_one() -> None:
    generator = _generator()
    current = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    # On a failure, run `.venv/bin/python scripts/make-cli-docs.py` and commit docs/cli.md with the change.
    assert current == generator.expected(current), "docs/cli.md is out of date: run scripts/make-cli-docs.py"


def test_every_command_has_a_section() -> None:
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in ("render", "text check", "queue add", "publish-due", "incident open", "restore"):
        assert f"`studio {name}`" in text
