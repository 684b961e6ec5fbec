"""What the preview pane runs in the pool: renders at a pixel width, the kit's identity, and link cards.

Pictures are rendered by the brand engine's `Previewer`. A Previewer is not thread-safe, so the pane runs at
most one render at a time; it keeps each decoded picture and frame, so a caption change only re-composites
the overlay. Nothing here touches a widget or a QPixmap: the UI thread makes the pixmaps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from PySide6.QtGui import QImage

from studio.gui.compose.previewcard import Identity, LinkCard

if TYPE_CHECKING:
    from studio.brand import BrandKit, Previewer
    from studio.store import Store

__all__ = [
    "KEEP_RENDERS",
    "PREVIEW_WIDTH",
    "PRIME_AFTER_MS",
    "PreviewerSlot",
    "RenderKey",
    "RenderRequest",
    "bundled_kit",
    "kit_identity",
    "kit_of",
    "link_card",
    "render_previews",
]

PREVIEW_WIDTH = 540
PRIME_AFTER_MS = 1000  # background warm-ups (kit, link pattern) wait until the window is up and idle


@dataclass(frozen=True, slots=True)
class RenderRequest:
    """A snapshot, made on the UI thread, of what one preview shows."""

    source: Path
    format_id: str
    template: str
    caption: str
    focus: tuple[float, float]


def bundled_kit() -> BrandKit:
    """The bundled example kit: what previews use without a workspace (a view built on its own)."""
    from studio.brand import default_kit

    return default_kit()


def kit_of(store: Store | None) -> Callable[[], BrandKit]:
    """The workspace's kit as a loader for the pool (the render engine loads there, not at start-up)."""
    if store is None:
        return bundled_kit

    def load() -> BrandKit:
        from studio.workflows.kits import workspace_kit

        return workspace_kit(store)

    return load


class PreviewerSlot:
    """Holds one Previewer per pixel width; only ever used by the single render in flight.

    `kit` gives the workspace's kit (called in the pool: loading checks the kit's files); an edited kit
    loads as a new object, and the previewers made with the old one are replaced.
    """

    def __init__(self, kit: Callable[[], BrandKit] = bundled_kit) -> None:
        self.kit = kit
        self.previewers: dict[int, tuple[BrandKit, Previewer]] = {}


def render_previews(slot: PreviewerSlot, requests: Sequence[RenderRequest], width: int) -> list[QImage]:
    """Render every picture of the post in the pool, `width` device pixels wide, as QImages.

    The UI thread makes the pixmaps. A Previewer keeps each decoded picture and frame, so a caption
    change only re-composites the overlay.
    """
    kit = slot.kit()
    kept = slot.previewers.get(width)
    if kept is None or kept[0] is not kit:
        from studio.brand import Previewer

        kept = slot.previewers[width] = (kit, Previewer(kit, width))
    previewer = kept[1]
    images = []
    for request in requests:
        preview = previewer.preview(
            request.source, request.format_id, request.template, request.caption, request.focus
        )
        image = preview.image.convert("RGB")
        data = image.tobytes()
        images.append(
            QImage(data, image.width, image.height, 3 * image.width, QImage.Format.Format_RGB888).copy()
        )
    return images


def kit_identity(kit_loader: Callable[[], BrandKit] = bundled_kit) -> Identity:
    """Who a post appears from when no account is chosen: the workspace's brand kit, in its colour."""
    kit = kit_loader()
    colour = dict(kit.colours).get("primary") or kit.colours[0][1]
    handle = "@" + "".join(ch for ch in kit.name.lower() if ch.isalnum())
    return Identity(kit.name, handle, "#{:02x}{:02x}{:02x}".format(*colour))


def link_card(text: str) -> LinkCard | None:
    """The first link of the text as a card titled with its domain (offline-first: nothing is fetched)."""
    from studio.text.entities import url_spans

    spans = url_spans(text, without_scheme=False)
    if not spans:
        return None
    url = text[spans[0][0] : spans[0][1]]
    domain = urlsplit(url if "://" in url else f"https://{url}").hostname or url
    return LinkCard(domain.removeprefix("www."), url)


class RenderKey(NamedTuple):
    """What one render is of: a format, the post's pictures as they are now, and the pixel width."""

    format_id: str
    requests: tuple[RenderRequest, ...]
    width: int


KEEP_RENDERS = 24  # formats x recent states: enough to go back and forth between tabs for free
