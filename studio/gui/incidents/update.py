"""Posting an update: the stage, the text prefilled from its template, counters, the status card, "Post now".

Keyboard: Alt+S the stage, Alt+N the next update, the text has focus when the panel opens, Ctrl+Return posts.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.gui.compose.engine import TextEngine
from studio.platforms import network_by_id
from studio.workflows.stages import FINAL, STAGES, IncidentKind, stage_label

__all__ = ["UpdatePanel", "count_line", "next_stages"]

# The order stages are offered in: where the story usually goes next comes first.
_ORDER = {
    IncidentKind.OUTAGE: ("identified", "monitoring", "resolved", "investigating"),
    IncidentKind.MAINTENANCE: ("starting", "in_progress", "extended", "complete", "announced"),
}


def next_stages(kind: IncidentKind, stage: str) -> list[str]:
    """The stages that may follow `stage`, the likely next one first, repeating the current one last."""
    allowed = STAGES[kind][stage]
    ahead = [s for s in _ORDER[kind] if s in allowed and s != stage]
    return ahead + ([stage] if stage in allowed else [])


def count_line(engine: TextEngine | None, text: str, networks: Sequence[str]) -> tuple[str, bool]:
    """`Mastodon 212/500 · Bluesky 312/300 → 2 posts` for the incident's networks, and whether all fit."""
    if engine is None:
        return "Counting is not in this build", True
    counts = engine.count_all(text)
    pieces = []
    fits = True
    for network in networks:
        count = counts.get(network)
        if count is None:  # a handoff-only network the engine does not count
            continue
        piece = f"{network_by_id(network).name} {count.length}/{count.limit}"
        if not count.ok:
            fits = False
            parts = len(engine.split(text, network, numbering=True))
            piece += f" → a thread of {parts} posts"
        pieces.append(piece)
    return " · ".join(pieces) or "No network to count for", fits


