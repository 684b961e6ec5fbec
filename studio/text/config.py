"""The content checks' word lists and thresholds: shipped defaults, overridden by a brand kit's `checks.toml`.

Defaults live in `assets/text/` (`checks.toml`, `jargon.toml`, `inappropriate.txt`, `hashtag-words.txt`). A
brand kit may hold its own `checks.toml` with any of these keys:

    help_desk_url = "https://help.example.edu"   # offered when a reply should move to the help desk
    disabled = ["emoji-count"]                    # rule ids to switch off
    [thresholds]                                  # reading_level, reading_level_min_words, emoji_max,
    reading_level = 8                             #   shouting_min_letters, hashtag_max,
                                                  #   hashtag_case_min_letters
    [severity]                                    # rule id = "error" | "warning" | "info"
    jargon = "info"
    [personal_data]
    allow = ["helpdesk@example.edu"]              # the team's public contacts are not personal data
    [[id_patterns]]                               # more ID patterns (regular expressions)
    name = "student ID"
    pattern = '\\bS\\d{7}\\b'
    [jargon]                                      # defaults = false drops the shipped list
    terms = { "LDAP" = "the university directory" }
    ignore = ["VPN"]
    [inappropriate]
    words = ["epic"]
    ignore = []
    [hashtags]
    single_words = ["cybersecurity"]              # long one-word hashtags that need no CamelCase

Anything else, a wrong type or a bad pattern is a `ConfigError` naming the file, the key and the fix.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import regex

from studio.errors import ConfigError
from studio.kitfiles import inside, read_toml
from studio.text._assets import ASSETS_DIR

__all__ = ["RULE_IDS", "SEVERITIES", "CheckConfig", "IdPattern"]

RULE_IDS = (
    "empty",
    "personal-data",
    "support-in-public",
    "jargon",
    "inappropriate",
    "shouting",
    "hashtag-case",
    "hashtag-count",
    "emoji-count",
    "reading-level",
)
SEVERITIES = ("error", "warning", "info")
KIT_FILE = "checks.toml"

_THRESHOLDS = {
    "reading_level": float,
    "reading_level_min_words": int,
    "shouting_min_letters": int,
    "emoji_max": int,
    "hashtag_max": int,
    "hashtag_case_min_letters": int,
}
_TOP_KEYS = {
    "help_desk_url",
    "disabled",
    "thresholds",
    "severity",
    "personal_data",
    "id_patterns",
    "jargon",
    "inappropriate",
    "hashtags",
}


@dataclass(frozen=True, slots=True)
class IdPattern:
    """A named pattern for an ID number (student, staff) that must not be posted."""

    name: str
    pattern: str


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Everything the content checks read; hashable, so compiled patterns can be cached per config."""

    help_desk_url: str = ""
    disabled: frozenset[str] = frozenset()
    reading_level: float = 9.0
    reading_level_min_words: int = 15
    shouting_min_letters: int = 8
    emoji_max: int = 3
    hashtag_max: int = 3
    hashtag_case_min_letters: int = 8
    severity: tuple[tuple[str, str], ...] = ()
    allowed_contacts: tuple[str, ...] = ()
    id_patterns: tuple[IdPattern, ...] = ()
    jargon: tuple[tuple[str, str], ...] = ()  # (term, plain-language suggestion)
    inappropriate: tuple[str, ...] = ()
    hashtag_words: tuple[str, ...] = ()  # words for CamelCase suggestions; long ones are also fine alone
    sources: tuple[str, ...] = field(default=(), compare=False)

    def severity_of(self, rule: str, default: str) -> str:
        """The configured severity of `rule`, else `default`."""
        return dict(self.severity).get(rule, default)

    @classmethod
    def load(cls, kit_dir: Path | None = None) -> CheckConfig:
        """The shipped defaults, overridden by `kit_dir/checks.toml` when the kit has one."""
        config = _defaults()
        if kit_dir is None:
            return config
        folder = Path(kit_dir).resolve()
        path = folder / KIT_FILE
        if not path.is_file():
            return config
        inside(path, folder)  # a link out of the kit is refused, as for the kit's other files
        return _apply(config, read_toml(path), path)


@functools.cache
def _defaults() -> CheckConfig:
    config = _apply(CheckConfig(), read_toml(ASSETS_DIR / "checks.toml"), ASSETS_DIR / "checks.toml")
    jargon_file = ASSETS_DIR / "jargon.toml"
    terms = _table(read_toml(jargon_file).get("terms"), jargon_file, "terms")
    jargon = tuple((str(k), _str(v, jargon_file, f"terms.{k}")) for k, v in terms.items())
    words = _word_list(ASSETS_DIR / "inappropriate.txt")
    tag_words = _word_list(ASSETS_DIR / "hashtag-words.txt")
    return replace(config, jargon=jargon, inappropriate=words, hashtag_words=tag_words)


def _word_list(path: Path) -> tuple[str, ...]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def _fail(path: Path, key: str, why: str, fix: str) -> ConfigError:
    return ConfigError(f"{path}: key {key!r}", why, fix)


def _str(value: object, path: Path, key: str) -> str:
    if not isinstance(value, str):
        raise _fail(path, key, f"must be text, not {type(value).__name__}", 'write it in quotes, e.g. "..."')
    return value


def _str_list(value: object, path: Path, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, key, "must be a list of text", 'write it as ["one", "two"]')
    return list(value)


