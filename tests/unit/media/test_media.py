"""media.py on generated files: every EXIF orientation, odd colour modes, animations and bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from studio import media
from studio.errors import InputError


def _save(image: Image.Image, path: Path, **params: object) -> Path:
    image.save(path, **params)
    return path


def _marked(width: int, height: int) -> Image.Image:
    """A picture whose top-left quarter is red and the rest blue, so orientation is checkable."""
    image = Image.new("RGB", (width, height), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, width // 2, height // 2))
    return image


# How each EXIF orientation stores an upright picture: the inverse of what the viewer applies.
_STORE = {
    1: [],
    2: [Image.Transpose.FLIP_LEFT_RIGHT],
    3: [Image.Transpose.ROTATE_180],
    4: [Image.Transpose.FLIP_TOP_BOTTOM],
    5: [Image.Transpose.TRANSPOSE],
    6: [Image.Transpose.ROTATE_90],
    7: [Image.Transpose.TRANSVERSE],
    8: [Image.Transpose.ROTATE_270],
}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(tmp_path: Path, orientation: int) -> None:
    stored = _marked(400, 200)
    for step in _STORE[orientation]:
        stored = stored.transpose(step)
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = _save(stored, tmp_path / f"o{orientation}.jpg", exif=exif.tobytes(), quality=95)

    info = media.inspect(path)
    loaded = media.load(path)

    assert (info.width, info.height) == (400, 200)
    assert loaded.image.size == (400, 200)
    red, _green, blue = loaded.image.getpixel((50, 50))  # type: ignore[misc]
    assert red > 200
    assert blue < 60
    red, _green, blue = loaded.image.getpixel((350, 150))  # type: ignore[misc]
    assert blue > 200
    assert red < 60


def test_draft_decodes_at_the_smallest_scale_that_still_covers(tmp_path: Path) -> None:
    path = _save(_marked(4000, 3000), tmp_path / "big.jpg", quality=80)
    loaded = media.load(path, cover=(1000, 700))
    assert loaded.image.size == (1000, 750)  # 1/4 scale; 1/8 would be 500 wide, too small
    assert loaded.original_size == (4000, 3000)


def test_draft_swaps_the_box_for_a_rotated_jpeg(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    path = _save(_marked(4000, 3000), tmp_path / "rot.jpg", exif=exif.tobytes())
    loaded = media.load(path, cover=(750, 1000))
    assert loaded.image.size == (750, 1000)


def test_cmyk_becomes_rgb(tmp_path: Path) -> None:
    path = _save(Image.new("CMYK", (64, 64), (0, 255, 255, 0)), tmp_path / "cmyk.jpg")
    loaded = media.load(path)
    assert loaded.image.mode == "RGB"
    red, green, blue = loaded.image.getpixel((10, 10))  # type: ignore[misc]
    assert red > 200
    assert green < 80
    assert blue < 80


def test_sixteen_bit_grey_keeps_its_brightness(tmp_path: Path) -> None:
    path = _save(Image.new("I;16", (32, 32), 40000), tmp_path / "grey16.png")
    loaded = media.load(path)
    assert loaded.image.mode == "RGB"
    assert loaded.image.getpixel((0, 0)) == (156, 156, 156)


def test_palette_with_transparency_keeps_its_alpha(tmp_path: Path) -> None:
    image = Image.new("P", (32, 32), 0)
    image.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    image.paste(1, (0, 0, 16, 32))
    path = _save(image, tmp_path / "pal.png", transparency=0)
    loaded = media.load(path)
    assert loaded.image.mode == "RGBA"
    assert loaded.image.getpixel((30, 5))[3] == 0  # type: ignore[index]
    assert loaded.image.getpixel((5, 5)) == (0, 255, 0, 255)


def test_opaque_alpha_is_dropped_and_greyscale_becomes_rgb(tmp_path: Path) -> None:
    opaque = _save(Image.new("RGBA", (8, 8), (1, 2, 3, 255)), tmp_path / "opaque.png")
    grey = _save(Image.new("L", (8, 8), 77), tmp_path / "grey.png")
    assert media.load(opaque).image.mode == "RGB"
    assert media.load(grey).image.getpixel((0, 0)) == (77, 77, 77)


def test_animated_gif_gives_first_frame_and_a_warning(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (40, 40), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100)
    info = media.inspect(path)
    loaded = media.load(path)
    assert info.frames == 3
    assert any("first frame" in note for note in loaded.warnings)
    red, _, _ = loaded.image.getpixel((5, 5))  # type: ignore[misc]
    assert red > 200


def test_webp_and_tiff_load(tmp_path: Path) -> None:
    for name in ("pic.webp", "pic.tiff", "pic.bmp"):
        path = _save(_marked(60, 30), tmp_path / name)
        assert media.load(path).image.size == (60, 30)
        assert media.inspect(path).format in {"WEBP", "TIFF", "BMP"}


def test_names_with_spaces_and_non_ascii(tmp_path: Path) -> None:
    path = _save(_marked(30, 20), tmp_path / "Ünïcode фото 写真 name.png")
    assert media.inspect(path).width == 30


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: None, "no such file"),
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_text("hello, not a picture"), "not an image"),
        (lambda p: p.mkdir(), "folder"),
    ],
)
def test_bad_paths_name_the_file(tmp_path: Path, make: object, reason: str) -> None:
    path = tmp_path / "bad input.jpg"
    make(path)  # type: ignore[operator]
    with pytest.raises(InputError) as caught:
        media.inspect(path)
    assert caught.value.what == "bad input.jpg"
    assert reason in caught.value.why
    assert caught.value.fix


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_truncated_image(tmp_path: Path, suffix: str) -> None:
    whole = io.BytesIO()
    Image.effect_noise((300, 300), 60).convert("RGB").save(whole, "JPEG" if suffix == ".jpg" else "PNG")
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    with pytest.raises(InputError, match="truncated or damaged"):
        media.inspect(path)
    with pytest.raises(InputError, match="truncated or damaged"):
        media.load(path)


def test_pixel_limit_is_said(tmp_path: Path) -> None:
    path = _save(Image.new("1", (12_000, 9_000)), tmp_path / "bomb.png")  # 108 MP, a few kB on disk
    with pytest.raises(InputError, match="limit of 100 megapixels"):
        media.inspect(path)


def test_pillow_own_bomb_error_is_mapped(tmp_path: Path) -> None:
    path = _save(Image.new("1", (20_000, 10_000)), tmp_path / "bigger bomb.png")  # over Pillow's 2x cap
    with pytest.raises(InputError, match="megapixels"):
        media.load(path)


def test_unsupported_format(tmp_path: Path) -> None:
    path = _save(Image.new("RGB", (16, 16)), tmp_path / "icon.ico")
    with pytest.raises(InputError, match="unsupported image format ICO"):
        media.inspect(path)
    heic = tmp_path / "phone.heic"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64)
    with pytest.raises(InputError, match="HEIF"):
        media.load(heic)


def test_encode_strips_metadata_and_tags_srgb(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 1
    exif[0x8825] = {1: "N"}  # a GPS IFD
    source = _save(_marked(64, 64), tmp_path / "gps.jpg", exif=exif.tobytes(), comment=b"secret place")
    loaded = media.load(source)
    loaded.image.info["comment"] = b"secret place"
    loaded.image.info["xmp"] = b"<x:xmpmeta>secret</x:xmpmeta>"
    data = media.encode_jpeg(loaded.image)
    assert b"secret" not in data
    assert b"Exif" not in data
    out = Image.open(io.BytesIO(data))
    assert not out.getexif()
    assert "comment" not in out.info
    profile = ImageCms.ImageCmsProfile(io.BytesIO(out.info["icc_profile"]))
    assert "sRGB" in ImageCms.getProfileDescription(profile)


def test_byte_budget_is_met_by_lowering_quality() -> None:
    noise = Image.effect_noise((1600, 900), 90).convert("RGB")
    data, quality = media.encode_jpeg_within(noise, 300_000)
    assert len(data) <= 300_000
    assert quality < 85


def test_write_atomic_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jpg"
    media.write_atomic(target, b"abc")
    media.write_atomic(target, b"defg")
    assert target.read_bytes() == b"defg"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jpg"]
