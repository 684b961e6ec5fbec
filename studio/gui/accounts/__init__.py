"""The Accounts view: every network account, its owner, and whether it needs reconnecting."""

from studio.gui.accounts.model import AccountColumn, AccountsModel
from studio.gui.accounts.view import AccountsView

__all__ = ["AccountColumn", "AccountsModel", "AccountsView"]
