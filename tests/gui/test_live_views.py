"""Live views: the real window follows changes another process makes to its workspace, within a second.

Each change is made by `python -m studio …` in a subprocess on the window's own STUDIO_HOME (as a user's
terminal or a systemd timer would), and each open view is checked with `qtbot.waitUntil(…, timeout=1000)`
started after the subprocess returned, without calling any view's refresh and without switching views
after the change. The window learns of the change only through `LiveStore` (SQLite's data_version).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from studio.gui.app import Services, build_window
from studio.gui.incidents.view import IncidentsView
from studio.gui.lazy import LazyView
from studio.gui.mainwindow import MainWindow
from studio.gui.queue import QueueColumn, QueueRole, QueueView
from studio.gui.statusbar import StatusPanel
from studio.store import NewPost, PostStatus, Store
from studio.store.schedule import QueueRow
from studio.store.times import now_utc
from tests.servers.mastodon_server import MastodonServer

REPO = Path(__file__).resolve().parents[2]
PICTURE = REPO / "assets" / "demo" / "lego-staff.jpg"
HELD = "Held (outage on Campus Wi-Fi)"


def studio(*args: str, stdin: str = "", ok: tuple[int, ...] = (0,)) -> str:
    """Run `python -m studio ARGS` on the test's workspace (STUDIO_HOME is set for the test) and wait."""
    done = subprocess.run(
        [sys.executable, "-m", "studio", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TZ": "UTC"},
        check=False,
    )
    assert done.returncode in ok, (args, done.returncode, done.stdout, done.stderr)
    return done.stdout


def _store(services: Services) -> Store:
    assert services.store is not None
    return services.store


@pytest.fixture
def mastodon() -> Iterator[MastodonServer]:
    with MastodonServer() as server:
        yield server


def _window(qtbot: QtBot, services: Services) -> tuple[MainWindow, StatusPanel]:
    win = build_window(services)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    panel = win.findChild(StatusPanel)
    assert isinstance(panel, StatusPanel)
    assert services.live is not None
    assert services.live.active
    return win, panel


def _queue(win: MainWindow) -> QueueView:
    win.show_view("queue")
    page = win.view_widget("queue")
    assert isinstance(page, LazyView)
    view = page.view
    assert isinstance(view, QueueView)
    return view


def _rows(view: QueueView) -> dict[str, tuple[str, QModelIndex]]:
    """First line of each loaded row -> (its Status cell, its index)."""
    model = view.model
    out = {}
    for r in range(model.rowCount()):
        row = model.index(r, 0).data(QueueRole.ROW)
        assert isinstance(row, QueueRow)
        out[row.body.splitlines()[0]] = (str(model.index(r, QueueColumn.STATUS).data()), model.index(r, 0))
    return out


def _status_of(view: QueueView, text: str) -> str:
    found = _rows(view).get(text)
    return found[0] if found else ""


def _labels(view: QueueView, text: str) -> list[str]:
    return [label for label, _ in view.actions_at(_rows(view)[text][1])]


def _selected_text(view: QueueView) -> str:
    rows = view.table.selectionModel().selectedRows()
    return str(rows[0].data(QueueRole.ROW).body) if rows else ""


def _soon(minutes: int = 5) -> str:
    """An ISO time a few minutes on that stays in this month (the calendar shows the month)."""
    when = now_utc() + timedelta(minutes=minutes)
    if when.month != now_utc().month:
        when = now_utc() + timedelta(seconds=30)
    return when.strftime("%Y-%m-%dT%H:%M:%S")


def test_queue_table_and_status_bar_follow_the_command_line(qtbot: QtBot, services: Services) -> None:
    store = _store(services)
    store.posts.create(
        NewPost("Demo post without an account", (), {}, now_utc() + timedelta(days=1)), PostStatus.SCHEDULED
    )
    win, panel = _window(qtbot, services)
    assert panel.next_label.text() == "1 scheduled, no account to post to"
    queue = _queue(win)
    queue.show_table()
    queue.table.selectRow(0)
    assert _selected_text(queue) == "Demo post without an account"

    studio("accounts", "add", "instagram", "--name", "it-insta")
    qtbot.waitUntil(lambda: "no account to post to" not in panel.next_label.text(), timeout=1000)
    assert panel.next_label.text() == "1 scheduled post without accounts chosen"

    studio(
        "queue", "add", "--account", "it-insta", "--text", "Library hours change",
        "--image", str(PICTURE), "--alt", "A LEGO figure at the help desk",
    )  # fmt: skip
    qtbot.waitUntil(lambda: _status_of(queue, "Library hours change") == "Queued", timeout=1000)
    assert _selected_text(queue) == "Demo post without an account"  # the selection stayed on its row
    qtbot.waitUntil(lambda: panel.next_label.text() == "Next: now · it-insta", timeout=1000)

    studio("publish-due")  # Instagram has no API: the post is handed off to a ready folder
    qtbot.waitUntil(lambda: _status_of(queue, "Library hours change") == "Handed off", timeout=1000)
    assert any(label.startswith("Mark as posted") for label in _labels(queue, "Library hours change"))
    assert _selected_text(queue) == "Demo post without an account"
    qtbot.waitUntil(lambda: not panel.next_label.text().startswith("Next:"), timeout=1000)
    assert win.current_view == "queue"


def test_an_outage_opened_elsewhere_shows_held_posts_everywhere(
    qtbot: QtBot, services: Services, mastodon: MastodonServer
) -> None:
    store = _store(services)
    studio(
        "accounts", "add", "mastodon", "--name", "it-masto", "--instance", mastodon.url, "--secret-stdin",
        stdin="test-token",
    )  # fmt: skip
    [account] = store.accounts.list()
    promo = store.posts.create(
        NewPost("Open day on Saturday", (account.id,), {}, datetime.fromisoformat(_soon(60) + "+00:00")),
        PostStatus.SCHEDULED,
    )
    win, panel = _window(qtbot, services)
    queue = _queue(win)  # the calendar, as the view opens
    qtbot.waitUntil(lambda: queue.calendar.chip_for(promo.id) is not None, timeout=1000)

    studio(
        "incident", "open", "--service", "Campus Wi-Fi", "--impact", "No Wi-Fi in the library",
        "--account", "it-masto", "--no-card",
    )  # fmt: skip
    qtbot.waitUntil(lambda: _chip_word(queue, promo.id) == HELD, timeout=1000)
    qtbot.waitUntil(lambda: panel.held_label.text() == "1 held (outage on Campus Wi-Fi)", timeout=1000)
    assert panel.held_label.isVisible()
    assert "publisher sends it next" not in panel.next_label.text()

    studio("queue", "add", "--account", "it-masto", "--text", "Coffee with IT", "--at", _soon(90))
    qtbot.waitUntil(lambda: _find_chip(queue, "Coffee with IT"), timeout=1000)  # a new chip, queued

    win.show_view("incidents")  # (a hidden view reads the store when shown; the next change is live)
    page = win.view_widget("incidents")
    assert isinstance(page, LazyView)
    incidents = page.view
    assert isinstance(incidents, IncidentsView)
    assert incidents.held.list.count() == 1
    studio("publish-due")  # the update goes out to the loopback server; the outage holds the new promo
    qtbot.waitUntil(lambda: incidents.held.list.count() == 2, timeout=1000)
    assert "Coffee with IT" in incidents.held.list.item(1).text()
    qtbot.waitUntil(lambda: "sent http" in incidents.thread_list.item(0).text(), timeout=1000)
    assert next(s.text for s in mastodon.statuses()).startswith("We are investigating")
    qtbot.waitUntil(lambda: panel.held_label.text() == "2 held (outage on Campus Wi-Fi)", timeout=1000)

    queue = _queue(win)
    queue.show_table()
    studio("queue", "add", "--account", "it-masto", "--text", "Printing tips", "--at", _soon(120))
    qtbot.waitUntil(lambda: _status_of(queue, "Printing tips") == "Queued", timeout=1000)
    studio("publish-due")
    qtbot.waitUntil(lambda: _status_of(queue, "Printing tips") == HELD, timeout=1000)
    assert _status_of(queue, "Open day on Saturday") == HELD
    assert _status_of(queue, "Coffee with IT") == HELD


def _find_chip(view: QueueView, text: str) -> bool:
    return any(c.text == text for cell in view.calendar.cells for c in cell.chips)


def _chip_word(view: QueueView, post_id: int) -> str:
    chip = view.calendar.chip_for(post_id)
    return chip.status_text if chip is not None else ""
