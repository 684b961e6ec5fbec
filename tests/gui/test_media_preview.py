"""Compose's media strip and preview pane, driven as a user: add pictures, set focus and alt text, preview."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QImage
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

import studio.text
from studio.gui.app import Services
from studio.gui.compose import ComposeView
from studio.gui.compose.mediastrip import MediaStrip
from studio.gui.compose.previewcard import feed_text, grid_cells, grid_crop
from studio.gui.compose.previewpane import PreviewPane
from studio.gui.compose.room import EDITOR_KEEPS
from studio.platforms import network_by_id
from studio.store import MediaKind
from tests.conftest import REPO

DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo"


@pytest.fixture
def compose(qtbot: QtBot, services: Services) -> ComposeView:
    assert services.store is not None
    view = ComposeView(
        studio.text,  # type: ignore[arg-type]
        services.workers,
        services.messages,
        services.theme,
        ["x", "instagram"],
        None,
        services.store,
    )
    qtbot.addWidget(view)
    view.resize(1200, 800)
    with qtbot.waitExposed(view):
        view.show()
    return view


def _strip(view: ComposeView) -> MediaStrip:
    assert view.media is not None
    return view.media


def test_a_dropped_photo_is_imported_shown_and_previewed(
    qtbot: QtBot, compose: ComposeView, services: Services
) -> None:
    strip = _strip(compose)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DEMO / "lego-staff.jpg"))])
    with qtbot.waitSignal(compose.preview.rendered):
        strip.paste(mime)  # what a drop hands over
    assert services.store is not None
    assert services.store.media.count() == 1
    (attachment,) = strip.attachments
    assert attachment.item.kind is MediaKind.PHOTO
    assert attachment.template == "photo"
    assert strip.model.thumbnail(attachment.item.id) is not None
    assert strip.details.isVisible()
    assert "X" in compose.preview.tab_labels()
    assert "Instagram · story" in compose.preview.tab_labels()
    card = compose.preview.current_card()
    assert card is not None
    assert card.image is not None
    assert card.image.width() == 540  # rendered at preview scale


def test_the_attachments_model_passes_the_model_tester(
    qtmodeltester: ModelTester, compose: ComposeView
) -> None:
    strip = _strip(compose)
    strip.add_files([DEMO / "lego-staff.jpg", DEMO / "cartoon-restart.png"])
    assert strip.model.rowCount() == 2
    qtmodeltester.check(strip.model)


def test_clicking_the_picture_sets_the_focus_point_in_the_store(
    qtbot: QtBot, compose: ComposeView, services: Services
) -> None:
    strip = _strip(compose)
    strip.add_files([DEMO / "lego-staff.jpg"])
    picker = strip.focus_picker
    rect = picker.picture_rect()
    click = QPoint(round(rect.left() + rect.width() * 0.25), round(rect.top() + rect.height() * 0.25))
    with qtbot.waitSignal(compose.preview.rendered):
        qtbot.mouseClick(picker, Qt.MouseButton.LeftButton, pos=click)
    assert services.store is not None
    item = services.store.media.get(strip.attachments[0].item.id)
    assert item.focus_x == pytest.approx(-0.5, abs=0.03)  # left of centre
    assert item.focus_y == pytest.approx(0.5, abs=0.03)  # above centre (y up, Mastodon's convention)


def test_alt_text_is_required_and_limited_by_the_tightest_network(
    qtbot: QtBot, compose: ComposeView, services: Services
) -> None:
    strip = _strip(compose)
    strip.add_files([DEMO / "lego-staff.jpg"])
    assert strip.problems() == ["picture 1 (photo) needs alt text"]
    assert "required" in strip.alt_count.text()
    strip.alt.setFocus()
    qtbot.keyClicks(strip.alt, "A LEGO minifigure waves")
    assert strip.alt_count.text() == "23 of 1,000 characters"  # X's limit: the tightest selected
    strip.flush()
    assert services.store is not None
    assert services.store.media.get(strip.attachments[0].item.id).alt_text == "A LEGO minifigure waves"
    assert strip.problems() == []
    strip.alt.setPlainText("x" * 1001)
    strip.flush()
    assert strip.problems() == ["picture 1's alt text is 1001 characters; the limit is 1000"]


def test_a_bad_file_is_named_and_the_good_one_still_comes_in(
    qtbot: QtBot, compose: ComposeView, services: Services, tmp_path: Path
) -> None:
    bad = tmp_path / "holiday.jpg"
    bad.write_bytes(b"not really a jpeg")
    strip = _strip(compose)
    with qtbot.waitSignal(strip.imported) as imported:
        strip.add_files([bad, DEMO / "cartoon-restart.png"])
    assert imported.args == [1]
    assert strip.attachments[0].template == "cartoon"
    assert any("holiday.jpg" in m.text for m in services.messages.history)


def test_pasting_an_image_into_the_editor_attaches_it(qtbot: QtBot, compose: ComposeView) -> None:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkBlue)
    mime = QMimeData()
    mime.setImageData(image)
    compose.editor.insertFromMimeData(mime)
    assert len(_strip(compose).attachments) == 1
    assert compose.editor.toPlainText() == ""


def test_caption_change_rerenders_and_the_story_shows_safe_zones(qtbot: QtBot, compose: ComposeView) -> None:
    strip = _strip(compose)
    strip.add_files([DEMO / "lego-staff.jpg"])
    strip.template.setCurrentText("story")
    compose.preview.show_format("instagram-story")
    card = compose.preview.current_card()
    assert card is not None
    assert card.image is not None
    assert card.image.height() == 960  # 9:16 at 540 wide
    before = card.image.toImage()
    with qtbot.waitSignal(compose.preview.rendered):
        qtbot.keyClicks(strip.caption, "eduroam in two minutes")
    assert card.image.toImage() != before
    assert card.safe_zones
    with_zones = card.grab().toImage()
    qtbot.keyClick(
        compose, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    assert not compose.preview.safe_zones.isChecked()
    assert not card.safe_zones
    assert card.grab().toImage() != with_zones


def test_a_stale_render_is_dropped(qtbot: QtBot, services: Services) -> None:
    """Two requests while one is running: only the newest is shown; the middle one never renders."""
    from studio.gui.workers import Workers

    workers = Workers(max_threads=1)
    pane = PreviewPane(services.theme, workers, studio.text, services.messages)  # type: ignore[arg-type]
    qtbot.addWidget(pane)
    assert services.store is not None
    from studio.gui.compose.attachments import Attachment
    from studio.workflows.pictures import import_picture

    item = import_picture(services.store, DEMO / "lego-staff.jpg")
    first = Attachment(item, services.store.media.path(item), "photo", "one")
    pane.set_networks(["mastodon"])
    shown: list[str] = []
    pane.rendered.connect(shown.append)
    pane.set_attachments([first])
    pane.set_attachments([Attachment(first.item, first.path, "photo", "two")])
    pane.set_attachments([Attachment(first.item, first.path, "photo", "three")])
    with qtbot.waitSignal(workers.idle, timeout=10000):
        pass
    workers.wait_done()
    assert shown == ["mastodon"]  # the first (stale) result dropped, "two" replaced by "three" unrendered


def test_the_feed_shortens_with_more_and_instagram_shows_the_centre_three_by_four() -> None:
    text = "Meet Sam from the service desk! " * 10
    shown, shortened = feed_text(text, network_by_id("instagram"))
    assert shortened
    assert len(shown) <= 126
    assert shown.endswith("…")
    assert feed_text("short", network_by_id("instagram")) == ("short", False)
    assert feed_text(text, network_by_id("x")) == (text, False)
    crop = grid_crop(1080, 1350)
    assert (crop.width(), crop.height(), crop.left()) == (1012, 1350, 34)


def test_a_long_post_previews_as_a_thread_column(qtbot: QtBot, compose: ComposeView) -> None:
    compose.preview.tabs.setCurrentIndex(compose.preview.tab_labels().index("X"))
    compose.editor.setPlainText("Planned maintenance tonight. " * 20)
    card = compose.preview.current_card()
    assert card is not None
    assert card.content is not None
    assert len(card.content.parts) >= 2
    assert card.content.parts[0].rstrip().endswith("1/" + str(len(card.content.parts)))


def _jpeg(path: Path, colour: str) -> Path:
    image = QImage(800, 600, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    image.save(str(path), "JPEG")
    return path


def _near(colour: QColor, expected: QColor) -> bool:
    """Within JPEG's error of the colour."""
    pairs = zip(colour.getRgb()[:3], expected.getRgb()[:3], strict=True)
    return all(abs(int(a or 0) - int(b or 0)) < 40 for a, b in pairs)