def _table(value: object, path: Path, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, key, "must be a table", f"write it as a [{key}] section")
    return value


def _known(table: dict[str, Any], allowed: set[str] | dict[str, Any], path: Path, prefix: str) -> None:
    for key in table:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise _fail(path, f"{prefix}{key}", "is not a known setting", f"use one of: {known}")


def _apply(config: CheckConfig, data: dict[str, Any], path: Path) -> CheckConfig:
    _known(data, _TOP_KEYS, path, "")
    changes: dict[str, Any] = {}
    if "help_desk_url" in data:
        changes["help_desk_url"] = _str(data["help_desk_url"], path, "help_desk_url")
    if "disabled" in data:
        disabled = _str_list(data["disabled"], path, "disabled")
        for rule in disabled:
            if rule not in RULE_IDS:
                raise _fail(
                    path, "disabled", f"{rule!r} is not a rule id", f"use one of: {', '.join(RULE_IDS)}"
                )
        changes["disabled"] = frozenset(disabled)
    if "thresholds" in data:
        table = _table(data["thresholds"], path, "thresholds")
        _known(table, _THRESHOLDS, path, "thresholds.")
        for key, kind in _THRESHOLDS.items():
            if key in table:
                value = table[key]
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                    raise _fail(path, f"thresholds.{key}", "must be a number of 0 or more", f"e.g. {key} = 9")
                if kind is int and not isinstance(value, int):
                    raise _fail(path, f"thresholds.{key}", "must be a whole number", f"e.g. {key} = 3")
                changes[key] = kind(value)
    if "severity" in data:
        table = _table(data["severity"], path, "severity")
        _known(table, set(RULE_IDS), path, "severity.")
        severity = dict(config.severity)
        for rule, level in table.items():
            if level not in SEVERITIES:
                raise _fail(
                    path, f"severity.{rule}", f"{level!r} is not a severity", "use error, warning or info"
                )
            severity[rule] = level
        changes["severity"] = tuple(sorted(severity.items()))
    if "personal_data" in data:
        table = _table(data["personal_data"], path, "personal_data")
        _known(table, {"allow"}, path, "personal_data.")
        allow = _str_list(table.get("allow", []), path, "personal_data.allow")
        changes["allowed_contacts"] = config.allowed_contacts + tuple(allow)
    if "id_patterns" in data:
        changes["id_patterns"] = config.id_patterns + _id_patterns(data["id_patterns"], path)
    if "jargon" in data:
        changes["jargon"] = _jargon(config, _table(data["jargon"], path, "jargon"), path)
    if "inappropriate" in data:
        table = _table(data["inappropriate"], path, "inappropriate")
        changes["inappropriate"] = _words(config.inappropriate, table, "inappropriate", "words", path)
    if "hashtags" in data:
        table = _table(data["hashtags"], path, "hashtags")
        changes["hashtag_words"] = _words(config.hashtag_words, table, "hashtags", "single_words", path)
    return replace(config, sources=(*config.sources, str(path)), **changes)


def _id_patterns(value: object, path: Path) -> tuple[IdPattern, ...]:
    if not isinstance(value, list):
        raise _fail(path, "id_patterns", "must be a list of tables", "write each as [[id_patterns]]")
    patterns = []
    for index, item in enumerate(value):
        key = f"id_patterns[{index}]"
        table = _table(item, path, key)
        _known(table, {"name", "pattern"}, path, f"{key}.")
        name = _str(table.get("name"), path, f"{key}.name")
        pattern = _str(table.get("pattern"), path, f"{key}.pattern")
        try:
            regex.compile(pattern)
        except regex.error as error:
            raise _fail(
                path, f"{key}.pattern", f"is not a valid regular expression ({error})", "fix the pattern"
            ) from None
        patterns.append(IdPattern(name, pattern))
    return tuple(patterns)


def _jargon(config: CheckConfig, table: dict[str, Any], path: Path) -> tuple[tuple[str, str], ...]:
    _known(table, {"defaults", "terms", "ignore"}, path, "jargon.")
    keep = table.get("defaults", True)
    if not isinstance(keep, bool):
        raise _fail(
            path, "jargon.defaults", "must be true or false", "write defaults = false to drop the list"
        )
    terms = dict(config.jargon) if keep else {}
    extra = _table(table.get("terms", {}), path, "jargon.terms")
    for term, suggestion in extra.items():
        terms[term] = _str(suggestion, path, f"jargon.terms.{term}")
    ignore = {t.casefold() for t in _str_list(table.get("ignore", []), path, "jargon.ignore")}
    return tuple((t, s) for t, s in terms.items() if t.casefold() not in ignore)


def _words(
    current: tuple[str, ...], table: dict[str, Any], section: str, key: str, path: Path
) -> tuple[str, ...]:
    _known(table, {"defaults", key, "ignore"}, path, f"{section}.")
    keep = table.get("defaults", True)
    if not isinstance(keep, bool):
        raise _fail(path, f"{section}.defaults", "must be true or false", "write defaults = false")
    words = list(current) if keep else []
    words += _str_list(table.get(key, []), path, f"{section}.{key}")
    ignore = {w.casefold() for w in _str_list(table.get("ignore", []), path, f"{section}.ignore")}
    return tuple(dict.fromkeys(w for w in words if w.casefold() not in ignore))
