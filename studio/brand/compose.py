"""One frame: place the picture (cover around the focus point, or contain), then the cached overlay layers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw

from studio.brand.colour import RGB, contrast_ratio
from studio.brand.fonts import font_chain
from studio.brand.kit import BrandKit
from studio.brand.pyramid import Pyramid
from studio.brand.template import Box, Layer, Layout
from studio.brand.text import Piece, fit_text, place_block
from studio.platforms import Format

__all__ = ["Fields", "Frame", "Overlay", "Rect", "build_overlay", "compose", "picture_frame", "safe_rect"]

Rect = tuple[int, int, int, int]  # left, top, right, bottom in pixels
_BADGE_PAD = 0.55  # horizontal padding of a badge, in units of its font size


@dataclass(frozen=True, slots=True)
class Fields:
    """The words a template may show: {caption} {heading} {body} {status} {help_desk}."""

    caption: str
    heading: str
    body: str
    status: str
    help_desk: str

    def format(self, text: str) -> str:
        """Fill a layer's text template."""
        return text.format(
            caption=self.caption,
            heading=self.heading,
            body=self.body,
            status=self.status,
            help_desk=self.help_desk,
        ).strip()


@dataclass(frozen=True, slots=True)
class Frame:
    """The picture placed on the background: the image and where the picture went."""

    image: Image.Image
    picture: Rect | None  # where the picture is in the frame
    crop: (
        tuple[float, float, float, float] | None
    )  # which part of the picture is shown, fractions (l, t, r, b)


@dataclass(frozen=True, slots=True)
class Overlay:
    """Layers laid out once per format and text: pasted `under` before measuring contrast, `over` after."""

    under: tuple[Piece, ...]  # bands and badge pills
    over: tuple[Piece, ...]  # lines of text and the logo
    text_boxes: tuple[Rect, ...]  # where the letters are
    text_regions: tuple[tuple[Rect, RGB], ...]  # each text layer's box and colour, for the contrast check
    logo: Rect | None
    shortened: bool  # a text did not fit even at its smallest size and ends in an ellipsis


def safe_rect(fmt: Format, size: tuple[int, int]) -> Rect:
    """The part of a frame of `size` that is free of the format's covered strips."""
    width, height = size
    zone = fmt.safe_zone
    return (
        round(zone.left * width),
        round(zone.top * height),
        round(width - zone.right * width),
        round(height - zone.bottom * height),
    )


def picture_frame(
    kit: BrandKit,
    layout: Layout,
    size: tuple[int, int],
    picture: Image.Image | Pyramid | None,
    focus: tuple[float, float],
    status: str,
) -> Frame:
    """The background with the picture cover-cropped around `focus` or contained whole."""
    background = kit.colour(layout.background, status)
    if picture is None or layout.picture == "none":
        return Frame(Image.new("RGB", size, background), None, None)
    pyramid = picture if isinstance(picture, Pyramid) else Pyramid(picture)
    left, top, right, bottom = _rect(layout.picture_box, (0, 0, *size))
    box_w, box_h = right - left, bottom - top
    pic_w, pic_h = pyramid.size
    if layout.picture == "cover":
        scale = max(box_w / pic_w, box_h / pic_h)
        crop_w, crop_h = min(pic_w, box_w / scale), min(pic_h, box_h / scale)
        crop_l = min(max(focus[0] * pic_w - crop_w / 2, 0.0), pic_w - crop_w)
        crop_t = min(max(focus[1] * pic_h - crop_h / 2, 0.0), pic_h - crop_h)
        crop = (crop_l, crop_t, crop_l + crop_w, crop_t + crop_h)
        dest = (left, top, right, bottom)
    else:  # contain: the whole picture, never cut
        scale = min(box_w / pic_w, box_h / pic_h)
        dest_w, dest_h = max(1, round(pic_w * scale)), max(1, round(pic_h * scale))
        dest_l, dest_t = left + (box_w - dest_w) // 2, top + (box_h - dest_h) // 2
        crop = (0.0, 0.0, float(pic_w), float(pic_h))
        dest = (dest_l, dest_t, dest_l + dest_w, dest_t + dest_h)
    source, factor = pyramid.level_for(scale)
    resized = source.resize(
        (dest[2] - dest[0], dest[3] - dest[1]),
        Image.Resampling.BICUBIC,
        box=(
            crop[0] * factor,
            crop[1] * factor,
            min(crop[2] * factor, source.width),
            min(crop[3] * factor, source.height),
        ),
    )
    fractions = (crop[0] / pic_w, crop[1] / pic_h, crop[2] / pic_w, crop[3] / pic_h)
    if dest == (0, 0, *size) and resized.mode == "RGB":
        return Frame(resized, dest, fractions)  # the picture fills the frame: no background to paint
    frame = Image.new("RGB", size, background)
    frame.paste(resized, dest[:2], resized if resized.mode == "RGBA" else None)
    return Frame(frame, dest, fractions)


