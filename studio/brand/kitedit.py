"""Edit a kit's `kit.toml`: every change is checked, written atomically and can be undone byte for byte.

A change is made to the parsed file with `tomlkit`, so the user's comments and layout stay as they were.
Before the result replaces `kit.toml` it is loaded with `load_kit` in a scratch copy of the kit folder
(hard links where the file system allows them), so a change that would break the kit is refused with the
loader's message (file, key and fix) and the kit is left as it was. The new file is written beside the old
one, flushed to disk and renamed over it: `kit.toml` is never half written. A `KitChange` keeps the bytes from
before, so `undo` puts the file back exactly, and removes a logo or font file that the change copied in.
The bundled example kits are read-only: copy one into the workspace first (`studio kit new NAME`).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import tomlkit
from tomlkit.exceptions import TOMLKitError

from studio.brand.colour import RGB, contrast_ratio, parse_colour
from studio.brand.kit import ASSETS, COLOUR_NAMES, STATUSES, BrandKit, load_kit
from studio.errors import ConfigError, InputError, WorkspaceError

__all__ = [
    "MIN_CONTRAST",
    "KitChange",
    "bundled_fonts",
    "is_bundled",
    "reader_of",
    "set_colour",
    "set_font",
    "set_help_desk_url",
    "set_logo",
    "set_name",
    "text_contrasts",
    "undo",
]

MIN_CONTRAST = 4.5  # WCAG 2 AA for body text
_SCRATCH = ".kitedit-"
_FONT_SUFFIXES = {".ttf", ".otf", ".ttc"}
# Which kit colour is read on which: `text` on the primary band and on every status card, `ink` on the rest.
_READ_ON = {"primary": "text", "accent": "ink", "background": "ink", **dict.fromkeys(STATUSES, "text")}


@dataclass(frozen=True, slots=True)
class KitChange:
    """One change to a kit: the kit as it loads afterwards, and what `undo` needs to take it back."""

    kit: BrandKit
    what: str  # for an Undo button's tooltip: "primary colour #112233"
    file: Path
    before: bytes
    after: bytes
    added: tuple[Path, ...]  # files the change copied into the kit folder


def is_bundled(folder: Path) -> bool:
    """Whether `folder` is one of Studio's own example kits (read-only)."""
    return folder.resolve().parent == (ASSETS / "kits").resolve()


def bundled_fonts() -> tuple[str, ...]:
    """Names of the fonts in assets/fonts that a kit may name without a copy."""
    return tuple(sorted(p.name for p in (ASSETS / "fonts").iterdir() if p.suffix.lower() in _FONT_SUFFIXES))


class _Coloured(Protocol):
    @property
    def colours(self) -> Sequence[tuple[str, RGB]]: ...
    @property
    def status_colours(self) -> Sequence[tuple[str, RGB]]: ...


def text_contrasts(kit: _Coloured) -> dict[str, float]:
    """WCAG 2 contrast of the colour read on each kit colour: `text` on primary and the statuses, `ink` on
    accent and background."""
    colours = {**dict(kit.colours), **dict(kit.status_colours)}
    return {name: contrast_ratio(colours[reader], colours[name]) for name, reader in _READ_ON.items()}


def reader_of(name: str) -> str | None:
    """The kit colour that text on colour `name` is drawn in, or None when nothing is read on it."""
    return _READ_ON.get(name)


def set_name(folder: Path, name: str) -> KitChange:
    """Rename the kit (its folder keeps its name)."""
    return _change(folder, {"name": name.strip()}, f"name {name.strip()!r}")


def set_help_desk_url(folder: Path, url: str) -> KitChange:
    """Change the help-desk link; it must be an http(s) address."""
    return _change(folder, {"help_desk_url": url.strip()}, f"help-desk link {url.strip()}")


def set_colour(folder: Path, name: str, colour: str) -> KitChange:
    """Change a kit colour (`primary`, …) or a status colour (`resolved`, …) to `#RRGGBB`."""
    if name in COLOUR_NAMES:
        key = f"colours.{name}"
    elif name in STATUSES:
        key = f"status.{name}"
    else:
        raise InputError(name, "is not a kit colour", f"use one of: {', '.join((*COLOUR_NAMES, *STATUSES))}")
    try:
        value = "#{:02X}{:02X}{:02X}".format(*parse_colour(colour.strip()))
    except ValueError as error:
        raise InputError(f"key '{key}'", str(error), "write a colour as #RRGGBB") from None
    return _change(folder, {key: value}, f"{name} colour {value}")


def set_font(folder: Path, role: str, font: str | Path) -> KitChange:
    """Set the heading or body font: a bundled font's name (`bundled_fonts`) or a font file to copy in."""
    if role not in {"heading", "body"}:
        raise InputError(role, "is not a font role", "use heading or body")
    added: list[Path] = []
    if isinstance(font, Path):
        if font.suffix.lower() not in _FONT_SUFFIXES:
            raise InputError(str(font), "is not a font file", "choose a .ttf or .otf file")
        name = _copy_in(folder, font, added)
    else:
        name = font
    return _change(folder, {f"fonts.{role}": name}, f"{role} font {name}", added)


def set_logo(folder: Path, image: Path, svg: Path | None = None) -> KitChange:
    """Use `image` (a PNG) as the logo, copied into the kit; `svg` is the same logo as SVG, if there is one.

    Pictures are drawn from the PNG; a kit keeps its SVG beside it for print and the web. Choosing a new
    logo without an SVG drops the old `logo_svg`, which would otherwise name a different logo.
    """
    if image.suffix.lower() != ".png":
        raise InputError(str(image), "is not a PNG file", "choose a .png (or an .svg) logo")
    if svg is not None and svg.suffix.lower() != ".svg":
        raise InputError(str(svg), "is not an SVG file", "choose an .svg logo")
    added: list[Path] = []
    try:
        name = _copy_in(folder, image, added)
        svg_name = _copy_in(folder, svg, added) if svg is not None else None
    except BaseException:
        _remove(added)
        raise
    return _change(folder, {"logo": name, "logo_svg": svg_name}, f"logo {name}", added)


