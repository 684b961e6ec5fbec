"""Incident update texts: per kind and stage templates with placeholders, defaults overridden by a kit."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from studio.errors import ConfigError
from studio.kitfiles import inside, read_toml
from studio.resources import asset_path
from studio.workflows.stages import STAGES, IncidentKind

__all__ = [
    "DEFAULT_TEXTS",
    "KIT_TEXTS_FILE",
    "PLACEHOLDERS",
    "IncidentTexts",
    "fill",
    "load_texts",
]

DEFAULT_TEXTS = asset_path("text", "incident-texts.toml")
KIT_TEXTS_FILE = "incident-texts.toml"
PLACEHOLDERS = frozenset({"service", "impact", "stage", "status_url", "next_update", "started", "help_desk"})


@dataclass(frozen=True, slots=True)
class IncidentTexts:
    """One template per (kind, stage), each checked to use only known placeholders."""

    templates: Mapping[tuple[IncidentKind, str], str]

    def template(self, kind: IncidentKind, stage: str) -> str:
        """The template for a kind's stage."""
        return self.templates[(kind, stage)]


def load_texts(kit_folder: Path | None = None) -> IncidentTexts:
    """The bundled templates, with any the kit's `incident-texts.toml` gives instead."""
    templates = _read(DEFAULT_TEXTS, require_all=True)
    if kit_folder is not None and (kit_folder / KIT_TEXTS_FILE).is_file():
        folder = kit_folder.resolve()
        inside(folder / KIT_TEXTS_FILE, folder)  # a link out of the kit is refused, as for its other files
        templates.update(_read(folder / KIT_TEXTS_FILE, require_all=False))
    return IncidentTexts(templates)


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with its placeholders filled; a line whose placeholders are all empty is left out."""
    lines = []
    for line in template.strip().splitlines():
        names = [name for _, name, _, _ in string.Formatter().parse(line) if name]
        if names and not any(values.get(n, "").strip() for n in names):
            continue
        lines.append(line.format_map({n: values.get(n, "") for n in names}).rstrip())
    return "\n".join(lines).strip()


def _read(path: Path, *, require_all: bool) -> dict[tuple[IncidentKind, str], str]:
    data = read_toml(path)  # bounded: a hostile kit file cannot cost minutes or gigabytes
    out: dict[tuple[IncidentKind, str], str] = {}
    for kind_name, stages in data.items():
        kinds = ", ".join(k.value for k in IncidentKind)
        if kind_name not in {k.value for k in IncidentKind} or not isinstance(stages, dict):
            raise ConfigError(f"{path}: [{kind_name}]", "not a kind of incident", f"use tables: {kinds}")
        kind = IncidentKind(kind_name)
        for stage, text in stages.items():
            key = f"{path}: {kind_name}.{stage}"
            if stage not in STAGES[kind]:
                raise ConfigError(key, "not a stage", f"use one of: {', '.join(STAGES[kind])}")
            if not isinstance(text, str) or not text.strip():
                raise ConfigError(key, "needs a non-empty text", 'write it as a string: stage = """..."""')
            _check_placeholders(key, text)
            out[(kind, stage)] = text
    if require_all:
        missing = [f"{k.value}.{s}" for k in IncidentKind for s in STAGES[k] if (k, s) not in out]
        if missing:
            raise ConfigError(str(path), f"no text for {', '.join(missing)}", "add a text for each stage")
    return out


def _check_placeholders(key: str, text: str) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise ConfigError(
            key, f"a brace is not closed ({error})", "write {{ and }} for literal braces"
        ) from None
    unknown = sorted(names - PLACEHOLDERS)
    if unknown:
        raise ConfigError(
            key, f"unknown placeholder {{{unknown[0]}}}", f"use: {', '.join(sorted(PLACEHOLDERS))}"
        )
