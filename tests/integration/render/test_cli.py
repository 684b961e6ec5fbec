"""`studio render` in a subprocess, as users and scripts run it: outputs, error lines, exit status."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from studio.platforms import FORMATS

REPO = Path(__file__).resolve().parents[3]


def _studio(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _jpeg(path: Path, size: tuple[int, int] = (900, 600)) -> Path:
    Image.new("RGB", size, (30, 90, 160)).save(path, quality=90)
    return path


def test_default_is_every_format_with_the_photo_template(tmp_path: Path) -> None:
    source = _jpeg(tmp_path / "Café staff photo ü.jpg")
    out = tmp_path / "out dir"
    run = _studio("render", source, "--out", out, "--caption", "Hello 👋 Привет 你好")
    assert run.returncode == 0, run.stderr
    expected = sorted(f"Café staff photo ü.{f.id}.jpg" for f in FORMATS)
    assert sorted(p.name for p in out.iterdir()) == expected
    assert sorted(Path(line).name for line in run.stdout.splitlines()) == expected
    with Image.open(out / "Café staff photo ü.instagram-story.jpg") as image:
        assert image.size == (1080, 1920)
        assert image.format == "JPEG"


def test_bad_inputs_get_one_error_line_each_and_the_rest_still_render(tmp_path: Path) -> None:
    good = _jpeg(tmp_path / "good.jpg")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    text = tmp_path / "notes.jpg"
    text.write_text("not a picture", encoding="utf-8")
    whole = io.BytesIO()
    Image.effect_noise((400, 400), 50).convert("RGB").save(whole, "JPEG")
    truncated = tmp_path / "cut off.jpg"
    truncated.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    bomb = tmp_path / "bomb.png"
    Image.new("1", (12_000, 9_000)).save(bomb)
    icon = tmp_path / "icon.ico"
    Image.new("RGB", (32, 32)).save(icon)
    missing = tmp_path / "missing.jpg"
    out = tmp_path / "out"

    run = _studio(
        "render", empty, good, text, truncated, bomb, icon, missing, "--out", out,
        "--format", "bluesky", "--format", "instagram-square",
    )  # fmt: skip

    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {empty}: the file is empty (export it again as JPEG or PNG)",
        f"error: {text}: not an image (give a JPEG, PNG, WebP, GIF or TIFF file)",
        f"error: {truncated}: the image is truncated or damaged "
        "(copy or export the file again; it may be incomplete)",
        f"error: {bomb}: the image is larger than the limit of 100 megapixels (12000 x 9000 = 108 MP) "
        "(scale it down below the limit before importing)",
        f"error: {icon}: unsupported image format ICO (convert it to JPEG, PNG, WebP, GIF or TIFF)",
        f"error: {missing}: no such file (check the path)",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["good.bluesky.jpg", "good.instagram-square.jpg"]


def test_animated_gif_renders_its_first_frame_with_a_warning(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (300, 200), colour) for colour in ("red", "green", "blue")]
    source = tmp_path / "anim.gif"
    frames[0].save(source, save_all=True, append_images=frames[1:], duration=100)
    run = _studio(
        "render", source, "--out", tmp_path / "out", "--format", "mastodon", "--template", "cartoon"
    )
    assert run.returncode == 0, run.stderr
    assert "warning: " in run.stderr
    assert "first frame" in run.stderr


def test_an_output_folder_that_cannot_be_made_is_one_clear_error(tmp_path: Path) -> None:
    source = _jpeg(tmp_path / "a.jpg")
    blocker = tmp_path / "plain file"
    blocker.write_text("x", encoding="utf-8")
    run = _studio("render", source, "--out", blocker / "sub", "--format", "bluesky")
    assert run.returncode == 1
    assert run.stderr.startswith(f"error: {blocker / 'sub'}: the output folder cannot be created")
    assert len(run.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "tiktok"),
        ("--focus", "2,0.5"),
        ("--focus", "middle"),
        ("--template", "poster"),
    ],
)
def test_bad_usage_exits_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    source = _jpeg(tmp_path / "a.jpg")
    run = _studio("render", source, "--out", tmp_path / "out", *args)
    assert run.returncode == 2
    assert "usage:" in run.stderr
    assert not (tmp_path / "out").exists()


def test_missing_out_is_bad_usage(tmp_path: Path) -> None:
    run = _studio("render", _jpeg(tmp_path / "a.jpg"))
    assert run.returncode == 2


def test_a_broken_kit_is_reported_with_file_and_key(tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "kit.toml").write_text('name = "Broken"\n', encoding="utf-8")
    run = _studio("render", _jpeg(tmp_path / "a.jpg"), "--out", tmp_path / "out", "--kit", kit)
    assert run.returncode == 1
    assert f"error: {kit / 'kit.toml'}: key " in run.stderr
    assert "Traceback" not in run.stderr


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    import os
    import pty

    sources = [_jpeg(tmp_path / f"p{i}.jpg", (300, 200)) for i in range(2)]
    controller, terminal = pty.openpty()
    try:
        run = subprocess.run(
            [sys.executable, "-m", "studio", "render", *map(str, sources), "--out", str(tmp_path / "out"),
             "--format", "bluesky"],
            cwd=REPO, stdout=subprocess.PIPE, stderr=terminal, timeout=120, check=False,
        )  # fmt: skip
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal side is closed: everything was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert run.returncode == 0
    assert b"rendering [" in shown
    assert b"2/2" in shown
    piped = _studio("render", *sources, "--out", tmp_path / "out2", "--format", "bluesky")
    assert "rendering [" not in piped.stderr
