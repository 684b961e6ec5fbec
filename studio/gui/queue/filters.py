"""The queue's filter bar: status, network, account and a text search, giving one `QueueFilter`."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from studio.platforms import NETWORKS
from studio.store import Store
from studio.store.schedule import QueueFilter

__all__ = ["STATUS_CHOICES", "FilterBar"]

# What the status box offers: a label and the status words it stands for (empty: any).
STATUS_CHOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("All statuses", ()),
    ("Needs attention", ("failed", "missed", "held", "retrying", "handed_off")),
    ("Queued", ("queued",)),
    ("Held", ("held",)),
    ("Retrying", ("retrying",)),
    ("Failed", ("failed",)),
    ("Missed", ("missed",)),
    ("Handed off", ("handed_off",)),
    ("Sent", ("sent",)),
    ("Drafts and review", ("draft", "in_review", "approved")),
    ("Cancelled", ("cancelled",)),
)
_TYPING_PAUSE_MS = 250  # search once the user pauses, not on every key


class FilterBar(QWidget):
    """Filter widgets; a change re-queries the store through the view.

    Signals:
        changed(QueueFilter): the filter the user set.
    """

    changed = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = QComboBox()
        self.status.setAccessibleName("Filter by status")
        for label, words in STATUS_CHOICES:
            self.status.addItem(label, words)
        self.network = QComboBox()
        self.network.setAccessibleName("Filter by network")
        self.network.addItem("All networks", "")
        for network in NETWORKS:
            self.network.addItem(network.name, network.id)
        self.account = QComboBox()
        self.account.setAccessibleName("Filter by account")
        self.refresh_accounts()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search posts and accounts")
        self.search.setAccessibleName("Search posts and accounts")
        self.search.setClearButtonEnabled(True)
        for box in (self.status, self.network, self.account):
            # long account names must not set the window's minimum width
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(10)
            layout.addWidget(box)
            box.currentIndexChanged.connect(self._on_box_current_index_changed)
        layout.addWidget(self.search, 1)
        self._pause = QTimer(self)
        self._pause.setObjectName("search pause")
        self._pause.setSingleShot(True)
        self._pause.setInterval(_TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._emit)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._emit)

    def refresh_accounts(self) -> None:
        """Offer the workspace's accounts as they are now (keeping the one chosen, if it still exists)."""
        chosen = self.account.currentData()
        self.account.blockSignals(True)
        self.account.clear()
        self.account.addItem("All accounts", 0)
        for account in self._store.accounts.list():
            self.account.addItem(account.name, account.id)
        found = self.account.findData(chosen)
        self.account.setCurrentIndex(max(found, 0))
        self.account.blockSignals(False)

    def current(self) -> QueueFilter:
        """The filter the widgets show."""
        network = str(self.network.currentData() or "")
        account = int(self.account.currentData() or 0)
        return QueueFilter(
            statuses=tuple(self.status.currentData() or ()),
            networks=(network,) if network else (),
            account_ids=(account,) if account else (),
            text=self.search.text().strip(),
        )

    @Slot(int)
    def _on_box_current_index_changed(self, _index: int) -> None:
        self._emit()

    @Slot(str)
    def _on_search_text_changed(self, _text: str) -> None:
        self._pause.start()

    @Slot()
    def _emit(self) -> None:
        self._pause.stop()
        self.changed.emit(self.current())
