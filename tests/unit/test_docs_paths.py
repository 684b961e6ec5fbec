"""The maintainers' documents name only what exists: every path and `studio.` name, and the queue's states.

docs/ARCHITECTURE.md is drawn from the code; when a module moves or a state changes, these fail until the
page follows.
"""

from __future__ import annotations

import re

import pytest

from studio.store.models import DeliveryState, PostStatus
from studio.store.states import DELIVERY_TRANSITIONS, POST_TRANSITIONS
from tests.conftest import REPO

DOCS = ["docs/ARCHITECTURE.md", "docs/benchmarks.md", "CONTRIBUTING.md"]
_PATH = re.compile(r"(?<![\w./<>~-])(?:studio|tests|scripts|bench|assets|ui|docs|\.ci)/[\w./-]*")
_NAME = re.compile(r"`(studio(?:\.\w+)+)")


def _text(doc: str) -> str:
    return (REPO / doc).read_text(encoding="utf-8")


@pytest.mark.parametrize("doc", DOCS)
def test_every_path_named_exists(doc: str) -> None:
    paths = {match.rstrip(".") for match in _PATH.findall(_text(doc))}
    assert paths, f"{doc} names no path: the pattern is wrong"
    missing = sorted(p for p in paths if not (REPO / p).exists())
    assert missing == [], f"{doc} names paths that do not exist"


@pytest.mark.parametrize("doc", DOCS)
def test_every_dotted_name_exists(doc: str) -> None:
    missing = []
    for dotted in set(_NAME.findall(_text(doc))) - {"studio.db"}:  # the database file, not a module
        parts = dotted.split(".")
        # The longest prefix that is a module or package; what is left must be one name defined in it.
        for cut in range(len(parts), 0, -1):
            base = REPO.joinpath(*parts[:cut])
            source = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
            if source.is_file():
                rest = parts[cut:]
                text = source.read_text(encoding="utf-8")
                if len(rest) > 1 or (rest and not re.search(rf"\b{rest[0]}\b", text)):
                    missing.append(dotted)
                break
        else:
            missing.append(dotted)
    assert missing == []


def _diagram(kind: str) -> dict[str, set[str]]:
    """The transitions the state diagram of docs/ARCHITECTURE.md draws for `post` or `delivery`."""
    text = _text("docs/ARCHITECTURE.md")
    block = text[text.index("  post  ") : text.index("```", text.index("  post  "))]
    lines: list[str] = []
    for line in block.splitlines():
        if line.strip().startswith("|"):  # a continued list of targets
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    found: dict[str, set[str]] = {}
    current = ""
    for raw in lines:
        line = re.sub(r"\([^)]*\)", "", raw).strip()
        for label in ("post", "delivery"):
            if line.startswith(label + " "):
                current, line = label, line[len(label) :].strip()
        if current != kind or not line:
            continue
        if line.endswith(": final"):
            sources, targets = line.removesuffix(": final"), ""
        else:
            sources, targets = line.split("->")
        for source in sources.split(","):
            found[source.strip()] = {t.strip() for t in targets.split("|") if t.strip()}
    return found


def test_the_state_diagram_is_the_states_table() -> None:
    posts = {old.value: {new.value for new in news} for old, news in POST_TRANSITIONS.items()}
    deliveries = {old.value: {new.value for new in news} for old, news in DELIVERY_TRANSITIONS.items()}
    assert _diagram("post") == posts
    assert _diagram("delivery") == deliveries
    assert set(posts) == {s.value for s in PostStatus}
    assert set(deliveries) == {s.value for s in DeliveryState}


def test_nothing_points_at_design_notes_outside_the_repository() -> None:
    # The design notes the project started from were never part of the repository; say what they meant.
    outside = re.compile(r"\b(?:DESIGN|RECIPES|STYLE|DEVELOPERS)(?:\.md\b| §)")
    found = []
    for folder in ("studio", "tests", "scripts", "bench", "assets", "docs", "ui", ".ci"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix in (".py", ".md", ".toml", ".mjs", ".sh", ".qss") and path.is_file():
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
                found += [
                    f"{path.relative_to(REPO)}:{n}" for n, line in enumerate(lines, 1) if outside.search(line)
                ]
    for name in ("README.md", "CONTRIBUTING.md", "Makefile", "pyproject.toml"):
        if not (REPO / name).is_file():
            continue
        lines = (REPO / name).read_text(encoding="utf-8").splitlines()
        found += [f"{name}:{n}" for n, line in enumerate(lines, 1) if outside.search(line)]
    assert found == []
