"""The geometry that matters: focus point in every crop, cartoons never cut, safe zones free."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.brand import TEMPLATE_NAMES, BrandKit, RenderRequest, render
from studio.brand.compose import Rect
from studio.platforms import FORMATS

_ALL = tuple(f.id for f in FORMATS)


def _inside(inner: Rect, outer: Rect) -> bool:
    return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("focus", [(0.8, 0.3), (0.0, 0.0), (1.0, 1.0), (0.02, 0.97)])
def test_focus_point_is_inside_every_crop(
    kit: BrandKit, photo: Path, tmp_path: Path, focus: tuple[float, float]
) -> None:
    result = render(RenderRequest((photo,), tmp_path, kit, "photo", _ALL, "Caption", focus, workers=1))
    assert result.ok
    assert len(result.outputs) == len(FORMATS)
    for output in result.outputs:
        assert output.crop is not None
        left, top, right, bottom = output.crop
        assert left <= focus[0] <= right, output.format_id
        assert top <= focus[1] <= bottom, output.format_id


def test_the_red_disc_at_the_focus_point_is_visible_in_every_format(
    kit: BrandKit, photo: Path, tmp_path: Path
) -> None:
    from PIL import Image

    result = render(RenderRequest((photo,), tmp_path, kit, "photo", _ALL, "", (0.8, 0.3), workers=1))
    for output in result.outputs:
        with Image.open(output.path) as image:
            reds = image.convert("RGB").point(lambda v: 255 if v > 180 else 0).split()[0]
            blues = image.convert("RGB").split()[2].point(lambda v: 255 if v < 80 else 0)
            from PIL import ImageChops

            assert ImageChops.multiply(reds, blues).getbbox() is not None, output.format_id


@pytest.mark.parametrize(
    ("size", "focus"),
    [((5000, 60), (0.9, 0.5)), ((60, 5000), (0.5, 0.95)), ((1, 1), (0.5, 0.5)), ((7, 3), (0.0, 1.0))],
)
def test_extreme_aspect_ratios_and_tiny_pictures(
    kit: BrandKit, tmp_path: Path, size: tuple[int, int], focus: tuple[float, float]
) -> None:
    from PIL import Image

    source = tmp_path / "odd shape.png"
    Image.new("RGB", size, (20, 120, 200)).save(source)
    result = render(RenderRequest((source,), tmp_path / "out", kit, "photo", _ALL, "Hi", focus, workers=1))
    assert result.ok
    for output in result.outputs:
        assert output.crop is not None
        assert output.crop[0] <= focus[0] <= output.crop[2]
        assert output.crop[1] <= focus[1] <= output.crop[3]
        with Image.open(output.path) as image:
            assert image.size == output.size


def test_cartoon_is_never_cut_and_nothing_covers_it(kit: BrandKit, cartoon: Path, tmp_path: Path) -> None:
    from PIL import Image

    result = render(RenderRequest((cartoon,), tmp_path, kit, "cartoon", _ALL, "A caption", None, workers=1))
    for output in result.outputs:
        assert output.crop == (0.0, 0.0, 1.0, 1.0), output.format_id
        assert output.picture is not None
        assert _inside(output.picture, (0, 0, *output.size))
        assert (
            abs((output.picture[2] - output.picture[0]) / (output.picture[3] - output.picture[1]) - 4 / 3)
            < 0.02
        )
        for box in (*output.text_boxes, output.logo):
            assert box is not None
            assert not _overlaps(box, output.picture), output.format_id
        with Image.open(output.path) as image:  # the green frame survives on all four sides
            frame = image.convert("RGB").crop(output.picture)
            for x, y in ((1, frame.height // 2), (frame.width - 2, frame.height // 2), (frame.width // 2, 1)):
                red, green, _blue = frame.getpixel((x, y))  # type: ignore[misc]
                assert green > 120, (output.format_id, x, y)
                assert red < 120, (output.format_id, x, y)


@pytest.mark.parametrize("template", TEMPLATE_NAMES)
def test_story_safe_zones_are_free_of_text_and_logo(
    kit: BrandKit, photo: Path, tmp_path: Path, template: str
) -> None:
    caption = "Resolved: a caption long enough to need a few lines in the story frame, with 🙂 and 漢字"
    result = render(
        RenderRequest((photo,), tmp_path, kit, template, ("instagram-story",), caption, workers=1)
    )
    (output,) = result.outputs
    width, height = output.size
    assert output.safe == (0, round(0.14 * height), width, round(0.80 * height))
    assert output.logo is not None
    for box in (*output.text_boxes, output.logo):
        assert _inside(box, output.safe), box


@pytest.mark.parametrize("template", TEMPLATE_NAMES)
def test_text_and_logo_stay_inside_every_frame(
    kit: BrandKit, photo: Path, tmp_path: Path, template: str
) -> None:
    caption = (
        "Tech Tip Tuesday #12\n" + "Lock your screen whenever you leave your desk, even for a minute. " * 4
    )
    result = render(RenderRequest((photo,), tmp_path, kit, template, _ALL, caption, workers=1))
    for output in result.outputs:
        assert output.text_boxes
        for box in (*output.text_boxes, output.logo):
            assert box is not None
            assert _inside(box, (0, 0, *output.size)), (output.format_id, box)
