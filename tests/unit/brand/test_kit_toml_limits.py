"""Kit and template TOML files are parsed within bounds: no RecursionError, no quadratic blow-up."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from studio.brand import load_kit
from studio.errors import ConfigError

_DEEP = 100_000


@pytest.mark.parametrize(
    "nested",
    [
        "x = " + "[" * _DEEP + "]" * _DEEP + "\n",
        "x = " + "{a = " * _DEEP + "1" + "}" * _DEEP + "\n",
        "x" + ".a" * _DEEP + " = 1\n",
        "[x" + ".a" * _DEEP + "]\n",
        "x = [\n" + "[\n" * _DEEP + "]\n" * _DEEP + "]\n",
        "x = [\n" + '["]]",\n' * 2000 + "]\n" * 2001,  # brackets in strings fool a count, not the parser
    ],
    ids=["arrays", "inline-tables", "dotted-key", "table-header", "arrays-over-lines", "brackets-in-strings"],
)
def test_a_kit_toml_nested_100000_deep_is_refused_quickly(kit_copy: Path, nested: str) -> None:
    file = kit_copy / "kit.toml"
    file.write_text(nested + file.read_text(encoding="utf-8"), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    assert time.monotonic() - started < 5
    error = caught.value
    assert error.what == str(file)
    assert "nested" in error.why
    assert error.fix


def test_a_template_nested_too_deep_is_refused(kit_copy: Path) -> None:
    (kit_copy / "templates").mkdir()
    template = kit_copy / "templates" / "tip.toml"
    template.write_text("x = " + "[" * _DEEP + "]" * _DEEP + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    assert caught.value.what == str(template)
    assert "nested" in caught.value.why


def test_an_oversized_kit_toml_is_refused_without_reading_it_all(kit_copy: Path) -> None:
    file = kit_copy / "kit.toml"
    with file.open("a", encoding="utf-8") as out:
        out.write(("# padding\n" * 1000) * 100)  # 1 MB of comments
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    assert caught.value.what == str(file)
    assert "larger than" in caught.value.why


def test_ordinary_dots_and_brackets_are_fine(kit_copy: Path) -> None:
    file = kit_copy / "kit.toml"
    text = file.read_text(encoding="utf-8")
    text = text.replace('name = "Campus IT"', 'name = "Campus IT... [the] {team} at help.campus.example.edu"')
    file.write_text(text, encoding="utf-8")
    assert load_kit(kit_copy).name.startswith("Campus IT...")
