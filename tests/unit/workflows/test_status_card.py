"""Every incident update can carry a status card rendered in the kit, coloured by its stage."""

from __future__ import annotations

import sqlite3

import pytest
from PIL import Image

from studio.brand import RenderRequest, RenderResult, default_kit
from studio.errors import InputError
from studio.store import Account, MediaKind, Store
from studio.workflows import (
    IncidentKind,
    IncidentRequest,
    IncidentTexts,
    close_incident,
    open_incident,
    post_update,
    status_card,
)
from tests.unit.workflows.conftest import NOW


def _hex(rgb: tuple[int, ...]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb[:3])


def _close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=False))


def test_cards_follow_the_stage_colour_and_attach_to_the_update(
    store: Store, masto: Account, texts: IncidentTexts
) -> None:
    kit = default_kit()
    colours = dict(kit.status_colours)
    request = IncidentRequest(service="Campus Wi-Fi", impact="no connection", account_names=("it-masto",))
    first = open_incident(store, request, texts, card_kit=kit, now=NOW)
    second = post_update(store, first.incident.id, "identified", texts, card_kit=kit, now=NOW)
    for result, stage in ((first, "investigating"), (second, "identified")):
        (attached,) = result.post.media
        assert attached.template == "status"
        assert attached.media.kind is MediaKind.GRAPHIC
        assert attached.media.alt_text == f"Status card, {stage}: Campus Wi-Fi: no connection"
        with Image.open(store.workspace / attached.media.relpath) as card:
            assert card.size == (1600, 900)
            edge = card.convert("RGB").getpixel((30, 450))
        assert isinstance(edge, tuple)
        assert _close(edge, colours[stage]), (_hex(edge), _hex(colours[stage]))


def test_maintenance_uses_the_planned_colour_until_complete(
    store: Store, masto: Account, texts: IncidentTexts
) -> None:
    kit = default_kit()
    request = IncidentRequest(
        service="Moodle", impact="offline", account_names=("it-masto",), kind=IncidentKind.MAINTENANCE
    )
    result = open_incident(store, request, texts, card_kit=kit, now=NOW)
    with Image.open(store.workspace / result.post.media[0].media.relpath) as card:
        edge = card.convert("RGB").getpixel((30, 450))
    assert isinstance(edge, tuple)
    assert _close(edge, dict(kit.status_colours)["planned"])


def test_without_a_kit_there_is_no_card(store: Store, masto: Account, texts: IncidentTexts) -> None:
    request = IncidentRequest(service="VPN", impact="slow", account_names=("it-masto",))
    assert open_incident(store, request, texts, now=NOW).post.media == ()


def test_the_card_is_rendered_before_the_database_is_locked(
    store: Store, masto: Account, texts: IncidentTexts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer (the runner, the app's autosave) can write while Pillow draws the card."""
    real_render = status_card.render
    writable: list[bool] = []

    def spy(request: RenderRequest) -> RenderResult:  # a spy around the real pipeline, not a stand-in
        other = sqlite3.connect(store.db.path, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            writable.append(True)
        except sqlite3.OperationalError:
            writable.append(False)
        finally:
            other.close()
        return real_render(request)

    monkeypatch.setattr(status_card, "render", spy)
    kit = default_kit()
    request = IncidentRequest(service="Campus Wi-Fi", impact="no connection", account_names=("it-masto",))
    opened = open_incident(store, request, texts, card_kit=kit, now=NOW)
    post_update(store, opened.incident.id, "identified", texts, card_kit=kit, now=NOW)
    close_incident(store, opened.incident.id, texts, card_kit=kit, now=NOW)
    assert writable == [True, True, True]
    assert not list((store.workspace / "renders" / "incidents").iterdir())  # scratch folders removed


def test_a_refused_update_renders_no_card(
    store: Store, masto: Account, texts: IncidentTexts, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit = default_kit()
    request = IncidentRequest(service="VPN", impact="slow", account_names=("it-masto",))
    opened = open_incident(store, request, texts, card_kit=kit, now=NOW)
    calls: list[str] = []
    monkeypatch.setattr(status_card, "render", lambda r: calls.append(r.template))
    with pytest.raises(InputError, match="not a stage of a outage"):
        post_update(store, opened.incident.id, "announced", texts, card_kit=kit, now=NOW)
    assert calls == []
