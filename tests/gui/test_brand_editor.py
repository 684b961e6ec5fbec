"""The Brand view edits the workspace's kit: checked, written atomically, undone byte for byte."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from studio.brand import BrandKit
from studio.brand.colour import contrast_ratio
from studio.brand.kit import ASSETS
from studio.gui.app import Services
from studio.gui.brand import BrandView, Sample
from studio.gui.brand.prompts import Prompts
from studio.gui.messages import Level
from studio.workflows.kits import kit_in_use, new_kit, use_kit, workspace_kit

_SAMPLES = (
    Sample(
        "tip", "instagram-square", "Tech Tip Tuesday #12: lock your screen"
    ),  # a card in the primary colour
    Sample("status", "x-landscape", "Investigating: email delays", status="investigating"),
)
_NEW_PRIMARY = (0xC0, 0x15, 0x7A)


def _share(image: QImage, rgb: tuple[int, int, int], tolerance: int = 12) -> float:
    """The share of a grid of pixels of `image` within `tolerance` of `rgb`."""
    hits = total = 0
    for y in range(0, image.height(), 8):
        for x in range(0, image.width(), 8):
            colour = image.pixelColor(x, y)
            total += 1
            got = (colour.red(), colour.green(), colour.blue())
            hits += all(abs(a - b) <= tolerance for a, b in zip(got, rgb, strict=True))
    return hits / total


def _sample_image(view: BrandView, template: str) -> QImage:
    for card in view.cards:
        if card.result is not None and card.result.sample.template == template:
            assert card.result.image is not None, card.result.notes
            return card.result.image
    raise AssertionError(f"no rendered {template} sample")


def _answers(**answers: object) -> Prompts:
    """Prompts that answer from `answers` and fail the test on any question not expected."""

    def unexpected(name: str) -> Callable[..., object]:
        def ask(*args: object) -> object:
            raise AssertionError(f"unexpected question: {name} {args[1:]}")

        return ask

    asked = {name: unexpected(name) for name in ("colour", "file", "text", "confirm", "open_folder")}
    asked.update({name: (lambda *a, v=value: v) for name, value in answers.items()})
    return Prompts(**asked)  # type: ignore[arg-type]


def _view(qtbot: QtBot, services: Services, prompts: Prompts) -> BrandView:
    assert services.store is not None
    kit = workspace_kit(services.store)
    view = BrandView.for_workspace(
        services.store, kit, _SAMPLES, services.workers, services.messages, prompts=prompts
    )
    qtbot.addWidget(view)
    view.resize(1100, 900)
    with qtbot.waitSignal(view.samples_rendered, timeout=30_000):
        view.show()
    return view


@pytest.fixture
def own_kit(services: Services) -> Path:
    """The workspace uses its own kit, `kits/ours`, a copy of the example."""
    assert services.store is not None
    made = new_kit(services.store, "ours")
    use_kit(services.store, "ours")
    return made.folder


def test_a_new_primary_colour_is_written_rendered_and_undone_byte_for_byte(
    qtbot: QtBot, services: Services, own_kit: Path
) -> None:
    view = _view(qtbot, services, _answers(colour=QColor("#C0157A")))
    file = own_kit / "kit.toml"
    original = file.read_bytes()
    old_primary = view.kit.colours[0][1]
    assert _share(_sample_image(view, "tip"), old_primary) > 0.4

    with (
        qtbot.waitSignal(view.kit_changed) as changed,
        qtbot.waitSignal(view.samples_rendered, timeout=30_000),
    ):
        qtbot.mouseClick(view.colours.rows["primary"].swatch, Qt.MouseButton.LeftButton)
    kit = changed.args[0]
    assert isinstance(kit, BrandKit)
    assert kit.colour("primary") == _NEW_PRIMARY
    text = file.read_text(encoding="utf-8")
    assert 'primary = "#C0157A"     # navy: bands and cards' in text  # the comment stays
    assert "# The demo kit of a university IT service." in text
    assert view.swatches["primary"] == "#c0157a"
    # The samples were drawn again with the new colour (pixels, not the setting).
    tip = _sample_image(view, "tip")
    assert _share(tip, _NEW_PRIMARY) > 0.4
    assert _share(tip, old_primary) < 0.01
    contrast = view.colours.rows["primary"].contrast
    assert contrast.text() == f"text on it {contrast_ratio((255, 255, 255), _NEW_PRIMARY):.1f}:1"
    assert view.switcher.undo.isEnabled()

    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.colours.rows["accent"].swatch.setFocus()
    with qtbot.waitSignal(view.samples_rendered, timeout=30_000):
        qtbot.keyClick(view.colours.rows["accent"].swatch, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert file.read_bytes() == original
    assert view.swatches["primary"] == "#1d3f72"
    assert _share(_sample_image(view, "tip"), old_primary) > 0.4
    assert not view.switcher.undo.isEnabled()
    assert services.messages.history == []


def test_a_low_contrast_colour_is_warned_about(qtbot: QtBot, services: Services, own_kit: Path) -> None:
    view = _view(qtbot, services, _answers(colour=QColor("#7FC8F8")))
    qtbot.mouseClick(view.colours.rows["monitoring"].swatch, Qt.MouseButton.LeftButton)
    warning = view.colours.rows["monitoring"].contrast
    assert warning.objectName() == "Problem"
    assert "below 4.5:1" in warning.text()
    assert 'monitoring = "#7FC8F8"' in (own_kit / "kit.toml").read_text(encoding="utf-8")
    with qtbot.waitSignal(view.samples_rendered, timeout=30_000):
        qtbot.mouseClick(view.switcher.undo, Qt.MouseButton.LeftButton)
    assert view.colours.rows["monitoring"].contrast.objectName() == "ViewSubtitle"


def test_a_bad_link_is_refused_with_the_key_and_the_file_kept(
    qtbot: QtBot, services: Services, own_kit: Path
) -> None:
    view = _view(qtbot, services, _answers())
    original = (own_kit / "kit.toml").read_bytes()
    view.details.link.setFocus()
    view.details.link.selectAll()
    qtbot.keyClicks(view.details.link, "help.example.edu")
    with qtbot.assertNotEmitted(view.kit_changed):
        qtbot.keyClick(view.details.link, Qt.Key.Key_Return)
    assert (own_kit / "kit.toml").read_bytes() == original
    [message] = services.messages.history
    assert message.level is Level.ERROR
    assert "key 'help_desk_url'" in message.text
    assert "https://" in message.fix
    assert view.details.link.text() == "https://help.campus.example.edu"  # the field shows the kit again


def test_the_name_and_the_logo_change_the_header(
    qtbot: QtBot, services: Services, own_kit: Path, tmp_path: Path
) -> None:
    svg = tmp_path / "library.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">'
        '<rect x="10" y="10" width="280" height="80" fill="#F2A900"/></svg>',
        encoding="utf-8",
    )
    view = _view(qtbot, services, _answers(file=svg))
    view.details.name.setFocus()
    view.details.name.selectAll()
    qtbot.keyClicks(view.details.name, "Library IT")
    qtbot.keyClick(view.details.name, Qt.Key.Key_Return)
    assert view.subtitle.text().startswith("Library IT · help desk")
    with qtbot.waitSignal(view.kit_changed) as changed:
        qtbot.mouseClick(view.details.change_logo, Qt.MouseButton.LeftButton)
    kit = changed.args[0]
    assert (kit.logo.name, kit.logo_svg) == ("library.png", own_kit.resolve() / "library.svg")
    # The header's logo sits on the kit's primary colour and now shows the amber rectangle of the new logo.
    header = view.header_logo.grab().toImage()
    corner = header.pixelColor(2, header.height() // 2)
    assert (corner.red(), corner.green(), corner.blue()) == (0x1D, 0x3F, 0x72)
    assert _share(header, (0xF2, 0xA9, 0x00), tolerance=20) > 0.2


def test_the_large_logo_is_on_the_primary_colour_so_a_white_wordmark_reads(
    qtbot: QtBot, services: Services, own_kit: Path
) -> None:
    view = _view(qtbot, services, _answers())
    tile = view.logo.grab().toImage()
    top = tile.pixelColor(tile.width() // 2, 4)
    assert (top.red(), top.green(), top.blue()) == (0x1D, 0x3F, 0x72)
    assert _share(tile, (255, 255, 255), tolerance=30) > 0.02  # the white "Campus IT" is there, on navy


def test_switching_to_a_broken_kit_is_refused_and_the_combo_goes_back(
    qtbot: QtBot, services: Services, own_kit: Path
) -> None:
    store = services.store
    assert store is not None
    broken = own_kit.parent / "broken"
    shutil.copytree(own_kit, broken)
    toml = broken / "kit.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"#1D3F72"', '"navy"'), encoding="utf-8")
    view = _view(qtbot, services, _answers())
    combo = view.switcher.combo
    index = [e.id for e in view.switcher.entries].index("kits/broken")
    assert "cannot be used" in combo.itemText(index)
    with qtbot.assertNotEmitted(view.kit_changed):
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
    assert kit_in_use(store) == "kits/ours"
    assert view.switcher.entries[combo.currentIndex()].id == "kits/ours"
    [message] = services.messages.history
    assert "key 'colours.primary'" in message.text
    assert message.fix == "write a colour as #RRGGBB"


def test_switching_kits_uses_the_other_kit_everywhere(
    qtbot: QtBot, services: Services, own_kit: Path
) -> None:
    store = services.store
    assert store is not None
    view = _view(qtbot, services, _answers())
    combo = view.switcher.combo
    index = [e.id for e in view.switcher.entries].index("campus-it")
    with qtbot.waitSignal(view.kit_changed) as changed, qtbot.waitSignal(view.samples_rendered):
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
    assert changed.args[0].folder == (ASSETS / "kits" / "campus-it").resolve()
    assert kit_in_use(store) == "campus-it"
    assert view.read_only_note.isVisible()


def test_editing_the_example_offers_a_copy_and_edits_that(qtbot: QtBot, services: Services) -> None:
    store = services.store
    assert store is not None
    example = ASSETS / "kits" / "campus-it" / "kit.toml"
    original = example.read_bytes()
    view = _view(qtbot, services, _answers(confirm=True, text="our-kit", colour=QColor("#C0157A")))
    assert view.read_only_note.isVisible()
    with qtbot.waitSignal(view.samples_rendered, timeout=30_000):
        qtbot.mouseClick(view.colours.rows["primary"].swatch, Qt.MouseButton.LeftButton)
    assert example.read_bytes() == original
    assert kit_in_use(store) == "kits/our-kit"
    assert view.kit.folder == (store.workspace / "kits" / "our-kit").resolve()
    assert workspace_kit(store).colour("primary") == _NEW_PRIMARY
    assert _share(_sample_image(view, "tip"), _NEW_PRIMARY) > 0.4
    assert not view.read_only_note.isVisible()


def test_declining_the_copy_changes_nothing(qtbot: QtBot, services: Services) -> None:
    store = services.store
    assert store is not None
    view = _view(qtbot, services, _answers(confirm=False))
    with qtbot.assertNotEmitted(view.kit_changed):
        qtbot.mouseClick(view.colours.rows["primary"].swatch, Qt.MouseButton.LeftButton)
    assert kit_in_use(store) == "campus-it"
    assert not (store.workspace / "kits").exists()


def test_new_kit_from_this_and_open_folder(qtbot: QtBot, services: Services, own_kit: Path) -> None:
    store = services.store
    assert store is not None
    opened: list[Path] = []

    def open_folder(folder: Path) -> bool:
        opened.append(folder)
        return True

    prompts = _answers(text="second")
    prompts.open_folder = open_folder
    view = _view(qtbot, services, prompts)
    with qtbot.waitSignal(view.kit_changed):
        qtbot.mouseClick(view.switcher.new, Qt.MouseButton.LeftButton)
    assert kit_in_use(store) == "kits/second"
    assert [e.id for e in view.switcher.entries if e.in_use] == ["kits/second"]
    qtbot.mouseClick(view.switcher.folder, Qt.MouseButton.LeftButton)
    assert opened == [(store.workspace / "kits" / "second").resolve()]


def test_a_bundled_font_is_chosen_from_the_combo(qtbot: QtBot, services: Services, own_kit: Path) -> None:
    view = _view(qtbot, services, _answers())
    combo = view.details.fonts["heading"]
    index = combo.findData("NotoSans-Regular.ttf")
    with qtbot.waitSignal(view.kit_changed) as changed:
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
    assert changed.args[0].heading_fonts[0].name == "NotoSans-Regular.ttf"
    assert 'heading = "NotoSans-Regular.ttf"' in (own_kit / "kit.toml").read_text(encoding="utf-8")
