"""The Compose view: the editor, the network chips, the live counters and the findings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from studio.gui.compose import parts
from studio.gui.compose.autosave import DraftAutosave
from studio.gui.compose.editor import PostEditor
from studio.gui.compose.engine import FindingLike, TextEngine
from studio.gui.compose.export import (
    ExportDialog,
    ask_save_path,
    default_folder,
    offer_frames,
    open_export,
)
from studio.gui.compose.findings import FindingRole
from studio.gui.compose.formatchoice import FormatChoice
from studio.gui.compose.insert import InsertTools
from studio.gui.compose.mediastrip import MediaStrip
from studio.gui.compose.networktext import ALL, NetworkTexts
from studio.gui.compose.opening import EditBanner, Opener
from studio.gui.compose.previewpane import PreviewPane
from studio.gui.compose.rendering import PRIME_AFTER_MS, kit_of
from studio.gui.compose.room import writing_splitter
from studio.gui.compose.schedule import SchedulePanel
from studio.gui.compose.sending import Sender
from studio.gui.compose.side import SidePanel
from studio.gui.compose.tally import Tally
from studio.gui.flow import FlowLayout
from studio.gui.messages import MessageBridge
from studio.gui.theme import Theme
from studio.gui.workers import Workers
from studio.platforms import NETWORKS
from studio.store import Store
from studio.workflows.posting import PostChange

if TYPE_CHECKING:
    from studio.brand import BrandKit
    from studio.store import Post

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
        self.engine = engine
        self.workers = workers
        self.messages = messages
        self.autosave = autosave
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)

        row, self.saved_label, subtitle = parts.heading()
        self.banner = EditBanner()
        chips, self.chips = parts.network_chips(networks, self._on_chip_toggled)
        layout.addLayout(row)
        layout.addWidget(subtitle)
        layout.addWidget(self.banner)
        layout.addLayout(chips)

        self.editor = PostEditor(theme)
        self.texts = NetworkTexts()
        self.texts.switched.connect(self._on_texts_switched)
        self.texts.reset.connect(self._on_texts_switched)
        self._tally = Tally(engine)
        self.filling = False  # the editor is being filled with a stored post: not an edit by the person
        editing = parts.column(self.texts, self.editor)
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
        self.media: MediaStrip | None = None
        self.schedule: SchedulePanel | None = None
        self.insert = InsertTools(self.editor, workers, store, self)
        writing: QWidget
        if store is not None:
            self.media = MediaStrip(store, workers, messages)
            self.media.changed.connect(self._on_media_changed)
            tools = self.media.tools  # one row: # Hashtag, Emoji, then the pictures' Add…, Remove
            self.editor.take_pictures = self.media.paste
            writing = writing_splitter(editing, self.media)
        else:
            writing = QWidget()
            typing = QVBoxLayout(writing)
            typing.setContentsMargins(0, 0, 0, 0)
            typing.addWidget(editing, 1)
            tools = FlowLayout()
            typing.addLayout(tools)
        for i, button in enumerate(self.insert.buttons):
            tools.insertWidget(i, button)
        self.preview = PreviewPane(theme, workers, engine, messages)
        offer_frames(self)  # right-click on a picture preview: Save image as…, Copy image
        self.export_button = QPushButton("Export…")  # short: the preview pane's header must fit narrow
        self.export_button.setToolTip("Export images: the pictures as branded frames in a folder (Ctrl+E)")
        self.export_button.setAccessibleName("Export images")
        self.export_button.clicked.connect(self.export_images)
        self.export_button.setEnabled(False)  # until the post has a picture
        self.preview.header.insertWidget(1, self.export_button)  # what you see, taken away
        self.ask_save_path: Callable[[Path], Path | None] = partial(ask_save_path, self)  # tests answer
        self.formats = FormatChoice()
        self.formats.changed.connect(self._on_format_chosen)
        preview_layout = self.preview.layout()
        assert isinstance(preview_layout, QVBoxLayout)
        preview_layout.insertWidget(2, self.formats)  # under the tabs: what the post will go out in

        self.splitter = parts.panes(writing, side, self.preview)
        layout.addWidget(self.splitter, 1)
        if store is not None:
            self.schedule = SchedulePanel(store)
            self.sending = Sender(self, store, messages)
            self.schedule.requested.connect(self.sending.send)
            self.schedule.accounts_changed.connect(self.sending.accounts_changed)
            self.schedule.override.connect(self.sending.allow)
            layout.addWidget(self.schedule)
        self.opener = Opener(self, store, messages)
        self.kit_loader: Callable[[], BrandKit] = kit_of(store)  # the workspace's; the Brand view: set_kit
        self.preview.set_kit(self.kit_loader)
        self.export_folder = default_folder()
        self.banner.stop.connect(self.new_post)
        if autosave is not None:
            autosave.saved.connect(self._on_autosave_saved)
        self._shortcuts = parts.compose_shortcuts(self)

        parts.tab_chain(parts.tab_stops(self))  # down the writing column, then the checks beside it
        self._networks_changed()
        if self.media is not None and autosave is not None:
            self.media.changed.connect(self._on_media_rows_changed)
        self._open_draft = self.opener.reopen_latest()
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self._on_editor_text_changed()

    def fill(self, post: Post) -> None:
        """Show a stored post: texts, pictures, formats and accounts (not saved again: nothing changed)."""
        self.opener.fill(post)
        self._refresh_counts(self.editor.toPlainText())

    @Slot()
    def _on_media_rows_changed(self) -> None:
        if self.autosave is not None and not self.filling and self.opener.editing is None:
            self.autosave.media_changed(self._media_rows())

    def _media_rows(self) -> tuple[tuple[int, str, str], ...]:
        return self.media.rows() if self.media is not None else ()

    def new_post(self) -> None:
        """Keep the current draft (it stays in the Drafts list) and start an empty one (Ctrl+N)."""
        self.opener.stop_editing()
        if self.autosave is not None:
            self.flush()
            self.autosave.new_draft()
        self.opener.fill_draft(None)  # the editor is writable at once, even while the old draft is on its way
        self._clear()

    def open_post(self, post_id: int) -> bool:
        """Open a stored post: a draft to go on writing, a queued post to change; False when it cannot be
        changed any more (the message says why and offers a duplicate)."""
        return self.opener.open(post_id)

    def duplicate_post(self, post_id: int) -> None:
        """Open a new draft filled in from this post (an archived or sent one, say)."""
        self.opener.duplicate(post_id)

    def save_now(self) -> None:
        """Save the draft now (Ctrl+S), or the changes to a queued post being edited."""
        if self.opener.editing is not None:
            self.request_schedule()
            return
        if self.media is not None:
            self.media.flush()
        if self.autosave is not None and self.autosave.flush() is not None:
            self._on_autosave_saved(self.autosave.post_id or 0)

    def _clear(self) -> None:
        self.opener.clear()
        self.editor.setFocus()
        self._on_editor_text_changed()

    def flush(self) -> None:
        """Save everything pending now: alt text, texts, pictures, choices (on close, before scheduling)."""
        if self.media is not None:
            self.media.flush()
        if self.autosave is not None:
            self.autosave.flush()

    def export_images(self) -> ExportDialog | None:
        """Export the pictures as branded frames into a folder (Ctrl+E); the dialog, or None without any."""
        return open_export(self)

    def set_kit(self, kit: Callable[[], BrandKit]) -> None:
        """Previews and exported frames use this kit (the workspace's; called in the pool) from now on."""
        self.kit_loader = kit
        self.preview.set_kit(kit)

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
            if self.workers.synchronous:
                self._prime()
            else:
                QTimer.singleShot(PRIME_AFTER_MS, self, self._prime)

    def _prime(self) -> None:
        parts.warm_engine(self.workers, self.engine)
        self.insert.load_hashtags()

    def change(self, account_ids: Sequence[int], when: datetime | None) -> PostChange:
        """The post as it is on screen, for these accounts at `when`."""
        rows = self._media_rows()
        return PostChange(
            self.texts.main, tuple(account_ids), when, rows, self.texts.text_for(), self.formats.chosen()
        )

    def done(self) -> None:
        """The post went to the queue (or its changes were saved): start afresh."""
        self.opener.stop_editing()
        self._clear()
        self.insert.load_hashtags()

    def save_choices(self) -> None:
        """The chosen accounts or formats changed: the draft keeps them (a queued post: on Save changes)."""
        if self.autosave is None or self.filling or self.opener.editing is not None:
            return
        ids = self.schedule.chosen_ids() if self.schedule is not None else []
        self.autosave.choices_changed(self.formats.chosen(), ids)

    @Slot(str)
    def _on_format_chosen(self, network: str) -> None:
        if fmt := self.formats.format_on(network):
            self.preview.show_format(fmt)
        self.save_choices()

    @Slot(int)
    def _on_autosave_saved(self, _post_id: int) -> None:
        self.saved_label.setText(f"Saved {datetime.now().strftime('%H:%M')}")

    def selected_networks(self) -> list[str]:
        """Ids of the networks whose counters are shown, in registry order."""
        return [n for n, chip in self.chips.items() if chip.isChecked()]

    @Slot(bool)
    def _on_chip_toggled(self, _checked: bool) -> None:
        self._networks_changed()
        self._refresh_counts(self.editor.toPlainText())

    def _networks_changed(self) -> None:
        networks = self.selected_networks()
        self.counters.set_networks(networks)
        self.preview.set_networks(networks)
        self.texts.set_networks(networks)
        self.formats.set_networks(networks)
        if self.media is not None:
            self.media.set_networks(networks)

    @Slot()
    def _on_texts_switched(self) -> None:
        """Another tab (or "Use the main text"): the editor shows the text of that tab."""
        self.filling = True
        try:
            self.editor.setPlainText(self.texts.current_text())
        finally:
            self.filling = False
        self._on_editor_text_changed()

    @Slot()
    def _on_editor_text_changed(self) -> None:
        text = self.editor.toPlainText()
        if not self.filling:
            self.texts.take(text)
        self._refresh_counts(text)
        editable = not self.editor.isReadOnly() and not self.filling and self.opener.editing is None
        if self.autosave is not None and editable:
            # Read-only: the draft is still on its way, and this empty text must not be saved over it.
            self.autosave.changed(self.texts.main, self.texts.text_for())
        self.side.follow_overflow(
            self.workers, self.engine, text, self._overflow_network, self._on_check_failed
        )
        if not text.strip():
            # Nothing to check; this also keeps loading the word lists out of start-up with an empty editor.
            self.workers.supersede(f"compose-check-{id(self)}")
            self._on_checked(text, [])
            return
        self.workers.task(self.engine.check, text).on_success(
            lambda found: self._on_checked(text, found)
        ).on_failure(self._on_check_failed).latest(f"compose-check-{id(self)}").run()

    def _refresh_counts(self, text: str) -> None:
        """Each network's counter on the text it gets; the editor marks overflow for the tab's networks."""
        networks = self.selected_networks()
        counts = self._tally.counts(self.texts.main, self.texts.own, networks)
        self.counters.set_counts(counts)
        shown = [self.texts.current] if self.texts.current != ALL else self.texts.networks_on_main()
        over = [
            (c.overflow_start, n)
            for n in networks
            if n in shown and (c := counts.get(n)) is not None and c.overflow_start is not None
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
        self.preview.set_text(self.texts.main, counts, self.texts.own)

    @Slot()
    def _on_media_changed(self) -> None:
        if self.media is not None:
            attachments = self.media.attachments
            self.preview.set_attachments(attachments)
            self.formats.set_pictures(attachments[0].template if attachments else None)
            self.export_button.setEnabled(bool(attachments))

    def _on_checked(self, text: str, found: Sequence[FindingLike]) -> None:
        if text != self.editor.toPlainText():
            return  # the user typed on; a newer check is on its way
        self.side.show_findings(found)
        if list(found) != self._marked:  # most keystrokes change no finding: the marks stand
            self.editor.mark(text, self._overflow, found)
            self._marked = list(found)
        self.checked.emit()

    def _on_check_failed(self, error: BaseException) -> None:
        self.messages.error("The content checks could not run", str(error))

    @Slot(QModelIndex)
    def _on_finding_list_activated(self, index: QModelIndex) -> None:
        parts.select_finding(
            self.editor, int(index.data(FindingRole.START)), int(index.data(FindingRole.END))
        )
