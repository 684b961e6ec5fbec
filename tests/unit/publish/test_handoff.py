"""Handoff folders for networks without a usable API: complete, numbered, written once."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image

from studio.publish import HandoffPublisher, ImageInput, PartInput, PostInput, SentPart

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (108, 135), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_folder_has_numbered_images_caption_alt_text_and_readme(tmp_path: Path) -> None:
    red, blue = _jpeg((255, 0, 0)), _jpeg((0, 0, 255))
    images = (ImageInput(red, "Red LEGO figure at the help desk", 108, 135),
              ImageInput(blue, "Blue poster", 108, 135))  # fmt: skip
    post = PostInput((PartInput("Tech Tip Tuesday: lock your screen #TechTip", "k-1", images),), NOW)
    handoff = HandoffPublisher("instagram", tmp_path / "handoff")
    recorded: list[SentPart] = []

    [sent] = handoff.publish(post, [], recorded.append)

    folder = Path(sent.remote_id)
    assert folder.parent == tmp_path / "handoff"
    assert folder.name.startswith("instagram-20261120-0930-")
    assert sorted(p.name for p in folder.iterdir()) == [
        "01.jpg", "02.jpg", "README.txt", "alt-text.txt", "caption.txt",
    ]  # fmt: skip
    assert (folder / "01.jpg").read_bytes() == red
    with Image.open(folder / "02.jpg") as second:
        assert second.size == (108, 135)
    assert (folder / "caption.txt").read_text() == "Tech Tip Tuesday: lock your screen #TechTip\n"
    assert (folder / "alt-text.txt").read_text().splitlines() == [
        "01.jpg: Red LEGO figure at the help desk",
        "02.jpg: Blue poster",
    ]
    readme = (folder / "README.txt").read_text()
    assert "Instagram" in readme
    assert "Post it." in readme
    assert "not clickable" in readme
    assert recorded == [sent]
    assert handoff.needs_confirmation


def test_writing_again_leaves_the_folder_alone_and_leaves_no_temp_folders(tmp_path: Path) -> None:
    post = PostInput((PartInput("one", "k-2"), PartInput("two", "k-2b")), NOW, content_warning="outage")
    handoff = HandoffPublisher("threads", tmp_path)
    recorded: list[SentPart] = []
    first, second = handoff.publish(post, [], recorded.append)
    assert recorded == [first, second]  # every part of the thread is in the folder, so each is recorded
    assert (first.index, second.index, first.remote_id) == (0, 1, second.remote_id)
    caption = Path(first.remote_id) / "caption.txt"
    caption.write_text("edited by the user\n")

    again = handoff.publish(post, [first], recorded.append)  # killed after recording part 0 only

    assert again == [first, second]
    assert recorded == [first, second, second]
    # Sent again later (its time moved, so a new name would differ): the recorded folder is the one used.
    moved = PostInput(post.parts, NOW.replace(hour=11), content_warning="outage")
    assert handoff.publish(moved, [first, second], recorded.append) == [first, second]
    assert caption.read_text() == "edited by the user\n"
    assert [p.name for p in tmp_path.iterdir()] == [Path(first.remote_id).name]


def test_thread_captions_are_marked_per_part(tmp_path: Path) -> None:
    post = PostInput((PartInput("one", "k-3"), PartInput("two", "k-3b")), NOW, content_warning="outage")
    sent, _ = HandoffPublisher("threads", tmp_path).publish(post, [], lambda part: None)
    caption = (Path(sent.remote_id) / "caption.txt").read_text()
    assert caption.startswith("CW: outage\n\n--- post 1 of 2 (images: none) ---\none")
    assert "--- post 2 of 2 (images: none) ---\ntwo" in caption
    assert "reply to the one before" in (Path(sent.remote_id) / "README.txt").read_text()


def test_check_lists_what_instagram_would_refuse(tmp_path: Path) -> None:
    handoff = HandoffPublisher("instagram", tmp_path)
    no_image = PostInput((PartInput("#a " * 31, "k"),), NOW)
    found = handoff.check(no_image)
    assert {(p.field, p.blocking) for p in found} == {("images", True), ("caption", True)}
    # The text engine's counters and words, as Compose and `queue add` give them.
    assert [p.message for p in found if p.field == "caption"] == ["31 hashtags (at most 30)"]
    assert [p.message for p in found if p.field == "images"] == ["Instagram posts need at least one picture"]
    few_tags = PostInput((PartInput("#a #b #c #d #e #f", "k", (ImageInput(b"x", "", 1, 1),)),), NOW)
    problems = {(p.field, p.blocking) for p in handoff.check(few_tags)}
    assert problems == {("alt text of image 1", True), ("hashtags", False)}
    assert handoff.verify().ok


def test_a_partial_folder_left_by_a_killed_run_is_cleared_and_the_readme_says_how_to_confirm(
    tmp_path: Path,
) -> None:
    post = PostInput(
        (PartInput("Printers are back", "k-4"),), NOW, confirm_hint="studio queue done 7 --account it-threads"
    )
    handoff = HandoffPublisher("threads", tmp_path)
    folder = handoff.folder_for(post)
    partial = tmp_path / f".{folder.name}.partial"
    partial.mkdir()
    (partial / "01.jpg").write_bytes(b"half an image")  # the run was killed while writing

    [sent] = handoff.publish(post, [], lambda part: None)

    assert Path(sent.remote_id) == folder
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]
    assert sorted(p.name for p in folder.iterdir()) == ["README.txt", "alt-text.txt", "caption.txt"]
    readme = (folder / "README.txt").read_text()
    assert "studio queue done 7 --account it-threads --url ADDRESS-OF-THE-POST" in readme
