"""`studio text check` and `studio text thread`: the text engine on the command line.

`check` prints each network's count and the content findings; it exits 0 even when a post is over a limit
(it is a report). `thread` prints the parts of a thread, separated by `---` lines (the split marker, so the
output can be edited and fed back), or as JSON. Both read CRLF and CR line ends as LF and refuse a text
longer than any network's post (`check_size`). Bad usage exits 2. Neither imports Qt or Pillow.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from studio.platforms import NETWORKS

ORDER = 20

_IDS = [n.id for n in NETWORKS]


def register(subparsers: Any) -> None:
    """Add `studio text check|thread`."""
    text = subparsers.add_parser("text", help="count, check and split post text for each network")
    sub = text.add_subparsers(dest="text_command", metavar="ACTION", required=True)

    check = sub.add_parser("check", help="count the text for each network and check its content")
    check.add_argument(
        "--network", action="append", choices=_IDS, metavar="N", help=f"one of {', '.join(_IDS)}"
    )
    check.add_argument("--kit", type=Path, metavar="DIR", help="a brand-kit folder whose checks.toml to use")
    check.add_argument("--json", action="store_true", help="print one JSON document")
    check.add_argument("text", metavar="TEXT", help="the post, or - to read it from standard input")
    check.set_defaults(run=_run_check)

    thread = sub.add_parser("thread", help="split the text into a thread that fits one network")
    thread.add_argument(
        "--network", required=True, choices=_IDS, metavar="N", help=f"one of {', '.join(_IDS)}"
    )
    thread.add_argument("--numbering", action="store_true", help='end each part with "i/n"')
    thread.add_argument("--json", action="store_true", help="print one JSON document")
    thread.add_argument("text", metavar="TEXT", help="the text, or - to read it from standard input")
    thread.set_defaults(run=_run_thread)


def _read(value: str) -> str:
    """The text (from standard input for `-`), with LF line ends; longer than any post is an InputError."""
    from studio.text import check_size, normalize_line_ends

    if value != "-":
        check_size(value, field="TEXT")
        return normalize_line_ends(value)
    from studio.commands._input import STDIN, TEXT_LIMIT, read_input

    text = read_input(STDIN, limit=TEXT_LIMIT, field="standard input", fix="save the text as UTF-8")
    check_size(text, field="standard input")
    return text


def _run_check(args: argparse.Namespace) -> int:
    from studio.text import CheckConfig, check, count_all

    text = _read(args.text)
    networks = args.network or _IDS
    config = CheckConfig.load(args.kit)
    counts = count_all(text, networks)
    findings = check(text, network_ids=networks, config=config)
    if args.json:
        doc = {
            "networks": {
                nid: {
                    "length": c.length,
                    "limit": c.limit,
                    "remaining": c.remaining,
                    "ok": c.ok,
                    "overflow_start": c.overflow_start,
                    **({"byte_length": c.byte_length, "byte_limit": c.byte_limit} if c.byte_limit else {}),
                    "problems": list(c.problems),
                }
                for nid, c in counts.items()
            },
            "findings": [
                {
                    "rule": f.rule,
                    "severity": f.severity,
                    "start": f.start,
                    "end": f.end,
                    "text": text[f.start : f.end],
                    "message": f.message,
                    "suggestion": f.suggestion,
                }
                for f in findings
            ],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(f"{'network':<10} {'length':>6} {'limit':>6} {'left':>6}  status")
    for nid, c in counts.items():
        status = "ok" if c.ok else "OVER: " + "; ".join(c.problems)
        if c.overflow_start is not None:
            status += f" (from character {c.overflow_start})"
        extra = f"  [{c.byte_length}/{c.byte_limit} bytes]" if c.byte_limit else ""
        print(f"{nid:<10} {c.length:>6} {c.limit:>6} {c.remaining:>6}  {status}{extra}")
    print()
    if not findings:
        print("no findings")
    for f in findings:
        quoted = text[f.start : f.end].replace("\n", " ")
        if len(quoted) > 50:
            quoted = quoted[:47] + "..."
        print(f"{f.severity:<7} {f.rule:<17} {f.start}-{f.end} {quoted!r}: {f.message}")
        if f.suggestion:
            print(f"{'':<26}-> {f.suggestion}")
    return 0


def _run_thread(args: argparse.Namespace) -> int:
    from studio.text import count, split

    parts = split(_read(args.text), args.network, numbering=args.numbering)
    if args.json:
        lengths = [count(p, args.network).length for p in parts]
        print(
            json.dumps(
                {"network": args.network, "parts": parts, "lengths": lengths}, ensure_ascii=False, indent=2
            )
        )
        return 0
    print("\n---\n".join(parts))
    return 0
