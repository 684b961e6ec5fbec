"""The incident's story so far (one entry per update, with where each went) and the posts it holds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.errors import UserError
from studio.gui.messages import MessageBridge
from studio.platforms import network_by_id
from studio.store import Delivery, DeliveryState, Post, Store
from studio.store.incidents import IncidentUpdate
from studio.words import counted
from studio.workflows.stages import stage_label

__all__ = ["HeldPanel", "ThreadList", "delivery_line", "reschedule_held"]

_STATE_WORDS = {
    DeliveryState.QUEUED: "waiting to go out",
    DeliveryState.SENDING: "sending",
    DeliveryState.RETRYING: "will retry",
    DeliveryState.SENT: "sent",
    DeliveryState.FAILED: "failed",
    DeliveryState.CANCELLED: "cancelled",
    DeliveryState.HELD: "held",
    DeliveryState.MISSED: "missed",
    DeliveryState.HANDED_OFF: "ready to post by hand",
}


def delivery_line(delivery: Delivery) -> str:
    """`Mastodon (it-masto): sent https://…` or the state and the last error."""
    where = f"{network_by_id(delivery.network).name} ({delivery.account_name})"
    state = _STATE_WORDS.get(delivery.state, delivery.state.value)
    if delivery.state is DeliveryState.SENT and delivery.remote_url:
        return f"{where}: sent {delivery.remote_url}"
    if delivery.last_error:
        return f"{where}: {state} — {delivery.last_error}"
    return f"{where}: {state}"


def _clock(moment: datetime, zone: tzinfo | None) -> str:
    return moment.astimezone(zone).strftime("%a %d %b, %H:%M")


class ThreadList(QListWidget):
    """Every update so far, oldest first, as followers read the thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("List")
        self.setAccessibleName("Updates so far")
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the list of incidents to the update text
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rewrap the updates when the pane is resized
        self._entries: list[tuple[str, str]] = []

    def show_thread(
        self, updates: Sequence[IncidentUpdate], posts: Sequence[Post], zone: tzinfo | None
    ) -> None:
        """Show the updates (each with its post) in order, and scroll to the latest (if anything changed)."""
        entries = []
        for number, (update, post) in enumerate(zip(updates, posts, strict=True), start=1):
            head = f"{number}. {stage_label(update.stage).capitalize()} · {_clock(update.created_at, zone)}"
            lines = [head, post.body, *(f"   {delivery_line(d)}" for d in post.deliveries)]
            entries.append(("\n".join(lines), post.body))
        if entries == self._entries:
            return  # read again after a change elsewhere: the list and its scroll position stay
        self._entries = entries
        self.clear()
        for text, body in entries:
            item = QListWidgetItem(text)
            item.setToolTip(body)
            self.addItem(item)
        if self.count():
            self.scrollToBottom()


class HeldPanel(QWidget):
    """The promotional posts an open outage holds; after the close, the ones released, to reschedule.
    Enter or a double-click on one asks to open it (in Compose, to change it).

    Signals:
        reschedule_requested(list, QDateTime): post ids, and the new time for them.
        open_requested(int): the id of the post to open.
    """

    reschedule_requested = Signal(list, QDateTime)
    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("SectionTitle")
        layout.addWidget(self.title)
        self.note = QLabel()
        self.note.setObjectName("ViewSubtitle")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.list = QListWidget()
        self.list.setObjectName("List")
        self.list.setAccessibleName("Held promotional posts")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMaximumHeight(110)
        self.list.itemActivated.connect(self._on_list_item_activated)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd dd MMM yyyy, HH:mm")
        self.when.setAccessibleName("New time for the selected posts")
        self.reschedule = QPushButton("Reschedule selected")
        self.reschedule.clicked.connect(self._on_reschedule_clicked)
        row.addStretch(1)
        row.addWidget(self.when)
        row.addWidget(self.reschedule)
        layout.addLayout(row)
        self._rows: list[tuple[Delivery, Post]] = []
        self.hide()

    def show_held(self, rows: Sequence[tuple[Delivery, Post]], zone: tzinfo | None) -> None:
        """While the outage is open: what it holds (nothing is lost; closing releases them)."""
        self._fill(rows, zone)
        self.title.setText(f"Held while this outage is open ({len(rows)})")
        self.note.setText(
            "Promotional posts on these accounts wait until the outage is resolved; nothing is lost. "
            "When you post the resolved update they are released, and you can reschedule them here. "
            "Double-click one to change it in Compose."
        )
        self._set_editable(False)
        self.setVisible(bool(rows))

    def show_released(self, rows: Sequence[tuple[Delivery, Post]], zone: tzinfo | None) -> None:
        """After the close: the posts released, each at its own time unless rescheduled."""
        self._fill(rows, zone)
        self.title.setText(f"Released when the incident closed ({len(rows)})")
        self.note.setText(
            "They go out at their own times (a time already past goes out now, within the late window). "
            "Select some and pick a new time to move them."
        )
        self._set_editable(True)
        soon = datetime.now(zone) + timedelta(hours=1)  # an hour from now on the clock the list shows
        self.when.setDateTime(
            QDateTime(QDate(soon.year, soon.month, soon.day), QTime(soon.hour, soon.minute))
        )
        self.setVisible(bool(rows))

    def _fill(self, rows: Sequence[tuple[Delivery, Post]], zone: tzinfo | None) -> None:
        if list(rows) == self._rows and self.list.count() == len(rows):
            return  # read again after a change elsewhere: the selection stays
        self._rows = list(rows)
        self.list.clear()
        for delivery, post in rows:
            first = post.body.splitlines()[0] if post.body else f"post {post.id}"
            text = f"{_clock(delivery.due_at, zone)} · {delivery.account_name} · {first[:70]}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, post.id)
            self.list.addItem(item)

    def _set_editable(self, editable: bool) -> None:
        self.when.setVisible(editable)
        self.reschedule.setVisible(editable)

    @Slot(QListWidgetItem)
    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    @Slot()
    def _on_reschedule_clicked(self) -> None:
        ids = sorted({int(i.data(Qt.ItemDataRole.UserRole)) for i in self.list.selectedItems()})
        if ids:
            self.reschedule_requested.emit(ids, self.when.dateTime())


def reschedule_held(
    store: Store, post_ids: list[int], when: QDateTime, zone: tzinfo | None, messages: MessageBridge
) -> bool:
    """Move released posts to the time picked in the held list (a wall time in `zone`); True if all moved."""
    wall = when.toPython()  # a naive wall time from the editor, in the zone the held list shows
    assert isinstance(wall, datetime)
    moment = (wall.replace(tzinfo=zone) if zone is not None else wall.astimezone()).astimezone(UTC)
    moved = 0
    try:
        for post_id in post_ids:
            store.posts.reschedule(post_id, moment)
            moved += 1
    except UserError as error:
        if moved:
            messages.info(f"{moved} of {counted(len(post_ids), 'post')} moved before this one was refused")
        messages.user_error(error)
        return False
    messages.info(f"{counted(len(post_ids), 'post')} moved to {when.toString('ddd dd MMM, HH:mm')}")
    return True
