"""Export images… (Ctrl+E), walked as the student worker making a story frame: no account, no caption needed,
a picture in, a story frame out in three actions (Issue 14 item 3)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.gui.compose import ComposeView
from studio.gui.compose.export import ExportDialog
from tests.gui.compose_helpers import DEMO, close_compose, open_compose


@pytest.fixture
def compose(qtbot: QtBot, services: Services, tmp_path: Path) -> Iterator[ComposeView]:
    view = open_compose(qtbot, services, ["x"])
    view.export_folder = tmp_path / "frames"
    yield view
    close_compose(view)


def test_a_story_frame_on_disk_in_three_actions(qtbot: QtBot, compose: ComposeView, tmp_path: Path) -> None:
    assert compose.media is not None
    compose.media.add_files([DEMO / "lego-staff.jpg"])  # 1: the picture
    qtbot.keyClick(compose.editor, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # 2: Ctrl+E
    dialog = compose.findChild(ExportDialog)
    assert isinstance(dialog, ExportDialog)
    assert dialog.every_format.isChecked()  # no account chosen: every format, the story among them
    with qtbot.waitSignal(compose.messages.posted):
        dialog.export_button.click()  # 3: Export
    assert dialog.written is not None
    assert dialog.written.problems == ()
    story = tmp_path / "frames" / "picture-1.instagram-story.jpg"
    assert story in dialog.written.paths
    with Image.open(story) as frame:
        assert frame.size == (1080, 1920)
        assert not frame.getexif()
    assert dialog.show_folder.isVisible()
    assert "Wrote" in dialog.outcome.text()
    dialog.close()


def test_the_posts_own_formats_when_it_has_accounts_and_none_without_pictures(
    qtbot: QtBot, compose: ComposeView, services: Services
) -> None:
    assert compose.export_images() is None  # nothing to export: said, no dialog
    assert services.store is not None
    from studio.store import NewAccount

    insta = services.store.accounts.add(NewAccount("instagram", "IT Instagram"))
    assert compose.schedule is not None
    compose.schedule.refresh()
    compose.schedule.account_chips[insta.id].click()
    assert compose.media is not None
    compose.media.add_files([DEMO / "lego-staff.jpg"])
    compose.formats.boxes["instagram"].setCurrentIndex(
        compose.formats.boxes["instagram"].findData("instagram-story")
    )
    dialog = compose.export_images()
    assert isinstance(dialog, ExportDialog)
    assert dialog.post_formats.isChecked()
    assert "instagram-story" in dialog.formats()
    assert "x-landscape" in dialog.formats()  # X is chosen too (its counter chip)
    dialog.close()


def test_right_click_on_a_preview_saves_or_copies_the_full_size_frame(
    qtbot: QtBot, compose: ComposeView, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    from studio.gui.compose.export import preview_menu

    assert compose.media is not None
    compose.chips["instagram"].setChecked(True)
    compose.media.add_files([DEMO / "lego-staff.jpg"])
    compose.preview.tabs.setCurrentIndex(compose.preview.tab_labels().index("Instagram · story"))
    assert compose.preview.current_format() == "instagram-story"
    menu = preview_menu(compose, compose.mapToGlobal(compose.rect().center()))
    assert menu is not None
    save, copy = menu.actions()
    assert (save.text(), copy.text()) == ("Save image as…", "Copy image")
    menu.close()
    target = tmp_path / "story.jpg"
    asked: list[Path] = []
    compose.ask_save_path = lambda suggested: asked.append(suggested) or target
    save.trigger()
    assert asked[0].name == "picture-1.instagram-story.jpg"
    with Image.open(target) as frame:
        assert frame.size == (1080, 1920)
    copy.trigger()
    assert QApplication.clipboard().image().size().height() == 1920