def compose(
    frame: Frame, overlay: Overlay, contrast: float | None = None, in_place: bool = False
) -> tuple[Image.Image, float | None]:
    """Paste the overlay onto the frame; returns the image and the lowest text contrast (WCAG).

    `contrast` is a value measured before for the same frame and layout (the preview keeps it while only the
    text changes); `in_place` draws on the frame's own image when nobody keeps it.
    """
    image = frame.image if in_place else frame.image.copy()
    for piece, at in overlay.under:
        image.paste(piece, at, piece)
    if contrast is None:
        contrast = lowest_contrast(image, overlay.text_regions)
    for piece, at in overlay.over:
        image.paste(piece, at, piece)
    return image, contrast


def lowest_contrast(image: Image.Image, regions: tuple[tuple[Rect, RGB], ...]) -> float | None:
    """WCAG contrast of each text colour against the 10% of its background that is closest to it."""
    worst: float | None = None
    for rect, colour in regions:
        sample = image.crop(rect)
        sample.thumbnail((24, 24), Image.Resampling.BOX)
        data = sample.convert("RGB").tobytes()
        ratios = sorted(
            contrast_ratio(colour, rgb) for rgb in zip(data[0::3], data[1::3], data[2::3], strict=True)
        )
        if not ratios:
            continue
        ratio = ratios[len(ratios) // 10]
        worst = ratio if worst is None else min(worst, ratio)
    return worst


def build_overlay(
    kit: BrandKit, layout: Layout, fmt: Format, size: tuple[int, int], fields: Fields, status: str
) -> Overlay:
    """Lay out bands, texts, badges and the logo for one frame size (cached per text).

    The logo file's size and time are part of the cache key: a logo replaced in place (the Brand editor, a
    team sync) is drawn at once, not after a restart.
    """
    return _build_overlay(kit, layout, fmt, size, fields, status, _stamp(kit.logo))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        found = path.stat()
    except OSError:
        return (0, 0)  # opening it says what is wrong
    return (found.st_mtime_ns, found.st_size)


@lru_cache(maxsize=64)
def _build_overlay(
    kit: BrandKit,
    layout: Layout,
    fmt: Format,
    size: tuple[int, int],
    fields: Fields,
    status: str,
    logo_stamp: tuple[int, int],
) -> Overlay:
    safe = safe_rect(fmt, size)
    unit = min(size)
    under: list[Piece] = []
    over: list[Piece] = []
    text_boxes: list[Rect] = []
    regions: list[tuple[Rect, RGB]] = []
    logo: Rect | None = None
    shortened = False
    for layer in layout.layers:
        rect = _rect(layer.box, safe)
        if layer.kind == "band":
            radius = round(layer.radius * unit)
            fill = (*kit.colour(layer.colour, status), round(layer.opacity * 255))
            under.append((_solid((rect[2] - rect[0], rect[3] - rect[1]), fill, radius), rect[:2]))
        elif layer.kind == "logo":
            piece = _logo(kit.logo, logo_stamp, layer, rect)
            over.append(piece)
            logo = (*piece[1], piece[1][0] + piece[0].width, piece[1][1] + piece[0].height)
        else:
            text = fields.format(layer.text)
            if not text:
                continue
            ink, cut = _text(under, over, kit, layer, rect, text, status, unit)
            shortened = shortened or cut
            text_boxes.append(ink)
            if layer.kind == "text":
                regions.append((rect, kit.colour(layer.colour, status)))
    return Overlay(tuple(under), tuple(over), tuple(text_boxes), tuple(regions), logo, shortened)


@lru_cache(maxsize=128)
def _solid(size: tuple[int, int], fill: tuple[int, int, int, int], radius: int) -> Image.Image:
    """A band or pill: a filled (rounded) rectangle on transparency."""
    image = Image.new("RGBA", (max(1, size[0]), max(1, size[1])), fill if not radius else (0, 0, 0, 0))
    if radius:
        ImageDraw.Draw(image).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=radius, fill=fill)
    return image