class UpdatePanel(QWidget):
    """The next update of one incident; emits what to post, the view posts it.

    Signals:
        stage_changed(str): the user picked a stage (the view refills the text and the card).
        next_changed(int): the promised minutes changed (the view refills the text if untouched).
        text_edited(): the user typed (the view recounts).
        post_requested(str, str, int): stage, text, minutes until the next update.
        close_requested(): the user wants to close the incident (the view checks the workflow allows it).
    """

    stage_changed = Signal(str)
    next_changed = Signal(int)
    text_edited = Signal()
    post_requested = Signal(str, str, int)
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind = IncidentKind.OUTAGE
        self._filling = False
        self.touched = False  # the user edited the prefilled text: a stage change asks before replacing it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Post update")
        title.setObjectName("SectionTitle")
        layout.addWidget(title)
        form = QFormLayout()
        self.stage = QComboBox()
        self.stage.setAccessibleName("Stage")
        self.next_update = QSpinBox()
        self.next_update.setRange(0, 24 * 60)
        self.next_update.setSingleStep(5)
        self.next_update.setSuffix(" min")
        self.next_update.setSpecialValueText("no promise")
        self.next_update.setAccessibleName("Next update in minutes")
        row = QHBoxLayout()
        row.addWidget(self.stage, 1)
        row.addWidget(QLabel("next update in"))
        row.addWidget(self.next_update)
        stage_label_widget = QLabel("&Stage")
        stage_label_widget.setBuddy(self.stage)
        form.addRow(stage_label_widget, row)
        layout.addLayout(form)
        body = QHBoxLayout()
        editor_column = QVBoxLayout()
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("Editor")
        self.editor.setAccessibleName("Update text")
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(150)
        editor_column.addWidget(self.editor, 1)
        self.counts = QLabel()
        self.counts.setObjectName("ViewSubtitle")
        self.counts.setAccessibleName("Length on each network")
        self.counts.setWordWrap(True)
        editor_column.addWidget(self.counts)
        body.addLayout(editor_column, 3)
        card_column = QVBoxLayout()
        self.card = QLabel("Rendering the status card…")
        self.card.setObjectName("StatusCardPreview")
        self.card.setAccessibleName("Status card preview")
        self.card.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card.setFixedSize(256, 144)
        self.card.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        card_column.addWidget(self.card)
        card_column.addStretch(1)
        body.addLayout(card_column, 0)
        layout.addLayout(body, 1)
        self.problem = QLabel()
        self.problem.setObjectName("FormProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        self.hint = QLabel("Ctrl+Return posts to every account of the incident")
        self.hint.setObjectName("ViewSubtitle")
        buttons.addWidget(self.hint, 1)
        self.close_button = QPushButton("Close incident…")
        self.close_button.setToolTip("Pick the resolved/complete stage: its post closes the incident")
        self.close_button.clicked.connect(self.close_requested.emit)
        buttons.addWidget(self.close_button)
        self.post_button = QPushButton("Post now")
        self.post_button.setDefault(True)
        self.post_button.setToolTip(
            "Posts this update now, as a reply in the incident's thread (Ctrl+Return)"
        )
        buttons.addWidget(self.post_button)
        layout.addLayout(buttons)
        submit = QShortcut(QKeySequence("Ctrl+Return"), self)
        submit.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        submit.activated.connect(self._on_post_clicked)
        self.post_button.clicked.connect(self._on_post_clicked)
        self.stage.currentIndexChanged.connect(self._on_stage_index_changed)
        self.next_update.valueChanged.connect(self._on_next_value_changed)
        self.editor.textChanged.connect(self._on_editor_text_changed)

    # --- what the view sets ---------------------------------------------------------------------------
    def set_stages(self, kind: IncidentKind, stages: Sequence[str], default_minutes: int) -> None:
        """Offer these stages (the first is picked) without announcing a change."""
        self._kind = kind
        self._filling = True
        try:
            self.stage.clear()
            for stage in stages:
                self.stage.addItem(stage_label(stage).capitalize(), stage)
            self.next_update.setValue(default_minutes)
        finally:
            self._filling = False
        self._update_for_stage()

    def set_text(self, text: str) -> None:
        """Replace the text with a fresh draft (the user has not touched it since)."""
        self._filling = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._filling = False
        self.touched = False

    def set_counts(self, line: str, fits: bool) -> None:
        """Show the per-network count line (a long text still posts: as a numbered thread)."""
        self.counts.setText(line)
        self.counts.setProperty("fits", fits)

    def set_card(self, image: QImage | None, note: str = "") -> None:
        """Show the card preview, or a note when there is none."""
        if image is None:
            self.card.setPixmap(QPixmap())
            self.card.setText(note)
            return
        pixmap = QPixmap.fromImage(image).scaled(
            self.card.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.card.setPixmap(pixmap)

    def show_problem(self, text: str) -> None:
        """Say why the last post did not go (empty: nothing)."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def set_busy(self, busy: bool) -> None:
        """While posting, the button cannot be pressed twice."""
        self.post_button.setEnabled(not busy)
        self.post_button.setText("Posting…" if busy else self._button_text())

    def choose_stage(self, stage: str) -> bool:
        """Pick `stage` if it is offered (announces the change as the user's pick would)."""
        index = self.stage.findData(stage)
        if index >= 0:
            self.stage.setCurrentIndex(index)
        return index >= 0

    @property
    def current_stage(self) -> str:
        """The stage picked."""
        return str(self.stage.currentData() or "")

    # --- slots -------------------------------------------------------------------------------------------
    def _button_text(self) -> str:
        return "Post and close" if self.current_stage == FINAL[self._kind] else "Post now"

    def _update_for_stage(self) -> None:
        final = self.current_stage == FINAL[self._kind]
        self.next_update.setEnabled(not final)
        self.post_button.setText(self._button_text())
        self.hint.setText(
            "Posting this closes the incident and releases the held posts"
            if final
            else "Ctrl+Return posts to every account of the incident"
        )

    @Slot(int)
    def _on_stage_index_changed(self, _index: int) -> None:
        if self._filling:
            return
        self._update_for_stage()
        self.stage_changed.emit(self.current_stage)

    @Slot(int)
    def _on_next_value_changed(self, minutes: int) -> None:
        if not self._filling:
            self.next_changed.emit(minutes)

    @Slot()
    def _on_editor_text_changed(self) -> None:
        if not self._filling:
            self.touched = True
        self.text_edited.emit()

    @Slot()
    def _on_post_clicked(self) -> None:
        if self.post_button.isEnabled() and self.current_stage:
            minutes = 0 if self.current_stage == FINAL[self._kind] else self.next_update.value()
            self.post_requested.emit(self.current_stage, self.editor.toPlainText(), minutes)
