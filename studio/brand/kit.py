"""Brand kits: a folder with `kit.toml` (name, colours, fonts, logo, help-desk link) and its templates.

Kits are validated on load; every problem is a `ConfigError` naming the file, the key and the fix. Every
file a kit names (logo, fonts, templates) must lie inside its folder after symlinks; fonts may also come
from assets/fonts by bare name. Other files in the folder (such as the text engine's `checks.toml`) are
left alone.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from PIL import Image, ImageFont, UnidentifiedImageError

from studio.brand._paths import font_name, inside, kit_file, shown
from studio.brand._schema import Table, read_toml
from studio.brand.colour import RGB, parse_colour
from studio.brand.template import TEMPLATE_NAMES, Template, load_template
from studio.errors import ConfigError
from studio.resources import assets_dir

__all__ = [
    "ASSETS",
    "COLOUR_NAMES",
    "DEFAULT_KIT",
    "MAX_LOGO_PIXELS",
    "STATUSES",
    "BrandKit",
    "default_kit",
    "kit_folder",
    "list_kits",
    "load_kit",
]

ASSETS = assets_dir()
DEFAULT_KIT = "campus-it"
COLOUR_NAMES = ("primary", "accent", "text", "ink", "background")
STATUSES = ("investigating", "identified", "monitoring", "resolved", "planned")
# A logo is drawn a few hundred pixels wide (the largest frame is 1080 x 1920): 4000 x 4000 is plenty and
# costs 64 MB as RGBA, while a 144 MP logo once cost 1.76 GB.
_LOGO_SIDE = 4000
MAX_LOGO_PIXELS = _LOGO_SIDE * _LOGO_SIDE
_KIT_KEYS = {"name", "help_desk_url", "logo", "logo_svg", "default_template", "colours", "status", "fonts"}


@dataclass(frozen=True, slots=True)
class BrandKit:
    """A validated brand kit. Colours are (name, rgb) pairs so the kit stays hashable and picklable."""

    id: str
    name: str
    folder: Path
    help_desk_url: str
    logo: Path
    logo_svg: Path | None
    default_template: str
    colours: tuple[tuple[str, RGB], ...]
    status_colours: tuple[tuple[str, RGB], ...]
    heading_fonts: tuple[Path, ...]  # the heading font, then fallbacks (CJK, emoji)
    body_fonts: tuple[Path, ...]
    templates: tuple[Template, ...]

    def colour(self, name: str, status: str | None = None) -> RGB:
        """A colour by reference: a kit colour name, `status` (the status colour) or `#RRGGBB`."""
        if name.startswith("#"):
            return parse_colour(name)
        if name == "status":
            return dict(self.status_colours)[status or STATUSES[0]]
        return dict(self.colours)[name]

    def template(self, name: str) -> Template:
        """A template by name; KeyError names the ones this kit has."""
        for template in self.templates:
            if template.name == name:
                return template
        raise KeyError(f"unknown template {name!r} (known: {', '.join(t.name for t in self.templates)})")

    def fonts(self, role: str) -> tuple[Path, ...]:
        """The font chain for a role: `heading` or `body`."""
        return self.heading_fonts if role == "heading" else self.body_fonts


def kit_folder(name_or_path: str) -> Path:
    """The folder of a kit given by id (bundled in assets/kits) or by path."""
    as_path = Path(name_or_path).expanduser()
    if as_path.is_dir() or "/" in name_or_path or name_or_path.startswith("."):
        return as_path
    return ASSETS / "kits" / name_or_path


def list_kits() -> tuple[str, ...]:
    """Ids of the bundled kits."""
    root = ASSETS / "kits"
    return tuple(sorted(p.name for p in root.iterdir() if (p / "kit.toml").is_file()))


def default_kit() -> BrandKit:
    """The bundled demo kit, Campus IT."""
    return load_kit(DEFAULT_KIT)


def load_kit(name_or_path: str | Path) -> BrandKit:
    """Load and validate a kit by id or folder; raises ConfigError naming file, key and fix."""
    known = ", ".join(list_kits())
    try:
        folder = kit_folder(str(name_or_path)).resolve()
        file = folder / "kit.toml"
        found = file.is_file()
    except (OSError, ValueError) as error:  # a name too long for a path, or with a NUL in it
        reason = getattr(error, "strerror", None) or str(error)
        raise ConfigError(
            shown(str(name_or_path)), f"not a kit folder ({reason})", f"use a kit folder or one of: {known}"
        ) from None
    if not found:
        raise ConfigError(
            str(file), "no such kit (kit.toml not found)", f"use a kit folder or one of: {known}"
        )
    inside(file, folder)
    return _load(folder, _signature(folder))


def _signature(folder: Path) -> tuple[tuple[str, int], ...]:
    """Names and modification times of the kit's files: an edited kit loads again, an unchanged one not."""
    files = [*folder.iterdir(), *((folder / "templates").glob("*.toml"))]
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in files if p.is_file()))


