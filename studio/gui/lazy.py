"""A page that builds its real view the first time it is shown: start-up pays only for what shows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

__all__ = ["LazyView"]


class LazyView(QWidget):
    """Holds a factory; `view` is built on first show (or first access) and fills this page."""

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory: Callable[[], QWidget] | None = factory
        self._view: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def view(self) -> QWidget:
        """The real view, built now if it was not yet."""
        if self._view is None:
            assert self._factory is not None
            self._view = self._factory()
            self._factory = None
            self._layout.addWidget(self._view)
        return self._view

    @property
    def built(self) -> bool:
        """Whether the real view exists yet."""
        return self._view is not None

    def showEvent(self, event: QShowEvent) -> None:
        _ = self.view
        super().showEvent(event)
