"""The Compose view: one editor, a live counter per network, and the content checks underlined."""

from studio.gui.compose.engine import TextEngine
from studio.gui.compose.view import ComposeView

__all__ = ["ComposeView", "TextEngine"]
