"""The render pipeline on real files: byte budgets, no metadata, warnings, parallel runs, all or nothing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from studio.brand import BrandKit, RenderRequest, load_kit, render
from studio.errors import InputError


def test_bluesky_meets_its_byte_budget_on_pure_noise(kit: BrandKit, tmp_path: Path) -> None:
    # A kit whose photo template has no band, so the whole frame is noise: at quality 85 that is ~1.1 MB.
    kit_dir = tmp_path / "bare"
    shutil.copytree(kit.folder, kit_dir)
    (kit_dir / "templates").mkdir()
    (kit_dir / "templates" / "photo.toml").write_text(
        'description = "Bare"\n[[layers]]\nkind = "text"\nbox = [0.05, 0.9, 0.5, 0.08]\n', encoding="utf-8"
    )
    source = tmp_path / "noise.png"
    channels = [Image.effect_noise((1600, 900), 120) for _ in range(3)]
    Image.merge("RGB", channels).save(source)  # colour noise at the target size: the worst case for JPEG
    request = RenderRequest(
        (source,), tmp_path / "out", load_kit(kit_dir), "photo", ("bluesky", "mastodon"), "Hi"
    )
    bluesky, mastodon = render(request).outputs
    assert bluesky.bytes <= 1_000_000
    assert bluesky.path.stat().st_size == bluesky.bytes
    assert bluesky.quality < 85
    assert mastodon.bytes > 1_000_000  # the same frame, with Mastodon's 16 MB budget, keeps its quality
    assert mastodon.quality == 85


def test_outputs_carry_no_metadata_but_srgb(kit: BrandKit, tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera Co"
    exif[0x8825] = {2: (52.0, 12.0, 0.0)}
    source = tmp_path / "gps.jpg"
    Image.new("RGB", (800, 600), (10, 120, 60)).save(source, exif=exif.tobytes(), comment=b"home address")
    (output,) = render(RenderRequest((source,), tmp_path / "out", kit, "photo", ("mastodon",))).outputs
    data = output.path.read_bytes()
    assert b"Secret Camera" not in data
    assert b"home address" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert image.info.get("icc_profile")


def test_low_contrast_caption_is_warned_about(kit: BrandKit, tmp_path: Path) -> None:
    kit_dir = tmp_path / "pale"
    shutil.copytree(kit.folder, kit_dir)
    text = (
        (kit_dir / "kit.toml")
        .read_text(encoding="utf-8")
        .replace('primary = "#1D3F72"', 'primary = "#F0F0F0"')
    )
    (kit_dir / "kit.toml").write_text(text, encoding="utf-8")
    pale = load_kit(kit_dir)
    source = tmp_path / "white.png"
    Image.new("RGB", (600, 400), (250, 250, 250)).save(source)
    (picture,) = render(
        RenderRequest((source,), tmp_path / "out", pale, "photo", ("x-landscape",), "Hard to read")
    ).pictures
    assert picture.problem is None
    assert any("contrast below 4.5:1" in w for w in picture.warnings)
    assert picture.outputs[0].contrast is not None
    assert picture.outputs[0].contrast < 1.5


def test_demo_kit_caption_passes_the_contrast_check(kit: BrandKit, photo: Path, tmp_path: Path) -> None:
    (picture,) = render(
        RenderRequest((photo,), tmp_path, kit, "photo", ("x-landscape",), "Readable")
    ).pictures
    assert not picture.warnings
    assert picture.outputs[0].contrast is not None
    assert picture.outputs[0].contrast >= 4.5


def test_too_long_caption_is_shortened_and_said(kit: BrandKit, photo: Path, tmp_path: Path) -> None:
    words = "This caption goes on and on. " * 60
    (picture,) = render(
        RenderRequest((photo,), tmp_path, kit, "photo", ("instagram-landscape",), words)
    ).pictures
    assert any("shortened" in w for w in picture.warnings)


def test_pictures_run_in_parallel_and_keep_their_order(kit: BrandKit, photo: Path, tmp_path: Path) -> None:
    sources = []
    for index in range(3):
        source = tmp_path / f"p{index}.jpg"
        shutil.copy(photo, source)
        sources.append(source)
    bad = tmp_path / "bad.jpg"
    bad.write_text("not an image", encoding="utf-8")
    sources.insert(1, bad)
    seen: list[tuple[int, int]] = []
    result = render(
        RenderRequest(tuple(sources), tmp_path / "out", kit, "photo", ("instagram-square",), workers=2),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert [p.source for p in result.pictures] == sources
    assert not result.ok
    assert result.pictures[1].problem is not None
    assert (
        result.pictures[1].problem.line() == f"{bad}: not an image (give a JPEG, PNG, WebP, GIF or TIFF file)"
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"p{i}.instagram-square.jpg" for i in range(3)
    ]
    assert seen[-1] == (4, 4)


def test_same_stem_twice_is_refused_not_overwritten(kit: BrandKit, photo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    twin = other / photo.name
    shutil.copy(photo, twin)
    result = render(RenderRequest((photo, twin), tmp_path / "out", kit, "photo", ("bluesky",), workers=1))
    assert result.pictures[0].problem is None
    assert result.pictures[1].problem is not None
    assert "same name" in result.pictures[1].problem.why


def test_an_unwritable_output_folder_is_one_clear_error(kit: BrandKit, photo: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="output folder cannot be created"):
        render(RenderRequest((photo,), blocker / "out", kit))


def test_a_failed_write_leaves_nothing_behind(
    kit: BrandKit, photo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studio import media

    real_write = media.write_atomic
    calls: list[Path] = []

    def full_disk_after_two(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) > 2:
            raise OSError(28, "No space left on device", str(path))
        real_write(path, data)

    monkeypatch.setattr(media, "write_atomic", full_disk_after_two)  # the disk cannot be filled for real here
    out = tmp_path / "out"
    (picture,) = render(
        RenderRequest((photo,), out, kit, "photo", ("bluesky", "mastodon", "x-landscape"))
    ).pictures
    assert picture.problem is not None
    assert "No space left" in picture.problem.why
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("changes", "what"),
    [
        ({"template": "poster"}, "template"),
        ({"formats": ("tiktok",)}, "format"),
        ({"focus": (1.5, 0.5)}, "focus"),
    ],
)
def test_a_bad_request_is_an_input_error(
    kit: BrandKit, photo: Path, tmp_path: Path, changes: dict[str, object], what: str
) -> None:
    from dataclasses import replace

    request = replace(RenderRequest((photo,), tmp_path / "out", kit), **changes)  # type: ignore[arg-type]
    with pytest.raises(InputError) as caught:
        render(request)
    assert caught.value.what == what
    assert not (tmp_path / "out").exists()


def test_the_same_picture_twice_is_rendered_once(kit: BrandKit, photo: Path, tmp_path: Path) -> None:
    result = render(RenderRequest((photo, photo), tmp_path / "out", kit, "photo", ("bluesky",), workers=1))
    assert result.pictures[0].problem is None
    assert result.pictures[1].problem is not None
    assert result.pictures[1].problem.why == "was given twice"


def test_with_other_threads_running_the_workers_are_spawned_and_still_work(
    kit: BrandKit, photo: Path, cartoon: Path, tmp_path: Path
) -> None:
    import threading

    from studio.brand import pipeline

    release = threading.Event()
    app_thread = threading.Thread(target=release.wait)  # as the app's thread pool would be
    app_thread.start()
    try:
        assert pipeline._context().get_start_method() == "spawn"
        result = render(RenderRequest((photo, cartoon), tmp_path, kit, "photo", ("bluesky",), workers=2))
    finally:
        release.set()
        app_thread.join()
    assert result.ok
    assert [o.path.name for o in result.outputs] == ["photo.bluesky.jpg", "cartoon.bluesky.jpg"]
