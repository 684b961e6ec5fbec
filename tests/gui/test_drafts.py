"""Nothing lost: a draft's text, pictures, template, caption, focus and alt text survive a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import studio.text
from studio.gui.app import Services, build_services
from studio.gui.compose import ComposeView
from studio.gui.compose.autosave import PAUSE_MS, DraftAutosave
from studio.gui.compose.editor import PostEditor
from studio.store import MediaKind, NewPost, PostStatus
from tests.conftest import REPO

DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo"


def _compose(qtbot: QtBot, services: Services, *, show: bool = True) -> ComposeView:
    assert services.store is not None
    view = ComposeView(
        studio.text,  # type: ignore[arg-type]
        services.workers,
        services.messages,
        services.theme,
        ["x", "instagram"],
        DraftAutosave(services.store, services.messages),
        services.store,
    )
    qtbot.addWidget(view)
    view.resize(1200, 800)
    if show:
        with qtbot.waitExposed(view):
            view.show()
    return view


@pytest.fixture
def views(qtbot: QtBot, services: Services) -> Iterator[list[ComposeView]]:
    built: list[ComposeView] = []
    yield built
    for view in built:
        assert view.autosave is not None
        view.autosave.forget()


def test_a_killed_session_comes_back_whole(
    qtbot: QtBot, services: Services, views: list[ComposeView]
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        # -P: the script's folder is not put on sys.path, or tests/gui/queue/ would shadow the stdlib's queue.
        [sys.executable, "-P", str(Path(__file__).with_name("draft_worker.py"))],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert done.stdout.strip() == "written"

    view = _compose(qtbot, services)  # the next start, on the same workspace
    views.append(view)
    assert view.editor.toPlainText() == "Meet the service desk team"
    strip = view.media
    assert strip is not None
    photo, cartoon = strip.attachments
    assert (photo.item.kind, photo.template, photo.caption) == (
        MediaKind.PHOTO,
        "story",
        "Meet the service desk",
    )
    assert photo.item.alt_text == "A LEGO minifigure waves from a desk"
    assert (photo.item.focus_x, photo.item.focus_y) == pytest.approx((-0.5, 0.5))
    assert (cartoon.item.kind, cartoon.template, cartoon.caption) == (MediaKind.CARTOON, "cartoon", "")
    # What the strip shows for the selected picture is what was saved.
    strip.list.setCurrentIndex(strip.model.index(0))
    assert strip.template.currentText() == "story"
    assert strip.caption.text() == "Meet the service desk"
    assert strip.alt.toPlainText() == "A LEGO minifigure waves from a desk"
    assert strip.focus_picker.focus == pytest.approx((0.25, 0.25))
    assert strip.model.thumbnail(photo.item.id) is not None


def test_pictures_alone_make_a_draft_and_removing_one_is_saved(
    qtbot: QtBot, services: Services, views: list[ComposeView]
) -> None:
    assert services.store is not None
    view = _compose(qtbot, services)
    views.append(view)
    assert view.autosave is not None
    strip = view.media
    assert strip is not None
    with qtbot.waitSignal(view.autosave.saved, timeout=5000) as saved:
        strip.add_files([DEMO / "lego-staff.jpg", DEMO / "cartoon-restart.png"])
    post = services.store.posts.get(saved.args[0])
    assert post.status is PostStatus.DRAFT
    assert [m.template for m in post.media] == ["photo", "cartoon"]
    strip.list.setCurrentIndex(strip.model.index(0))
    with qtbot.waitSignal(view.autosave.saved, timeout=5000):
        strip.remove_button.click()
    assert [m.template for m in services.store.posts.get(post.id).media] == ["cartoon"]

    again = _compose(qtbot, services)
    views.append(again)
    assert again.media is not None
    assert [a.template for a in again.media.attachments] == ["cartoon"]


def test_ctrl_n_keeps_the_pictures_with_the_old_draft(
    qtbot: QtBot, services: Services, views: list[ComposeView]
) -> None:
    assert services.store is not None
    view = _compose(qtbot, services)
    views.append(view)
    strip = view.media
    assert strip is not None
    view.editor.setPlainText("With a picture")
    strip.add_files([DEMO / "lego-staff.jpg"])
    view.new_post()
    assert strip.attachments == ()
    assert view.editor.toPlainText() == ""
    (old,) = services.store.posts.page()
    assert old.body == "With a picture"
    assert len(old.media) == 1


def _async_compose(
    qtbot: QtBot, qapp: QApplication, make_services: list[Services]
) -> tuple[ComposeView, Services, int]:
    """A workspace with a draft (a link in it), opened with the app's real thread pool."""
    services = build_services(qapp, synchronous=False)
    make_services.append(services)
    assert services.store is not None
    draft = services.store.posts.create(NewPost("Printers are back: https://it.example.edu/print"))
    return _compose(qtbot, services, show=False), services, draft.id


