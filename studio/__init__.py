"""Studio: an offline-first desktop content studio for small IT-communications teams."""

__all__ = ["__version__"]

__version__ = "0.1.0"
