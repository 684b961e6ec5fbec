"""Handoff for networks without an API a desktop app may use (Instagram, Threads, LinkedIn, ...).

Instead of posting, Studio writes a ready folder per delivery — numbered images, `caption.txt`,
`alt-text.txt` and a short `README.txt` saying what to do on the phone — and the delivery waits (handed off)
until the user marks it done (`studio queue done`). The folder appears whole or not at all (built in
`.<name>.partial` beside it, then renamed; a partial left by a killed run is cleared the next time), and
writing it again for the same delivery finds it there and leaves it alone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from studio.errors import FinalError, WorkspaceError
from studio.platforms import FORMATS, Format, network_by_id
from studio.publish.base import AccountHealth, PostInput, Problem, SentPart
from studio.publish.guardrails import picture_problems
from studio.text import count
from studio.text.entities import hashtag_spans
from studio.workflows.scheduling import Target

__all__ = ["HandoffPublisher"]

_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


class HandoffPublisher:
    """Writes ready folders under `root` for one network."""

    needs_confirmation = True

    def __init__(self, network: str, root: Path) -> None:
        self.network = network
        self._info = network_by_id(network)
        self.root = root

    def close(self) -> None:
        return

    def verify(self) -> AccountHealth:
        return AccountHealth(True, f"nothing to check: {self._info.name} posts are handed off to you")

    def check(self, post: PostInput) -> list[Problem]:
        """What the network would not take (it checks again when the user posts, so be strict).

        Asked as the guardrails ask it (`studio.workflows.scheduling`): each part counted by the network's
        own counter (X: weights, links 23; hashtags and mentions by the text engine), the pictures by
        `check_post`, so `publish-due --dry-run` answers as Compose and `studio queue add` do.
        """
        info = self._info
        target = Target(info.id, "")
        problems: list[Problem] = []
        for index, part in enumerate(post.parts):
            counted = count(part.text, info.id)
            if not counted.ok:
                why = "; ".join(counted.problems) or f"counts {counted.length:,} of {counted.limit:,}"
                problems.append(Problem(index, "caption", why, "shorten it"))
            problems += picture_problems(index, part.images, target)
            tags = len(hashtag_spans(part.text))
            if info.warn_hashtags is not None and info.warn_hashtags < tags <= (info.max_hashtags or tags):
                problems.append(
                    Problem(
                        index,
                        "hashtags",
                        f"{tags} hashtags; recent reports say {info.name} "
                        f"may show fewer than {info.max_hashtags}",
                        f"keep to {info.warn_hashtags} or fewer",
                        blocking=False,
                    )
                )
        return problems

    def folder_for(self, post: PostInput) -> Path:
        """The delivery's folder, named by network, time and its stable key (same delivery, same folder)."""
        digest = hashlib.sha256(post.parts[0].key.encode()).hexdigest()[:8]
        stamp = post.created_at.strftime("%Y%m%d-%H%M")
        return self.root / f"{self.network}-{stamp}-{digest}"

    def publish(
        self,
        post: PostInput,
        done: Sequence[SentPart],
        on_sent: Callable[[SentPart], None],
        on_sending: Callable[[int], None] | None = None,
    ) -> list[SentPart]:
        """Write the ready folder; the 'remote' address is the folder itself (`on_sending` is not needed)."""
        if not post.parts:
            raise FinalError(
                f"Preparing the {self._info.name} handoff", "the post has no content", "add text"
            )
        # A delivery written before (its parts recorded) keeps its folder, even if its time moved since.
        folder = Path(done[0].remote_id) if done and done[0].remote_id else self.folder_for(post)
        what = f"Writing the {self._info.name} handoff folder {folder}"
        if not folder.exists():
            self._refuse_what_check_finds(post)
            try:
                self._write(post, folder)
            except OSError as error:
                raise WorkspaceError(
                    what,
                    error.strerror or str(error),
                    "free some disk space or check the folder's permissions, then run publishing again",
                ) from None
        # Every part of a thread is in the one folder: each is recorded, so the delivery counts as complete.
        recorded = {part.index for part in done}
        sent = [SentPart(index, str(folder), folder.as_uri()) for index in range(len(post.parts))]
        for part in sent:
            if part.index not in recorded:
                on_sent(part)
        return sent

    def _refuse_what_check_finds(self, post: PostInput) -> None:
        """The real run refuses what `--dry-run` reports: no folder the network would not take."""
        blocking = [problem.line() for problem in self.check(post) if problem.blocking]
        if blocking:
            raise FinalError(
                f"Preparing the {self._info.name} handoff",
                "; ".join(blocking),
                "edit the post, then retry it",
            )

    def _write(self, post: PostInput, folder: Path) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        # One name per delivery: a run killed mid-write leaves it behind, and the retry clears it first.
        staging = folder.parent / f".{folder.name}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            captions, alts, number = [], [], 0
            for index, part in enumerate(post.parts):
                names = []
                for image in part.images:
                    number += 1
                    name = f"{number:02d}.{_EXTENSIONS.get(image.mime, 'jpg')}"
                    (staging / name).write_bytes(image.data)
                    names.append(name)
                    alts.append(f"{name}: {image.alt.strip()}")
                text = part.text
                if len(post.parts) > 1:
                    shown = ", ".join(names) or "none"
                    text = f"--- post {index + 1} of {len(post.parts)} (images: {shown}) ---\n{text}"
                captions.append(text)
            caption = "\n\n".join(captions)
            if post.content_warning:
                caption = f"CW: {post.content_warning}\n\n{caption}"
            (staging / "caption.txt").write_text(caption + "\n", encoding="utf-8")
            (staging / "alt-text.txt").write_text("\n".join(alts) + ("\n" if alts else ""), encoding="utf-8")
            shapes = [(image.width, image.height) for part in post.parts for image in part.images]
            readme = self._readme(shapes, len(post.parts), post.reply_to, post.confirm_hint)
            (staging / "README.txt").write_text(readme, encoding="utf-8")
            for path in staging.iterdir():
                with path.open("rb") as handle:
                    os.fsync(handle.fileno())
            os.replace(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def _readme(
        self,
        shapes: list[tuple[int, int]],
        parts: int,
        reply_to: SentPart | None = None,
        confirm: str = "",
    ) -> str:
        name, images = self._info.name, len(shapes)
        fmt = _format_of(self.network, shapes)
        story = fmt is not None and fmt.id.endswith("-story")
        if story:
            add = (
                f"2. In the {name} app, add the pictures to your STORY (not the feed), one story frame each, "
                f"in number order ({images} in all)."
            )
            caption = (
                "3. A story has no caption: put the words of caption.txt on it as text, or leave them out."
            )
        else:
            add = f"2. In the {name} app, start a new post" + (
                f" and add the images in number order ({images} in all)." if images else "."
            )
            caption = "3. Paste the text of caption.txt as the caption."
        lines = [
            f"Ready to post on {name}" + (" as a story" if story else ""),
            "",
            f"Studio cannot post to {name} for you, so it got this post ready for you to post by hand.",
            "",
            "1. Copy this folder to your phone (or open it where you post from).",
            add,
            caption,
            "4. For each image, open its alt text setting and paste its line from alt-text.txt.",
            "5. Post it.",
            "6. Tell Studio you posted it, so the post counts as published and goes into the archive:",
            '   in Studio, press "Mark as posted" in the "Ready to post by hand" window, or right-click',
            '   the post in Queue & calendar and choose "Mark as posted". Paste the post\'s link there if',
            "   you like (copy it from the app's share menu): the archive keeps it.",
            "   Without the app, in a terminal:",
            f"   {confirm or 'studio queue done POST-ID'} --url ADDRESS-OF-THE-POST",
            "   (--url is optional.)",
        ]
        if parts > 1:
            lines.insert(
                6, "   This is a thread: post each part of caption.txt as a reply to the one before."
            )
        if reply_to is not None:  # an incident's later update: keep the story in one thread
            where = Path(reply_to.remote_id).name if reply_to.url.startswith("file:") else reply_to.url
            lines.insert(6, f"   It continues a thread: post it as a reply to the post made from {where}.")
        if images:
            lines.append(_pictures_line(fmt, shapes))
        if not self._info.links_clickable:
            lines.append(
                f"Note: links in {name} captions are not clickable; say 'link in bio' if you need one."
            )
        return "\n".join(lines) + "\n"


def _format_of(network: str, shapes: list[tuple[int, int]]) -> Format | None:
    """The network's format every picture was made in (they are made at its exact size); None: no one."""
    sizes = set(shapes)
    if len(sizes) != 1:
        return None
    [(width, height)] = sizes
    return next((f for f in FORMATS if f.network == network and (f.width, f.height) == (width, height)), None)


def _pictures_line(fmt: Format | None, shapes: list[tuple[int, int]]) -> str:
    if fmt is not None:
        return f"Pictures: {len(shapes)} in the {fmt.id} format, {fmt.width} x {fmt.height} pixels each."
    sizes = ", ".join(f"{width} x {height}" for width, height in shapes)
    return f"Pictures: {len(shapes)}, as made ({sizes} pixels)."
