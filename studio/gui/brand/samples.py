"""Template samples: what to render, rendering them in the pool, and the card that shows one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QVBoxLayout

from studio.errors import UserError
from studio.gui.brand.images import to_qimage
from studio.gui.brand.kitapi import PreviewerLike
from studio.platforms import format_by_id

__all__ = ["Sample", "SampleCard", "SampleResult", "render_samples"]

_CARD_WIDTH = 250


@dataclass(frozen=True, slots=True)
class Sample:
    """One template sample to render: which template, in which format, with what caption and picture."""

    template: str
    format_id: str
    caption: str
    source: Path | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class SampleResult:
    """A rendered sample (a QImage, safe to make off the UI thread) or why it could not be rendered."""

    sample: Sample
    image: QImage | None
    notes: tuple[str, ...]


def render_samples(
    previewer: PreviewerLike, samples: Sequence[Sample], progress: Callable[[int, int], None]
) -> list[SampleResult]:
    """Render every sample in turn (one previewer is not shared between threads); runs in the pool."""
    results = []
    for done, sample in enumerate(samples, start=1):
        try:
            preview = previewer.preview(
                sample.source, sample.format_id, sample.template, sample.caption, None, sample.status
            )
        except UserError as error:
            results.append(SampleResult(sample, None, (error.line(),)))
        else:
            notes = list(preview.warnings)
            if preview.contrast is not None:
                notes.append(f"caption contrast {preview.contrast:.1f}:1")
            results.append(SampleResult(sample, to_qimage(preview.image), tuple(notes)))
        progress(done, len(samples))
    return results


class SampleCard(QFrame):
    """One template's sample: the picture, the template's name, its format and any notes."""

    def __init__(self, sample: Sample) -> None:
        super().__init__()
        self.setObjectName("Card")
        self.result: SampleResult | None = None  # the last one shown (tests read its pixels)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        self.picture = QLabel("Rendering…")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        fmt = format_by_id(sample.format_id)
        self.picture.setFixedSize(_CARD_WIDTH, round(_CARD_WIDTH * min(fmt.height / fmt.width, 16 / 9)))
        self.picture.setObjectName("SamplePicture")
        layout.addWidget(self.picture)
        title = QLabel(f"{sample.template}")
        title.setObjectName("SectionTitle")
        layout.addWidget(title)
        self._format = f"{fmt.id} · {fmt.width}\N{MULTIPLICATION SIGN}{fmt.height}"
        self.detail = QLabel(self._format)
        self.detail.setObjectName("ViewSubtitle")
        self.detail.setWordWrap(True)
        layout.addWidget(self.detail)
        self.setAccessibleName(f"Sample of the {sample.template} template, {fmt.id}")

    def show_result(self, result: SampleResult) -> None:
        """Show a rendered sample, or why it could not be rendered."""
        self.result = result
        notes = "; ".join(result.notes)
        self.detail.setText(f"{self._format}\n{notes}" if notes else self._format)
        if result.image is None:
            self.picture.setPixmap(QPixmap())
            self.picture.setText("\n".join(result.notes))
            self.picture.setWordWrap(True)
            return
        pixmap = QPixmap.fromImage(result.image)
        ratio = self.devicePixelRatioF()
        pixmap = pixmap.scaled(
            round(self.picture.width() * ratio),
            round(self.picture.height() * ratio),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        pixmap.setDevicePixelRatio(ratio)
        self.picture.setPixmap(pixmap)
