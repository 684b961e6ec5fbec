"""The app's live preview: the render pipeline at preview scale, keeping what a text change does not touch.

A `Previewer` decodes each picture once, keeps each format's placed picture (the frame), and on a caption
change only lays out and pastes the overlay again. It is plain Pillow: the app turns the image into a QImage.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PIL import Image

from studio import media
from studio.brand.compose import Frame, build_overlay, compose, picture_frame
from studio.brand.fields import fields_for
from studio.brand.kit import BrandKit
from studio.brand.pyramid import Pyramid
from studio.platforms import format_by_id

__all__ = ["Preview", "Previewer"]

_KEEP_PICTURES = 8
K = TypeVar("K")
V = TypeVar("V")
_KEEP_FRAMES = 32


@dataclass(frozen=True, slots=True)
class Preview:
    """One preview: the image (RGB) and what the user should know (contrast, shortened caption, decode)."""

    image: Image.Image
    contrast: float | None
    warnings: tuple[str, ...]


class Previewer:
    """Renders previews at `width` pixels wide for one kit; cheap to call again when only the text changes."""

    def __init__(self, kit: BrandKit, width: int = 540) -> None:
        self.kit = kit
        self.width = width
        self._pictures: OrderedDict[Path, tuple[media.LoadedImage, Pyramid]] = OrderedDict()
        self._frames: OrderedDict[tuple[object, ...], tuple[Frame, float | None]] = OrderedDict()

    def preview(
        self,
        source: Path | None,
        format_id: str,
        template: str | None = None,
        caption: str = "",
        focus: tuple[float, float] | None = None,
        status: str | None = None,
    ) -> Preview:
        """The preview of `source` (None for text-only templates) in one format; raises InputError."""
        fmt = format_by_id(format_id)
        chosen = self.kit.template(template or self.kit.default_template)
        layout = chosen.layout(fmt.id)
        size = (self.width, max(1, round(self.width * fmt.height / fmt.width)))
        fields, resolved = fields_for(self.kit, chosen, caption, status)
        decoded = self._picture(source) if source is not None and layout.picture != "none" else None
        loaded, picture = decoded if decoded else (None, None)
        key = (source, fmt.id, layout, size, focus, resolved if layout.background == "status" else None)
        known = self._frames.get(key)
        frame = (
            known[0]
            if known
            else picture_frame(self.kit, layout, size, picture, focus or (0.5, 0.5), resolved)
        )
        overlay = build_overlay(self.kit, layout, fmt, size, fields, resolved)
        # What is behind the text boxes does not change with the words: measure the contrast once per frame.
        image, contrast = compose(frame, overlay, known[1] if known else None)
        if not known:
            _remember(self._frames, key, (frame, contrast), _KEEP_FRAMES)
        notes = list(loaded.warnings if loaded else ())
        if overlay.shortened:
            notes.append("caption too long: shortened with …")
        return Preview(image, contrast, tuple(notes))

    def forget(self, source: Path) -> None:
        """Drop a picture (it changed on disk or left the post)."""
        self._pictures.pop(source, None)
        for key in [k for k in self._frames if k[0] == source]:
            del self._frames[key]

    def _picture(self, source: Path) -> tuple[media.LoadedImage, Pyramid]:
        decoded = self._pictures.get(source)
        if decoded is None:
            # Big enough for the tallest preview frame (the 9:16 story) at this width.
            loaded = media.load(source, cover=(self.width, round(self.width * 16 / 9)))
            decoded = (loaded, Pyramid(loaded.image))
            _remember(self._pictures, source, decoded, _KEEP_PICTURES)
        return decoded


def _remember(cache: OrderedDict[K, V], key: K, value: V, keep: int) -> None:
    """Least-recently-used bookkeeping: at most `keep` entries."""
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > keep:
        cache.popitem(last=False)
