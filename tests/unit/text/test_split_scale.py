"""Splitting grows linearly with the text (issue 12 item 8), measured in work done rather than in seconds.

The splitter's work is counting candidate parts and finding entities. Each test counts how many characters
those two are handed in all, and fails once that passes a fixed number per character of the text: a
quadratic splitter (counting the whole rest of the text for every part) passes it after a few parts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from studio.text import count, splitting
from studio.text.entities import protected_spans

# Characters handed to `count` and `protected_spans`, per character of the text. A linear splitter hands
# each character to a handful of probes per pass, and numbering makes two or three passes.
_BUDGET = 100

_PROSE = (
    "Planned maintenance of the mail servers tonight from 22:00 to 23:30. Status: "
    "https://status.example.edu/incidents/4711 #ITStatus \U0001f527 Questions? Ask @it-helpdesk.\n\n"
)


class _OverBudget(Exception):
    pass


def _budgeted(monkeypatch: pytest.MonkeyPatch, size: int) -> Callable[[], int]:
    handed = 0

    def charge(text: str) -> None:
        nonlocal handed
        handed += len(text)
        if handed > _BUDGET * size:
            raise _OverBudget

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        charge(text)
        return count(text, *args, **kwargs)

    def spans(text: str) -> list[tuple[int, int]]:
        charge(text)
        return protected_spans(text)

    monkeypatch.setattr(splitting, "count", counting)
    monkeypatch.setattr(splitting, "protected_spans", spans)
    return lambda: handed


def _shapes(size: int) -> dict[str, str]:
    return {
        "prose": (_PROSE * (size // len(_PROSE) + 1))[:size],
        "one paragraph, no sentence ends": ("word " * size)[:size],
        "one long word": "a" * size,
        "long links": ("see https://example.edu/" + "x" * 150 + " ") * (size // 175),
        "CJK without spaces": ("\u65e5\u672c\u8a9e\u306e\u6587\u3002" * size)[:size],
    }


@pytest.mark.parametrize("shape", list(_shapes(10)))
@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky"])
def test_splitting_does_linear_work(monkeypatch: pytest.MonkeyPatch, shape: str, network: str) -> None:
    text = _shapes(60_000)[shape]
    handed = _budgeted(monkeypatch, len(text))
    try:
        parts = splitting.split(text, network, numbering=True)
    except _OverBudget:
        pytest.fail(f"more than {_BUDGET} characters counted per character of the text: not linear")
    assert len(parts) > 1
    assert handed() <= _BUDGET * len(text)


def test_a_megabyte_splits_with_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _shapes(1_000_000)["prose"]
    _budgeted(monkeypatch, len(text))
    try:
        parts = splitting.split(text, "x", numbering=True)
    except _OverBudget:
        pytest.fail(f"more than {_BUDGET} characters counted per character of the text: not linear")
    assert parts[-1].endswith(f" {len(parts)}/{len(parts)}")
