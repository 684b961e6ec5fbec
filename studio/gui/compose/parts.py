"""Small pieces of the Compose view's frame: its heading, the network chips, and its shortcuts."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.gui.compose.engine import TextEngine, Utf16Map
from studio.gui.flow import FlowLayout
from studio.gui.workers import Workers
from studio.platforms import NETWORKS

if TYPE_CHECKING:
    from studio.gui.compose.view import ComposeView

__all__ = [
    "column",
    "compose_shortcuts",
    "heading",
    "network_chips",
    "panes",
    "select_finding",
    "shortcuts",
    "tab_chain",
    "tab_stops",
    "warm_engine",
]


def heading() -> tuple[QHBoxLayout, QLabel, QLabel]:
    """The title with the "Saved 14:02" label on its right, and the subtitle: (row, saved, subtitle)."""
    title = QLabel("Compose")
    title.setObjectName("ViewTitle")
    saved = QLabel("")
    saved.setObjectName("ViewSubtitle")
    saved.setAccessibleName("When the draft was last saved")
    row = QHBoxLayout()
    row.addWidget(title)
    row.addStretch(1)
    row.addWidget(saved)
    subtitle = QLabel(
        "One text, counted by each network's own rules as you type; a tab per network for its own text."
    )
    subtitle.setObjectName("ViewSubtitle")
    subtitle.setWordWrap(True)  # a narrow window wraps it rather than growing wider
    return row, saved, subtitle


def network_chips(
    networks: Sequence[str], toggled: Callable[[bool], None]
) -> tuple[FlowLayout, dict[str, QToolButton]]:
    """A checkable chip per network (those in `networks` on), wrapping on narrow windows."""
    row = FlowLayout(spacing=6)  # wraps on narrow windows instead of forcing a wide minimum
    chips: dict[str, QToolButton] = {}
    for network in NETWORKS:
        chip = QToolButton()
        chip.setObjectName("NetworkChip")
        chip.setText(network.name)
        chip.setCheckable(True)
        chip.setChecked(network.id in networks)
        chip.setAccessibleName(f"Count for {network.name}")
        chip.setToolTip(f"Show the {network.name} counter ({network.limit:,} limit)")
        chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        chip.toggled.connect(toggled)
        chips[network.id] = chip
        row.addWidget(chip)
    return row, chips


def compose_shortcuts(view: ComposeView) -> list[QShortcut]:
    """Ctrl+N new, Ctrl+S save, Ctrl+Enter schedule, Ctrl+(Shift+)Tab preview tabs, Ctrl+P preview, Ctrl+E
    export."""
    preview = view.preview
    return shortcuts(
        view,
        (
            (QKeySequence.StandardKey.New, view.new_post),
            (QKeySequence.StandardKey.Save, view.save_now),
            ("Ctrl+Return", view.request_schedule),
            ("Ctrl+Enter", view.request_schedule),
            ("Ctrl+Tab", lambda: preview.step_tab(1)),
            ("Ctrl+Shift+Tab", lambda: preview.step_tab(-1)),
            ("Ctrl+Shift+Backtab", lambda: preview.step_tab(-1)),  # X11's Ctrl+Shift+Tab
            ("Ctrl+P", view.toggle_preview),
            ("Ctrl+E", view.export_images),
        ),
    )


def shortcuts(
    owner: QWidget, actions: Sequence[tuple[QKeySequence.StandardKey | str, Callable[[], object]]]
) -> list[QShortcut]:
    """Window-wide shortcuts on `owner` (they work wherever the focus is in the window)."""
    made = []
    for keys, action in actions:
        shortcut = QShortcut(QKeySequence(keys), owner)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(action)
        made.append(shortcut)
    return made


def select_finding(editor: QPlainTextEdit, start: int, end: int) -> None:
    """Select a finding's characters (indexes into the text, not Qt's UTF-16) and put the focus there."""
    utf16 = Utf16Map(editor.toPlainText())
    cursor = editor.textCursor()
    cursor.setPosition(utf16.to_utf16(start))
    cursor.setPosition(utf16.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.setFocus()


def column(top: QWidget, main: QWidget) -> QWidget:
    """`top` over `main`, which takes the height."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(top)
    layout.addWidget(main, 1)
    return box


def panes(writing: QWidget, side: QWidget, preview: QWidget) -> QSplitter:
    """Writing, the counters and findings, and the preview, side by side; none can be collapsed away."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setObjectName("compose")
    splitter.setChildrenCollapsible(False)
    splitter.setHandleWidth(8)
    for index, (pane, stretch) in enumerate(((writing, 3), (side, 2), (preview, 3))):
        splitter.addWidget(pane)
        splitter.setStretchFactor(index, stretch)
    splitter.setSizes([460, 260, 420])
    return splitter


def warm_engine(workers: Workers, engine: TextEngine) -> None:
    """In the pool: compile the link pattern and load the checks and splitter, which load lazily."""

    def warm() -> None:
        engine.count_all("https://example.edu")
        _ = engine.check, engine.split

    workers.task(warm).run()


def tab_stops(view: ComposeView) -> list[QWidget]:
    """Compose's Tab order: down the writing column (text, tools, pictures, their fields), then the checks."""
    media = view.media
    pictures = []
    if media is not None:
        pictures = [media.add_button, media.remove_button, media.list, media.focus_picker, media.kind]
        pictures += [media.template, media.caption, media.alt]
    return [view.texts.tabs, view.editor, *view.insert.buttons, *pictures, view.finding_list]


def tab_chain(widgets: Sequence[QWidget]) -> None:
    """Tab visits these widgets in this order (hidden ones are skipped by Qt)."""
    for before, after in itertools.pairwise(widgets):
        QWidget.setTabOrder(before, after)
