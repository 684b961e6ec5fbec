"""A kit's side files (content checks, incident texts) are read like its kit.toml (issue 12 items 3, 10).

Both followed a symlink out of the kit folder and read the file whole with tomllib: a kit from a shared drive
could make Studio read any file, and a list nested 100,000 deep was a RecursionError.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from studio.errors import ConfigError
from studio.text import CheckConfig
from studio.text.config import KIT_FILE
from studio.workflows.incident_texts import KIT_TEXTS_FILE, load_texts

Loader = Callable[[Path], object]
SIDE_FILES: list[tuple[str, Loader]] = [
    (KIT_FILE, lambda kit: CheckConfig.load(kit)),
    (KIT_TEXTS_FILE, lambda kit: load_texts(kit)),
]


@pytest.mark.parametrize(("name", "load"), SIDE_FILES, ids=["checks", "incident-texts"])
def test_a_side_file_linked_from_outside_the_kit_is_refused(tmp_path: Path, name: str, load: Loader) -> None:
    outside = tmp_path / "elsewhere.toml"
    outside.write_text("# someone else's file\n", encoding="utf-8")
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / name).symlink_to(outside)
    with pytest.raises(ConfigError) as caught:
        load(kit)
    assert caught.value.what == str(kit.resolve() / name)
    assert "outside the kit folder" in caught.value.why


@pytest.mark.parametrize(("name", "load"), SIDE_FILES, ids=["checks", "incident-texts"])
def test_a_side_file_nested_too_deeply_is_a_config_error(tmp_path: Path, name: str, load: Loader) -> None:
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / name).write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load(kit)
    assert "nested too deeply" in caught.value.why


@pytest.mark.parametrize(("name", "load"), SIDE_FILES, ids=["checks", "incident-texts"])
def test_a_side_file_inside_the_kit_still_loads(tmp_path: Path, name: str, load: Loader) -> None:
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "real").mkdir()
    (kit / "real" / name).write_text("", encoding="utf-8")
    (kit / name).symlink_to(kit / "real" / name)  # a link inside the kit is fine
    load(kit)
