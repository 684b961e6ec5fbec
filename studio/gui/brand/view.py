"""The Brand view: the workspace's kit, edited in place, and every template's sample rendered in the pool."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPixmap, QShortcut, QShowEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from studio.brand import BrandKit, Previewer, load_kit
from studio.brand.kitedit import (
    KitChange,
    is_bundled,
    set_colour,
    set_font,
    set_help_desk_url,
    set_name,
    undo,
)
from studio.errors import UserError
from studio.gui.brand.choices import free_name, set_logo_file
from studio.gui.brand.colours import ColoursPanel
from studio.gui.brand.details import OTHER_FONT, KitDetails, logo_tile_style
from studio.gui.brand.images import load_logo
from studio.gui.brand.kitapi import KitLike, PreviewerLike
from studio.gui.brand.prompts import Prompts
from studio.gui.brand.samples import Sample, SampleCard, SampleResult, render_samples
from studio.gui.brand.switcher import KitSwitcher
from studio.gui.messages import MessageBridge
from studio.gui.scroll import scrolling
from studio.gui.workers import Workers
from studio.store import Store
from studio.workflows.kits import KitEntry, kit_entries, kit_in_use, new_kit, use_kit

__all__ = ["BrandView", "Sample", "SampleResult"]

_HEADER_LOGO_WIDTH, _HEADER_LOGO_HEIGHT = 96, 44
_PAD = 6  # px of primary colour around the logo on its tile


def _previewer(kit: KitLike) -> PreviewerLike:
    assert isinstance(kit, BrandKit)  # the view is only ever given kits that studio.brand loaded
    return Previewer(kit, 540)


class BrandView(QWidget):
    """The workspace's kit: switch it, copy it, edit it (checked, written atomically, undoable), and see
    every template's sample re-rendered in the pool after each change.

    Without a store (the first constructor argument list only) the view shows the kit read-only.

    Signals:
        samples_rendered(): every sample card shows its image or its problem.
        kit_changed(object): the BrandKit the workspace now uses, after an edit, an undo or a switch.
    """

    samples_rendered = Signal()
    kit_changed = Signal(object)

    def __init__(
        self,
        kit: KitLike,
        previewer: PreviewerLike,
        samples: Sequence[Sample],
        workers: Workers,
        messages: MessageBridge,
        parent: QWidget | None = None,
        *,
        store: Store | None = None,
        previewer_for: Callable[[KitLike], PreviewerLike] = _previewer,
        prompts: Prompts | None = None,
    ) -> None:
        super().__init__(parent)
        self._kit = kit
        self._previewer = previewer
        self._previewer_for = previewer_for
        self._samples = tuple(samples)
        self._workers = workers
        self._messages = messages
        self._store = store
        self.prompts = prompts or Prompts()  # tests replace the dialogs with answers
        self.changes: list[KitChange] = []  # the undo stack, newest last
        self._started = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._header())

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 8, 8, 8)
        layout.setSpacing(14)
        self.details = KitDetails()
        self.logo = self.details.logo
        self.details.name_edited.connect(lambda text: self._edit_later(set_name, text))
        self.details.link_edited.connect(lambda text: self._edit_later(set_help_desk_url, text))
        self.details.font_chosen.connect(self._on_details_font_chosen)
        self.details.logo_clicked.connect(self._on_details_logo_clicked)
        layout.addWidget(self.details)
        self.colours = ColoursPanel()
        self.colours.colour_clicked.connect(self._on_colours_colour_clicked)
        layout.addWidget(self.colours)
        samples_title = QLabel("Templates")
        samples_title.setObjectName("SectionTitle")
        layout.addWidget(samples_title)
        grid = QGridLayout()
        grid.setSpacing(14)
        self.cards: list[SampleCard] = []
        for i, sample in enumerate(self._samples):
            card = SampleCard(sample)
            self.cards.append(card)
            grid.addWidget(card, i // 3, i % 3, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        layout.addStretch(1)
        outer.addWidget(scrolling(body, "Brand kit and template samples"), 1)

        undo_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo_key.activated.connect(self.undo)
        editable = store is not None
        self.switcher.setVisible(editable)
        self.details.setEnabled(editable)
        self.colours.setEnabled(editable)
        self._show_kit()

    @classmethod
    def for_workspace(
        cls,
        store: Store,
        kit: KitLike,
        samples: Sequence[Sample],
        workers: Workers,
        messages: MessageBridge,
        *,
        previewer_for: Callable[[KitLike], PreviewerLike] = _previewer,
        prompts: Prompts | None = None,
    ) -> BrandView:
        """The view of the workspace's kit `kit`, editable; switching and copying kits go through `store`."""
        return cls(
            kit,
            previewer_for(kit),
            samples,
            workers,
            messages,
            store=store,
            previewer_for=previewer_for,
            prompts=prompts,
        )

    @property
    def kit(self) -> KitLike:
        """The kit shown (and, with a store, the one the workspace uses)."""
        return self._kit

    @property
    def swatches(self) -> dict[str, str]:
        """Each colour's `#rrggbb` as shown."""
        return {name: value.lower() for name, value in self.colours.swatches().items()}

    def _header(self) -> QVBoxLayout:
        title = QLabel("Brand")
        title.setObjectName("ViewTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("ViewSubtitle")
        # The kit's logo, small, on its primary colour, beside the kit's name: which kit this is, at a glance.
        self.header_logo = QLabel()
        self.header_logo.setFixedSize(_HEADER_LOGO_WIDTH, _HEADER_LOGO_HEIGHT)
        self.header_logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        header = QHBoxLayout()
        header.setSpacing(12)
        header.addWidget(self.header_logo)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles)
        header.addStretch(1)
        self.switcher = KitSwitcher()
        self.switcher.kit_chosen.connect(self._on_switcher_kit_chosen)
        self.switcher.new_clicked.connect(self._on_switcher_new_clicked)
        self.switcher.folder_clicked.connect(self._on_switcher_folder_clicked)
        self.switcher.undo_clicked.connect(self.undo)
        self.read_only_note = QLabel("The example kit is read-only: a change first makes a copy to edit.")
        self.read_only_note.setObjectName("ViewSubtitle")
        rows = QVBoxLayout()
        rows.setSpacing(6)
        rows.addLayout(header)
        rows.addWidget(self.switcher)
        rows.addWidget(self.read_only_note)
        return rows

    def _show_kit(self) -> None:
        kit = self._kit
        self.subtitle.setText(f"{kit.name} · help desk {kit.help_desk_url}")
        self.header_logo.setStyleSheet(logo_tile_style(kit).replace("10px", "6px"))
        self.header_logo.setAccessibleName(f"{kit.name} logo")
        self.details.show_kit(kit)
        self.colours.show_kit(kit)
        self.read_only_note.setVisible(self._store is not None and is_bundled(kit.folder))
        if self._store is not None:
            self.switcher.show_entries(kit_entries(self._store))
        self.switcher.show_undo(self.changes[-1].what if self.changes else None)

    def _use(self, kit: KitLike, *, keep_undo: bool = True) -> None:
        """Show `kit`, render its samples again and tell the app."""
        if not keep_undo:
            self.changes.clear()
        self._kit = kit
        self._previewer = self._previewer_for(kit)
        self._show_kit()
        if self._started:
            self.refresh()
        self.kit_changed.emit(kit)

    # Editing

    def _editable_folder(self) -> Path | None:
        """The folder of the kit to change; the bundled example is copied first, if the user agrees."""
        if self._store is None:
            return None
        if not is_bundled(self._kit.folder):
            return self._kit.folder
        if not self.prompts.confirm(
            self,
            "Make a copy to edit?",
            f"{self._kit.name} is Studio's example kit and cannot be changed. Make a copy of it in this "
            "workspace, use the copy, and make the change there?",
        ):
            return None
        entry = self._copy_kit()
        return entry.folder if entry is not None else None

    def _edit(self, change: Callable[[Path], KitChange]) -> None:
        folder = self._editable_folder()
        if folder is None:
            self._show_kit()  # put back what a field or combo shows
            return
        try:
            done = change(folder)
        except UserError as error:
            self._messages.user_error(error)
            self._show_kit()
            return
        self.changes.append(done)
        self._use(done.kit)

    def _edit_later(self, setter: Callable[[Path, str], KitChange], text: str) -> None:
        self._edit(lambda folder: setter(folder, text))

    def undo(self) -> None:
        """Take back the last change: kit.toml as it was, byte for byte."""
        if not self.changes:
            return
        change = self.changes.pop()
        try:
            kit = undo(change)
        except UserError as error:
            self._messages.user_error(error)
            self._show_kit()
            return
        self._use(kit)

    def _on_colours_colour_clicked(self, name: str) -> None:
        current = QColor(self.colours.rows[name].value.text())
        folder = self._editable_folder()
        if folder is None:
            return
        colour = self.prompts.colour(self, f"{self._kit.name}: {name} colour", current)
        if colour is not None:
            self._edit(lambda f: set_colour(f, name, colour.name()))

    def _on_details_font_chosen(self, role: str, name: str) -> None:
        if name != OTHER_FONT:
            self._edit(lambda f: set_font(f, role, name))
            return
        picked = self.prompts.file(self, f"Choose a {role} font", "Fonts (*.ttf *.otf *.ttc)")
        if picked is None:
            self._show_kit()
            return
        self._edit(lambda f: set_font(f, role, picked))

    def _on_details_logo_clicked(self) -> None:
        picked = self.prompts.file(self, "Choose a logo", "Logos (*.png *.svg)")
        if picked is not None:
            self._edit(lambda folder: set_logo_file(folder, picked))

    # Kits

    def _on_switcher_kit_chosen(self, entry: KitEntry) -> None:
        assert self._store is not None
        try:
            use_kit(self._store, entry.id)
            kit = load_kit(entry.folder)
        except UserError as error:
            self._messages.user_error(error)
            self.switcher.select_in_use()
            return
        self._use(kit, keep_undo=False)

    def _on_switcher_new_clicked(self) -> None:
        self._copy_kit()

    def _copy_kit(self) -> KitEntry | None:
        """Copy the kit in use into the workspace under a name the user gives, and use the copy."""
        assert self._store is not None
        name = self.prompts.text(
            self,
            "New kit",
            f"A copy of {self._kit.name} goes into this workspace's kits folder.\n"
            "Folder name (lower-case letters, digits and '-'):",
            free_name(self._store, self._kit.folder.name),
        )
        if not name:
            return None
        try:
            made = new_kit(self._store, name.strip(), kit_in_use(self._store))
            use_kit(self._store, made.id)
            kit = load_kit(made.folder)
        except UserError as error:
            self._messages.user_error(error)
            return None
        self._use(kit, keep_undo=False)
        return made

    def _on_switcher_folder_clicked(self) -> None:
        if not self.prompts.open_folder(self._kit.folder):
            self._messages.warning(f"The kit folder could not be opened: {self._kit.folder}")

    # Rendering

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:  # rendering waits until someone looks, so the app starts fast
            self._started = True
            self.refresh()

    def refresh(self) -> None:
        """Load the logo and render every sample in the pool (a newer refresh drops an older one's)."""
        self._workers.task(load_logo, self._kit.logo).on_success(self._on_logo_loaded).on_failure(
            self._on_logo_failed
        ).latest(f"brand-logo-{id(self)}").run()
        self._workers.task(render_samples, self._previewer, self._samples).on_progress(
            self._on_samples_progress
        ).on_success(self._on_samples_rendered).latest(f"brand-samples-{id(self)}").run()

    def _on_logo_loaded(self, image: QImage) -> None:
        self.details.show_logo(self._fitted(image, self.logo.width() - 24, self.logo.height() - 24))
        self.header_logo.setPixmap(
            self._fitted(image, _HEADER_LOGO_WIDTH - 2 * _PAD, _HEADER_LOGO_HEIGHT - 2 * _PAD)
        )

    def _fitted(self, image: QImage, width: int, height: int) -> QPixmap:
        """`image` scaled to fit width by height logical pixels, sharp on HiDPI screens."""
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap.fromImage(image).scaled(
            round(width * ratio),
            round(height * ratio),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        pixmap.setDevicePixelRatio(ratio)
        return pixmap

    def _on_logo_failed(self, error: BaseException) -> None:
        self.details.show_logo(None)
        self._messages.warning(f"The kit's logo could not be shown: {self._kit.logo}", str(error))

    def _on_samples_progress(self, done: int, total: int) -> None:
        for card in self.cards[done:]:
            card.picture.setText(f"Rendering… ({done} of {total} done)")

    def _on_samples_rendered(self, results: list[SampleResult]) -> None:
        for card, result in zip(self.cards, results, strict=True):
            card.show_result(result)
        self.samples_rendered.emit()
