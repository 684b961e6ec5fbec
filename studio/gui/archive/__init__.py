"""The Archive view: everything published with its link, searchable; the exports and the monthly report."""

from studio.gui.archive.model import ArchiveColumn, ArchiveModel
from studio.gui.archive.view import ArchiveView, write_export

__all__ = ["ArchiveColumn", "ArchiveModel", "ArchiveView", "write_export"]