def test_a_draft_is_filled_in_once_the_pool_has_counted_it(
    qtbot: QtBot, qapp: QApplication, make_services: list[Services], views: list[ComposeView]
) -> None:
    view, _, _ = _async_compose(qtbot, qapp, make_services)
    views.append(view)
    # The window is up before the text engine's link pattern is compiled: nothing can be typed over the draft.
    assert view.editor.isReadOnly()
    assert view.editor.placeholderText() == "Opening your draft…"
    view.show()
    qtbot.waitUntil(lambda: view.editor.toPlainText() == "Printers are back: https://it.example.edu/print")
    assert not view.editor.isReadOnly()
    assert view.editor.placeholderText() == PostEditor.PLACEHOLDER
    count = view.counters.count("x")
    assert count is not None
    assert count.length == len("Printers are back: ") + 23  # counted, the link as 23


def test_a_new_post_started_while_the_draft_loads_stays_empty(
    qtbot: QtBot, qapp: QApplication, make_services: list[Services], views: list[ComposeView]
) -> None:
    view, services, draft_id = _async_compose(qtbot, qapp, make_services)
    views.append(view)
    view.new_post()  # Ctrl+N before the draft came in
    assert not view.editor.isReadOnly()
    with qtbot.waitSignal(services.workers.idle, timeout=5000):
        view.show()  # the draft is read in the pool once the view is first shown
    assert view.editor.toPlainText() == ""
    assert not view.editor.isReadOnly()
    assert view.autosave is not None
    assert view.autosave.post_id != draft_id


def test_a_draft_waiting_to_be_filled_in_is_never_saved_over(
    qtbot: QtBot, qapp: QApplication, make_services: list[Services], views: list[ComposeView]
) -> None:
    # The app opened on another view: Compose is never shown, so its draft stays unread while autosave runs.
    view, services, draft_id = _async_compose(qtbot, qapp, make_services)
    views.append(view)
    qtbot.wait(PAUSE_MS * 2)
    view.flush()  # as on close
    assert services.store is not None
    assert services.store.posts.get(draft_id).body == "Printers are back: https://it.example.edu/print"


def test_a_draft_changed_elsewhere_while_compose_writes_keeps_both_versions(
    qtbot: QtBot, services: Services, views: list[ComposeView], tmp_path: Path
) -> None:
    from studio.store import open_store

    assert services.store is not None
    draft = services.store.posts.create(NewPost("Printers are back"))
    view = _compose(qtbot, services)
    views.append(view)
    assert view.autosave is not None
    view.autosave.open(services.store.posts.get(draft.id))
    view.editor.setPlainText("Printers are back on every floor")
    with open_store(services.store.workspace) as elsewhere:  # the command line, or a teammate's edit pulled
        elsewhere.posts.save_draft(draft.id, "Printers are back, except in the library")
    kept = view.autosave.flush()
    assert kept is not None
    assert kept != draft.id
    assert services.store.posts.get(draft.id).body == "Printers are back, except in the library"
    assert services.store.posts.get(kept).body == "Printers are back on every floor"
    view.editor.setPlainText("Printers are back on every floor but one")  # from now on, into its own draft
    assert view.autosave.flush() == kept
    assert services.store.posts.get(kept).body == "Printers are back on every floor but one"
