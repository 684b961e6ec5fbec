"""A kit cannot make Studio decode a giant logo: its size is checked before decoding, with file and key."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from studio.brand import load_kit
from studio.errors import ConfigError


def claimed_size_png(path: Path, width: int, height: int) -> Path:
    """A real PNG from Pillow whose header claims `width`x`height`; Pillow checks the size before decoding."""
    Image.new("1", (8, 8)).save(path)
    data = bytearray(path.read_bytes())
    ihdr = 8 + 4  # after the signature and the chunk length
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 4 + 13]))
    data[ihdr + 4 + 13 : ihdr + 4 + 17] = struct.pack(">I", crc)
    path.write_bytes(bytes(data))
    return path


@pytest.fixture(scope="module")
def huge_logo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real, fully decodable 12000x12000 (144 MP) PNG: small on disk, 1.76 GB once drawn as RGBA."""
    path = tmp_path_factory.mktemp("logos") / "huge.png"
    Image.new("1", (12_000, 12_000), 1).save(path)
    return path


def test_a_144_megapixel_logo_is_refused_before_it_is_decoded(kit_copy: Path, huge_logo: Path) -> None:
    (kit_copy / "logo.png").write_bytes(huge_logo.read_bytes())
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    error = caught.value
    assert error.what == f"{kit_copy / 'kit.toml'}: key 'logo'"
    assert error.why == "logo.png is 12000 x 12000 pixels (144 MP), larger than the 16 MP a logo may have"
    assert "scale it down" in error.fix


def test_a_decompression_bomb_logo_is_refused_by_name(kit_copy: Path) -> None:
    claimed_size_png(kit_copy / "logo.png", 30_000, 30_000)
    with pytest.raises(ConfigError) as caught:
        load_kit(kit_copy)
    error = caught.value
    assert error.what == f"{kit_copy / 'kit.toml'}: key 'logo'"
    assert "logo.png" in error.why
    assert "larger than the 16 MP a logo may have" in error.why


def test_a_logo_at_the_limit_is_fine(kit_copy: Path) -> None:
    Image.new("RGBA", (4000, 4000), (0, 0, 0, 0)).save(kit_copy / "logo.png")
    assert load_kit(kit_copy).logo.name == "logo.png"
