"""Images are fitted to a network's limits: upright, within budget, and with no metadata left."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from studio.brand import Previewer, default_kit
from studio.errors import FinalError, InputError
from studio.platforms import format_by_id, network_by_id
from studio.publish.images import (
    branded_image,
    cropped_image,
    delivery_format,
    fit_image,
    publish_format,
    uses_template,
)


def _noisy_jpeg(path: Path, width: int, height: int, exif: Image.Exif | None = None) -> Path:
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))  # incompressible
    image.save(path, "JPEG", quality=95, exif=exif or Image.Exif())
    return path


def test_a_large_photo_is_brought_within_blueskys_budget(tmp_path: Path) -> None:
    original = _noisy_jpeg(tmp_path / "big.jpg", 2400, 1600)
    assert original.stat().st_size > 1_000_000

    data, mime, width, height = fit_image(original, network_by_id("bluesky"))

    assert len(data) <= 1_000_000
    assert max(width, height) <= 2000
    assert abs(width / height - 1.5) < 0.02  # the shape is kept
    assert mime == "image/jpeg"
    with Image.open(io.BytesIO(data)) as fitted:
        assert fitted.size == (width, height)


def test_location_and_camera_data_never_leave_the_machine(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "Studio Test Camera"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    original = _noisy_jpeg(tmp_path / "phone.jpg", 300, 200, exif)

    data, _, width, height = fit_image(original, network_by_id("mastodon"))

    assert (width, height) == (200, 300)  # turned upright, as the phone showed it
    assert b"Studio Test Camera" not in data
    with Image.open(io.BytesIO(data)) as sent:
        assert not sent.getexif()


def _stripes(path: Path, width: int = 3000, height: int = 1000) -> Path:
    image = Image.new("RGB", (width, height), (40, 120, 60))
    for x in range(0, width, 100):
        image.paste((200, 50, 50), (x, 0, x + 50, height))
    image.save(path, "JPEG", quality=90)
    return path


def _mean_difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def test_a_templated_picture_goes_out_as_the_apps_preview_draws_it(tmp_path: Path) -> None:
    source = _stripes(tmp_path / "printers.jpg")
    kit = default_kit()
    caption, focus = "Printers are back on floor 2", (0.1, 0.5)

    branded = branded_image(
        source, network_by_id("bluesky"), kit, template="photo", caption=caption, focus=focus
    )

    assert branded is not None
    assert (branded.format_id, branded.width, branded.height) == ("bluesky", 1600, 900)
    assert len(branded.data) <= 1_000_000
    preview = Previewer(kit, 540).preview(source, "bluesky", "photo", caption, focus).image
    with Image.open(io.BytesIO(branded.data)) as sent:
        assert sent.size == (1600, 900)
        shrunk = sent.resize(preview.size, Image.Resampling.LANCZOS)
    plain, _, _, _ = fit_image(source, network_by_id("bluesky"))
    with Image.open(io.BytesIO(plain)) as unbranded:
        plain_shrunk = unbranded.resize(preview.size, Image.Resampling.LANCZOS)
    assert _mean_difference(shrunk, preview) < 6  # the same picture as the preview, up to scaling
    assert _mean_difference(plain_shrunk, preview) > 20  # a plain resize would not be (no band, no caption)


def test_the_template_picks_the_format_and_the_focus_follows_the_crop(tmp_path: Path) -> None:
    source = _stripes(tmp_path / "wide.jpg")
    instagram = network_by_id("instagram")
    story = branded_image(source, instagram, default_kit(), template="story", caption="Hi", focus=(0.1, 0.5))
    square = branded_image(source, instagram, default_kit(), template="photo", caption="", focus=(0.1, 0.5))

    assert story is not None
    assert square is not None
    assert (story.format_id, story.width, story.height) == ("instagram-story", 1080, 1920)
    assert (square.format_id, square.width, square.height) == ("instagram-square", 1080, 1080)
    # 3000x1000 cover-cropped to a square: the crop starts at the left edge, so x = 300 px of 1000 shown.
    assert square.focus == pytest.approx((0.3, 0.5), abs=0.01)
    assert publish_format(network_by_id("facebook"), "photo") == format_by_id("facebook-landscape")


def test_no_template_or_a_status_card_goes_out_as_imported_and_a_bad_template_is_named(
    tmp_path: Path,
) -> None:
    assert not uses_template("")  # `studio queue add --image`: no template was chosen
    assert not uses_template("status")  # the incident's status card is already the finished picture
    assert uses_template("photo")
    with pytest.raises(FinalError, match=r"template 'poster' of wide\.jpg") as caught:
        branded_image(
            _stripes(tmp_path / "wide.jpg"), network_by_id("mastodon"), default_kit(),
            template="poster", caption="", focus=(0.5, 0.5),
        )  # fmt: skip
    assert "choose another template" in caught.value.fix


def test_the_chosen_format_wins_and_must_be_the_networks_own() -> None:
    instagram = network_by_id("instagram")
    assert delivery_format(instagram, "photo", "instagram-story") == format_by_id("instagram-story")
    assert delivery_format(instagram, "story") == format_by_id("instagram-story")  # the template's own
    assert delivery_format(instagram, "") == format_by_id("instagram-square")  # else the network's first
    assert delivery_format(network_by_id("facebook"), "story") == format_by_id("facebook-story")
    with pytest.raises(InputError, match="'x-landscape' is not one of Instagram's formats"):
        delivery_format(instagram, "photo", "x-landscape")


def test_a_picture_without_a_template_is_cropped_around_its_focus_to_the_format(tmp_path: Path) -> None:
    # A tall picture: a red square low on the left, where the focus point is; the rest green.
    image = Image.new("RGB", (2000, 4000), (40, 160, 60))
    image.paste((220, 20, 20), (100, 3000, 500, 3400))
    exif = Image.Exif()
    exif[0x010F] = "Studio Test Camera"
    source = tmp_path / "tall.jpg"
    image.save(source, "JPEG", quality=92, exif=exif)
    fmt = format_by_id("bluesky")

    made = cropped_image(source, network_by_id("bluesky"), fmt, default_kit(), focus=(0.15, 0.8))

    assert (made.width, made.height) == (1600, 900)
    assert made.format_id == "bluesky"
    assert len(made.data) <= 1_000_000
    assert b"Studio Test Camera" not in made.data
    with Image.open(io.BytesIO(made.data)) as sent:
        assert sent.size == (1600, 900)
        # The focus point moved with the crop and still shows the red square.
        x, y = round(made.focus[0] * sent.width), round(made.focus[1] * sent.height)
        pixel = sent.convert("RGB").getpixel((x, y))
    assert isinstance(pixel, tuple)
    assert pixel[0] > 180 > pixel[1]
