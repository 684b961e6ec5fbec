"""Kits and templates are validated on load; errors name the file, the key and the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studio.brand import TEMPLATE_NAMES, list_kits, load_kit
from studio.brand.kit import STATUSES, BrandKit
from studio.errors import ConfigError


def test_demo_kit_loads_with_every_template(kit: BrandKit) -> None:
    assert kit.name == "Campus IT"
    assert "campus-it" in list_kits()
    assert tuple(t.name for t in kit.templates) == TEMPLATE_NAMES
    assert kit.help_desk_url.startswith("https://")
    assert kit.logo.is_file()
    assert kit.logo_svg is not None
    assert {name for name, _ in kit.status_colours} == set(STATUSES)
    assert kit.heading_fonts[0].name == "NotoSans-Bold.ttf"
    assert len(kit.heading_fonts) == 3  # the CJK and emoji fallbacks follow


def test_kit_loads_from_a_folder_and_ignores_other_files(kit_copy: Path) -> None:
    (kit_copy / "checks.toml").write_text('[words]\navoid = ["synergy"]\n', encoding="utf-8")
    loaded = load_kit(kit_copy)
    assert loaded.id == "kit"


def test_a_kit_may_override_a_template(kit_copy: Path) -> None:
    (kit_copy / "templates").mkdir()
    (kit_copy / "templates" / "tip.toml").write_text(
        'description = "Ours"\npicture = "none"\n[[layers]]\nkind = "text"\nbox = [0, 0, 1, 1]\n',
        encoding="utf-8",
    )
    assert load_kit(kit_copy).template("tip").description == "Ours"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "key", "why"),
    [
        ('logo = "logo.png"', 'logo = "missing.png"', "logo", "not found"),
        ('primary = "#1D3F72"', 'primary = "navy"', "colours.primary", "not a colour"),
        ('primary = "#1D3F72"', 'primary = "#1D3F72"\nprimry = "#000000"', "colours.primry", "unknown key"),
        ('name = "Campus IT"', 'name = "Campus IT"\ncolor = "x"', "color", "unknown key"),
        ('heading = "NotoSans-Bold.ttf"', 'heading = "Nope.ttf"', "fonts.heading", "not found"),
        (
            'help_desk_url = "https://help.campus.example.edu"',
            'help_desk_url = "help desk"',
            "help_desk_url",
            "web",
        ),
        ('resolved = "#1E7B45"\n', "", "status.resolved", "missing"),
        ('default_template = "photo"', 'default_template = "poster"', "default_template", "not allowed"),
    ],
)
def test_bad_kit_names_file_key_and_fix(kit_copy: Path, old: str, new: str, key: str, why: str) -> None:
    _edit(kit_copy / "kit.toml", old, new)
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    error = caught.value
    assert "kit.toml" in error.what
    assert f"'{key}'" in error.what
    assert why in error.why
    assert error.fix


def test_unreadable_font_is_refused(kit_copy: Path) -> None:
    (kit_copy / "Broken.ttf").write_bytes(b"this is not a font")
    _edit(kit_copy / "kit.toml", 'body = "NotoSans-Regular.ttf"', 'body = "Broken.ttf"')
    with pytest.raises(ConfigError, match=r"fonts.body.*cannot be read"):
        load_kit(kit_copy)


def test_unreadable_logo_is_refused(kit_copy: Path) -> None:
    (kit_copy / "logo.png").write_bytes(b"\x89PNG broken")
    with pytest.raises(ConfigError, match=r"logo\.png is not a readable image"):
        load_kit(kit_copy)


def test_toml_syntax_error_names_the_file(kit_copy: Path) -> None:
    (kit_copy / "kit.toml").write_text("name = 'unterminated\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(str(kit_copy / "kit.toml"))):
        load_kit(kit_copy)


def test_unknown_kit_lists_the_bundled_ones() -> None:
    with pytest.raises(ConfigError, match="campus-it"):
        load_kit("no-such-kit")


_BASE_TEMPLATE = 'description = "T"\npicture = "cover"\n[[layers]]\nkind = "text"\nbox = [0, 0.5, 1, 0.5]\n'


@pytest.mark.parametrize(
    ("extra", "key", "why"),
    [
        ('size = "big"\n', "layers[0].size", "number"),
        ('colour = "pink"\n', "layers[0].colour", "unknown colour"),
        ('colour = "#12"\n', "layers[0].colour", "not a colour"),
        ("opacity = 0.5\n", "layers[0].opacity", "unknown key"),
        ('text = "{caption} {signature}"\n', "layers[0].text", "unknown placeholder"),
        ("[formats.tiktok]\n", "formats.tiktok", "not a format id"),
        ('[[layers]]\nkind = "band"\nbox = [0.5, 0.5, 0.8, 0.1]\n', "layers[1].box", "inside the frame"),
        ('[[layers]]\nkind = "sticker"\nbox = [0, 0, 1, 1]\n', "layers[1].kind", "not allowed"),
    ],
)
def test_bad_template_names_file_key_and_fix(kit_copy: Path, extra: str, key: str, why: str) -> None:
    (kit_copy / "templates").mkdir()
    (kit_copy / "templates" / "photo.toml").write_text(_BASE_TEMPLATE + extra, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    assert "photo.toml" in caught.value.what
    assert f"'{key}'" in caught.value.what
    assert why in caught.value.why
    assert caught.value.fix


def test_cli_offers_exactly_the_templates_the_kits_have() -> None:
    from studio.commands import render as command

    assert command._TEMPLATES == TEMPLATE_NAMES


def test_an_edited_template_is_picked_up_on_the_next_load(kit_copy: Path) -> None:
    import os

    (kit_copy / "templates").mkdir()
    template = kit_copy / "templates" / "tip.toml"
    template.write_text(
        'description = "One"\n[[layers]]\nkind = "text"\nbox = [0, 0, 1, 1]\n', encoding="utf-8"
    )
    assert load_kit(kit_copy).template("tip").description == "One"
    template.write_text(
        'description = "Two"\n[[layers]]\nkind = "text"\nbox = [0, 0, 1, 1]\n', encoding="utf-8"
    )
    stat = template.stat()
    os.utime(
        template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000)
    )  # a later edit, even on coarse clocks
    assert load_kit(kit_copy).template("tip").description == "Two"
