"""Images as a network takes them: upright, metadata-free JPEGs within its side, pixel and byte limits.

Uses the safe decoder and encoder of `studio.media` (EXIF orientation applied, colour normalised, no EXIF/GPS
in the output). Every picture of a delivery goes out in one format of its network (`delivery_format`): the
one chosen for that network in the post, else its template's own, else the network's first. A picture
attached with a brand template is rendered through `studio.brand.render` in that format with its caption, as
the app's preview shows it (`branded_image`); one attached without a template (`studio queue add --image`)
is cropped around its focus point to the format (`cropped_image`); a status card, already the finished
picture, goes out as it was made, only fitted to the network's limits (`fit_image`).
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from studio.brand import BrandKit, RenderRequest, render
from studio.brand.compose import Rect, picture_frame
from studio.brand.template import Layout
from studio.errors import FinalError, InputError
from studio.media import encode_jpeg_within, load
from studio.platforms import FORMATS, Format, Network, default_format

__all__ = [
    "BrandedImage",
    "branded_image",
    "cropped_image",
    "delivery_format",
    "fit_image",
    "publish_format",
    "uses_template",
]

# A status card (incidents) is rendered when the update is made; drawing it again would lose its stage colour.
_FINISHED_TEMPLATES = frozenset({"", "status"})
# A picture without a template: the whole frame is the picture, cover-cropped around its focus point.
_PLAIN = Layout(background="background", picture="cover", picture_box=(0.0, 0.0, 1.0, 1.0), layers=())


@dataclass(frozen=True, slots=True)
class BrandedImage:
    """A picture rendered in its template for one network: JPEG bytes, size, the focus moved with the crop."""

    data: bytes = field(repr=False)
    width: int
    height: int
    focus: tuple[float, float]  # fractions of the rendered image from the top-left
    format_id: str


def fit_image(path: Path, network: Network) -> tuple[bytes, str, int, int]:
    """(JPEG bytes, mime, width, height) of the picture at `path`, within `network`'s limits."""
    image = load(path).image
    width, height = image.size
    scale = 1.0
    if network.max_image_side:
        scale = min(scale, network.max_image_side / max(width, height))
    if network.max_image_pixels:
        scale = min(scale, (network.max_image_pixels / (width * height)) ** 0.5)
    if scale < 1.0:
        image = image.resize(
            (max(1, int(width * scale)), max(1, int(height * scale))), Image.Resampling.LANCZOS
        )
    data, _quality = encode_jpeg_within(image, network.max_image_bytes)
    with Image.open(io.BytesIO(data)) as encoded:  # the encoder may have shrunk it to meet the budget
        size = encoded.size
    return data, "image/jpeg", size[0], size[1]


def uses_template(template: str) -> bool:
    """True when a picture attached with `template` is rendered at publish time."""
    return template not in _FINISHED_TEMPLATES


def publish_format(network: Network, template: str) -> Format | None:
    """The format a templated picture goes out in: the template's own (`story` -> instagram-story) where the
    network has it, else the network's first format in the registry (the preview's first tab); None: none."""
    return default_format(network.id, template)


def delivery_format(network: Network, template: str, chosen: str = "") -> Format | None:
    """The format a post's pictures go out in on `network`: `chosen` (the post's choice for that network),
    else the template's own, else the network's first; None when the network has no format.

    Raises InputError when `chosen` is not one of the network's formats.
    """
    if not chosen:
        return publish_format(network, template)
    mine = [f for f in FORMATS if f.network == network.id]
    found = next((f for f in mine if f.id == chosen), None)
    if found is None:
        known = ", ".join(f.id for f in mine) or "none"
        raise InputError(
            f"the {network.name} format", f"{chosen!r} is not one of {network.name}'s formats ({known})",
            f"choose one of {network.name}'s formats for the post",
        )  # fmt: skip
    return found


