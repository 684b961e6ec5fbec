"""The Qt face of Studio: the only package that imports PySide6."""
