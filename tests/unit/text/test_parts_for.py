"""`parts_for`: what one post becomes on each network when it is queued."""

from __future__ import annotations

from studio.text import count, parts_for


def test_a_text_that_fits_stays_one_post() -> None:
    assert parts_for("Tech Tip Tuesday: lock your screen with Win+L.", "x") == (
        "Tech Tip Tuesday: lock your screen with Win+L.",
    )


def test_a_long_text_becomes_a_numbered_thread_that_fits() -> None:
    body = "Eduroam is down in the library while we replace a switch. " * 10
    parts = parts_for(body, "bluesky")
    assert len(parts) > 1
    assert all(count(p, "bluesky").ok for p in parts)
    assert parts[-1].endswith(f" {len(parts)}/{len(parts)}")


def test_the_instance_limit_is_honoured() -> None:
    body = "Planned maintenance of the mail servers tonight from 22:00. " * 3
    assert len(parts_for(body, "mastodon")) == 1
    assert len(parts_for(body, "mastodon", limit=100)) > 1


def test_networks_without_threads_get_one_post_with_markers_as_paragraphs() -> None:
    assert parts_for("First part.\n---\nSecond part.", "instagram") == ("First part.\n\nSecond part.",)
    assert parts_for("First part.\n---\nSecond part.", "mastodon") == ("First part. 1/2", "Second part. 2/2")