def test_every_picture_is_previewed_as_each_network_lays_them_out(
    qtbot: QtBot, compose: ComposeView, tmp_path: Path
) -> None:
    strip = _strip(compose)
    extra = [_jpeg(tmp_path / f"{c}.jpg", c) for c in ("red", "green")]
    strip.add_files([DEMO / "lego-staff.jpg", DEMO / "cartoon-restart.png", *extra])
    compose.preview.tabs.setCurrentIndex(compose.preview.tab_labels().index("X"))
    card = compose.preview.current_card()
    assert card is not None
    assert len(card.pixmaps) == 4
    assert card.layout_kind == "grid"  # X shows four pictures as a 2x2 grid
    shot = card.grab().toImage()
    left, right = shot.width() // 4, shot.width() * 3 // 4
    red = [y for y in range(shot.height()) if _near(shot.pixelColor(left, y), QColor("red"))]
    assert red  # the third picture fills the lower left cell ...
    assert _near(shot.pixelColor(right, red[len(red) // 2]), QColor("green"))  # ... beside the fourth
    assert not _near(shot.pixelColor(left, red[0] - 20), QColor("red"))  # and the first two are above
    compose.preview.show_format("instagram-square")
    card = compose.preview.current_card()
    assert card is not None
    assert len(card.pixmaps) == 4
    assert card.layout_kind == "carousel"  # Instagram swipes: one picture, dots and "1/4"
    cells = grid_cells(4, 200, 100)
    assert [(c.x(), c.y()) for c in cells] == [(0, 0), (102, 0), (0, 52), (102, 52)]
    assert [(c.width(), c.height()) for c in grid_cells(3, 200, 100)] == [(98, 100), (98, 48), (98, 48)]


def test_a_link_shows_a_card_titled_with_its_domain_without_fetching(compose: ComposeView) -> None:
    compose.preview.tabs.setCurrentIndex(compose.preview.tab_labels().index("X"))
    compose.editor.setPlainText("Wi-Fi help")
    card = compose.preview.current_card()
    assert card is not None
    plain = card.height()
    compose.editor.setPlainText("Wi-Fi help: https://www.it.example.edu/help/wifi?campus=main")
    assert card.content is not None
    assert card.content.link is not None
    assert card.content.link.domain == "it.example.edu"  # the title offline: the domain, nothing fetched
    assert card.height() > plain + 40  # the card is drawn under the text
    compose.editor.setPlainText("No link here, just a sentence. Full stop.")
    assert card.content.link is None


def test_previews_render_at_the_screens_pixel_ratio(tmp_path: Path) -> None:
    """On a 2x screen (QT_SCALE_FACTOR=2, in its own process) the preview has twice the pixels, sharp."""
    code = f"""
import sys
from PySide6.QtWidgets import QApplication
import studio.text
from studio.gui.app import build_services
from studio.gui.compose import ComposeView
from studio.gui.compose.room import EDITOR_KEEPS
app = QApplication(sys.argv[:1])
services = build_services(app, synchronous=True)
view = ComposeView(
    studio.text, services.workers, services.messages, services.theme, ["x"], None, services.store
)
view.show()
view.media.add_files([__import__("pathlib").Path({str(DEMO / "lego-staff.jpg")!r})])
card = view.preview.current_card()
print(view.preview.device_ratio(), card.image.width(), card.image.devicePixelRatio(),
      card.image.deviceIndependentSize().width())
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    ratio, width, pixmap_ratio, logical = done.stdout.split()
    assert (float(ratio), int(width), float(pixmap_ratio), float(logical)) == (2.0, 1080, 2.0, 540.0)


def test_choosing_a_picture_makes_room_for_its_details_and_keeps_some_of_the_text(
    qtbot: QtBot, compose: ComposeView
) -> None:
    strip = _strip(compose)
    compose.resize(1200, 900)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DEMO / "lego-staff.jpg"))])
    with qtbot.waitSignal(compose.preview.rendered):
        strip.paste(mime)
    area = strip.details_area
    body = area.widget()
    assert body is not None
    # The editor gave up height (the splitter moved) until the alt text and the rest show without scrolling.
    qtbot.waitUntil(lambda: area.viewport().height() >= body.sizeHint().height())
    assert compose.editor.height() >= EDITOR_KEEPS
