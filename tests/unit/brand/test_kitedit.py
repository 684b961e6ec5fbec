"""Editing kit.toml: checked before it is written, written whole, comments kept, undone byte for byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from studio.brand import load_kit
from studio.brand.colour import contrast_ratio
from studio.brand.kit import ASSETS
from studio.brand.kitedit import (
    MIN_CONTRAST,
    bundled_fonts,
    is_bundled,
    reader_of,
    set_colour,
    set_font,
    set_help_desk_url,
    set_logo,
    set_name,
    text_contrasts,
    undo,
)
from studio.errors import ConfigError, InputError


def _leftovers(folder: Path) -> list[str]:
    """Temporary files or scratch folders an edit left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_colour_change_keeps_every_comment_and_line_but_its_value(kit_copy: Path) -> None:
    file = kit_copy / "kit.toml"
    before = file.read_text(encoding="utf-8")
    change = set_colour(kit_copy, "primary", "#a01b2c")
    after = file.read_text(encoding="utf-8")
    assert change.kit.colour("primary") == (0xA0, 0x1B, 0x2C)
    assert 'primary = "#A01B2C"     # navy: bands and cards' in after
    changed = [(b, a) for b, a in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [('primary = "#1D3F72"     # navy: bands and cards', after.splitlines()[9])]
    assert load_kit(kit_copy).colour("primary") == (0xA0, 0x1B, 0x2C)  # the loader sees the new file
    assert _leftovers(kit_copy) == []


def test_a_status_colour_name_and_link_are_written(kit_copy: Path) -> None:
    set_colour(kit_copy, "resolved", "#0A5")
    set_name(kit_copy, "  Library IT ")
    kit = set_help_desk_url(kit_copy, "https://help.library.example.org").kit
    assert kit.colour("status", "resolved") == (0x00, 0xAA, 0x55)
    assert kit.name == "Library IT"
    assert kit.help_desk_url == "https://help.library.example.org"


def test_undo_restores_the_file_byte_for_byte(kit_copy: Path) -> None:
    file = kit_copy / "kit.toml"
    original = file.read_bytes()
    first = set_colour(kit_copy, "accent", "#00FF00")
    second = set_name(kit_copy, "Other")
    assert undo(second).name == "Campus IT"
    assert undo(first).colour("accent") == (0xF2, 0xA9, 0x00)
    assert file.read_bytes() == original
    assert load_kit(kit_copy).colour("accent") == (0xF2, 0xA9, 0x00)


def test_undo_is_refused_when_the_file_changed_since(kit_copy: Path) -> None:
    change = set_colour(kit_copy, "accent", "#00FF00")
    file = kit_copy / "kit.toml"
    edited_by_hand = file.read_bytes() + b"# a note\n"
    file.write_bytes(edited_by_hand)
    with pytest.raises(InputError, match="changed since"):
        undo(change)
    assert file.read_bytes() == edited_by_hand


def test_a_change_that_breaks_the_kit_leaves_the_old_file(kit_copy: Path) -> None:
    file = kit_copy / "kit.toml"
    original = file.read_bytes()
    mtime = file.stat().st_mtime_ns
    with pytest.raises(ConfigError) as caught:
        set_help_desk_url(kit_copy, "help.example.edu")
    # The message names the real kit.toml (not the scratch copy it was checked in), the key and the fix.
    assert caught.value.what == f"{kit_copy.resolve() / 'kit.toml'}: key 'help_desk_url'"
    assert "https://" in caught.value.fix
    assert file.read_bytes() == original
    assert file.stat().st_mtime_ns == mtime  # not even rewritten with the same bytes
    assert _leftovers(kit_copy) == []


def test_a_bad_colour_names_the_key_and_the_fix(kit_copy: Path) -> None:
    original = (kit_copy / "kit.toml").read_bytes()
    with pytest.raises(InputError) as caught:
        set_colour(kit_copy, "primary", "navy")
    assert caught.value.line() == (
        "key 'colours.primary': 'navy' is not a colour like #1D3F72 (write a colour as #RRGGBB)"
    )
    with pytest.raises(InputError, match="not a kit colour"):
        set_colour(kit_copy, "chartreuse", "#000000")
    assert (kit_copy / "kit.toml").read_bytes() == original


def test_a_kit_file_that_is_already_broken_is_named(kit_copy: Path) -> None:
    (kit_copy / "kit.toml").write_text('name = "x"\n[colours\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot be read as TOML"):
        set_name(kit_copy, "y")


def test_the_bundled_example_is_read_only() -> None:
    folder = ASSETS / "kits" / "campus-it"
    original = (folder / "kit.toml").read_bytes()
    assert is_bundled(folder)
    with pytest.raises(InputError, match="read-only") as caught:
        set_colour(folder, "primary", "#000000")
    assert "studio kit new" in caught.value.fix
    assert (folder / "kit.toml").read_bytes() == original


def test_a_new_logo_is_copied_in_and_undo_removes_it(kit_copy: Path, tmp_path: Path) -> None:
    picked = tmp_path / "picked" / "logo.png"  # same name as the kit's logo, different picture
    picked.parent.mkdir()
    Image.new("RGBA", (60, 20), (200, 0, 0, 255)).save(picked)
    original = (kit_copy / "kit.toml").read_bytes()
    change = set_logo(kit_copy, picked)
    assert change.added == (kit_copy.resolve() / "logo-2.png",)
    assert change.kit.logo == kit_copy.resolve() / "logo-2.png"
    assert change.kit.logo_svg is None  # the old SVG was a different logo
    assert (kit_copy / "logo.png").read_bytes() != picked.read_bytes()  # the old logo is untouched
    undo(change)
    assert not (kit_copy / "logo-2.png").exists()
    assert (kit_copy / "kit.toml").read_bytes() == original
    assert load_kit(kit_copy).logo_svg == kit_copy.resolve() / "logo.svg"


def test_a_logo_with_its_svg_and_a_broken_png_is_refused_without_leftovers(
    kit_copy: Path, tmp_path: Path
) -> None:
    png, svg = tmp_path / "mark.png", tmp_path / "mark.svg"
    Image.new("RGBA", (60, 20), (0, 0, 200, 255)).save(png)
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="6" height="2"/>', encoding="utf-8")
    change = set_logo(kit_copy, png, svg)
    assert (change.kit.logo.name, change.kit.logo_svg) == ("mark.png", kit_copy.resolve() / "mark.svg")
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    before = sorted(p.name for p in kit_copy.iterdir())
    with pytest.raises(ConfigError, match="not a readable image"):
        set_logo(kit_copy, broken)
    assert sorted(p.name for p in kit_copy.iterdir()) == before
    with pytest.raises(InputError, match="not a PNG"):
        set_logo(kit_copy, svg)


def test_fonts_come_from_the_bundled_set_or_a_copied_file(kit_copy: Path) -> None:
    assert {"NotoSans-Bold.ttf", "NotoSans-Regular.ttf"} <= set(bundled_fonts())
    kit = set_font(kit_copy, "heading", "NotoSans-Regular.ttf").kit
    assert kit.heading_fonts[0] == (ASSETS / "fonts" / "NotoSans-Regular.ttf").resolve()
    copied = set_font(kit_copy, "body", ASSETS / "fonts" / "NotoSans-Bold.ttf")
    assert copied.added == (kit_copy.resolve() / "NotoSans-Bold.ttf",)
    assert copied.kit.body_fonts[0] == kit_copy.resolve() / "NotoSans-Bold.ttf"  # the kit's own copy
    undo(copied)
    assert [p.name for p in kit_copy.iterdir() if p.suffix == ".ttf"] == []
    with pytest.raises(ConfigError, match="not found"):
        set_font(kit_copy, "body", "Missing.ttf")
    with pytest.raises(InputError, match="not a font"):
        set_font(kit_copy, "body", kit_copy / "logo.png")


def test_quick_edits_are_each_seen_by_the_cached_loader(kit_copy: Path) -> None:
    # load_kit caches by modification time; edits within one clock tick must not return a stale kit.
    for value in ("#010101", "#020202", "#030303"):
        assert set_colour(kit_copy, "primary", value).kit.colour("primary") == (int(value[1:3], 16),) * 3
    os.utime(kit_copy / "kit.toml", ns=(0, 0))
    assert set_colour(kit_copy, "primary", "#040404").kit.colour("primary") == (4, 4, 4)


def test_contrast_of_text_on_each_colour_is_the_wcag_ratio(kit_copy: Path) -> None:
    kit = load_kit(kit_copy)
    contrasts = text_contrasts(kit)
    assert contrasts["primary"] == pytest.approx(contrast_ratio((255, 255, 255), (0x1D, 0x3F, 0x72)))
    assert contrasts["accent"] == pytest.approx(contrast_ratio((0x14, 0x21, 0x3D), (0xF2, 0xA9, 0x00)))
    assert all(contrasts[s] >= MIN_CONTRAST for s in ("investigating", "resolved", "planned"))
    assert (reader_of("primary"), reader_of("resolved"), reader_of("text")) == ("text", "text", None)
    low = set_colour(kit_copy, "primary", "#DDDDDD").kit
    assert text_contrasts(low)["primary"] == pytest.approx(1.35, abs=0.01)  # white on light grey
