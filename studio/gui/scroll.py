"""A frameless scroll area around a panel that may be taller than the room it gets."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

__all__ = ["scrolling"]


def scrolling(body: QWidget, name: str) -> QScrollArea:
    """`body` in a scroll area that fits it to the width; the style sheet colours `ScrollBody` as the view."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setAccessibleName(name)
    body.setObjectName("ScrollBody")
    area.setWidget(body)
    return area
