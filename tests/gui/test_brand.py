"""The Brand view with the real render engine: the kit is shown and every template's sample is rendered."""

from __future__ import annotations

from dataclasses import replace

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import studio.brand
from studio.gui.app import Services, build_window
from studio.gui.brand import BrandView
from studio.gui.brand.images import to_qimage
from studio.gui.lazy import LazyView
from studio.gui.mainwindow import MainWindow
from studio.gui.workers import Workers


def test_the_brand_view_shows_the_kit_and_a_sample_of_every_template(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.view_widget("brand")
    assert isinstance(page, LazyView)
    assert not page.built  # nothing of the render engine is loaded until someone looks
    view = page.view
    assert isinstance(view, BrandView)
    kit = studio.brand.default_kit()
    with qtbot.waitSignal(view.samples_rendered, timeout=30_000):
        qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)  # Brand's shortcut
    assert window.current_view == "brand"
    expected = [f"Sample of the {t.name} template" for t in kit.templates]
    assert [c.accessibleName().rsplit(",", 1)[0] for c in view.cards] == expected
    assert {t.name for t in kit.templates} >= {"photo", "cartoon", "tip", "story", "status"}
    for card in view.cards:
        pixmap = card.picture.pixmap()
        assert not pixmap.isNull(), card.accessibleName()
        assert pixmap.width() > 100
    assert view.swatches["primary"] == "#{:02x}{:02x}{:02x}".format(*kit.colour("primary"))
    assert not view.logo.pixmap().isNull()
    small = view.header_logo.pixmap()  # and small in the header, beside the kit's name
    assert not small.isNull()
    assert small.deviceIndependentSize().height() <= 44
    assert small.deviceIndependentSize().width() <= 96
    assert small.deviceIndependentSize().width() > 20


def test_samples_render_in_the_pool_not_on_the_ui_thread(
    qtbot: QtBot, qapp: QApplication, services: Services
) -> None:
    pool = Workers(max_threads=1)
    win = build_window(replace(services, workers=pool))
    qtbot.addWidget(win)
    win.show()
    page = win.view_widget("brand")
    assert isinstance(page, LazyView)
    view = page.view
    assert isinstance(view, BrandView)
    with qtbot.waitSignal(view.samples_rendered, timeout=30_000):
        win.show_view("brand")
        # Nothing is drawn yet when show_view returns: the samples are still rendering in the pool.
        assert all(card.picture.pixmap().isNull() for card in view.cards)
    assert pool.wait_done(5000)
    qtbot.waitUntil(lambda: pool.running == 0, timeout=5000)


def test_a_pillow_image_becomes_a_qimage_with_the_same_pixels() -> None:
    image = Image.new("RGB", (3, 2), (10, 20, 30))
    image.putpixel((2, 1), (200, 100, 50))
    qimage = to_qimage(image)
    assert (qimage.width(), qimage.height()) == (3, 2)
    assert qimage.pixelColor(2, 1).getRgb()[:3] == (200, 100, 50)
    assert qimage.pixelColor(0, 0).getRgb()[:3] == (10, 20, 30)