def undo(change: KitChange) -> BrandKit:
    """Put `kit.toml` back as it was before `change`, byte for byte, and remove the files it copied in.

    Refused (InputError) when the file was changed since, by hand or by another window: undoing then would
    throw that change away unseen. ConfigError when the restored kit does not load (it did not before either).
    """
    try:
        current = change.file.read_bytes()
    except OSError as error:
        raise _unwritable(change.file, error) from None
    if current != change.after:
        raise InputError(
            str(change.file), "was changed since this edit", "undo is no longer possible: edit it again"
        )
    _write_atomically(change.file, change.before)
    _remove(change.added)
    return load_kit(change.file.parent)


def _change(
    folder: Path, updates: Mapping[str, str | None], what: str, added: list[Path] | None = None
) -> KitChange:
    added = added if added is not None else []
    try:
        folder = folder.resolve()
        if is_bundled(folder):
            raise InputError(
                str(folder / "kit.toml"),
                "the bundled example kit is read-only",
                "make a copy to edit: studio kit new NAME",
            )
        file = folder / "kit.toml"
        try:
            before = file.read_bytes()
        except OSError as error:
            raise _unwritable(file, error) from None
        after = _edited(file, before, updates)
        _check(folder, after)
        _write_atomically(file, after)
        kit = load_kit(folder)
    except BaseException:
        _remove(added)
        raise
    return KitChange(kit, what, file, before, after, tuple(added))


def _edited(file: Path, before: bytes, updates: Mapping[str, str | None]) -> bytes:
    try:
        document = tomlkit.parse(before.decode("utf-8"))
    except (UnicodeDecodeError, TOMLKitError) as error:
        raise ConfigError(str(file), f"cannot be read as TOML ({error})", "fix it in a text editor") from None
    for key, value in updates.items():
        *tables, name = key.split(".")
        table: Any = document
        for part in tables:
            if part not in table:
                table[part] = tomlkit.table()
            table = table[part]
        if value is None:
            table.pop(name, None)
        else:
            table[name] = value
    return tomlkit.dumps(document).encode("utf-8")


def _check(folder: Path, data: bytes) -> None:
    """Load the kit with `data` as its kit.toml in a scratch copy; its errors name the real file."""
    try:
        scratch = Path(tempfile.mkdtemp(prefix=_SCRATCH, dir=folder))
    except OSError as error:
        raise _unwritable(folder, error) from None
    try:
        _mirror(folder, scratch)
        (scratch / "kit.toml").write_bytes(data)
        load_kit(scratch)
    except ConfigError as error:
        real, fake = str(folder), str(scratch)
        raise ConfigError(
            error.what.replace(fake, real), error.why.replace(fake, real), error.fix.replace(fake, real)
        ) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _mirror(folder: Path, scratch: Path) -> None:
    """Every file of the kit (not kit.toml) at the same place under `scratch`, linked where possible."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(_SCRATCH)]
        here = Path(root)
        target = scratch / here.relative_to(folder)
        target.mkdir(exist_ok=True)
        for name in files:
            source = here / name
            if source == folder / "kit.toml":
                continue
            real = source.resolve()
            if source.is_symlink() and folder not in real.parents:
                os.symlink(os.readlink(source), target / name)  # refused in the copy as in the kit
                continue
            try:
                os.link(real, target / name)
            except OSError:
                shutil.copy2(real, target / name)


def _copy_in(folder: Path, source: Path, added: list[Path]) -> str:
    """Copy `source` into the kit folder under a name not yet taken (or the same file's name); its name."""
    folder = folder.resolve()
    if is_bundled(folder):
        raise InputError(str(folder), "the bundled example kit is read-only", "make a copy to edit")
    try:
        data = source.read_bytes()
    except OSError as error:
        raise InputError(str(source), f"cannot be read ({error.strerror})", "choose another file") from None
    stem, suffix = source.stem or "file", source.suffix.lower()
    for n in range(1, 1000):
        name = f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}"
        target = folder / name
        if target.is_file() and target.read_bytes() == data:
            return name  # already there: nothing to copy, nothing for undo to remove
        if os.path.lexists(target):
            continue
        _write_atomically(target, data, new=True)
        added.append(target)
        return name
    raise InputError(str(source), "too many files of that name in the kit", "rename the file first")


def _write_atomically(file: Path, data: bytes, *, new: bool = False) -> None:
    """Write `data` to a temporary file beside `file`, flush it to disk and rename it over `file`."""
    try:
        old = None if new else file.stat()
        fd, temporary = tempfile.mkstemp(prefix=f".{file.name}-", dir=file.parent)
    except OSError as error:
        raise _unwritable(file, error) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if old is not None:
            os.chmod(temporary, stat.S_IMODE(old.st_mode))
        os.replace(temporary, file)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise _unwritable(file, error) from None
    _sync_folder(file.parent)
    if old is not None and file.stat().st_mtime_ns <= old.st_mtime_ns:
        # The kit loader caches by modification time; a second write within the clock's tick must show.
        os.utime(file, ns=(old.st_atime_ns, old.st_mtime_ns + 1))


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder; its rename is durable enough
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(files: list[Path] | tuple[Path, ...]) -> None:
    for path in files:
        path.unlink(missing_ok=True)


def _unwritable(path: Path, error: OSError) -> WorkspaceError:
    return WorkspaceError(
        str(path), f"cannot be written ({error.strerror or error})", "check the kit folder's permissions"
    )
