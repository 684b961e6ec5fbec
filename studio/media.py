"""Safe image import and export: limits, orientation, colour modes, metadata stripping, atomic writes.

This is the boundary where Pillow's exceptions become `InputError`s that name the file, say why and say the
fix; code above it only sees `ImageInfo`, `LoadedImage` and `studio.errors`.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from studio.errors import InputError

__all__ = [
    "MAX_PIXELS",
    "SUPPORTED_FORMATS",
    "ImageInfo",
    "LoadedImage",
    "encode_jpeg",
    "encode_jpeg_within",
    "inspect",
    "load",
    "write_atomic",
]

# 100 megapixels: above any phone or DSLR photo, so a decompression bomb cannot eat gigabytes.
MAX_PIXELS = 100_000_000
SUPPORTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF", "TIFF", "BMP"})
_ANIMATED_FORMATS = frozenset(
    {"GIF", "PNG", "WEBP"}
)  # MPO's second frame is a depth/preview image, not motion
_ORIENTATION_TAG = 0x0112
_FIX_EXPORT = "export it again as JPEG or PNG"


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """What `inspect` found: the format, the size as displayed (EXIF orientation applied), frames and mode."""

    format: str
    width: int
    height: int
    frames: int
    mode: str


@dataclass(frozen=True, slots=True)
class LoadedImage:
    """A decoded picture in RGB or RGBA, upright, with what the user should know about the decode."""

    image: Image.Image
    warnings: tuple[str, ...]
    original_size: tuple[int, int]  # full-resolution size, upright, before any draft-mode reduction
    format: str


def inspect(path: Path) -> ImageInfo:
    """Check that `path` is a usable image without keeping it; raises `InputError` naming the file."""
    with _opened(path) as image:
        info = ImageInfo(
            format=str(image.format),
            width=_upright_size(image)[0],
            height=_upright_size(image)[1],
            frames=int(getattr(image, "n_frames", 1)),
            mode=image.mode,
        )
        if image.format in {"JPEG", "MPO"}:
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        _decode(path, image)  # a truncated file only shows itself when decoded
    return info


def load(path: Path, *, cover: tuple[int, int] | None = None) -> LoadedImage:
    """Decode `path` once, upright, in RGB/RGBA; JPEGs at the smallest draft scale that still covers `cover`.

    `cover` is (width, height) of the largest box the picture must fill after orientation; None decodes at
    full size.
    """
    notes: list[str] = []
    with _opened(path) as image:
        original = _upright_size(image)
        fmt = str(image.format)
        frames = int(getattr(image, "n_frames", 1))
        if frames > 1 and fmt in _ANIMATED_FORMATS:
            notes.append(f"animated ({frames} frames): only the first frame is used")
        if cover is not None and fmt in {"JPEG", "MPO"}:
            box = cover if original == image.size else (cover[1], cover[0])  # draft works before rotation
            image.draft("RGB", (max(1, box[0]), max(1, box[1])))
        caught = _decode(path, image)
        with warnings.catch_warnings():
            warnings.simplefilter(
                "ignore"
            )  # Pillow's EXIF parser warns on odd tags; orientation still applies
            upright = ImageOps.exif_transpose(image)
        normalised = _normalise(upright, notes)
    notes.extend(caught)
    return LoadedImage(image=normalised, warnings=tuple(notes), original_size=original, format=fmt)


def encode_jpeg(image: Image.Image, quality: int = 85) -> bytes:
    """JPEG bytes with no EXIF, GPS, XMP or comment, tagged sRGB so colours don't shift on other screens."""
    clean = image.convert("RGB") if image.mode != "RGB" else image.copy()
    clean.info.clear()  # Pillow re-writes a comment/XMP it finds in info; the copy carries none
    out = io.BytesIO()
    clean.save(
        out,
        "JPEG",
        quality=quality,
        optimize=True,
        progressive=True,
        subsampling="4:2:0",
        icc_profile=_srgb_profile(),
    )
    return out.getvalue()


