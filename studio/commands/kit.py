"""`studio kit list|new|use|show`: the workspace's brand kit (Issue 14 item 1)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

ORDER = 12


def register(subparsers: Any) -> None:
    """Add `kit` and its subcommands."""
    parser = subparsers.add_parser(
        "kit",
        help="the workspace's brand kit: list, make, choose and show kits",
        description="Every picture the workspace draws (the app's previews, publish-due, status cards, "
        "review bundles) uses the kit chosen here. New kits are copies kept in the workspace's kits/ "
        "folder; edit their kit.toml, or the Brand view of the app.",
    )
    sub = parser.add_subparsers(dest="kit_command", required=True, metavar="COMMAND")
    listing = sub.add_parser("list", help="the bundled and the workspace's kits; * marks the one in use")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    listing.set_defaults(run=_list)
    new = sub.add_parser("new", help="copy a kit into the workspace's kits/NAME (it is not switched to)")
    new.add_argument("name", metavar="NAME", help="lower-case letters, digits and '-'")
    new.add_argument(
        "--from",
        dest="source",
        default="",
        metavar="KIT",
        help="a kit id or folder (default: the one in use)",
    )
    new.set_defaults(run=_new)
    use = sub.add_parser("use", help="switch the workspace to a kit, checked first")
    use.add_argument("kit", metavar="NAME|DIR", help="a kit id from `studio kit list`, or a folder in kits/")
    use.set_defaults(run=_use)
    show = sub.add_parser("show", help="the kit in use: name, colours, fonts, logo, templates, folder")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.set_defaults(run=_show)


def _list(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.kits import kit_entries

    with open_store() as store:
        entries = kit_entries(store)
    if args.json:
        rows = [
            {"id": e.id, "name": e.name, "folder": str(e.folder), "bundled": e.bundled, "in_use": e.in_use}
            | ({"problem": e.problem} if e.problem else {})
            for e in entries
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for entry in entries:
        mark = "*" if entry.in_use else " "
        where = "bundled" if entry.bundled else str(entry.folder)
        problem = f"\tBROKEN: {entry.problem}" if entry.problem else ""
        print(f"{mark} {entry.id}\t{entry.name}\t{where}{problem}")
    return 0


def _new(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.kits import new_kit

    with open_store() as store:
        entry = new_kit(store, args.name, args.source)
    print(
        f"made {entry.id} ({entry.name}) in {entry.folder}; use it with: studio kit use {args.name}",
        file=sys.stderr,
    )
    print(entry.id)
    return 0


def _use(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.kits import use_kit

    with open_store() as store:
        entry = use_kit(store, args.kit)
    print(f"the workspace now uses {entry.id} ({entry.name})", file=sys.stderr)
    return 0


def _show(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.kits import kit_in_use, workspace_kit

    with open_store() as store:
        kit_id = kit_in_use(store)
        kit = workspace_kit(store)
    data: dict[str, Any] = {
        "id": kit_id,
        "name": kit.name,
        "folder": str(kit.folder),
        "help_desk_url": kit.help_desk_url,
        "colours": {name: _hex(rgb) for name, rgb in kit.colours},
        "status": {name: _hex(rgb) for name, rgb in kit.status_colours},
        "fonts": {"heading": [p.name for p in kit.heading_fonts], "body": [p.name for p in kit.body_fonts]},
        "logo": kit.logo.name,
        "templates": [t.name for t in kit.templates],
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{data['name']} ({kit_id})\n  folder: {data['folder']}\n  help desk: {data['help_desk_url']}")
    print("  colours: " + ", ".join(f"{k} {v}" for k, v in data["colours"].items()))
    print("  status: " + ", ".join(f"{k} {v}" for k, v in data["status"].items()))
    print(f"  fonts: heading {', '.join(data['fonts']['heading'])}; body {', '.join(data['fonts']['body'])}")
    print(f"  logo: {data['logo']}\n  templates: {', '.join(data['templates'])}")
    return 0


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)
