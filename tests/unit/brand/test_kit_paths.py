"""Every file a kit names stays inside its kit folder after symlinks; the rest is refused naming the key."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from studio.brand import load_kit
from studio.brand.kit import ASSETS
from studio.errors import ConfigError


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the kit holding a real logo, SVG, font and template that the kit must not use."""
    folder = tmp_path / "outside"
    folder.mkdir()
    Image.new("RGBA", (40, 20), (200, 0, 0, 255)).save(folder / "secret.png")
    (folder / "secret.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    shutil.copy(ASSETS / "fonts" / "NotoSans-Regular.ttf", folder / "Secret.ttf")
    (folder / "tip.toml").write_text(
        'description = "Outside"\n[[layers]]\nkind = "text"\nbox = [0, 0, 1, 1]\n', encoding="utf-8"
    )
    return folder


_LOGO = 'logo = "logo.png"'
_SVG = 'logo_svg = "logo.svg"'
_BODY = 'body = "NotoSans-Regular.ttf"'
_FALLBACKS = 'fallbacks = ["DroidSansFallbackFull.ttf", "NotoColorEmoji-base.ttf"]'


_OUT = "outside the kit folder"
_NOT_A_NAME = "must be a file name, not a path"  # fonts are looked up by name in the kit and assets/fonts


@pytest.mark.parametrize(
    ("old", "new", "key", "why"),
    [
        (_LOGO, 'logo = "../outside/secret.png"', "logo", _OUT),
        (_LOGO, 'logo = "{outside}/secret.png"', "logo", _OUT),
        (_LOGO, 'logo = "sub/../../outside/secret.png"', "logo", _OUT),
        (_LOGO, 'logo = "..\\\\outside\\\\secret.png"', "logo", _OUT),
        (_LOGO, 'logo = "C:secret.png"', "logo", _OUT),
        (_SVG, 'logo_svg = "../outside/secret.svg"', "logo_svg", _OUT),
        (_SVG, 'logo_svg = "{outside}/secret.svg"', "logo_svg", _OUT),
        (_BODY, 'body = "../outside/Secret.ttf"', "fonts.body", _NOT_A_NAME),
        (_BODY, 'body = "{outside}/Secret.ttf"', "fonts.body", _NOT_A_NAME),
        (_BODY, 'body = "../../../../../../../../etc/passwd"', "fonts.body", _NOT_A_NAME),
        (_FALLBACKS, 'fallbacks = ["../outside/Secret.ttf"]', "fonts.fallbacks", _NOT_A_NAME),
    ],
)
def test_a_path_that_leaves_the_kit_is_refused(
    kit_copy: Path, outside: Path, old: str, new: str, key: str, why: str
) -> None:
    _edit(kit_copy / "kit.toml", old, new.format(outside=outside))
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    error = caught.value
    assert error.what == f"{kit_copy / 'kit.toml'}: key '{key}'"
    assert why in error.why
    assert error.fix


def _link_logo(kit: Path, outside: Path) -> None:
    (kit / "logo.png").unlink()
    (kit / "logo.png").symlink_to(outside / "secret.png")


def _link_svg(kit: Path, outside: Path) -> None:
    (kit / "logo.svg").unlink()
    (kit / "logo.svg").symlink_to(outside / "secret.svg")


def _link_font(kit: Path, outside: Path) -> None:
    (kit / "NotoSans-Regular.ttf").symlink_to(outside / "Secret.ttf")  # found in the kit before assets/fonts


def _link_folder(kit: Path, outside: Path) -> None:
    (kit / "images").symlink_to(outside, target_is_directory=True)
    _edit(kit / "kit.toml", _LOGO, 'logo = "images/secret.png"')


def _link_relative(kit: Path, outside: Path) -> None:
    (kit / "logo.png").unlink()
    (kit / "logo.png").symlink_to(Path("..") / outside.name / "secret.png")


@pytest.mark.parametrize(
    ("link", "key"),
    [
        (_link_logo, "logo"),
        (_link_svg, "logo_svg"),
        (_link_font, "fonts.body"),
        (_link_folder, "logo"),
        (_link_relative, "logo"),
    ],
)
def test_a_symlink_out_of_the_kit_is_refused(
    kit_copy: Path, outside: Path, link: Callable[[Path, Path], None], key: str
) -> None:
    link(kit_copy, outside)
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    error = caught.value
    assert error.what == f"{kit_copy / 'kit.toml'}: key '{key}'"
    assert "outside the kit folder" in error.why
    assert str(outside) in error.why  # where it leads, so the user can copy the file in
    assert "copy" in error.fix


def test_a_template_linked_from_outside_the_kit_is_refused(kit_copy: Path, outside: Path) -> None:
    (kit_copy / "templates").mkdir()
    (kit_copy / "templates" / "tip.toml").symlink_to(outside / "tip.toml")
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    assert caught.value.what == str(kit_copy / "templates" / "tip.toml")
    assert "outside the kit folder" in caught.value.why


def test_a_templates_folder_linked_from_outside_the_kit_is_refused(kit_copy: Path, outside: Path) -> None:
    (kit_copy / "templates").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    assert caught.value.what == str(kit_copy / "templates" / "tip.toml")
    assert "outside the kit folder" in caught.value.why


def test_a_kit_toml_linked_from_outside_the_kit_is_refused(kit_copy: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.toml"
    (kit_copy / "kit.toml").rename(elsewhere)
    (kit_copy / "kit.toml").symlink_to(elsewhere)
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    assert caught.value.what == str(kit_copy / "kit.toml")
    assert "outside the kit folder" in caught.value.why


def test_links_and_subfolders_inside_the_kit_are_fine(kit_copy: Path) -> None:
    (kit_copy / "images").mkdir()
    (kit_copy / "logo.png").rename(kit_copy / "images" / "logo.png")
    (kit_copy / "logo.png").symlink_to(Path("images") / "logo.png")
    shutil.copy(ASSETS / "fonts" / "NotoSans-Bold.ttf", kit_copy / "Brand-Bold.ttf")
    _edit(kit_copy / "kit.toml", 'heading = "NotoSans-Bold.ttf"', 'heading = "Brand-Bold.ttf"')
    _edit(kit_copy / "kit.toml", _SVG, 'logo_svg = "./logo.svg"')
    kit = load_kit(kit_copy)
    assert kit.logo == (kit_copy / "images" / "logo.png").resolve()
    assert kit.heading_fonts[0] == (kit_copy / "Brand-Bold.ttf").resolve()
    assert kit.body_fonts[0].parent == (ASSETS / "fonts").resolve()  # the bundled fonts stay allowed


def test_a_symlink_loop_in_the_kit_is_refused(kit_copy: Path) -> None:
    (kit_copy / "logo.png").unlink()
    (kit_copy / "logo.png").symlink_to("loop.png")
    (kit_copy / "loop.png").symlink_to("logo.png")
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    assert caught.value.what == f"{kit_copy / 'kit.toml'}: key 'logo'"


def test_a_kit_reached_through_a_symlinked_folder_loads(kit_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "linked kit").symlink_to(kit_copy, target_is_directory=True)
    assert load_kit(tmp_path / "linked kit").name == "Campus IT"


_LONG = "a" * 100_000


@pytest.mark.parametrize(
    ("name", "why"),
    [
        (_LONG + ".ttf", "too long"),
        ("a" * 256 + ".ttf", "too long"),
        ("fonts/NotoSans-Regular.ttf", "a file name, not a path"),
        ("..", "a file name, not a path"),
        ("NotoSans\\u0000-Regular.ttf", "control character"),
        ("NotoSans\\n-Regular.ttf", "control character"),
        ("", "non-empty"),
    ],
)
def test_a_font_name_must_be_a_plain_file_name(kit_copy: Path, name: str, why: str) -> None:
    _edit(kit_copy / "kit.toml", _BODY, f'body = "{name}"')
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    error = caught.value
    assert error.what == f"{kit_copy / 'kit.toml'}: key 'fonts.body'"
    assert why in error.why
    assert error.fix
    assert len(error.line()) < 400  # the name is shortened, never printed whole


@pytest.mark.parametrize(
    ("name", "why"),
    [
        (_LONG + ".png", "too long"),
        ("x/" * 600 + "logo.png", "too long"),
        ("logo\\u0000.png", "control character"),
        ("logo\\t.png", "control character"),
    ],
)
def test_a_logo_name_that_cannot_be_a_file_is_refused(kit_copy: Path, name: str, why: str) -> None:
    _edit(kit_copy / "kit.toml", _LOGO, f'logo = "{name}"')
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    assert caught.value.what == f"{kit_copy / 'kit.toml'}: key 'logo'"
    assert why in caught.value.why
    assert len(caught.value.line()) < 400


@pytest.mark.parametrize("name", ["k" * 100_000, "kit\x00name", "x/" + "k" * 300])
def test_a_kit_name_that_cannot_be_a_folder_is_refused(name: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_kit(name)
    assert len(caught.value.line()) < 600


def test_a_fifo_in_the_kit_is_not_opened(kit_copy: Path) -> None:
    (kit_copy / "logo.png").unlink()
    os.mkfifo(kit_copy / "logo.png")  # opening it would wait forever for a writer
    with pytest.raises(ConfigError, match=r"not a regular file"):
        load_kit(kit_copy)
