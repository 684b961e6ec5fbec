"""What a text must be before the engine splits or queues it: LF line ends, and no longer than any post.

Every front end hands the engine what the user typed or saved: a Windows file ends its lines with CRLF, an
old Mac one with CR. The engine reads each as one line feed (as reading a text file does), so a `---`
marker line is found and no part carries a stray carriage return, whichever way the text came in.
"""

from __future__ import annotations

from studio.errors import InputError
from studio.platforms import LONGEST_POST

__all__ = ["LONGEST_POST", "check_size", "normalize_line_ends"]


def normalize_line_ends(text: str) -> str:
    """`text` with each CRLF and each lone CR turned into LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_size(text: str, *, field: str = "the post's text") -> None:
    """Refuse (InputError naming `field`) a text longer than any network takes, once its line ends are LF."""
    length = len(normalize_line_ends(text))
    if length > LONGEST_POST:
        raise InputError(
            field,
            f"is {length:,} characters long; no network takes more than {LONGEST_POST:,}",
            "shorten it, or make it several posts",
        )