def _rect(box: Box, within: Rect) -> Rect:
    left, top, right, bottom = within
    width, height = right - left, bottom - top
    x, y, w, h = box
    return (
        left + round(x * width),
        top + round(y * height),
        left + round((x + w) * width),
        top + round((y + h) * height),
    )


def _text(
    under: list[Piece],
    over: list[Piece],
    kit: BrandKit,
    layer: Layer,
    rect: Rect,
    text: str,
    status: str,
    unit: int,
) -> tuple[Rect, bool]:
    chain = font_chain(kit.fonts(layer.font))
    largest = max(1, round(layer.size * unit))
    smallest = max(1, min(largest, round(layer.min_size * unit)))
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    if layer.kind == "text":
        block = fit_text(chain, text, (width, height), (largest, smallest), layer.max_lines)
        pieces, ink = place_block(
            chain, block, rect, layer.align, layer.valign, kit.colour(layer.colour, status)
        )
        over.extend(pieces)
        return ink, block.shortened
    # A badge: one line of text on a pill that hugs it.
    pad = round(largest * _BADGE_PAD)
    block = fit_text(chain, text, (width - 2 * pad, height), (largest, smallest), 1)
    pill_w = min(width, round(block.widths[0]) + 2 * pad)
    pill_h = min(height, block.line_height + pad // 2)
    if layer.align == "center":
        left = rect[0] + (width - pill_w) // 2
    elif layer.align == "right":
        left = rect[2] - pill_w
    else:
        left = rect[0]
    top = (
        rect[1]
        if layer.valign == "top"
        else (rect[3] - pill_h if layer.valign == "bottom" else rect[1] + (height - pill_h) // 2)
    )
    pill = (left, top, left + pill_w, top + pill_h)
    radius = round(layer.radius * unit) if layer.radius else pill_h // 2
    under.append((_solid((pill_w, pill_h), (*kit.colour(layer.colour, status), 255), radius), pill[:2]))
    pieces, ink = place_block(chain, block, pill, "center", "middle", kit.colour(layer.text_colour, status))
    over.extend(pieces)
    return ink, block.shortened


@lru_cache(maxsize=32)
def _logo_image(path: Path, stamp: tuple[int, int], size: tuple[int, int]) -> Image.Image:
    with Image.open(path) as source:
        logo = source.convert("RGBA")
    logo.thumbnail(size, Image.Resampling.LANCZOS)
    return logo


def _logo(path: Path, stamp: tuple[int, int], layer: Layer, rect: Rect) -> Piece:
    logo = _logo_image(path, stamp, (rect[2] - rect[0], rect[3] - rect[1]))
    spare_w, spare_h = rect[2] - rect[0] - logo.width, rect[3] - rect[1] - logo.height
    left = rect[0] + {"left": 0, "center": spare_w // 2, "right": spare_w}[layer.align]
    top = rect[1] + {"top": 0, "middle": spare_h // 2, "bottom": spare_h}[layer.valign]
    return logo, (left, top)
