"""PyInstaller runtime hook (packaging/studio.spec), run before PyInstaller's own hook for PySide6.

That hook imports PySide6.QtCore at every start (Qt Core and ICU's 30 MB of data) only to add an embedded
qt.conf when the bindings have none; PySide6's wheels register their own when QtCore is first imported, so for
them it is a no-op. Skipping it lets `studio --version`, `studio text` and the other commands that never touch
Qt start without loading Qt, as they do from a venv (about 100 ms less).
"""

from _pyi_rth_utils import qt as _qt  # PyInstaller's helpers for its runtime hooks, present in every bundle

_qt.create_embedded_qt_conf = lambda qt_bindings, prefix_path: None
