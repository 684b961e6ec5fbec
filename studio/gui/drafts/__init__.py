"""The Drafts view: every unsent draft, the latest change first, to search, open in Compose or delete."""

from studio.gui.drafts.model import DraftColumn, DraftRole, DraftsModel
from studio.gui.drafts.restore import restore_draft
from studio.gui.drafts.view import DraftsView

__all__ = ["DraftColumn", "DraftRole", "DraftsModel", "DraftsView", "restore_draft"]
