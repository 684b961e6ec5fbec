"""The inbox's detail panel: one item in full, its link, a support badge, and the reply box with its counter.

The panel only shows and asks; the view does what its signals ask (queue a reply, mark done, assign), so
the rules stay in `studio.listen.inbox`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studio.gui.inbox.model import kind_label, network_name
from studio.listen.support import address
from studio.store import Account
from studio.store.inbox import InboxItem
from studio.text import count

__all__ = ["DetailPanel"]


def _label(name: str, object_name: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


class DetailPanel(QScrollArea):
    """One item; empty until `show_item`.

    Signals:
        reveal_toggled(int, bool): item id, show its personal data (True) or hide it again.
        open_requested(str): the item's link, to open in the browser.
        reply_requested(int, str): item id, the reply's text.
        done_requested(int, bool): item id, done (True) or open again (False).
        assign_requested(int, str): item id, the member's name ("" for nobody).
    """

    reveal_toggled = Signal(int, bool)
    open_requested = Signal(str)
    reply_requested = Signal(int, str)
    done_requested = Signal(int, bool)
    assign_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("InboxDetail")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.item: InboxItem | None = None
        self._account: Account | None = None
        self._revealed = False
        self.body = body = QWidget()
        body.setObjectName("InboxDetailBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 4, 8, 8)
        layout.setSpacing(8)
        self.heading = _label("Who wrote it", "InboxHeading")
        self.meta = _label("Where and when", "ViewSubtitle")
        self.badge = QLabel("Support: move to the help desk")
        self.badge.setObjectName("SupportBadge")
        self.badge.setAccessibleName("Support: move to the help desk")
        self.badge.setToolTip(
            "This looks like a support case: answer with the ready reply, which points to the help desk "
            "and asks for no details in public"
        )
        self.findings = _label("What the text engine found", "ViewSubtitle")
        for widget in (self.heading, self.meta):
            layout.addWidget(widget)
        badge_row = QHBoxLayout()
        badge_row.addWidget(self.badge)
        badge_row.addStretch(1)
        layout.addLayout(badge_row)
        layout.addWidget(self.findings)
        card = QFrame()
        card.setObjectName("Card")
        inside = QVBoxLayout(card)
        inside.setContentsMargins(14, 12, 14, 10)
        inside.setSpacing(8)
        self.text = _label("The item's text", "InboxText")
        inside.addWidget(self.text)
        layout.addWidget(card)
        links = QHBoxLayout()
        inside.addLayout(links)
        self.show_button = QPushButton("Show")
        self.show_button.setAccessibleName("Show the personal data")
        self.show_button.clicked.connect(self._on_show_button_clicked)
        self.open_button = QPushButton("Open in the browser")
        self.open_button.setToolTip("Open the post on its network, in the browser")
        self.open_button.clicked.connect(self._on_open_button_clicked)
        links.addWidget(self.show_button)
        links.addWidget(self.open_button)
        links.addStretch(1)
        layout.addSpacing(6)

        self.reply_title = QLabel()
        self.reply_title.setObjectName("SectionTitle")
        layout.addWidget(self.reply_title)
        self.reply_box = QPlainTextEdit()
        self.reply_box.setAccessibleName("Reply")
        self.reply_box.setPlaceholderText(
            "Write a reply; it is queued in the thread and checked like any post"
        )
        self.reply_box.setMinimumHeight(96)
        self.reply_box.setMaximumHeight(150)
        self.reply_box.textChanged.connect(self._on_reply_box_text_changed)
        layout.addWidget(self.reply_box)
        under = QHBoxLayout()
        self.counter = QLabel()
        self.counter.setObjectName("ViewSubtitle")
        self.counter.setAccessibleName("Characters left")
        self.queue_button = QPushButton("Queue reply")
        self.queue_button.setDefault(True)
        self.queue_button.setToolTip("Queue the reply in the item's thread, due now (Ctrl+Enter)")
        self.queue_button.clicked.connect(self._on_queue_button_clicked)
        under.addWidget(self.counter, 1)
        under.addWidget(self.queue_button)
        layout.addLayout(under)
        self.problems = _label("Why the reply was refused", "Problem")
        layout.addWidget(self.problems)
        self.answered = _label("The reply queued", "ViewSubtitle")
        layout.addWidget(self.answered)
        layout.addSpacing(6)

        actions = QHBoxLayout()
        self.done_button = QPushButton("Mark done")
        self.done_button.setToolTip("Done: it leaves the open inbox (Undo in the message)")
        self.done_button.clicked.connect(self._on_done_button_clicked)
        self.assignee = QComboBox()
        self.assignee.setEditable(True)
        self.assignee.setAccessibleName("Assign to")
        self.assignee.setMinimumWidth(160)
        editor = self.assignee.lineEdit()
        if editor is not None:
            editor.setPlaceholderText("a member's name")
        self.assign_button = QPushButton("Assign")
        self.assign_button.setToolTip("Give the item to the member named in the box (empty: to nobody)")
        assign_label = QLabel("Assign to")
        assign_label.setBuddy(self.assignee)
        self.assign_button.clicked.connect(self._on_assign_button_clicked)
        actions.addWidget(self.done_button)
        actions.addStretch(1)
        actions.addWidget(assign_label)
        actions.addWidget(self.assignee)
        actions.addWidget(self.assign_button)
        layout.addLayout(actions)
        layout.addStretch(1)
        self.setWidget(body)
        self.show_item(None)

    # --- what the view calls -----------------------------------------------------------------------------
    def show_item(
        self,
        item: InboxItem | None,
        *,
        shown: str = "",
        masked: bool = False,
        revealed: bool = False,
        our_line: str = "",
        when: str = "",
        account: Account | None = None,
        ready: str = "",
        members: Sequence[str] = (),
    ) -> None:
        """Show one item (None: nothing chosen); `ready` pre-fills the reply box of a support item."""
        same = item is not None and self.item is not None and item.id == self.item.id
        self.item = item
        self._account = account
        self._revealed = revealed
        self.body.setEnabled(item is not None)
        if item is None:
            self.heading.setText("Choose an item on the left to read it and answer it")
            for label in (self.meta, self.findings, self.text, self.problems, self.answered):
                label.setText("")
                label.setVisible(label is self.text)
            self.badge.hide()
            self.show_button.hide()
            self.reply_title.setText("Reply")
            self.reply_box.clear()
            return
        who = f"{item.author_name} ({item.author_handle})" if item.author_name else item.author_handle
        self.heading.setText(who)
        given = f" · assigned to {item.assigned_to}" if item.assigned_to else ""
        self.meta.setText(
            f"{kind_label(item, our_line, 110)} · {network_name(item.network)} · {item.account_name} · {when}"
            + given
        )
        self.meta.show()
        self.badge.setVisible(item.support)
        personal = [f for f in item.findings if not f.startswith("support: ")]
        self.findings.setText(f"Shows: {', '.join(personal)}" if personal else "")
        self.findings.setVisible(bool(personal))
        self.text.setText(shown)
        self.show_button.setVisible(masked)
        self.show_button.setText("Hide" if revealed else "Show")
        self.show_button.setAccessibleName("Hide the personal data" if revealed else "Show the personal data")
        self.open_button.setEnabled(item.url.startswith("https://"))
        self.open_button.setToolTip(item.url)
        self.reply_title.setText(f"Reply on {network_name(item.network)} as {item.account_name}")
        if not same:
            self.reply_box.setPlainText(ready)
            self.problems.hide()
        self.answered.setVisible(item.reply_post_id is not None)
        if item.reply_post_id is not None:
            self.answered.setText(f"A reply is queued (post {item.reply_post_id}); see Queue & calendar")
        done = item.done_at is not None
        self.done_button.setText("Open again" if done else "Mark done")
        self.done_button.setToolTip(
            "Bring it back to the open inbox"
            if done
            else "Done: it leaves the open inbox (Undo in the message)"
        )
        if not same:  # a refresh keeps a name being typed
            self.assignee.clear()
            self.assignee.addItems(list(members))
            self.assignee.setEditText(item.assigned_to or "")
        self._on_reply_box_text_changed()

    def show_problems(self, lines: Sequence[str]) -> None:
        """Why the reply was refused: every reason, one a line (nothing: hide)."""
        self.problems.setText("\n".join(f"• {line}" for line in lines))
        self.problems.setVisible(bool(lines))

    def reply_sent(self) -> None:
        """The reply is queued: an empty box, no problems."""
        self.reply_box.clear()
        self.show_problems([])

    # --- slots -------------------------------------------------------------------------------------------
    @Slot()
    def _on_reply_box_text_changed(self) -> None:
        item = self.item
        body = self.reply_box.toPlainText().strip()
        self.queue_button.setEnabled(item is not None and bool(body))
        if item is None or not body:
            self.counter.setText("")
            return
        start = address(item.network, item.author_handle)
        if start and not body.casefold().startswith(start.strip().casefold()):
            body = start + body  # what `reply` will send
        options = self._account.options if self._account is not None else None
        try:
            counted = count(
                body,
                item.network,
                limit=options.max_characters if options else None,
                url_length=options.url_length if options else None,
            )
        except (KeyError, ValueError):
            self.counter.setText("")
            return
        if counted.ok:
            self.counter.setText(f"{counted.remaining} characters left on {network_name(item.network)}")
        else:
            self.counter.setText(f"{-counted.remaining} over the limit of {counted.limit} for one post")
        self.counter.setProperty("over", not counted.ok)
        self.counter.setObjectName("ViewSubtitle" if counted.ok else "Problem")
        self.counter.style().unpolish(self.counter)
        self.counter.style().polish(self.counter)

    @Slot()
    def _on_show_button_clicked(self) -> None:
        if self.item is not None:
            self.reveal_toggled.emit(self.item.id, not self._revealed)

    @Slot()
    def _on_open_button_clicked(self) -> None:
        if self.item is not None:
            self.open_requested.emit(self.item.url)

    @Slot()
    def _on_queue_button_clicked(self) -> None:
        if self.item is not None:
            self.reply_requested.emit(self.item.id, self.reply_box.toPlainText())

    @Slot()
    def _on_done_button_clicked(self) -> None:
        if self.item is not None:
            self.done_requested.emit(self.item.id, self.item.done_at is None)

    @Slot()
    def _on_assign_button_clicked(self) -> None:
        if self.item is not None:
            self.assign_requested.emit(self.item.id, self.assignee.currentText().strip())
