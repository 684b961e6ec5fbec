"""Text per network: "All networks" plus a tab per chosen network, which reads "same as all" until edited.

The editor shows the text of the current tab. Typing on a network's tab gives that network its own text
(shorter for X, other hashtags for Bluesky, a long form for LinkedIn); "Use the main text" drops it again.
The tabs keep the texts; the Compose view moves the editor's text in and out of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabBar, QVBoxLayout, QWidget

from studio.platforms import network_by_id

__all__ = ["ALL", "NetworkTexts"]

ALL = ""  # the id of the "All networks" tab


class NetworkTexts(QWidget):
    """The tab bar over the editor, and the texts behind it.

    Signals:
        switched(): another tab is current; the editor should show `current_text()`.
        reset(): the current network's own text was dropped; the editor should show the main text.
    """

    switched = Signal()
    reset = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.main = ""
        self.own: dict[str, str] = {}
        self._networks: list[str] = []
        self.tabs = QTabBar()
        self.tabs.setObjectName("NetworkTextTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setAccessibleName("Text for all networks, or for one network")
        self.tabs.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.hint = QLabel("")
        self.hint.setObjectName("ViewSubtitle")
        self.hint.setWordWrap(True)
        self.use_main = QPushButton("Use the main text")
        self.use_main.setToolTip("Drop this network's own text: it gets the text of All networks again")
        self.use_main.clicked.connect(self._on_use_main_clicked)
        self._hint_row = QWidget()
        hint_layout = QHBoxLayout(self._hint_row)
        hint_layout.setContentsMargins(0, 0, 0, 0)
        hint_layout.addWidget(self.hint, 1)
        hint_layout.addWidget(self.use_main)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.tabs)
        layout.addWidget(self._hint_row)
        self._rebuild()

    # --- what the Compose view asks ------------------------------------------------------------------

    @property
    def current(self) -> str:
        """The network of the current tab; ALL for "All networks"."""
        index = self.tabs.currentIndex()
        return str(self.tabs.tabData(index) or ALL) if index >= 0 else ALL

    def current_text(self) -> str:
        """The text the editor should show: the main text, or the current network's own (else the main)."""
        return self.text_on(self.current) if self.current else self.main

    def text_on(self, network: str) -> str:
        """The text `network` gets."""
        return self.own.get(network) or self.main

    def text_for(self) -> dict[str, str]:
        """The networks' own texts, for saving (networks no longer chosen keep theirs: nothing is lost)."""
        return dict(self.own)

    def networks_on_main(self) -> list[str]:
        """The chosen networks that get the main text."""
        return [n for n in self._networks if n not in self.own]

    def set_networks(self, networks: Sequence[str]) -> None:
        """A tab per chosen network, in this order."""
        self._networks = list(networks)
        self._rebuild()

    def load(self, main: str, own: Mapping[str, str]) -> None:
        """Show another post's texts, on the "All networks" tab."""
        self.main, self.own = main, {n: t for n, t in own.items() if t.strip()}
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(0)
        self.tabs.blockSignals(False)
        self._rebuild()

    def take(self, text: str) -> None:
        """The editor's text changed on the current tab: keep it where it belongs."""
        network = self.current
        if not network:
            self.main = text
        elif text == self.main or not text.strip():
            self.own.pop(network, None)  # the same as all again (or emptied): no text of its own
        else:
            self.own[network] = text
        self._label_tabs()

    # --- inside ---------------------------------------------------------------------------------------

    def _rebuild(self) -> None:
        current = self.current
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        self.tabs.addTab("All networks")
        self.tabs.setTabData(0, ALL)
        for network in self._networks:
            index = self.tabs.addTab(network_by_id(network).name)
            self.tabs.setTabData(index, network)
        ids = [ALL, *self._networks]
        self.tabs.setCurrentIndex(ids.index(current) if current in ids else 0)
        self.tabs.blockSignals(False)
        self._label_tabs()
        if self.current != current:
            self.switched.emit()

    def _label_tabs(self) -> None:
        for index in range(1, self.tabs.count()):
            network = str(self.tabs.tabData(index))
            name = network_by_id(network).name
            own = network in self.own
            self.tabs.setTabText(index, f"{name} · own text" if own else name)
            self.tabs.setTabToolTip(index, f"{name} gets its own text" if own else f"{name}: same as all")
        network = self.current
        self._hint_row.setVisible(bool(network))
        if network:
            name = network_by_id(network).name
            own = network in self.own
            self.hint.setText(
                f"{name} gets its own text."
                if own
                else f"Same as all: type here to give {name} its own text."
            )
            self.use_main.setVisible(own)

    @Slot(int)
    def _on_tabs_current_changed(self, _index: int) -> None:
        self._label_tabs()
        self.switched.emit()

    @Slot()
    def _on_use_main_clicked(self) -> None:
        self.own.pop(self.current, None)
        self._label_tabs()
        self.reset.emit()