def branded_image(
    path: Path,
    network: Network,
    kit: BrandKit,
    *,
    template: str,
    caption: str,
    focus: tuple[float, float],
    fmt: Format | None = None,
) -> BrandedImage | None:
    """The picture rendered in `template` with `caption` for `network`, in `fmt` (None: the template's
    format, `publish_format`); None when the network has no format.

    Raises FinalError (naming the template or the picture and the fix) when it cannot be rendered.
    """
    fmt = fmt or publish_format(network, template)
    if fmt is None:
        return None
    with tempfile.TemporaryDirectory(prefix="studio-publish-") as scratch:
        request = RenderRequest(
            sources=(path,),
            out_dir=Path(scratch),
            kit=kit,
            template=template,
            formats=(fmt.id,),
            caption=caption,
            focus=focus,
            workers=1,  # one picture: a process pool would only cost time
        )
        try:
            result = render(request)
        except InputError as error:  # a template the kit does not have
            raise FinalError(
                f"template {template!r} of {path.name}",
                error.why,
                "choose another template and send it again",
            ) from None
        picture = result.pictures[0]
        if picture.problem is not None:
            raise FinalError(picture.problem.what, picture.problem.why, picture.problem.fix)
        [output] = picture.outputs
        data = output.path.read_bytes()
    moved = _moved_focus(output.picture, output.crop, output.size, focus)
    return _within_network(data, output.size, network, moved, fmt.id)


def cropped_image(
    path: Path, network: Network, fmt: Format, kit: BrandKit, *, focus: tuple[float, float]
) -> BrandedImage:
    """A picture without a template in `fmt`: cropped around `focus` to the format's shape, at its size.

    The crop is the brand pipeline's own (`picture_frame`, as a template's full-frame picture is placed), with
    nothing drawn over it. Raises UserError when the picture cannot be read.
    """
    size = (fmt.width, fmt.height)
    loaded = load(path, cover=size)
    frame = picture_frame(kit, _PLAIN, size, loaded.image, focus, "")
    budget = min((b for b in (fmt.max_bytes, network.max_image_bytes) if b is not None), default=None)
    data, _quality = encode_jpeg_within(frame.image, budget)
    moved = _moved_focus(frame.picture, frame.crop, size, focus)
    return _within_network(data, size, network, moved, fmt.id)


def _within_network(
    data: bytes, size: tuple[int, int], network: Network, focus: tuple[float, float], format_id: str
) -> BrandedImage:
    width, height = size
    if _within(network, len(data), width, height):
        return BrandedImage(data, width, height, focus, format_id)
    # The format's budget is looser than the network's (none given): fit the made picture too.
    with tempfile.TemporaryDirectory(prefix="studio-publish-") as scratch:
        made = Path(scratch) / "made.jpg"
        made.write_bytes(data)
        data, _mime, width, height = fit_image(made, network)
    return BrandedImage(data, width, height, focus, format_id)


def _within(network: Network, size: int, width: int, height: int) -> bool:
    return (
        (network.max_image_bytes is None or size <= network.max_image_bytes)
        and (network.max_image_side is None or max(width, height) <= network.max_image_side)
        and (network.max_image_pixels is None or width * height <= network.max_image_pixels)
    )


def _moved_focus(
    picture: Rect | None,
    crop: tuple[float, float, float, float] | None,
    size: tuple[int, int],
    focus: tuple[float, float],
) -> tuple[float, float]:
    """Where the picture's focus point landed in the made image (the template cropped and placed it)."""
    if picture is None or crop is None:
        return (0.5, 0.5)
    left, top, right, bottom = picture
    c_left, c_top, c_right, c_bottom = crop
    width, height = size
    x = left + (focus[0] - c_left) / max(c_right - c_left, 1e-9) * (right - left)
    y = top + (focus[1] - c_top) / max(c_bottom - c_top, 1e-9) * (bottom - top)
    return (min(max(x / width, 0.0), 1.0), min(max(y / height, 0.0), 1.0))
