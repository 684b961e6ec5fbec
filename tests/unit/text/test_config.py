"""CheckConfig: shipped defaults, a kit's checks.toml on top, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.errors import ConfigError
from studio.text import CheckConfig, check


def _kit(tmp_path: Path, body: str) -> Path:
    kit = tmp_path / "kit"
    kit.mkdir(exist_ok=True)
    (kit / "checks.toml").write_text(body, encoding="utf-8")
    return kit


def test_defaults_come_from_assets() -> None:
    config = CheckConfig.load(None)
    assert config.reading_level == 9.0
    assert len(config.jargon) >= 100
    assert dict(config.jargon)["deprecated"] == "being retired"
    assert "sucks" in config.inappropriate
    assert [p.name for p in config.id_patterns] == ["student or staff ID"]
    assert config.sources[0].endswith("checks.toml")


def test_a_kit_without_checks_toml_uses_the_defaults(tmp_path: Path) -> None:
    assert CheckConfig.load(tmp_path) == CheckConfig.load(None)


def test_a_kit_sets_its_own_lists_and_thresholds(tmp_path: Path) -> None:
    kit = _kit(
        tmp_path,
        """
help_desk_url = "https://help.example.edu"
disabled = ["emoji-count"]
[thresholds]
reading_level = 7
emoji_max = 1
[severity]
jargon = "info"
[personal_data]
allow = ["it-news@example.edu"]
[[id_patterns]]
name = "library card"
pattern = '\\bLC-\\d{6}\\b'
[jargon]
terms = { "Moodle" = "the learning platform" }
ignore = ["deprecated"]
[inappropriate]
words = ["awesome sauce"]
[hashtags]
single_words = ["Moodle"]
""",
    )
    config = CheckConfig.load(kit)
    assert (config.reading_level, config.emoji_max, config.help_desk_url) == (
        7.0,
        1,
        "https://help.example.edu",
    )
    assert "deprecated" not in dict(config.jargon)
    text = "Moodle is awesome sauce. Card LC-123456 deprecated. Mail it-news@example.edu \U0001f389\U0001f389"
    found = {(f.rule, text[f.start : f.end], f.severity) for f in check(text, config=config)}
    assert found == {
        ("jargon", "Moodle", "info"),
        ("inappropriate", "awesome sauce", "warning"),
        ("personal-data", "LC-123456", "error"),
    }


def test_a_kit_can_drop_the_default_lists(tmp_path: Path) -> None:
    kit = _kit(tmp_path, "[jargon]\ndefaults = false\nterms = { LDAP = 'the directory' }\n")
    assert CheckConfig.load(kit).jargon == (("LDAP", "the directory"),)


@pytest.mark.parametrize(
    ("body", "key", "fix"),
    [
        ("colour = 'red'", "'colour'", "use one of"),
        ("[thresholds]\nreading_level = 'nine'", "'thresholds.reading_level'", "e.g. reading_level = 9"),
        ("[thresholds]\nemoji_max = 1.5", "'thresholds.emoji_max'", "whole number"),
        ("[thresholds]\nspeed = 3", "'thresholds.speed'", "use one of"),
        ("disabled = ['jargonn']", "'disabled'", "use one of: empty"),
        ("[severity]\njargon = 'loud'", "'severity.jargon'", "use error, warning or info"),
        ("[[id_patterns]]\nname = 'x'\npattern = '(unclosed'", "'id_patterns[0].pattern'", "fix the pattern"),
        ("[jargon]\nterms = { SSO = 3 }", "'jargon.terms.SSO'", "in quotes"),
        ("[inappropriate]\nwords = 'damn'", "'inappropriate.words'", '["one", "two"]'),
        ("help_desk_url = ", "", "fix the syntax"),
    ],
)
def test_bad_config_names_file_key_and_fix(tmp_path: Path, body: str, key: str, fix: str) -> None:
    kit = _kit(tmp_path, body)
    with pytest.raises(ConfigError) as caught:
        CheckConfig.load(kit)
    message = str(caught.value)
    assert str(kit / "checks.toml") in message
    assert key in message
    assert fix in message


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("thresholds = 3", "'thresholds'"),
        ("id_patterns = 'S123'", "'id_patterns'"),
        ("[jargon]\ndefaults = 'no'", "'jargon.defaults'"),
        ("[inappropriate]\ndefaults = 1", "'inappropriate.defaults'"),
    ],
)
def test_wrong_shapes_name_the_key(tmp_path: Path, body: str, key: str) -> None:
    with pytest.raises(ConfigError, match=key):
        CheckConfig.load(_kit(tmp_path, body))
