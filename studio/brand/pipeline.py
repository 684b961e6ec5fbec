"""The render pipeline: each picture decoded once, then every format composed, encoded and written atomically.

Pictures run in parallel across processes. A picture that fails (unreadable, damaged, too big) leaves nothing
in the output folder and does not stop the others; its problem is reported in the result.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from studio import media
from studio.brand.compose import Frame, Overlay, Rect, build_overlay, compose, picture_frame, safe_rect
from studio.brand.fields import fields_for
from studio.brand.kit import BrandKit
from studio.brand.pyramid import Pyramid
from studio.errors import InputError, UserError
from studio.platforms import FORMATS, format_by_id

__all__ = ["WCAG_AA", "FormatOutput", "PictureResult", "Problem", "RenderRequest", "RenderResult", "render"]

WCAG_AA = 4.5
_QUALITY = 85
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class RenderRequest:
    """A snapshot of one render job (made on the UI thread, run anywhere)."""

    sources: tuple[Path, ...]
    out_dir: Path
    kit: BrandKit
    template: str = "photo"
    formats: tuple[str, ...] = tuple(f.id for f in FORMATS)
    caption: str = ""
    focus: tuple[float, float] | None = None  # fractions of the picture; None is the centre
    status: str | None = None  # for the status template; else read from a "Resolved: ..." caption
    workers: int | None = None  # processes; None is the number of cores


@dataclass(frozen=True, slots=True)
class FormatOutput:
    """One written file and where things landed in it (for checks and for the app's overlays)."""

    format_id: str
    path: Path
    size: tuple[int, int]
    bytes: int
    quality: int
    picture: Rect | None
    crop: tuple[float, float, float, float] | None  # the part of the picture shown, fractions (l, t, r, b)
    safe: Rect
    text_boxes: tuple[Rect, ...]
    logo: Rect | None
    contrast: float | None


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one input failed, as plain strings (exceptions with extra arguments do not cross processes)."""

    what: str
    why: str
    fix: str

    def line(self) -> str:
        """`<what>: <why> (<fix>)`."""
        return UserError(self.what, self.why, self.fix).line()


@dataclass(frozen=True, slots=True)
class PictureResult:
    """What became of one input picture."""

    source: Path
    outputs: tuple[FormatOutput, ...] = ()
    warnings: tuple[str, ...] = ()
    problem: Problem | None = None


@dataclass(frozen=True, slots=True)
class RenderResult:
    """Every picture's result, in the order given."""

    pictures: tuple[PictureResult, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when every picture rendered."""
        return all(p.problem is None for p in self.pictures)

    @property
    def outputs(self) -> tuple[FormatOutput, ...]:
        """Every written file."""
        return tuple(o for p in self.pictures for o in p.outputs)


def render(request: RenderRequest, progress: Progress | None = None) -> RenderResult:
    """Render every source into every format; raises InputError only when the output folder is unusable."""
    _check_request(request)
    _prepare_out_dir(request.out_dir)
    jobs, results = _dedupe(request.sources)
    total, done = len(request.sources), len(results)
    if progress:
        progress(done, total)
    workers = min(request.workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        for index, source in jobs:
            results[index] = render_picture(request, source)
            done += 1
            if progress:
                progress(done, total)
    else:
        with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
            futures: dict[Future[PictureResult], int] = {
                pool.submit(render_picture, request, source): index for index, source in jobs
            }
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                done += 1
                if progress:
                    progress(done, total)
    return RenderResult(tuple(results[i] for i in range(total)))


def render_picture(request: RenderRequest, source: Path) -> PictureResult:
    """Render one picture into every requested format, all or nothing."""
    kit = request.kit
    template = kit.template(request.template)
    formats = [format_by_id(f) for f in request.formats]
    fields, status = fields_for(kit, template, request.caption, request.status)
    picture: Pyramid | None = None
    notes: tuple[str, ...] = ()
    try:
        if all(template.layout(f.id).picture == "none" for f in formats):
            media.inspect(source)  # a text card: the picture is not drawn, but a bad input is still reported
        else:
            cover = (max(f.width for f in formats), max(f.height for f in formats))
            loaded = media.load(source, cover=cover)
            picture, notes = Pyramid(loaded.image), loaded.warnings
    except InputError as error:
        return PictureResult(source, problem=Problem(str(source), error.why, error.fix))
    focus = request.focus or (0.5, 0.5)
    encoded: list[tuple[FormatOutput, bytes]] = []
    low_contrast: list[str] = []
    shortened: list[str] = []
    # Formats of the same size and layout (x-landscape, mastodon, bluesky; the two 4:5 portraits) share
    # one composed frame, and one encode when it fits both byte budgets.
    composed: dict[tuple[object, ...], tuple[Frame, Overlay, Image.Image, float | None]] = {}
    best: dict[tuple[object, ...], tuple[bytes, int]] = {}
    for fmt in formats:
        layout = template.layout(fmt.id)
        size = (fmt.width, fmt.height)
        key = (layout, size, safe_rect(fmt, size))
        if key not in composed:
            frame = picture_frame(kit, layout, size, picture, focus, status)
            overlay = build_overlay(kit, layout, fmt, size, fields, status)
            composed[key] = (frame, overlay, *compose(frame, overlay, in_place=True))
        frame, overlay, image, contrast = composed[key]
        reuse = best.get(key)
        if reuse and reuse[1] == _QUALITY and (fmt.max_bytes is None or len(reuse[0]) <= fmt.max_bytes):
            data, quality = reuse
        else:
            data, quality = media.encode_jpeg_within(image, fmt.max_bytes, _QUALITY)
            best.setdefault(key, (data, quality))
        if contrast is not None and contrast < WCAG_AA:
            low_contrast.append(f"{fmt.id} {contrast:.1f}:1")
        if overlay.shortened:
            shortened.append(fmt.id)
        path = request.out_dir / f"{source.stem}.{fmt.id}.jpg"
        output = FormatOutput(
            fmt.id, path, size, len(data), quality, frame.picture, frame.crop, safe_rect(fmt, size),
            overlay.text_boxes, overlay.logo, contrast,
        )  # fmt: skip
        encoded.append((output, data))
    warnings = list(notes)
    if low_contrast:
        warnings.append(
            f"caption contrast below {WCAG_AA}:1 (WCAG AA) in {', '.join(low_contrast)}; "
            "pick a calmer part of the picture or a template with a band behind the text"
        )
    if shortened:
        warnings.append(f"caption too long, shortened with … in {', '.join(shortened)}")
    problem = _write_all(source, encoded)
    if problem:
        return PictureResult(source, warnings=tuple(warnings), problem=problem)
    return PictureResult(source, tuple(o for o, _ in encoded), tuple(warnings))


def _write_all(source: Path, encoded: list[tuple[FormatOutput, bytes]]) -> Problem | None:
    written: list[Path] = []
    try:
        for output, data in encoded:
            media.write_atomic(output.path, data)
            written.append(output.path)
    except OSError as error:
        for path in written:  # all or nothing: half a set of formats is worse than none
            with contextlib.suppress(OSError):
                path.unlink()
        return Problem(
            str(source),
            f"cannot write {error.filename or 'the output'} ({error.strerror})",
            "free space or fix permissions",
        )
    return None


def _check_request(request: RenderRequest) -> None:
    try:
        request.kit.template(request.template)
    except KeyError as error:
        raise InputError("template", str(error.args[0]), "choose one of the kit's templates") from None
    for format_id in request.formats:
        try:
            format_by_id(format_id)
        except KeyError as error:
            raise InputError("format", str(error.args[0]), "choose a format from the list") from None
    if request.focus is not None and not all(0 <= v <= 1 for v in request.focus):
        raise InputError("focus", "must be two fractions from 0 to 1", "write it as 0.5,0.3")


def _prepare_out_dir(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as error:
        raise InputError(
            str(out_dir),
            f"the output folder cannot be created or written ({error.strerror})",
            "choose another --out",
        ) from None


def _dedupe(sources: tuple[Path, ...]) -> tuple[list[tuple[int, Path]], dict[int, PictureResult]]:
    """Two inputs with the same stem would overwrite each other's outputs: the later ones are refused."""
    seen: dict[str, Path] = {}
    jobs: list[tuple[int, Path]] = []
    refused: dict[int, PictureResult] = {}
    for index, source in enumerate(sources):
        if source.stem not in seen:
            seen[source.stem] = source
            jobs.append((index, source))
            continue
        first = seen[source.stem]
        if _same_file(first, source):
            problem = Problem(str(source), "was given twice", "give each picture once")
        else:
            why = f"has the same name as {first}, so their outputs would collide"
            problem = Problem(str(source), why, "rename one of them")
        refused[index] = PictureResult(source, problem=problem)
    return jobs, refused


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _context() -> multiprocessing.context.BaseContext:
    # fork starts workers in milliseconds but is unsafe once threads run (the app's thread pool): spawn then.
    if hasattr(os, "fork") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
