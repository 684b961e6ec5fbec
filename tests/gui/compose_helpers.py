"""A Compose view as the app builds it, on the test's services, for tests that walk one journey in it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pytestqt.qtbot import QtBot

import studio.text
from studio.gui.app import Services
from studio.gui.compose import ComposeView
from studio.gui.compose.autosave import DraftAutosave

DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo"


def open_compose(
    qtbot: QtBot,
    services: Services,
    networks: Sequence[str] = ("x",),
    *,
    size: tuple[int, int] = (1300, 900),
    active: bool = False,
) -> ComposeView:
    """Compose with an autosaving draft on the services' store, shown (and `active`: the focused window,
    for keyboard journeys). Stop its autosave (`view.autosave.forget()`) before the store closes."""
    assert services.store is not None
    view = ComposeView(
        studio.text,  # type: ignore[arg-type]
        services.workers,
        services.messages,
        services.theme,
        list(networks),
        DraftAutosave(services.store, services.messages),
        services.store,
    )
    qtbot.addWidget(view)
    view.resize(*size)
    if active:
        with qtbot.waitActive(view):
            view.show()
            view.activateWindow()
    else:
        with qtbot.waitExposed(view):
            view.show()
    return view


def close_compose(view: ComposeView) -> None:
    """No save may fire after the store is closed."""
    if view.autosave is not None:
        view.autosave.forget()
