"""Self-contained HTML pages (review bundles, monthly reports): inline style, pictures as data URIs, no JS."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError

__all__ = ["esc", "page", "thumbnail_uri"]

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; color: #14213d; background: #fff;
       margin: 2em auto; max-width: 60em; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccd; }
.card { border: 1px solid #ccd; border-radius: 6px; padding: 0.8em 1em; margin: 1em 0; }
.text { white-space: pre-wrap; background: #f4f1ea; padding: 0.6em; border-radius: 4px; }
.meta { color: #555; font-size: 0.9em; }
img { max-width: 100%; max-height: 24em; display: block; margin: 0.5em 0; }
table { border-collapse: collapse; }
td, th { padding: 0.2em 0.8em; text-align: left; border-bottom: 1px solid #eee; }
code { background: #eef; padding: 0 0.3em; }
h3 { font-size: 1.05em; margin-top: 1.5em; }
table.numbers { margin-bottom: 1.5em; }
table.numbers td:not(:first-child), table.numbers th:not(:first-child) { text-align: right; }
ol.top li { margin: 0.4em 0; }
@media print { .card { break-inside: avoid; } }
"""


def esc(text: object) -> str:
    """Text made safe for HTML (quotes too, for attributes)."""
    return html.escape(str(text), quote=True)


def page(title: str, body: str) -> str:
    """A complete HTML document with the house style inline."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def thumbnail_uri(path: Path, *, longest: int = 1200) -> str | None:
    """A JPEG data URI of the picture at most `longest` pixels on its long side; None if it cannot be read."""
    try:
        with Image.open(path) as image:
            image.thumbnail((longest, longest))
            picture = image.convert("RGB")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=82)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")
