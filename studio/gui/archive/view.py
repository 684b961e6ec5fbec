"""The Archive view: everything published, with its link; full-text search; exports and the monthly report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.errors import UserError
from studio.gui.archive.model import ArchiveColumn, ArchiveModel, ArchiveRole
from studio.gui.archive.numbers import NumbersDialog
from studio.gui.empty import EmptyState
from studio.gui.messages import MessageBridge
from studio.gui.theme import Theme
from studio.gui.workers import Workers
from studio.listen.model import Counts
from studio.listen.typed import add_numbers
from studio.store import PostStatus, Store
from studio.store.times import now_utc
from studio.store.zones import user_zone
from studio.words import counted
from studio.workflows.exports import (
    all_posts,
    export_csv,
    export_json,
    latest_metrics,
    schedule_ics,
    write_atomic,
)
from studio.workflows.report import monthly_report
from studio.workflows.slots import workspace_zone

__all__ = ["ArchiveView", "NumbersAsker", "PathAsker", "write_export"]

# (caption, suggested name, filter) -> the chosen path or None; a file dialog in the app, a folder in tests.
PathAsker = Callable[[str, str, str], Path | None]
# (what, last numbers, link) -> (likes, reposts, replies, link) or None; a dialog in the app, values in tests.
NumbersAsker = Callable[[str, Counts | None, str], tuple[int, int, int, str] | None]


def write_export(store: Store, kind: str, path: Path, month: str = "") -> str:
    """Write one export (`csv`, `json`, `ics`, `report`) to `path`; returns what was written (worker)."""
    if kind == "report":
        zone = workspace_zone(store.settings.get().display_timezone)
        write_atomic(path, monthly_report(store, month, zone))
        return f"the report for {month}"
    posts = all_posts(store)
    if kind == "ics":
        write_atomic(path, schedule_ics(posts, now=now_utc()))
        count = sum(1 for p in posts if p.status is PostStatus.SCHEDULED and p.scheduled_at is not None)
        return counted(count, "scheduled post")
    metrics = latest_metrics(store, posts)
    write_atomic(path, export_csv(posts, metrics) if kind == "csv" else export_json(posts, metrics))
    return counted(len(posts), "post")


def _ask_with_dialog(parent: QWidget) -> PathAsker:
    def ask(caption: str, name: str, filters: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(parent, caption, str(Path.home() / name), filters)
        return Path(chosen) if chosen else None

    return ask


def _numbers_dialog(parent: QWidget) -> NumbersAsker:
    def ask(what: str, last: Counts | None, url: str) -> tuple[int, int, int, str] | None:
        dialog = NumbersDialog(what, last, url, parent)
        return dialog.values() if dialog.exec() == NumbersDialog.DialogCode.Accepted else None

    return ask


class ArchiveView(QWidget):
    """Published posts; Ctrl+F searches; Enter or a double-click on a post copies it into a new draft in
    Compose (`duplicate_post`), and on its link (or a click there) opens the link."""

    def __init__(
        self,
        store: Store,
        workers: Workers,
        messages: MessageBridge,
        theme: Theme,
        parent: QWidget | None = None,
        ask_path: PathAsker | None = None,
        duplicate_post: Callable[[int], None] | None = None,
        ask_numbers: NumbersAsker | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._duplicate_post = duplicate_post
        self._workers = workers
        self._messages = messages
        self.ask_path = ask_path or _ask_with_dialog(self)
        self.ask_numbers = ask_numbers or _numbers_dialog(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Archive")
        title.setObjectName("ViewTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("ViewSubtitle")
        layout.addWidget(title)
        layout.addWidget(self.subtitle)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search everything published (Ctrl+F)")
        self.search.setAccessibleName("Search the archive")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.search.textChanged.connect(self._on_search_text_changed)
        bar.addWidget(self.search, 1)
        self.buttons: dict[str, QPushButton] = {}
        for kind, label, tip in (
            ("csv", "Export CSV", "Every post as CSV"),
            ("json", "Export JSON", "Every post as JSON, with where each delivery went"),
            ("ics", "Schedule ICS", "The scheduled posts as a calendar"),
        ):
            button = QPushButton(label)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, k=kind: self.export(k))
            self.buttons[kind] = button
            bar.addWidget(button)
        numbers = QPushButton("Add numbers…")
        numbers.setToolTip(
            "Type in the likes, reposts and replies of the selected post on a network Studio cannot read "
            "(Instagram, LinkedIn, ...); Mastodon and Bluesky are read by `studio metrics pull`"
        )
        numbers.setEnabled(False)
        numbers.clicked.connect(self.add_numbers)
        self.buttons["numbers"] = numbers
        bar.addWidget(numbers)
        self.month = QDateEdit(QDate.currentDate().addMonths(-1))
        self.month.setDisplayFormat("MMMM yyyy")
        self.month.setAccessibleName("Month of the report")
        bar.addWidget(self.month)
        report = QPushButton("Monthly report")
        report.setToolTip("The HTML report of the month: totals, a chart per network and series, every post")
        report.clicked.connect(lambda: self.export("report"))
        self.buttons["report"] = report
        bar.addWidget(report)
        layout.addLayout(bar)

        zone = user_zone(store.settings.get().display_timezone)
        self.model = ArchiveModel(store, zone, QColor(theme.palette.accent))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Published posts")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(32)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        widths = {ArchiveColumn.WHEN: 180, ArchiveColumn.NETWORK: 90, ArchiveColumn.ACCOUNT: 110}
        for column, width in {**widths, ArchiveColumn.TEXT: 290, ArchiveColumn.ENGAGEMENT: 205}.items():
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._on_table_activated)
        self.table.clicked.connect(self._on_table_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.empty = EmptyState(
            theme.icon("archive", theme.palette.accent, 36),
            "Nothing published yet",
            "Every post that goes out appears here with its link, time, network and text, to search. "
            "The exports and the monthly report above work already (they cover drafts and the schedule too).",
        )
        self.no_match = EmptyState(
            theme.icon("archive", theme.palette.accent, 36),
            "No published post matches",
            "Every word typed must appear; the last one may be the start of a word. Fewer words find more.",
        )
        self.pages = QStackedWidget()
        for page in (self.empty, self.no_match, self.table):
            self.pages.addWidget(page)
        layout.addWidget(self.pages, 1)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.search.setFocus)
        self._show_state()

    def _load_first_page(self) -> None:
        # The table asks for more as it scrolls; the first page comes at once, so a link is there to click.
        if self.model.rowCount() == 0 and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())

    def refresh(self) -> None:
        """Read the archive again (new posts went out)."""
        self.model.set_query(self.model.query)
        self._show_state()

    def follow_store(self) -> None:
        """The workspace changed: what went out since comes in at the top; the selection stays."""
        self.model.sync()
        self._show_state()

    def showEvent(self, event: QShowEvent) -> None:
        self.follow_store()  # what went out while another view was on show
        super().showEvent(event)

    def run_search(self, text: str) -> None:
        """Show the matches of `text`; a search with no words shows everything again."""
        try:
            self.model.set_query(text if any(ch.isalnum() for ch in text) else "")
        except UserError as error:
            self._messages.user_error(error)
            return
        self._show_state()

    def export(self, kind: str) -> None:
        """Ask where, then write the export in a worker and say what was written."""
        month = self.month.date().toString("yyyy-MM")
        names = {
            "csv": ("Export posts as CSV", "studio-posts.csv", "CSV files (*.csv)"),
            "json": ("Export posts as JSON", "studio-posts.json", "JSON files (*.json)"),
            "ics": ("Export the schedule", "studio-schedule.ics", "Calendars (*.ics)"),
            "report": (f"Save the report for {month}", f"studio-report-{month}.html", "HTML (*.html)"),
        }
        caption, name, filters = names[kind]
        path = self.ask_path(caption, name, filters)
        if path is None:
            return
        button = self.buttons[kind]
        button.setEnabled(False)

        def done(what: str) -> None:
            button.setEnabled(True)
            self._messages.info(f"Saved {what} to {path}")

        def failed(error: BaseException) -> None:
            button.setEnabled(True)
            if not isinstance(error, UserError):
                raise error
            self._messages.user_error(error)

        self._workers.task(write_export, self._store, kind, path, month).on_success(done).on_failure(
            failed
        ).run()

    def add_numbers(self) -> None:
        """Ask for the selected handoff delivery's numbers (and link) and keep them."""
        row = self.table.currentIndex().row()
        if row < 0 or not self.model.data(self.model.index(row, 0), ArchiveRole.HANDOFF):
            return
        entry = self.model.entry(row)
        what = f"the post on {entry.account} ({entry.sent_at.astimezone().strftime('%d %b %Y')})"
        answer = self.ask_numbers(what, self.model.counts(row), entry.remote_url)
        if answer is None:
            return
        likes, reposts, replies, url = answer
        try:
            add_numbers(
                self._store, entry.delivery_id, likes=likes, reposts=reposts, replies=replies,
                url=url if url != entry.remote_url else "",
            )  # fmt: skip
        except UserError as error:
            self._messages.user_error(error)
            return
        if url and url != entry.remote_url:
            self.refresh()  # the link is part of the row
            self.table.selectRow(row)
        else:
            self.model.sync_counts()
        self._messages.info(f"Kept the numbers of {what}")

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        handoff = current.isValid() and bool(self.model.data(current, ArchiveRole.HANDOFF))
        self.buttons["numbers"].setEnabled(handoff)

    def _show_state(self) -> None:
        self._load_first_page()
        total = self._store.archive.count()
        if self.model.query:
            shown = f"{self.model.total:,} match(es) for “{self.model.query}”, best first"
            self.pages.setCurrentWidget(self.table if self.model.total else self.no_match)
        else:
            shown = f"{total:,} published deliveries, newest first; click a link to open it"
            if self._duplicate_post is not None:
                shown += ", double-click a post to post it again"
            self.pages.setCurrentWidget(self.table if total else self.empty)
        idle = "Where every post went and when, once something is published"
        self.subtitle.setText(shown if total else idle)

    @Slot()
    def _on_search_return_pressed(self) -> None:
        self.run_search(self.search.text())
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        if not text.strip() and self.model.query:  # cleared: everything again
            self.run_search("")

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        post_id = self.model.data(index, ArchiveRole.POST_ID)
        if index.column() == ArchiveColumn.LINK or self._duplicate_post is None or post_id is None:
            self._open(index)
        else:
            self._duplicate_post(int(post_id))  # what went out stays as it was: a copy to change

    @Slot(QModelIndex)
    def _on_table_clicked(self, index: QModelIndex) -> None:
        if index.column() == ArchiveColumn.LINK:
            self._open(index)

    def _open(self, index: QModelIndex) -> None:
        url = str(self.model.data(index, ArchiveRole.URL) or "")
        if url.startswith(("https://", "http://")):
            QDesktopServices.openUrl(QUrl(url))
