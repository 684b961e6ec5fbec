"""`studio render IMG... --out DIR [--kit K] [--template T] [--format F ...] [--caption T] [--focus X,Y]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from studio.platforms import FORMATS

ORDER = 10
# The same names as studio.brand.TEMPLATE_NAMES, spelled out so `--help` needs no Pillow import.
_TEMPLATES = ("photo", "cartoon", "tip", "story", "status")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `render` subcommand."""
    ids = [f.id for f in FORMATS]
    parser = subparsers.add_parser(
        "render",
        help="brand photos and cartoons into every platform's format",
        description="Render pictures through a brand kit into DIR/<name>.<format>.jpg, one file per format. "
        "Exit status: 0 all rendered, 1 some inputs failed (one error line each), 2 bad usage.",
    )
    parser.add_argument("images", nargs="+", metavar="IMG", type=Path, help="pictures to render")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder (created)")
    parser.add_argument(
        "--kit", default="campus-it", metavar="K", help="kit id or kit folder (default: campus-it)"
    )
    parser.add_argument(
        "--template",
        choices=_TEMPLATES,
        metavar="T",
        help=f"one of {', '.join(_TEMPLATES)} (default: the kit's, photo)",
    )
    parser.add_argument(
        "--format",
        action="append",
        dest="formats",
        choices=[*ids, "all"],
        metavar="F",
        help=f"repeatable; 'all' (the default) or any of: {', '.join(ids)}",
    )
    parser.add_argument("--caption", default="", metavar="TEXT", help="caption text (any script, emoji)")
    parser.add_argument(
        "--focus", type=_focus, metavar="X,Y", help="point to keep in every crop, e.g. 0.4,0.3"
    )
    parser.set_defaults(run=run)


def _focus(text: str) -> tuple[float, float]:
    try:
        x, y = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not X,Y (two fractions, e.g. 0.5,0.3)") from None
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise argparse.ArgumentTypeError(f"{text!r}: X and Y are fractions of the picture, from 0 to 1")
    return (x, y)


def run(args: argparse.Namespace) -> int:
    """Render; print each written file on stdout, problems and warnings on stderr."""
    from studio.brand import RenderRequest, load_kit, render

    formats = args.formats or ["all"]
    chosen = [f.id for f in FORMATS] if "all" in formats else list(dict.fromkeys(formats))
    kit = load_kit(args.kit)
    request = RenderRequest(
        sources=tuple(args.images),
        out_dir=args.out,
        kit=kit,
        template=args.template or kit.default_template,
        formats=tuple(chosen),
        caption=args.caption,
        focus=args.focus,
    )
    bar = _Bar(sys.stderr) if sys.stderr.isatty() else None
    result = render(request, progress=bar.update if bar else None)
    if bar:
        bar.close()
    for picture in result.pictures:
        for note in picture.warnings:
            print(f"warning: {picture.source}: {note}", file=sys.stderr)
        if picture.problem:
            print(f"error: {picture.problem.line()}", file=sys.stderr)
        for output in picture.outputs:
            print(output.path)
    return 0 if result.ok else 1


class _Bar:
    """A one-line progress bar on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def update(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(1, total)
        self.stream.write(f"\rrendering [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
