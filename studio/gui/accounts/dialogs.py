"""The two forms of the Accounts view: add an account, and give one a new credential (reconnect).

The secret field never echoes; its text goes to the view's task and from there straight to the keyring.
The forms only collect and show errors: the view runs the core call and tells the form how it went.
A Mastodon account is added by signing in with the browser (`signin.SignInPanel` is that step), or with
an access token pasted into the form ("Use an access token instead").
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studio.errors import UserError
from studio.gui.accounts.signin import SignInPanel
from studio.platforms import NETWORKS, network_by_id
from studio.store import Account, NewAccount

__all__ = ["AddAccountDialog", "ReconnectDialog", "secret_label"]

_SECRET_LABELS = {"mastodon": "Access token", "bluesky": "App password"}
_SECRET_HINTS = {
    "mastodon": "From the server's Preferences > Development > New application (scopes read, write:media, "
    "write:statuses).",
    "bluesky": "From Settings > Privacy and security > App passwords; never the account's own password.",
}
_INSTANCE_HINTS = {"mastodon": "https://mastodon.example", "bluesky": "https://bsky.social (the default)"}
_BROWSER_HINT = (
    "Studio opens the server's sign-in page in your browser; after you press Authorize there, the token goes "
    "straight to the system keyring, never into Studio's files."
)


def secret_label(network: str) -> str:
    """What the credential of a network is called."""
    return _SECRET_LABELS.get(network, "Token or app password")


def _secret_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setObjectName("SecretField")
    field.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText)
    return field


class _Form(QDialog):
    """What both forms share: an error line and OK/Cancel, with OK only asking (the view decides)."""

    submitted = Signal()

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = QLabel()
        self.error.setObjectName("FormError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.layout_.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text)
        self.busy = False
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

    def show_error(self, error: UserError) -> None:
        """Show what went wrong and the fix; the form stays open with everything typed."""
        text = f"{error.what}: {error.why}" if error.what else error.why
        self.error.setText(f"{text}\n{error.fix}" if error.fix else text)
        self.error.setAccessibleName(f"Error: {text}")
        self.error.show()
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        """While the view saves or checks, the form stays open: the view answers into it when done."""
        self.busy = busy
        self.ok.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)

    def accept(self) -> None:
        self.busy = False  # the view is done with the form
        super().accept()

    def reject(self) -> None:
        if self.busy:  # Esc or the title bar's close while saving: the form would be gone when it finishes
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.error.hide()
        self.set_busy(True)
        self.submitted.emit()


class AddAccountDialog(_Form):
    """Network, name, handle, server and credential of a new account.

    Signals:
        submitted(): the user pressed Add; the view reads `new_account()` and `secret()`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Add an account", "Add", parent)
        self.network = QComboBox()
        self.network.setAccessibleName("Network")
        for network in NETWORKS:
            self.network.addItem(network.name, network.id)
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("a short name you will use, like IT News Mastodon")
        self.handle = QLineEdit()
        self.handle.setAccessibleName("Handle")
        self.instance = QLineEdit()
        self.instance.setAccessibleName("Server address")
        self.owner = QLineEdit()
        self.owner.setAccessibleName("Owner")
        self.owner.setPlaceholderText("who is responsible for it")
        self.notes = QLineEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("anything the next team should know")
        self.secret_field = _secret_field()
        self.secret_hint = QLabel()
        self.secret_hint.setObjectName("FormHint")
        self.secret_hint.setWordWrap(True)
        self.form.addRow("&Network", self.network)
        self.form.addRow("N&ame", self.name)
        self.form.addRow("&Handle", self.handle)
        self.form.addRow("&Server", self.instance)
        self.form.addRow("&Owner", self.owner)
        self.form.addRow("No&tes", self.notes)
        self.form.addRow("&Secret", self.secret_field)
        self.form.addRow("", self.secret_hint)
        self.token_instead = QPushButton()
        self.token_instead.setObjectName("LinkButton")
        self.token_instead.setFlat(True)
        self.token_instead.setCursor(Qt.CursorShape.PointingHandCursor)
        # A link, not a second button beside the dialog's own: the other way in, quietly offered.
        self.token_instead.setStyleSheet(
            "QPushButton { border: none; background: transparent; color: palette(link); padding: 2px 0; "
            "text-decoration: underline; text-align: left; }"
            "QPushButton:focus { border: 1px solid palette(highlight); border-radius: 4px; }"
        )
        self.token_instead.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.token_instead.clicked.connect(self._on_token_instead_clicked)
        self.form.addRow("", self.token_instead)
        self.with_token = False  # Mastodon: paste an access token instead of signing in with the browser
        self.sign_in = SignInPanel()
        self.sign_in.hide()
        self.layout_.insertWidget(1, self.sign_in)
        self.network.currentIndexChanged.connect(self._on_network_current_index_changed)
        self.network.setCurrentIndex(next(i for i, n in enumerate(NETWORKS) if n.id == "mastodon"))
        self._on_network_current_index_changed(self.network.currentIndex())
        self.resize(520, self.sizeHint().height())

    @property
    def network_id(self) -> str:
        return str(self.network.currentData())

    def new_account(self) -> NewAccount:
        """The account as typed (the store checks it)."""
        return NewAccount(
            self.network_id,
            self.name.text().strip(),
            self.handle.text().strip(),
            self.instance.text().strip() if self.instance.isVisibleTo(self) else "",
            self.owner.text().strip(),
            self.notes.text().strip(),
        )

    def uses_browser(self) -> bool:
        """Whether pressing the button signs in with the browser (Mastodon, unless a token is preferred)."""
        return self.network_id == "mastodon" and not self.with_token

    def secret(self) -> str | None:
        """The credential typed, or None for a network that needs none."""
        if not network_by_id(self.network_id).has_api or self.uses_browser():
            return None
        return self.secret_field.text()

    def show_waiting(self, paste_url: str, opened: bool) -> None:
        """The sign-in step: the fields stay as typed but locked; the dialog's Cancel still closes it."""
        self.error.hide()
        self._lock_fields(True)
        self.set_busy(False)
        self.ok.setEnabled(False)
        from studio.publish.http import host_of

        self.sign_in.waiting(host_of(paste_url), paste_url, opened)
        self._show_row(self.secret_hint, False)  # said already; the step below says what happens now
        self._show_row(self.token_instead, False)
        self.sign_in.show()
        self.sign_in.code.setFocus()
        self._fit_height()

    def show_form(self, *, token_instead: bool = False) -> None:
        """Back to the fields (sign-in cancelled or failed); `token_instead` switches to the token field."""
        self.sign_in.hide()
        self._lock_fields(False)
        self.set_busy(False)
        self._show_row(self.secret_hint, True)
        if token_instead and not self.with_token:
            self._on_token_instead_clicked()
        else:
            self._on_network_current_index_changed(self.network.currentIndex())
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow or shrink to what the shown rows need, keeping the width the person may have chosen."""
        self.layout_.activate()
        self.resize(self.width(), self.sizeHint().height())

    def _lock_fields(self, locked: bool) -> None:
        for field in (self.network, self.name, self.handle, self.instance, self.owner, self.notes):
            field.setEnabled(not locked)
        self.token_instead.setEnabled(not locked)

    def clear_secret(self) -> None:
        self.secret_field.clear()

    @Slot()
    def _on_token_instead_clicked(self) -> None:
        self.with_token = not self.with_token
        self._on_network_current_index_changed(self.network.currentIndex())
        self._fit_height()
        (self.secret_field if self.with_token else self.instance).setFocus()

    @Slot(int)
    def _on_network_current_index_changed(self, _index: int) -> None:
        network = network_by_id(self.network_id)
        api = network.has_api
        browser = self.uses_browser()
        self._show_row(self.token_instead, network.id == "mastodon")
        self.token_instead.setText(
            "Sign in with your browser instead" if self.with_token else "Use an access token instead"
        )
        self.ok.setText("Sign in with your browser" if browser else "Add")
        self.handle.setPlaceholderText(
            "@it@mastodon.example" if network.id == "mastodon" else "it.example.edu"
        )
        self.instance.setPlaceholderText(_INSTANCE_HINTS.get(network.id, ""))
        self._show_row(self.instance, network.id in _INSTANCE_HINTS)
        self._show_row(self.secret_field, api and not browser)
        label = self.form.labelForField(self.secret_field)
        if isinstance(label, QLabel):
            label.setText(f"&{secret_label(network.id)}")
        self.secret_field.setAccessibleName(secret_label(network.id))
        if browser:
            self.secret_hint.setText(_BROWSER_HINT)
        elif api:
            self.secret_hint.setText(
                _SECRET_HINTS.get(network.id, "")
                + " It goes straight to the system keyring, never into Studio's files."
            )
        else:
            self.secret_hint.setText(
                f"Studio writes {network.name} posts to a ready folder for you to post: no sign-in needed."
            )

    def _show_row(self, field: QWidget, visible: bool) -> None:
        field.setVisible(visible)
        label = self.form.labelForField(field)
        if label is not None:
            label.setVisible(visible)


class ReconnectDialog(_Form):
    """A new token or app password for one account.

    Signals:
        submitted(): the user pressed Reconnect; the view reads `secret()`.
    """

    def __init__(self, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(f"Reconnect {account.name}", "Reconnect", parent)
        self.account = account
        why = account.reconnect_reason or "give it a new credential"
        intro = QLabel(f"{network_by_id(account.network).name} account {account.name}: {why}.")
        intro.setWordWrap(True)
        self.layout_.insertWidget(0, intro)
        self.secret_field = _secret_field()
        self.secret_field.setAccessibleName(f"New {secret_label(account.network).lower()}")
        self.form.addRow(f"&New {secret_label(account.network).lower()}", self.secret_field)
        hint = QLabel(_SECRET_HINTS.get(account.network, ""))
        hint.setObjectName("FormHint")
        hint.setWordWrap(True)
        self.form.addRow("", hint)
        self.resize(480, self.sizeHint().height())

    def secret(self) -> str:
        return self.secret_field.text()

    def clear_secret(self) -> None:
        self.secret_field.clear()
