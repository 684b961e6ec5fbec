"""Importing a picture: checked first, stored once, a first guess at its kind."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from studio.errors import InputError
from studio.store import MediaKind, open_store
from studio.workflows.pictures import import_picture, import_pictures


def test_a_jpeg_is_a_photo_a_png_a_cartoon_and_the_same_bytes_are_stored_once(tmp_path: Path) -> None:
    Image.new("RGB", (64, 48), "navy").save(tmp_path / "a.jpg")
    Image.new("RGB", (30, 40), "white").save(tmp_path / "b.png")
    with open_store(tmp_path / "ws") as store:
        photo = import_picture(store, tmp_path / "a.jpg", alt_text="A navy square")
        cartoon = import_picture(store, tmp_path / "b.png")
        again = import_picture(store, tmp_path / "a.jpg")
        assert (photo.kind, photo.width, photo.height, photo.mime) == (MediaKind.PHOTO, 64, 48, "image/jpeg")
        assert (cartoon.kind, cartoon.mime) == (MediaKind.CARTOON, "image/png")
        assert again.id == photo.id
        assert store.media.count() == 2


def test_a_file_that_is_not_an_image_is_refused_by_name(tmp_path: Path) -> None:
    bad = tmp_path / "notes.jpg"
    bad.write_text("not a picture")
    with open_store(tmp_path / "ws") as store:
        with pytest.raises(InputError, match=r"notes\.jpg"):
            import_picture(store, bad)
        assert store.media.count() == 0


def test_a_batch_reports_each_bad_file_and_keeps_the_good_ones(tmp_path: Path) -> None:
    Image.new("RGB", (20, 20), "red").save(tmp_path / "good.jpg")
    (tmp_path / "empty.png").write_bytes(b"")
    seen: list[tuple[int, int]] = []
    with open_store(tmp_path / "ws") as store:
        items, errors = import_pictures(
            store, [tmp_path / "empty.png", tmp_path / "good.jpg"], progress=lambda d, t: seen.append((d, t))
        )
    assert [i.width for i in items] == [20]
    assert len(errors) == 1
    assert "empty.png" in errors[0].what
    assert seen == [(1, 2), (2, 2)]
