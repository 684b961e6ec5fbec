"""Compose's side panel: characters left per network, the content checks, and the text split into a thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, QStringListModel, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLabel, QListView, QVBoxLayout, QWidget

from studio.gui.compose.counters import CounterDelegate, CountersModel
from studio.gui.compose.engine import FindingLike, TextEngine
from studio.gui.compose.findings import FindingsModel
from studio.gui.theme import Theme
from studio.gui.workers import Workers
from studio.platforms import network_by_id

__all__ = ["SidePanel"]


class SidePanel(QFrame):
    """The three lists beside the editor; the Compose view decides what they show."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._overflow_network: str | None = None
        self.counters = CountersModel(self)
        self.counter_list = _side_list(self.counters, "Counters per network", wrap=False)
        self.counter_list.setItemDelegate(CounterDelegate(theme, self.counter_list))
        self.counter_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.counter_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # read-only: hovering shows the details
        colours = {"error": theme.palette.danger, "warning": theme.palette.warning}

        def icon(severity: str) -> QIcon:
            return theme.icon(severity, colours.get(severity, theme.palette.accent), 16)

        self.findings = FindingsModel(self, icon)
        self.finding_list = _side_list(self.findings, "Content checks", wrap=True)
        self.no_findings = QLabel("Nothing to point out.")
        self.no_findings.setObjectName("ViewSubtitle")
        self.thread_title = QLabel("")
        self.thread_title.setObjectName("SectionTitle")
        self.thread_parts = QStringListModel(self)
        self.thread_list = _side_list(self.thread_parts, "The post split into a thread", wrap=True)
        self.thread_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(_section("Characters left"))
        layout.addWidget(self.counter_list, 3)
        layout.addWidget(_section("Checks"))
        layout.addWidget(self.no_findings)
        layout.addWidget(self.finding_list, 2)
        layout.addWidget(self.thread_title)
        layout.addWidget(self.thread_list, 2)
        self.show_thread("", [])

    def show_findings(self, found: Sequence[FindingLike]) -> None:
        self.findings.set_findings(found)
        self.no_findings.setVisible(not found)
        self.finding_list.setVisible(bool(found))

    def follow_overflow(
        self,
        workers: Workers,
        engine: TextEngine,
        text: str,
        network: str | None,
        failed: Callable[[BaseException], None],
    ) -> None:
        """When the text is too long for `network`, show it as that network's thread (split in the pool)."""
        self._overflow_network = network
        if network is None:
            self.show_thread("", [])
            return
        workers.task(engine.split, text, network, numbering=True).on_success(
            lambda parts: self._on_split(network, parts)
        ).on_failure(failed).latest(f"compose-thread-{id(self)}").run()

    def _on_split(self, network: str, parts: list[str]) -> None:
        if network == self._overflow_network:  # else the text changed network meanwhile
            self.show_thread(network_by_id(network).name, parts)

    def show_thread(self, network_name: str, parts: list[str]) -> None:
        """The text as `network_name`'s thread; no parts hides the section."""
        self.thread_parts.setStringList(parts)
        self.thread_title.setText(f"As a thread on {network_name}: {len(parts)} posts" if parts else "")
        self.thread_title.setVisible(bool(parts))
        self.thread_list.setVisible(bool(parts))


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("SectionTitle")
    return label


def _side_list(model: QAbstractItemModel, name: str, *, wrap: bool) -> QListView:
    """A list in the side panel: no sideways scrolling; wrapped lines re-wrap when the panel is resized."""
    view = QListView()
    view.setObjectName("List")
    view.setModel(model)
    view.setAccessibleName(name)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    if wrap:
        view.setWordWrap(True)
        view.setResizeMode(QListView.ResizeMode.Adjust)
    return view
