from __future__ import annotations

import pytest

from studio.errors import InputError
from studio.store import Store, WorkspaceSettings, open_store


def test_defaults_then_saved_values_survive_reopening(store: Store) -> None:
    assert store.settings.get() == WorkspaceSettings()
    store.settings.update(solo_mode=False, late_window_minutes=30)
    with open_store(store.workspace) as again:
        assert again.settings.get().solo_mode is False
        assert again.settings.get().late_window_minutes == 30


def test_unknown_or_mistyped_settings_are_refused(store: Store) -> None:
    with pytest.raises(InputError, match="no such setting"):
        store.settings.update(colour="red")
    with pytest.raises(InputError, match="needs a bool"):
        store.settings.update(solo_mode="yes")
