"""Signing in to Mastodon with the browser, in the Add account form: the waiting step and what runs it.

`SignInFlow` runs the core calls (`begin_sign_in`: register Studio on the server; `finish_sign_in`: wait for
the browser's redirect on 127.0.0.1, trade the code for a token, add the account) on the worker pool, so the
window stays usable while the person is in the browser. `SignInPanel` is what the form shows meanwhile:
Cancel, open the page again, and the address plus a code field for a browser on another machine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from studio.errors import UserError
from studio.gui.accounts import calls
from studio.gui.workers import Workers
from studio.secrets import CredentialStore
from studio.store import Store

if TYPE_CHECKING:
    from studio.gui.accounts.dialogs import AddAccountDialog
    from studio.workflows.accounts import Added, PendingSignIn

__all__ = ["SignInFlow", "SignInPanel"]


class SignInPanel(QWidget):
    """The form's step while the person authorizes Studio in the browser.

    Signals:
        cancel_requested(): the person pressed Cancel sign-in.
        reopen_requested(): the person wants the authorize page opened again.
        code_given(str): the code pasted from a browser elsewhere.
    """

    cancel_requested = Signal()
    reopen_requested = Signal()
    code_given = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignInPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.status = QLabel()
        self.status.setObjectName("SignInStatus")
        self.status.setWordWrap(True)
        font = self.status.font()
        font.setBold(True)
        self.status.setFont(font)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.reopen = QPushButton("Open the page again")
        self.cancel = QPushButton("Cancel sign-in")
        row.addWidget(self.reopen)
        row.addWidget(self.cancel)
        row.addStretch(1)
        layout.addLayout(row)
        elsewhere = QLabel(
            "Browser on another computer? Open this address there, sign in and press Authorize, then paste "
            "the code the server shows:"
        )
        elsewhere.setObjectName("FormHint")
        elsewhere.setWordWrap(True)
        layout.addWidget(elsewhere)
        grid = QGridLayout()
        self.address = QLineEdit()
        self.address.setReadOnly(True)
        self.address.setAccessibleName("Sign-in address for another computer")
        self.copy = QPushButton("Copy address")
        self.code = QLineEdit()
        self.code.setAccessibleName("Code from the server")
        self.code.setPlaceholderText("paste the code here")
        self.code.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.use_code = QPushButton("Use code")
        self.use_code.setEnabled(False)
        grid.addWidget(self.address, 0, 0)
        grid.addWidget(self.copy, 0, 1)
        grid.addWidget(self.code, 1, 0)
        grid.addWidget(self.use_code, 1, 1)
        layout.addLayout(grid)
        self.cancel.clicked.connect(self.cancel_requested)
        self.reopen.clicked.connect(self.reopen_requested)
        self.copy.clicked.connect(self._on_copy_clicked)
        self.code.textChanged.connect(lambda text: self.use_code.setEnabled(bool(text.strip())))
        self.code.returnPressed.connect(self._on_use_code_clicked)
        self.use_code.clicked.connect(self._on_use_code_clicked)

    def waiting(self, host: str, paste_url: str, opened: bool) -> None:
        """Show the step: the browser was opened (or could not be), and the address for elsewhere."""
        self.status.setText(
            f"Waiting for you to sign in to {host} and press Authorize in your browser…"
            if opened
            else "Studio could not open a browser here. Open the address below in one, sign in and press "
            "Authorize, then paste the code the server shows."
        )
        self.address.setText(paste_url)
        self.address.setCursorPosition(0)
        self.code.clear()
        self.set_working(False)

    def set_working(self, working: bool) -> None:
        """While the code is traded for a token, nothing here can be pressed."""
        for widget in (self.reopen, self.cancel, self.code, self.copy):
            widget.setEnabled(not working)
        self.use_code.setEnabled(not working and bool(self.code.text().strip()))
        if working:
            self.status.setText("Signing in…")

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.address.text())

    @Slot()
    def _on_use_code_clicked(self) -> None:
        code = self.code.text().strip()
        if code:
            self.code_given.emit(code)


class SignInFlow(QObject):
    """Runs one browser sign-in at a time for the Add account form; `added` gets the new account."""

    def __init__(
        self,
        store: Store,
        credentials: CredentialStore,
        workers: Workers,
        open_url: Callable[[str], bool],
        added: Callable[[AddAccountDialog, Added], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._credentials = credentials
        self._workers = workers
        self._open_url = open_url
        self._added = added
        self._generation = 0
        self._dialog: AddAccountDialog | None = None
        self._pending: PendingSignIn | None = None
        self._cancel: threading.Event | None = None

    @property
    def waiting(self) -> bool:
        """Whether a sign-in waits for the browser or the pasted code."""
        return self._pending is not None

    def start(self, dialog: AddAccountDialog) -> None:
        """Register Studio on the form's server, then open the authorize page and wait."""
        self.cancel()
        if self._dialog is not dialog:
            self._dialog = dialog
            dialog.finished.connect(self.cancel)
            dialog.sign_in.cancel_requested.connect(self._on_panel_cancel_requested)
            dialog.sign_in.reopen_requested.connect(self._on_panel_reopen_requested)
            dialog.sign_in.code_given.connect(self._on_panel_code_given)
        generation = self._generation
        self._workers.task(calls.begin_sign_in, self._store, dialog.new_account()).on_success(
            lambda pending: self._on_registered(generation, pending)
        ).on_failure(lambda error: self._on_failed(generation, error)).run()

    @Slot()
    def cancel(self) -> None:
        """Stop the sign-in under way (the form closed, or Cancel sign-in): its outcome is dropped."""
        self._generation += 1
        if self._cancel is not None:
            self._cancel.set()  # the waiting task notices within a fifth of a second and stops listening
        self._cancel = None
        self._pending = None

    def _on_registered(self, generation: int, pending: PendingSignIn) -> None:
        dialog = self._dialog
        if generation != self._generation or dialog is None or not isValid(dialog):
            pending.close()  # given up meanwhile: the receiver must not wait for nothing
            return
        self._pending = pending
        self._cancel = cancel = threading.Event()
        opened = self._open_url(pending.browser_url)
        dialog.show_waiting(pending.paste_url, opened)
        self._run_finish(pending, None, cancel)

    def _run_finish(self, pending: PendingSignIn, code: str | None, cancel: threading.Event | None) -> None:
        generation = self._generation
        self._workers.task(
            calls.finish_sign_in, self._store, self._credentials, pending, code, cancel
        ).on_success(lambda added: self._on_finished(generation, added)).on_failure(
            lambda error: self._on_failed(generation, error)
        ).run()

    def _on_finished(self, generation: int, added: Added) -> None:
        dialog = self._dialog
        if generation == self._generation:
            self._pending = self._cancel = None
        if dialog is not None and isValid(dialog):
            self._added(dialog, added)  # even a late one: the account exists, so the table shows it

    def _on_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return  # cancelled, or replaced by a pasted code: nobody waits for this answer
        self.cancel()
        if not isinstance(error, UserError):
            raise error  # a bug: the crash path shows it
        dialog = self._dialog
        if dialog is not None and isValid(dialog):
            from studio.publish.mastodon_oauth import RegistrationRefused

            dialog.show_form(token_instead=isinstance(error, RegistrationRefused))
            dialog.show_error(error)

    @Slot()
    def _on_panel_cancel_requested(self) -> None:
        self.cancel()
        if self._dialog is not None and isValid(self._dialog):
            self._dialog.show_form()

    @Slot()
    def _on_panel_reopen_requested(self) -> None:
        if self._pending is not None:
            self._open_url(self._pending.browser_url)

    @Slot(str)
    def _on_panel_code_given(self, code: str) -> None:
        pending = self._pending
        if pending is None or self._dialog is None:
            return
        if self._cancel is not None:
            self._cancel.set()  # the browser wait ends; the pasted code is traded instead
        self._generation += 1
        self._cancel = None
        self._dialog.sign_in.set_working(True)
        self._dialog.set_busy(True)
        self._run_finish(pending, code, None)
