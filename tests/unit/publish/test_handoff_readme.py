"""The ready folder's README.txt speaks to a person: the app's Mark as posted first, the command second."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from studio.publish import HandoffPublisher, PartInput, PostInput

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def test_the_readme_names_the_app_s_mark_as_posted_before_the_terminal_command(tmp_path: Path) -> None:
    confirm = "studio queue done 7 --account uni_it"
    post = PostInput((PartInput("Meet Sam from the help desk", "k-9"),), NOW, confirm_hint=confirm)
    [sent] = HandoffPublisher("linkedin", tmp_path).publish(post, [], lambda part: None)
    readme = (Path(sent.remote_id) / "README.txt").read_text(encoding="utf-8")
    lines = readme.splitlines()
    assert lines[0] == "Ready to post on LinkedIn"
    assert "Studio cannot post to LinkedIn for you" in lines[2]
    in_app = readme.index('press "Mark as posted" in the "Ready to post by hand" window')
    command = readme.index(f"{confirm} --url ADDRESS-OF-THE-POST")
    assert in_app < command
    assert "Without the app, in a terminal:" in readme[in_app:command]
    assert "handed_off" not in readme
    assert "POST-ID" not in readme  # the real post's command, not a placeholder
