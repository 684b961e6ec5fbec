"""Bring a picture into the workspace: check it is a usable image, copy it in once, describe it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from studio.errors import UserError
from studio.store import MediaItem, MediaKind, Store

__all__ = ["MIME", "guess_kind", "import_picture", "import_pictures"]

MIME = {  # the image formats Studio takes, by Pillow's name
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}


def guess_kind(image_format: str) -> MediaKind:
    """Camera formats are photos (cropped around the focus); drawn formats are cartoons (never cropped).

    Only a first guess: the user changes it in the media strip.
    """
    return MediaKind.PHOTO if image_format in {"JPEG", "MPO"} else MediaKind.CARTOON


def import_picture(
    store: Store,
    path: Path,
    *,
    kind: MediaKind | None = None,
    alt_text: str = "",
    focus: tuple[float, float] = (0.0, 0.0),
) -> MediaItem:
    """Check `path` (InputError naming the file when it is not a usable image) and add it to the workspace."""
    from studio import media  # Pillow, loaded with the first import rather than at start-up

    info = media.inspect(path)
    return store.media.add(
        path,
        width=info.width,
        height=info.height,
        mime=MIME.get(info.format, "application/octet-stream"),
        kind=kind or guess_kind(info.format),
        alt_text=alt_text,
        focus=focus,
    )


def import_pictures(
    store: Store, paths: Sequence[Path], *, progress: Callable[[int, int], None] | None = None
) -> tuple[list[MediaItem], list[UserError]]:
    """Import each picture; one bad file is reported and the others still come in."""
    items: list[MediaItem] = []
    errors: list[UserError] = []
    for done, path in enumerate(paths, 1):
        try:
            items.append(import_picture(store, path))
        except UserError as error:
            errors.append(error)
        if progress is not None:
            progress(done, len(paths))
    return items, errors
