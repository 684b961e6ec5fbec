"""The Brand view: the kit at a glance and a sample of every template, rendered in the pool."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from studio.errors import UserError
from studio.gui.brand.images import to_qimage
from studio.gui.brand.kitapi import KitLike, PreviewerLike
from studio.gui.messages import MessageBridge
from studio.gui.scroll import scrolling
from studio.gui.workers import Workers
from studio.platforms import format_by_id

__all__ = ["BrandView", "Sample", "SampleResult"]

_CARD_WIDTH = 250
_HEADER_LOGO_WIDTH, _HEADER_LOGO_HEIGHT = 96, 44


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


def _load_logo(path: Path) -> QImage:
    with Image.open(path) as image:
        image.thumbnail((480, 240))  # twice the label, so HiDPI screens get sharp pixels
        return to_qimage(image)


class _SampleCard(QFrame):
    def __init__(self, sample: Sample) -> None:
        super().__init__()
        self.setObjectName("Card")
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
        self.detail = QLabel(f"{fmt.id} · {fmt.width}\N{MULTIPLICATION SIGN}{fmt.height}")
        self.detail.setObjectName("ViewSubtitle")
        self.detail.setWordWrap(True)
        layout.addWidget(self.detail)
        self.setAccessibleName(f"Sample of the {sample.template} template, {fmt.id}")

    def show_result(self, result: SampleResult) -> None:
        if result.image is None:
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
        if result.notes:
            self.detail.setText(f"{self.detail.text()}\n{'; '.join(result.notes)}")


class BrandView(QWidget):
    """Shows one kit and renders a sample of each of its templates the first time the view is shown.

    Signals:
        samples_rendered(): every sample card shows its image or its problem.
    """

    samples_rendered = Signal()

    def __init__(
        self,
        kit: KitLike,
        previewer: PreviewerLike,
        samples: Sequence[Sample],
        workers: Workers,
        messages: MessageBridge,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._kit = kit
        self._previewer = previewer
        self._samples = tuple(samples)
        self._workers = workers
        self._messages = messages
        self._started = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Brand")
        title.setObjectName("ViewTitle")
        subtitle = QLabel(f"{kit.name} · help desk {kit.help_desk_url}")
        subtitle.setObjectName("ViewSubtitle")
        # The kit's logo, small, beside the kit's name: which kit this is, at a glance.
        self.header_logo = QLabel()
        self.header_logo.setFixedSize(_HEADER_LOGO_WIDTH, _HEADER_LOGO_HEIGHT)
        self.header_logo.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.header_logo.setAccessibleName(f"{kit.name} logo")
        header = QHBoxLayout()
        header.setSpacing(12)
        header.addWidget(self.header_logo)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(title)
        titles.addWidget(subtitle)
        header.addLayout(titles)
        header.addStretch(1)
        outer.addLayout(header)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 8, 8, 8)
        layout.setSpacing(14)
        layout.addWidget(self._kit_card())
        samples_title = QLabel("Templates")
        samples_title.setObjectName("SectionTitle")
        layout.addWidget(samples_title)
        grid = QGridLayout()
        grid.setSpacing(14)
        self.cards: list[_SampleCard] = []
        for i, sample in enumerate(self._samples):
            card = _SampleCard(sample)
            self.cards.append(card)
            grid.addWidget(card, i // 3, i % 3, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        layout.addStretch(1)
        outer.addWidget(scrolling(body, "Brand kit and template samples"), 1)

    def _kit_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("Card")
        row = QHBoxLayout(card)
        row.setContentsMargins(16, 16, 16, 16)
        row.setSpacing(24)
        self.logo = QLabel("Logo…")
        self.logo.setFixedSize(240, 120)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo.setAccessibleName(f"{self._kit.name} logo")
        row.addWidget(self.logo)
        colours = QGridLayout()
        colours.setHorizontalSpacing(14)
        colours.setVerticalSpacing(6)
        self.swatches: dict[str, str] = {}
        entries = [*self._kit.colours, *self._kit.status_colours]
        for i, (name, rgb) in enumerate(entries):
            hex_colour = "#{:02x}{:02x}{:02x}".format(*rgb)
            self.swatches[name] = hex_colour
            swatch = QLabel()
            swatch.setFixedSize(22, 22)
            # A swatch's colour is data from the kit, so it is set here rather than in the style sheet.
            swatch.setStyleSheet(
                f"background: {hex_colour}; border-radius: 6px; border: 1px solid rgba(0, 0, 0, 40);"
            )
            swatch.setAccessibleName(f"{name} {hex_colour}")
            label = QLabel(f"{name}  <span style='color: gray'>{hex_colour}</span>")
            cell = QHBoxLayout()
            cell.setSpacing(8)
            cell.addWidget(swatch)
            cell.addWidget(label)
            colours.addLayout(cell, i % 5, i // 5)
        row.addLayout(colours)
        fonts = QLabel(
            "<b>Heading</b><br>"
            + ", ".join(p.stem for p in self._kit.heading_fonts[:2])
            + "<br><br><b>Body</b><br>"
            + ", ".join(p.stem for p in self._kit.body_fonts[:2])
        )
        fonts.setObjectName("ViewSubtitle")
        fonts.setAccessibleName("Fonts")
        row.addWidget(fonts)
        row.addStretch(1)
        return card

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:  # rendering waits until someone looks, so the app starts fast
            self._started = True
            self.refresh()

    def refresh(self) -> None:
        """Load the logo and render every sample in the pool."""
        self._workers.task(_load_logo, self._kit.logo).on_success(self._on_logo_loaded).on_failure(
            self._on_logo_failed
        ).latest(f"brand-logo-{id(self)}").run()
        self._workers.task(render_samples, self._previewer, self._samples).on_progress(
            self._on_samples_progress
        ).on_success(self._on_samples_rendered).latest(f"brand-samples-{id(self)}").run()

    def _on_logo_loaded(self, image: QImage) -> None:
        self.logo.setPixmap(self._fitted(image, self.logo.width() - 16, self.logo.height() - 16))
        self.header_logo.setPixmap(self._fitted(image, self.header_logo.width(), self.header_logo.height()))

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
        self.logo.setText("No logo")
        self._messages.warning(f"The kit's logo could not be shown: {self._kit.logo}", str(error))

    def _on_samples_progress(self, done: int, total: int) -> None:
        for card in self.cards[done:]:
            card.picture.setText(f"Rendering… ({done} of {total} done)")

    def _on_samples_rendered(self, results: list[SampleResult]) -> None:
        for card, result in zip(self.cards, results, strict=True):
            card.show_result(result)
        self.samples_rendered.emit()
