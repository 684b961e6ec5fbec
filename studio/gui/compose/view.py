"""The Compose view: the editor, the network chips, the live counters and the findings."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QSplitter, QToolButton, QVBoxLayout, QWidget

from studio.errors import UserError
from studio.gui.compose.autosave import DraftAutosave
from studio.gui.compose.editor import PostEditor
from studio.gui.compose.engine import FindingLike, TextEngine, Utf16Map
from studio.gui.compose.findings import FindingRole
from studio.gui.compose.insert import InsertTools
from studio.gui.compose.mediastrip import MediaStrip
from studio.gui.compose.previewpane import PreviewPane
from studio.gui.compose.rendering import PRIME_AFTER_MS
from studio.gui.compose.room import writing_splitter
from studio.gui.compose.schedule import ScheduleChoice, SchedulePanel, say
from studio.gui.compose.sending import save_and_schedule
from studio.gui.compose.side import SidePanel
from studio.gui.flow import FlowLayout
from studio.gui.messages import MessageBridge
from studio.gui.theme import Theme
from studio.gui.workers import Workers
from studio.platforms import NETWORKS
from studio.store import Post, PostStatus, Store

__all__ = ["ComposeView"]


class ComposeView(QWidget):
    """Write once, see every selected network's count and the content checks as you type.

    Signals:
        checked(): the findings for the current text are shown.
        scheduled(int): this post went to the queue (or to review); the editor starts afresh.
    """

    checked = Signal()
    scheduled = Signal(int)

    def __init__(
        self,
        engine: TextEngine,
        workers: Workers,
        messages: MessageBridge,
        theme: Theme,
        networks: Sequence[str],
        autosave: DraftAutosave | None = None,
        store: Store | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._workers = workers
        self._messages = messages
        self.autosave = autosave
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)

        title = QLabel("Compose")
        title.setObjectName("ViewTitle")
        subtitle = QLabel("One text, counted by each network's own rules as you type.")
        subtitle.setObjectName("ViewSubtitle")
        layout.addWidget(title)
        layout.addWidget(subtitle)

        chips = FlowLayout(spacing=6)  # wraps on narrow windows instead of forcing a wide minimum
        self.chips: dict[str, QToolButton] = {}
        for network in NETWORKS:
            chip = QToolButton()
            chip.setObjectName("NetworkChip")
            chip.setText(network.name)
            chip.setCheckable(True)
            chip.setChecked(network.id in networks)
            chip.setAccessibleName(f"Count for {network.name}")
            chip.setToolTip(f"Show the {network.name} counter ({network.limit:,} limit)")
            chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            chip.toggled.connect(self._on_chip_toggled)
            self.chips[network.id] = chip
            chips.addWidget(chip)
        layout.addLayout(chips)

        self.editor = PostEditor(theme)
        self.side = SidePanel(theme)
        side = self.side
        # The lists by their old names: the view and its tests reach them often.
        self.counters, self.counter_list = side.counters, side.counter_list
        self.findings, self.finding_list = side.findings, side.finding_list
        self.no_findings, self.thread_parts = side.no_findings, side.thread_parts
        self.thread_title, self.thread_list = side.thread_title, side.thread_list
        self.finding_list.activated.connect(self._on_finding_list_activated)
        self.finding_list.clicked.connect(self._on_finding_list_activated)

        self._store = store
        self._primed = False
        self._open_draft: Callable[[], object] | None = None  # reopens the draft when first shown
        self.media: MediaStrip | None = None
        self.schedule: SchedulePanel | None = None
        self.insert = InsertTools(self.editor, workers, store, self)
        writing: QWidget
        if store is not None:
            self.media = MediaStrip(store, workers, messages)
            self.media.changed.connect(self._on_media_changed)
            tools = self.media.tools  # one row: # Hashtag, Emoji, then the pictures' Add…, Remove
            self.editor.take_pictures = self.media.paste
            writing = writing_splitter(self.editor, self.media)
        else:
            writing = QWidget()
            typing = QVBoxLayout(writing)
            typing.setContentsMargins(0, 0, 0, 0)
            typing.addWidget(self.editor, 1)
            tools = FlowLayout()
            typing.addLayout(tools)
        for i, button in enumerate(self.insert.buttons):
            tools.insertWidget(i, button)
        self.preview = PreviewPane(theme, workers, engine, messages)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("compose")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(8)
        self.splitter.addWidget(writing)
        self.splitter.addWidget(side)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([460, 260, 420])
        layout.addWidget(self.splitter, 1)
        if store is not None:
            self.schedule = SchedulePanel(store)
            self.schedule.requested.connect(self._on_schedule_requested)
            self.schedule.accounts_changed.connect(self._on_schedule_accounts_changed)
            layout.addWidget(self.schedule)
        self._shortcuts = self._make_shortcuts()

        self.setTabOrder(self.editor, self.finding_list)
        self.counters.set_networks(self.selected_networks())
        self.preview.set_networks(self.selected_networks())
        if self.media is not None:
            self.media.set_networks(self.selected_networks())
        self._reopen_draft()
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self._on_editor_text_changed()

    def _make_shortcuts(self) -> list[QShortcut]:
        """Ctrl+N new post, Ctrl+Enter schedule, Ctrl+(Shift+)Tab preview tabs, Ctrl+P preview on/off."""
        actions = (
            (QKeySequence.StandardKey.New, self.new_post),
            ("Ctrl+Return", self.request_schedule),
            ("Ctrl+Enter", self.request_schedule),
            ("Ctrl+Tab", lambda: self.preview.step_tab(1)),
            ("Ctrl+Shift+Tab", lambda: self.preview.step_tab(-1)),
            ("Ctrl+Shift+Backtab", lambda: self.preview.step_tab(-1)),  # what X11 sends for Ctrl+Shift+Tab
            ("Ctrl+P", self.toggle_preview),
        )
        shortcuts = []
        for keys, action in actions:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)
            shortcuts.append(shortcut)
        return shortcuts

    def _reopen_draft(self) -> None:
        """Bring back what was being written when Studio stopped: the text and the pictures.

        A draft with text is filled in once the pool has counted it (the first count compiles the engine's
        link pattern, 0.1-0.3 s), which starts when the view is first shown: the window shows at once, and
        the editor is read-only until the draft is in.
        """
        if self.autosave is None:
            return
        if self.media is not None:
            autosave = self.autosave
            self.media.changed.connect(lambda: autosave.media_changed(self._media_rows()))
        post = self.autosave.latest()
        if post is None or not post.body or self._workers.synchronous:
            self._fill_draft(post)
            return
        self.editor.setReadOnly(True)
        self.editor.setPlaceholderText("Opening your draft…")
        self._open_draft = (
            self._workers.task(self._engine.count_all, post.body)
            .on_success(lambda _counts: self._fill_draft(post))
            .on_failure(lambda _error: self._fill_draft(post))
            .run
        )

    def _fill_draft(self, post: Post | None) -> None:
        self.editor.setReadOnly(False)
        self.editor.setPlaceholderText(PostEditor.PLACEHOLDER)
        if post is None or self.autosave is None or self.autosave.post_id != post.id:
            return  # none, or the user started another post meanwhile (Ctrl+N)
        self.editor.setPlainText(post.body)
        if self.media is not None:
            self.media.attach_all([(m.media, m.template, m.caption) for m in post.media])

    def _media_rows(self) -> tuple[tuple[int, str, str], ...]:
        return self.media.rows() if self.media is not None else ()

    def new_post(self) -> None:
        """Keep the current draft and start an empty one (Ctrl+N)."""
        if self.autosave is not None:
            self.flush()
            self.autosave.new_draft()
        self._fill_draft(None)  # the editor is writable at once, even while the old draft is on its way
        self._clear()

    def _clear(self) -> None:
        self.editor.clear()
        if self.media is not None:
            self.media.clear()
        self.editor.setFocus()

    def flush(self) -> None:
        """Save everything pending now: alt text, text and pictures (on close, before scheduling)."""
        if self.media is not None:
            self.media.flush()
        if self.autosave is not None:
            self.autosave.flush()

    def toggle_preview(self) -> None:
        """Show or hide the preview pane (Ctrl+P)."""
        self.preview.setVisible(not self.preview.isVisible())

    def request_schedule(self) -> None:
        """Schedule, or send to review when review is on (Ctrl+Enter)."""
        if self.schedule is not None:
            self.schedule.request()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._open_draft is not None:  # after the first paint, like the app's other warm-ups
            QTimer.singleShot(0, self, self._open_draft)
            self._open_draft = None
        if self.schedule is not None:
            self.schedule.refresh()  # an account may have been added in the Accounts view
        if self._primed:
            self.insert.load_hashtags()  # new posts may have new tags
        else:
            # The engine compiles its link pattern on first use (0.1 s and more): do that in the pool soon
            # after start-up (not during it), not on the UI thread when the first link is typed. The
            # hashtag menu needs the engine too, so it is filled then.
            self._primed = True
            if self._workers.synchronous:
                self._prime()
            else:
                QTimer.singleShot(PRIME_AFTER_MS, self, self._prime)

    def _prime(self) -> None:
        engine = self._engine

        def warm() -> None:  # in the pool: the link pattern; the checks and splitter, which load lazily
            engine.count_all("https://example.edu")
            _ = engine.check, engine.split

        self._workers.task(warm).run()
        self.insert.load_hashtags()

    @Slot(object)
    def _on_schedule_requested(self, choice: ScheduleChoice) -> None:
        assert self.schedule is not None
        assert self._store is not None
        if self.media is not None:
            self.media.flush()
            problems = self.media.problems()
            if problems:
                self.schedule.show_problem("Before it can go out: " + "; ".join(problems) + ".")
                return
        try:
            post = save_and_schedule(
                self._store, self.autosave, self.editor.toPlainText(), self._media_rows(), choice
            )
        except UserError as error:
            self.schedule.show_problem(say(error))
            return
        zone = self.schedule.zone()
        when = post.scheduled_at.astimezone(zone).strftime("%a %d %b %H:%M") if post.scheduled_at else "now"
        where = ", ".join(d.account_name for d in post.deliveries)
        done = "sent to review" if post.status is PostStatus.IN_REVIEW else "scheduled"
        self._messages.info(f"Post {post.id} {done}: {where}, {when}")
        self._clear()
        self.insert.load_hashtags()
        self.scheduled.emit(post.id)

    @Slot()
    def _on_schedule_accounts_changed(self) -> None:
        assert self.schedule is not None
        chosen = self.schedule.chosen()
        for account in chosen:
            chip = self.chips.get(account.network)
            if chip is not None and not chip.isChecked():
                chip.setChecked(True)  # the counters and previews follow the networks posted to
        self.preview.set_accounts(chosen)

    def selected_networks(self) -> list[str]:
        """Ids of the networks whose counters are shown, in registry order."""
        return [n for n, chip in self.chips.items() if chip.isChecked()]

    @Slot(bool)
    def _on_chip_toggled(self, _checked: bool) -> None:
        self.counters.set_networks(self.selected_networks())
        self.preview.set_networks(self.selected_networks())
        if self.media is not None:
            self.media.set_networks(self.selected_networks())
        self._refresh_counts(self.editor.toPlainText())

    @Slot()
    def _on_editor_text_changed(self) -> None:
        text = self.editor.toPlainText()
        self._refresh_counts(text)
        if self.autosave is not None and not self.editor.isReadOnly():
            # Read-only: the draft is still on its way, and this empty text must not be saved over it.
            self.autosave.changed(text)
        self._split_for_overflow(text)
        if not text.strip():
            # Nothing to check; this also keeps loading the word lists out of start-up with an empty editor.
            self._workers.supersede(f"compose-check-{id(self)}")
            self._on_checked(text, [])
            return
        self._workers.task(self._engine.check, text).on_success(
            lambda found: self._on_checked(text, found)
        ).on_failure(self._on_check_failed).latest(f"compose-check-{id(self)}").run()

    def _refresh_counts(self, text: str) -> None:
        counts = self._engine.count_all(text)
        self.counters.set_counts(counts)
        over = [
            (c.overflow_start, n)
            for n in self.selected_networks()
            if (c := counts.get(n)) is not None and c.overflow_start is not None
        ]
        self._overflow = None
        self._overflow_network: str | None = None
        if over:
            start, network = min(over)
            self._overflow = (start, next(x.name for x in NETWORKS if x.id == network))
            self._overflow_network = network
        kept = [f for f in self.findings.findings if f.end <= len(text)]
        self.editor.mark(text, self._overflow, kept)
        self._marked: list[FindingLike] = kept
        self.preview.set_text(text, counts)

    @Slot()
    def _on_media_changed(self) -> None:
        if self.media is not None:
            self.preview.set_attachments(self.media.attachments)

    def _split_for_overflow(self, text: str) -> None:
        """When the text is too long for a network, show it as that network's thread (split in the pool)."""
        network = self._overflow_network
        if network is None:
            self.side.show_thread("", [])
            return
        self._workers.task(self._engine.split, text, network, numbering=True).on_success(
            lambda parts: self._on_split(network, parts)
        ).on_failure(self._on_check_failed).latest(f"compose-thread-{id(self)}").run()

    def _on_split(self, network: str, parts: list[str]) -> None:
        if network != self._overflow_network:
            return
        self.side.show_thread(next(n.name for n in NETWORKS if n.id == network), parts)

    def _on_checked(self, text: str, found: Sequence[FindingLike]) -> None:
        if text != self.editor.toPlainText():
            return  # the user typed on; a newer check is on its way
        self.side.show_findings(found)
        if list(found) != self._marked:  # most keystrokes change no finding: the marks stand
            self.editor.mark(text, self._overflow, found)
            self._marked = list(found)
        self.checked.emit()

    def _on_check_failed(self, error: BaseException) -> None:
        self._messages.error("The content checks could not run", str(error))

    @Slot(QModelIndex)
    def _on_finding_list_activated(self, index: QModelIndex) -> None:
        text = self.editor.toPlainText()
        utf16 = Utf16Map(text)
        cursor = self.editor.textCursor()
        cursor.setPosition(utf16.to_utf16(int(index.data(FindingRole.START))))
        cursor.setPosition(utf16.to_utf16(int(index.data(FindingRole.END))), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()
