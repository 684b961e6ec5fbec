"""A stand-in for the safe image import until `studio.media.inspect` is merged (then this file goes)."""

from __future__ import annotations

from pathlib import Path

from studio.errors import InputError

_MIME = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}
_MAX_PIXELS = 100_000_000


def inspect_image(path: Path) -> tuple[int, int, str]:
    """(width, height, mime) of a usable image; InputError naming the file otherwise."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            if image.format not in _MIME:
                raise InputError(f"image {path}", f"{image.format} is not supported", "use JPEG or PNG")
            if image.width * image.height > _MAX_PIXELS:
                raise InputError(f"image {path}", "is too large", "scale it down below 100 megapixels")
            image.load()
            return image.width, image.height, _MIME[image.format]
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as error:
        why = "not an image Studio can read" if isinstance(error, UnidentifiedImageError) else str(error)
        raise InputError(f"image {path}", why, "export it again as JPEG or PNG") from None
