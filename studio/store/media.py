"""Imported originals: stored once under `media/` by the SHA-256 of their bytes, described in the database."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from studio.errors import InputError, WorkspaceError
from studio.store import _rows
from studio.store.connection import Database
from studio.store.models import MediaItem, MediaKind
from studio.store.times import now_utc, to_db

__all__ = ["MediaRepo"]

_SELECT = f"SELECT {_rows.MEDIA_COLUMNS} FROM media "
_SUFFIX = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "image/tiff": ".tif",
    "image/bmp": ".bmp",
}


class MediaRepo:
    """Add pictures to the workspace and describe them (kind, focus point, alt text)."""

    def __init__(self, db: Database, workspace: Path) -> None:
        self._db = db
        self._workspace = workspace

    def path(self, item: MediaItem) -> Path:
        """Where the original's bytes are."""
        return self._workspace / item.relpath

    def add(
        self,
        source: Path,
        *,
        width: int,
        height: int,
        mime: str,
        kind: MediaKind = MediaKind.PHOTO,
        alt_text: str = "",
        focus: tuple[float, float] = (0.0, 0.0),
    ) -> MediaItem:
        """Copy a checked picture into the workspace (once per content) and record it.

        The caller checks the image first (`studio.media.inspect`). Adding the same bytes again returns the
        existing item, with the alt text updated when a new one is given.
        """
        _check_focus(focus)
        try:
            data = source.read_bytes()
        except OSError as error:
            raise InputError(
                f"image {source}", f"cannot read it ({error.strerror or error})", "check the path"
            ) from None
        digest = hashlib.sha256(data).hexdigest()
        relpath = f"media/{digest[:2]}/{digest}{_SUFFIX.get(mime, '')}"
        target = self._workspace / relpath
        if not target.exists():
            _write_atomically(target, data)
        with self._db.write() as conn:
            row = conn.execute(
                f"SELECT {_rows.MEDIA_COLUMNS} FROM media WHERE sha256 = ?", (digest,)
            ).fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO media (sha256, relpath, kind, focus_x, focus_y, alt_text, width, height, "
                    "mime, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        digest,
                        relpath,
                        kind.value,
                        focus[0],
                        focus[1],
                        alt_text,
                        width,
                        height,
                        mime,
                        len(data),
                        to_db(now_utc()),
                    ),
                )
            elif alt_text:
                conn.execute("UPDATE media SET alt_text = ? WHERE sha256 = ?", (alt_text, digest))
            row = conn.execute(
                f"SELECT {_rows.MEDIA_COLUMNS} FROM media WHERE sha256 = ?", (digest,)
            ).fetchone()
        return _rows.media(row)

    def get(self, media_id: int) -> MediaItem:
        """The media item with this id; InputError if there is none."""
        with self._db.read() as conn:
            row = conn.execute(
                f"SELECT {_rows.MEDIA_COLUMNS} FROM media WHERE id = ?", (media_id,)
            ).fetchone()
        if row is None:
            raise InputError(f"media {media_id}", "not found", "import the picture first")
        return _rows.media(row)

    def count(self) -> int:
        """How many pictures the workspace holds."""
        with self._db.read() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM media").fetchone()[0])

    def describe(
        self,
        media_id: int,
        *,
        alt_text: str | None = None,
        kind: MediaKind | None = None,
        focus: tuple[float, float] | None = None,
    ) -> MediaItem:
        """Change the alt text, kind or focus point (None leaves it)."""
        old = self.get(media_id)
        if focus is not None:
            _check_focus(focus)
        fx, fy = focus if focus is not None else (old.focus_x, old.focus_y)
        with self._db.write() as conn:
            conn.execute(
                "UPDATE media SET alt_text = ?, kind = ?, focus_x = ?, focus_y = ? WHERE id = ?",
                (old.alt_text if alt_text is None else alt_text, (kind or old.kind).value, fx, fy, media_id),
            )
        return self.get(media_id)


def _check_focus(focus: tuple[float, float]) -> None:
    if not all(-1.0 <= v <= 1.0 for v in focus):
        raise InputError(
            "focus point", f"{focus} is outside -1..1", "give X,Y between -1 and 1 (0,0 is the centre)"
        )


def _write_atomically(target: Path, data: bytes) -> None:
    """Temp file, fsync, rename: a crash leaves either no file or the whole file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".import-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise WorkspaceError(
            f"media folder {target.parent}",
            f"cannot write ({error.strerror or error})",
            "free space or fix permissions",
        ) from None
