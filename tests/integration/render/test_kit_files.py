"""`studio render --kit DIR` with a hostile kit: one error line naming file and key, never a traceback."""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from studio.brand.kit import ASSETS
from tests.integration.render.test_cli import _studio


def _edit(kit: Path, old: str, new: str) -> None:
    file = kit / "kit.toml"
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _logo_up(kit: Path) -> None:
    Image.new("RGBA", (40, 20), (200, 0, 0, 255)).save(kit.parent / "secret.png")
    _edit(kit, 'logo = "logo.png"', 'logo = "../secret.png"')


def _logo_linked_out(kit: Path) -> None:
    Image.new("RGBA", (40, 20), (200, 0, 0, 255)).save(kit.parent / "secret.png")
    (kit / "logo.png").unlink()
    (kit / "logo.png").symlink_to(kit.parent / "secret.png")


def _font_path(kit: Path) -> None:
    _edit(kit, 'body = "NotoSans-Regular.ttf"', 'body = "../../../../../../etc/passwd"')


def _font_name_100000(kit: Path) -> None:
    _edit(kit, 'body = "NotoSans-Regular.ttf"', 'body = "' + "a" * 100_000 + '.ttf"')


def _template_linked_out(kit: Path) -> None:
    (kit.parent / "tip.toml").write_text(
        'description = "Outside"\n[[layers]]\nkind = "text"\nbox = [0, 0, 1, 1]\n', encoding="utf-8"
    )
    (kit / "templates").mkdir()
    (kit / "templates" / "tip.toml").symlink_to(kit.parent / "tip.toml")


def _logo_144_megapixels(kit: Path) -> None:
    Image.new("1", (12_000, 12_000), 1).save(kit / "logo.png")  # small on disk, 1.76 GB once drawn


def _logo_30000_square(kit: Path) -> None:
    """A real PNG whose header says 30000 x 30000: Pillow refuses it when opening, before any decoding."""
    path = kit / "logo.png"
    Image.new("1", (8, 8)).save(path)
    data = bytearray(path.read_bytes())
    data[16:24] = struct.pack(">II", 30_000, 30_000)  # IHDR width and height
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    path.write_bytes(bytes(data))


def _kit_toml_nested_100000_deep(kit: Path) -> None:
    file = kit / "kit.toml"
    file.write_text(
        "x = " + "[" * 100_000 + "]" * 100_000 + "\n" + file.read_text(encoding="utf-8"), encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("spoil", "what", "why"),
    [
        (_logo_up, "kit.toml: key 'logo'", "'../secret.png' is outside the kit folder"),
        (_logo_linked_out, "kit.toml: key 'logo'", "'logo.png' leads to "),
        (_font_path, "kit.toml: key 'fonts.body'", "must be a file name, not a path"),
        (_font_name_100000, "kit.toml: key 'fonts.body'", "(100,004 characters) is too long for a file"),
        (_template_linked_out, "templates/tip.toml", "outside the kit folder"),
        (
            _logo_144_megapixels,
            "kit.toml: key 'logo'",
            "logo.png is 12000 x 12000 pixels (144 MP), larger than the 16 MP a logo may have",
        ),
        (_logo_30000_square, "kit.toml: key 'logo'", "logo.png is larger than the 16 MP a logo may have"),
        (_kit_toml_nested_100000_deep, "kit.toml", "nested too deeply at line 1"),
    ],
    ids=[
        "logo-dotdot",
        "logo-symlink",
        "font-path",
        "font-name-100000",
        "template-symlink",
        "logo-144-MP",
        "logo-30000x30000",
        "kit-toml-nested",
    ],
)
def test_a_bad_kit_file_is_one_error_line(
    tmp_path: Path, spoil: Callable[[Path], None], what: str, why: str
) -> None:
    kit = tmp_path / "kit"
    shutil.copytree(ASSETS / "kits" / "campus-it", kit)
    spoil(kit)
    photo = tmp_path / "a.jpg"
    Image.new("RGB", (900, 600), (30, 90, 160)).save(photo)
    out = tmp_path / "out"
    run = _studio("render", photo, "--out", out, "--kit", kit, "--format", "bluesky")
    assert run.returncode == 1, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr[:2000]
    assert lines[0].startswith(f"error: {kit}/{what}: "), lines[0][:500]
    assert why in lines[0]
    assert lines[0].endswith(")")  # the fix
    assert len(lines[0]) < 500
    assert not out.exists()
