"""A handed-off delivery as the person needs it: its folder, caption and alt text, and the four things to do.

    handoff = load_handoff(store, delivery_id)  # reads the ready folder (the store's text if it is gone)
    steps = HandoffSteps(store, messages)
    steps.open_folder(handoff); steps.copy_caption(handoff); steps.copy_alt_text(handoff)
    steps.mark_posted(handoff)                  # asks for the post's link (optional); False: not marked

The queue's row actions, the ready-to-post panel and the tray's notification all use these, so a handoff
is acted on the same way wherever the person meets it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget

from studio.errors import UserError
from studio.gui.messages import MessageBridge
from studio.platforms import network_by_id
from studio.store import DeliveryState, Store
from studio.store.times import now_utc
from studio.words import counted, ready_to_post

__all__ = ["ACTIONS", "Handoff", "HandoffSteps", "ask_post_link", "load_handoff"]

# The four things a person does with a ready folder, in the order they do them.
ACTIONS = ("Open folder", "Copy caption", "Copy alt text", "Mark as posted")


@dataclass(frozen=True, slots=True)
class Handoff:
    """One handed-off delivery: what to post, where, and from which folder."""

    delivery_id: int
    post_id: int
    account_name: str
    network_name: str  # "Instagram"
    folder: Path
    caption: str  # as the folder's caption.txt has it (the post's text if the folder is gone)
    alt_text: str  # one image: its alt text; several: one "01.jpg: ..." line each
    pictures: int
    waiting: bool = True  # still handed off (not marked as posted or cancelled since)

    @property
    def headline(self) -> str:
        """ "Ready to post on Instagram: <first line>"."""
        return ready_to_post(self.network_name, self.caption)

    @property
    def folder_found(self) -> bool:
        """The ready folder is still where it was written."""
        return self.folder.is_dir()

    @property
    def details(self) -> str:
        """Account, post and pictures, for the line under the headline."""
        pictures = counted(self.pictures, "picture") if self.pictures else "no pictures"
        return f"{self.account_name} · post {self.post_id} · {pictures}"


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _alt_of(lines: list[str]) -> str:
    """One image: its alt text alone (ready to paste); several: each line with its picture's name."""
    if len(lines) == 1:
        return lines[0].partition(": ")[2].strip()
    return "\n".join(lines) if any(line.partition(": ")[2].strip() for line in lines) else ""


def load_handoff(store: Store, delivery_id: int) -> Handoff:
    """The delivery's handoff, read from its ready folder; the store's own text where the folder is gone."""
    delivery = store.deliveries.get(delivery_id)
    post = store.posts.get(delivery.post_id)
    try:
        network_name = network_by_id(delivery.network).name
    except KeyError:
        network_name = delivery.network.capitalize()
    folder = Path(delivery.remote_id or "")
    caption = _read(folder / "caption.txt") if delivery.remote_id else None
    alts = _read(folder / "alt-text.txt") if delivery.remote_id else None
    if caption is None:  # the folder was moved or deleted: the words are still in the store
        caption = post.text_on(delivery.network)
        alt_lines = [f"{n:02d}: {m.media.alt_text}" for n, m in enumerate(post.media, 1)]
    else:
        alt_lines = [line for line in (alts or "").splitlines() if line.strip()]
    return Handoff(
        delivery.id,
        delivery.post_id,
        delivery.account_name,
        network_name,
        folder,
        caption.rstrip("\n"),
        _alt_of(alt_lines),
        len(alt_lines),
        delivery.state is DeliveryState.HANDED_OFF,
    )


def ask_post_link(parent: QWidget | None, handoff: Handoff) -> str | None:
    """Ask for the post's link once posted by hand ("" none given, None: they changed their mind)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Mark as posted")
    dialog.setLabelText(
        f"You posted it on {handoff.account_name} ({handoff.network_name}) by hand. "
        "Paste its link to keep it in the archive (optional):"
    )
    dialog.setOkButtonText("Mark as posted")
    return dialog.textValue().strip() if dialog.exec() == QDialog.DialogCode.Accepted else None


class HandoffSteps:
    """Carries out the four actions on a handoff and says what happened through the message bridge.

    `open_url` opens a folder in the desktop's file manager; `ask_url` asks for the post's link; `changed`
    is told when a delivery was marked as posted (the tray's count, a panel's list).
    """

    def __init__(
        self,
        store: Store,
        messages: MessageBridge,
        *,
        ask_url: Callable[[Handoff], str | None] = lambda h: ask_post_link(None, h),
        open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl,
        changed: Callable[[Handoff], None] = lambda _h: None,
        now: Callable[[], datetime] = now_utc,
    ) -> None:
        self._store = store
        self._messages = messages
        self.ask_url = ask_url
        self.open_url = open_url
        self._changed = changed
        self.now = now

    def open_folder(self, handoff: Handoff) -> bool:
        """Show the ready folder in the file manager; a folder that is gone is explained."""
        if not handoff.folder_found:
            self._messages.warning(
                f"The ready folder of post {handoff.post_id} is gone: {handoff.folder}",
                "Copy caption and Copy alt text still work; Retry in the queue writes the folder again",
            )
            return False
        if not self.open_url(QUrl.fromLocalFile(str(handoff.folder))):
            self._messages.warning(
                f"No file manager opened {handoff.folder}", "open it yourself; the path is in the message"
            )
            return False
        return True

    def copy_caption(self, handoff: Handoff) -> None:
        """Put the caption on the clipboard, ready to paste into the network's app."""
        QGuiApplication.clipboard().setText(handoff.caption)
        self._messages.info(f"Caption of post {handoff.post_id} copied: paste it as the caption")

    def copy_alt_text(self, handoff: Handoff) -> None:
        """Put the alt text on the clipboard (nothing to copy is said, not silently skipped)."""
        if not handoff.alt_text:
            self._messages.info(f"Post {handoff.post_id} has no alt text to copy")
            return
        QGuiApplication.clipboard().setText(handoff.alt_text)
        where = "its picture's" if handoff.pictures == 1 else "each picture's line into its"
        self._messages.info(f"Alt text of post {handoff.post_id} copied: paste {where} alt text setting")

    def mark_posted(self, handoff: Handoff) -> bool:
        """Record that the person posted it (with its link if they give one); False when not marked."""
        url = self.ask_url(handoff)
        if url is None:
            return False
        try:
            self._store.deliveries.confirm_handoff(handoff.delivery_id, remote_url=url, at=self.now())
        except UserError as error:
            self._messages.user_error(error)
            return False
        self._messages.info(f"Post {handoff.post_id} on {handoff.account_name} is marked as posted")
        self._changed(handoff)
        return True
