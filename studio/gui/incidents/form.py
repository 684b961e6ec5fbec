"""The "New incident" form: service, impact, kind, accounts, status page, next update (Ctrl+Return)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.platforms import network_by_id
from studio.store import Account
from studio.workflows import IncidentKind, IncidentRequest

__all__ = ["NewIncidentForm"]


class NewIncidentForm(QWidget):
    """Asks for what an incident needs; emits the request, the view posts it.

    Signals:
        submitted(IncidentRequest): the user asked to open the incident and post its first update.
        cancelled(): the user left the form.
    """

    submitted = Signal(object)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NewIncidentForm")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("New incident")
        title.setObjectName("SectionTitle")
        layout.addWidget(title)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.service = QLineEdit()
        self.service.setPlaceholderText("Campus Wi-Fi")
        self.service.setAccessibleName("Service")
        self.impact = QLineEdit()
        self.impact.setPlaceholderText("no connection in the library")
        self.impact.setAccessibleName("Impact: what people notice")
        self.kind = QComboBox()
        self.kind.addItem("Outage (unplanned)", IncidentKind.OUTAGE)
        self.kind.addItem("Planned maintenance", IncidentKind.MAINTENANCE)
        self.kind.setAccessibleName("Kind")
        self.accounts = QListWidget()
        self.accounts.setAccessibleName("Accounts to post to")
        self.accounts.setMaximumHeight(120)
        self.status_url = QLineEdit()
        self.status_url.setPlaceholderText("https://status.example.edu")
        self.status_url.setAccessibleName("Status page")
        self.next_update = QSpinBox()
        self.next_update.setRange(0, 24 * 60)
        self.next_update.setSingleStep(5)
        self.next_update.setValue(30)
        self.next_update.setSuffix(" min")
        self.next_update.setSpecialValueText("no promise")
        self.next_update.setAccessibleName("Next update in minutes")
        form.addRow("&Service", self.service)
        form.addRow("&Impact", self.impact)
        form.addRow("&Kind", self.kind)
        form.addRow("&Accounts", self.accounts)
        form.addRow("Status &page", self.status_url)
        form.addRow("&Next update in", self.next_update)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setObjectName("FormProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel = QPushButton("Cancel")
        self.cancel.clicked.connect(self.cancelled.emit)
        self.open_button = QPushButton("Open and post first update")
        self.open_button.setDefault(True)
        self.open_button.setToolTip("Posts the first update to every chosen account now (Ctrl+Return)")
        self.open_button.clicked.connect(self._on_open_clicked)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        submit = QShortcut(QKeySequence("Ctrl+Return"), self)
        submit.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        submit.activated.connect(self._on_open_clicked)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)

    def set_accounts(self, accounts: Sequence[Account]) -> None:
        """Offer these accounts; the ones ticked before stay ticked."""
        ticked = set(self.chosen_accounts())
        self.accounts.clear()
        for account in accounts:
            item = QListWidgetItem(f"{account.name} · {network_by_id(account.network).name}")
            item.setData(Qt.ItemDataRole.UserRole, account.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = account.name in ticked or not ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.accounts.addItem(item)

    def chosen_accounts(self) -> list[str]:
        """The names of the ticked accounts, in list order."""
        out = []
        for row in range(self.accounts.count()):
            item = self.accounts.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def request(self) -> IncidentRequest:
        """What the form says, as the workflow takes it (the workflow checks it)."""
        kind = IncidentKind(self.kind.currentData())
        return IncidentRequest(
            service=self.service.text(),
            impact=self.impact.text(),
            account_names=tuple(self.chosen_accounts()),
            kind=kind,
            status_url=self.status_url.text(),
            next_update_minutes=self.next_update.value(),
        )

    def reset(self) -> None:
        """Empty the form for the next incident and put the cursor in the first field."""
        for field in (self.service, self.impact, self.status_url):
            field.clear()
        self.show_problem("")
        self.service.setFocus()

    def show_problem(self, text: str) -> None:
        """Say what is wrong with the form (empty: nothing)."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def set_busy(self, busy: bool) -> None:
        """While posting, the button cannot be pressed twice."""
        self.open_button.setEnabled(not busy)
        self.open_button.setText("Posting…" if busy else "Open and post first update")

    @Slot()
    def _on_open_clicked(self) -> None:
        if self.open_button.isEnabled():
            self.submitted.emit(self.request())

    @Slot(int)
    def _on_kind_changed(self, _index: int) -> None:
        # An announcement promises no next update by default; an outage one in half an hour.
        outage = self.kind.currentData() == IncidentKind.OUTAGE
        self.next_update.setValue(30 if outage else 0)
