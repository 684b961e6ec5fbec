"""Incident texts: bundled defaults, kit overrides, placeholder filling, clear errors for bad kit files."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.errors import ConfigError
from studio.workflows.incident_texts import fill, load_texts
from studio.workflows.stages import STAGES, IncidentKind


def _kit(tmp_path: Path, texts: str, kit: str = 'name = "Test"\n') -> Path:
    folder = tmp_path / "kit"
    folder.mkdir()
    (folder / "kit.toml").write_text(kit, encoding="utf-8")
    (folder / "incident-texts.toml").write_text(texts, encoding="utf-8")
    return folder


def test_the_bundled_texts_cover_every_stage() -> None:
    texts = load_texts()
    for kind, stages in STAGES.items():
        for stage in stages:
            assert "{service}" in texts.template(kind, stage), (kind, stage)


def test_a_line_with_only_empty_placeholders_is_left_out() -> None:
    template = "Problem with {service}.\nNext update by {next_update}.\nStatus: {status_url}"
    assert fill(template, {"service": "Wi-Fi", "next_update": "", "status_url": ""}) == "Problem with Wi-Fi."
    full = fill(template, {"service": "Wi-Fi", "next_update": "14:30 CET", "status_url": "https://s.example"})
    assert full.splitlines() == [
        "Problem with Wi-Fi.",
        "Next update by 14:30 CET.",
        "Status: https://s.example",
    ]


def test_a_kit_overrides_some_stages_and_keeps_the_rest(tmp_path: Path) -> None:
    folder = _kit(tmp_path, '[outage]\ninvestigating = "Hmm, {service} is down. Help: {help_desk}"\n')
    texts = load_texts(folder)
    assert texts.template(IncidentKind.OUTAGE, "investigating").startswith("Hmm, {service}")
    assert texts.template(IncidentKind.OUTAGE, "resolved") == load_texts().template(
        IncidentKind.OUTAGE, "resolved"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '[outage]\ninvestigating = "{servce} is down"\n',
            r"outage.investigating: unknown placeholder \{servce\}",
        ),
        ('[outage]\nfixed = "x"\n', r"outage.fixed: not a stage \(use one of: investigating"),
        ('[incident]\ninvestigating = "x"\n', r"\[incident\]: not a kind of incident"),
        ('[outage]\ninvestigating = ""\n', r"outage.investigating: needs a non-empty text"),
        ('[outage]\ninvestigating = "{service"\n', r"outage.investigating: a brace is not closed"),
        ("[outage\n", r"incident-texts.toml: not valid TOML"),
    ],
)
def test_a_bad_kit_file_names_the_file_and_key(tmp_path: Path, content: str, message: str) -> None:
    folder = _kit(tmp_path, content)
    with pytest.raises(ConfigError, match=message) as caught:
        load_texts(folder)
    assert str(folder / "incident-texts.toml") in str(caught.value)
