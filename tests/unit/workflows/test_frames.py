"""Exported frames: named as `studio render` names them, the right size, metadata stripped (Issue 14.3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from studio.brand import default_kit
from studio.errors import InputError
from studio.workflows.frames import Frame, export_frames, formats_for, stem_for

DEMO = Path(__file__).resolve().parents[3] / "assets" / "demo"


def _photo_with_gps(path: Path) -> Path:
    image = Image.open(DEMO / "lego-staff.jpg").convert("RGB")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 0.0)}  # GPSInfo: where the photo was taken
    exif[0x010F] = "PhoneMaker"
    image.save(path, "JPEG", exif=exif.tobytes())
    with Image.open(path) as check:
        assert check.getexif().get_ifd(0x8825)  # the input really carries GPS
    return path


def test_a_story_frame_is_written_full_size_named_like_render_and_without_metadata(tmp_path: Path) -> None:
    source = _photo_with_gps(tmp_path / "IMG_0042.jpg")
    frame = Frame(source, "photo", "Meet the service desk", (0.5, 0.4))
    done: list[tuple[int, int]] = []
    result = export_frames(
        [frame], default_kit(), ["instagram-story"], tmp_path / "out", lambda d, t: done.append((d, t))
    )
    assert result.problems == ()
    assert result.paths == (tmp_path / "out" / "meet-the-service-desk.instagram-story.jpg",)
    with Image.open(result.paths[0]) as story:
        assert story.size == (1080, 1920)
        assert story.format == "JPEG"
        assert not story.getexif()  # no GPS, no camera: nothing but pixels
        assert story.getpixel((540, 1700)) != story.getpixel((540, 900))  # a caption band, not a blank frame
    assert done == [(1, 1)]


def test_every_format_of_every_picture_when_no_network_is_chosen(tmp_path: Path) -> None:
    frames = [Frame(DEMO / "lego-staff.jpg", "photo"), Frame(DEMO / "cartoon-restart.png", "cartoon")]
    formats = formats_for([], {}, "photo")
    assert len(formats) >= 8
    result = export_frames(frames, default_kit(), formats[:2], tmp_path)
    assert [p.name for p in result.paths] == [f"picture-{n}.{f}.jpg" for n in (1, 2) for f in formats[:2]]


def test_the_formats_a_post_goes_out_in() -> None:
    assert formats_for(["instagram", "x"], {}, "story") == ("instagram-story", "x-landscape")
    assert formats_for(["instagram"], {"instagram": "instagram-portrait"}, "photo") == ("instagram-portrait",)
    assert formats_for(["instagram"], {}, "photo") == ("instagram-square",)


def test_stems_are_file_names_and_bad_requests_say_why(tmp_path: Path) -> None:
    assert stem_for(Frame(Path("x.jpg"), "photo", "Café: Wi-Fi / 5G!"), 3) == "cafe-wi-fi-5g"
    assert stem_for(Frame(Path("x.jpg"), "photo", "???"), 3) == "picture-3"
    with pytest.raises(InputError, match="add a picture"):
        export_frames([], default_kit(), ["instagram-story"], tmp_path)
    with pytest.raises(InputError, match="unknown: tiktok"):
        export_frames([Frame(DEMO / "lego-staff.jpg", "photo")], default_kit(), ["tiktok"], tmp_path)
