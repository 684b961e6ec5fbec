"""Take branded frames away: a post's pictures rendered in chosen formats into a folder (Issue 14 item 3).

No account, caption or schedule is needed. Files are named as `studio render` names them,
`DIR/<stem>.<format>.jpg`, where the stem is the picture's caption made into a file name (else
`picture-N`); the pixels are the render engine's, metadata-free, in the kit the caller passes.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.brand import BrandKit, RenderRequest, render
from studio.errors import InputError
from studio.platforms import FORMATS, default_format

__all__ = ["ExportResult", "Frame", "export_frames", "formats_for", "stem_for"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Frame:
    """One picture to export, with its template, caption and focus (fractions from the top-left)."""

    source: Path
    template: str
    caption: str = ""
    focus: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class ExportResult:
    """The files written, in order, and one line per picture that could not be rendered."""

    paths: tuple[Path, ...]
    problems: tuple[str, ...]


def stem_for(frame: Frame, number: int) -> str:
    """A file name stem from the caption ("Meet the desk" -> meet-the-desk), else picture-N."""
    plain = unicodedata.normalize("NFKD", frame.caption).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:48].strip("-")
    return slug or f"picture-{number}"


def formats_for(networks: Sequence[str], chosen: Mapping[str, str], template: str) -> tuple[str, ...]:
    """The formats a post goes out in: per network its chosen format, else its template's, else its first.

    No network: every format (a frame to take away, for whatever it is for).
    """
    if not networks:
        return tuple(f.id for f in FORMATS)
    out: list[str] = []
    for network in networks:
        mine = {f.id for f in FORMATS if f.network == network}
        fmt = chosen.get(network)
        if fmt not in mine:
            fallback = default_format(network, template)
            fmt = fallback.id if fallback is not None else None
        if fmt is not None:
            out.append(fmt)
    return tuple(dict.fromkeys(out))


def export_frames(
    frames: Sequence[Frame],
    kit: BrandKit,
    formats: Sequence[str],
    out_dir: Path,
    progress: Progress | None = None,
) -> ExportResult:
    """Render every frame in every format into `out_dir` (made if missing); progress per file written."""
    known = {f.id for f in FORMATS}
    unknown = [f for f in formats if f not in known]
    if unknown or not formats:
        raise InputError("formats", f"unknown: {', '.join(unknown) or 'none chosen'}", "choose a format")
    if not frames:
        raise InputError("pictures", "there are none to export", "add a picture first")
    total = len(frames) * len(formats)
    paths: list[Path] = []
    problems: list[str] = []
    stems: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="studio-export-") as scratch:
        for number, frame in enumerate(frames, 1):
            stem = stem_for(frame, number)
            while stem in stems:  # two pictures with one caption: picture files must not overwrite
                stem = f"{stem}-{number}"
            stems.add(stem)
            named = Path(scratch) / f"{stem}{frame.source.suffix.lower()}"
            shutil.copyfile(frame.source, named)
            request = RenderRequest(
                sources=(named,),
                out_dir=out_dir,
                kit=kit,
                template=frame.template or kit.default_template,
                formats=tuple(formats),
                caption=frame.caption,
                focus=frame.focus,
                workers=1,
            )
            picture = render(request).pictures[0]
            if picture.problem is not None:
                problems.append(f"picture {number}: {picture.problem.line()}")
            paths += [o.path for o in picture.outputs]
            if progress is not None:
                progress(min(number * len(formats), total), total)
    return ExportResult(tuple(paths), tuple(problems))
