"""Fixtures for the brand tests: the demo kit, generated pictures and a writable copy of the kit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from studio.brand import BrandKit, default_kit
from studio.brand.kit import ASSETS


@pytest.fixture(scope="session")
def kit() -> BrandKit:
    """The bundled Campus IT kit."""
    return default_kit()


@pytest.fixture
def kit_copy(tmp_path: Path) -> Path:
    """A copy of the demo kit's folder to break in a test."""
    target = tmp_path / "kit"
    shutil.copytree(ASSETS / "kits" / "campus-it", target)
    return target


@pytest.fixture(scope="session")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1500x1000 'photo': a grey gradient with a red disc centred at (0.8, 0.3)."""
    path = tmp_path_factory.mktemp("pictures") / "photo.jpg"
    image = Image.linear_gradient("L").resize((1500, 1000)).convert("RGB")
    ImageDraw.Draw(image).ellipse((1160, 260, 1240, 340), fill=(230, 20, 20))
    image.save(path, quality=90)
    return path


@pytest.fixture(scope="session")
def cartoon(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1200x900 'cartoon' with a 6 px green frame at its very edge: any crop would cut the frame."""
    path = tmp_path_factory.mktemp("pictures") / "cartoon.png"
    image = Image.new("RGB", (1200, 900), (255, 255, 255))
    ImageDraw.Draw(image).rectangle((0, 0, 1199, 899), outline=(0, 200, 0), width=6)
    image.save(path)
    return path
