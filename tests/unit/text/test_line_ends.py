"""Windows (CRLF) and old Mac (CR) line ends: the text engine sees LF only (issue 12 item 11)."""

from __future__ import annotations

import pytest

from studio.text import normalize_line_ends, parts_for, split


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_split_honours_a_marker_line_and_keeps_no_carriage_return(end: str) -> None:
    text = f"First part.{end}---{end}Second part,{end}on two lines."
    assert split(text, "x") == ["First part.", "Second part,\non two lines."]


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_parts_for_reads_crlf_as_queue_add_does(end: str) -> None:
    text = f"First part.{end}---{end}Second part."
    assert parts_for(text, "mastodon") == ("First part. 1/2", "Second part. 2/2")
    assert parts_for(text, "instagram") == ("First part.\n\nSecond part.",)


def test_paragraph_breaks_in_crlf_text_are_preferred_cuts() -> None:
    paragraph = "Eduroam is down in the library while we replace a switch."
    crlf = f"{paragraph}\r\n\r\n{paragraph} {paragraph}\r\n\r\n{paragraph}"
    assert split(crlf, "x", limit=130) == split(crlf.replace("\r\n", "\n"), "x", limit=130)
    assert all("\r" not in part for part in split(crlf, "x", limit=130))


def test_normalize_line_ends() -> None:
    assert normalize_line_ends("a\r\nb\rc\nd\r\n\r\n") == "a\nb\nc\nd\n\n"
    assert normalize_line_ends("no line ends") == "no line ends"
