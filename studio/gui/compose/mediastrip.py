"""The media strip: the post's pictures (add by dialog, drop or paste) and the chosen one's details."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelection, QMimeData, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.errors import UserError
from studio.gui.compose.attachments import (
    Attachment,
    AttachmentsModel,
    alt_text_limit,
    attachment_problems,
    default_template,
    fractions,
    load_thumbnail,
)
from studio.gui.compose.focuspicker import FocusPicker
from studio.gui.empty import HintListView
from studio.gui.flow import FlowLayout
from studio.gui.messages import MessageBridge
from studio.gui.scroll import scrolling
from studio.gui.workers import Workers
from studio.store import MediaItem, MediaKind, Store

__all__ = ["MediaStrip", "alt_text_limit"]

_FILTER = "Pictures (*.jpg *.jpeg *.png *.webp *.gif *.tif *.tiff *.bmp)"
_TEMPLATES = ("photo", "cartoon", "story", "tip", "status")  # the bundled kit's that take a picture
ALT_PAUSE_MS = 500


class MediaStrip(QWidget):
    """Thumbnails of the post's pictures and, for the selected one, kind, focus, alt text, template, caption.

    Signals:
        changed(): a picture was added, removed or re-described; the previews follow.
        imported(int): this many pictures came in from the last batch.
    """

    changed = Signal()
    imported = Signal(int)

    def __init__(
        self, store: Store, workers: Workers, messages: MessageBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._workers = workers
        self._messages = messages
        self._networks: list[str] = []
        self._pending_alt = ""
        self.model = AttachmentsModel(self)
        self.setAcceptDrops(True)

        self.list = HintListView("Drop photos or cartoons here, paste one, or choose Add… (Ctrl+Shift+O)")
        self.list.setObjectName("MediaStrip")
        self.list.setModel(self.model)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setIconSize(QSize(96, 72))
        self.list.setFixedHeight(112)
        self.list.setAccessibleName("Pictures of this post")
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)

        self.add_button = QPushButton("Add…")
        self.add_button.setToolTip("Add photos or cartoons (Ctrl+Shift+O), or drop them here, or paste")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove the selected picture from this post")
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.progress.setMinimumWidth(40)
        self.progress.hide()
        add = QShortcut(QKeySequence("Ctrl+Shift+O"), self)
        add.setContext(Qt.ShortcutContext.WindowShortcut)
        add.activated.connect(self.choose_files)

        self.focus_picker = FocusPicker()
        self.focus_picker.focus_picked.connect(self._on_focus_picker_focus_picked)
        self.kind = QComboBox()
        self.kind.addItems([k.value for k in MediaKind])
        self.kind.setAccessibleName("Kind: photos are cropped around the focus, cartoons never")
        self.kind.currentTextChanged.connect(self._on_kind_current_text_changed)
        self.alt = QPlainTextEdit()
        self.alt.setPlaceholderText("Describe the picture for people who cannot see it (required)")
        self.alt.setAccessibleName("Alt text")
        self.alt.setTabChangesFocus(True)
        self.alt.setFixedHeight(64)
        self.alt.textChanged.connect(self._on_alt_text_changed)
        self.alt_count = QLabel("")
        self.alt_count.setObjectName("ViewSubtitle")
        self.template = QComboBox()
        self.template.addItems(list(_TEMPLATES))
        self.template.setAccessibleName("Template")
        self.template.currentTextChanged.connect(self._on_template_current_text_changed)
        self.caption = QLineEdit()
        self.caption.setPlaceholderText("Caption on the picture")
        self.caption.setAccessibleName("Caption on the picture")
        self.caption.textEdited.connect(self._on_caption_text_edited)
        self._alt_timer = QTimer(self)
        self._alt_timer.setObjectName("alt-text-save")
        self._alt_timer.setSingleShot(True)
        self._alt_timer.setInterval(ALT_PAUSE_MS)
        self._alt_timer.timeout.connect(self.flush)

        self.details = QWidget()
        form = QFormLayout()
        form.addRow("Kind", self.kind)
        form.addRow("Template", self.template)
        form.addRow("Caption", self.caption)
        form.addRow("Alt text", self.alt)
        form.addRow("", self.alt_count)
        detail_layout = QVBoxLayout(self.details)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.focus_picker, 1)
        detail_layout.addLayout(form)
        # Scrolls when the window is short: the picture's details must not push the window off the screen.
        self.details_area = scrolling(self.details, "The chosen picture's details")
        self.details_area.setMinimumHeight(130)  # the focus point shows; the fields scroll. Fits 1280x720
        self.details_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take Tab; it follows them
        self.details_area.hide()

        self.tools = FlowLayout()  # Compose puts its hashtag and emoji buttons in front; wraps when narrow
        self.tools.addWidget(self.add_button)
        self.tools.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.tools)
        layout.addWidget(self.progress)
        layout.addWidget(self.list)
        layout.addWidget(self.details_area, 1)
        self._update_buttons()

    # --- what other parts ask ------------------------------------------------------------------------

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        """The post's pictures in order."""
        return self.model.attachments

    def current_row(self) -> int | None:
        """The selected picture's row."""
        rows = self.list.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def set_networks(self, networks: Sequence[str]) -> None:
        """The networks the post goes to decide the alt-text limit."""
        self._networks = list(networks)
        self._show_alt_count()

    def problems(self) -> list[str]:
        """What stops scheduling: a picture without alt text, or alt text over a network's limit."""
        return attachment_problems(self.attachments, self._networks)

    # --- adding --------------------------------------------------------------------------------------

    def choose_files(self) -> None:
        """Ask for pictures with the file dialog (Ctrl+Shift+O)."""
        names, _ = QFileDialog.getOpenFileNames(self, "Add pictures", "", _FILTER)
        if names:
            self.add_files([Path(n) for n in names])

    def add_files(self, paths: Sequence[Path]) -> None:
        """Import the files in the pool (with progress) and attach what came in."""
        from studio.workflows.pictures import import_pictures

        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self.progress.show()
        self._workers.task(import_pictures, self._store, list(paths)).on_progress(
            self._on_import_progress
        ).on_success(self._on_imported).on_failure(self._on_import_failed).run()

    def attach(self, item: MediaItem, template: str | None = None, caption: str = "") -> None:
        """Attach a picture already in the workspace."""
        self.attach_all([(item, template, caption)])

    def attach_all(self, pictures: Sequence[tuple[MediaItem, str | None, str]]) -> None:
        """Attach pictures (item, template or None for the kind's, caption) with one update for all."""
        first = None
        for item, template, caption in pictures:
            path = self._store.media.path(item)
            row = self.model.add(Attachment(item, path, template or default_template(item.kind), caption))
            first = row if first is None else first
            self._load_thumbnail(item.id, path)
        if first is None:
            return
        self.list.setCurrentIndex(self.model.index(first))
        self._update_buttons()
        self.changed.emit()

    def _load_thumbnail(self, media_id: int, path: Path) -> None:
        self._workers.task(load_thumbnail, path).on_success(
            lambda image: self._on_thumbnail_loaded(media_id, image)
        ).run()

    def clear(self) -> None:
        """Detach every picture (a new post starts empty)."""
        self._alt_timer.stop()
        while self.model.rowCount():
            self.model.remove(self.model.rowCount() - 1)
        self._update_buttons()
        self.changed.emit()

    def rows(self) -> tuple[tuple[int, str, str], ...]:
        """The pictures as the draft keeps them: (media id, template, caption) in order."""
        return tuple((a.item.id, a.template, a.caption) for a in self.attachments)

    def paste(self, mime: QMimeData) -> bool:
        """Attach pictures from pasted data (files or image bytes); False when there is none."""
        files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        if files:
            self.add_files(files)
            return True
        if mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage) and not image.isNull():
                handle, name = tempfile.mkstemp(prefix="pasted-", suffix=".png")
                os.close(handle)
                image.save(name)  # imported by content, so the temporary name never matters
                self.add_files([Path(name)])
                return True
        return False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.paste(event.mimeData()):
            event.acceptProposedAction()

    # --- describing ----------------------------------------------------------------------------------

    def flush(self) -> None:
        """Save a pending alt text now (after a pause in typing, on close, before scheduling)."""
        self._alt_timer.stop()
        row = self.current_row()
        if row is None:
            return
        attachment = self.attachments[row]
        text = self.alt.toPlainText()
        if text == attachment.item.alt_text:
            return
        self._describe(row, alt_text=text)

    def _describe(self, row: int, **changes: object) -> None:
        attachment = self.attachments[row]
        try:
            item = self._store.media.describe(attachment.item.id, **changes)  # type: ignore[arg-type]
        except UserError as error:
            self._messages.user_error(error)
            return
        self.model.update(row, item=item)
        self.changed.emit()

    @Slot(int, int)
    def _on_import_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_imported(self, result: tuple[list[MediaItem], list[UserError]]) -> None:
        items, errors = result
        self.progress.hide()
        for error in errors:
            self._messages.user_error(error)
        self.attach_all([(item, None, "") for item in items])
        self.imported.emit(len(items))

    def _on_import_failed(self, error: BaseException) -> None:
        self.progress.hide()
        if isinstance(error, UserError):
            self._messages.user_error(error)
        else:
            raise error

    def _on_thumbnail_loaded(self, media_id: int, image: QImage) -> None:
        self.model.set_thumbnail(media_id, image)
        row = self.current_row()
        if row is not None and self.attachments[row].item.id == media_id:
            self._show_details(row)

    @Slot(QItemSelection, QItemSelection)
    def _on_list_selection_changed(self, _new: QItemSelection, old: QItemSelection) -> None:
        if self._alt_timer.isActive() and old.indexes():
            self._alt_timer.stop()
            previous = old.indexes()[0].row()
            if previous < len(self.attachments):
                self._describe(previous, alt_text=self._pending_alt)
        row = self.current_row()
        self._update_buttons()
        if row is not None:
            self._show_details(row)

    def _show_details(self, row: int) -> None:
        attachment = self.attachments[row]
        for widget, value in (
            (self.kind, attachment.item.kind.value),
            (self.template, attachment.template),
        ):
            widget.blockSignals(True)
            widget.setCurrentText(value)
            widget.blockSignals(False)
        if self.caption.text() != attachment.caption:
            self.caption.setText(attachment.caption)
        if self.alt.toPlainText() != attachment.item.alt_text:
            self.alt.blockSignals(True)
            self.alt.setPlainText(attachment.item.alt_text)
            self.alt.blockSignals(False)
        self.focus_picker.set_picture(self.model.thumbnail(attachment.item.id), fractions(attachment.item))
        self._show_alt_count()

    def _show_alt_count(self) -> None:
        limit = alt_text_limit(self._networks)
        length = len(self.alt.toPlainText().strip())
        if not length:
            self.alt_count.setText("Alt text is required before scheduling.")
        elif limit is not None:
            self.alt_count.setText(f"{length:,} of {limit:,} characters")
        else:
            self.alt_count.setText(f"{length:,} characters")
        self.alt_count.setProperty("over", limit is not None and length > limit)

    def _update_buttons(self) -> None:
        row = self.current_row()
        self.remove_button.setEnabled(row is not None)
        self.details_area.setVisible(row is not None)

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        row = self.current_row()
        if row is None:
            return
        self._alt_timer.stop()
        self.model.remove(row)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1)))
        self._update_buttons()
        self.changed.emit()

    @Slot(float, float)
    def _on_focus_picker_focus_picked(self, x: float, y: float) -> None:
        row = self.current_row()
        if row is not None:
            self._describe(row, focus=(round(x * 2 - 1, 4), round(1 - y * 2, 4)))

    @Slot(str)
    def _on_kind_current_text_changed(self, value: str) -> None:
        row = self.current_row()
        if row is None:
            return
        kind = MediaKind(value)
        self.model.update(row, template=default_template(kind))
        self.template.blockSignals(True)
        self.template.setCurrentText(default_template(kind))
        self.template.blockSignals(False)
        self._describe(row, kind=kind)

    @Slot(str)
    def _on_template_current_text_changed(self, value: str) -> None:
        row = self.current_row()
        if row is not None:
            self.model.update(row, template=value)
            self.changed.emit()

    @Slot(str)
    def _on_caption_text_edited(self, text: str) -> None:
        row = self.current_row()
        if row is not None:
            self.model.update(row, caption=text)
            self.changed.emit()

    @Slot()
    def _on_alt_text_changed(self) -> None:
        self._pending_alt = self.alt.toPlainText()
        self._show_alt_count()
        self._alt_timer.start()
