from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image

from studio.errors import InputError
from studio.store import Account, MediaKind, NewPost, Store


def _jpeg(path: Path, colour: str) -> Path:
    Image.new("RGB", (64, 48), colour).save(path, "JPEG")
    return path


def test_media_is_stored_once_by_content(store: Store, tmp_path: Path, masto: Account) -> None:
    a = _jpeg(tmp_path / "a.jpg", "red")
    copy = tmp_path / "copy.jpg"
    copy.write_bytes(a.read_bytes())
    first = store.media.add(a, width=64, height=48, mime="image/jpeg", alt_text="red square")
    second = store.media.add(copy, width=64, height=48, mime="image/jpeg", kind=MediaKind.CARTOON)
    assert first.id == second.id
    assert second.alt_text == "red square"
    assert first.sha256 == hashlib.sha256(a.read_bytes()).hexdigest()
    assert store.media.path(first).read_bytes() == a.read_bytes()
    assert store.media.path(first).parent.parent == store.workspace / "media"
    other = store.media.add(_jpeg(tmp_path / "b.jpg", "blue"), width=64, height=48, mime="image/jpeg")
    post = store.posts.create(
        NewPost("pics", account_ids=(masto.id,), media=((other.id, "t", "c"), (first.id, "", "")))
    )
    assert [m.media.id for m in post.media] == [other.id, first.id]
    assert post.media[0].template == "t"


def test_focus_point_and_alt_text_can_change(store: Store, tmp_path: Path) -> None:
    item = store.media.add(_jpeg(tmp_path / "a.jpg", "red"), width=64, height=48, mime="image/jpeg")
    changed = store.media.describe(item.id, alt_text="new", focus=(0.5, -0.25), kind=MediaKind.GRAPHIC)
    assert (changed.alt_text, changed.focus_x, changed.focus_y, changed.kind) == (
        "new",
        0.5,
        -0.25,
        MediaKind.GRAPHIC,
    )
    with pytest.raises(InputError, match=r"outside -1\.\.1"):
        store.media.describe(item.id, focus=(2.0, 0.0))
