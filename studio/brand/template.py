"""Templates: small declarative layouts (TOML) of a picture and layers, with per-format overrides.

A layout's `picture_box` is a fraction of the whole frame; every layer's `box` is a fraction of the format's
safe area (`studio.platforms`), so text and logo stay out of the story format's covered strips by
construction.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace
from pathlib import Path

from studio.brand._schema import Table, read_toml
from studio.brand.colour import parse_colour
from studio.platforms import FORMATS

__all__ = ["TEMPLATE_NAMES", "Box", "Layer", "Layout", "Template", "load_template"]

Box = tuple[float, float, float, float]  # x, y, width, height
TEMPLATE_NAMES = ("photo", "cartoon", "tip", "story", "status")
FITS = ("cover", "contain", "none")
KINDS = ("band", "text", "badge", "logo")
FIELDS = ("caption", "heading", "body", "status", "help_desk")
_LAYER_KEYS = {
    "band": {"kind", "box", "colour", "opacity", "radius"},
    "text": {"kind", "box", "colour", "text", "font", "size", "min_size", "max_lines", "align", "valign"},
    "badge": {
        "kind",
        "box",
        "colour",
        "text",
        "text_colour",
        "font",
        "size",
        "min_size",
        "align",
        "valign",
        "radius",
    },
    "logo": {"kind", "box", "align", "valign"},
}
_LAYOUT_KEYS = {"background", "picture", "picture_box", "layers"}


@dataclass(frozen=True, slots=True)
class Layer:
    """One layer over the picture: a colour band, a text box, a badge (text on a pill) or the logo."""

    kind: str
    box: Box
    colour: str = "text"  # a kit colour name, "status", or #RRGGBB
    text: str = "{caption}"  # fields: {caption} {heading} {body} {status} {help_desk}
    text_colour: str = "text"
    font: str = "heading"  # heading | body
    size: float = 0.06  # largest font size, as a fraction of the frame's shorter side
    min_size: float = 0.025
    max_lines: int = 3
    align: str = "left"
    valign: str = "middle"
    opacity: float = 1.0
    radius: float = 0.0  # rounded corners, fraction of the frame's shorter side


@dataclass(frozen=True, slots=True)
class Layout:
    """A template resolved for one format."""

    background: str
    picture: str  # cover | contain | none
    picture_box: Box
    layers: tuple[Layer, ...]


@dataclass(frozen=True, slots=True)
class Template:
    """A named layout with optional per-format overrides."""

    name: str
    description: str
    default_heading: str
    base: Layout
    overrides: tuple[tuple[str, Layout], ...] = ()

    def layout(self, format_id: str) -> Layout:
        """The layout for one format id."""
        for key, layout in self.overrides:
            if key == format_id:
                return layout
        return self.base


def load_template(path: Path, colour_names: frozenset[str]) -> Template:
    """Read and validate a template file; `colour_names` are the kit's colours it may refer to."""
    root = Table(read_toml(path), path)
    root.only({"description", "default_heading", "formats"} | _LAYOUT_KEYS)
    base = _layout(root, None, colour_names)
    formats = root.table("formats", required=False)
    known = {f.id for f in FORMATS}
    overrides = []
    for format_id in formats.data:
        if format_id not in known:
            raise formats.error(format_id, "not a format id", f"use one of: {', '.join(sorted(known))}")
        section = formats.table(format_id)
        section.only(_LAYOUT_KEYS)
        overrides.append((format_id, _layout(section, base, colour_names)))
    return Template(
        name=path.stem,
        description=root.string("description"),
        default_heading=root.string("default_heading", path.stem.title()),
        base=base,
        overrides=tuple(overrides),
    )


def _layout(table: Table, base: Layout | None, colour_names: frozenset[str]) -> Layout:
    background = table.string("background", base.background if base else "background")
    _colour_ref(table, "background", background, colour_names)
    layout = Layout(
        background=background,
        picture=table.choice("picture", FITS, base.picture if base else "cover"),
        picture_box=table.box("picture_box", base.picture_box if base else (0.0, 0.0, 1.0, 1.0)),
        layers=base.layers if base else (),
    )
    if table.has("layers") or base is None:
        layout = replace(layout, layers=tuple(_layer(t, colour_names) for t in table.tables("layers")))
    return layout


def _layer(table: Table, colour_names: frozenset[str]) -> Layer:
    kind = table.choice("kind", KINDS)
    table.only(_LAYER_KEYS[kind])
    defaults = Layer(kind=kind, box=(0.0, 0.0, 1.0, 1.0))
    colour = table.string(
        "colour", "primary" if kind == "band" else ("accent" if kind == "badge" else "text")
    )
    text_colour = table.string("text_colour", defaults.text_colour)
    _colour_ref(table, "colour", colour, colour_names)
    _colour_ref(table, "text_colour", text_colour, colour_names)
    text = table.string("text", defaults.text)
    _check_fields(table, text)
    size = table.number("size", defaults.size, 0.005, 0.5)
    return Layer(
        kind=kind,
        box=table.box("box"),
        colour=colour,
        text=text,
        text_colour=text_colour,
        font=table.choice("font", ("heading", "body"), defaults.font),
        size=size,
        min_size=min(size, table.number("min_size", defaults.min_size, 0.005, 0.5)),
        max_lines=table.integer("max_lines", defaults.max_lines, 1, 12),
        align=table.choice("align", ("left", "center", "right"), defaults.align),
        valign=table.choice("valign", ("top", "middle", "bottom"), defaults.valign),
        opacity=table.number("opacity", defaults.opacity),
        radius=table.number("radius", defaults.radius, 0.0, 0.5),
    )


def _colour_ref(table: Table, key: str, value: str, colour_names: frozenset[str]) -> None:
    if value.startswith("#"):
        try:
            parse_colour(value)
        except ValueError as error:
            raise table.error(key, str(error), "write a colour as #RRGGBB") from None
    elif value != "status" and value not in colour_names:
        names = ", ".join(sorted(colour_names | {"status"}))
        raise table.error(key, f"unknown colour {value!r}", f"use #RRGGBB or a kit colour: {names}")


def _check_fields(table: Table, text: str) -> None:
    try:
        names = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as error:
        raise table.error("text", f"bad placeholder ({error})", "write placeholders as {caption}") from None
    for name in names:
        if name not in FIELDS:
            raise table.error("text", f"unknown placeholder {{{name}}}", f"use one of: {', '.join(FIELDS)}")
