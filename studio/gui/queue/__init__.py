"""The Queue view: every post with its status, time, networks and last error, read from the store in pages."""

from studio.gui.queue.model import QueueColumn, QueueModel
from studio.gui.queue.view import QueueView

__all__ = ["QueueColumn", "QueueModel", "QueueView"]
