"""The preview API: the pipeline at preview scale, re-compositing only the overlay on a text change."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from studio import media
from studio.brand import BrandKit, Previewer, RenderRequest, render
from studio.errors import InputError


def test_preview_has_the_format_shape_at_preview_width(kit: BrandKit, photo: Path) -> None:
    previewer = Previewer(kit, width=540)
    story = previewer.preview(photo, "instagram-story", "photo", "Hello")
    landscape = previewer.preview(photo, "facebook-landscape", "photo", "Hello")
    assert story.image.size == (540, 960)
    assert landscape.image.size == (540, 284)
    assert story.image.mode == "RGB"


def test_text_change_decodes_once_and_changes_only_the_overlay(
    kit: BrandKit, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[Path] = []
    real_load = media.load

    def counting_load(path: Path, *, cover: tuple[int, int] | None = None) -> media.LoadedImage:
        loads.append(path)
        return real_load(path, cover=cover)

    monkeypatch.setattr(media, "load", counting_load)  # a spy around the real decoder, not a mock
    previewer = Previewer(kit)
    first = previewer.preview(photo, "instagram-square", "photo", "First caption", (0.8, 0.3))
    second = previewer.preview(photo, "instagram-square", "photo", "A second, different caption", (0.8, 0.3))
    third = previewer.preview(photo, "instagram-portrait", "photo", "A second, different caption", (0.8, 0.3))
    assert loads == [photo]
    assert third.image.size == (540, 675)
    changed = ImageChops.difference(first.image, second.image).getbbox()
    assert changed is not None
    assert changed[1] >= round(540 * 0.77) - 1  # only the band with the caption changed


def test_preview_looks_like_the_render(kit: BrandKit, photo: Path, tmp_path: Path) -> None:
    request = RenderRequest((photo,), tmp_path, kit, "photo", ("mastodon",), "Same words", (0.8, 0.3))
    (output,) = render(request).outputs
    with Image.open(output.path) as full:
        expected = full.convert("RGB").resize((540, 304), Image.Resampling.BOX)
    preview = Previewer(kit).preview(photo, "mastodon", "photo", "Same words", (0.8, 0.3)).image
    assert preview.size == expected.size
    assert sum(ImageStat.Stat(ImageChops.difference(preview, expected)).mean) / 3 < 6


def test_text_only_templates_need_no_picture(kit: BrandKit) -> None:
    preview = Previewer(kit).preview(None, "instagram-square", "status", "Resolved: all good")
    assert preview.image.getpixel((5, 5)) == kit.colour("status", "resolved")
    assert preview.contrast is not None
    assert preview.contrast >= 4.5


def test_status_colour_follows_the_status(kit: BrandKit) -> None:
    previewer = Previewer(kit, width=200)
    for status in ("investigating", "identified", "monitoring", "resolved", "planned"):
        image = previewer.preview(None, "instagram-square", "status", "Words", status=status).image
        assert image.getpixel((3, 3)) == kit.colour("status", status)


def test_bad_picture_raises_input_error(kit: BrandKit, tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really")
    with pytest.raises(InputError, match=r"broken\.jpg"):
        Previewer(kit).preview(broken, "instagram-square", "photo", "Hi")
