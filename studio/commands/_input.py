"""Reading what a user hands a command (a file, or `-` for standard input): capped, UTF-8, without a BOM.

Every command that reads a text, a calendar or a CSV file reads it here, so each one refuses the same way:
a file larger than its cap (`/dev/zero`, a pipe that never ends) is refused after reading just past the cap,
never read whole; bytes that are not UTF-8 are named by their offset; a UTF-8 byte order mark at the start
(Windows Notepad writes one) is dropped, since no network wants it in a post.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from studio.errors import InputError

__all__ = ["CALENDAR_LIMIT", "CSV_LIMIT", "STDIN", "TEXT_LIMIT", "read_input"]

STDIN = "-"
# A post is at most 63,206 characters on any network (4 bytes each at worst): 1 MB leaves room for a
# long draft and its comments while a runaway input stops at once.
TEXT_LIMIT = 1_000_000
CALENDAR_LIMIT = 16_000_000  # years of a busy term calendar are a few MB
CSV_LIMIT = 64_000_000  # an export of a large archive (posts of up to 63,206 characters each)
_BOM = "\ufeff"


def read_input(source: Path | str, *, limit: int, field: str, fix: str, line_ends: bool = True) -> str:
    """The text of the file `source` (`-`: standard input), at most `limit` bytes, as UTF-8 without a BOM.

    Args:
        source: the path as given; `-` reads standard input.
        limit: the most bytes read; a larger input is an InputError naming the limit.
        field: how the error names the input, e.g. `--text-file notes.txt`.
        fix: what the user can do when it is not UTF-8 text.
        line_ends: turn CRLF and CR into LF (as reading a text file does); False keeps them (CSV).
    """
    where = "standard input" if str(source) == STDIN else field
    try:
        if str(source) == STDIN:
            data = _read_capped(sys.stdin.buffer, limit)
        else:
            with Path(source).open("rb") as handle:
                data = _read_capped(handle, limit)
    except OSError as error:
        raise InputError(
            where, f"cannot be read ({error.strerror or error})", "check the path and that you may read it"
        ) from None
    if len(data) > limit:
        raise InputError(
            where,
            f"is larger than {_size(limit)} (Studio reads at most {_size(limit)} from it)",
            "give a smaller file, or split it",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            where, f"is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})", fix
        ) from None
    text = text.removeprefix(_BOM)
    if not line_ends:
        return text
    from studio.text.intake import normalize_line_ends  # the text engine's one rule for line ends

    return normalize_line_ends(text)


def _read_capped(handle: BinaryIO, limit: int) -> bytes:
    """Up to `limit + 1` bytes: one more than allowed is enough to know the input is too large."""
    chunks: list[bytes] = []
    left = limit + 1
    while left > 0:
        chunk = handle.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _size(limit: int) -> str:
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit:,} bytes"
