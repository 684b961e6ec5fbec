"""Export images… (Ctrl+E): the post's pictures as branded frames in a folder, no account or schedule needed.

The formats are the ones the post goes out in (each chosen network's chosen format), or every format; the
folder chosen is offered again next time. Rendering runs in the pool with progress; then "Show in folder".
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from studio.errors import InputError, UserError
from studio.gui.compose.attachments import Attachment, fractions
from studio.gui.messages import MessageBridge
from studio.gui.workers import Workers
from studio.platforms import FORMATS, format_by_id, network_by_id
from studio.workflows.frames import ExportResult, Frame, export_frames, formats_for, stem_for

if TYPE_CHECKING:
    from studio.brand import BrandKit
    from studio.gui.compose.view import ComposeView

__all__ = [
    "ExportDialog",
    "default_folder",
    "export_dialog",
    "frame_action",
    "offer_frames",
    "open_export",
    "preview_menu",
]

KitLoader = Callable[[], "BrandKit"]  # the workspace's kit; called in the pool (loading takes a while)


def default_folder() -> Path:
    """Where frames go unless the person chose another folder: Pictures/Studio in their home."""
    return Path.home() / "Pictures" / "Studio"


def open_export(view: ComposeView) -> ExportDialog | None:
    """Export images… from Compose: the dialog for its pictures, opened; None (said why) without any."""
    attachments = view.media.attachments if view.media is not None else ()
    dialog = export_dialog(
        attachments, view.selected_networks(), view.formats.chosen(), view.kit_loader,
        view.workers, view.messages, view.export_folder, view,
    )  # fmt: skip
    if dialog is not None and view.schedule is not None and not view.schedule.chosen_ids():
        dialog.every_format.setChecked(True)  # no account: a frame to take away, in any format
    if dialog is not None:
        dialog.finished.connect(lambda _code: setattr(view, "export_folder", dialog.chosen_folder()))
        dialog.open()
    return dialog


def offer_frames(view: ComposeView) -> None:
    """Give the preview card its right-click menu."""
    card = view.preview.card
    card.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    card.customContextMenuRequested.connect(lambda at: preview_menu(view, card.mapToGlobal(at)))


def preview_menu(view: ComposeView, at: QPoint) -> QMenu | None:
    """Right-click on a picture preview: Save image as… and Copy image, full size in the shown format."""
    fmt = view.preview.current_format()
    if fmt is None or view.media is None or not view.media.attachments:
        return None
    menu = QMenu(view)
    menu.addAction("Save image as…", lambda: _save_as(view, fmt))
    menu.addAction("Copy image", lambda: frame_action(view, fmt, copy=True))
    menu.popup(at)
    return menu


def _save_as(view: ComposeView, format_id: str) -> None:
    attachments = view.media.attachments if view.media is not None else ()
    first = attachments[0]
    frame = Frame(first.path, first.template, first.caption)
    suggested = view.export_folder / f"{stem_for(frame, 1)}.{format_id}.jpg"
    dest = view.ask_save_path(suggested)
    if dest is not None:
        frame_action(view, format_id, copy=False, dest=dest)


def ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
    """Where to save one image (the system's Save dialog)."""
    picked, _filter = QFileDialog.getSaveFileName(
        parent, "Save image as", str(suggested), "JPEG image (*.jpg)"
    )
    return Path(picked) if picked else None


def frame_action(view: ComposeView, format_id: str, copy: bool, dest: Path | None = None) -> None:
    """The preview's first picture, full size in `format_id`: saved as `dest`, or copied (right-click)."""
    attachments = view.media.attachments if view.media is not None else ()
    if not attachments:
        return
    first = attachments[0]
    frame = Frame(first.path, first.template, first.caption, fractions(first.item))
    kit = view.kit_loader

    def run() -> bytes:
        with tempfile.TemporaryDirectory(prefix="studio-frame-") as scratch:
            written = export_frames([frame], kit(), [format_id], Path(scratch))
            if written.problems:
                raise InputError(
                    "picture 1", "; ".join(written.problems), "check the picture and its template"
                )
            return written.paths[0].read_bytes()

    def done(data: bytes) -> None:
        if copy:
            QGuiApplication.clipboard().setImage(QImage.fromData(data))
            view.messages.info(f"Copied the {format_id} frame: paste it anywhere.")
            return
        assert dest is not None
        try:
            dest.write_bytes(data)
        except OSError as error:
            view.messages.error(f"{dest} could not be written", error.strerror or str(error))
            return
        view.messages.info(f"Saved {dest.name}", action=("Show in folder", lambda: _show(dest.parent)))

    view.workers.task(run).on_success(done).on_failure(
        lambda error: view.messages.error("The frame could not be made", str(error))
    ).run()


def _show(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def export_dialog(
    attachments: Sequence[Attachment],
    networks: Sequence[str],
    chosen: dict[str, str],
    kit: KitLoader,
    workers: Workers,
    messages: MessageBridge,
    folder: Path,
    parent: QWidget | None = None,
) -> ExportDialog | None:
    """The dialog for the post's pictures; None (and a message) when it has none yet."""
    if not attachments:
        messages.info("Add a picture first: Export images writes the post's pictures as branded frames.")
        return None
    frames = [Frame(a.path, a.template, a.caption, fractions(a.item)) for a in attachments]
    formats = formats_for(networks, chosen, attachments[0].template)
    return ExportDialog(frames, formats, kit, workers, messages, folder, parent)


def _tilde(folder: Path) -> str:
    """The folder as people write it: ~/Pictures/Studio for one in their home."""
    try:
        return str(Path("~") / folder.expanduser().relative_to(Path.home()))
    except ValueError:
        return str(folder)


def _names(format_ids: Sequence[str]) -> str:
    """Each format as a person names it: "Instagram story, X landscape, Mastodon"."""
    names = []
    for format_id in format_ids:
        fmt = format_by_id(format_id)
        kind = format_id.removeprefix(fmt.network).removeprefix("-")
        names.append(f"{network_by_id(fmt.network).name} {kind}".strip())
    return ", ".join(names)


class ExportDialog(QDialog):
    """Which formats, which folder, Export; then progress, and what was written."""

    def __init__(
        self,
        frames: Sequence[Frame],
        post_formats: Sequence[str],
        kit: KitLoader,
        workers: Workers,
        messages: MessageBridge,
        folder: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export images")
        self._frames = tuple(frames)
        self._kit = kit
        self._workers = workers
        self._messages = messages
        self.written: ExportResult | None = None
        self.choose_folder: Callable[[Path], Path | None] = self._ask_folder  # tests answer for the person
        count = len(self._frames)
        intro = QLabel(f"{count} picture{'s' * (count != 1)}, branded with the kit, as JPEG files.")
        self.post_formats = QRadioButton(f"The formats this post goes out in: {_names(post_formats)}")
        self.post_formats.setEnabled(bool(post_formats))
        self.every_format = QRadioButton(f"Every format ({len(FORMATS)})")
        group = QButtonGroup(self)
        group.addButton(self.post_formats)
        group.addButton(self.every_format)
        (self.post_formats if post_formats else self.every_format).setChecked(True)
        self._post = tuple(post_formats)
        self.folder = QLineEdit(_tilde(folder))
        self.folder.setAccessibleName("Folder to write the images to")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._on_browse_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel("Into"))
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Export progress")
        self.progress.hide()
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        self.show_folder = QPushButton("Show in folder")
        self.show_folder.hide()
        self.show_folder.clicked.connect(self._on_show_folder_clicked)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.post_formats)
        layout.addWidget(self.every_format)
        layout.addLayout(folder_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addWidget(self.show_folder)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def chosen_folder(self) -> Path:
        """The folder in the field (~ expanded; empty: Pictures/Studio)."""
        return Path(self.folder.text().strip() or str(default_folder())).expanduser()

    def formats(self) -> tuple[str, ...]:
        """The formats chosen."""
        return self._post if self.post_formats.isChecked() else tuple(f.id for f in FORMATS)

    def export(self) -> None:
        """Render into the folder in the pool; the dialog stays open to show progress and the result."""
        out = self.chosen_folder()
        if not self.folder.text().strip():
            self.outcome.setText("Choose a folder to write the images to.")
            return
        formats, frames, kit = self.formats(), self._frames, self._kit
        self.export_button.setEnabled(False)
        self.progress.setRange(0, len(frames) * len(formats))
        self.progress.setValue(0)
        self.progress.show()
        self.outcome.setText("Rendering…")

        def run(progress: Callable[[int, int], None]) -> ExportResult:
            return export_frames(frames, kit(), formats, out, progress)

        self._workers.task(run).on_progress(self._on_progress).on_success(self._on_done).on_failure(
            self._on_failed
        ).run()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_done(self, result: ExportResult) -> None:
        self.written = result
        self.export_button.setEnabled(True)
        self.progress.setValue(self.progress.maximum())
        folder = self.chosen_folder()
        text = f"Wrote {len(result.paths)} image{'s' * (len(result.paths) != 1)} to {_tilde(folder)}."
        if result.problems:
            text += " Not written: " + "; ".join(result.problems)
        self.outcome.setText(text)
        self.show_folder.setVisible(bool(result.paths))
        self._messages.info(text, action=("Show in folder", self._on_show_folder_clicked))

    def _on_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.progress.hide()
        if isinstance(error, UserError):
            self.outcome.setText(error.line())
        else:
            self.outcome.setText(f"The images could not be exported: {error}")

    @Slot()
    def _on_browse_clicked(self) -> None:
        chosen = self.choose_folder(self.chosen_folder())
        if chosen is not None:
            self.folder.setText(_tilde(chosen))

    def _ask_folder(self, start: Path) -> Path | None:
        picked = QFileDialog.getExistingDirectory(self, "Export images into", str(start))
        return Path(picked) if picked else None

    @Slot()
    def _on_show_folder_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.chosen_folder())))