def encode_jpeg_within(image: Image.Image, max_bytes: int | None, quality: int = 85) -> tuple[bytes, int]:
    """The best JPEG (bytes, quality) of `image` that fits `max_bytes`, lowering quality by bisection."""
    data = encode_jpeg(image, quality)
    if max_bytes is None or len(data) <= max_bytes:
        return data, quality
    low, high, best = 30, quality - 1, None
    while low <= high:
        middle = (low + high) // 2
        attempt = encode_jpeg(image, middle)
        if len(attempt) <= max_bytes:
            best, low = (attempt, middle), middle + 1
        else:
            high = middle - 1
    if best is not None:
        return best
    # Even quality 30 is too big (pure noise): shrink the pixels, which a network would do anyway.
    smaller = image.resize((image.width * 3 // 4, image.height * 3 // 4), Image.Resampling.LANCZOS)
    return encode_jpeg_within(smaller, max_bytes, quality)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same folder and a rename: never a partial file."""
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[Image.Image]:
    name = path.name or str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(name, "no such file", "check the path") from None
    except OSError as error:
        raise InputError(
            name, f"cannot be read ({error.strerror})", "check the path and permissions"
        ) from None
    if path.is_dir():
        raise InputError(name, "is a folder, not an image", "give the image files inside it")
    if size == 0:
        raise InputError(name, "the file is empty", _FIX_EXPORT)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit below says more
            image = Image.open(path)
    except Image.DecompressionBombError:
        raise _too_big(name) from None
    except UnidentifiedImageError:
        raise _unidentified(path, name) from None
    except PermissionError:
        raise InputError(name, "cannot be read (permission denied)", "check the file's permissions") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise InputError(name, f"not a readable image ({error})", _FIX_EXPORT) from None
    with image:
        if image.format not in SUPPORTED_FORMATS:
            raise InputError(
                name,
                f"unsupported image format {image.format}",
                "convert it to JPEG, PNG, WebP, GIF or TIFF",
            )
        if image.width * image.height > MAX_PIXELS:
            raise _too_big(name, image.size)
        yield image


def _decode(path: Path, image: Image.Image) -> list[str]:
    name = path.name or str(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            image.load()
        except Image.DecompressionBombError:
            raise _too_big(name) from None
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            why = (
                "the image is truncated or damaged" if "truncat" in str(error) else f"cannot decode ({error})"
            )
            raise InputError(name, why, "copy or export the file again; it may be incomplete") from None
    return [str(w.message) for w in caught if not issubclass(w.category, Image.DecompressionBombWarning)]


def _normalise(image: Image.Image, notes: list[str]) -> Image.Image:
    """RGB or RGBA in sRGB from any mode Pillow decodes."""
    converted = _to_srgb(image, notes)
    mode = converted.mode
    if mode in {"I;16", "I;16B", "I;16L", "I;16N", "I"}:
        # 16-bit greyscale: keep the top 8 bits (Pillow's plain convert would clip everything above 255)
        converted = converted.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if mode == "P":
        converted = converted.convert("RGBA" if "transparency" in converted.info else "RGB")
    elif mode in {"LA", "La", "PA", "RGBa"}:
        converted = converted.convert("RGBA")
    elif mode not in {"RGB", "RGBA"}:
        converted = converted.convert("RGB")
    if converted.mode == "RGBA":
        alpha_low, _ = converted.getchannel("A").getextrema()
        if alpha_low == 255:  # an alpha channel that hides nothing costs memory and every composite
            converted = converted.convert("RGB")
    return converted


def _to_srgb(image: Image.Image, notes: list[str]) -> Image.Image:
    """Convert through the embedded ICC profile (CMYK, Adobe RGB) so the colours stay what the author saw."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in {"RGB", "CMYK", "L"}:
        return image.convert("RGB") if image.mode == "CMYK" else image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        output = "RGB" if image.mode != "L" else "L"
        converted = ImageCms.profileToProfile(image, source, _srgb_cms(), outputMode=output)
    except (ImageCms.PyCMSError, OSError, ValueError):
        notes.append("the embedded colour profile could not be read; colours converted without it")
        return image.convert("RGB") if image.mode == "CMYK" else image
    return converted if converted is not None else image


def _upright_size(image: Image.Image) -> tuple[int, int]:
    try:
        orientation = image.getexif().get(_ORIENTATION_TAG, 1)
    except (OSError, SyntaxError, ValueError):
        orientation = 1
    return (image.height, image.width) if orientation in {5, 6, 7, 8} else (image.width, image.height)


def _too_big(name: str, size: tuple[int, int] | None = None) -> InputError:
    found = f" ({size[0]} x {size[1]} = {size[0] * size[1] / 1e6:.0f} MP)" if size else ""
    return InputError(
        name,
        f"the image is larger than the limit of {MAX_PIXELS // 1_000_000} megapixels{found}",
        "scale it down below the limit before importing",
    )


def _unidentified(path: Path, name: str) -> InputError:
    with contextlib.suppress(OSError), path.open("rb") as file:
        head = file.read(32)
        if head[4:12] in {b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif", b"ftyphevc"}:
            return InputError(
                name, "unsupported image format HEIF/AVIF", f"{_FIX_EXPORT} on the phone or Mac"
            )
        if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF")):
            return InputError(name, "the image is truncated or damaged", "copy or export the file again")
    return InputError(name, "not an image", "give a JPEG, PNG, WebP, GIF or TIFF file")


@cache
def _srgb_cms() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@cache
def _srgb_profile() -> bytes:
    return bytes(_srgb_cms().tobytes())
