"""The main window: sidebar, the stacked views, the message bar and the status bar. It only arranges."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QByteArray, QItemSelection, Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.gui.messagebar import MessageBar
from studio.gui.messages import Level, Message, MessageBridge
from studio.gui.settings import WindowSettings
from studio.gui.sidebar import SidebarModel, SidebarRole, SidebarView, ViewEntry
from studio.gui.theme import Theme

__all__ = ["MainWindow"]


class MainWindow(QMainWindow):
    """Studio's main window; views and services come in through the constructor."""

    def __init__(
        self,
        views: Sequence[tuple[ViewEntry, QWidget]],
        theme: Theme,
        messages: MessageBridge,
        settings: WindowSettings,
        workspace: Path,
        on_close: Callable[[WindowSettings], None] | None = None,
        status: QWidget | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Studio")
        self.setWindowIcon(theme.icon("studio", size=64))
        self.setAccessibleName("Studio main window")
        self._settings = settings
        self._on_close = on_close
        self._entries = [entry for entry, _ in views]

        self.sidebar_model = SidebarModel(self._entries, [theme.icon(e.icon) for e in self._entries])
        self.sidebar = SidebarView(self.sidebar_model)
        pane = QWidget()
        pane.setObjectName("SidebarPane")
        pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(0, 0, 0, 12)
        pane_layout.setSpacing(0)
        title = QLabel("Studio")
        title.setObjectName("SidebarTitle")
        subtitle = QLabel(f"Workspace · {workspace.name}")
        subtitle.setObjectName("SidebarSubtitle")
        subtitle.setToolTip(f"The workspace this window works on: {workspace}")
        pane_layout.addWidget(title)
        pane_layout.addWidget(subtitle)
        pane_layout.addWidget(self.sidebar, 1)
        pane.setMinimumWidth(190)

        self.stack = QStackedWidget()
        self.stack.setAccessibleName("Current view")
        for _, widget in views:
            self.stack.addWidget(widget)

        self.message_bar = MessageBar(theme)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(24, 16, 24, 12)
        content_layout.setSpacing(10)
        content_layout.addWidget(self.message_bar)
        content_layout.addWidget(self.stack, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(pane)
        self.splitter.addWidget(content)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([220, 980])
        self.setCentralWidget(self.splitter)

        self.status_label = QLabel("Ready")
        self.status_label.setAccessibleName("Status")
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().setSizeGripEnabled(False)
        if status is not None:  # online/offline, next due, last error (studio.gui.statusbar)
            self.statusBar().addPermanentWidget(status)

        self.sidebar.selectionModel().selectionChanged.connect(self._on_sidebar_selection_changed)
        messages.posted.connect(self._on_messages_posted)
        self._shortcuts = self._make_shortcuts()
        room = self.screen().availableGeometry()  # a small laptop screen gets a window that fits it
        self.resize(min(1200, room.width()), min(760, room.height()))
        self._restore(settings)

    # --- views -------------------------------------------------------------------------------------------
    @property
    def current_view(self) -> str:
        """The id of the view on show."""
        return self._entries[self.stack.currentIndex()].id

    def show_view(self, view_id: str) -> None:
        """Switch to a view by id (unknown ids are ignored: they may come from an older settings file)."""
        row = self.sidebar_model.row_of(view_id)
        if row >= 0:
            self.sidebar.setCurrentIndex(self.sidebar_model.index(row))

    def view_widget(self, view_id: str) -> QWidget:
        """The widget of a view."""
        widget = self.stack.widget(self.sidebar_model.row_of(view_id))
        if widget is None:
            raise KeyError(view_id)
        return widget

    @Slot(QItemSelection, QItemSelection)
    def _on_sidebar_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        self.stack.setCurrentIndex(indexes[0].row())
        view_id = self.sidebar_model.data(indexes[0], SidebarRole.VIEW_ID)
        self._settings_last_view = str(view_id)

    def _make_shortcuts(self) -> list[QShortcut]:
        shortcuts = []
        for entry in self._entries:
            shortcut = QShortcut(QKeySequence(entry.shortcut), self)
            shortcut.activated.connect(lambda view_id=entry.id: self.show_view(view_id))
            shortcuts.append(shortcut)
        close = QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self)
        close.activated.connect(self.close)
        focus_sidebar = QShortcut(QKeySequence("Ctrl+0"), self)
        focus_sidebar.activated.connect(self.sidebar.setFocus)
        dismiss = QShortcut(QKeySequence("Esc"), self.message_bar)
        dismiss.setContext(Qt.ShortcutContext.WindowShortcut)
        dismiss.activated.connect(self.message_bar.hide)
        return [*shortcuts, close, focus_sidebar, dismiss]

    # --- messages ----------------------------------------------------------------------------------------
    @Slot(object)
    def _on_messages_posted(self, message: Message) -> None:
        if message.level is Level.INFO and message.action is None:
            self.status_label.setText(message.text)
        else:
            self.message_bar.show_message(message)

    def offer(self, message: Message, label: str, action: Callable[[], None]) -> None:
        """Show a message with one action button (e.g. the previous run's crash report)."""
        self.message_bar.show_message(message, (label, action))

    # --- settings ----------------------------------------------------------------------------------------
    def _restore(self, settings: WindowSettings) -> None:
        if settings.geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.geometry.encode("ascii")))
        for splitter in self.findChildren(QSplitter):
            sizes = settings.splitters.get(splitter.objectName())
            if sizes and len(sizes) == splitter.count() and all(s >= 0 for s in sizes):
                splitter.setSizes(sizes)
        self._settings_last_view = self._entries[0].id
        self.show_view(settings.last_view if self.sidebar_model.row_of(settings.last_view) >= 0 else "")
        if self.sidebar_model.row_of(settings.last_view) < 0:
            self.sidebar.setCurrentIndex(self.sidebar_model.index(0))

    def current_settings(self) -> WindowSettings:
        """What to remember: geometry, splitter sizes, the view on show; other fields pass through."""
        return replace(
            self._settings,
            geometry=bytes(self.saveGeometry().toBase64().data()).decode("ascii"),
            splitters={s.objectName(): s.sizes() for s in self.findChildren(QSplitter) if s.objectName()},
            last_view=self._settings_last_view,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._on_close is not None:
            self._on_close(self.current_settings())
        super().closeEvent(event)
