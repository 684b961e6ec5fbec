"""Render benchmark (issue 2, Speed): Studio vs ImageMagick vs the decode+encode floor, memory, preview.

Generated 24 MP JPEGs go through the `photo` template with a caption into the 7 common formats. Everything is
measured side by side in this one run on this machine, so the ratios are what matter. Prints a table.
Run with `make bench` (it installs ImageMagick) or `.venv/bin/python bench/bench_render.py`.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

from studio import media
from studio.brand import Previewer, RenderRequest, default_kit, render
from studio.platforms import format_by_id

REPO = Path(__file__).resolve().parents[1]
FORMATS = (
    "instagram-square",
    "instagram-portrait",
    "instagram-story",
    "x-landscape",
    "facebook-landscape",
    "mastodon",
    "threads-portrait",
)
CAPTION = "Meet Sam from the help desk: ask him anything about Wi-Fi, printing or passwords"
BATCH = 10
MEMORY_BATCH = 20


def make_photos(folder: Path, count: int) -> list[Path]:
    """24 MP (6000x4000) JPEGs made from the demo photo, with grain so they compress like real photos."""
    with Image.open(REPO / "assets" / "demo" / "lego-staff.jpg") as demo:
        base = demo.convert("RGB").resize((6000, 4000), Image.Resampling.BICUBIC)
    grain = Image.merge("RGB", [Image.effect_noise((6000, 4000), 18) for _ in range(3)])
    base = Image.blend(base, grain, 0.06)
    paths = []
    for index in range(count):
        frame = base.copy()
        ImageDraw.Draw(frame).text((100, 100), f"#{index}", fill=(255, 255, 255))
        path = folder / f"photo-{index:02d}.jpg"
        frame.save(path, quality=92)
        paths.append(path)
    return paths


def timed(action: Callable[[], object]) -> float:
    """Wall time of `action` in seconds."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def best_of(repeat: int, *actions: Callable[[], object]) -> list[float]:
    """The fastest of `repeat` interleaved runs of each action: the machine is shared, so the minimum is the
    measurement least disturbed by other work, and interleaving exposes every action to the same load."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(repeat):
        for index, action in enumerate(actions):
            times[index].append(timed(action))
    return [min(t) for t in times]


def studio_run(photos: list[Path], out: Path, workers: int) -> None:
    request = RenderRequest(tuple(photos), out, default_kit(), "photo", FORMATS, CAPTION, workers=workers)
    result = render(request)
    assert result.ok, [p.problem for p in result.pictures]


def floor_run(photos: list[Path]) -> None:
    """Only what no pipeline can skip: decode at draft scale, then encode each output size once."""
    sizes = [(format_by_id(f).width, format_by_id(f).height) for f in FORMATS]
    cover = (max(w for w, _ in sizes), max(h for _, h in sizes))
    for photo in photos:
        image = media.load(photo, cover=cover).image
        for size in sizes:
            media.encode_jpeg(image.crop((0, 0, *size)))


def imagemagick_command(photo: Path, out: Path, convert: str) -> list[str]:
    """One `convert` per photo doing the same brand job: cover-crop, Lanczos resize, band, logo, text, q85."""
    kit = default_kit()
    font = str(kit.heading_fonts[0])
    # jpeg:size is ImageMagick's draft mode (libjpeg scaled decode), the same head start Studio takes.
    cover = max(format_by_id(f).width for f in FORMATS), max(format_by_id(f).height for f in FORMATS)
    command = [convert, "-define", f"jpeg:size={cover[0]}x{cover[1]}", str(photo), "-auto-orient"]
    for format_id in FORMATS:
        fmt = format_by_id(format_id)
        w, h = fmt.width, fmt.height
        band_top = round(h * 0.77)
        logo_w = round(w * 0.2)
        command += [
            "(", "+clone", "-filter", "Lanczos", "-resize", f"{w}x{h}^",
            "-gravity", "center", "-extent", f"{w}x{h}",
            "-fill", "#1D3F72F0", "-draw", f"rectangle 0,{band_top} {w},{h}",
            "(", str(kit.logo), "-resize", f"{logo_w}x", ")", "-gravity", "southeast",
            "-geometry", f"+{round(w * 0.04)}+{round(h * 0.07)}", "-composite",
            "-gravity", "northwest", "-font", font, "-pointsize", str(round(min(w, h) * 0.04)),
            "-fill", "white",
            "-annotate", f"+{round(w * 0.045)}+{band_top + round(h * 0.05)}", CAPTION,
            "-strip", "-quality", "85", "-write", str(out / f"{photo.stem}.{format_id}.jpg"), "+delete", ")",
        ]  # fmt: skip
    return [*command, "null:"]


def imagemagick_run(photos: list[Path], out: Path, convert: str) -> None:
    for photo in photos:
        subprocess.run(imagemagick_command(photo, out, convert), check=True, capture_output=True)


def peak_rss_of_batch(photos: list[Path], out: Path) -> float:
    """Peak total RSS in MB of `studio render` (the process and its workers) for a batch."""
    process = subprocess.Popen(
        [sys.executable, "-m", "studio", "render", *map(str, photos), "--out", str(out),
         *[arg for f in FORMATS for arg in ("--format", f)], "--caption", CAPTION],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    return peak / 1024


def _tree_rss(pid: int) -> int:
    """RSS in kB of a process and its children (Linux /proc)."""
    total = 0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        children: list[str] = []
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as file:
                children += file.read().split()
    except OSError:
        return total
    return total + sum(_tree_rss(int(child)) for child in children)


def preview_times(photo: Path) -> tuple[float, float]:
    """(ms per text change, ms per new frame of an already decoded picture), previews at 540 px."""
    previewer = Previewer(default_kit(), width=540)
    previewer.preview(photo, "instagram-square", "photo", "warm-up")
    text_changes = []
    for index in range(60):
        start = time.perf_counter()
        previewer.preview(photo, "instagram-square", "photo", f"{CAPTION} {index}")
        text_changes.append(time.perf_counter() - start)
    first_previews = []
    for index, format_id in enumerate(FORMATS * 3):
        focus = (
            0.3 + index / 100,
            0.5,
        )  # a new focus point: the frame is placed again from the decoded picture
        start = time.perf_counter()
        previewer.preview(photo, format_id, "photo", CAPTION, focus)
        first_previews.append(time.perf_counter() - start)
    return statistics.median(text_changes) * 1000, statistics.median(first_previews) * 1000


def main() -> int:
    convert = shutil.which("convert") or shutil.which("magick")
    with tempfile.TemporaryDirectory(prefix="studio-bench-") as temp:
        root = Path(temp)
        photos = make_photos(root, MEMORY_BATCH)
        one = photos[:3]
        rows: list[tuple[str, str, str]] = []

        def fresh(name: str) -> Path:
            folder = root / name
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            return folder

        studio_run(one[:1], fresh("warm"), 1)  # fonts and kit loaded once, as in any real run
        single, floor = (
            t / len(one)
            for t in best_of(3, lambda: studio_run(one, fresh("single"), 1), lambda: floor_run(one))
        )
        rows.append(("studio, 1 core, 7 formats", f"{single * 1000:.0f} ms/photo", ""))
        rows.append(("floor: draft decode + encode", f"{floor * 1000:.0f} ms/photo", ""))
        rows.append(
            ("  studio / floor (goal <= 2.5)", f"{single / floor:.2f}x", _mark(single / floor <= 2.5))
        )
        batch = photos[:BATCH]
        (studio_batch,) = best_of(2, lambda: studio_run(batch, fresh("batch"), os.cpu_count() or 2))
        rows.append(
            (
                f"studio, batch of {BATCH}, {os.cpu_count()} cores",
                f"{studio_batch * 1000 / BATCH:.0f} ms/photo",
                "",
            )
        )
        if convert:
            (magick_one,) = best_of(2, lambda: imagemagick_run(one[:1], fresh("im1"), convert))
            magick_batch = timed(lambda: imagemagick_run(batch, fresh("im"), convert))
            rows.append(("ImageMagick, one convert per photo", f"{magick_one * 1000:.0f} ms/photo", ""))
            rows.append(
                (
                    "  ImageMagick / studio 1 core (goal >= 3)",
                    f"{magick_one / single:.2f}x",
                    _mark(magick_one / single >= 3),
                )
            )
            rows.append((f"ImageMagick, batch of {BATCH}", f"{magick_batch * 1000 / BATCH:.0f} ms/photo", ""))
            ratio = magick_batch / studio_batch
            rows.append(("  ImageMagick / studio, batch (goal >= 5)", f"{ratio:.2f}x", _mark(ratio >= 5)))
        else:
            rows.append(("ImageMagick", "not installed (make bench installs it)", ""))
        peak = peak_rss_of_batch(photos, fresh("memory"))
        rows.append(
            (f"peak RSS, batch of {MEMORY_BATCH} (goal < 300 MB)", f"{peak:.0f} MB", _mark(peak < 300))
        )
        text_ms, first_ms = preview_times(photos[0])
        rows.append(("preview: text change at 540 px (goal < 2 ms)", f"{text_ms:.2f} ms", _mark(text_ms < 2)))
        rows.append(
            ("preview: new frame, decoded picture (goal < 50 ms)", f"{first_ms:.1f} ms", _mark(first_ms < 50))
        )
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'result':>22}  goal")
    print(f"{'-' * width}  {'-' * 22}  ----")
    for name, value, mark in rows:
        print(f"{name:<{width}}  {value:>22}  {mark}")
    print(f"(load average at the end: {', '.join(f'{v:.1f}' for v in os.getloadavg())})")
    return 0


def _mark(ok: bool) -> str:
    return "met" if ok else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