@lru_cache(maxsize=16)
def _load(folder: Path, _signature: tuple[tuple[str, int], ...]) -> BrandKit:
    file = folder / "kit.toml"
    root = Table(read_toml(file), file)
    root.only(_KIT_KEYS)
    colours = _colours(root.table("colours"), COLOUR_NAMES)
    statuses = _colours(root.table("status"), STATUSES)
    fonts = root.table("fonts")
    fonts.only({"heading", "body", "fallbacks"})
    fallbacks = tuple(_font(fonts, "fallbacks", name, folder) for name in fonts.strings("fallbacks"))
    url = root.string("help_desk_url")
    if urlparse(url).scheme not in {"https", "http"} or not urlparse(url).netloc:
        raise root.error("help_desk_url", f"{url!r} is not a web address", 'write it as "https://..."')
    logo_svg = None
    if root.has("logo_svg"):
        logo_svg = kit_file(root, "logo_svg", folder, root.string("logo_svg"))
        if logo_svg.suffix.lower() != ".svg":
            raise root.error("logo_svg", "must be an .svg file", "point it at the SVG version of the logo")
    templates = _templates(folder, frozenset(COLOUR_NAMES))
    default_template = root.choice("default_template", tuple(t.name for t in templates), "photo")
    return BrandKit(
        id=folder.name,
        name=root.string("name"),
        folder=folder,
        help_desk_url=url,
        logo=_logo(root, folder),
        logo_svg=logo_svg,
        default_template=default_template,
        colours=colours,
        status_colours=statuses,
        heading_fonts=(_font(fonts, "heading", fonts.string("heading"), folder), *fallbacks),
        body_fonts=(_font(fonts, "body", fonts.string("body"), folder), *fallbacks),
        templates=templates,
    )


def _colours(table: Table, names: tuple[str, ...]) -> tuple[tuple[str, RGB], ...]:
    table.only(names)
    out = []
    for name in names:
        value = table.string(name)
        try:
            out.append((name, parse_colour(value)))
        except ValueError as error:
            raise table.error(name, str(error), "write a colour as #RRGGBB") from None
    return tuple(out)


def _font(table: Table, key: str, name: str, folder: Path) -> Path:
    """A font file from the kit folder, else the shared assets/fonts; it must be readable by FreeType."""
    name = font_name(table, key, name)
    if os.path.lexists(folder / name):
        path = kit_file(table, key, folder, name)
    else:
        # A bare name cannot leave assets/fonts; its files are Studio's own, so a packager may link them.
        path = ASSETS / "fonts" / name
        if not path.is_file():
            raise table.error(
                key, f"font {shown(name)} not found in the kit or assets/fonts", "add the font file"
            )
    if not _font_readable(path):
        raise table.error(key, f"font {shown(name)} cannot be read", "use a TrueType or OpenType font file")
    return path.resolve()


def _font_readable(path: Path) -> bool:
    for size in (20, 109):  # colour emoji fonts only have bitmaps at 109 px
        try:
            ImageFont.truetype(str(path), size)
        except OSError:
            continue
        return True
    return False


def _logo(root: Table, folder: Path) -> Path:
    """The logo file, read once to prove it is an image of a sensible size (checked before decoding)."""
    path = kit_file(root, "logo", folder, root.string("logo"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our lower limit says more
            with Image.open(path) as image:
                if image.width * image.height > MAX_LOGO_PIXELS:
                    raise _logo_too_big(root, path.name, image.size)
                image.load()
    except Image.DecompressionBombError:  # so large that Pillow refuses to even open it
        raise _logo_too_big(root, path.name, None) from None
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        raise root.error(
            "logo", f"{path.name} is not a readable image", "use a PNG with transparency"
        ) from None
    return path


def _logo_too_big(root: Table, name: str, size: tuple[int, int] | None) -> ConfigError:
    measured = f"{size[0]} x {size[1]} pixels ({size[0] * size[1] // 1_000_000} MP), " if size else ""
    why = f"{name} is {measured}larger than the {MAX_LOGO_PIXELS // 1_000_000} MP a logo may have"
    return root.error("logo", why, f"scale it down to at most {_LOGO_SIDE} x {_LOGO_SIDE} pixels")


def _templates(folder: Path, colour_names: frozenset[str]) -> tuple[Template, ...]:
    """The kit's own templates/ folder first, then the shared assets/templates."""
    templates = []
    for name in TEMPLATE_NAMES:
        path = folder / "templates" / f"{name}.toml"
        if os.path.lexists(path):
            inside(path, folder)
        if not path.is_file():
            path = ASSETS / "templates" / f"{name}.toml"
        templates.append(load_template(path, colour_names))
    return tuple(templates)
