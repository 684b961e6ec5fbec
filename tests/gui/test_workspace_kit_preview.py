"""Compose previews draw with the workspace's kit, and again when the Brand view changes it (Issue 14.1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PIL import Image
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.gui.compose import ComposeView
from studio.workflows.kits import new_kit, use_kit
from tests.gui.compose_helpers import DEMO, close_compose, open_compose

PLUM = (0x7A, 0x1F, 0x5C)
TEAL = (0x0F, 0x76, 0x6E)


def _share(image: QImage, colour: tuple[int, int, int], tolerance: int = 24) -> float:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    pil = Image.frombytes(
        "RGB", (rgb.width(), rgb.height()), bytes(rgb.constBits()), "raw", "RGB", rgb.bytesPerLine()
    )
    data = pil.resize((pil.width // 3, pil.height // 3), Image.Resampling.NEAREST).tobytes()
    pixels = [data[i : i + 3] for i in range(0, len(data), 3)]
    near = sum(1 for p in pixels if all(abs(a - b) <= tolerance for a, b in zip(p, colour, strict=True)))
    return near / len(pixels)


def _recolour(services: Services, hex_colour: str) -> None:
    assert services.store is not None
    toml = services.store.workspace / "kits" / "ours" / "kit.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index('primary = "') + len('primary = "')
    toml.write_text(text[:start] + hex_colour + text[start + 7 :], encoding="utf-8")


@pytest.fixture
def compose(qtbot: QtBot, services: Services) -> Iterator[ComposeView]:
    assert services.store is not None
    new_kit(services.store, "ours")
    _recolour(services, "#7A1F5C")
    use_kit(services.store, "ours")
    view = open_compose(qtbot, services, ["instagram"])
    yield view
    close_compose(view)


def test_the_preview_shows_the_workspaces_colour_and_follows_a_change(
    qtbot: QtBot, compose: ComposeView, services: Services
) -> None:
    assert compose.media is not None
    with qtbot.waitSignal(compose.preview.rendered, timeout=20_000):
        compose.media.add_files([DEMO / "lego-staff.jpg"])
    card = compose.preview.card.grab().toImage()
    assert _share(card, PLUM) > 0.03  # the caption band, in the team's colour
    _recolour(services, "#0F766E")  # as the Brand view saves it; it then tells Compose to draw anew
    with qtbot.waitSignal(compose.preview.rendered, timeout=20_000):
        compose.set_kit(compose.kit_loader)
    card = compose.preview.card.grab().toImage()
    assert _share(card, TEAL) > 0.03
    assert _share(card, PLUM) < 0.005
