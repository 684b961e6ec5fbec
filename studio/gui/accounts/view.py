"""The Accounts view: the table of accounts with add, remove, check now and reconnect.

Every action is a core call (`studio.workflows.accounts`, `studio.publish.health`) run off the UI thread;
credentials go from the secret field straight to the keyring and are never shown, stored or logged. A new
or reconnected credential is checked with its server at once; when the server cannot be reached the account
reads "Not verified yet (offline)", never "Connected".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.errors import UserError
from studio.gui.accounts import calls
from studio.gui.accounts.model import AccountColumn, AccountsModel
from studio.gui.empty import EmptyState
from studio.gui.messages import MessageBridge
from studio.gui.theme import Theme
from studio.gui.workers import Workers
from studio.platforms import network_by_id
from studio.secrets import CredentialStore
from studio.store import Account, Store

if TYPE_CHECKING:  # the forms load when first opened, not at app start
    from studio.gui.accounts.dialogs import AddAccountDialog, ReconnectDialog
    from studio.gui.accounts.signin import SignInFlow
    from studio.publish.health import AccountCheck
    from studio.workflows.accounts import Added

__all__ = ["AccountsView"]


def _open_in_browser(url: str) -> bool:
    return QDesktopServices.openUrl(QUrl(url))


class AccountsView(QWidget):
    """Who owns which account, which ones need reconnecting, and the buttons to change that."""

    def __init__(
        self,
        store: Store,
        credentials: CredentialStore,
        theme: Theme,
        workers: Workers,
        messages: MessageBridge,
        parent: QWidget | None = None,
        *,
        open_url: Callable[[str], bool] = _open_in_browser,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._credentials = credentials
        self._workers = workers
        self._messages = messages
        self._open_url = open_url  # the browser, for signing in; a test gives a stand-in
        self.sign_in: SignInFlow | None = None
        self.dialog: AddAccountDialog | ReconnectDialog | None = None
        self.checking = False
        self.confirm: QMessageBox | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Accounts")
        title.setObjectName("ViewTitle")
        subtitle = QLabel("Passwords and tokens live in the system keyring, never in Studio's files.")
        subtitle.setObjectName("ViewSubtitle")
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addLayout(self._make_toolbar())
        self.model = AccountsModel(store, theme.palette.danger)
        theme.changed.connect(lambda palette: self.model.set_attention(palette.danger))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Accounts")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        widths = {
            AccountColumn.NAME: 180,
            AccountColumn.NETWORK: 100,
            AccountColumn.HANDLE: 220,
            AccountColumn.OWNER: 140,
        }
        if self.model.team:  # which laptops can publish: a team's question only
            widths[AccountColumn.STATE] = 200
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        self.table.setColumnHidden(AccountColumn.PUBLISHERS, not self.model.team)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.empty = EmptyState(
            theme.icon("accounts", "accent", 36),
            "No accounts yet",
            "Add the team's network accounts with Add account: who owns each one, and whether it needs "
            "reconnecting. Tokens and app passwords go to the system keyring.",
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.table)
        layout.addWidget(self.pages, 1)
        self._show_page()
        self._update_buttons()

    def _make_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.add_button = QPushButton("&Add account…")
        self.add_button.setToolTip("Add a network account; its credential goes to the system keyring")
        self.check_button = QPushButton("&Check now")
        self.check_button.setToolTip("Ask each network whether the stored credential still works")
        self.reconnect_button = QPushButton("&Reconnect…")
        self.reconnect_button.setToolTip("Give the selected account a new token or app password")
        self.remove_button = QPushButton("Re&move…")
        self.remove_button.setToolTip("Remove the selected account and its keyring entry")
        for button in (self.add_button, self.check_button, self.reconnect_button, self.remove_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            bar.addWidget(button)
        bar.addStretch(1)
        self.add_button.clicked.connect(self.add_account)
        self.check_button.clicked.connect(self.check_now)
        self.reconnect_button.clicked.connect(self.reconnect_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        return bar

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: the last sync's answer on who can publish (a local read, never the network)."""
        self.model.refresh_publishers()
        super().showEvent(event)

    # --- selection -----------------------------------------------------------------------------------------
    def selected(self) -> Account | None:
        """The account selected in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.account(rows[0].row()) if rows else None

    def select(self, account_id: int) -> None:
        row = self.model.row_of(account_id)
        if row >= 0:
            self.table.selectRow(row)

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        account = self.selected()
        self.remove_button.setEnabled(account is not None)
        self.reconnect_button.setEnabled(account is not None and network_by_id(account.network).has_api)
        self.check_button.setEnabled(self.model.rowCount() > 0 and not self.checking)

    def _show_page(self) -> None:
        self.pages.setCurrentWidget(self.table if self.model.rowCount() else self.empty)

    # --- add -----------------------------------------------------------------------------------------------
    @Slot()
    def add_account(self) -> AddAccountDialog:
        """Open the add form (window-modal, not blocking); returns it."""
        from studio.gui.accounts.dialogs import AddAccountDialog

        dialog = AddAccountDialog(self)
        dialog.submitted.connect(lambda: self._on_add_submitted(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_add_submitted(self, dialog: AddAccountDialog) -> None:
        if dialog.uses_browser():
            if self.sign_in is None:
                from studio.gui.accounts.signin import SignInFlow

                self.sign_in = SignInFlow(
                    self._store, self._credentials, self._workers, self._open_url, self._added, self
                )
            self.sign_in.start(dialog)
            return

        def failed(error: BaseException) -> None:
            if not isinstance(error, UserError):
                raise error
            dialog.show_error(error)

        self._workers.task(
            calls.add, self._store, self._credentials, dialog.new_account(), dialog.secret()
        ).on_success(lambda added: self._added(dialog, added)).on_failure(failed).run()

    def _added(self, dialog: AddAccountDialog, added: Added) -> None:
        account = added.account
        dialog.clear_secret()
        dialog.accept()
        self.model.insert_account(account)
        if not added.verified:
            self.model.set_unverified(account.id, added.detail)
        self._show_page()
        self.select(account.id)
        if not added.verified:
            self._messages.warning(
                f"Added {account.name}. {added.detail}",
                "Studio keeps the credential; press Check now when the connection is back",
            )
            return
        where = " (its credential is in the system keyring)" if network_by_id(account.network).has_api else ""
        self._messages.info(f"Added {account.name}{where}")

    # --- remove --------------------------------------------------------------------------------------------
    @Slot()
    def remove_selected(self) -> QMessageBox | None:
        """Ask before removing the selected account; returns the question (window-modal, not blocking)."""
        account = self.selected()
        if account is None:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            f"Remove {account.name}?",
            f"Remove the {network_by_id(account.network).name} account {account.name}? Its keyring entry is "
            "deleted too. Posts already sent keep their history; waiting ones for it will not go out.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._remove(account) if button is remove else None)
        self.confirm = box
        box.open()
        return box

    def _remove(self, account: Account) -> None:
        def removed(result: tuple[Account, bool]) -> None:
            gone, had_entry = result
            self.model.remove_account(gone.id)
            self._show_page()
            self._update_buttons()
            note = " and its keyring entry" if had_entry else ""
            self._messages.info(f"Removed {gone.name}{note}")

        self._workers.task(calls.remove, self._store, self._credentials, account.name).on_success(
            removed
        ).on_failure(self._on_task_failed).run()

    # --- check ---------------------------------------------------------------------------------------------
    @Slot()
    def check_now(self) -> None:
        """Check every account with its network, off the UI thread."""
        self.checking = True
        self.check_button.setText("Checking…")
        self.check_button.setEnabled(False)

        def done(results: list[object]) -> None:
            self._checked()
            from studio.publish.health import AccountCheck

            checks = [r for r in results if isinstance(r, AccountCheck)]
            self._note_checked(checks)
            broken = [c.name for c in checks if c.needs_reconnect]
            refused = [c.name for c in checks if c.refused_new]
            unchecked = [f"{c.name}: {c.detail}" for c in checks if not c.checked]
            if broken:
                self._messages.warning(
                    f"{', '.join(broken)} {'needs' if len(broken) == 1 else 'need'} reconnecting",
                    "select it and press Reconnect",
                )
            if unchecked:
                self._messages.warning(f"Could not check {'; '.join(unchecked)}")
            if refused:
                self._messages.warning(
                    f"The network refused the new credential of {', '.join(refused)}; "
                    "the one before it is kept",
                    "reconnect with a new token or app password",
                )
            if not broken and not unchecked and not refused:
                self._messages.info(f"All {len(checks)} accounts are connected")

        def failed(error: BaseException) -> None:
            self._checked()
            self._on_task_failed(error)

        self._workers.task(calls.check, self._store, self._credentials).on_success(done).on_failure(
            failed
        ).run()

    def _checked(self) -> None:
        self.checking = False
        self.check_button.setText("&Check now")
        self.model.refresh_all()
        self._update_buttons()

    # --- reconnect -----------------------------------------------------------------------------------------
    @Slot()
    def reconnect_selected(self) -> ReconnectDialog | None:
        """Open the reconnect form for the selected account; returns it."""
        account = self.selected()
        if account is None or not network_by_id(account.network).has_api:
            return None
        from studio.gui.accounts.dialogs import ReconnectDialog

        dialog = ReconnectDialog(account, self)
        dialog.submitted.connect(lambda: self._on_reconnect_submitted(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_reconnect_submitted(self, dialog: ReconnectDialog) -> None:
        from studio.errors import InputError

        account = dialog.account
        secret = dialog.secret().strip()
        if not secret:
            dialog.show_error(InputError(_secret_what(account), "is empty", "paste the new credential"))
            return

        def done(result: tuple[object, list[int]]) -> None:
            from studio.publish.health import AccountCheck

            check, failed_posts = result
            assert isinstance(check, AccountCheck)
            self.model.refresh_account(account.id)
            if check.refused_new:
                dialog.show_error(
                    InputError(account.name, check.detail, "copy the token or app password again")
                )
                return
            dialog.clear_secret()
            dialog.accept()
            if not check.checked:
                self.model.set_unverified(account.id, check.detail)
                self._messages.warning(
                    f"{account.name}: not verified yet (offline); the new credential is kept beside the one "
                    "before it",
                    "press Check now when the connection is back",
                )
            else:
                self.model.set_unverified(account.id, None)
                self._messages.info(f"{account.name} is connected again")
            if failed_posts:
                count = len(failed_posts)
                self._messages.warning(
                    f"{count} post{'s' if count > 1 else ''} failed for {account.name} meanwhile",
                    "open the queue to retry",
                )

        def failed(error: BaseException) -> None:
            if not isinstance(error, UserError):
                raise error
            dialog.show_error(error)

        self._workers.task(calls.reconnect, self._store, self._credentials, account.name, secret).on_success(
            done
        ).on_failure(failed).run()

    def _note_checked(self, checks: list[AccountCheck]) -> None:
        """A check that reached the server settles an account's newest credential, one way or the other."""
        for check in checks:
            if check.checked:
                row = next(
                    (r for r in range(self.model.rowCount()) if self.model.account(r).name == check.name), -1
                )
                if row >= 0:
                    self.model.set_unverified(self.model.account(row).id, None)

    def _on_task_failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error  # a bug: the crash path shows it
        self._messages.user_error(error)


def _secret_what(account: Account) -> str:
    """How an error names the credential of an account (never its value)."""
    from studio.gui.accounts.dialogs import secret_label

    return f"{secret_label(account.network)} of {account.name}"
