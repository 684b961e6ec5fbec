"""Fixtures for the workflows' unit tests: a fixed clock and the bundled texts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from studio.workflows import IncidentTexts, load_texts

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def texts() -> IncidentTexts:
    """The bundled incident texts."""
    return load_texts()
